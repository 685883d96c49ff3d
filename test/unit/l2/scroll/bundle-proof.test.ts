/**
 * Scroll's bundle proofs re-verified by running the pinned plonk verifier (src/l2/scroll/bundle-proof.ts):
 * - against Scroll's own artifacts (test/fixtures/verifier-contracts/NOTICE.md): the public input
 *   rebuilt from a real bundle's fields hashes to its prover's pi hash; the call assembled as the
 *   wrappers assemble it is byte for byte the proof's instances and proof, and the published
 *   verifiers (0.2.0, Feynman) accept it here, as ScrollChain's own wrapper contract does on a
 *   full EVM; the wrappers' immutables read by running their deployed code alone;
 * - the adapter's step on a world laid out as the shipped config expects L1 to hold Scroll: the
 *   route from proven storage to the pinned plonk verifier, the public input word by word against
 *   viem, every refusal, and a proof L1 accepted that fails here stopping the rollup.
 */
import { createEVM } from '@ethereumjs/evm';
import { Address } from '@ethereumjs/util';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { encodeAbiParameters, encodeFunctionData, encodePacked, keccak256 as viemKeccak, parseAbi, toEventSelector } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyProofCheck } from '../../../../src/client/verified/proof-checks.ts';
import { type L1HeadRef, RollupFollower } from '../../../../src/client/rollups/follower.ts';
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { bn254Ready } from '../../../../src/crypto/bn254.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { functionSelector } from '../../../../src/execution/abi.ts';
import { readPinnedView, runPinnedVerifier } from '../../../../src/execution/verifier-contract.ts';
import type { CommitEvidence, FoundL1Log, L1AccountRequest, ProofCheck, ProofStep, ProvenL1Storage, StepProof } from '../../../../src/l2/adapter.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { scrollAdapter } from '../../../../src/l2/scroll/adapter.ts';
import { decodeScrollFinalize, FINALIZE_BATCH, scrollBundlePublicInput, scrollPlonkCalldata, scrollStepSlots } from '../../../../src/l2/scroll/bundle-proof.ts';
import { parseScrollConfig, type ScrollConfig } from '../../../../src/l2/scroll/config.ts';
import { storageKey } from '../../../../src/l2/slots.ts';
import { creationCode, deployedCode } from '../../zk/solidity-evm.ts';

const FIX = new URL('../../../fixtures/verifier-contracts/scroll-openvm/', import.meta.url);
const text = (f: string) => readFileSync(new URL(f, FIX), 'utf8');
const WRAPPERS = { 'ZkEvmVerifierPostEuclid.sol': text('ZkEvmVerifierPostEuclid.sol'), 'ZkEvmVerifierPostFeynman.sol': text('ZkEvmVerifierPostFeynman.sol'), 'IZkEvmVerifier.sol': text('IZkEvmVerifier.sol') };
const CREATION_020 = hexToBytes('0x' + /PLONK_VERIFIER_CREATION_CODE = hex"([0-9a-f]+)"/.exec(text('Constants.sol'))![1]);
const CREATION_FEYNMAN = new Uint8Array(readFileSync(new URL('verifier-feynman.bin', FIX)));

/** The prover's bundle proof: with its metadata (phase2), or the proof alone at the top (Feynman's file). */
interface BundleProof {
  metadata?: { bundle_info: Record<string, string | number>; bundle_pi_hash: string };
  proof: { instances: string; proof: string } | string;
  instances?: string;
}
const bundle = (f: string) => {
  const j = JSON.parse(text(f)) as BundleProof;
  const fields = typeof j.proof === 'string' ? { proof: j.proof, instances: j.instances! } : j.proof;
  const instances = new Uint8Array(Buffer.from(fields.instances, 'base64'));
  const proof = new Uint8Array(Buffer.from(fields.proof, 'base64'));
  const w = (i: number) => instances.subarray(32 * i, 32 * (i + 1));
  const h = Uint8Array.from({ length: 32 }, (_, j) => w(14 + j)[31]!);
  return { json: j, instances, proof, aggr: concatBytes(instances.subarray(0, 0x180), proof), d1: w(12), d2: w(13), h };
};
const phase2 = bundle('bundle-proof-phase2.json');
const feynman = bundle('bundle-proof-feynman.json');

const config = parseScrollConfig(requireKnownRollup('scroll'));
const pinOf = (name: string) => hexToBytes(config.proofs!.plonkVerifiers.find((v) => v.name.includes(name))!.codeHash, 32);

let evm: Awaited<ReturnType<typeof createEVM>>;
const CALLER = new Address(new Uint8Array(20).fill(0xaa));
/** Deploys `creation` in the shared EVM: its address and runtime code. */
async function deploy(creation: Uint8Array): Promise<{ address: Address; code: Uint8Array }> {
  const r = await evm.runCall({ caller: CALLER, data: creation, gasLimit: 30_000_000n });
  if (r.execResult.exceptionError || !r.createdAddress) throw new Error('deployment failed');
  return { address: r.createdAddress, code: await evm.stateManager.getCode(r.createdAddress) };
}
let plonk020: { address: Address; code: Uint8Array };
let plonkFeynman: { address: Address; code: Uint8Array };

beforeAll(async () => {
  await Promise.all([cryptoReady(), bn254Ready()]);
  evm = await createEVM();
  plonk020 = await deploy(CREATION_020);
  plonkFeynman = await deploy(CREATION_FEYNMAN);
});

const pad = (a: Address) => bigIntToBytesPadded(bytesToBigInt(a.bytes), 32);
const phase2Input = () => {
  const b = phase2.json.metadata!.bundle_info;
  return scrollBundlePublicInput({
    chainId: BigInt(b.chain_id!),
    messageQueueHash: hexToBytes(b.msg_queue_hash as string),
    numBatches: BigInt(b.num_batches!),
    prevStateRoot: hexToBytes(b.prev_state_root as string),
    prevBatchHash: hexToBytes(b.prev_batch_hash as string),
    postStateRoot: hexToBytes(b.post_state_root as string),
    batchHash: hexToBytes(b.batch_hash as string),
    withdrawRoot: hexToBytes(b.withdraw_root as string),
  });
};

describe("Scroll's post-Euclid verifiers, run here on their own proofs", () => {
  it('the published creation codes leave the runtime code the shipped config pins (0.2.0, Feynman)', () => {
    expect(bytesToHex(keccak256(plonk020.code))).toBe(bytesToHex(pinOf('0.2.0')));
    expect(bytesToHex(keccak256(plonkFeynman.code))).toBe(bytesToHex(pinOf('Feynman')));
  });

  it("rebuilds a real bundle's 204-byte public input: its hash is the prover's pi hash and the h the proof's instances carry", () => {
    const pi = phase2Input();
    expect(pi.length).toBe(204);
    expect(bytesToHex(keccak256(pi))).toBe(phase2.json.metadata!.bundle_pi_hash);
    expect(keccak256(pi)).toEqual(phase2.h);
    const b = phase2.json.metadata!.bundle_info;
    // Independently: viem's encodePacked of the contract's expression.
    const viemPi = encodePacked(
      ['uint64', 'bytes32', 'uint32', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32'],
      [BigInt(b.chain_id!), b.msg_queue_hash as `0x${string}`, Number(b.num_batches), b.prev_state_root as `0x${string}`, b.prev_batch_hash as `0x${string}`, b.post_state_root as `0x${string}`, b.batch_hash as `0x${string}`, b.withdraw_root as `0x${string}`],
    );
    expect(bytesToHex(pi)).toBe(viemPi);
    expect(() => scrollBundlePublicInput({ ...decodeInput(pi), numBatches: 0n })).toThrow(InputError);
    expect(() => scrollBundlePublicInput({ ...decodeInput(pi), chainId: 1n << 64n })).toThrow(InputError);
  });

  it('assembles the call as the wrappers do: byte for byte the proof\'s instances and proof; the pinned verifiers accept it, and refuse any other h', async () => {
    for (const [p, v, pin] of [[phase2, plonk020, '0.2.0'], [feynman, plonkFeynman, 'Feynman']] as const) {
      const calldata = scrollPlonkCalldata(p.aggr, p.d1, p.d2, p.h);
      expect(calldata).toEqual(concatBytes(p.instances, p.proof));
      const verdict = await runPinnedVerifier(v.code, { codeHash: pinOf(pin), accept: 'no-revert' }, calldata);
      expect(verdict).toMatchObject({ kind: 'verified', summary: `re-verified here (verifier bytecode ${bytesToHex(pinOf(pin))})` });
      const other = p.h.slice();
      other[5]! ^= 1;
      expect((await runPinnedVerifier(v.code, { codeHash: pinOf(pin), accept: 'no-revert' }, scrollPlonkCalldata(p.aggr, p.d1, p.d2, other))).kind).toBe('refused');
      const digest = p.d1.slice();
      digest[31]! ^= 1;
      expect((await runPinnedVerifier(v.code, { codeHash: pinOf(pin), accept: 'no-revert' }, scrollPlonkCalldata(p.aggr, digest, p.d2, p.h))).kind).toBe('refused');
      // The same check through the rollups' one front door.
      const check: ProofCheck = { system: 'evm-verifier', vkey: { codeHash: bytesToHex(pinOf(pin)), accept: 'no-revert' }, proof: bytesToHex(v.code), publicSignals: [bytesToHex(calldata)] };
      expect(await verifyProofCheck(check)).toBe(true);
      expect(await verifyProofCheck({ ...check, vkey: { codeHash: '0x' + '00'.repeat(32), accept: 'no-revert' } })).toBe(false);
    }
    expect(() => scrollPlonkCalldata(new Uint8Array(0x17f), phase2.d1, phase2.d2, phase2.h)).toThrow(InputError);
  });

  it("agrees with ScrollChain's own ZkEvmVerifierPostEuclid run on a full EVM (it calls the verifier), and reads its immutables from its code alone", async () => {
    const args = encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }], [plonk020.address.toString() as `0x${string}`, bytesToHex(phase2.d1) as `0x${string}`, bytesToHex(phase2.d2) as `0x${string}`]);
    const wrapper = await deploy(concatBytes(creationCode(WRAPPERS, 'ZkEvmVerifierPostEuclid.sol', 'ZkEvmVerifierPostEuclid'), hexToBytes(args)));
    const verify = async (pi: Uint8Array) => {
      const data = encodeFunctionData({ abi: parseAbi(['function verify(bytes,bytes) view']), functionName: 'verify', args: [bytesToHex(phase2.aggr) as `0x${string}`, bytesToHex(pi) as `0x${string}`] });
      const r = await evm.runCall({ caller: CALLER, to: wrapper.address, data: hexToBytes(data), gasLimit: 30_000_000n });
      return r.execResult.exceptionError === undefined;
    };
    const pi = phase2Input();
    const changed = pi.slice();
    changed[120]! ^= 1;
    for (const input of [pi, changed]) {
      const here = await runPinnedVerifier(plonk020.code, { codeHash: pinOf('0.2.0'), accept: 'no-revert' }, scrollPlonkCalldata(phase2.aggr, phase2.d1, phase2.d2, keccak256(input)));
      expect(here.kind === 'verified').toBe(await verify(input));
    }
    expect(await verify(pi)).toBe(true);
    const view = (sig: string) => readPinnedView(wrapper.code, hexToBytes(functionSelector(sig)));
    expect(await view('plonkVerifier()')).toEqual(pad(plonk020.address));
    expect(await view('verifierDigest1()')).toEqual(phase2.d1);
    expect(await view('verifierDigest2()')).toEqual(phase2.d2);
    expect(await view('protocolVersion()')).toBeNull();
  });
});

/** The fields of a 204-byte public input back (for the range checks above). */
function decodeInput(pi: Uint8Array) {
  const at = (o: number) => pi.subarray(o, o + 32);
  return { chainId: bytesToBigInt(pi.subarray(0, 8)), messageQueueHash: at(8), numBatches: bytesToBigInt(pi.subarray(40, 44)), prevStateRoot: at(44), prevBatchHash: at(76), postStateRoot: at(108), batchHash: at(140), withdrawRoot: at(172) };
}

// ---- The adapter's step on a world as the shipped config expects L1 to hold Scroll -------------

const CHAIN = config.contracts.scrollChain.address;
const QUEUE = config.contracts.messageQueue.address;
const ROUTER = config.proofs!.router;
const IMPL = config.contracts.scrollChain.implementations[0]!;
const WRAPPER = '0x' + 'a8'.repeat(20);
const PLONK = '0x' + '39'.repeat(20);
const B = 520_000n;
const PREV = 519_997n;
const NOW = 1_800_000_000n;
const FINALIZED_AT = NOW - 1800n;
const TOTAL = 1_234_567n;
const ROLLING = (0xfeedbeefn << 32n) | 1_799_000_000n;
const POST = 0x1111n;
const WITHDRAW = 0x2222n;
const PREV_ROOT = 0x3333n;
const PREV_HASH = 0x4444n;
const HEADER = concatBytes(Uint8Array.of(8), bigIntToBytesPadded(B, 8), new Uint8Array(32).fill(0x01), new Uint8Array(32).fill(0x02));
const BATCH_HASH = bytesToBigInt(keccak256(HEADER));
const word = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32)) as `0x${string}`;
const viemMapKey = (key: bigint, slot: bigint) => viemKeccak(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [key, slot]));
const FINALIZE_LOG = (index: bigint, hash: bigint, root: bigint, withdraw: bigint) => ({
  address: CHAIN,
  topics: [FINALIZE_BATCH, word(index), word(hash)],
  data: encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [word(root), word(withdraw)]),
});
const PREVIOUS = { ...FINALIZE_LOG(PREV, PREV_HASH, PREV_ROOT, 0n), blockNumber: 900n, timestamp: NOW - 5000n, transactionHash: '0x' + 'f0'.repeat(32) };

type World = Map<string, Map<string, bigint>>;
let wrapperCode: Uint8Array;

function world(o: { latest?: bigint; router?: string } = {}): World {
  const misc = (B + 5n) | (B << 64n) | (FINALIZED_AT << 128n);
  return new Map([
    [
      CHAIN,
      new Map([
        [config.slots.implementation, BigInt(IMPL)],
        [storageKey({ slot: config.slots.scrollChain.miscData }), misc],
        [storageKey({ slot: config.slots.scrollChain.initialEuclidBatchIndex }), 100n],
        [viemMapKey(B, 158n), POST],
        [viemMapKey(B, 157n), BATCH_HASH],
      ]),
    ],
    [QUEUE, new Map([[config.slots.implementation, BigInt(config.contracts.messageQueue.implementations[0]!)], [viemMapKey(TOTAL - 1n, 101n), ROLLING]])],
    [ROUTER, new Map([[viemMapKey(8n, 2n), o.latest ?? ((BigInt(WRAPPER) << 64n) | 400_000n)]])],
  ]);
}

/** Code per address: the implementation carrying the router as its immutable (PUSH32), the PostFeynman wrapper, the Feynman verifier. */
function codes(o: { router?: string; plonk?: Uint8Array; wrapper?: Uint8Array } = {}): Map<string, Uint8Array> {
  return new Map([
    [IMPL, concatBytes(Uint8Array.of(0x7f), bigIntToBytesPadded(BigInt(o.router ?? ROUTER), 32), Uint8Array.of(0x50, 0x00))],
    [WRAPPER, o.wrapper ?? wrapperCode],
    [PLONK, o.plonk ?? plonkFeynman.code],
  ]);
}

function prove(w: World, c: Map<string, Uint8Array>, requests: readonly L1AccountRequest[], p?: ProvenL1Storage): ProvenL1Storage {
  const proven = p ?? { blockNumber: 1000n, blockHash: '0x' + '99'.repeat(32), timestamp: NOW, accounts: new Map() };
  for (const r of requests) {
    const a = r.address.toLowerCase();
    const held = proven.accounts.get(a) ?? { codeHash: bytesToHex(keccak256(c.get(a) ?? new Uint8Array(0))), storage: new Map<string, bigint>() };
    for (const ref of r.slots) held.storage.set(storageKey(ref), w.get(a)?.get(storageKey(ref)) ?? 0n);
    if (r.code) held.code = c.get(a) ?? new Uint8Array(0);
    proven.accounts.set(a, held);
  }
  return proven;
}

const FINALIZE_ABI = parseAbi(['function finalizeBundlePostEuclidV2(bytes batchHeader, uint256 totalL1MessagesPoppedOverall, bytes32 postStateRoot, bytes32 withdrawRoot, bytes aggrProof)']);
function evidence(o: { header?: Uint8Array; post?: bigint; aggr?: Uint8Array; status?: string; log?: ReturnType<typeof FINALIZE_LOG> } = {}): CommitEvidence {
  const input = encodeFunctionData({
    abi: FINALIZE_ABI,
    functionName: 'finalizeBundlePostEuclidV2',
    args: [bytesToHex(o.header ?? HEADER) as `0x${string}`, TOTAL, word(o.post ?? POST), word(WITHDRAW), bytesToHex(o.aggr ?? feynman.aggr) as `0x${string}`],
  });
  return { tx: { to: CHAIN, input, hash: '0x' + 'f1'.repeat(32), blockNumber: '0x3e8' }, receipt: { status: o.status ?? '0x1', logs: [o.log ?? FINALIZE_LOG(B, BATCH_HASH, POST, WITHDRAW)] } };
}

/** The adapter's follow of `w`, then its step's slots in rounds and its proof. */
async function stepOf(w = world(), c = codes(), ev = evidence(), previous = PREVIOUS, changes: (FoundL1Log | null)[] = [null, null]): Promise<{ step: ProofStep; found: StepProof }> {
  let p = prove(w, c, scrollAdapter.l1Slots(config));
  p = prove(w, c, scrollAdapter.l1Slots(config, p), p);
  const accepted = scrollAdapter.acceptedState(config, p);
  const named = scrollAdapter.proofSteps!(config, p, accepted);
  const step = named.steps[0]!;
  const full = { ...ev, related: [previous, ...changes] };
  for (let i = 0; i < 5; i++) p = prove(w, c, await scrollStepSlots(config, step, full, p, readPinnedView), p);
  return { step, found: await scrollAdapter.stepProof!(config, p, step, full, readPinnedView) };
}

const codeOf = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
    return 'none';
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    if (e instanceof InputError) return 'INPUT';
    throw e;
  }
};

describe('scroll-v1: the last bundle\'s proof, its call rebuilt from proven L1', () => {
  beforeAll(async () => {
    const args = encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }], [PLONK as `0x${string}`, bytesToHex(feynman.d1) as `0x${string}`, bytesToHex(feynman.d2) as `0x${string}`, 8n]);
    wrapperCode = await deployedCode(WRAPPERS, 'ZkEvmVerifierPostFeynman.sol', 'ZkEvmVerifierPostFeynman', hexToBytes(args));
  });

  it('names the step by its FinalizeBatch log (batch, committed hash) at lastFinalizeTimestamp', async () => {
    const { step } = await stepOf();
    expect(step).toEqual({ id: String(B), root: POST, log: { address: CHAIN, topics: [FINALIZE_BATCH, word(B), word(BATCH_HASH)] }, l1Timestamp: FINALIZED_AT });
    const head = { blockNumber: 1100n, blockHash: '0x' + '99'.repeat(32), timestamp: NOW, accounts: new Map() };
    expect(scrollAdapter.stepLogs!(config, step, evidence(), head)).toEqual([
      { address: CHAIN, topics: [FINALIZE_BATCH], withinBlocks: 7200, toBlock: 1000n, beforeTransaction: '0x' + 'f1'.repeat(32) },
      { address: ROUTER, topics: [toEventSelector('UpdateVerifier(uint256 version, uint256 startBatchIndex, address verifier)')], withinBlocks: 101, optional: true },
      { address: CHAIN, topics: [toEventSelector('Upgraded(address indexed implementation)')], withinBlocks: 101, optional: true },
    ]);
    const unpinned = parseScrollConfig({ ...requireKnownRollup('scroll'), proofs: undefined });
    let p = prove(world(), codes(), scrollAdapter.l1Slots(unpinned));
    p = prove(world(), codes(), scrollAdapter.l1Slots(unpinned, p), p);
    expect(scrollAdapter.proofSteps!(unpinned, p, scrollAdapter.acceptedState(unpinned, p))).toMatchObject({ steps: [], reason: expect.stringMatching(/pins no verifier/) });
  });

  it('follows the route: the router in the implementation, latestVerifier[version], the wrapper\'s immutables, the pinned verifier; the call carries h over the public input word by word', async () => {
    const { found } = await stepOf();
    expect(found).toMatchObject({ kind: 'proof', trusted: true, system: 'halo2-kzg (verifier bytecode run here)', release: 'OpenVM Feynman verifier, bundle program 0.5.2 (Feynman), version 8 (protocol 8)', keyId: bytesToHex(pinOf('Feynman')) });
    const check = (found as { check: ProofCheck }).check;
    expect(check.vkey).toEqual({ codeHash: bytesToHex(pinOf('Feynman')), accept: 'no-revert' });
    expect(check.proof).toBe(bytesToHex(plonkFeynman.code));
    const pi = encodePacked(
      ['uint64', 'bytes32', 'uint32', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32'],
      [534352n, word((ROLLING >> 32n) << 32n), Number(B - PREV), word(PREV_ROOT), word(PREV_HASH), word(POST), word(BATCH_HASH), word(WITHDRAW)],
    );
    const h = viemKeccak(encodePacked(['uint256', 'bytes'], [8n, pi]));
    expect(check.publicSignals).toEqual([bytesToHex(scrollPlonkCalldata(feynman.aggr, feynman.d1, feynman.d2, hexToBytes(h)))]);
    // A real Feynman proof, but of another bundle: it fails against this one's input.
    expect(await verifyProofCheck(check)).toBe(false);
  });

  it('refuses a transaction that is not this finalization', async () => {
    const other = HEADER.slice();
    other[40]! ^= 1;
    expect(await codeOf(() => stepOf(undefined, undefined, evidence({ header: other })))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepOf(undefined, undefined, evidence({ header: HEADER.subarray(0, 72) })))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepOf(undefined, undefined, evidence({ post: POST + 1n })))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepOf(undefined, undefined, evidence({ status: '0x0' })))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepOf(undefined, undefined, { ...evidence(), receipt: { status: '0x1', logs: [] } }))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepOf(undefined, undefined, evidence({ log: FINALIZE_LOG(B + 1n, BATCH_HASH, POST, WITHDRAW) })))).toBe('L2_COMMIT_MISMATCH');

    expect(await codeOf(() => stepOf(undefined, undefined, undefined, { ...PREVIOUS, ...FINALIZE_LOG(B, PREV_HASH, PREV_ROOT, 0n) }))).toBe('L2_COMMIT_MISMATCH');
    expect(decodeScrollFinalize(hexToBytes(evidence().tx.input)).totalL1MessagesPoppedOverall).toBe(TOTAL);
  });

  it("a route Vigil cannot follow is L1's word only, said so", async () => {
    const why = async (w: World, c: Map<string, Uint8Array>) => {
      const { found } = await stepOf(w, c);
      expect(found.kind).toBe('unchecked');
      return (found as { why: string }).why;
    };
    expect(await why(world(), codes({ router: '0x' + '12'.repeat(20) }))).toMatch(/does not carry the pinned router/);
    // Sent through a contract, or a calldata it does not read: L1's word.
    const via = await stepOf(undefined, undefined, { ...evidence(), tx: { ...evidence().tx, to: '0x' + '5a'.repeat(20) } });
    expect(via.found).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/sent through 0x5a5a/) });
    const garbage = await stepOf(undefined, undefined, { ...evidence(), tx: { ...evidence().tx, input: '0x12345678' } });
    expect(garbage.found).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/not a finalize call Vigil reads/) });
    // The route changed since the finalization, or a change was not ruled out.
    const at = (n: bigint) => ({ ...PREVIOUS, blockNumber: n });
    expect(((await stepOf(undefined, undefined, undefined, undefined, [at(1010n), null])).found as { why: string }).why).toMatch(/verifiers were updated after its finalization \(L1 block 1010\)/);
    expect(((await stepOf(undefined, undefined, undefined, undefined, [null, at(1020n)])).found as { why: string }).why).toMatch(/ScrollChain was upgraded after its finalization/);
    expect(((await stepOf(undefined, undefined, undefined, undefined, [])).found as { why: string }).why).toMatch(/older than the blocks searched/);
    expect(await why(world({ latest: 0n }), codes())).toMatch(/no verifier for version 8/);
    expect(await why(world({ latest: (BigInt(WRAPPER) << 64n) | (B + 1n) }), codes())).toMatch(/legacy verifier/);
    expect(await why(world(), codes({ plonk: plonk020.code.slice(0, -1) }))).toMatch(/which this config does not pin/);
    expect(await why(world(), codes({ wrapper: plonkFeynman.code }))).toMatch(/not a ZkEvmVerifierPostEuclid or PostFeynman/);
    // The root verifier is generic: a wrapper naming another program (its digests) is not the pinned bundle program.
    const otherProgram = encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }], [PLONK as `0x${string}`, word(1234n), bytesToHex(feynman.d2) as `0x${string}`, 8n]);
    const foreign = await deployedCode(WRAPPERS, 'ZkEvmVerifierPostFeynman.sol', 'ZkEvmVerifierPostFeynman', hexToBytes(otherProgram));
    expect(await why(world(), codes({ wrapper: foreign }))).toMatch(/a program this config does not pin/);
  });

  it('the follower: a proof L1 accepted that fails here stops the rollup (L2_BATCH_PROOF_INVALID)', async () => {
    const w = world();
    const c = codes();
    const head: L1HeadRef = { blockNumber: 1000n, blockHash: '0x' + '99'.repeat(32), stateRoot: '0x' + '00'.repeat(32), timestamp: NOW };
    const ev = evidence();
    const follower = new RollupFollower({
      adapter: scrollAdapter,
      config: config as ScrollConfig,
      readStorage: async (_h, address, keys) => {
        const p = prove(w, c, [{ address, slots: keys.map((k) => ({ storageKey: k })) }]);
        const a = p.accounts.get(address.toLowerCase())!;
        return { codeHash: a.codeHash, storage: a.storage };
      },
      readCode: async (_h, address) => c.get(address.toLowerCase()) ?? new Uint8Array(0),
      stepTxOf: async (log, at) => (at === FINALIZED_AT && log.topics[2] === word(BATCH_HASH) ? ev.tx.hash : null),
      newestLog: async (query) => (query.beforeTransaction === ev.tx.hash ? PREVIOUS : null),
      transaction: async () => ev.tx,
      receipt: async () => ev.receipt,
      commitTxOf: async () => null,
      verifyProof: verifyProofCheck,
      runView: readPinnedView,
      accountProof: async () => null,
    });
    expect(await codeOf(() => follower.follow(head))).toBe('L2_BATCH_PROOF_INVALID');
  });
});

describe('scroll bundle proofs: properties', () => {
  const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
  it('the public input is abi.encodePacked of its fields (viem), for any fields in range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 2 ** 32 - 1 }), fc.array(hex32, { minLength: 6, maxLength: 6 }), (chainId, n, w) => {
        const pi = scrollBundlePublicInput({ chainId, messageQueueHash: w[0]!, numBatches: BigInt(n), prevStateRoot: w[1]!, prevBatchHash: w[2]!, postStateRoot: w[3]!, batchHash: w[4]!, withdrawRoot: w[5]! });
        const h = (b: Uint8Array) => bytesToHex(b) as `0x${string}`;
        expect(bytesToHex(pi)).toBe(encodePacked(['uint64', 'bytes32', 'uint32', 'bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32'], [chainId, h(w[0]!), n, h(w[1]!), h(w[2]!), h(w[3]!), h(w[4]!), h(w[5]!)]));
      }),
      { numRuns: 200, seed: 25 },
    );
  });

  it('decodeScrollFinalize: viem-encoded calls of either entry point decode to their arguments; any other bytes are refused with a typed error', () => {
    const abi = parseAbi([
      'function finalizeBundlePostEuclidV2(bytes,uint256,bytes32,bytes32,bytes)',
      'function commitAndFinalizeBatch(uint8,bytes32,(bytes,uint256,bytes32,bytes32,bytes))',
    ]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), hex32, hex32, fc.uint8Array({ maxLength: 900 }), fc.boolean(), (header, total, post, withdraw, proof, enforced) => {
        const h = (b: Uint8Array) => bytesToHex(b) as `0x${string}`;
        const data = enforced
          ? encodeFunctionData({ abi, functionName: 'commitAndFinalizeBatch', args: [8, h(post), [h(header), total, h(post), h(withdraw), h(proof)]] })
          : encodeFunctionData({ abi, functionName: 'finalizeBundlePostEuclidV2', args: [h(header), total, h(post), h(withdraw), h(proof)] });
        expect(decodeScrollFinalize(hexToBytes(data))).toEqual({ batchHeader: header, totalL1MessagesPoppedOverall: total, postStateRoot: post, withdrawRoot: withdraw, aggrProof: proof });
      }),
      { numRuns: 200, seed: 25 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.constantFrom('0xc1aa4e19', '0x27dcaf6f', '0x00000000'), (tail, selector) => {
        try {
          decodeScrollFinalize(concatBytes(hexToBytes(selector), tail));
        } catch (e) {
          expect(e instanceof InputError || (e instanceof VerificationError && e.code === 'ABI_MALFORMED')).toBe(true);
        }
      }),
      { numRuns: 500, seed: 25 },
    );
  });
});
