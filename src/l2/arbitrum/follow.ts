/**
 * How an `arbitrum-nitro-v1` rollup (Arbitrum Nitro, BoLD) is read from proven L1 storage (its
 * adapter: ./adapter.ts; docs/research/real-rollups.md §3).
 *
 * The chain of trust: the Outbox's `roots[sendRoot]` holds the hash of a confirmed L2 block (it is
 * written by `updateSendRoot`, which only the rollup calls, on assertion confirmation:
 * `RollupCore.confirmAssertionInternal`). The L2 header is a hint (the block hash of the newest
 * `AssertionConfirmed` log says which one to fetch): its extraData is its send root, so the
 * adapter asks for `roots[extraData]` to be proven, and accepts the header only when that proven
 * value is the header's own hash. The header's stateRoot is then the accepted L2 root, against
 * which L2 accounts are ordinary eth_getProof answers (verifyEvmAccount).
 *
 * Upgrades: the rollup's two logic contracts (EIP-1967 slot: admin logic; secondary slot: user
 * logic) and the Outbox's implementation must be ones the config pins, and the Outbox's `rollup`
 * must be the config's rollup; liveness reads the Bridge and SequencerInbox, whose implementations
 * are checked too.
 *
 * Freshness: the header must be the newest confirmed block, not merely a confirmed one (an RPC
 * could serve an older one). The query names the `AssertionConfirmed` log whose indexed assertion
 * hash is the proven `_latestConfirmed`; the caller finds it in verified receipts, and the log's
 * block hash and send root must be the header's.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, equalBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { type BlockHeader, decodeHeader, headerHash } from '../../execution/header.ts';
import type { AcceptedState, L1AccountRequest, L2HeaderQuery, L2Hints, LivenessFacts, ProvenL1Storage, SlotRef } from '../adapter.ts';
import { mappingKey, packedField, provenSlot, storageKey } from '../slots.ts';
import type { ArbitrumConfig, ContractName, ImplementationName } from './config.ts';

/** topic0 of `AssertionConfirmed(bytes32 indexed assertionHash, bytes32 blockHash, bytes32 sendRoot)` (nitro-contracts IRollupCore); data word 0 is the block hash. */
export const ASSERTION_CONFIRMED_TOPIC = '0xfc42829b29c259a7370ab56c8f69fce23b5f351a9ce151da453281993ec0090c';

/** AssertionStatus.Confirmed (nitro-contracts src/rollup/Assertion.sol: NoAssertion, Pending, Confirmed). */
const ASSERTION_CONFIRMED = 2n;

/** What a Nitro L2 header carries besides Ethereum's fields (go-ethereum arb_types.go, HeaderInfo). */
export interface NitroHeaderInfo {
  /** extraData: the root of the L2→L1 send Merkle tree after this block. */
  sendRoot: string;
  /** mixHash bytes 0–7. */
  sendCount: bigint;
  /** mixHash bytes 8–15: the L1 block number the L2 block was built at. */
  l1BlockNumber: bigint;
  /** mixHash bytes 16–23. */
  arbosVersion: bigint;
}

/**
 * A Nitro header's own fields, after the checks Nitro's `DeserializeHeaderExtraInformation` makes:
 * a base fee, difficulty 1, a 32-byte extraData.
 * @throws VerificationError L2_HEADER_INVALID for a header not of that form.
 * @example nitroHeaderInfo(decodeHeader(rlp)).sendRoot
 */
export function nitroHeaderInfo(header: BlockHeader): NitroHeaderInfo {
  const invalid = (what: string, expected: string, got: string) => new VerificationError('L2_HEADER_INVALID', `L2 header ${header.number} is not a Nitro header: ${what}`, { expected, got });
  if (header.baseFeePerGas === undefined) throw invalid('no base fee', 'baseFeePerGas', 'none');
  if (header.difficulty !== 1n) throw invalid('difficulty', '1', header.difficulty.toString());
  if (header.extraData.length !== 32) throw invalid('extraData is not a 32-byte send root', '32 bytes', `${header.extraData.length} bytes`);
  const word = (i: number) => bytesToBigInt(header.mixHash.subarray(8 * i, 8 * i + 8));
  return { sendRoot: bytesToHex(header.extraData), sendCount: word(0), l1BlockNumber: word(1), arbosVersion: word(2) };
}

/** The header hint, decoded and of Nitro's form (RLP_* or L2_HEADER_INVALID otherwise). */
function l2HeaderOf(hints: L2Hints | undefined): { header: BlockHeader; info: NitroHeaderInfo } | undefined {
  if (hints?.header === undefined) return undefined;
  const header = decodeHeader(hints.header);
  return { header, info: nitroHeaderInfo(header) };
}

const slotValue = (config: ArbitrumConfig, proven: ProvenL1Storage, contract: ContractName, ref: SlotRef): bigint =>
  provenSlot(proven, config.contracts[contract], ref, `the ${contract} ${config.contracts[contract]}`);

/** A storage word as an address when its upper 12 bytes are zero, else as the whole word (lower-case 0x-hex). */
const asWord = (word: bigint) => '0x' + word.toString(16).padStart(word >> 160n === 0n ? 40 : 64, '0');

/** The proxies behind which the adapter reads, with the slot naming each one's implementation. */
const PROXIES: readonly { contract: ContractName; slot: 'implementationSlot' | 'secondaryImplementationSlot'; pin: ImplementationName }[] = [
  { contract: 'rollup', slot: 'implementationSlot', pin: 'rollupAdmin' },
  { contract: 'rollup', slot: 'secondaryImplementationSlot', pin: 'rollupUser' },
  { contract: 'outbox', slot: 'implementationSlot', pin: 'outbox' },
  { contract: 'bridge', slot: 'implementationSlot', pin: 'bridge' },
  { contract: 'sequencerInbox', slot: 'implementationSlot', pin: 'sequencerInbox' },
];

/**
 * Refuses unless each of `contracts`' proven implementations is one the config pins.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN (an upgrade), L2_STORAGE_NOT_PROVEN.
 */
export function checkImplementations(config: ArbitrumConfig, proven: ProvenL1Storage, contracts: readonly ContractName[]): void {
  for (const { contract, slot, pin } of PROXIES) {
    if (!contracts.includes(contract)) continue;
    const word = slotValue(config, proven, contract, { storageKey: config[slot] });
    const pinned = config.implementations[pin];
    if (!pinned.includes(asWord(word))) {
      throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `the ${contract} ${config.contracts[contract]} runs an implementation (${pin}) this config does not pin: an upgrade`, {
        expected: pinned.join(' or '),
        got: asWord(word),
      });
    }
  }
}

/** Refuses unless `contract`'s address slot `slot` holds the config's `other` contract. */
function expectAddress(config: ArbitrumConfig, proven: ProvenL1Storage, contract: ContractName, slot: bigint, other: ContractName): void {
  const got = asWord(slotValue(config, proven, contract, { slot }));
  if (got !== config.contracts[other]) {
    throw new VerificationError('L2_CONTRACT_MISMATCH', `the ${contract} ${config.contracts[contract]} names another ${other} than the config`, { expected: config.contracts[other], got });
  }
}

/** The latest confirmed assertion's hash and the word of its AssertionNode (createdAtBlock, status), when proven. */
function latestConfirmed(config: ArbitrumConfig, proven: ProvenL1Storage): { hash: bigint; nodeKey: string } {
  const hash = slotValue(config, proven, 'rollup', { slot: config.slots.rollupLatestConfirmed });
  return { hash, nodeKey: mappingKey(config.slots.rollupAssertions, hash) };
}

/** Liveness facts with what Arbitrum's storage says besides them. */
export interface ArbitrumLivenessFacts extends LivenessFacts {
  /** Delayed messages sent to the Bridge that the SequencerInbox has not read yet (proven). */
  unreadDelayedMessages: bigint;
  /** `_latestConfirmed`: the assertion hash of the newest confirmed assertion (0x-hex). */
  latestConfirmed: string;
  /** The L1 block at which that assertion was created (its AssertionNode, proven). */
  latestConfirmedCreatedAtBlock: bigint;
}

/**
 * The liveness facts, each from proven storage:
 * - `lastBatchAgeSeconds`: the time since the latest confirmed assertion was *created* (its
 *   AssertionNode's `createdAtBlock`), a proven lower bound: (head − createdAtBlock) × the least
 *   time between L1 blocks. When it was *confirmed* is not in storage (AssertionNode has no
 *   confirmation time), nor when the sequencer last posted a batch (the Bridge's
 *   sequencerInboxAccs carry no time), so these are left out.
 * - `oldestQueuedAgeSeconds`: null when the SequencerInbox has read every delayed message the
 *   Bridge holds; 0 (a proven lower bound, not the age) when some wait: how long the oldest has
 *   waited is in its MessageDelivered log, not in storage.
 * - `frozen`: the rollup is paused (`_paused`): no assertion is created or confirmed, so neither
 *   this state nor any withdrawal moves on L1. Arbitrum has no escape hatch.
 * @throws VerificationError L2_STORAGE_NOT_PROVEN, L2_IMPLEMENTATION_UNKNOWN, L2_CONTRACT_MISMATCH.
 */
export function arbitrumLiveness(config: ArbitrumConfig, proven: ProvenL1Storage): ArbitrumLivenessFacts {
  checkImplementations(config, proven, ['rollup', 'bridge', 'sequencerInbox']);
  expectAddress(config, proven, 'sequencerInbox', config.slots.sequencerInboxBridge, 'bridge');
  const sent = slotValue(config, proven, 'bridge', { slot: config.slots.bridgeDelayedInboxAccs });
  const read = slotValue(config, proven, 'sequencerInbox', { slot: config.slots.sequencerInboxTotalDelayedMessagesRead });
  if (read > sent) {
    throw new VerificationError('L2_CONTRACT_MISMATCH', 'the SequencerInbox has read more delayed messages than the Bridge holds', { expected: `≤ ${sent}`, got: read.toString() });
  }
  const { hash, nodeKey } = latestConfirmed(config, proven);
  const node = slotValue(config, proven, 'rollup', { storageKey: nodeKey });
  const status = packedField(node, 25, 1);
  if (status !== ASSERTION_CONFIRMED) {
    throw new VerificationError('L2_CONTRACT_MISMATCH', "the rollup's latest confirmed assertion is not confirmed in its own AssertionNode", { expected: `status ${ASSERTION_CONFIRMED}`, got: `status ${status}` });
  }
  const createdAtBlock = packedField(node, 16, 8);
  const blocks = proven.blockNumber > createdAtBlock ? proven.blockNumber - createdAtBlock : 0n;
  const paused = packedField(slotValue(config, proven, 'rollup', { slot: config.slots.rollupPaused }), 0, 1);
  return {
    lastBatchAgeSeconds: Number(blocks) * config.liveness.l1SecondsPerBlock,
    oldestQueuedAgeSeconds: sent > read ? 0 : null,
    frozen: paused !== 0n,
    unreadDelayedMessages: sent - read,
    latestConfirmed: '0x' + hash.toString(16).padStart(64, '0'),
    latestConfirmedCreatedAtBlock: createdAtBlock,
  };
}

/**
 * The accepted state: the L2 header hint checked against the Outbox's `roots[sendRoot]`.
 * - `root`: the header's stateRoot; `batch`: its L2 block number.
 * - `acceptedAt`: the L2 block's own timestamp, proven through its hash. When L1 confirmed it is
 *   not in storage (the Outbox and the AssertionNode keep no time); the block's time is a proven
 *   lower bound of it and says how old the state shown is.
 * - `status`: 'finalized': Outbox roots are written only on assertion confirmation.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN, L2_CONTRACT_MISMATCH, L2_HEADER_INVALID,
 *   L2_SEND_ROOT_UNCONFIRMED, L2_HEADER_MISMATCH, L2_STORAGE_NOT_PROVEN, RLP_*; InputError when no
 *   header is given.
 */
export function arbitrumAcceptedState(config: ArbitrumConfig, proven: ProvenL1Storage, hints?: L2Hints): AcceptedState {
  checkImplementations(config, proven, ['rollup', 'outbox']);
  expectAddress(config, proven, 'outbox', config.slots.outboxRollup, 'rollup');
  const l2 = l2HeaderOf(hints);
  if (l2 === undefined) throw new InputError('"hints.header" expected the L2 header l2Header() asked for, got none');
  const { header, info } = l2;
  const committed = slotValue(config, proven, 'outbox', { mapping: config.slots.outboxRoots, key: BigInt(info.sendRoot) });
  if (committed === 0n) {
    throw new VerificationError('L2_SEND_ROOT_UNCONFIRMED', `the Outbox holds no confirmed block for the send root of L2 block ${header.number}`, { expected: 'a block hash', got: info.sendRoot });
  }
  const hash = headerHash(header);
  const expected = bigIntToBytesPadded(committed, 32);
  if (!equalBytes(hash, expected)) {
    throw new VerificationError('L2_HEADER_MISMATCH', `L2 header ${header.number} does not hash to the block the Outbox confirmed for its send root`, { expected: bytesToHex(expected), got: bytesToHex(hash) });
  }
  expectLatest(config, proven, hints?.l1Log, bytesToHex(hash), info.sendRoot);
  return { root: bytesToBigInt(header.stateRoot), batch: header.number, acceptedAt: header.timestamp, status: 'finalized' };
}

const word32 = (x: bigint) => '0x' + x.toString(16).padStart(64, '0');

/**
 * The header must be the newest confirmed block: the proven AssertionConfirmed log of the proven
 * `_latestConfirmed` names its hash and send root.
 * @throws VerificationError L2_HEADER_NOT_LATEST.
 */
function expectLatest(config: ArbitrumConfig, proven: ProvenL1Storage, log: L2Hints['l1Log'], blockHash: string, sendRoot: string): void {
  const latest = word32(latestConfirmed(config, proven).hash);
  const notLatest = (why: string, got: string) =>
    new VerificationError('L2_HEADER_NOT_LATEST', `the L2 header is not the newest confirmed block: ${why}`, { expected: `AssertionConfirmed(${latest}, ${blockHash}, ${sendRoot})`, got });
  if (log === undefined) throw notLatest('no verified AssertionConfirmed log of the latest confirmed assertion names it', 'no log');
  const [topic0, topic1] = log.topics.map((t) => t.toLowerCase());
  if (log.address.toLowerCase() !== config.contracts.rollup || topic0 !== ASSERTION_CONFIRMED_TOPIC || topic1 !== latest) {
    throw notLatest('the log is not the AssertionConfirmed of the latest confirmed assertion', `${log.address} ${log.topics.join(' ')}`);
  }
  const data = log.data.toLowerCase();
  if (data.slice(0, 130) !== '0x' + blockHash.slice(2) + sendRoot.slice(2)) throw notLatest('the log names another block or send root', data.slice(0, 130));
}

/**
 * The L1 accounts and slots to prove: the rollup's pins, pause flag and latest confirmed
 * assertion, the Outbox, Bridge and SequencerInbox; then the assertion's node; with the header,
 * the Outbox root its send root names.
 */
export function arbitrumL1Slots(config: ArbitrumConfig, proven?: ProvenL1Storage, hints?: L2Hints): L1AccountRequest[] {
  const impl = { storageKey: config.implementationSlot };
  const rollup: SlotRef[] = [impl, { storageKey: config.secondaryImplementationSlot }, { slot: config.slots.rollupPaused }, { slot: config.slots.rollupLatestConfirmed }];
  const outbox: SlotRef[] = [impl, { slot: config.slots.outboxRollup }];
  const latest = proven?.accounts.get(config.contracts.rollup)?.storage.get(storageKey({ slot: config.slots.rollupLatestConfirmed }));
  // Second round: the latest confirmed assertion's node (createdAtBlock, status).
  if (proven !== undefined && latest !== undefined) rollup.push({ storageKey: latestConfirmed(config, proven).nodeKey });
  // With the header: the Outbox root its send root names.
  const l2 = l2HeaderOf(hints);
  if (l2 !== undefined) outbox.push({ mapping: config.slots.outboxRoots, key: BigInt(l2.info.sendRoot) });
  return [
    { address: config.contracts.rollup, slots: rollup },
    { address: config.contracts.outbox, slots: outbox },
    { address: config.contracts.bridge, slots: [impl, { slot: config.slots.bridgeDelayedInboxAccs }] },
    { address: config.contracts.sequencerInbox, slots: [impl, { slot: config.slots.sequencerInboxTotalDelayedMessagesRead }, { slot: config.slots.sequencerInboxBridge }] },
  ];
}

/**
 * The AssertionConfirmed log of the proven latest confirmed assertion names the newest confirmed
 * L2 block; the header is then checked against it and the Outbox in arbitrumAcceptedState.
 */
export function arbitrumL2Header(config: ArbitrumConfig, proven: ProvenL1Storage): L2HeaderQuery {
  return { l1Event: { address: config.contracts.rollup, topic0: ASSERTION_CONFIRMED_TOPIC, topic1: word32(latestConfirmed(config, proven).hash), word: 0 } };
}
