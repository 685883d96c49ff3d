/**
 * validate_light_client_update: checks an update against the store and changes nothing.
 * consensus-specs v1.6 altair/light-client/sync-protocol.md, with Electra's normalized branches.
 * Each failed assert throws its own code.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { fastAggregateVerify } from '../../crypto/bls.ts';
import { computeEpochAtSlot, computeForkVersion } from '../config.ts';
import { type AnyLightClientHeader, BeaconBlockHeader, type LightClientUpdate } from '../containers.ts';
import type { LightClientStore } from '../store.ts';
import {
  committeeKeyId,
  computeDomain,
  computeSigningRoot,
  DOMAIN_SYNC_COMMITTEE,
  finalizedRootGindexAtSlot,
  GENESIS_SLOT,
  isDefaultHeader,
  isDefaultSyncCommittee,
  isFinalityUpdate,
  isNextSyncCommitteeKnown,
  isSyncCommitteeUpdate,
  isValidLightClientHeader,
  isValidNormalizedMerkleBranch,
  type LightClientContext,
  MIN_SYNC_COMMITTEE_PARTICIPANTS,
  nextSyncCommitteeGindexAtSlot,
  periodAt,
  sumBits,
  syncCommitteeId,
} from './helpers.ts';

/**
 * DIFF FROM SPEC: the genesis validators root comes from `ctx.config`, and committee keys from
 * `ctx.keys`, a cache that prepares each committee once with its `aggregate_pubkey`, so that
 * only the absent members' keys are ever decompressed (the argument is at
 * src/crypto/bls.ts aggregateParticipants).
 */
export function validateLightClientUpdate<H extends AnyLightClientHeader>(
  ctx: LightClientContext,
  store: LightClientStore<H>,
  update: LightClientUpdate<H>,
  currentSlot: bigint,
): void {
  const { config, types } = ctx;
  const bits = update.syncAggregate.syncCommitteeBits;
  const participants = sumBits(bits);
  if (participants < MIN_SYNC_COMMITTEE_PARTICIPANTS) {
    throw new VerificationError('LC_INSUFFICIENT_PARTICIPATION', 'too few sync committee participants', {
      expected: `>= ${MIN_SYNC_COMMITTEE_PARTICIPANTS}`,
      got: `${participants}`,
    });
  }

  if (!isValidLightClientHeader(config, update.attestedHeader)) {
    throw new VerificationError('LC_INVALID_HEADER', 'attested header has an invalid execution branch');
  }
  const attestedSlot = update.attestedHeader.beacon.slot;
  const finalizedSlot = update.finalizedHeader.beacon.slot;
  if (update.signatureSlot > currentSlot) {
    throw new VerificationError('LC_SIGNATURE_SLOT_IN_FUTURE', 'signature slot is in the future', {
      expected: `<= current slot ${currentSlot}`,
      got: `${update.signatureSlot}`,
    });
  }
  if (!(update.signatureSlot > attestedSlot && attestedSlot >= finalizedSlot)) {
    throw new VerificationError('LC_INVALID_SLOT_ORDER', 'slots are out of order', {
      expected: 'signature_slot > attested slot >= finalized slot',
      got: `${update.signatureSlot}, ${attestedSlot}, ${finalizedSlot}`,
    });
  }
  const storePeriod = periodAt(ctx, store.finalizedHeader.beacon.slot);
  const signaturePeriod = periodAt(ctx, update.signatureSlot);
  const nextKnown = isNextSyncCommitteeKnown(ctx, store);
  if (nextKnown ? signaturePeriod !== storePeriod && signaturePeriod !== storePeriod + 1n : signaturePeriod !== storePeriod) {
    throw new VerificationError('LC_UNVERIFIABLE_PERIOD', 'update is signed in a period the store cannot verify', {
      expected: nextKnown ? `period ${storePeriod} or ${storePeriod + 1n}` : `period ${storePeriod}`,
      got: `period ${signaturePeriod}`,
    });
  }

  const attestedPeriod = periodAt(ctx, attestedSlot);
  const hasNextSyncCommittee = !nextKnown && isSyncCommitteeUpdate(update) && attestedPeriod === storePeriod;
  if (!(attestedSlot > store.finalizedHeader.beacon.slot || hasNextSyncCommittee)) {
    throw new VerificationError('LC_IRRELEVANT_UPDATE', 'update is neither newer than the finalized header nor brings the next committee', {
      expected: `attested slot > ${store.finalizedHeader.beacon.slot}`,
      got: `${attestedSlot}`,
    });
  }

  if (!isFinalityUpdate(update)) {
    if (!isDefaultHeader(update.finalizedHeader)) {
      throw new VerificationError('LC_INVALID_FINALIZED_HEADER', 'update without finality branch carries a finalized header');
    }
  } else {
    let finalizedRoot: Uint8Array;
    if (finalizedSlot === GENESIS_SLOT) {
      if (!isDefaultHeader(update.finalizedHeader)) {
        throw new VerificationError('LC_INVALID_FINALIZED_HEADER', 'genesis finality must carry the empty header');
      }
      finalizedRoot = new Uint8Array(32);
    } else {
      if (!isValidLightClientHeader(config, update.finalizedHeader)) {
        throw new VerificationError('LC_INVALID_HEADER', 'finalized header has an invalid execution branch');
      }
      finalizedRoot = BeaconBlockHeader.hashTreeRoot(update.finalizedHeader.beacon);
    }
    const valid = isValidNormalizedMerkleBranch(
      finalizedRoot,
      update.finalityBranch,
      finalizedRootGindexAtSlot(config, attestedSlot),
      update.attestedHeader.beacon.stateRoot,
    );
    if (!valid) {
      throw new VerificationError('LC_INVALID_FINALITY_BRANCH', 'finalized header is not the finalized checkpoint of the attested state', {
        expected: `a branch to state root ${bytesToHex(update.attestedHeader.beacon.stateRoot)}`,
        got: 'a branch that does not verify',
      });
    }
  }

  if (!isSyncCommitteeUpdate(update)) {
    if (!isDefaultSyncCommittee(update.nextSyncCommittee)) {
      throw new VerificationError('LC_INVALID_NEXT_SYNC_COMMITTEE', 'update without committee branch carries a next sync committee');
    }
  } else {
    if (attestedPeriod === storePeriod && nextKnown && !types.SyncCommittee.equals(update.nextSyncCommittee, store.nextSyncCommittee)) {
      throw new VerificationError('LC_INVALID_NEXT_SYNC_COMMITTEE', 'next sync committee differs from the one the store knows', {
        expected: syncCommitteeId(ctx, store.nextSyncCommittee),
        got: bytesToHex(types.SyncCommittee.hashTreeRoot(update.nextSyncCommittee)),
      });
    }
    const valid = isValidNormalizedMerkleBranch(
      types.SyncCommittee.hashTreeRoot(update.nextSyncCommittee),
      update.nextSyncCommitteeBranch,
      nextSyncCommitteeGindexAtSlot(config, attestedSlot),
      update.attestedHeader.beacon.stateRoot,
    );
    if (!valid) {
      throw new VerificationError('LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH', 'next sync committee is not in the attested state', {
        expected: `a branch to state root ${bytesToHex(update.attestedHeader.beacon.stateRoot)}`,
        got: 'a branch that does not verify',
      });
    }
  }

  const committee = signaturePeriod === storePeriod ? store.currentSyncCommittee : store.nextSyncCommittee;
  const keys = ctx.keys.get(committeeKeyId(committee), committee.pubkeys, committee.aggregatePubkey);
  const forkVersionSlot = (update.signatureSlot > 1n ? update.signatureSlot : 1n) - 1n;
  const forkVersion = computeForkVersion(config, computeEpochAtSlot(config, forkVersionSlot));
  const domain = computeDomain(DOMAIN_SYNC_COMMITTEE, forkVersion, config.genesisValidatorsRoot);
  const signingRoot = computeSigningRoot(BeaconBlockHeader.hashTreeRoot(update.attestedHeader.beacon), domain);
  if (!fastAggregateVerify(keys, bits, signingRoot, update.syncAggregate.syncCommitteeSignature)) {
    throw new VerificationError(
      'SYNC_SIGNATURE_INVALID',
      'sync committee signature does not verify (wrong signature, participants, fork version or genesis validators root)',
      { expected: `a signature over ${bytesToHex(signingRoot)} by ${participants} participants`, got: bytesToHex(update.syncAggregate.syncCommitteeSignature) },
    );
  }
}
