/**
 * Verified calls against the devnet with its demo contracts: the answer of `verifiedCall` (the
 * local EVM over state proven against a head the in-process light client verified) is the node's
 * own answer at the same block, for hundreds of generated calls (seeded, so a failure reproduces),
 * for eth_estimateGas (Hardhat's search) and eth_createAccessList (the proxy's); repeated calls
 * are answered from what was proven; and a lying RPC never changes an answer: it is the honest
 * one or a VerificationError, and with an honest endpoint beside it, the honest one.
 *
 * The reference is the node itself (info.nodeRpc), asked at the block number of the verified
 * head. Hardhat quirks the comparisons allow for: its eth_call runs as dev account 0 without a
 * `from` (every call here names one); it gives BASEFEE 0 in every eth_call, with a gas price or
 * without (go-ethereum gives the header's base fee when a fee is named: so does Vigil); and it
 * skips the sender's balance check (go-ethereum refuses value the sender lacks: so does Vigil).
 */
import { readFileSync } from 'node:fs';
import { decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBigInt } from '../../src/core/bytes.ts';
import { VerificationError, type VigilError } from '../../src/core/errors.ts';
import { cryptoReady } from '../../src/crypto/backend.ts';
import { blockEnvAt } from '../../src/client/verified/execution-env.ts';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { verifiedCall, type VerifiedCallParams, type VerifiedCallResult } from '../../src/client/verified/call.ts';
import { VerifiedHeaders } from '../../src/client/verified/headers.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import type { ExecutionLayerFault } from '../../src/devnet/faults/names.ts';
import type { BlockEnv } from '../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionOutcome } from '../../src/execution/engine.ts';
import { httpJsonRpc, jsonRpcBatch, type JsonRpcOutcome, type JsonRpcRequest, type JsonRpcTransport } from '../../src/rpc/http.ts';
import { type Follower, follow, rpc, stepUntil } from './helpers.ts';

const T = ARTIFACTS.VigilToken.abi;
const P = ARTIFACTS.VigilPair.abi;
const Q = ARTIFACTS.VigilQuoter.abi;
const I = ARTIFACTS.VigilInspector.abi;
const PC = ARTIFACTS.VigilPrecompiles.abi;
const UNIT = 10n ** 18n;
/** The seed of the generated calls: change it to explore, keep it to reproduce. */
const SEED = 0x5eed_0011;
/** Gas for calls that would otherwise burn the whole default (2^24) in a loop: fail(OutOfGas). */
const SMALL_GAS = '0x40000';
/** What the devnet-contracts test gives precompile calls (Osaka caps a transaction at 2^24). */
const PRECOMPILE_GAS = '0xf00000';

let devnet: Devnet;
let C: NonNullable<Devnet['info']['contracts']>;
let accounts: Hex[];
let follower: Follower;
/** The block every comparison runs at: a verified optimistic head after the demo activity and a surplus paid into the pair. */
let env: BlockEnv;
let tag: string;
let headers: VerifiedHeaders;
/** The pair holds this much more VTA than its reserve says: a swap of it succeeds. */
const SURPLUS = 10n * UNIT;

const fn = (abi: Abi, functionName: string, args: readonly unknown[] = []) =>
  encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
const honestRpc = () => new ExecutionRpc({ endpoints: [devnet.info.executionRpc] });
const blockHash = (n: bigint) => headers.hashOf(n, env);

type Call = Record<string, string>;

/** A call's answer as both sides can give it: the return data, or a failure with its revert data. */
type Answer = { ok: true; data: string } | { ok: false; data: string };

function ours(o: ExecutionOutcome): Answer {
  return o.status === 'success' ? { ok: true, data: o.returnData } : { ok: false, data: o.returnData };
}

/** The node's answer: its result, or its error's revert data (Hardhat puts it in `data.data`; a bare string elsewhere). */
function theirs(o: JsonRpcOutcome): Answer {
  if (o.ok) return { ok: true, data: o.result as string };
  if (o.error.code !== 'RPC_ERROR') throw o.error;
  const d = o.error.rpcData;
  const data = typeof d === 'string' ? d : typeof d === 'object' && d !== null && typeof (d as { data?: unknown }).data === 'string' ? (d as { data: string }).data : '0x';
  return { ok: false, data };
}

/** Many requests to one endpoint, in batches of 100. */
async function batch(url: string, requests: readonly JsonRpcRequest[]): Promise<JsonRpcOutcome[]> {
  const out: JsonRpcOutcome[] = [];
  for (let i = 0; i < requests.length; i += 100) {
    out.push(...(await jsonRpcBatch(url, requests.slice(i, i + 100), { timeoutMs: 60_000, maxBytes: 1 << 26 })));
  }
  return out;
}

const nodeCalls = (calls: readonly Call[]) => batch(devnet.info.nodeRpc, calls.map((c) => ({ method: 'eth_call', params: [c, tag] })));

/** A transport that counts what passes through it, per method: requests and bytes of results. */
function countingTransport() {
  const requests = new Map<string, number>();
  const bytes = new Map<string, number>();
  const count = (method: string, result: unknown) => {
    requests.set(method, (requests.get(method) ?? 0) + 1);
    bytes.set(method, (bytes.get(method) ?? 0) + (result === undefined ? 0 : JSON.stringify(result).length));
  };
  const transport: JsonRpcTransport = {
    async call(url, method, params, options) {
      const result = await httpJsonRpc.call(url, method, params, options);
      count(method, result);
      return result;
    },
    async batch(url, reqs, options) {
      const answers = await httpJsonRpc.batch(url, reqs, options);
      answers.forEach((a, i) => count(reqs[i]!.method, a.ok ? a.result : undefined));
      return answers;
    },
  };
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    transport,
    requests,
    bytes,
    totalRequests: () => total(requests),
    totalBytes: () => total(bytes),
    reset() {
      requests.clear();
      bytes.clear();
    },
  };
}

beforeAll(async () => {
  await cryptoReady();
  devnet = await startDevnet({ secondsPerSlot: 1, contracts: true, faults: true });
  C = devnet.info.contracts!;
  accounts = devnet.info.accounts.map((a) => a.toLowerCase() as Hex);
  follower = await follow(devnet.info);
  // A surplus in the pair (VTA paid in, not yet swapped), so that a swap can be estimated.
  const paid = (await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [
    { from: accounts[9], to: C.token, data: fn(T, 'transfer', [C.pair, SURPLUS]), gas: '0x30000' },
  ])) as string;
  const receipt = await waitForReceipt(devnet.info.nodeRpc, paid);
  expect(receipt.status).toBe(1);
  // A few blocks on, so that BLOCKHASH has ancestors to prove.
  const target = BigInt(Math.max(receipt.blockNumber, C.seededAt) + 2);
  const reached = await stepUntil(follower, () => (follower.sync.optimistic?.execution.blockNumber ?? 0n) >= target, 30_000, 250);
  expect(reached).toBe(true);
  env = blockEnvAt(follower.sync.optimistic!, follower.config);
  tag = bigIntToHex(env.number);
  headers = new VerifiedHeaders({ rpc: honestRpc(), anchors: () => ({ latest: follower.sync.optimistic?.execution, finalized: follower.sync.finalized?.execution }) });
  // The head is the node's block.
  const block = (await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', [tag, false])) as { hash: string; stateRoot: string };
  expect([bytesToHex(env.hash), bytesToHex(env.stateRoot)]).toEqual([block.hash, block.stateRoot]);
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
});

// ---------------------------------------------------------------------------------------------
// Generated calls

/** mulberry32: a small seeded generator, enough to pick cases reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <X>(xs: readonly X[]): X => xs[int(xs.length)]!;
  const hex = (bytes: number) => `0x${Array.from({ length: bytes }, () => int(256).toString(16).padStart(2, '0')).join('')}` as Hex;
  /** Up to 2^bits, with small numbers and edges as likely as large ones. */
  const big = (bits: number) => {
    const r = int(4);
    if (r === 0) return BigInt(int(3));
    if (r === 1) return BigInt(int(1000));
    return hexToBigInt(hex(Math.ceil(bits / 8))) >> BigInt((8 - (bits % 8)) % 8);
  };
  return { next, int, pick, hex, big, bool: () => next() < 0.5 };
}

interface Case {
  label: string;
  call: Call;
}

type PrecompileCase = { name: string; input: Hex; output?: Hex; error?: string };
const PRECOMPILES = (
  JSON.parse(readFileSync(new URL('../fixtures/precompiles/precompiles.json', import.meta.url), 'utf8')) as {
    precompiles: { address: Hex; name: string; valid: PrecompileCase[]; invalid: PrecompileCase[] }[];
  }
).precompiles;

/** Every kind of call the brief names, with arguments from the generator. */
function generateCases(seed: number, count: number): Case[] {
  const g = prng(seed);
  const tokens = [C.token, C.tokenB, C.tokenC] as Hex[];
  const pairs = [C.pair, C.pairBC] as Hex[];
  const contracts = [...tokens, ...pairs, C.quoter, C.precompiles, C.inspector] as Hex[];
  const precompileAddresses = PRECOMPILES.map((p) => p.address);
  const [bob, carol] = [accounts[2]!, accounts[3]!];
  const stranger = () => g.hex(20);
  const holder = () => (g.next() < 0.7 ? g.pick(accounts) : stranger());
  const anyAddress = () => g.pick([...accounts, ...contracts, ...precompileAddresses, stranger(), '0x0000000000000000000000000000000000000000' as Hex]);
  const amount = () => g.pick([0n, 1n, g.big(80), 999_000n * UNIT, 1_000_000n * UNIT, 1_000_001n * UNIT, 2n ** 255n]);
  const from = () => holder();
  const paths: Hex[][] = [
    [C.token, C.tokenB],
    [C.token, C.tokenB, C.tokenC],
    [C.tokenC, C.tokenB, C.token],
    [C.tokenB, C.token],
    [C.token, C.tokenC], // no pair: NoPair
    [C.token], // too short: Error(string)
  ] as Hex[][];
  const reads: (() => [Hex, Hex])[] = [
    () => [g.pick(tokens), fn(T, 'balanceOf', [holder()]) as Hex],
    () => [g.pick(pairs), fn(P, 'getReserves') as Hex],
    () => [C.quoter as Hex, fn(Q, 'getAmountsOut', [g.big(90), g.pick(paths)]) as Hex],
    () => [g.pick(tokens), fn(T, 'transfer', [stranger(), 1n]) as Hex], // a write in a static call: fails
    () => [C.inspector as Hex, fn(I, 'fail', [g.int(4), BigInt(g.int(2))]) as Hex],
    () => [anyAddress(), g.hex(g.int(40))],
  ];

  const kinds: [weight: number, name: string, make: () => { call: Call }][] = [
    // ERC-20 reads
    [6, 'balanceOf', () => ({ call: { from: from(), to: g.pick(tokens), data: fn(T, 'balanceOf', [holder()]) } })],
    [3, 'allowance', () => ({ call: { from: from(), to: g.pick(tokens), data: fn(T, 'allowance', g.bool() ? [bob, g.pick([carol, ...accounts])] : [holder(), holder()]) } })],
    [3, 'token metadata', () => ({ call: { from: from(), to: g.pick(tokens), data: fn(T, g.pick(['totalSupply', 'name', 'symbol', 'decimals'])) } })],
    // ERC-20 writes, simulated: holders and non-holders, InsufficientBalance and Error(string) reverts
    [6, 'transfer', () => ({ call: { from: holder(), to: g.pick(tokens), data: fn(T, 'transfer', [anyAddress(), amount()]) } })],
    [4, 'transferFrom', () => ({ call: { from: g.pick([carol, carol, holder()]), to: C.token, data: fn(T, 'transferFrom', [g.pick([bob, holder()]), anyAddress(), g.pick([0n, 1n, 300n * UNIT, 301n * UNIT, amount()])]) } })],
    [3, 'approve', () => ({ call: { from: holder(), to: g.pick(tokens), data: fn(T, 'approve', [anyAddress(), amount()]) } })],
    // The pairs
    [4, 'pair reads', () => ({ call: { from: from(), to: g.pick(pairs), data: fn(P, g.pick(['getReserves', 'token0', 'token1', 'totalSupply', 'MINIMUM_LIQUIDITY'])) } })],
    [2, 'pair balanceOf', () => ({ call: { from: from(), to: g.pick(pairs), data: fn(P, 'balanceOf', [g.pick([accounts[0]!, holder()])]) } })],
    [2, 'pair swap', () => ({ call: { from: from(), to: C.pair, data: fn(P, 'swap', g.pick([[0n, g.big(70), holder()], [g.big(70), 0n, holder()], [0n, 0n, holder()]])) } })],
    // Quotes over both paths (and the failing ones)
    [8, 'getAmountsOut', () => ({ call: { from: from(), to: C.quoter, data: fn(Q, 'getAmountsOut', [g.pick([0n, g.big(64), g.big(90), g.big(120)]), g.pick(paths)]) } })],
    [2, 'getAmountOut', () => ({ call: { from: from(), to: C.quoter, data: fn(Q, 'getAmountOut', [g.big(90), g.big(90), g.big(90)]) } })],
    // The inspector
    [2, 'context', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'context') } })],
    [5, 'blockHashes', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'blockHashes', [Array.from({ length: 1 + g.int(5) }, () => BigInt(g.int(Number(env.number) + 3)))]) } })],
    [4, 'accounts', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'accounts', [Array.from({ length: 1 + g.int(4) }, anyAddress)]) } })],
    [4, 'codeSlice', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'codeSlice', [g.pick(contracts), BigInt(g.int(6000)), BigInt(g.int(300))]) } })],
    [4, 'readVia', () => {
      const [target, data] = g.pick(reads)();
      return { call: { from: from(), to: C.inspector, data: fn(I, 'readVia', [target, data]) } };
    }],
    [3, 'readMany', () => {
      const rs = Array.from({ length: g.int(4) }, () => g.pick(reads)());
      return { call: { from: from(), to: C.inspector, data: fn(I, 'readMany', [rs.map((r) => r[0]), rs.map((r) => r[1])]) } };
    }],
    [3, 'transientRoundTrip', () => {
      const n = g.int(5);
      const keys = Array.from({ length: n }, () => (g.bool() ? BigInt(g.int(3)) : g.big(256)));
      return { call: { from: from(), to: C.inspector, data: fn(I, 'transientRoundTrip', [keys, Array.from({ length: g.bool() ? n : g.int(5) }, () => g.big(256))]) } };
    }],
    [3, 'create', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'create', [g.pick([0n, g.big(256), 2n ** 256n - 1n]), g.hex(32)]) } })],
    [6, 'fail', () => {
      const kind = g.int(6);
      return { call: { from: from(), to: C.inspector, data: fn(I, 'fail', [kind, BigInt(g.int(3))]), ...(kind === 4 ? { gas: SMALL_GAS } : {}) } };
    }],
    [1, 'stored', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'stored') } })],
    // Value, fees, plain transfers, calldata nobody expects
    [3, 'value to receive', () => ({ call: { from: g.pick(accounts), to: C.inspector, value: bigIntToHex(g.big(60)) } })],
    [2, 'value to non-payable', () => ({ call: { from: g.pick(accounts), to: g.pick([...tokens, C.quoter as Hex]), data: fn(T, 'balanceOf', [holder()]), value: '0x1' } })],
    [3, 'plain transfer', () => ({ call: { from: g.pick(accounts), to: anyAddress(), value: bigIntToHex(g.big(64)) } })],
    [2, 'gasPrice', () => ({ call: { from: g.pick(accounts), to: g.pick(tokens), data: fn(T, 'balanceOf', [holder()]), gasPrice: bigIntToHex(env.baseFeePerGas + g.big(30)) } })],
    [2, 'maxFeePerGas', () => ({ call: { from: g.pick(accounts), to: C.quoter, data: fn(Q, 'getAmountsOut', [g.big(70), paths[1]!]), maxFeePerGas: bigIntToHex(env.baseFeePerGas * 2n), maxPriorityFeePerGas: '0x1' } })],
    [2, 'stray calldata', () => ({ call: { from: from(), to: g.pick(contracts), data: g.hex(g.int(70)) } })],
  ];
  const weights = kinds.reduce((n, [w]) => n + w, 0);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    let r = g.int(weights);
    let k = 0;
    while (r >= kinds[k]![0]) r -= kinds[k++]![0];
    const [, name, make] = kinds[k]!;
    cases.push({ label: `#${i} ${name}`, call: make().call });
  }
  return cases;
}

/** Every precompile input of the fixture, through the contract and directly. */
function precompileCases(): Case[] {
  return PRECOMPILES.flatMap((p) =>
    [...p.valid, ...p.invalid].flatMap((c) => [
      { label: `precompile ${p.name} ${c.name}`, call: { from: accounts[0]!, to: C.precompiles, data: fn(PC, 'callPrecompile', [p.address, c.input]), gas: PRECOMPILE_GAS } },
      { label: `precompile ${p.name} ${c.name} (direct)`, call: { from: accounts[1]!, to: p.address, data: c.input, gas: PRECOMPILE_GAS } },
    ]),
  );
}

interface Mismatch {
  label: string;
  call: Call;
  vigil: Answer | { error: string };
  node: Answer;
}

/**
 * Runs the cases through one engine, `concurrency` at a time (the execution worker steps calls as
 * they come); compares each with the node's eth_call.
 */
async function compareWithNode(cases: readonly Case[], concurrency = 1): Promise<{ mismatches: Mismatch[]; ms: number; steps: number[]; slowest: string }> {
  const r = honestRpc();
  const engine = new ExecutionEngine();
  const t0 = performance.now();
  const results: (VerifiedCallResult | Error)[] = new Array(cases.length);
  const times: number[] = new Array(cases.length);
  let next = 0;
  const lane = async () => {
    while (next < cases.length) {
      const i = next++;
      const t = performance.now();
      results[i] = await verifiedCall({ rpc: r, executor: engine, env, mode: 'call', call: cases[i]!.call, blockHash }).catch((e: Error) => e);
      times[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const ms = performance.now() - t0;
  const node = (await nodeCalls(cases.map((c) => c.call))).map(theirs);
  const mismatches: Mismatch[] = [];
  cases.forEach((c, i) => {
    const v = results[i]!;
    const mine = v instanceof Error ? { error: `${v.name}: ${v.message}` } : ours(v.outcome);
    if (JSON.stringify(mine) !== JSON.stringify(node[i])) mismatches.push({ label: c.label, call: c.call, vigil: mine, node: node[i]! });
  });
  const slowest = [...times.keys()].sort((a, b) => times[b]! - times[a]!).slice(0, 3).map((i) => `${cases[i]!.label} ${Math.round(times[i]!)} ms`).join(', ');
  return { mismatches, ms, steps: results.map((v) => (v instanceof Error ? -1 : v.steps)), slowest };
}

describe('verified eth_call equals the node\'s eth_call at the same block', () => {
  // Each test's time bound is a guard against a hang, several times what the calls take on a busy
  // machine: each call is proven over HTTP from the devnet's node and run on the EVM in this process.
  it('for 300 generated calls', async () => {
    const cases = generateCases(SEED, 300);
    const { mismatches, ms, steps, slowest } = await compareWithNode(cases);
    console.log(`${cases.length} verified calls in ${Math.round(ms)} ms (${(ms / cases.length).toFixed(1)} ms each); steps: ${histogram(steps)}; slowest: ${slowest}`);
    expect(mismatches).toEqual([]);
    // Both sides failed and succeeded: the cases are not all of one kind.
    const answers = (await nodeCalls(cases.map((c) => c.call))).map(theirs);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(cases.length / 3);
    expect(answers.filter((a) => !a.ok && a.data !== '0x').length).toBeGreaterThan(20);
  }, 180_000);

  it('for every precompile vector, directly and through a contract', async () => {
    const cases = precompileCases();
    const { mismatches, ms, slowest } = await compareWithNode(cases);
    console.log(`${cases.length} verified precompile calls in ${Math.round(ms)} ms; slowest: ${slowest}`);
    expect(mismatches).toEqual([]);
    // The valid vectors answer, the invalid ones fail, on the node as in Vigil.
    const answers = (await nodeCalls(cases.map((c) => c.call))).map(theirs);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(0);
    expect(answers.filter((a) => !a.ok).length).toBeGreaterThan(0);
  }, 180_000);

  it('for 150 more, 8 at a time on one engine (as the execution worker takes them)', async () => {
    const cases = generateCases(SEED + 1, 150);
    const { mismatches, ms } = await compareWithNode(cases, 8);
    console.log(`${cases.length} verified calls, 8 at a time, in ${Math.round(ms)} ms`);
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('for the revert kinds, with the data a node gives: custom error, Error(string), Panic, bare, out of gas, INVALID', async () => {
    const cases: Case[] = [
      ...[0, 1, 2, 3, 4, 5].map((kind) => ({ label: `fail(${kind}, 0)`, call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'fail', [kind, 0n]), gas: SMALL_GAS } })),
      { label: 'transfer beyond the balance', call: { from: accounts[5]!, to: C.tokenC, data: fn(T, 'transfer', [accounts[1]!, 2_000_000n * UNIT]) } },
      { label: 'transferFrom beyond the allowance', call: { from: accounts[3]!, to: C.token, data: fn(T, 'transferFrom', [accounts[2]!, accounts[4]!, 301n * UNIT]) } },
      { label: 'quote with no pair', call: { from: accounts[0]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [UNIT, [C.token, C.tokenC]]) } },
    ];
    const { mismatches } = await compareWithNode(cases);
    expect(mismatches).toEqual([]);
    const node = (await nodeCalls(cases.map((c) => c.call))).map(theirs);
    expect(node.map((a) => a.ok)).toEqual(cases.map(() => false));
    // Refused(0, "refused on purpose"), Error("VigilInspector: failed on purpose"), Panic(0x12).
    expect(node.slice(0, 3).map((a) => a.data.slice(0, 10))).toEqual(['0xa85e02ba', '0x08c379a0', '0x4e487b71']);
  });

  it('BLOCKHASH of every recent number: the verified ancestors\' hashes, zero for the current block and later', async () => {
    const numbers = Array.from({ length: Number(env.number) + 3 }, (_, i) => BigInt(i));
    const call = { from: accounts[0]!, to: C.inspector, data: fn(I, 'blockHashes', [numbers]) };
    const v = await verifiedCall({ rpc: honestRpc(), executor: new ExecutionEngine(), env, mode: 'call', call, blockHash });
    const [node] = await nodeCalls([call]);
    expect(ours(v.outcome)).toEqual(theirs(node!));
    const hashes = decodeFunctionResult({ abi: I, functionName: 'blockHashes', data: v.outcome.returnData as Hex });
    const expected = await Promise.all(numbers.map(async (n) => (n < env.number ? ((await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', [bigIntToHex(n), false])) as { hash: string }).hash : `0x${'0'.repeat(64)}`)));
    expect(hashes).toEqual(expected);
  });

  it('with a gas price or fee cap, BASEFEE is the header\'s (Hardhat says 0; the rest of the context is the node\'s)', async () => {
    const engine = new ExecutionEngine();
    const base = { from: accounts[6]!, to: C.inspector, data: fn(I, 'context') };
    const [plain, priced] = await nodeCalls([base, { ...base, gasPrice: bigIntToHex(env.baseFeePerGas + 7n) }]);
    // Hardhat's BASEFEE in eth_call is 0 even with a gas price: only the header is the reference here.
    expect(theirs(priced!)).toEqual(theirs(plain!));
    const nodeContext = decodeFunctionResult({ abi: I, functionName: 'context', data: theirs(plain!).data as Hex });
    const header = (await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', [tag, false])) as Record<string, string>;
    expect(nodeContext).toMatchObject({ number: env.number, timestamp: hexToBigInt(header.timestamp), prevrandao: hexToBigInt(header.mixHash), coinbase: expect.stringMatching(new RegExp(header.miner!, 'i')), gaslimit: hexToBigInt(header.gasLimit), chainid: 1337n });
    for (const fees of [{}, { gasPrice: bigIntToHex(env.baseFeePerGas + 7n) }, { maxFeePerGas: bigIntToHex(env.baseFeePerGas * 3n), maxPriorityFeePerGas: '0x2' }, { maxFeePerGas: bigIntToHex(env.baseFeePerGas) }]) {
      const v = await verifiedCall({ rpc: honestRpc(), executor: engine, env, mode: 'call', call: { ...base, ...fees } });
      expect(v.outcome.status, JSON.stringify(fees)).toBe('success');
      const mine = decodeFunctionResult({ abi: I, functionName: 'context', data: v.outcome.returnData as Hex });
      const named = Object.keys(fees).length > 0;
      expect(mine, JSON.stringify(fees)).toEqual({ ...nodeContext, basefee: named ? hexToBigInt(header.baseFeePerGas) : 0n });
    }
  });

  it('a plain transfer, value to a contract\'s receive, value to a function that takes none', async () => {
    const cases: Case[] = [
      { label: 'plain transfer', call: { from: accounts[7]!, to: accounts[8]!, value: bigIntToHex(UNIT) } },
      { label: 'transfer to a new account', call: { from: accounts[7]!, to: '0x00000000000000000000000000000000000c0ffe', value: '0x1' } },
      { label: 'value to receive()', call: { from: accounts[7]!, to: C.inspector, value: bigIntToHex(3n * UNIT) } },
      { label: 'value to a non-payable function', call: { from: accounts[7]!, to: C.token, data: fn(T, 'balanceOf', [accounts[7]!]), value: '0x1' } },
      { label: 'the inspector sees the value arrive', call: { from: accounts[7]!, to: C.inspector, data: fn(I, 'accounts', [[C.inspector, accounts[7]!]]), value: '0x0' } },
    ];
    const { mismatches } = await compareWithNode(cases);
    expect(mismatches).toEqual([]);
  });

  it('value the sender lacks: refused as go-ethereum refuses it (Hardhat runs eth_call with the balance check skipped)', async () => {
    const lacking: Call[] = [
      { from: '0x000000000000000000000000000000000000dead', to: C.inspector, value: '0x1' },
      { from: accounts[7]!, to: C.inspector, value: bigIntToHex(10n ** 30n), gasPrice: bigIntToHex(env.baseFeePerGas) },
    ];
    const node = (await nodeCalls(lacking)).map(theirs);
    expect(node).toEqual([{ ok: true, data: '0x' }, { ok: true, data: '0x' }]);
    for (const call of lacking) {
      const v = await verifiedCall({ rpc: honestRpc(), executor: new ExecutionEngine(), env, mode: 'call', call });
      expect(v.outcome, JSON.stringify(call)).toMatchObject({ status: 'invalid', returnData: '0x', message: expect.stringMatching(/^insufficient funds for gas \* price \+ value/) });
    }
  });
});

function histogram(xs: readonly number[]): string {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Gas

/** The swap the surplus pays for: a little VTB out for the VTA paid in. */
const swapCall = () => {
  const aIsToken0 = C.token < C.tokenB;
  const out = 1n * UNIT; // far less than SURPLUS buys at 1 VTA : 2 VTB
  return { from: accounts[8]!, to: C.pair, data: fn(P, 'swap', aIsToken0 ? [0n, out, accounts[8]!] : [out, 0n, accounts[8]!]) };
};

const gasCases = (): Case[] => [
  { label: 'plain transfer', call: { from: accounts[1]!, to: accounts[2]!, value: '0x1' } },
  { label: 'transfer to a new account', call: { from: accounts[1]!, to: '0x00000000000000000000000000000000000c0ffe', value: '0x1' } },
  { label: 'value to receive()', call: { from: accounts[1]!, to: C.inspector, value: bigIntToHex(UNIT) } },
  { label: 'token transfer', call: { from: accounts[1]!, to: C.token, data: fn(T, 'transfer', [accounts[6]!, 5n * UNIT]) } },
  { label: 'token transfer to a new holder', call: { from: accounts[1]!, to: C.tokenB, data: fn(T, 'transfer', ['0x00000000000000000000000000000000000c0ffe', 5n * UNIT]) } },
  { label: 'token transfer of everything (slot cleared: a refund)', call: { from: accounts[7]!, to: C.tokenC, data: fn(T, 'transfer', [accounts[8]!, 1_000_000n * UNIT]) } },
  { label: 'approve', call: { from: accounts[1]!, to: C.token, data: fn(T, 'approve', [accounts[5]!, UNIT]) } },
  { label: 'transferFrom on an allowance', call: { from: accounts[3]!, to: C.token, data: fn(T, 'transferFrom', [accounts[2]!, accounts[6]!, 100n * UNIT]) } },
  { label: 'swap', call: swapCall() },
  { label: 'quote, one hop', call: { from: accounts[0]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [UNIT, [C.token, C.tokenB]]) } },
  { label: 'quote, two hops', call: { from: accounts[0]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [12_345n * UNIT, [C.token, C.tokenB, C.tokenC]]) } },
  { label: 'store', call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'store', [7n]) } },
  { label: 'create and create2', call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'create', [5n, `0x${'11'.repeat(32)}`]) } },
  { label: 'readMany', call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'readMany', [[C.token, C.pair], [fn(T, 'balanceOf', [accounts[1]!]), fn(P, 'getReserves')]]) } },
  { label: 'BN254 pairing through the contract', call: { from: accounts[4]!, to: C.precompiles, data: fn(PC, 'callPrecompile', [PRECOMPILES[7]!.address, PRECOMPILES[7]!.valid[0]!.input]) } },
];

/** The node's error for a call that fails at any gas: its revert data. */
const nodeEstimates = (calls: readonly Call[]) => batch(devnet.info.nodeRpc, calls.map((c) => ({ method: 'eth_estimateGas', params: [c, tag] })));

describe('eth_estimateGas and eth_createAccessList', () => {
  it('estimates (Hardhat\'s search) equal the node\'s eth_estimateGas at the same block', async () => {
    const cases = [
      ...gasCases(),
      { label: 'a transfer that reverts', call: { from: accounts[1]!, to: C.token, data: fn(T, 'transfer', [accounts[2]!, 2_000_000n * UNIT]) } },
      { label: 'a swap paying nothing in', call: { from: accounts[1]!, to: C.pairBC, data: fn(P, 'swap', [1n, 0n, accounts[1]!]) } },
    ];
    const engine = new ExecutionEngine();
    const rows: { label: string; vigil: string; node: string }[] = [];
    const node = await nodeEstimates(cases.map((c) => c.call));
    for (const [i, c] of cases.entries()) {
      const v = await verifiedCall({ rpc: honestRpc(), executor: engine, env, mode: 'estimateGas', estimator: 'hardhat', call: c.call, blockHash });
      const n = node[i]!;
      const mine = v.outcome.gas !== undefined ? v.outcome.gas : `fails: ${v.outcome.status} ${v.outcome.returnData}`;
      const theirsGas = n.ok ? (n.result as string) : `fails: reverted ${theirs(n).data}`;
      rows.push({ label: c.label, vigil: mine, node: theirsGas });
    }
    console.table(rows);
    expect(rows.filter((r) => r.vigil !== r.node)).toEqual([]);
    expect(rows.filter((r) => r.node.startsWith('fails')).length).toBe(2);
  }, 30_000);

  it('access lists (and the gas used with them) equal the proxy\'s eth_createAccessList, order aside', async () => {
    const engine = new ExecutionEngine();
    const norm = (list: { address: string; storageKeys: string[] }[]) =>
      list.map((e) => ({ address: e.address.toLowerCase(), storageKeys: e.storageKeys.map((k) => k.toLowerCase()).sort() })).sort((a, b) => (a.address < b.address ? -1 : 1));
    const mismatches: unknown[] = [];
    for (const c of gasCases()) {
      const [v, proxy] = await Promise.all([
        verifiedCall({ rpc: honestRpc(), executor: engine, env, mode: 'createAccessList', call: c.call, blockHash }),
        rpc(devnet.info.executionRpc, 'eth_createAccessList', [c.call, tag]) as Promise<{ accessList: { address: string; storageKeys: string[] }[]; gasUsed: string; error?: string }>,
      ]);
      const mine = { accessList: norm(v.outcome.accessList!), gasUsed: v.outcome.gasUsed };
      const theirsList = { accessList: norm(proxy.accessList), gasUsed: proxy.gasUsed };
      if (JSON.stringify(mine) !== JSON.stringify(theirsList)) mismatches.push({ label: c.label, call: c.call, vigil: mine, proxy: theirsList });
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Warm calls

describe('warm calls', () => {
  const quote = () => ({ from: accounts[0]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [UNIT, [C.token, C.tokenB, C.tokenC]]) });

  it('the same call again on one engine: one step, no request, nothing proven anew', async () => {
    const counter = countingTransport();
    const r = new ExecutionRpc({ endpoints: [devnet.info.executionRpc], transport: counter.transport });
    const engine = new ExecutionEngine();
    const first = await verifiedCall({ rpc: r, executor: engine, env, mode: 'call', call: quote() });
    expect(first.steps).toBeGreaterThan(1);
    expect(counter.totalRequests()).toBeGreaterThan(0);
    counter.reset();
    const t0 = performance.now();
    const again = await verifiedCall({ rpc: r, executor: engine, env, mode: 'call', call: quote() });
    const warmMs = performance.now() - t0;
    console.log(`quote: cold ${first.steps} steps, warm ${again.steps} step in ${warmMs.toFixed(1)} ms`);
    expect(again.outcome).toEqual(first.outcome);
    expect([again.steps, again.proven, counter.totalRequests()]).toEqual([1, { accounts: 0, slots: 0 }, 0]);
  });

  it('a later block\'s call proves the accounts again but reuses the code it holds (fewer bytes)', async () => {
    const counter = countingTransport();
    const r = new ExecutionRpc({ endpoints: [devnet.info.executionRpc], transport: counter.transport });
    const engine = new ExecutionEngine();
    await verifiedCall({ rpc: r, executor: engine, env, mode: 'call', call: quote() });
    // A new state root: a transfer in a later block.
    const sent = (await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [{ from: accounts[8], to: accounts[9], value: '0x1', gas: '0x5208' }])) as string;
    const { blockNumber } = await waitForReceipt(devnet.info.nodeRpc, sent);
    expect(await stepUntil(follower, () => (follower.sync.optimistic?.execution.blockNumber ?? 0n) >= BigInt(blockNumber), 20_000, 250)).toBe(true);
    const later = blockEnvAt(follower.sync.optimistic!, follower.config);
    expect(bytesToHex(later.stateRoot)).not.toBe(bytesToHex(env.stateRoot));

    counter.reset();
    const warm = await verifiedCall({ rpc: r, executor: engine, env: later, mode: 'call', call: quote() });
    const warmCounts = { requests: Object.fromEntries(counter.requests), bytes: counter.totalBytes() };
    counter.reset();
    const cold = await verifiedCall({ rpc: r, executor: new ExecutionEngine(), env: later, mode: 'call', call: quote() });
    const coldCounts = { requests: Object.fromEntries(counter.requests), bytes: counter.totalBytes() };
    console.log('later block, engine that ran the call before:', warmCounts, `${warm.steps} steps`, '| fresh engine:', coldCounts, `${cold.steps} steps`);
    expect(warm.outcome).toEqual(cold.outcome);
    const [n] = await batch(devnet.info.nodeRpc, [{ method: 'eth_call', params: [quote(), bigIntToHex(later.number)] }]);
    expect(ours(warm.outcome)).toEqual(theirs(n!));
    // The quoter's and both pairs' code were proven at the first block and are held under their hashes.
    expect(warmCounts.requests.eth_getCode ?? 0).toBeLessThan(coldCounts.requests.eth_getCode ?? 0);
    expect(warmCounts.bytes).toBeLessThan(coldCounts.bytes);
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------
// The lying RPC

const PROOF_FAULTS = ['proof-storage-value', 'proof-account-node', 'proof-storage-node', 'proof-other-block', 'rpc-code'] as const satisfies readonly ExecutionLayerFault[];
const HINT_FAULTS = ['access-list-omit', 'call-result', 'estimate-gas'] as const satisfies readonly ExecutionLayerFault[];

interface Probe {
  label: string;
  mode: VerifiedCallParams['mode'];
  call: Call;
}

const probes = (): Probe[] => [
  { label: 'balanceOf', mode: 'call', call: { from: accounts[1]!, to: C.token, data: fn(T, 'balanceOf', [accounts[2]!]) } },
  { label: 'quote, two hops', mode: 'call', call: { from: accounts[1]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [777n * UNIT, [C.token, C.tokenB, C.tokenC]]) } },
  { label: 'accounts (balances, code)', mode: 'call', call: { from: accounts[1]!, to: C.inspector, data: fn(I, 'accounts', [[accounts[3]!, C.pair, C.inspector]]) } },
  { label: 'plain transfer', mode: 'call', call: { from: accounts[1]!, to: accounts[2]!, value: '0x5' } },
  { label: 'estimate a token transfer', mode: 'estimateGas', call: { from: accounts[1]!, to: C.token, data: fn(T, 'transfer', [accounts[2]!, UNIT]) } },
  { label: 'access list of a swap', mode: 'createAccessList', call: swapCall() },
];

/** What matters of an outcome: what a dApp would see. */
const essence = (o: ExecutionOutcome) => ({ status: o.status, returnData: o.returnData, gasUsed: o.gasUsed, gas: o.gas, accessList: o.accessList });

async function runProbe(p: Probe, endpoints: string[], onRejected?: (e: VigilError, endpoint: string) => void) {
  const r = new ExecutionRpc({ endpoints });
  try {
    const v = await verifiedCall({ rpc: r, executor: new ExecutionEngine(), env, mode: p.mode, call: p.call, ...(p.mode === 'estimateGas' ? { estimator: 'hardhat' as const } : {}), blockHash, ...(onRejected ? { onRejected } : {}) });
    return { outcome: essence(v.outcome), endpoints: r.endpoints };
  } catch (err) {
    return { error: err as Error, endpoints: r.endpoints };
  }
}

describe('a lying RPC never changes an answer', () => {
  let honest: Map<string, ReturnType<typeof essence>>;

  beforeAll(async () => {
    honest = new Map();
    for (const p of probes()) {
      const v = await runProbe(p, [devnet.info.executionRpc]);
      expect(v.error).toBeUndefined();
      honest.set(p.label, v.outcome!);
    }
    // The honest answers are the node's.
    const calls = probes().filter((p) => p.mode === 'call');
    const node = (await nodeCalls(calls.map((p) => p.call))).map(theirs);
    expect(calls.map((p) => ({ ok: honest.get(p.label)!.status === 'success', data: honest.get(p.label)!.returnData }))).toEqual(node);
    const [gas] = await nodeEstimates([probes()[4]!.call]);
    expect(honest.get('estimate a token transfer')!.gas).toBe((gas as { result: string }).result);
  }, 30_000);

  const withFault = async <X>(fault: ExecutionLayerFault, f: () => Promise<X>): Promise<X> => {
    devnet.switchboard.set(fault, true);
    try {
      return await f();
    } finally {
      devnet.switchboard.set(fault, false);
    }
  };

  it.each(PROOF_FAULTS)('%s: alone, the right answer or a VerificationError; beside an honest node, the right answer and the liar demoted', async (fault) => {
    const summary: Record<string, string> = {};
    await withFault(fault, async () => {
      for (const p of probes()) {
        const alone = await runProbe(p, [devnet.info.executionRpc]);
        if (alone.error) {
          expect(alone.error, `${fault} ${p.label}: ${alone.error.message}`).toBeInstanceOf(VerificationError);
          summary[p.label] = (alone.error as VerificationError).code;
        } else {
          expect(alone.outcome, `${fault} ${p.label}`).toEqual(honest.get(p.label));
          summary[p.label] = 'right';
        }
        const rejected: string[] = [];
        const both = await runProbe(p, [devnet.info.executionRpc, devnet.info.nodeRpc], (_e, endpoint) => rejected.push(endpoint));
        expect(both.error, `${fault} ${p.label} with an honest endpoint: ${both.error?.message}`).toBeUndefined();
        expect(both.outcome, `${fault} ${p.label} with an honest endpoint`).toEqual(honest.get(p.label));
        if (alone.error) {
          expect(rejected, `${fault} ${p.label}`).toContain(devnet.info.executionRpc);
          expect(both.endpoints, `${fault} ${p.label}`).toEqual([devnet.info.nodeRpc, devnet.info.executionRpc]);
        }
      }
    });
    console.log(fault, summary);
    // Every one of these lies touches a token balance read: caught there.
    expect(summary.balanceOf).not.toBe('right');
  }, 30_000);

  it.each(HINT_FAULTS)('%s: the right answer, from the proofs (a hint is only a hint; plain eth_call and eth_estimateGas are never asked)', async (fault) => {
    await withFault(fault, async () => {
      for (const p of probes()) {
        const alone = await runProbe(p, [devnet.info.executionRpc]);
        expect(alone.error, `${fault} ${p.label}: ${alone.error?.message}`).toBeUndefined();
        expect(alone.outcome, `${fault} ${p.label}`).toEqual(honest.get(p.label));
        const both = await runProbe(p, [devnet.info.executionRpc, devnet.info.nodeRpc]);
        expect(both.outcome, `${fault} ${p.label} with an honest endpoint`).toEqual(honest.get(p.label));
      }
    });
  }, 30_000);

  it('access-list-omit: what the hint hides is fetched on demand, in more rounds', async () => {
    const p = probes()[1]!;
    const counter = countingTransport();
    const run = async () => {
      counter.reset();
      const r = new ExecutionRpc({ endpoints: [devnet.info.executionRpc], transport: counter.transport });
      const v = await verifiedCall({ rpc: r, executor: new ExecutionEngine(), env, mode: 'call', call: p.call });
      return { v, methods: Object.fromEntries(counter.requests) };
    };
    const straight = await run();
    const hidden = await withFault('access-list-omit', run);
    console.log('quote cold:', straight.v.steps, 'steps', straight.methods, '| hint hiding:', hidden.v.steps, 'steps', hidden.methods);
    expect(hidden.v.outcome).toEqual(straight.v.outcome);
    expect(hidden.v.steps).toBeGreaterThanOrEqual(straight.v.steps);
    for (const methods of [straight.methods, hidden.methods]) {
      expect(methods.eth_call ?? 0).toBe(0);
      expect(methods.eth_estimateGas ?? 0).toBe(0);
    }
  });
});
