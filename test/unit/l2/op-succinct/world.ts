/**
 * Constructed L1 worlds of an OP Succinct oracle (research zk-rollups-2026-11 §1.1), the
 * proposals that made their outputs, and a follower over them whose verifier accepts exactly the
 * recorded (key, public values, proof) of each output, built independently with viem: for
 * ./follow.test.ts and bench/op-succinct.ts.
 */
import { encodeAbiParameters, keccak256 as viemKeccak, toHex } from 'viem';
import { RollupFollower, type RollupFollowerDeps } from '../../../../src/client/rollups/follower.ts';
import { bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { encodeHeader } from '../../../../src/execution/header.ts';
import type { CommitEvidence, L1AccountRequest, ProofCheck, ProofStep, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { opSuccinctAdapter } from '../../../../src/l2/op-succinct/adapter.ts';
import { type OpSuccinctConfig, parseOpSuccinctConfig } from '../../../../src/l2/op-succinct/config.ts';
import { opSuccinctStepSlots, ORACLE_SLOTS, OUTPUT_PROPOSED_TOPIC } from '../../../../src/l2/op-succinct/follow.ts';
import { arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { SP1_SHIPPED_RELEASES } from '../../../../src/zk/sp1-shipped.ts';
import { claimOf, isthmusHeader } from '../op-stack/l2-header.ts';

export const ORACLE = '0x' + '0c'.repeat(20);
export const IMPL = '0x' + '1e'.repeat(20);
export const GATEWAY = '0x3b6041173b80e77f038f3f2c0f9744f04837185e';
export const V61 = '0xc3c6dddac8829b233dc6536ec024775a57b0af2a';
export const V50 = '0x0459d576a6223feea177fb3df53c9c77bf84c459';
export const AGG = '0x00' + 'a9'.repeat(31);
export const RANGE = '0x' + 'ae'.repeat(32);
export const RCH = '0x' + 'c0'.repeat(32);
export const PROVER = '0x' + 'b0'.repeat(20);
export const NAME = viemKeccak(new TextEncoder().encode('opsuccinct_genesis'));
export const PERIOD = 43_200n;
export const NOW = 2_000_000_000n;
export const P61 = SP1_SHIPPED_RELEASES['plonk-v6.1.0']!;
export const P50 = SP1_SHIPPED_RELEASES['plonk-v5.0.0']!;

export function configJson(layout: 'v2' | 'v3', over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'op-succinct-l2oo-v1',
    name: 'Test chain',
    chainId: 5000,
    l1ChainId: 1,
    nativeCurrency: { name: 'Mantle', symbol: 'MNT', decimals: 18 },
    layout,
    oracle: { address: ORACLE, implementation: IMPL },
    program: { aggregationVkey: AGG, rangeVkeyCommitment: RANGE, rollupConfigHash: RCH, ...(layout === 'v3' ? { configName: NAME } : {}) },
    verifier: { address: GATEWAY, gateway: true, releases: [{ id: 'plonk-v6.1.0', verifier: V61 }, { id: 'plonk-v5.0.0', verifier: V50 }] },
    verifySteps: 2,
    liveness: { delayedAfterSeconds: 3600, stalledAfterSeconds: 7200 },
    sources: {},
    ...over,
  };
}
export const V2 = parseOpSuccinctConfig(configJson('v2'));
export const V3 = parseOpSuccinctConfig(configJson('v3'));

/** Output i: the L2 block 1000·(i+1), proposed at NOW − (age of the output), checkpointing L1 block 500 + i. */
export interface Output {
  l2Block: bigint;
  timestamp: bigint;
  l1Block: bigint;
  l1Hash: bigint;
  /** How it was proposed: with a proof of this release (default plonk v6.1.0), or optimistically. */
  mode?: 'proof' | 'optimistic';
  release?: typeof P61;
}
export const output = (i: number, ageSeconds: bigint, o: Partial<Output> = {}): Output => ({
  l2Block: 1000n * BigInt(i + 1),
  timestamp: NOW - ageSeconds,
  l1Block: 500n + BigInt(i),
  l1Hash: 0x1111n * BigInt(i + 1),
  ...o,
});
export const rootOf = (o: Output) => bytesToBigInt(claimOf(isthmusHeader(o.l2Block)));

export type World = Map<string, Map<string, bigint>>;

export function world(config: OpSuccinctConfig, outputs: Output[], over: { keys?: Partial<Record<'agg' | 'range' | 'rch', string>>; route?: string; impl?: string; verifier?: string } = {}): World {
  const w: World = new Map();
  const set = (a: string, key: string, v: bigint) => (w.get(a) ?? w.set(a, new Map()).get(a)!).set(key, v);
  set(ORACLE, storageKey({ slot: ORACLE_SLOTS.l2Outputs }), BigInt(outputs.length));
  outputs.forEach((o, i) => {
    set(ORACLE, arrayElementKey(3n, 2n * BigInt(i)), rootOf(o));
    set(ORACLE, arrayElementKey(3n, 2n * BigInt(i) + 1n), o.timestamp | (o.l2Block << 128n));
    set(ORACLE, mappingKey(ORACLE_SLOTS.historicBlockHashes, o.l1Block), o.l1Hash);
  });
  set(ORACLE, storageKey({ slot: ORACLE_SLOTS.finalizationPeriodSeconds }), PERIOD);
  set(ORACLE, storageKey({ slot: ORACLE_SLOTS.verifier }), BigInt(over.verifier ?? GATEWAY));
  set(ORACLE, EIP1967_IMPLEMENTATION_SLOT, BigInt(over.impl ?? IMPL));
  const keys = [BigInt(over.keys?.agg ?? AGG), BigInt(over.keys?.range ?? RANGE), BigInt(over.keys?.rch ?? RCH)];
  if (config.layout === 'v2') {
    [ORACLE_SLOTS.aggregationVkey, ORACLE_SLOTS.rangeVkeyCommitment, ORACLE_SLOTS.rollupConfigHash].forEach((s, k) => set(ORACLE, storageKey({ slot: s }), keys[k]!));
  } else {
    const base = BigInt(mappingKey(ORACLE_SLOTS.opSuccinctConfigs, BigInt(NAME)));
    keys.forEach((v, k) => set(ORACLE, bigIntToHex(base + BigInt(k)).replace('0x', '0x'.padEnd(2 + 64 - (base + BigInt(k)).toString(16).length, '0')), v));
  }
  for (const [release, verifier] of [[P61, V61], [P50, V50]] as const) {
    set(GATEWAY, mappingKey(1n, BigInt(release.selector) << 224n), BigInt(release === P61 && over.route ? over.route : verifier));
  }
  return w;
}

/** What the follower proves, in rounds, from plain values of `w` (the proofs themselves are src/proofs' business). */
export function prove(config: OpSuccinctConfig, w: World, timestamp = NOW, extra: L1AccountRequest[] = []): ProvenL1Storage {
  const proven: ProvenL1Storage = { blockNumber: 900n, blockHash: '0x' + '99'.repeat(32), timestamp, accounts: new Map() };
  const fill = (requests: L1AccountRequest[]) => {
    for (const req of requests) {
      const held = proven.accounts.get(req.address) ?? { codeHash: '0x' + '00'.repeat(32), storage: new Map<string, bigint>() };
      for (const ref of req.slots) held.storage.set(storageKey(ref), w.get(req.address)?.get(storageKey(ref)) ?? 0n);
      proven.accounts.set(req.address, held);
    }
  };
  fill(opSuccinctAdapter.l1Slots(config, undefined));
  fill(opSuccinctAdapter.l1Slots(config, proven));
  fill(extra);
  return proven;
}

/** The proposal transaction of output i, as the proposer sent it. */
export function proposal(config: OpSuccinctConfig, outputs: Output[], i: number, proofBody = new Uint8Array(868).fill(7)): string {
  const o = outputs[i]!;
  if (o.mode === 'optimistic') return '0x9aaab648' + bytesToHex(encodeAbi(['bytes32', 'uint256', 'bytes32', 'uint256'], [claimOf(isthmusHeader(o.l2Block)), o.l2Block, hexToBytes('0x' + '00'.repeat(32)), o.l1Block])).slice(2);
  const proof = concatBytes(hexToBytes((o.release ?? P61).selector), proofBody);
  const root = claimOf(isthmusHeader(o.l2Block));
  if (config.layout === 'v2') return '0x9ad84880' + bytesToHex(encodeAbi(['bytes32', 'uint256', 'uint256', 'bytes'], [root, o.l2Block, o.l1Block, proof])).slice(2);
  return '0xa4ee9d7b' + bytesToHex(encodeAbi(['bytes32', 'bytes32', 'uint256', 'uint256', 'bytes', 'address'], [hexToBytes(NAME), root, o.l2Block, o.l1Block, proof, PROVER])).slice(2);
}

/** The check the oracle would make, built independently (viem): what the recorded verifier accepts. */
export function recordedCheck(config: OpSuccinctConfig, outputs: Output[], i: number): ProofCheck {
  const o = outputs[i]!;
  const words = [toHex(o.l1Hash, { size: 32 }), toHex(rootOf(outputs[i - 1]!), { size: 32 }), toHex(rootOf(o), { size: 32 }), o.l2Block, RCH, RANGE] as const;
  const publicValues =
    config.layout === 'v2'
      ? encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'bytes32' }], [...words] as never)
      : encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'address' }], [...words, PROVER] as never);
  const proofHex = (o.release ?? P61).selector + '07'.repeat(868);
  return { system: 'sp1', vkey: { release: (o.release ?? P61).id, programVKey: AGG }, proof: proofHex, publicSignals: [publicValues] };
}

/** Which output's recorded check `check` is (−1: none): the recorded verifier accepts exactly those. */
export function recordedIndex(config: OpSuccinctConfig, outputs: Output[], check: ProofCheck): number {
  return outputs.findIndex((_, k) => k > 0 && JSON.stringify(check) === JSON.stringify(recordedCheck(config, outputs, k)));
}

export function stepOf(config: OpSuccinctConfig, proven: ProvenL1Storage, i: number): ProofStep {
  const steps = opSuccinctAdapter.proofSteps!(config, proven, { root: 0n, batch: 0n, acceptedAt: 0n, status: 'claimed' }).steps;
  const step = steps.find((s) => s.id === String(i));
  if (step === undefined) throw new Error(`no step ${i}`);
  return step;
}

export function evidence(step: ProofStep, input: string, over: Partial<CommitEvidence['tx']> = {}): CommitEvidence {
  return {
    tx: { to: ORACLE, input, hash: '0x' + 'ee'.repeat(32), blockNumber: '0x1f4', ...over },
    receipt: { status: '0x1', logs: [{ address: ORACLE, topics: step.log.topics, data: bigIntToHex(step.l1Timestamp) }] },
  };
}

/** stepProof with the step slots its calldata names proven first, as the follower does. */
export function stepProof(config: OpSuccinctConfig, w: World, outputs: Output[], i: number, input = proposal(config, outputs, i)) {
  const proven = prove(config, w);
  const step = stepOf(config, proven, i);
  const ev = evidence(step, input);
  const more = prove(config, w, NOW, opSuccinctStepSlots(config, step, ev));
  return opSuccinctAdapter.stepProof!(config, more, step, ev);
}

/** A follower over a world: storage from it, the L2 header from the hint, the proposals found by their logs, a recorded verifier. */
export function follower(config: OpSuccinctConfig, outputs: Output[], o: { w?: World; missing?: number[]; accept?: (check: ProofCheck, i: number) => boolean } = {}) {
  const w = o.w ?? world(config, outputs);
  const inputs = outputs.map((_, i) => proposal(config, outputs, i));
  const hashOf = (i: number) => '0x' + (0xa0 + i).toString(16).padStart(64, '0');
  const indexOf = (hash: string) => Number(BigInt(hash) - 0xa0n);
  const calls = { proofs: 0, lookups: 0 };
  const deps: RollupFollowerDeps<OpSuccinctConfig, unknown> = {
    adapter: opSuccinctAdapter as never,
    config,
    readStorage: async (_h, address, keys) => ({ codeHash: '0x' + '00'.repeat(32), storage: new Map(keys.map((k) => [k, w.get(address)?.get(k) ?? 0n])) }),
    l2Header: async (query) => ('blockNumber' in query ? { header: encodeHeader(isthmusHeader(query.blockNumber)) } : null),
    stepTxOf: async (log) => {
      calls.lookups++;
      const i = Number(BigInt(log.topics[2]!));
      return o.missing?.includes(i) ? null : hashOf(i);
    },
    transaction: async (hash) => ({ to: ORACLE, input: inputs[indexOf(hash)]!, hash, blockNumber: '0x1' }),
    receipt: async (hash) => {
      const i = indexOf(hash);
      const topics = [OUTPUT_PROPOSED_TOPIC, toHex(rootOf(outputs[i]!), { size: 32 }), toHex(BigInt(i), { size: 32 }), toHex(outputs[i]!.l2Block, { size: 32 })];
      return { status: '0x1', logs: [{ address: ORACLE, topics, data: '0x' }] };
    },
    commitTxOf: async () => null,
    verifyProof: async (check) => {
      calls.proofs++;
      const i = recordedIndex(config, outputs, check);
      return i > 0 && (o.accept?.(check, i) ?? true);
    },
    accountProof: async () => null,
  };
  return { follower: new RollupFollower(deps), calls };
}
export const HEAD = { blockNumber: 900n, blockHash: '0x' + '99'.repeat(32), stateRoot: '0x' + '98'.repeat(32), timestamp: NOW };

