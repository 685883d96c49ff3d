/**
 * One-shot: verified eth_call on the devnet — an ERC-20 `balanceOf` and a two-hop pair quote
 * (`VigilQuoter.getAmountsOut(amount, [token, tokenB, tokenC])`) — Vigil against the node's own
 * plain eth_call and against @lodestar/prover 1.23.0's verified eth_call, in the same run, on the
 * same devnet: Vigil and the node at Vigil's verified head, the prover at its own (a block or two
 * later, the same contract state; it cannot call at any other unfinalized block, see below).
 *
 * - The devnet runs in a child process (bench/execution-devnet.ts: `startDevnet` with the demo
 *   contracts, Deneb → Hardhat cancun, 1 s slots, minimal preset, and a beacon-API adapter the
 *   prover needs), so that slot production does not share this event loop.
 * - Vigil: an in-process light client (L1Sync) following the devnet gives the verified head;
 *   `verifiedCall` with an in-process `ExecutionEngine` and `blockEnvAt(head, config)`, RPC = the
 *   devnet's proxy (`info.executionRpc`, which serves eth_createAccessList). Modes: cold (a fresh
 *   engine per call: every proof fetched), warm (the same engine, same block: answered from
 *   proven state), next block (the same engine at each new verified head: a new state root,
 *   code already known).
 * - Anchor (a): the node's plain eth_call on `info.nodeRpc` (Hardhat, no proxy), same block.
 *   Target: Vigil within 3× of it.
 * - Anchor (b): @lodestar/prover 1.23.0 (bench/execution-prover: its own npm project, so that it
 *   runs on the @lodestar 1.23.0 packages it was released with), `createVerifiedExecutionProvider`
 *   with the devnet's beacon API (through the adapter), the devnet's checkpoint and network config,
 *   and an EIP-1193 HTTP provider on the same proxy. Target: Vigil ≥ 5× faster.
 * - Every contender's answer is checked against the node's before anything is timed.
 *
 * Samples: contenders take turns (in an order shuffled each round) after untimed warm-up rounds; median
 * and p90 of wall-clock ms per call. Cold calls are also run instrumented (the RPC and the engine
 * wrapped here, nothing in src/ changed), and so are the next-block ones, to break them down into
 * engine steps and round trips; then the pieces alone (proof verification, the proof batch,
 * eth_createAccessList, EVM creation) and a CPU profile of the warm engine step.
 *
 * The prover lives in its own npm project, installed here the first time (`npm ci --prefix
 * bench/execution-prover`); if that fails the prover rows say why and the rest is measured.
 *
 * Usage: node --import tsx bench/execution-calls.ts [rounds]   (default 80; BENCH_QUICK=1: 6). Prints markdown.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCustomCommon, Mainnet } from '@ethereumjs/common';
import { createEVM } from '@ethereumjs/evm';
import { encodeFunctionData, type Hex } from 'viem';
import { beaconApiFor } from '../src/client/light-client/beacon-api.ts';
import { blockEnvAt } from '../src/client/verified/execution-env.ts';
import { ExecutionRpc } from '../src/client/verified/execution-rpc.ts';
import { L1Sync } from '../src/client/light-client/sync.ts';
import { memoryPersistence } from '../src/client/light-client/store-persistence.ts';
import { verifiedCall, type CallExecutor } from '../src/client/verified/call.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { keccak256 } from '../src/crypto/keccak.ts';
import { sha256 } from '../src/crypto/sha256.ts';
import { ARTIFACTS } from '../src/devnet/contracts/artifacts.ts';
import type { DevnetInfo } from '../src/devnet/devnet.ts';
import { type BlockEnv, blockEnvToJson } from '../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionReply, type ExecutionTask, type FetchedAccount } from '../src/execution/engine.ts';
import { CodeStore, ProvenState } from '../src/execution/state.ts';
import { parseNetworkConfig } from '../src/l1/config.ts';
import type { VerifiedHead } from '../src/l1/heads.ts';
import { TransportError } from '../src/rpc/errors.ts';
import { jsonRpcCall, type JsonRpcRequest } from '../src/rpc/http.ts';
import { localProcessorFor } from '../src/l1/processor.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? (QUICK ? 6 : 80));
const WARMUP_ROUNDS = QUICK ? 2 : 5;
const NEXT_BLOCKS = QUICK ? 2 : 15; // per variant
const PROFILE_CALLS = QUICK ? 4 : 20;
const RPC_OPTIONS = { timeoutMs: 15_000, maxBytes: 1 << 24 };
const LOAD_BEFORE = loadavg()[0]!;
// Lodestar reads its preset once, when @lodestar/params loads (the prover is imported later).
process.env.LODESTAR_PRESET = 'minimal';

// ---------------------------------------------------------------- devnet and light clients

interface Started {
  info: DevnetInfo;
  proverBeaconApi: string;
}

/** bench/execution-devnet.ts in a child process; it stops when we exit (its stdin closes). */
async function startDevnetChild(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/execution-devnet.ts'], {
    cwd: ROOT,
    env: { ...process.env, LODESTAR_PRESET: 'minimal' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
  process.once('exit', () => child.kill('SIGTERM'));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devnet not ready within 120 s:\n${stderr}`)), 120_000);
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`bench/execution-devnet.ts exited with ${code}:\n${stderr}`)));
  });
  child.stdout!.resume();
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  return JSON.parse(line) as Started;
}

await cryptoReady();
const { info, proverBeaconApi } = await startDevnetChild();
const C = info.contracts!;
const config = parseNetworkConfig(info.network);
const sync = new L1Sync({
  processor: localProcessorFor(config),
  network: 'devnet',
  config,
  api: beaconApiFor(config, [info.beaconApi], { retries: 0 }),
  persistence: memoryPersistence(),
  checkpoint: info.checkpoint,
});
await sync.init();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Steps the light client until its optimistic head is past `after` (slot); returns the head. */
async function nextHead(after: bigint, timeoutMs = 20_000): Promise<VerifiedHead> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sync.step();
    const h = sync.optimistic;
    if (h && h.slot > after) return h;
    if (Date.now() > deadline) throw new Error(`no verified head past slot ${after} within ${timeoutMs} ms`);
    await sleep(200);
  }
}
/**
 * The next verified head with another state root: a token transfer between two accounts the calls
 * never read (accounts[5] → accounts[6], 1 wei of VTA) goes into the next block, as blocks on a
 * live chain change state; empty devnet blocks would keep the root, and Vigil would answer from
 * the state it already proved.
 */
async function nextState(after: VerifiedHead): Promise<VerifiedHead> {
  const [from, to] = [info.accounts[5]!, info.accounts[6]! as Hex];
  const data = encodeFunctionData({ abi: ARTIFACTS.VigilToken.abi, functionName: 'transfer', args: [to, 1n] });
  await jsonRpcCall(info.nodeRpc, 'eth_sendTransaction', [{ from, to: info.contracts!.token, data, gas: '0x186a0' }], RPC_OPTIONS);
  let h = after;
  for (let i = 0; i < 10; i++) {
    h = await nextHead(h.slot);
    if (bytesToHex(h.execution.stateRoot) !== bytesToHex(after.execution.stateRoot)) return h;
  }
  throw new Error(`the state root stayed ${bytesToHex(after.execution.stateRoot)} for 10 heads`);
}
let head = await nextHead(0n);
while (head.execution.blockNumber <= BigInt(C.seededAt)) head = await nextHead(head.slot);
const env = blockEnvAt(head, config);
const block = bigIntToHex(env.number);

// ---------------------------------------------------------------- the prover

interface Prover {
  syncMs: number;
  call(tx: unknown, block?: string): Promise<{ result?: string; error?: { code: number; message: string } }>;
  head(): { slot: number; blockNumber: number; blockHash: string };
  latestPayload(): { blockNumber: number; blockHash: string; stateRoot: string } | undefined;
  counters: { roundTrips: number; methods: Record<string, number>; batchSizes: number[]; rpcMs: number; rewriteMs: number };
  proofProvider: unknown;
}
interface ProverModule {
  versions: Record<string, string>;
  startProver(o: { beaconApi: string; executionRpc: string; network: unknown; checkpoint: string; logLevel?: string }): Promise<Prover>;
  createVmMs(proofProvider: unknown, n: number): Promise<number[]>;
}
const PROVER_DIR = `${ROOT}bench/execution-prover`;
let prover: Prover | undefined;
let proverModule: ProverModule | undefined;
let proverProblem: string | undefined;
let proverBlock: { number: number; stateRoot: string } | undefined;
const proverRetries: string[] = [];
if (!existsSync(`${PROVER_DIR}/node_modules/@lodestar/prover/package.json`)) {
  // The anchor installs itself (from its lock file) the first time, as the root's devDependencies do.
  const npm = spawnSync('npm', ['ci', '--prefix', PROVER_DIR, '--no-audit', '--no-fund'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (npm.status !== 0) proverProblem = `@lodestar/prover could not be installed (npm ci --prefix bench/execution-prover): ${npm.stderr.trim().split('\n').at(-1)}`;
}
if (proverProblem === undefined) {
  try {
    proverModule = (await import(pathToFileURL(`${PROVER_DIR}/prover.mjs`).href)) as ProverModule;
    // Its readiness races its first head (see startProver): a few tries, each stopped if it fails.
    for (let attempt = 1; prover === undefined; attempt++) {
      try {
        prover = await proverModule.startProver({ beaconApi: proverBeaconApi, executionRpc: info.executionRpc, network: info.network, checkpoint: info.checkpoint, logLevel: 'error' });
      } catch (err) {
        if (attempt >= 4) throw err;
        proverRetries.push((err as Error).message.split('\n')[0]!);
      }
    }
    // The prover takes each payload from the beacon API as it comes (the adapter's): make sure the
    // one it calls at ('latest', its head) is the node's block its light client verified. (Its
    // payload history keeps no other unfinalized block: getExecutionPayloads links blocks with
    // `parentHash === blockHash` on two Uint8Arrays, never true; so it is called at its head.)
    const h = prover.head();
    const p = prover.latestPayload()!;
    const node = (await jsonRpcCall(info.nodeRpc, 'eth_getBlockByNumber', [bigIntToHex(h.blockNumber), false], RPC_OPTIONS)) as { hash: string; stateRoot: string };
    if (p.blockHash !== h.blockHash || node.hash !== h.blockHash || node.stateRoot !== p.stateRoot) {
      throw new Error(`the prover's payload ${p.blockHash} (state root ${p.stateRoot}) is not its head ${h.blockHash} as the node has it`);
    }
    proverBlock = { number: h.blockNumber, stateRoot: node.stateRoot };
  } catch (err) {
    proverProblem = `@lodestar/prover could not follow the devnet: ${(err as Error).message.split('\n')[0]}`;
    prover = undefined;
  }
}

// ---------------------------------------------------------------- the calls

const holder = info.accounts[1]! as Hex;
const CALLS = [
  {
    key: 'balanceOf',
    title: 'ERC-20 `balanceOf(holder)` on `contracts.token`',
    call: { to: C.token, data: encodeFunctionData({ abi: ARTIFACTS.VigilToken.abi, functionName: 'balanceOf', args: [holder] }) },
  },
  {
    key: 'quote',
    title: 'pair quote `quoter.getAmountsOut(1000e18, [token, tokenB, tokenC])` (2 pairs)',
    call: {
      to: C.quoter,
      data: encodeFunctionData({
        abi: ARTIFACTS.VigilQuoter.abi,
        functionName: 'getAmountsOut',
        args: [1000n * 10n ** 18n, [C.token as Hex, C.tokenB as Hex, C.tokenC as Hex]],
      }),
    },
  },
] as const;

const rpc = new ExecutionRpc({ endpoints: [info.executionRpc] });
const nodeCall = (call: unknown, at = block) => jsonRpcCall(info.nodeRpc, 'eth_call', [call, at], RPC_OPTIONS) as Promise<string>;
const proxyCall = (call: unknown, at = block) => jsonRpcCall(info.executionRpc, 'eth_call', [call, at], RPC_OPTIONS) as Promise<string>;
const accessList = (call: unknown, at: string) => jsonRpcCall(info.executionRpc, 'eth_createAccessList', [call, at], RPC_OPTIONS);

interface VigilOptions {
  at?: BlockEnv;
  hint?: boolean;
  rpc?: ExecutionRpc;
}
async function vigil(engine: CallExecutor, call: unknown, o: VigilOptions = {}): Promise<string> {
  const { outcome } = await verifiedCall({ rpc: o.rpc ?? rpc, executor: engine, env: o.at ?? env, mode: 'call', call, hint: o.hint ?? true });
  if (outcome.status !== 'success') throw new Error(`Vigil: ${outcome.status} ${outcome.message ?? ''}`);
  return outcome.returnData;
}
async function proverCall(call: unknown): Promise<string> {
  const r = await prover!.call(call, 'latest');
  if (r.result === undefined) throw new Error(`prover: ${JSON.stringify(r.error)}`);
  return r.result;
}

// Every contender's answer, once, against the node's.
const warmEngines = new Map<string, ExecutionEngine>();
const expected = new Map<string, string>();
for (const c of CALLS) {
  const want = await nodeCall(c.call);
  expected.set(c.key, want);
  const got: [string, string][] = [
    ['node via proxy', await proxyCall(c.call)],
    ['Vigil', await vigil(new ExecutionEngine(), c.call)],
    ['Vigil without hint', await vigil(new ExecutionEngine(), c.call, { hint: false })],
  ];
  const warm = new ExecutionEngine();
  await vigil(warm, c.call);
  warmEngines.set(c.key, warm);
  got.push(['Vigil warm', await vigil(warm, c.call)]);
  if (prover) got.push(['prover', await proverCall(c.call)]);
  for (const [who, value] of got) if (value !== want) throw new Error(`${c.key}: ${who} answered ${value}, the node ${want}`);
}

// ---------------------------------------------------------------- timing helpers

const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
};
const median = (xs: number[]) => quantile(xs, 0.5);
const p90 = (xs: number[]) => quantile(xs, 0.9);

interface Event {
  kind: 'engine' | 'rpc';
  label: string;
  start: number;
  end: number;
}
interface Trace {
  total: number;
  events: Event[];
  requests: Record<string, number>;
  batches: number[];
  steps: number;
  fetched: FetchedAccount[];
}

/** ExecutionRpc and executor wrapped: every round trip and engine step timed (src/ untouched). */
function traced(engine: ExecutionEngine): { rpc: ExecutionRpc; executor: CallExecutor; trace: Trace; start: () => void } {
  let base = 0;
  const trace: Trace = { total: 0, events: [], requests: {}, batches: [], steps: 0, fetched: [] };
  const count = (method: string) => (trace.requests[method] = (trace.requests[method] ?? 0) + 1);
  const wrapped = {
    get endpoints() {
      return rpc.endpoints;
    },
    demote: (e: string) => rpc.demote(e),
    async call(method: string, params: readonly unknown[], maxBytes?: number) {
      const start = performance.now() - base;
      count(method);
      try {
        return await rpc.call(method, params, maxBytes);
      } finally {
        trace.events.push({ kind: 'rpc', label: method, start, end: performance.now() - base });
      }
    },
    async batchAt(endpoint: string, requests: JsonRpcRequest[], maxBytes?: number) {
      const start = performance.now() - base;
      for (const r of requests) count(r.method);
      trace.batches.push(requests.length);
      try {
        return await rpc.batchAt(endpoint, requests, maxBytes);
      } finally {
        const methods = new Map<string, number>();
        for (const r of requests) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
        const label = `batch of ${requests.length} (${[...methods].map(([m, n]) => `${n} ${m}`).join(', ')})`;
        trace.events.push({ kind: 'rpc', label, start, end: performance.now() - base });
      }
    },
  } as unknown as ExecutionRpc;
  const executor: CallExecutor = {
    async step(task: ExecutionTask): Promise<ExecutionReply> {
      const start = performance.now() - base;
      trace.steps++;
      const n = task.fetched?.length ?? 0;
      trace.fetched.push(...(task.fetched ?? []));
      try {
        return await engine.step(task);
      } finally {
        const label = `engine step ${trace.steps}${n ? ` (verify ${n} proof${n === 1 ? '' : 's'}, run)` : ' (run)'}`;
        trace.events.push({ kind: 'engine', label, start, end: performance.now() - base });
      }
    },
  };
  return { rpc: wrapped, executor, trace, start: () => (base = performance.now()) };
}

async function tracedCall(engine: ExecutionEngine, call: unknown, o: VigilOptions = {}): Promise<Trace> {
  const t = traced(engine);
  t.start();
  const t0 = performance.now();
  await vigil(t.executor, call, { ...o, rpc: t.rpc });
  t.trace.total = performance.now() - t0;
  return t.trace;
}

/** Milliseconds in which at least one event of `kind` was under way (overlaps counted once). */
function covered(events: Event[], kind: Event['kind']): number {
  const xs = events.filter((e) => e.kind === kind).sort((a, b) => a.start - b.start);
  let total = 0;
  let end = -Infinity;
  for (const e of xs) {
    if (e.start >= end) {
      total += e.end - e.start;
      end = e.end;
    } else if (e.end > end) {
      total += e.end - end;
      end = e.end;
    }
  }
  return total;
}

// ---------------------------------------------------------------- 1. same block: node, cold, warm, prover

interface Contender {
  key: string;
  fn: () => Promise<unknown>;
}

/**
 * Rounds: every contender once per round, in an order shuffled each round (a fixed seed), so that
 * none always follows the same other (the prover leaves garbage to collect, the proxy and Hardhat
 * may still be busy); warm-up rounds untimed.
 */
async function measure(contenders: Contender[], rounds: number, warmup: number): Promise<Map<string, number[]>> {
  const samples = new Map(contenders.map((c) => [c.key, [] as number[]]));
  let seed = 0x9e3779b9;
  const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  for (let r = -warmup; r < rounds; r++) {
    const order = [...contenders];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const c of order) {
      const ms = await time(c.fn);
      if (r >= 0) samples.get(c.key)!.push(ms);
    }
  }
  return samples;
}

const results = new Map<string, Map<string, number[]>>();
for (const c of CALLS) {
  const warm = warmEngines.get(c.key)!;
  const contenders: Contender[] = [
    { key: 'node', fn: () => nodeCall(c.call) },
    { key: 'proxy', fn: () => proxyCall(c.call) },
    { key: 'cold', fn: () => vigil(new ExecutionEngine(), c.call) },
    { key: 'cold-nohint', fn: () => vigil(new ExecutionEngine(), c.call, { hint: false }) },
    { key: 'warm', fn: () => vigil(warm, c.call) },
  ];
  if (prover) contenders.push({ key: 'prover', fn: () => proverCall(c.call) });
  results.set(c.key, await measure(contenders, ROUNDS, WARMUP_ROUNDS));
}

// The same cold calls, instrumented, for the breakdown; warm ones for the engine's share.
const coldTraces = new Map<string, { hint: Trace[]; nohint: Trace[] }>();
const warmTraces = new Map<string, Trace[]>();
for (const c of CALLS) {
  const hint: Trace[] = [];
  const nohint: Trace[] = [];
  for (let i = 0; i < PROFILE_CALLS; i++) {
    hint.push(await tracedCall(new ExecutionEngine(), c.call));
    nohint.push(await tracedCall(new ExecutionEngine(), c.call, { hint: false }));
  }
  coldTraces.set(c.key, { hint, nohint });
  const warm: Trace[] = [];
  for (let i = 0; i < PROFILE_CALLS * 5; i++) warm.push(await tracedCall(warmEngines.get(c.key)!, c.call));
  warmTraces.set(c.key, warm);
}

// The prover's calls split: time waiting on its RPC (its transport, timed) and the rest (a new VM,
// proof verification, the run); and its createVM alone.
const proverSplit = new Map<string, { total: number[]; rpc: number[] }>();
let proverVmMs: number[] = [];
if (prover) {
  for (const c of CALLS) {
    const total: number[] = [];
    const rpcMs: number[] = [];
    for (let i = 0; i < PROFILE_CALLS; i++) {
      const before = prover.counters.rpcMs;
      total.push(await time(() => proverCall(c.call)));
      rpcMs.push(prover.counters.rpcMs - before);
    }
    proverSplit.set(c.key, { total, rpc: rpcMs });
  }
  proverVmMs = (await proverModule!.createVmMs(prover.proofProvider, 12)).slice(2);
}

// ---------------------------------------------------------------- 2. next block

/**
 * One engine per call, stepped through new verified heads (a new state root each: nextState), its
 * code already known; the node's eth_call at the same block, timed next to it (who goes first
 * alternating). Two variants, alternating blocks:
 * - default: as Vigil calls (hint allowed). The engine's first run follows the last head's proven
 *   state and names every account and slot the call will read (`predicted`), so no access list
 *   is asked: one round trip;
 * - no hint: `hint: false`, the same but the hint could never be asked (a check that the default
 *   row does not wait on eth_createAccessList).
 * These calls are instrumented (the wrappers add microseconds).
 */
const NEXT_VARIANTS = [
  { key: 'default', hint: true, label: "as Vigil calls: the run on the last head's state predicts what to prove, no hint asked" },
  { key: 'nohint', hint: false, label: '`hint: false`' },
] as const;
type NextKey = (typeof NEXT_VARIANTS)[number]['key'];
const nextBlock = new Map<string, Map<NextKey, { traces: Trace[]; node: number[]; blocks: bigint[] }>>();
{
  const engines = new Map(CALLS.map((c) => [c.key, new ExecutionEngine()]));
  for (const c of CALLS) {
    await vigil(engines.get(c.key)!, c.call); // its code and the state of the first head known
    nextBlock.set(c.key, new Map(NEXT_VARIANTS.map((v) => [v.key, { traces: [], node: [], blocks: [] }])));
  }
  let h = head;
  for (let i = 0; i < NEXT_BLOCKS * NEXT_VARIANTS.length; i++) {
    h = await nextState(h);
    const e = blockEnvAt(h, config);
    const at = bigIntToHex(e.number);
    const v = NEXT_VARIANTS[i % NEXT_VARIANTS.length]!;
    for (const [k, c] of (i % 2 ? [...CALLS].reverse() : [...CALLS]).entries()) {
      const s = nextBlock.get(c.key)!.get(v.key)!;
      const nodeFirst = (k + Math.floor(i / NEXT_VARIANTS.length)) % 2 === 0;
      if (nodeFirst) s.node.push(await time(() => nodeCall(c.call, at)));
      s.traces.push(await tracedCall(engines.get(c.key)!, c.call, { at: e, hint: v.hint }));
      if (!nodeFirst) s.node.push(await time(() => nodeCall(c.call, at)));
      s.blocks.push(e.number);
    }
  }
  // The answers did not change (the transfers touch other accounts): check the last ones.
  for (const c of CALLS) {
    if ((await vigil(engines.get(c.key)!, c.call, { at: blockEnvAt(h, config) })) !== expected.get(c.key)) throw new Error(`${c.key}: the answer changed at block ${h.execution.blockNumber}`);
  }
}

// ---------------------------------------------------------------- 3. pieces alone

/** Proof verification alone: a cold call's fetched proofs and code, into a fresh ProvenState. */
function verifyMs(fetched: FetchedAccount[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const state = new ProvenState(env.stateRoot, new CodeStore());
    for (const f of fetched) {
      state.addProof(f.request, f.proof);
      if (f.code !== undefined) state.addCode(f.request.address, hexToBytes(f.code));
    }
    out.push(performance.now() - t0);
  }
  return out.slice(10);
}

/** A fresh @ethereumjs/evm, as the engine makes one when its pool is empty (a worker's first call). */
async function evmCreationMs(): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    const common = createCustomCommon({ chainId: Number(env.chainId) }, Mainnet, { hardfork: env.fork, customCrypto: { keccak256, sha256 } });
    await createEVM({ common });
    out.push(performance.now() - t0);
  }
  return out.slice(2);
}

/** The cold call's proof batch alone (HTTP batch to the proxy, as Vigil sends it). */
async function proofBatchMs(fetched: FetchedAccount[]): Promise<number[]> {
  const requests: JsonRpcRequest[] = [];
  for (const f of fetched) {
    requests.push({ method: 'eth_getProof', params: [f.request.address, f.request.slots, block] });
    if (f.code !== undefined) requests.push({ method: 'eth_getCode', params: [f.request.address, block] });
  }
  const out: number[] = [];
  for (let i = 0; i < 25; i++) out.push(await time(() => rpc.batchAt(info.executionRpc, requests, 1 << 24)).catch(retried));
  return out.slice(5).filter((ms) => ms >= 0);
}

/**
 * A CPU profile (V8's sampler through node:inspector, 100 µs) of warm engine steps: the functions
 * with the most self time, and how much of it is src/ (Vigil's own code) and garbage collection.
 */
async function engineProfile(engine: ExecutionEngine, call: unknown, iterations: number): Promise<{ top: [string, number][]; ownShare: number; gcShare: number }> {
  const task: ExecutionTask = { env: blockEnvToJson(env), mode: 'call', call, fetched: [], blockHashes: [] };
  for (let i = 0; i < 50; i++) await engine.step(task);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  for (let i = 0; i < iterations; i++) await engine.step(task);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let own = 0;
  let gc = 0;
  let counted = 0;
  for (const id of profile.samples ?? []) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    counted++;
    if (frame.functionName === '(garbage collector)') gc++;
    if (frame.url.includes('/src/') && !frame.url.includes('node_modules')) own++;
    const where = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src\/)/, '$1').replace('/dist/esm/', '/');
    const key = `${frame.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]): [string, number] => [k, n / counted]);
  return { top, ownShare: own / counted, gcShare: gc / counted };
}

/** eth_createAccessList on the proxy: at a block it has not traced yet, and again (its cache). */
async function accessListMs(call: unknown): Promise<{ fresh: number[]; cached: number[] }> {
  const fresh: number[] = [];
  const cached: number[] = [];
  let h = sync.optimistic!;
  for (let i = 0; i < (QUICK ? 2 : 6); i++) {
    h = await nextHead(h.slot);
    const at = bigIntToHex(h.execution.blockNumber);
    fresh.push(await time(() => accessList(call, at)).catch(retried));
    cached.push(await time(() => accessList(call, at)).catch(retried));
  }
  return { fresh: fresh.filter((ms) => ms >= 0), cached: cached.filter((ms) => ms >= 0) };
}

/**
 * For the pieces measured alone: a connection the proxy closed while idle (its keep-alive ran out
 * between two requests) fails one request; that sample is dropped (-1), the next opens a new one.
 */
function retried(err: unknown): number {
  if (err instanceof TransportError && err.code === 'NETWORK') {
    droppedSamples++;
    return -1;
  }
  throw err;
}
let droppedSamples = 0;

const pieces = new Map<string, { verify: number[]; batch: number[]; accessList: { fresh: number[]; cached: number[] }; profile: Awaited<ReturnType<typeof engineProfile>> }>();
for (const c of CALLS) {
  const fetched = typical(coldTraces.get(c.key)!.hint).fetched;
  pieces.set(c.key, {
    verify: verifyMs(fetched),
    batch: await proofBatchMs(fetched),
    accessList: await accessListMs(c.call),
    profile: await engineProfile(warmEngines.get(c.key)!, c.call, QUICK ? 100 : 1000),
  });
}
const evmMs = await evmCreationMs();

// ---------------------------------------------------------------- report

/** The trace whose total is the median. */
function typical(traces: Trace[]): Trace {
  return [...traces].sort((a, b) => a.total - b.total)[traces.length >> 1]!;
}
const totals = (traces: Trace[]) => traces.map((t) => t.total);
const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRatio = (x: number): string => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
const lines: string[] = [];
const out = (s = '') => lines.push(s);
const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const commit = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).map((l) => l.slice(3));

out(`### Verified eth_call on the devnet: Vigil vs the node's eth_call and @lodestar/prover (ms per call; ${ROUNDS} rounds)`);
out();
out(
  `Devnet: Deneb (Hardhat \`cancun\`), minimal preset, 1 s slots, demo contracts, in a child process. Vigil calls at its verified head, block ${env.number} ` +
    `(state root ${bytesToHex(env.stateRoot).slice(0, 10)}…); the node's eth_call is timed at the same block. Vigil's RPC and the prover's are the devnet's proxy ` +
    `(\`executionRpc\`, which adds eth_createAccessList) in front of Hardhat (\`nodeRpc\`).` +
    (proverBlock
      ? ` The prover calls at its own verified head, block ${proverBlock.number} (state root ${proverBlock.stateRoot.slice(0, 10)}…; no transaction between the two blocks, same contract state). ` +
        `Prover: @lodestar/prover ${proverModule!.versions.prover} on @lodestar/light-client ${proverModule!.versions['light-client']}, @ethereumjs/vm ${proverModule!.versions['@ethereumjs/vm']} (evm ${proverModule!.versions['@ethereumjs/evm']}).`
      : ''),
);
out();
const targets = (ms: number, node: number, proverMs: number | undefined) => {
  const t = [`≤ 3× node ${ms / node <= 3 ? '✅ met' : '❌ missed'}`];
  if (proverMs !== undefined) t.push(`≥ 5× faster than the prover ${proverMs / ms >= 5 ? '✅ met' : '❌ missed'}`);
  return t.join('; ');
};
for (const c of CALLS) {
  const s = results.get(c.key)!;
  const nodeMed = median(s.get('node')!);
  const proverMed = prover ? median(s.get('prover')!) : undefined;
  const vsProver = (ms: number) =>
    proverMed === undefined ? '' : ms === proverMed ? '1.00×' : proverMed >= ms ? `${fmtRatio(proverMed / ms)} faster` : `${fmtRatio(ms / proverMed)} slower`;
  const row = (label: string, xs: number[], node: number, withTargets: boolean) => {
    const m = median(xs);
    out(`| ${label} | ${f1(m)} | ${f1(p90(xs))} | ${fmtRatio(m / node)} | ${vsProver(m)} | ${withTargets ? targets(m, node, proverMed) : ''} |`);
  };
  out(`#### ${c.title}`);
  out();
  out('| contender | median ms | p90 ms | ÷ node eth_call | vs @lodestar/prover | targets |');
  out('|---|---:|---:|---:|---:|---|');
  out(`| node eth_call, Hardhat direct (anchor a) | ${f1(nodeMed)} | ${f1(p90(s.get('node')!))} | 1.00× | | |`);
  row('node eth_call through the devnet proxy (the hop Vigil\'s requests take; context)', s.get('proxy')!, nodeMed, false);
  if (proverMed !== undefined) row('@lodestar/prover eth_call (anchor b; keeps no state between calls: every call is cold)', s.get('prover')!, nodeMed, false);
  row('**Vigil cold**: fresh engine, every proof fetched and verified', s.get('cold')!, nodeMed, true);
  row('Vigil cold, `hint: false` (no eth_createAccessList)', s.get('cold-nohint')!, nodeMed, false);
  row('**Vigil warm**: same engine, same block (proven state, no round trip)', s.get('warm')!, nodeMed, true);
  for (const v of NEXT_VARIANTS) {
    const nb = nextBlock.get(c.key)!.get(v.key)!;
    const label = `${v.key === 'default' ? '**Vigil next block**' : 'Vigil next block'}: same engine, a new verified head (new state root, code known); ${v.label}. ${nb.traces.length} blocks, node at the same blocks: median ${f1(median(nb.node))} ms`;
    row(label, totals(nb.traces), median(nb.node), v.key !== 'nohint');
  }
  out();
}
if (prover === undefined) {
  out(`**@lodestar/prover not measured**: ${proverProblem}`);
} else {
  const pc = prover.counters;
  out(
    '- the prover, per call: a new VM (`createVM`: Blockchain.create + VM.create on a Shanghai `Common`; its own "TODO: Optimize the creation of the evm"), then 3 round trips in sequence — ' +
      'eth_createAccessList → one batch of eth_getProof + eth_getCode for every address the list names plus the sender (zero address) and the target → eth_getBlockByHash — ' +
      'proofs verified, state put into the VM, the call run. ' +
      `Over this run: ${pc.roundTrips} HTTP requests carrying ${Object.entries(pc.methods).map(([m, n]) => `${n} ${m}`).join(', ')} (batch sizes ${[...new Set(pc.batchSizes)].join(', ')}). ` +
      `Split (${PROFILE_CALLS} more calls each): ${CALLS.map((c) => {
        const ps = proverSplit.get(c.key)!;
        return `${c.key} ${f1(median(ps.total))} ms = ${f1(median(ps.rpc))} ms waiting on its 3 round trips + ${f1(median(ps.total.map((t, i) => t - ps.rpc[i]!)))} ms in-process`;
      }).join('; ')}; its createVM alone: ${f1(median(proverVmMs))} ms. ` +
      `Its sync to its head took ${f1(prover.syncMs)} ms (not timed)${proverRetries.length ? `, after ${proverRetries.length} start(s) given up (${proverRetries[0]})` : ''}.`,
  );
}
out(
  `- ms are wall clock per call; rounds: every contender once per round in a shuffled order, after ${WARMUP_ROUNDS} untimed rounds; every answer checked equal to the node's before timing. ` +
    'Ratios: "÷ node" = median ÷ the node\'s median (target ≤ 3); "vs prover" = the prover\'s median ÷ this median (target ≥ 5). ' +
    'The proxy answers eth_createAccessList by tracing the call on Hardhat (its cost: "pieces" below; a real node runs the call about twice) and caches the answer per block: ' +
      'cached in the same-block rows (the same block every round); at a new block the engine predicts what to prove and asks no hint.',
);
out(`- code measured: commit ${commit}${dirty.length ? `, with uncommitted changes in ${dirty.join(', ')} (as they stood)` : ''}.`);
out();

out("#### Where Vigil's time goes (the RPC and the engine wrapped in the bench; src/ unchanged)");
out();
out('| call, mode | total ms | engine steps | engine ms | RPC ms (wall; parallel once) | other ms | round trips in sequence (‖ = in parallel) | requests per call | batch sizes |');
out('|---|---:|---:|---:|---:|---:|---|---|---|');
const waves = (t: Trace): string => {
  const rpcs = t.events.filter((e) => e.kind === 'rpc').sort((a, b) => a.start - b.start);
  const ws: Event[][] = [];
  for (const e of rpcs) {
    const last = ws.at(-1);
    if (last && e.start < Math.max(...last.map((x) => x.end))) last.push(e);
    else ws.push([e]);
  }
  return `${ws.length}${ws.length ? ': ' : ''}${ws.map((w) => w.map((e) => e.label.replace(/^batch of \d+ /, 'batch ')).join(' ‖ ')).join(' → ')}`;
};
const breakdownRow = (label: string, traces: Trace[]) => {
  const m = (fn: (t: Trace) => number) => f1(median(traces.map(fn)));
  const eng = (t: Trace) => covered(t.events, 'engine');
  const io = (t: Trace) => covered(t.events, 'rpc');
  const t = typical(traces);
  const req = Object.entries(t.requests).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  out(`| ${label} | ${m((x) => x.total)} | ${t.steps} | ${m(eng)} | ${m(io)} | ${m((x) => x.total - eng(x) - io(x))} | ${waves(t)} | ${req} | ${t.batches.join(', ')} |`);
};
const modes = (c: (typeof CALLS)[number]): [string, Trace[]][] => [
  ['cold', coldTraces.get(c.key)!.hint],
  ['cold, `hint: false`', coldTraces.get(c.key)!.nohint],
  ['warm', warmTraces.get(c.key)!],
  ...NEXT_VARIANTS.map((v): [string, Trace[]] => [`next block, ${v.key}`, nextBlock.get(c.key)!.get(v.key)!.traces]),
];
for (const c of CALLS) for (const [mode, traces] of modes(c)) breakdownRow(`${c.key}, ${mode}`, traces);
out();
out("The median call of each, step by step (ms from the call's start):");
out();
for (const c of CALLS) {
  for (const [mode, traces] of modes(c)) {
    if (mode === 'warm') continue;
    const t = typical(traces);
    const ev = [...t.events].sort((a, b) => a.start - b.start).map((e) => `${e.label} ${f1(e.start)}–${f1(e.end)}`);
    out(`- ${c.key}, ${mode} (${f1(t.total)}): ${ev.join('; ')}`);
  }
}
out();
out('Pieces measured alone:');
out();
for (const c of CALLS) {
  const p = pieces.get(c.key)!;
  const fetched = typical(coldTraces.get(c.key)!.hint).fetched;
  const codes = fetched.filter((f) => f.code !== undefined).length;
  const slots = fetched.reduce((n, f) => n + f.request.slots.length, 0);
  out(
    `- ${c.key}: verifying the cold call's ${fetched.length} account proofs (${slots} slots) and ${codes} codes into a fresh ProvenState: ${f1(median(p.verify))} ms; ` +
      `the same ${fetched.length} eth_getProof + ${codes} eth_getCode as one batch to the proxy: ${f1(median(p.batch))} ms (p90 ${f1(p90(p.batch))}); ` +
      `eth_createAccessList on the proxy: ${f1(median(p.accessList.fresh))} ms for a block it has not traced, ${f1(median(p.accessList.cached))} ms from its cache; ` +
      `a warm call (one engine step: parse, an EVM from the pool, run on proven state): ${f1(median(totals(warmTraces.get(c.key)!)))} ms.`,
  );
}
if (droppedSamples) out(`- ${droppedSamples} sample(s) of the pieces dropped: the proxy had closed the idle connection.`);
out(`- a new @ethereumjs/evm (createCustomCommon + createEVM, what the engine does when its pool is empty: once per worker): ${f1(median(evmMs))} ms.`);
for (const c of CALLS) {
  const p = pieces.get(c.key)!.profile;
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  out(
    `- CPU profile of the warm ${c.key} engine step, self time: ${p.top.map(([k, x]) => `${k} ${pct(x)}`).join('; ')}; ` +
      `Vigil's own code (src/) ${pct(p.ownShare)} in all, garbage collection ${pct(p.gcShare)}, the rest @ethereumjs/evm, common and util.`,
  );
}
out();
const cpu = cpus();
out(
  `- machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}; node ${process.version}; ${new Date().toISOString()}; ` +
    `1-minute load average ${LOAD_BEFORE.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (this bench keeps about 1.3 busy: itself, the devnet process, Hardhat)`,
);
console.log(lines.join('\n'));
process.exit(0);
