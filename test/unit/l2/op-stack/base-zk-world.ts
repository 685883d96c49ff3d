/**
 * Constructed L1 worlds of Base's AggregateVerifier games with a ZK leg (src/l2/op-stack/aggregate-zk.ts):
 * the factory's list, the registry, two chained games (the accepted one and its parent) with their
 * code and storage as base/contracts' layout places them, the implementation, ZKVerifier and SP1
 * gateway; the transactions that carried each game's proofs; a runView that answers the getters of
 * the implementation and ZKVerifier; and a follower whose verifier accepts exactly the recorded
 * (key, journal, proof) of each game, the journal built independently with viem's encodePacked.
 * For ./base-zk.test.ts, the base-zk-leg fuzz target and bench/base-zk.ts.
 */
import { encodeAbiParameters, encodePacked, keccak256 as viemKeccak, toHex } from 'viem';
import { RollupFollower, type RollupFollowerDeps } from '../../../../src/client/rollups/follower.ts';
import { bigIntToBytesPadded, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { encodeHeader } from '../../../../src/execution/header.ts';
import type { CommitEvidence, L1AccountRequest, ProofCheck, ProofStep, ProvenL1Storage, RunView } from '../../../../src/l2/adapter.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { CREATE_WITH_INIT_DATA, GAME_CREATED_TOPIC, PROVED_TOPIC, VERIFY_PROPOSAL_PROOF } from '../../../../src/l2/op-stack/aggregate-zk.ts';
import { type OpStackConfig, parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { BASE_MAINNET } from '../../../../src/l2/op-stack/networks.ts';
import { arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { SP1_SHIPPED_RELEASES } from '../../../../src/zk/sp1-shipped.ts';
import { claimOf, isthmusHeader } from './l2-header.ts';
import { cloneWithArgs as cloneCode } from '../../../support/rollup-world.ts';

export const NOW = 2_000_000_000n;
export const DAY = 86_400n;
export const PLONK = SP1_SHIPPED_RELEASES['plonk-v6.1.0']!;
export const GROTH16 = SP1_SHIPPED_RELEASES['groth16-v6.1.0']!;
export const CREATOR = '0x' + 'c1'.repeat(20);
export const OTHER_PROVER = '0x' + 'c2'.repeat(20);
export const PROPOSER_CONTRACT = '0x' + 'c3'.repeat(20);
export const GAMES = ['0x' + '71'.repeat(20), '0x' + '72'.repeat(20)] as const;
export const L1_ORIGIN = '0x' + '0e'.repeat(32);
export const SCHEDULE = 0x5c4edn;

/** The shipped Base mainnet config, optionally edited (e.g. a schedule-id journal, other pins). */
export function baseConfig(edit?: (json: Record<string, any>) => void): OpStackConfig {
  const json = JSON.parse(JSON.stringify(BASE_MAINNET)) as Record<string, any>;
  edit?.(json);
  return parseOpStackConfig(json);
}
export const CONFIG = baseConfig();

/** How a game got its proofs: TEE at creation then ZK by verifyProposalProof (Base's proposer), ZK at creation, TEE only, or ZK sent through a contract. */
export type Mode = 'tee-then-zk' | 'zk-at-creation' | 'tee-only' | 'zk-via-contract';

export interface GameSpec {
  proxy: string;
  l2Block: bigint;
  parent: string;
  startingRoot: bigint;
  startingBlock: bigint;
  createdAt: bigint;
  /** When the ZK proof came (tee-then-zk, zk-via-contract). */
  zkAt: bigint;
  mode: Mode;
  release: typeof PLONK;
  roots: Uint8Array[];
  proof: Uint8Array;
}

export const rootOfBlock = (l2Block: bigint) => claimOf(isthmusHeader(l2Block));

/** Game k (0: the accepted one, 1: its parent): 600 blocks each, 20 intermediate roots (the last its root claim). */
export function gameSpec(config: OpStackConfig, k: number, o: Partial<GameSpec> = {}): GameSpec {
  const l2Block = 40_000_000n - 600n * BigInt(k);
  const roots = Array.from({ length: 20 }, (_, i) => (i === 19 ? rootOfBlock(l2Block) : keccak256(new TextEncoder().encode(`root ${l2Block} ${i}`))));
  const createdAt = NOW - 3n * DAY - 1200n * BigInt(k);
  return {
    proxy: GAMES[k]!,
    l2Block,
    parent: k + 1 < GAMES.length ? GAMES[k + 1]! : config.anchorStateRegistry.address,
    startingRoot: BigInt(bytesToHex(rootOfBlock(l2Block - 600n))),
    startingBlock: l2Block - 600n,
    createdAt,
    zkAt: createdAt + 3600n,
    mode: 'tee-then-zk',
    release: PLONK,
    roots,
    proof: concatBytes(hexToBytes(PLONK.selector), new Uint8Array(900).fill(0x40 + k)),
    ...o,
  };
}

export const implOf = (config: OpStackConfig) => config.games.at(-1)!;

/** The game's CWIA args: creator ‖ rootClaim ‖ l1Head ‖ l2SequenceNumber ‖ parent ‖ roots. */
export function argsOf(g: GameSpec): Uint8Array {
  return concatBytes(hexToBytes(CREATOR, 20), g.roots[19]!, hexToBytes('0x' + '1d'.repeat(32)), bigIntToBytesPadded(g.l2Block, 32), hexToBytes(g.parent, 20), ...g.roots);
}


export interface World {
  storage: Map<string, Map<string, bigint>>;
  code: Map<string, Uint8Array>;
}

const ZKV_CODE = hexToBytes('0x' + '5a'.repeat(64));
const IMPL_CODE = hexToBytes('0x' + '6a'.repeat(96));

const provers = (g: GameSpec) => {
  const zk = g.mode === 'tee-only' ? 0n : g.mode === 'zk-at-creation' ? BigInt(CREATOR) : BigInt(OTHER_PROVER);
  const tee = g.mode === 'zk-at-creation' ? 0n : BigInt(CREATOR);
  return { tee, zk };
};

/** The L1 state of `games` (the accepted one first) as config says it is laid out. */
export function world(config: OpStackConfig, games: GameSpec[], over: { route?: string; gatewayFor?: string } = {}): World {
  const w: World = { storage: new Map(), code: new Map() };
  const set = (a: string, key: string, v: bigint) => {
    const m = w.storage.get(a.toLowerCase()) ?? new Map<string, bigint>();
    m.set(key, v);
    w.storage.set(a.toLowerCase(), m);
  };
  for (const p of [config.disputeGameFactory, config.anchorStateRegistry, config.optimismPortal]) if (p.implementation) set(p.address, EIP1967_IMPLEMENTATION_SLOT, BigInt(p.implementation));
  const asr = config.anchorStateRegistry;
  set(asr.address, storageKey({ slot: asr.respectedGameTypeSlot }), 621n | (1000n << 32n));
  const f = config.disputeGameFactory;
  set(f.address, storageKey({ slot: f.disputeGameListSlot }), BigInt(games.length));
  const impl = implOf(config);
  // The list holds the oldest first: the accepted game is the newest entry.
  [...games].reverse().forEach((g, i) => {
    set(f.address, arrayElementKey(f.disputeGameListSlot, BigInt(i)), (621n << 224n) | (g.createdAt << 160n) | BigInt(g.proxy));
    w.code.set(g.proxy, cloneCode(impl.implementation, argsOf(g)));
    const resolvedAt = g.createdAt + 2n * DAY;
    set(g.proxy, storageKey({ slot: 0n }), g.createdAt | (resolvedAt << 64n) | (2n << 128n) | (1n << 136n) | (1n << 144n));
    set(g.proxy, storageKey({ slot: 1n }), g.startingRoot);
    set(g.proxy, storageKey({ slot: 2n }), g.startingBlock);
    const { tee, zk } = provers(g);
    set(g.proxy, mappingKey(6n, 0n), tee);
    set(g.proxy, mappingKey(6n, 1n), zk);
    const count = (tee !== 0n ? 1n : 0n) + (zk !== 0n ? 1n : 0n);
    const expected = count === 2n ? (g.zkAt + DAY < g.createdAt + 5n * DAY ? g.zkAt + DAY : g.createdAt + 5n * DAY) : g.createdAt + 5n * DAY;
    set(g.proxy, storageKey({ slot: 7n }), expected | (count << 64n));
    set(g.proxy, storageKey({ slot: 8n }), SCHEDULE);
  });
  const zk = impl.zk!;
  w.code.set(impl.implementation, IMPL_CODE);
  w.code.set(zk.zkVerifier, ZKV_CODE);
  for (const r of [PLONK, GROTH16]) {
    const pinned = config.zkGateways!.find((p) => p.gateway === zk.gateway)!.releases.find((x) => x.id === r.id)?.verifier ?? '0x' + '00'.repeat(20);
    set(zk.gateway, mappingKey(1n, BigInt(r.selector) << 224n), BigInt(over.route !== undefined && r === PLONK ? over.route : pinned));
  }
  return w;
}

/** The getters of the world's implementation and ZKVerifier (their immutables); `swap` changes one. */
export function runViewOf(config: OpStackConfig, swap: Partial<Record<'aggregateHash' | 'rangeHash' | 'configHash' | 'zkVerifier' | 'gateway', string>> = {}): RunView {
  const zk = implOf(config).zk!;
  const pad = (a: string) => toHex(BigInt(a), { size: 32 });
  const answers: Record<string, string> = {
    [viemKeccak(new TextEncoder().encode('ZK_AGGREGATE_HASH()')).slice(0, 10)]: swap.aggregateHash ?? zk.aggregateHash,
    [viemKeccak(new TextEncoder().encode('ZK_RANGE_HASH()')).slice(0, 10)]: swap.rangeHash ?? zk.rangeHash,
    [viemKeccak(new TextEncoder().encode('CONFIG_HASH()')).slice(0, 10)]: swap.configHash ?? zk.configHash,
    [viemKeccak(new TextEncoder().encode('ZK_VERIFIER()')).slice(0, 10)]: pad(swap.zkVerifier ?? zk.zkVerifier),
  };
  return async (code, calldata) => {
    const sel = bytesToHex(calldata);
    if (code === ZKV_CODE || bytesToHex(code) === bytesToHex(ZKV_CODE)) return sel === viemKeccak(new TextEncoder().encode('SP1_VERIFIER()')).slice(0, 10) ? hexToBytes(pad(swap.gateway ?? zk.gateway)) : null;
    return answers[sel] !== undefined ? hexToBytes(answers[sel]!) : null;
  };
}

/** What the follower proves, in rounds, from plain values of `w`. */
export function prove(config: OpStackConfig, w: World, extra: L1AccountRequest[] = [], into?: ProvenL1Storage): ProvenL1Storage {
  const proven: ProvenL1Storage = into ?? { blockNumber: 900n, blockHash: '0x' + '99'.repeat(32), timestamp: NOW, accounts: new Map() };
  const fill = (requests: L1AccountRequest[]) => {
    let fresh = false;
    for (const req of requests) {
      const a = req.address.toLowerCase();
      const code = w.code.get(a);
      const held = proven.accounts.get(a) ?? { codeHash: bytesToHex(keccak256(code ?? new Uint8Array())), storage: new Map<string, bigint>() };
      if (!proven.accounts.has(a)) fresh = true;
      for (const ref of req.slots) {
        const key = storageKey(ref);
        if (!held.storage.has(key)) fresh = true;
        held.storage.set(key, w.storage.get(a)?.get(key) ?? 0n);
      }
      if (req.code && held.code === undefined) {
        held.code = code ?? new Uint8Array();
        fresh = true;
      }
      proven.accounts.set(a, held);
    }
    return fresh;
  };
  if (extra.length > 0) {
    fill(extra);
    return proven;
  }
  for (let round = 0; round < 12 && fill(opStackAdapter.l1Slots(config, round === 0 ? undefined : proven)); round++);
  return proven;
}

/** The transaction that carried game `g`'s ZK proof (or, TEE only, created it), with its receipt. */
export function proofTx(config: OpStackConfig, g: GameSpec): CommitEvidence {
  const impl = implOf(config);
  const pad = (a: string) => toHex(BigInt(a), { size: 32 });
  const created = { address: config.disputeGameFactory.address, topics: [GAME_CREATED_TOPIC, pad(g.proxy), pad('0x26d'), bytesToHex(g.roots[19]!)], data: '0x' };
  const proved = (who: string, type: number) => ({ address: g.proxy, topics: [PROVED_TOPIC, pad(who), pad(`0x${type}`)], data: '0x' });
  const extraData = bytesToHex(argsOf(g).subarray(0x54));
  const tee = concatBytes(Uint8Array.of(0), hexToBytes(L1_ORIGIN), bigIntToBytesPadded(123n, 32), new Uint8Array(65).fill(0xee));
  const zkInit = concatBytes(Uint8Array.of(1), hexToBytes(L1_ORIGIN), bigIntToBytesPadded(123n, 32), g.proof);
  const create = (init: Uint8Array) =>
    CREATE_WITH_INIT_DATA + encodeAbiParameters([{ type: 'uint32' }, { type: 'bytes32' }, { type: 'bytes' }, { type: 'bytes' }], [impl.gameType, bytesToHex(g.roots[19]!) as `0x${string}`, extraData as `0x${string}`, bytesToHex(init) as `0x${string}`]).slice(2);
  const verify = VERIFY_PROPOSAL_PROOF + encodeAbiParameters([{ type: 'bytes' }], [bytesToHex(concatBytes(Uint8Array.of(1), g.proof)) as `0x${string}`]).slice(2);
  const tx = (to: string, input: string) => ({ to, input, hash: '0x' + 'ee'.repeat(32), blockNumber: '0x1f4' });
  switch (g.mode) {
    case 'tee-only':
      return { tx: tx(config.disputeGameFactory.address, create(tee)), receipt: { status: '0x1', logs: [proved(CREATOR, 0), created] } };
    case 'zk-at-creation':
      return { tx: tx(config.disputeGameFactory.address, create(zkInit)), receipt: { status: '0x1', logs: [proved(CREATOR, 1), created] } };
    case 'tee-then-zk':
      return { tx: tx(g.proxy, verify), receipt: { status: '0x1', logs: [proved(OTHER_PROVER, 1)] } };
    case 'zk-via-contract':
      return { tx: tx(PROPOSER_CONTRACT, '0x12345678' + verify.slice(2)), receipt: { status: '0x1', logs: [proved(OTHER_PROVER, 1)] } };
  }
}

/** The check the AggregateVerifier would hand the ZKVerifier, built independently (viem encodePacked): what the recorded verifier accepts. */
export function recordedCheck(config: OpStackConfig, g: GameSpec, o: { scheduleId?: boolean } = {}): ProofCheck {
  const zk = implOf(config).zk!;
  const proposer = g.mode === 'zk-at-creation' ? CREATOR : OTHER_PROVER;
  const l1Origin = g.mode === 'zk-at-creation' ? L1_ORIGIN : '0x' + '1d'.repeat(32);
  const types = ['address', 'bytes32', 'bytes32', 'uint64', 'bytes32', 'uint64', 'bytes', 'bytes32', 'bytes32'] as const;
  const values = [proposer, l1Origin, toHex(g.startingRoot, { size: 32 }), g.startingBlock, bytesToHex(g.roots[19]!), g.l2Block, bytesToHex(concatBytes(...g.roots)), zk.configHash, zk.rangeHash] as const;
  const packed = o.scheduleId ? encodePacked([...types, 'bytes32'], [...values, toHex(SCHEDULE, { size: 32 })] as never) : encodePacked([...types], [...values] as never);
  return { system: 'sp1', vkey: { release: g.release.id, programVKey: zk.aggregateHash }, proof: bytesToHex(g.proof), publicSignals: [viemKeccak(packed)] };
}

/** The step of game `proxy` the adapter names. */
export function stepOf(config: OpStackConfig, proven: ProvenL1Storage, proxy: string): ProofStep {
  const named = opStackAdapter.proofSteps!(config, proven, { root: 0n, batch: 0n, acceptedAt: 0n, status: 'finalized' });
  const step = named.steps.find((s) => s.id === proxy);
  if (step === undefined) throw new Error(`no step of ${proxy}: ${named.reason ?? named.steps.map((s) => s.id).join(',')}`);
  return step;
}

/** stepProof of game `g` with the slots its step names proven first, as the follower does. */
export async function stepProofOf(config: OpStackConfig, w: World, g: GameSpec, o: { evidence?: CommitEvidence; runView?: RunView } = {}) {
  const proven = prove(config, w);
  const step = stepOf(config, proven, g.proxy);
  const ev = o.evidence ?? proofTx(config, g);
  prove(config, w, opStackAdapter.stepSlots!(config, step, ev, proven) as L1AccountRequest[], proven);
  return opStackAdapter.stepProof!(config, proven, step, ev, o.runView ?? runViewOf(config));
}

/** A follower over a world: storage and code from it, each L2 header from the hint, the proof transactions found by their logs, a recorded verifier. */
export function follower(config: OpStackConfig, games: GameSpec[], o: { w?: World; runView?: RunView; verify?: (check: ProofCheck) => boolean; evidence?: (g: GameSpec, ev: CommitEvidence) => CommitEvidence } = {}) {
  const w = o.w ?? world(config, games);
  const calls = { proofs: 0, lookups: 0 };
  const byHash = new Map<string, CommitEvidence>();
  const deps: RollupFollowerDeps<OpStackConfig, unknown> = {
    adapter: opStackAdapter as never,
    config,
    readStorage: async (_h, address, keys) => ({ codeHash: bytesToHex(keccak256(w.code.get(address) ?? new Uint8Array())), storage: new Map(keys.map((k) => [k, w.storage.get(address)?.get(k) ?? 0n])) }),
    readCode: async (_h, address) => w.code.get(address) ?? new Uint8Array(),
    l2Header: async (query) => ('blockNumber' in query ? { header: encodeHeader(isthmusHeader(query.blockNumber)) } : null),
    stepTxOf: async (log, l1Timestamp) => {
      calls.lookups++;
      const g = games.find((x) => x.proxy === log.address || log.topics[1] === toHex(BigInt(x.proxy), { size: 32 }));
      if (g === undefined) return null;
      const at = g.mode === 'tee-only' || g.mode === 'zk-at-creation' ? g.createdAt : g.zkAt;
      if (at !== l1Timestamp) return null;
      const real = proofTx(config, g);
      if (!real.receipt.logs.some((l) => l.address === log.address && l.topics.join() === log.topics.join())) return null;
      const ev = o.evidence ? o.evidence(g, real) : real;
      const hash = toHex(BigInt(g.proxy), { size: 32 });
      byHash.set(hash, ev);
      return hash;
    },
    transaction: async (hash) => byHash.get(hash)?.tx ?? null,
    receipt: async (hash) => byHash.get(hash)?.receipt ?? null,
    commitTxOf: async () => null,
    verifyProof: async (check) => {
      calls.proofs++;
      if (o.verify) return o.verify(check);
      return games.some((g) => JSON.stringify(check) === JSON.stringify(recordedCheck(config, g)));
    },
    runView: o.runView ?? runViewOf(config),
    accountProof: async () => null,
  };
  return { follower: new RollupFollower(deps), calls };
}

export const HEAD = { blockNumber: 900n, blockHash: '0x' + '99'.repeat(32), stateRoot: '0x' + '98'.repeat(32), timestamp: NOW };
