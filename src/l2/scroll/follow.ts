/**
 * How a `scroll-v1` rollup is read from proven L1 storage alone (its adapter: ./adapter.ts;
 * docs/research/real-rollups.md §4; scroll-tech/scroll-contracts dfbd661).
 *
 * - The accepted root is `ScrollChain.finalizedStateRoots[lastFinalizedBatchIndex]`, the batch
 *   index and time from the packed `miscData` word. Since Darwin the mapping is sparse (only the
 *   last batch of each finalized bundle has a root), but `_afterFinalizeBatch` writes
 *   `miscData.lastFinalizedBatchIndex` and `finalizedStateRoots[batchIndex]` for that same last
 *   batch in one call (as `finalizeEuclidInitialBatch` and `importGenesisBatch` did), so the
 *   entry at `lastFinalizedBatchIndex` is always set: a zero there is refused, not looked around.
 * - Finalized is final: a bundle is finalized only with its validity proof (verified on L1 by the
 *   pinned ScrollChain's verifier; Vigil does not re-verify it, the proof system is not one it
 *   implements), and there is no challenge window. When the config pins the verifier
 *   (`verifier`: the router ScrollChain's code carries, its per-version verifiers, their code
 *   hashes), every accepted root is refused unless proven L1 still shows exactly that verifier
 *   (`scrollProvenance`, SCROLL_VERIFIER_CHANGED).
 * - Each proxy the adapter reads from must run an implementation the config pins (the slots come
 *   from that code's layout): otherwise L2_IMPLEMENTATION_UNKNOWN, naming both addresses.
 * - L2 accounts are Ethereum MPT accounts since Euclid, verified by `verifyEvmAccount`. A root of
 *   a batch before `initialEuclidBatchIndex` is a zkTrie (Poseidon) root: refused here
 *   (SCROLL_ZKTRIE_ROOT), and no MPT proof could hash to it anyway.
 *
 * Pure: storage arrives proven, time is the proven L1 head's.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import type { AcceptedState, L1AccountRequest, LivenessFacts, ProvenL1Storage, SlotRef } from '../adapter.ts';
import { packedField, provenSlot } from '../slots.ts';
import type { PackedField, ScrollConfig, ScrollProxy } from './config.ts';
import { codePushesAddress } from './bridge.ts';

type ProxyName = 'scrollChain' | 'messageQueue' | 'systemConfig';

const slotValue = (proven: ProvenL1Storage, contract: string, ref: SlotRef): bigint => provenSlot(proven, contract, ref);

const read = (word: bigint, f: PackedField): bigint => packedField(word, f.offset, f.bytes);
const addressHex = (word: bigint): string => bytesToHex(hexToBytes('0x' + word.toString(16).padStart(40, '0'), 20));

/**
 * The proxy's proven implementation, refused unless the config pins it.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN (expected: the pinned list; got: the proven address).
 */
function checkImplementation(config: ScrollConfig, proven: ProvenL1Storage, name: ProxyName): void {
  checkProxy(config, proven, name, config.contracts[name]);
}

/**
 * Any Scroll proxy's proven implementation (its EIP-1967 slot), refused unless `proxy` pins it;
 * returns it (lower-case 0x-hex).
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN, L2_STORAGE_NOT_PROVEN.
 */
export function checkProxy(config: ScrollConfig, proven: ProvenL1Storage, name: string, proxy: ScrollProxy): string {
  const word = slotValue(proven, proxy.address, { storageKey: config.slots.implementation });
  const got = word >> 160n === 0n ? addressHex(word) : '0x' + word.toString(16).padStart(64, '0');
  if (!proxy.implementations.includes(got)) {
    throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `${name} ${proxy.address} runs an implementation this config does not pin: an upgrade, whose storage layout Vigil does not know`, {
      expected: proxy.implementations.length > 0 ? proxy.implementations.join(' or ') : 'an implementation pinned in the config (it pins none)',
      got,
    });
  }
  return got;
}

/** The fields of ScrollChain's packed `miscData` word. */
export interface ScrollMiscData {
  lastCommittedBatchIndex: bigint;
  lastFinalizedBatchIndex: bigint;
  lastFinalizeTimestamp: bigint;
  enforcedMode: boolean;
}

/** Decodes `miscData` with the config's field offsets. */
export function decodeMiscData(config: ScrollConfig, word: bigint): ScrollMiscData {
  const m = config.slots.miscData;
  return {
    lastCommittedBatchIndex: read(word, m.lastCommittedBatchIndex),
    lastFinalizedBatchIndex: read(word, m.lastFinalizedBatchIndex),
    lastFinalizeTimestamp: read(word, m.lastFinalizeTimestamp),
    enforcedMode: ((read(word, m.flags) >> BigInt(m.enforcedModeBit)) & 1n) === 1n,
  };
}

const chainSlot = (config: ScrollConfig, proven: ProvenL1Storage, ref: SlotRef) => slotValue(proven, config.contracts.scrollChain.address, ref);
const queueSlot = (config: ScrollConfig, proven: ProvenL1Storage, ref: SlotRef) => slotValue(proven, config.contracts.messageQueue.address, ref);
const miscData = (config: ScrollConfig, proven: ProvenL1Storage) => decodeMiscData(config, chainSlot(config, proven, { slot: config.slots.scrollChain.miscData }));

/** The oldest L1 message not yet in a finalized batch: its queue index and enqueue time, or null when none waits. */
function oldestQueued(config: ScrollConfig, proven: ProvenL1Storage): { index: bigint; enqueuedAt: bigint } | null {
  const q = config.slots.messageQueue;
  const head = queueSlot(config, proven, { slot: q.nextUnfinalizedQueueIndex });
  const tail = queueSlot(config, proven, { slot: q.nextCrossDomainMessageIndex });
  if (head >= tail) return null;
  return { index: head, enqueuedAt: read(queueSlot(config, proven, { mapping: q.messageRollingHashes, key: head }), q.enqueueTime) };
}

/** What Scroll's L1 says beyond the generic liveness facts: for the popup and the exit guidance. */
export interface ScrollStatus extends ScrollMiscData {
  /** ScrollChain paused by its owner: the sequencer's batches are refused (commitAndFinalizeBatch is not). */
  paused: boolean;
  /** SystemConfig's delays (seconds) after which anyone may enter enforced batch mode. */
  maxDelayEnterEnforcedMode: bigint;
  maxDelayMessageQueue: bigint;
  /**
   * The first L1 time (seconds) at which anyone may call `commitAndFinalizeBatch` (enforced mode),
   * as the contract decides it: `lastFinalizeTimestamp + maxDelayEnterEnforcedMode < now` or
   * `firstUnfinalizedMessageTime + maxDelayMessageQueue < now`. Already open when `enforcedMode`.
   */
  enforcedModeOpensAt: bigint;
}

/**
 * Scroll's own state from proven storage (the three proxies' implementations checked).
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN, L2_STORAGE_NOT_PROVEN.
 */
export function scrollStatus(config: ScrollConfig, proven: ProvenL1Storage): ScrollStatus {
  for (const name of ['scrollChain', 'messageQueue', 'systemConfig'] as const) checkImplementation(config, proven, name);
  const misc = miscData(config, proven);
  const s = config.slots.systemConfig;
  const params = slotValue(proven, config.contracts.systemConfig.address, { slot: s.enforcedBatchParameters });
  const maxDelayEnterEnforcedMode = read(params, s.maxDelayEnterEnforcedMode);
  const maxDelayMessageQueue = read(params, s.maxDelayMessageQueue);
  const queued = oldestQueued(config, proven);
  // `x + delay < block.timestamp`: open from the second after. An empty queue counts as `now` (getFirstUnfinalizedMessageEnqueueTime), which never opens it.
  let opensAt = misc.lastFinalizeTimestamp + maxDelayEnterEnforcedMode + 1n;
  if (queued !== null && queued.enqueuedAt + maxDelayMessageQueue + 1n < opensAt) opensAt = queued.enqueuedAt + maxDelayMessageQueue + 1n;
  return {
    ...misc,
    paused: (chainSlot(config, proven, { slot: config.slots.scrollChain.paused }) & 0xffn) !== 0n,
    maxDelayEnterEnforcedMode,
    maxDelayMessageQueue,
    enforcedModeOpensAt: opensAt,
  };
}

/** How many proof versions above the highest pinned one are proven empty (a new version registered = a changed verifier). */
const VERSIONS_AHEAD = 2;

/**
 * The L1 accounts the verifier pin is checked from: the router's `latestVerifier` entries (the
 * pinned versions and the next ones), each pinned verifier's account (its code hash), and, once the
 * ScrollChain implementation is proven, that implementation's code (its immutable `verifier`).
 */
export function verifierRequests(config: ScrollConfig, proven?: ProvenL1Storage): L1AccountRequest[] {
  const pin = config.verifier;
  if (pin === undefined) return [];
  const top = pin.versions[pin.versions.length - 1]!.version;
  const keys = [...pin.versions.map((v) => BigInt(v.version)), ...Array.from({ length: VERSIONS_AHEAD }, (_, i) => BigInt(top + 1 + i))];
  const requests: L1AccountRequest[] = [
    { address: pin.router, slots: keys.map((key) => ({ mapping: pin.latestVerifierSlot, key })) },
    ...[...new Set(pin.versions.map((v) => v.address))].map((address) => ({ address, slots: [] })),
  ];
  if (proven !== undefined) {
    const impl = proven.accounts.get(config.contracts.scrollChain.address)?.storage.get(config.slots.implementation);
    if (impl !== undefined && impl >> 160n === 0n) requests.push({ address: addressHex(impl), slots: [], code: true });
  }
  return requests;
}

function codeHashOf(proven: ProvenL1Storage, address: string, label: string): string {
  const account = proven.accounts.get(address);
  if (account === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the account of ${label} ${address} was not proven`);
  return account.codeHash.toLowerCase();
}

/**
 * How Scroll's root is trusted, checked from proven L1: Vigil cannot re-verify Scroll's bundle
 * proofs (OpenVM STARKs wrapped in a halo2-KZG/PLONK verifier it does not implement), so it pins
 * what verifies them instead. ScrollChain's implementation must carry the pinned router
 * (MultipleVersionRollupVerifier) as its immutable `verifier` (PUSH32 in its proven code); the
 * router's code hash, and for each pinned proof version `latestVerifier[version]` and that
 * verifier's code hash, must be the pinned ones; and no newer version may be registered.
 * Returns the provenance line the follower shows.
 * @throws VerificationError SCROLL_VERIFIER_CHANGED (something differs from the pin), L2_STORAGE_NOT_PROVEN, L2_IMPLEMENTATION_UNKNOWN.
 */
export function scrollProvenance(config: ScrollConfig, proven: ProvenL1Storage): string {
  const pin = config.verifier;
  if (pin === undefined) {
    return config.proofs === undefined
      ? "root accepted by ScrollChain's L1 verifier (not pinned by this config; Scroll's proofs are not re-verified here)"
      : `root accepted by ScrollChain's L1 verifier (router ${config.proofs.router}); its bundle proof is re-verified here when the plonk verifier it routes to is one this config pins (the tier says whether it was)`;
  }
  const changed = (message: string, expected: string, got: string) => new VerificationError('SCROLL_VERIFIER_CHANGED', `Scroll's proof verifier changed: ${message}`, { expected, got });
  const impl = checkProxy(config, proven, 'scrollChain', config.contracts.scrollChain);
  const code = proven.accounts.get(impl)?.code;
  if (code === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the code of ScrollChain's implementation ${impl} was not proven`);
  if (!codePushesAddress(code, pin.router)) throw changed(`ScrollChain's implementation ${impl} does not carry the pinned router as its immutable verifier`, pin.router, 'another address');
  const routerHash = codeHashOf(proven, pin.router, 'the verifier router');
  if (routerHash !== pin.routerCodeHash) throw changed(`the router ${pin.router} runs other code`, pin.routerCodeHash, routerHash);
  const latest = (version: number) => slotValue(proven, pin.router, { mapping: pin.latestVerifierSlot, key: BigInt(version) });
  for (const v of pin.versions) {
    const got = addressHex((latest(v.version) >> 64n) & ((1n << 160n) - 1n));
    if (got !== v.address) throw changed(`the router's verifier for proof version ${v.version} is another contract`, v.address, got);
    const hash = codeHashOf(proven, v.address, `the version ${v.version} verifier`);
    if (hash !== v.codeHash) throw changed(`the version ${v.version} verifier ${v.address} runs other code`, v.codeHash, hash);
  }
  const top = pin.versions[pin.versions.length - 1]!;
  for (let version = top.version + 1; version <= top.version + VERSIONS_AHEAD; version++) {
    const word = latest(version);
    if (word !== 0n) throw changed(`a verifier for a newer proof version ${version} was registered`, 'none', addressHex((word >> 64n) & ((1n << 160n) - 1n)));
  }
  return `root accepted by the L1 verifier ${top.address} (code hash pinned)`;
}

/** The L1 accounts and slots to prove: ScrollChain, the message queue, SystemConfig and the pinned verifier; then the mapping entries their values name. */
export function scrollL1Slots(config: ScrollConfig, proven?: ProvenL1Storage): L1AccountRequest[] {
  const impl: SlotRef = { storageKey: config.slots.implementation };
  const c = config.slots.scrollChain;
  const q = config.slots.messageQueue;
  const chain: SlotRef[] = [{ slot: c.miscData }, impl, { slot: c.initialEuclidBatchIndex }, { slot: c.paused }];
  const queue: SlotRef[] = [impl, { slot: q.nextUnfinalizedQueueIndex }, { slot: q.nextCrossDomainMessageIndex }];
  const system: SlotRef[] = [impl, { slot: config.slots.systemConfig.enforcedBatchParameters }];
  if (proven !== undefined) {
    // Second round: the mapping entries the first round's values name.
    const last = miscData(config, proven).lastFinalizedBatchIndex;
    chain.push({ mapping: c.finalizedStateRoots, key: last });
    // The step whose proof is re-verified is named by its batch hash (./bundle-proof.ts).
    if (config.proofs !== undefined) chain.push({ mapping: config.proofs.committedBatchesSlot, key: last });
    const queued = queueSlot(config, proven, { slot: q.nextUnfinalizedQueueIndex });
    if (queued < queueSlot(config, proven, { slot: q.nextCrossDomainMessageIndex })) queue.push({ mapping: q.messageRollingHashes, key: queued });
  }
  return [
    { address: config.contracts.scrollChain.address, slots: chain },
    { address: config.contracts.messageQueue.address, slots: queue },
    { address: config.contracts.systemConfig.address, slots: system },
    ...verifierRequests(config, proven),
  ];
}

/**
 * `finalizedStateRoots[lastFinalizedBatchIndex]`, from an implementation the config pins.
 * @throws VerificationError SCROLL_ZKTRIE_ROOT, SCROLL_FINALIZED_ROOT_MISSING, L2_IMPLEMENTATION_UNKNOWN, SCROLL_VERIFIER_CHANGED.
 */
export function scrollAcceptedState(config: ScrollConfig, proven: ProvenL1Storage): AcceptedState {
  checkImplementation(config, proven, 'scrollChain');
  const misc = miscData(config, proven);
  const batch = misc.lastFinalizedBatchIndex;
  const initialEuclid = chainSlot(config, proven, { slot: config.slots.scrollChain.initialEuclidBatchIndex });
  if (batch < initialEuclid) {
    throw new VerificationError('SCROLL_ZKTRIE_ROOT', `the last finalized batch ${batch} precedes Euclid: its state root is a zkTrie root, not an MPT root`, {
      expected: `a batch ≥ ${initialEuclid}`,
      got: batch.toString(),
    });
  }
  const root = chainSlot(config, proven, { mapping: config.slots.scrollChain.finalizedStateRoots, key: batch });
  if (root === 0n) {
    throw new VerificationError('SCROLL_FINALIZED_ROOT_MISSING', `finalizedStateRoots[${batch}] is zero, yet ScrollChain writes it with lastFinalizedBatchIndex`, {
      expected: 'a non-zero state root',
      got: '0x' + '00'.repeat(32),
    });
  }
  // A pinned verifier is checked with every root: a root accepted by another verifier is refused.
  if (config.verifier !== undefined) scrollProvenance(config, proven);
  return { root, batch, acceptedAt: misc.lastFinalizeTimestamp, status: 'finalized' };
}

/** The last finalization's age and the oldest unfinalized L1 message's wait. */
export function scrollLiveness(config: ScrollConfig, proven: ProvenL1Storage): LivenessFacts {
  checkImplementation(config, proven, 'scrollChain');
  checkImplementation(config, proven, 'messageQueue');
  const age = (t: bigint) => Math.max(0, Number(proven.timestamp - t));
  const queued = oldestQueued(config, proven);
  return {
    lastBatchAgeSeconds: age(miscData(config, proven).lastFinalizeTimestamp),
    // A waiting message with no time (0) is read as `now`, as the contract's getFirstUnfinalizedMessageEnqueueTime does.
    oldestQueuedAgeSeconds: queued === null ? null : queued.enqueuedAt === 0n ? 0 : age(queued.enqueuedAt),
    // Enforced batch mode is not `frozen`: L1 still accepts batches, from anyone with a valid
    // proof, and the sequencer is bypassed rather than the rollup stopped. Its cause (no batch
    // or no queued message finalized within SystemConfig's delays) already shows in the two ages
    // above while it lasts; `scrollStatus` reports the flag itself. Scroll has no escape hatch a
    // wallet can use alone (a permissionless batch needs a validity proof), so frozen is never set.
    frozen: false,
  };
}
