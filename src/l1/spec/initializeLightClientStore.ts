/**
 * initialize_light_client_store: a store from a bootstrap whose header is the trusted checkpoint.
 * consensus-specs v1.6 altair/light-client/sync-protocol.md (Electra gindex changes).
 * @module
 */
import { bytesToHex, equalBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { abytes } from '../../core/bytes.ts';
import { type AnyLightClientHeader, BeaconBlockHeader, type LightClientBootstrap } from '../containers.ts';
import type { LightClientStore } from '../store.ts';
import {
  currentSyncCommitteeGindexAtSlot,
  isValidLightClientHeader,
  isValidNormalizedMerkleBranch,
  type LightClientContext,
} from './helpers.ts';

export function initializeLightClientStore<H extends AnyLightClientHeader>(
  ctx: LightClientContext,
  trustedBlockRoot: Uint8Array,
  bootstrap: LightClientBootstrap<H>,
): LightClientStore<H> {
  abytes(trustedBlockRoot, 32, 'trustedBlockRoot');
  if (!isValidLightClientHeader(ctx.config, bootstrap.header)) {
    throw new VerificationError('LC_INVALID_HEADER', 'bootstrap header has an invalid execution branch');
  }
  const root = BeaconBlockHeader.hashTreeRoot(bootstrap.header.beacon);
  if (!equalBytes(root, trustedBlockRoot)) {
    throw new VerificationError('LC_BOOTSTRAP_ROOT_MISMATCH', 'bootstrap header does not hash to the trusted checkpoint', {
      expected: bytesToHex(trustedBlockRoot),
      got: bytesToHex(root),
    });
  }
  const valid = isValidNormalizedMerkleBranch(
    ctx.types.SyncCommittee.hashTreeRoot(bootstrap.currentSyncCommittee),
    bootstrap.currentSyncCommitteeBranch,
    currentSyncCommitteeGindexAtSlot(ctx.config, bootstrap.header.beacon.slot),
    bootstrap.header.beacon.stateRoot,
  );
  if (!valid) {
    throw new VerificationError('LC_INVALID_SYNC_COMMITTEE_BRANCH', 'bootstrap current_sync_committee is not in the header state', {
      expected: `a branch to state root ${bytesToHex(bootstrap.header.beacon.stateRoot)}`,
      got: 'a branch that does not verify',
    });
  }
  return {
    finalizedHeader: bootstrap.header,
    currentSyncCommittee: bootstrap.currentSyncCommittee,
    nextSyncCommittee: ctx.types.SyncCommittee.defaultValue(),
    bestValidUpdate: null,
    optimisticHeader: bootstrap.header,
    previousMaxActiveParticipants: 0,
    currentMaxActiveParticipants: 0,
  };
}
