/**
 * How a `taiko-shasta-v1` rollup is read from proven L1 storage (taikoxyz/taiko-mono b9c5bb2a:
 * layer1/core/impl/Inbox.sol `prove`, shared/signal/SignalService.sol; the slots from their
 * generated `*_Layout.sol` files).
 *
 * Chain of trust: the Inbox's `_coreState` (two slots: five uint48 {nextProposalId,
 * lastProposalBlockId, lastFinalizedProposalId, lastFinalizedTimestamp, lastCheckpointTimestamp}
 * packed from the low bytes, then lastFinalizedBlockHash) → the L2 header of that hash (a hint,
 * matched by its hash) → its stateRoot, which the SignalService checkpoint `prove` saved for the
 * header's number ({blockHash, stateRoot}) must repeat. The Inbox must run the pinned
 * implementation, whose immutable verifier is Unzen's ZkRequiredVerifier.
 *
 * Finalized means proven: `prove` verifies the proof in the same transaction that moves the state,
 * and nothing undoes it later.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { decodeHeader, headerHash } from '../../execution/header.ts';
import type { AcceptedState, L1AccountRequest, L2HeaderQuery, L2Hints, LivenessFacts, ProvenL1Storage } from '../adapter.ts';
import { EIP1967_IMPLEMENTATION_SLOT, mappingKey, packedField, provenSlot } from '../slots.ts';
import type { TierVerdict } from '../tier.ts';
import type { TaikoConfig } from './config.ts';

/** Inbox.CoreState as its first slot packs it (byte offsets, 6 bytes each). */
const CORE = { lastFinalizedProposalId: 12, lastFinalizedTimestamp: 18 } as const;

const word = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));

/** The storage keys of `_checkpoints[version][blockNumber]`: blockHash, then stateRoot. */
export function checkpointKeys(config: TaikoConfig, blockNumber: bigint): [string, string] {
  const s = config.signalService;
  const base = BigInt(mappingKey(mappingKey(s.checkpointsSlot, s.checkpointVersion), blockNumber));
  return [word(base), word(base + 1n)];
}

/** The Inbox's slots; once the L2 header is in hand, the SignalService checkpoint of its number. */
export function taikoL1Slots(config: TaikoConfig, _proven?: ProvenL1Storage, hints?: L2Hints): L1AccountRequest[] {
  const core = config.inbox.coreStateSlot;
  const requests: L1AccountRequest[] = [{ address: config.inbox.address, slots: [{ slot: core }, { slot: core + 1n }, { storageKey: EIP1967_IMPLEMENTATION_SLOT }] }];
  if (hints?.header !== undefined) {
    const number = decodeHeader(hints.header).number;
    if (number < 1n << 48n) requests.push({ address: config.signalService.address, slots: checkpointKeys(config, number).map((k) => ({ storageKey: k })) });
  }
  return requests;
}

interface CoreState {
  lastFinalizedProposalId: bigint;
  lastFinalizedTimestamp: bigint;
  lastFinalizedBlockHash: bigint;
}

/**
 * The Inbox's core state, its implementation checked against the pin.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN (an upgrade), L2_BATCH_NOT_FOUND (nothing finalized yet).
 */
function coreState(config: TaikoConfig, proven: ProvenL1Storage): CoreState {
  const { address, implementation, coreStateSlot } = config.inbox;
  const impl = '0x' + (provenSlot(proven, address, { storageKey: EIP1967_IMPLEMENTATION_SLOT }, 'the Taiko Inbox') & ((1n << 160n) - 1n)).toString(16).padStart(40, '0');
  if (impl !== implementation) {
    throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `the Taiko Inbox ${address} runs an implementation this config does not pin: an upgrade (its proof verifier may have changed)`, { expected: implementation, got: impl });
  }
  const packed = provenSlot(proven, address, { slot: coreStateSlot }, 'the Taiko Inbox');
  const hash = provenSlot(proven, address, { slot: coreStateSlot + 1n }, 'the Taiko Inbox');
  if (hash === 0n) throw new VerificationError('L2_BATCH_NOT_FOUND', 'the Taiko Inbox has finalized no proposal yet');
  return {
    lastFinalizedProposalId: packedField(packed, CORE.lastFinalizedProposalId, 6),
    lastFinalizedTimestamp: packedField(packed, CORE.lastFinalizedTimestamp, 6),
    lastFinalizedBlockHash: hash,
  };
}

/** The L2 block of the last finalized proposal, by its hash. */
export function taikoL2Header(config: TaikoConfig, proven: ProvenL1Storage): L2HeaderQuery {
  return { blockHash: word(coreState(config, proven).lastFinalizedBlockHash) };
}

/**
 * The last finalized L2 block's state root: the header must have the finalized hash, and the
 * SignalService checkpoint of its number must name the same hash and state root.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN, L2_HEADER_MISMATCH, L2_COMMIT_MISMATCH; InputError without the header.
 */
export function taikoAcceptedState(config: TaikoConfig, proven: ProvenL1Storage, hints?: L2Hints): AcceptedState {
  const core = coreState(config, proven);
  if (hints?.header === undefined) throw new InputError(`"hints.header" expected the RLP of L2 block ${word(core.lastFinalizedBlockHash)}, got none`);
  const header = decodeHeader(hints.header);
  const hash = bytesToBigInt(headerHash(header));
  if (hash !== core.lastFinalizedBlockHash) {
    throw new VerificationError('L2_HEADER_MISMATCH', 'the L2 header does not hash to the block the Taiko Inbox finalized', { expected: word(core.lastFinalizedBlockHash), got: word(hash) });
  }
  const [hashKey, rootKey] = checkpointKeys(config, header.number);
  const label = 'the Taiko SignalService';
  const checkpointHash = provenSlot(proven, config.signalService.address, { storageKey: hashKey }, label);
  const checkpointRoot = provenSlot(proven, config.signalService.address, { storageKey: rootKey }, label);
  const stateRoot = bytesToBigInt(header.stateRoot);
  if (checkpointHash !== hash || checkpointRoot !== stateRoot) {
    throw new VerificationError('L2_COMMIT_MISMATCH', `the SignalService checkpoint of L2 block ${header.number} is not the finalized block and its state root`, {
      expected: `${word(hash)} ${word(stateRoot)}`,
      got: `${word(checkpointHash)} ${word(checkpointRoot)}`,
    });
  }
  return { root: stateRoot, batch: header.number, acceptedAt: core.lastFinalizedTimestamp, status: 'finalized' };
}

/** The last finalization's age; the Inbox's forced-inclusion queue is not read yet (no queue fact). */
export function taikoLiveness(config: TaikoConfig, proven: ProvenL1Storage): LivenessFacts {
  const core = coreState(config, proven);
  return { lastBatchAgeSeconds: Math.max(0, Number(proven.timestamp - core.lastFinalizedTimestamp)), oldestQueuedAgeSeconds: null, frozen: false };
}

/**
 * Accepted by L1's verifier: the pinned Inbox implementation's ZkRequiredVerifier takes an SGX
 * proof and an SP1 or RISC Zero one; neither leg is re-verified here yet.
 */
export function taikoTier(): TierVerdict {
  return {
    tier: 'l1-verifier',
    system: 'sp1-plonk | risc0-groth16 (with sgx)',
    reason: "accepted by Taiko's ZkRequiredVerifier on L1 (an SP1 or RISC Zero proof beside an SGX one); the ZK leg is not re-verified here yet",
  };
}

/** What made L1 accept the root, in words. */
export function taikoProvenance(config: TaikoConfig, accepted: AcceptedState): string {
  return `state root of L2 block ${accepted.batch}, finalized by ${config.name}'s Inbox (pinned implementation ${config.inbox.implementation}) and checkpointed in its SignalService, checked against the L2 header here (${bigIntToHex(accepted.root)})`;
}
