/**
 * Scroll's last finalized bundle, its proof re-verified here by running the pinned plonk verifier
 * (halo2-KZG over BN254, OpenVM's aggregation) on the local EVM (src/execution/verifier-contract.ts)
 * with the call ScrollChain's verifier would make, rebuilt from verified L1 data alone
 * (scroll-tech/scroll-contracts dfbd6615):
 *
 * - the finalize transaction (`finalizeBundlePostEuclidV2`, or `commitAndFinalizeBatch` in
 *   enforced mode), found by its FinalizeBatch log at `lastFinalizeTimestamp`; its batch header
 *   (codec v7+, 73 bytes) must hash to `committedBatches[batchIndex]`, and its post-state root be
 *   `finalizedStateRoots[batchIndex]`;
 * - the bundle's start: the FinalizeBatch log before it (its batch index, hash and state root:
 *   what `finalizedStateRoots` and `committedBatches` hold for it);
 * - `ScrollChain._finalizeBundlePostEuclidV2`'s public input: chainId (u64) ‖ messageQueueHash
 *   (`messageRollingHashes[total − 1]` with its enqueue time cleared, or 0) ‖ numBatches (u32) ‖
 *   prevStateRoot ‖ prevBatchHash ‖ postStateRoot ‖ batchHash ‖ withdrawRoot: 204 bytes;
 * - the router ScrollChain's implementation carries (pinned) → `latestVerifier[version]` (the
 *   header's version byte; a bundle older than its start batch is not checked here) → that
 *   wrapper's immutables, read by running its proven code's getters: the plonk verifier, its two
 *   digests (which must name a bundle program the config pins: OpenVM's root verifier is generic)
 *   and, for ZkEvmVerifierPostFeynman, the protocol version;
 * - h = keccak(protocolVersion ‖ publicInput) (PostFeynman) or keccak(publicInput) (PostEuclid),
 *   and the plonk verifier's calldata as the wrappers assemble it: proof[0:0x180] ‖ digest1 ‖
 *   digest2 ‖ h one byte per word ‖ proof[0x180:]. Its code must hash to a pinned code hash.
 *
 * The route is read at the head: an UpdateVerifier of the router or an Upgraded of ScrollChain
 * since the finalization (verified logs up to the head) makes it L1's word.
 * A guess that is wrong (the bundle's start, a wrapper's layout) makes the proof fail, never pass.
 * Pure: values arrive verified; the getters run on proven code.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { type AbiValue, decodeAbi, eventTopic, functionSelector } from '../../execution/abi.ts';
import type { AcceptedState, CommitEvidence, L1AccountRequest, L1LogQuery, ProofStep, ProvenL1Storage, RunView, StepProof } from '../adapter.ts';
import { EIP1967_UPGRADED_TOPIC, provenSlot, storageKey } from '../slots.ts';
import { codePushesAddress } from './bridge.ts';
import type { ScrollConfig, ScrollProofPin } from './config.ts';

/** `FinalizeBatch(uint256 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot)` (IScrollChain.sol L32). */
export const FINALIZE_BATCH = eventTopic('FinalizeBatch(uint256,bytes32,bytes32,bytes32)');
const FINALIZE_BUNDLE = 'finalizeBundlePostEuclidV2(bytes,uint256,bytes32,bytes32,bytes)';
const COMMIT_AND_FINALIZE = 'commitAndFinalizeBatch(uint8,bytes32,(bytes,uint256,bytes32,bytes32,bytes))';
const SELECTORS = { bundle: functionSelector(FINALIZE_BUNDLE), enforced: functionSelector(COMMIT_AND_FINALIZE) };
/** The wrappers' getters (IZkEvmVerifierV2 implementations' public immutables). */
const GETTER = {
  plonkVerifier: hexToBytes(functionSelector('plonkVerifier()')),
  verifierDigest1: hexToBytes(functionSelector('verifierDigest1()')),
  verifierDigest2: hexToBytes(functionSelector('verifierDigest2()')),
  protocolVersion: hexToBytes(functionSelector('protocolVersion()')),
};
/** BatchHeaderV7Codec: version, batch index, blob versioned hash, parent batch hash. */
const HEADER_V7_LENGTH = 73;
/** The accumulator the wrappers copy before the digests: 12 words of the bundle proof. */
const ACCUMULATOR = 0x180;
const U64 = (1n << 64n) - 1n;
const U160 = (1n << 160n) - 1n;

const word = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));
const addressOf = (x: bigint) => '0x' + (x & U160).toString(16).padStart(40, '0');

/** The finalize call's arguments. */
export interface ScrollFinalizeCall {
  batchHeader: Uint8Array;
  totalL1MessagesPoppedOverall: bigint;
  postStateRoot: Uint8Array;
  withdrawRoot: Uint8Array;
  aggrProof: Uint8Array;
}

/**
 * Decodes `finalizeBundlePostEuclidV2` or `commitAndFinalizeBatch` calldata.
 * @throws InputError for another function; VerificationError ABI_MALFORMED for calldata that does not decode
 */
export function decodeScrollFinalize(calldata: Uint8Array): ScrollFinalizeCall {
  const selector = bytesToHex(calldata.subarray(0, 4));
  let args: readonly AbiValue[];
  if (selector === SELECTORS.bundle) args = decodeAbi(['bytes', 'uint256', 'bytes32', 'bytes32', 'bytes'], calldata.subarray(4));
  else if (selector === SELECTORS.enforced) args = decodeAbi(['uint8', 'bytes32', '(bytes,uint256,bytes32,bytes32,bytes)'], calldata.subarray(4))[2] as readonly AbiValue[];
  else throw new InputError(`"calldata" expected finalizeBundlePostEuclidV2 (${SELECTORS.bundle}) or commitAndFinalizeBatch (${SELECTORS.enforced}), got selector ${selector}`);
  const b = (v: AbiValue) => hexToBytes(v as string);
  return { batchHeader: b(args[0]!), totalL1MessagesPoppedOverall: args[1] as bigint, postStateRoot: b(args[2]!), withdrawRoot: b(args[3]!), aggrProof: b(args[4]!) };
}

/** What ScrollChain hands its verifier for a bundle: the fields of its 204-byte public input. */
export interface ScrollBundleInput {
  chainId: bigint;
  messageQueueHash: Uint8Array;
  numBatches: bigint;
  prevStateRoot: Uint8Array;
  prevBatchHash: Uint8Array;
  postStateRoot: Uint8Array;
  batchHash: Uint8Array;
  withdrawRoot: Uint8Array;
}

/**
 * `abi.encodePacked(uint64 chainId, messageQueueHash, uint32 numBatches, prevStateRoot, prevBatchHash, postStateRoot, batchHash, withdrawRoot)`.
 * @throws InputError for a field out of its type's range
 */
export function scrollBundlePublicInput(i: ScrollBundleInput): Uint8Array {
  if (i.chainId < 0n || i.chainId > U64) throw new InputError(`"chainId" expected a uint64, got ${i.chainId}`);
  if (i.numBatches < 1n || i.numBatches >= 1n << 32n) throw new InputError(`"numBatches" expected a uint32 ≥ 1, got ${i.numBatches}`);
  const b32 = (v: Uint8Array, name: string) => {
    if (v.length !== 32) throw new InputError(`"${name}" expected 32 bytes, got ${v.length}`);
    return v;
  };
  return concatBytes(
    bigIntToBytesPadded(i.chainId, 8),
    b32(i.messageQueueHash, 'messageQueueHash'),
    bigIntToBytesPadded(i.numBatches, 4),
    b32(i.prevStateRoot, 'prevStateRoot'),
    b32(i.prevBatchHash, 'prevBatchHash'),
    b32(i.postStateRoot, 'postStateRoot'),
    b32(i.batchHash, 'batchHash'),
    b32(i.withdrawRoot, 'withdrawRoot'),
  );
}

/**
 * The plonk verifier's calldata as ZkEvmVerifierPostEuclid / PostFeynman build it: the proof's
 * accumulator, the two digests, h one byte per word (h[0] first), the rest of the proof.
 * @throws InputError for a proof shorter than its accumulator
 */
export function scrollPlonkCalldata(aggrProof: Uint8Array, digest1: Uint8Array, digest2: Uint8Array, h: Uint8Array): Uint8Array {
  if (aggrProof.length < ACCUMULATOR) throw new InputError(`"aggrProof" expected at least ${ACCUMULATOR} bytes (its accumulator), got ${aggrProof.length}`);
  const hWords = new Uint8Array(32 * 32);
  for (let j = 0; j < 32; j++) hWords[32 * j + 31] = h[j]!;
  return concatBytes(aggrProof.subarray(0, ACCUMULATOR), digest1, digest2, hWords, aggrProof.subarray(ACCUMULATOR));
}

/** The proven slots and logs named `FinalizeBatch` fields. */
function finalizeLog(log: { address: string; topics: string[]; data: string }, scrollChain: string): { batchIndex: bigint; batchHash: bigint; stateRoot: bigint; withdrawRoot: bigint } {
  const data = log.data.toLowerCase();
  if (log.address.toLowerCase() !== scrollChain || log.topics.length !== 3 || log.topics[0]?.toLowerCase() !== FINALIZE_BATCH || !/^0x[0-9a-f]{128}$/.test(data)) {
    throw new VerificationError('L2_COMMIT_MISMATCH', `the log is not a FinalizeBatch of ScrollChain ${scrollChain}`, { expected: FINALIZE_BATCH, got: String(log.topics[0]) });
  }
  return { batchIndex: BigInt(log.topics[1]!), batchHash: BigInt(log.topics[2]!), stateRoot: BigInt('0x' + data.slice(2, 66)), withdrawRoot: BigInt('0x' + data.slice(66)) };
}

const chainAddress = (config: ScrollConfig) => config.contracts.scrollChain.address;
const committedBatch = (config: ScrollConfig, pin: ScrollProofPin, proven: ProvenL1Storage, batch: bigint) =>
  provenSlot(proven, chainAddress(config), { mapping: pin.committedBatchesSlot, key: batch }, 'ScrollChain');

/** The one step: the finalization of the last finalized bundle, by its FinalizeBatch log at `lastFinalizeTimestamp`. */
export function scrollProofSteps(config: ScrollConfig, proven: ProvenL1Storage, accepted: AcceptedState, finalizedAt: bigint): { steps: ProofStep[]; wanted: number; anchored: boolean; reason?: string } {
  const pin = config.proofs;
  if (pin === undefined) return { steps: [], wanted: 1, anchored: false, reason: "this config pins no verifier to re-verify Scroll's bundle proofs with" };
  const batchHash = committedBatch(config, pin, proven, accepted.batch);
  const log = { address: chainAddress(config), topics: [FINALIZE_BATCH, word(accepted.batch), word(batchHash)] };
  return { steps: [{ id: String(accepted.batch), root: accepted.root, log, l1Timestamp: finalizedAt }], wanted: 1, anchored: false };
}

/**
 * The finalize call and log of `step`, each checked against it and proven storage; `unchecked`
 * (with why) when its calldata is not a finalize call Vigil reads (a prover that is a contract:
 * L1's word).
 * @throws VerificationError L2_COMMIT_MISMATCH for a transaction that is not this finalization.
 */
function finalizationOf(config: ScrollConfig, step: ProofStep, evidence: CommitEvidence) {
  const chain = chainAddress(config);
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('L2_COMMIT_MISMATCH', `the finalization of batch ${step.id}: ${what}`, { expected, got });
  const { tx, receipt } = evidence;
  if (receipt.status !== '0x1') throw mismatch('the transaction failed on L1', '0x1', receipt.status);
  const own = receipt.logs.filter((l) => l.address.toLowerCase() === chain && l.topics[0]?.toLowerCase() === FINALIZE_BATCH);
  if (own.length === 0) throw mismatch('its receipt holds no FinalizeBatch log', '1', '0');
  if (own.length > 1) return { unchecked: `its transaction finalized ${own.length} bundles: not one finalize call Vigil reads` };
  const log = finalizeLog(own[0]!, chain);
  const batchHash = BigInt(step.log.topics[2]!);
  if (log.batchIndex !== BigInt(step.id) || log.batchHash !== batchHash || log.stateRoot !== step.root) {
    throw mismatch('its log is of another batch or state root', `${step.id} ${word(batchHash)} ${word(step.root)}`, `${log.batchIndex} ${word(log.batchHash)} ${word(log.stateRoot)}`);
  }
  if (tx.to?.toLowerCase() !== chain) return { unchecked: `it was sent through ${String(tx.to)}, not to ScrollChain: its calldata is not the finalize call` };
  let call: ScrollFinalizeCall;
  try {
    call = decodeScrollFinalize(hexToBytes(tx.input, undefined, 'calldata'));
  } catch (err) {
    if (err instanceof InputError || (err instanceof VerificationError && err.code === 'ABI_MALFORMED')) return { unchecked: `its calldata is not a finalize call Vigil reads (${err.message.slice(0, 80)})` };
    throw err;
  }
  const h = call.batchHeader;
  if (h.length !== HEADER_V7_LENGTH || h[0]! < 7) throw mismatch('its batch header is not of codec v7 or later', `${HEADER_V7_LENGTH} bytes, version ≥ 7`, `${h.length} bytes, version ${h[0]}`);
  const index = bytesToBigInt(h.subarray(1, 9));
  if (index !== log.batchIndex) throw mismatch('its batch header is of another batch', String(log.batchIndex), String(index));
  if (bytesToBigInt(keccak256(h)) !== batchHash) throw mismatch('its batch header does not hash to committedBatches', word(batchHash), bytesToHex(keccak256(h)));
  if (bytesToBigInt(call.postStateRoot) !== log.stateRoot || bytesToBigInt(call.withdrawRoot) !== log.withdrawRoot) {
    throw mismatch('its roots are not those it finalized', `${word(log.stateRoot)} ${word(log.withdrawRoot)}`, `${bytesToHex(call.postStateRoot)} ${bytesToHex(call.withdrawRoot)}`);
  }
  return { call, version: BigInt(h[0]!), batchIndex: log.batchIndex, batchHash };
}

/** The router's `UpdateVerifier(uint256 version, uint256 startBatchIndex, address verifier)` (MultipleVersionRollupVerifier.sol). */
export const UPDATE_VERIFIER = eventTopic('UpdateVerifier(uint256,uint256,address)');

/**
 * The finalization before (the newest FinalizeBatch of ScrollChain before this transaction), and
 * whether the router's verifiers or ScrollChain's implementation changed since it (their logs
 * from its block to the head: the route read at the head must be the one that verified it).
 */
export function scrollStepLogs(config: ScrollConfig, step: ProofStep, evidence: CommitEvidence, proven: ProvenL1Storage): L1LogQuery[] {
  if ('unchecked' in finalizationOf(config, step, evidence)) return [];
  const pin = config.proofs!;
  const txBlock = BigInt(evidence.tx.blockNumber);
  const since = Number(proven.blockNumber - txBlock + 1n);
  const previous: L1LogQuery = { address: chainAddress(config), topics: [FINALIZE_BATCH], withinBlocks: pin.finalizationSearchBlocks, toBlock: txBlock, beforeTransaction: evidence.tx.hash };
  if (since < 1 || since > pin.finalizationSearchBlocks) return [previous];
  return [previous, { address: pin.router, topics: [UPDATE_VERIFIER], withinBlocks: since, optional: true }, { address: chainAddress(config), topics: [EIP1967_UPGRADED_TOPIC], withinBlocks: since, optional: true }];
}

/** The verifier's route, in rounds: ScrollChain's implementation code, `latestVerifier[version]`, the wrapper's code, the plonk verifier's code; the queue's rolling hash. */
export async function scrollStepSlots(config: ScrollConfig, step: ProofStep, evidence: CommitEvidence, proven: ProvenL1Storage, runView?: RunView): Promise<L1AccountRequest[]> {
  const pin = config.proofs!;
  const found = finalizationOf(config, step, evidence);
  if ('unchecked' in found) return [];
  const { call, version } = found;
  const requests: L1AccountRequest[] = [{ address: pin.router, slots: [{ mapping: pin.latestVerifierSlot, key: version }] }];
  if (call.totalL1MessagesPoppedOverall > 0n) {
    requests.push({ address: config.contracts.messageQueue.address, slots: [{ mapping: config.slots.messageQueue.messageRollingHashes, key: call.totalL1MessagesPoppedOverall - 1n }] });
  }
  const impl = proven.accounts.get(chainAddress(config))?.storage.get(config.slots.implementation);
  if (impl !== undefined && impl >> 160n === 0n) requests.push({ address: addressOf(impl), slots: [], code: true });
  const latest = proven.accounts.get(pin.router)?.storage.get(storageKey({ mapping: pin.latestVerifierSlot, key: version }));
  const wrapper = latest === undefined ? 0n : (latest >> 64n) & U160;
  if (wrapper !== 0n) {
    requests.push({ address: addressOf(wrapper), slots: [], code: true });
    const code = proven.accounts.get(addressOf(wrapper))?.code;
    const plonk = code === undefined || runView === undefined ? null : await runView(code, GETTER.plonkVerifier);
    if (plonk !== null && plonk.length === 32 && bytesToBigInt(plonk) !== 0n) requests.push({ address: addressOf(bytesToBigInt(plonk)), slots: [], code: true });
  }
  return requests;
}

/**
 * The bundle's proof as the pinned plonk verifier's call, rebuilt from verified calldata, logs and
 * proven storage. A route Vigil cannot follow (another router, no verifier or a legacy one for the
 * version, a wrapper it cannot read, a plonk verifier it does not pin): L1's verdict only, said so.
 * @throws VerificationError L2_COMMIT_MISMATCH (not this finalization, or a start that does not precede it).
 */
export async function scrollStepProof(config: ScrollConfig, proven: ProvenL1Storage, step: ProofStep, evidence: CommitEvidence, runView?: RunView): Promise<StepProof> {
  const pin = config.proofs!;
  const found = finalizationOf(config, step, evidence);
  if ('unchecked' in found) return { kind: 'unchecked', why: `batch ${step.id}'s bundle proof: ${found.unchecked}` };
  const { call, version, batchIndex, batchHash } = found;
  const [previous, verifierUpdated, upgraded] = evidence.related ?? [];
  if (previous === undefined || previous === null) throw new InputError('"evidence.related" expected the FinalizeBatch log before this finalization');
  if (evidence.related!.length < 3) return { kind: 'unchecked', why: `batch ${batchIndex}'s bundle proof: its finalization is older than the blocks searched for a change of the verifier since` };
  if (verifierUpdated) return { kind: 'unchecked', why: `batch ${batchIndex}'s bundle proof: the router's verifiers were updated after its finalization (L1 block ${verifierUpdated.blockNumber}): the route at the head may not be the one that verified it` };
  if (upgraded) return { kind: 'unchecked', why: `batch ${batchIndex}'s bundle proof: ScrollChain was upgraded after its finalization (L1 block ${upgraded.blockNumber})` };
  const before = finalizeLog(previous, chainAddress(config));
  if (before.batchIndex >= batchIndex) {
    throw new VerificationError('L2_COMMIT_MISMATCH', `the finalization before batch ${batchIndex} ends at batch ${before.batchIndex}`, { expected: `< ${batchIndex}`, got: String(before.batchIndex) });
  }
  const unchecked = (why: string): StepProof => ({ kind: 'unchecked', why: `batch ${batchIndex}'s bundle proof: ${why}` });
  const impl = addressOf(provenSlot(proven, chainAddress(config), { storageKey: config.slots.implementation }, 'ScrollChain'));
  const implCode = proven.accounts.get(impl)?.code;
  if (implCode === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the code of ScrollChain's implementation ${impl} was not proven`);
  if (!codePushesAddress(implCode, pin.router)) return unchecked(`ScrollChain's implementation ${impl} does not carry the pinned router ${pin.router} as its verifier`);
  const latest = provenSlot(proven, pin.router, { mapping: pin.latestVerifierSlot, key: version }, 'the verifier router');
  const wrapper = addressOf(latest >> 64n);
  if ((latest >> 64n) & U160) {
    if ((latest & U64) > batchIndex) return unchecked(`it predates the start (batch ${latest & U64}) of version ${version}'s latest verifier: a legacy verifier, not read here`);
  } else {
    return unchecked(`the router has no verifier for version ${version}`);
  }
  const wrapperCode = proven.accounts.get(wrapper)?.code;
  if (wrapperCode === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the code of the version ${version} verifier ${wrapper} was not proven`);
  if (runView === undefined) return unchecked('its verifier\'s immutables are read by running its code, and nothing here runs it');
  const view = (getter: Uint8Array) => runView(wrapperCode, getter).then((w) => (w !== null && w.length === 32 ? w : null));
  const [plonkWord, digest1, digest2, protocolVersion] = [await view(GETTER.plonkVerifier), await view(GETTER.verifierDigest1), await view(GETTER.verifierDigest2), await view(GETTER.protocolVersion)];
  // PostEuclid has no protocolVersion(): its h is keccak(publicInput) alone.
  if (plonkWord === null || digest1 === null || digest2 === null) {
    return unchecked(`the version ${version} verifier ${wrapper} is not a ZkEvmVerifierPostEuclid or PostFeynman (its getters do not answer)`);
  }
  // The root verifier is generic: the digests name the program proven.
  const program = pin.programs.find((g) => g.digest1 === bytesToHex(digest1) && g.digest2 === bytesToHex(digest2));
  if (program === undefined) return unchecked(`the version ${version} verifier ${wrapper} checks a program this config does not pin (digests ${bytesToHex(digest1)}, ${bytesToHex(digest2)})`);
  const plonk = addressOf(bytesToBigInt(plonkWord));
  const plonkAccount = proven.accounts.get(plonk);
  if (plonkAccount?.code === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the code of the plonk verifier ${plonk} was not proven`);
  const pinned = pin.plonkVerifiers.find((v) => v.codeHash === plonkAccount.codeHash.toLowerCase());
  if (pinned === undefined) return unchecked(`its plonk verifier ${plonk} runs code of hash ${plonkAccount.codeHash.toLowerCase()}, which this config does not pin`);

  const total = call.totalL1MessagesPoppedOverall;
  const rolling = total === 0n ? 0n : provenSlot(proven, config.contracts.messageQueue.address, { mapping: config.slots.messageQueue.messageRollingHashes, key: total - 1n }, 'L1MessageQueueV2');
  // getMessageRollingHash clears the enqueue time kept in the low 32 bits.
  const messageQueueHash = bigIntToBytesPadded((rolling >> 32n) << 32n, 32);
  const publicInput = scrollBundlePublicInput({
    chainId: BigInt(config.chainId),
    messageQueueHash,
    numBatches: batchIndex - before.batchIndex,
    prevStateRoot: bigIntToBytesPadded(before.stateRoot, 32),
    prevBatchHash: bigIntToBytesPadded(before.batchHash, 32),
    postStateRoot: call.postStateRoot,
    batchHash: bigIntToBytesPadded(batchHash, 32),
    withdrawRoot: call.withdrawRoot,
  });
  const h = keccak256(protocolVersion === null ? publicInput : concatBytes(protocolVersion, publicInput));
  if (call.aggrProof.length < ACCUMULATOR) throw new VerificationError('L2_COMMIT_MISMATCH', `the finalization of batch ${batchIndex}: its proof is shorter than its accumulator`, { expected: `≥ ${ACCUMULATOR} bytes`, got: `${call.aggrProof.length} bytes` });
  const calldata = scrollPlonkCalldata(call.aggrProof, digest1, digest2, h);
  return {
    kind: 'proof',
    check: { system: 'evm-verifier', vkey: { codeHash: pinned.codeHash, accept: 'no-revert' }, proof: bytesToHex(plonkAccount.code), publicSignals: [bytesToHex(calldata)] },
    trusted: true,
    system: 'halo2-kzg (verifier bytecode run here)',
    release: `${pinned.name}, ${program.name}, version ${version}${protocolVersion === null ? '' : ` (protocol ${bytesToBigInt(protocolVersion)})`}`,
    keyId: pinned.codeHash,
  };
}
