/**
 * The Linea adapter (src/l2/linea) on a world built around a real mainnet finalization
 * (./world.ts): LineaRollup's slots, the last finalization's log, its finalizeBlocks calldata and
 * the real aggregation proof re-verified with the key of the verifier proven at verifiers[1]; and
 * the follower's tiers on it.
 */
import fc from 'fast-check';
import { encodeAbiParameters, keccak256 as viemKeccak, toEventSelector } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { bn254Ready } from '../../../../src/crypto/bn254.ts';
import { type L1HeadRef, RollupFollower } from '../../../../src/client/rollups/follower.ts';
import type { FoundL1Log, L1LogQuery, ProofCheck, ProofStep, StepProof } from '../../../../src/l2/adapter.ts';
import { lineaAdapter } from '../../../../src/l2/linea/adapter.ts';
import { parseLineaConfig } from '../../../../src/l2/linea/config.ts';
import { decodeFinalizeBlocks } from '../../../../src/l2/linea/public-input.ts';
import { DATA_FINALIZED_V3, lineaStepSlots } from '../../../../src/l2/linea/follow.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { type ProofSystem, verifyZkProof } from '../../../../src/zk/index.ts';
import { verifyProofCheck } from '../../../../src/client/verified/proof-checks.ts';
import { readPinnedView } from '../../../../src/execution/verifier-contract.ts';
import {
  AGGREGATION,
  config,
  DATA_FINALIZED_V3_VIEM,
  END,
  evidence,
  FINAL_LOG,
  FINAL_ROOT,
  FINALIZED_AT,
  finalizeCalldata,
  finalizeCalldataV4,
  FORCED,
  finalizedLog,
  FOUND,
  NOW,
  PARENT_ROOT,
  PREVIOUS_LOG,
  prove,
  ROLLUP,
  START,
  storage,
  TX_BLOCK,
  TX_HASH,
  VERIFIER,
  V6,
  V7_1,
  V8,
  verifierCode,
  viemPublicInput,
} from './world.ts';
import { EIP1967_IMPLEMENTATION_SLOT } from '../../../../src/l2/slots.ts';
import { deployedCode } from '../../zk/solidity-evm.ts';

beforeAll(async () => {
  await Promise.all([cryptoReady(), bn254Ready()]);
  verifierCode();
});

const codeOf = async (fn: () => unknown) => {
  try {
    await fn();
    return 'none';
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    if (e instanceof InputError) return 'INPUT';
    throw e;
  }
};

/** The adapter's slots proven out of `world`, in rounds as the follower asks. */
function provenState(world = storage()) {
  let p = prove(world, lineaAdapter.l1Slots(config));
  p = prove(world, lineaAdapter.l1Slots(config, p), p);
  return p;
}

const hints = { found: FOUND };
const step = (): ProofStep => lineaAdapter.proofSteps!(config, provenState(), lineaAdapter.acceptedState(config, provenState(), hints), hints).steps[0]!;

/** stepProof with the step's slots proven in rounds (as the follower does) and the previous finalization's log. */
async function stepProof(ev = evidence(), o: { world?: ReturnType<typeof storage>; previous?: typeof PREVIOUS_LOG; codes?: Map<string, Uint8Array>; changes?: [FoundL1Log | null, FoundL1Log | null] | [] } = {}): Promise<StepProof> {
  const world = o.world ?? storage();
  const s = step();
  let p = provenState(world);
  for (let i = 0; i < 3; i++) p = prove(world, lineaStepSlots(config, s, ev, p), p, o.codes);
  return lineaAdapter.stepProof!(config, p, s, { ...ev, related: [o.previous ?? PREVIOUS_LOG, ...(o.changes ?? [null, null])] }, readPinnedView);
}

const verdict = (found: StepProof) => {
  if (found.kind !== 'proof') return found.kind;
  return verifyZkProof(found.check.system as ProofSystem, found.check.vkey, found.check.proof, found.check.publicSignals).valid ? 'valid' : 'invalid';
};

describe('linea-v1: the last finalization from proven storage', () => {
  it("ships Linea on mainnet: LineaRollup, its slots, its releases' layouts, proof types 1 and 0 with every mainnet key shipped", () => {
    expect([config.chainId, config.l1ChainId, ROLLUP, config.rollup.currentL2BlockNumberSlot, config.rollup.stateRootHashesSlot, config.rollup.verifiersSlot]).toEqual([59144, 1, '0xd19d4b5d358258f05d7b411e21a1460d11b0876f', 281n, 282n, 283n]);
    expect(config.rollup.implementations.map((i) => i.layout)).toEqual(['v4', 'v3-chain', 'v3', 'v3']);
    expect(config.rollup.forcedTransactionRollingHashesSlot).toBe(452n);
    expect(config.verifiers.map((v) => v.proofType)).toEqual([1n, 0n]);
    expect(config.verifiers[0]!.keys).toContain('linea-mainnet-full-paris');
    expect(config.verifiers[0]!.keys).toContain('linea-full-small-fields-ba3e9119');
    expect(DATA_FINALIZED_V3).toBe(DATA_FINALIZED_V3_VIEM);
    const base = requireKnownRollup('linea');
    const rollup = base.rollup as Record<string, unknown>;
    expect(() => parseLineaConfig({ ...base, verifiers: [{ proofType: 1, keys: ['linea-unknown'] }] })).toThrow(/verifiers\[0\]\.keys\[0\]/);
    expect(() => parseLineaConfig({ ...base, verifiers: [{ proofType: 1, keys: [] }] })).toThrow(/at least one key/);
    expect(() => parseLineaConfig({ ...base, rollup: { ...rollup, forcedTransactionRollingHashesSlot: undefined } })).toThrow(/forcedTransactionRollingHashesSlot/);
    expect(() => parseLineaConfig({ ...base, rollup: { ...rollup, implementations: [] } })).toThrow(/at least one implementation/);
    expect(() => parseLineaConfig({ ...base, rollup: { ...rollup, implementations: [{ address: V6, layout: 'v5' }] } })).toThrow(/layout/);
    expect(() => parseLineaConfig({ ...base, verifiers: [] })).toThrow(/at least one/);
    expect(() => parseLineaConfig({ ...base, verifiers: [{ proofType: 1, keys: ['linea-mainnet-full-paris'], codeHash: '0x12' }] })).toThrow(/codeHash/);
    expect(() => parseLineaConfig({ ...base, extra: 1 })).toThrow(/extra/);
  });

  it('asks for currentL2BlockNumber, then stateRootHashes of it; the finalization by its DataFinalizedV3 log of that block', () => {
    const impl = { storageKey: EIP1967_IMPLEMENTATION_SLOT };
    expect(lineaAdapter.l1Slots(config)).toEqual([{ address: ROLLUP, slots: [{ slot: 281n }, impl] }]);
    const p = provenState();
    expect(lineaAdapter.l1Slots(config, p)).toEqual([{ address: ROLLUP, slots: [{ slot: 281n }, impl, { mapping: 282n, key: END }] }]);
    const query = lineaAdapter.l2Header!(config, p) as { l1Log: L1LogQuery };
    expect(query.l1Log).toEqual({ address: ROLLUP, topics: [DATA_FINALIZED_V3_VIEM, null, FINAL_LOG.topics[2]], withinBlocks: 7300 });
  });

  it('the root accepted when its log was mined; its age from that block; one step, the finalization', () => {
    const p = provenState();
    const accepted = lineaAdapter.acceptedState(config, p, hints);
    expect(accepted).toEqual({ root: FINAL_ROOT, batch: END, acceptedAt: FINALIZED_AT, status: 'finalized' });
    expect(lineaAdapter.liveness(config, p, hints)).toEqual({ lastBatchAgeSeconds: Number(NOW - FINALIZED_AT), oldestQueuedAgeSeconds: null, frozen: false });
    expect(lineaAdapter.proofSteps!(config, p, accepted, hints)).toEqual({ steps: [{ id: String(END), root: FINAL_ROOT, log: { address: ROLLUP, topics: FINAL_LOG.topics }, l1Timestamp: FINALIZED_AT }], wanted: 1, anchored: false });
  });

  it('no finalization in the blocks searched: the root still stands, older than the oldest block searched, and no step', () => {
    const p = provenState();
    const searched = { searched: { fromBlock: TX_BLOCK - 7000n, fromTimestamp: NOW - 90_000n } };
    const accepted = lineaAdapter.acceptedState(config, p, searched);
    expect(accepted.acceptedAt).toBe(NOW - 90_000n);
    expect(lineaAdapter.liveness(config, p, searched).lastBatchAgeSeconds).toBe(90_000);
    const named = lineaAdapter.proofSteps!(config, p, accepted, searched);
    expect(named.steps).toEqual([]);
    expect(named.reason).toMatch(/older than the 7300 L1 blocks searched/);
  });

  it('refuses a log of another block or root, an empty root, and no hints', async () => {
    const p = provenState();
    const other = { found: { ...FOUND, ...finalizedLog(START, END, AGGREGATION.finalShnarf, PARENT_ROOT, FINAL_ROOT + 1n) } };
    expect(await codeOf(() => lineaAdapter.acceptedState(config, p, other))).toBe('L2_COMMIT_MISMATCH');
    const notOurs = { found: { ...FOUND, address: '0x' + '12'.repeat(20) } };
    expect(await codeOf(() => lineaAdapter.acceptedState(config, p, notOurs))).toBe('L2_COMMIT_MISMATCH');
    // A topic that is no word ("0x", short, not hex), where a number is read from it: refused, typed (issue 69's fuzz finding).
    for (const bad of ['0x', '0x1234', '0x' + 'zz'.repeat(32)]) {
      const topics = [...FOUND.topics];
      topics[1] = bad;
      expect(await codeOf(() => lineaAdapter.acceptedState(config, p, { found: { ...FOUND, topics } }))).toBe('L2_COMMIT_MISMATCH');
    }
    expect(await codeOf(() => lineaAdapter.acceptedState(config, provenState(storage({ root: 0n })), hints))).toBe('L2_BATCH_NOT_FOUND');
    expect(await codeOf(() => lineaAdapter.acceptedState(config, p))).toBe('INPUT');
  });

  it('an implementation the config does not pin: its root stands where its finalization log repeats it, never re-verified; without the log it is refused', async () => {
    const upgraded = provenState(storage({ implementation: '0x' + 'cd'.repeat(20) }));
    const accepted = lineaAdapter.acceptedState(config, upgraded, hints);
    expect(accepted).toEqual({ root: FINAL_ROOT, batch: END, acceptedAt: FINALIZED_AT, status: 'finalized' });
    expect(lineaAdapter.proofSteps!(config, upgraded, accepted, hints)).toEqual({ steps: [], wanted: 1, anchored: false, reason: expect.stringMatching(/0xcdcd.*which this config does not pin/) });
    const other = { found: { ...FOUND, ...finalizedLog(START, END, AGGREGATION.finalShnarf, PARENT_ROOT, FINAL_ROOT + 1n) } };
    expect(await codeOf(() => lineaAdapter.acceptedState(config, upgraded, other))).toBe('L2_COMMIT_MISMATCH');
    const searched = { searched: { fromBlock: 1n, fromTimestamp: NOW - 90_000n } };
    expect(await codeOf(() => lineaAdapter.acceptedState(config, upgraded, searched))).toBe('L2_IMPLEMENTATION_UNKNOWN');
    expect(await codeOf(() => lineaAdapter.liveness(config, upgraded, searched))).toBe('L2_IMPLEMENTATION_UNKNOWN');
  });

  it('never proves a Linea account: the words the wallet shows beside its balance', async () => {
    expect(lineaAdapter.accounts).toBe('unproven');
    expect(lineaAdapter.words.accountNotProven).toBe("account not proven (Linea's trie)");
    expect(await codeOf(() => lineaAdapter.verifyAccount(config, FINAL_ROOT, {}, { address: VERIFIER }))).toBe('L2_ACCOUNT_NOT_PROVABLE');
  });
});

describe("linea-v1: the finalization's aggregation proof, its public input rebuilt", () => {
  it("names the verifier's slot, then its code; the previous finalization's log back from this one's block", () => {
    const s = step();
    const p = provenState();
    expect(lineaStepSlots(config, s, evidence(), p)).toEqual([{ address: ROLLUP, slots: [{ mapping: 283n, key: 1n }] }]);
    const q = prove(storage(), lineaStepSlots(config, s, evidence(), p), p);
    expect(lineaStepSlots(config, s, evidence(), q)).toEqual([{ address: ROLLUP, slots: [{ mapping: 283n, key: 1n }] }, { address: VERIFIER, slots: [], code: true }]);
    // The previous finalization, then whether the verifier of proof type 1 or the implementation changed since this one (its block to the head).
    expect(lineaAdapter.stepLogs!(config, s, evidence(), p)).toEqual([
      { address: ROLLUP, topics: [DATA_FINALIZED_V3_VIEM, null, PREVIOUS_LOG.topics[2]], withinBlocks: 7300, toBlock: TX_BLOCK },
      { address: ROLLUP, topics: [toEventSelector('VerifierAddressChanged(address indexed verifierAddress, uint256 indexed proofType, address indexed verifierSetBy, address oldVerifierAddress)'), null, '0x' + '1'.padStart(64, '0')], withinBlocks: 601, optional: true },
      { address: ROLLUP, topics: [toEventSelector('Upgraded(address indexed implementation)')], withinBlocks: 601, optional: true },
    ]);
  });

  it('the real mainnet proof verifies against the public input rebuilt here (the prover file\'s own input)', async () => {
    const found = await stepProof();
    expect(found).toMatchObject({ kind: 'proof', trusted: true, system: 'gnark-plonk', keyId: 'linea-mainnet-full-paris' });
    const check = (found as { check: ProofCheck }).check;
    expect(check.system).toBe('gnark-plonk');
    expect(check.vkey).toEqual({ key: 'linea-mainnet-full-paris' });
    expect(BigInt(check.publicSignals[0]!)).toBe(BigInt(AGGREGATION.aggregatedProofPublicInput));
    expect(viemPublicInput('v3')).toBe(BigInt(AGGREGATION.aggregatedProofPublicInput));
    expect(verdict(found)).toBe('valid');
  });

  it('a field of the calldata changed: the proof fails against the rebuilt input, or the calldata is refused', async () => {
    // Fields that only the proof binds: it fails.
    expect(verdict(await stepProof(evidence(finalizeCalldata({ finalTimestamp: BigInt(AGGREGATION.finalTimestamp) + 1n }))))).toBe('invalid');
    const proof = hexToBytes(AGGREGATION.aggregatedProof);
    proof[100]! ^= 1;
    expect(await codeOf(async () => expect(verdict(await stepProof(evidence(finalizeCalldata({ proof: bytesToHex(proof) }))))).toBe('invalid'))).toBe('none');
    // Fields the log binds: refused before any proof.
    expect(await codeOf(() => stepProof(evidence(finalizeCalldata({ dataEvaluationClaim: '0x' + '11'.repeat(32) }))))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepProof(evidence(finalizeCalldata({ endBlockNumber: END + 1n }))))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepProof(evidence(finalizeCalldata({ parentStateRootHash: '0x' + '22'.repeat(32) }))))).toBe('L2_COMMIT_MISMATCH');
  });

  it('refuses a failed transaction, a receipt without its log, and a previous finalization that does not join', async () => {
    expect(await codeOf(() => stepProof(evidence(undefined, { status: '0x0' })))).toBe('L2_COMMIT_MISMATCH');
    expect(await codeOf(() => stepProof(evidence(undefined, { logs: [] })))).toBe('L2_COMMIT_MISMATCH');
    const shifted = { ...PREVIOUS_LOG, ...finalizedLog(START - 331n, START - 1n, AGGREGATION.parentAggregationFinalShnarf, 0x1234n, PARENT_ROOT + 1n) };
    expect(await codeOf(() => stepProof(evidence(), { previous: shifted }))).toBe('L2_COMMIT_MISMATCH');
    const earlier = { ...PREVIOUS_LOG, ...finalizedLog(START - 331n, START - 2n, AGGREGATION.parentAggregationFinalShnarf, 0x1234n, PARENT_ROOT) };
    expect(await codeOf(() => stepProof(evidence(), { previous: earlier }))).toBe('L2_COMMIT_MISMATCH');
    // A previous log of the right block with another shnarf: not refused here, but the proof fails (an alarm).
    const otherShnarf = { ...PREVIOUS_LOG, ...finalizedLog(START - 331n, START - 1n, '0x' + '33'.repeat(32), 0x1234n, PARENT_ROOT) };
    expect(verdict(await stepProof(evidence(), { previous: otherShnarf }))).toBe('invalid');
  });

  it("a verifier not of the pinned key (a prover upgrade), an unpinned proof type, a code hash not the pinned one: L1's word only, said so", async () => {
    const sepoliaKeyOnly = new Map([[VERIFIER, new Uint8Array(4000).fill(0x5b)]]);
    const upgraded = await stepProof(evidence(), { codes: sepoliaKeyOnly });
    expect(upgraded).toMatchObject({ kind: 'unchecked' });
    expect((upgraded as { why: string }).why).toMatch(/holds none of the keys Vigil ships for it/);
    const type2 = await stepProof(evidence(finalizeCalldata({ proofType: 2n })));
    expect(type2).toMatchObject({ kind: 'unchecked' });
    expect((type2 as { why: string }).why).toMatch(/proof type 2/);
    const pinnedHash = parseLineaConfig({ ...requireKnownRollup('linea'), verifiers: [{ proofType: 1, keys: ['linea-mainnet-full-paris'], codeHash: '0x' + '44'.repeat(32) }] });
    const s = step();
    let p = provenState();
    for (let i = 0; i < 3; i++) p = prove(storage(), lineaStepSlots(pinnedHash, s, evidence(), p), p);
    const hashed = await lineaAdapter.stepProof!(pinnedHash, p, s, { ...evidence(), related: [PREVIOUS_LOG, null, null] });
    expect((hashed as { why: string }).why).toMatch(/not the pinned 0x4444/);
    expect(await stepProof(evidence(), { world: storage({ verifier: 0n }) })).toMatchObject({ kind: 'unchecked' });
  });
});

describe('linea-v1: a finalization checked with what verified it', () => {
  const change = (n: bigint): FoundL1Log => ({ ...PREVIOUS_LOG, blockNumber: n });
  it("a verifier or implementation changed since the finalization, or a change not ruled out: L1's word, said so", async () => {
    expect(((await stepProof(evidence(), { changes: [change(TX_BLOCK + 5n), null] })) as { why: string }).why).toMatch(/verifier of proof type 1 was changed after finalization .* \(L1 block 23500005\)/);
    expect(((await stepProof(evidence(), { changes: [null, change(TX_BLOCK + 9n)] })) as { why: string }).why).toMatch(/LineaRollup was upgraded after finalization/);
    expect(((await stepProof(evidence(), { changes: [] })) as { why: string }).why).toMatch(/older than the blocks searched/);
  });

  it('sent through another contract, or several finalizations in one transaction: its calldata is not read, L1\'s word', async () => {
    const viaSafe = await stepProof(evidence(undefined, { to: '0x' + '5a'.repeat(20) }));
    expect(viaSafe).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/sent through 0x5a5a/) });
    const two = await stepProof(evidence(undefined, { logs: [FINAL_LOG, FINAL_LOG] }));
    expect(two).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/finalized 2 times/) });
    expect(((await stepProof(evidence('0x12345678'))) as { why: string }).why).toMatch(/not a finalizeBlocks call Vigil reads/);
  });
});

describe('the follower on Linea', () => {
  const head: L1HeadRef = { blockNumber: TX_BLOCK + 600n, blockHash: '0x' + '99'.repeat(32), stateRoot: '0x' + '00'.repeat(32), timestamp: NOW };

  function follower(o: { found?: boolean; previous?: boolean; proof?: string; codes?: Map<string, Uint8Array>; asked?: string[] } = {}) {
    const world = storage();
    const codes = o.codes ?? new Map([[VERIFIER, verifierCode()]]);
    const input = finalizeCalldata(o.proof === undefined ? {} : { proof: o.proof });
    return new RollupFollower({
      adapter: lineaAdapter,
      config,
      readStorage: async (_h, address, keys) => {
        const a = address.toLowerCase();
        const s = new Map(keys.map((k) => [k, world.get(a)?.get(k) ?? 0n] as const));
        return { codeHash: (prove(world, [{ address: a, slots: [] }], undefined, codes).accounts.get(a)!.codeHash), storage: s };
      },
      readCode: async (_h, address) => codes.get(address.toLowerCase()) ?? new Uint8Array(0),
      l2Header: async () => (o.found === false ? { searched: { fromBlock: head.blockNumber - 7199n, fromTimestamp: NOW - 100_000n } } : { found: FOUND }),
      stepTxOf: async (log, at) => (o.asked?.push('stepTxOf'), at === FINALIZED_AT && log.topics[0] === DATA_FINALIZED_V3 ? TX_HASH : null),
      newestLog: async (query) => (o.previous === false ? null : query.topics[2] === PREVIOUS_LOG.topics[2] ? PREVIOUS_LOG : null),
      transaction: async (hash) => (hash === TX_HASH ? evidence(input).tx : null),
      receipt: async (hash) => (hash === TX_HASH ? evidence(input).receipt : null),
      commitTxOf: async () => null,
      verifyProof: verifyProofCheck,
      runView: readPinnedView,
      accountProof: async () => null,
    });
  }

  it('re-verifies the finalization: the root is "validity proof re-verified here" with the key it used', async () => {
    const followed = await follower().follow(head);
    expect(followed.accepted).toEqual({ root: FINAL_ROOT, batch: END, acceptedAt: FINALIZED_AT, status: 'finalized' });
    expect(followed.tier).toEqual({ tier: 'reverified', steps: { verified: 1, wanted: 1, anchored: false }, system: 'gnark-plonk', release: 'proof type 1, v3 input', keyId: 'linea-mainnet-full-paris' });
    expect(followed.proof).toBe('verified');
    expect(followed.provenance).toMatch(/not proven here/);
  });

  it("a step decided from its own transaction is not read again at the next follow (a verifier whose key is not shipped); one not found is", async () => {
    const asked: string[] = [];
    const unshipped = follower({ codes: new Map([[VERIFIER, new Uint8Array(4000).fill(0x5b)]]), asked });
    expect((await unshipped.follow(head)).tier).toMatchObject({ tier: 'l1-verifier', reason: expect.stringMatching(/holds none of the keys/) });
    await unshipped.follow({ ...head, blockNumber: head.blockNumber + 1n, blockHash: '0x' + '98'.repeat(32) });
    expect(asked.filter((a) => a === 'stepTxOf')).toHaveLength(1);
    const noPrevious = follower({ previous: false, asked: (asked.length = 0, asked) });
    await noPrevious.follow(head);
    await noPrevious.follow({ ...head, blockNumber: head.blockNumber + 1n, blockHash: '0x' + '98'.repeat(32) });
    expect(asked.filter((a) => a === 'stepTxOf')).toHaveLength(2);
  });

  it('a proof L1 accepted that fails here is an alarm (L2_BATCH_PROOF_INVALID)', async () => {
    const proof = hexToBytes(AGGREGATION.aggregatedProof);
    proof[200]! ^= 1;
    expect(await codeOf(() => follower({ proof: bytesToHex(proof) }).follow(head))).toBe('L2_BATCH_PROOF_INVALID');
  });

  it("no finalization found, or not the one before it: the root stands at L1's verifier's word, with the reason", async () => {
    const old = await follower({ found: false }).follow(head);
    expect(old.tier.tier).toBe('l1-verifier');
    expect(old.tier.reason).toMatch(/older than the 7300 L1 blocks searched/);
    expect(old.liveness.lastBatchAgeSeconds).toBe(100_000);
    const noPrevious = await follower({ previous: false }).follow(head);
    expect(noPrevious.tier.tier).toBe('l1-verifier');
    expect(noPrevious.tier.reason).toMatch(/not found in a verified block/);
  });
});

describe('linea-v1: the v3-chain and v4 layouts', () => {
  /** A verifier whose code answers getChainConfiguration() and carries the mainnet key (its constants appended, never run). */
  async function chainVerifier(): Promise<Uint8Array> {
    const views = await deployedCode(
      { 'V.sol': '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\ncontract V { bytes32 immutable C; constructor() { C = bytes32(uint256(0xc0ffee)); } function getChainConfiguration() external view returns (bytes32) { return C; } }' },
      'V.sol',
      'V',
    );
    return concatBytes(views, verifierCode());
  }

  async function proofWith(layout: 'v3-chain' | 'v4', input: string, code: Uint8Array): Promise<StepProof> {
    const c = config;
    // The shipped config's 7.1 and 8.0 implementations.
    const world = storage({ implementation: layout === 'v4' ? V8 : V7_1 });
    world.get(ROLLUP)!.set(viemMapKey(FORCED.final, 452n), FORCED.finalHash);
    const codes = new Map([[VERIFIER, code]]);
    const ev = evidence(input);
    const s = step();
    let p = provenState(world);
    for (let i = 0; i < 3; i++) p = prove(world, lineaStepSlots(c, s, ev, p), p, codes);
    return lineaAdapter.stepProof!(c, p, s, { ...ev, related: [PREVIOUS_LOG, null, null] }, readPinnedView);
  }

  it("v3-chain: the input ends with the chain configuration read by running the proven verifier's getter", async () => {
    const found = await proofWith('v3-chain', finalizeCalldata(), await chainVerifier());
    expect(BigInt((found as { check: ProofCheck }).check.publicSignals[0]!)).toBe(viemPublicInput('v3-chain', '0x' + 'c0ffee'.padStart(64, '0')));
    // The paris verifier has no such getter: not checked here, said so.
    const none = await proofWith('v3-chain', finalizeCalldata(), verifierCode());
    expect((none as { why: string }).why).toMatch(/gives no chain configuration/);
  });

  it('v4: FinalizationDataV4 decoded; the forced-transaction words, the proven final rolling hash and the filtered addresses in the input', async () => {
    const found = await proofWith('v4', finalizeCalldataV4(), await chainVerifier());
    expect(BigInt((found as { check: ProofCheck }).check.publicSignals[0]!)).toBe(viemPublicInput('v4', '0x' + 'c0ffee'.padStart(64, '0')));
    // V3 calldata under a v4 pin (or the other way): the rollup was upgraded, not checked here.
    expect((await proofWith('v4', finalizeCalldata(), await chainVerifier())).kind).toBe('unchecked');
    expect((await stepProof(evidence(finalizeCalldataV4()))).kind).toBe('unchecked');
  });
});

function viemMapKey(key: bigint, slot: bigint): string {
  return viemKeccak(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [key, slot]));
}

describe('linea-v1: properties', () => {
  it('a finalizeBlocks calldata with any byte changed is refused, or its proof verifies only against the very input the prover proved', async () => {
    const original = hexToBytes(finalizeCalldata());
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, x) => {
        const changed = original.slice();
        changed[at]! ^= x;
        let found: StepProof;
        try {
          found = await stepProof(evidence(bytesToHex(changed)));
        } catch (e) {
          expect(e instanceof VerificationError || e instanceof InputError).toBe(true);
          return;
        }
        if (found.kind !== 'proof') return;
        const same = BigInt(found.check.publicSignals[0]!) === BigInt(AGGREGATION.aggregatedProofPublicInput);
        if (verdict(found) === 'valid') expect(same).toBe(true);
      }),
      { numRuns: 40, seed: 25 },
    );
  });

  it('decodeFinalizeBlocks: any bytes decode or are refused with a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (tail, v4) => {
        const bytes = concatBytes(hexToBytes(v4 ? '0x755bc62f' : '0x5603c65f'), tail);
        try {
          decodeFinalizeBlocks(bytes);
        } catch (e) {
          expect(e instanceof InputError || (e instanceof VerificationError && e.code === 'ABI_MALFORMED')).toBe(true);
        }
      }),
      { numRuns: 500, seed: 25 },
    );
  });
});
