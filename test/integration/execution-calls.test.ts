/**
 * Verified calls against the devnet with its demo contracts: the answer of `verifiedCall` (the
 * local EVM over state proven against a head the in-process light client verified) is the node's
 * own answer at the same block, for hundreds of generated calls (seeded, so a failure reproduces:
 * test/support/demo-calls.ts), for eth_estimateGas (Vigil's estimator with go-ethereum's search,
 * as the node's) and eth_createAccessList (the node's); repeated calls are answered from what was proven; and a
 * lying RPC never changes an answer: it is the honest one or a VerificationError, and with an
 * honest endpoint beside it, the honest one.
 *
 * What agreement here shows: the devnet's node runs @ethereumjs/vm, the interpreter Vigil's EVM
 * is made of (@ethereumjs/evm 10.1.3), so this checks Vigil's state plumbing (which accounts,
 * slots, code and block hashes a call proves or fetches on demand, their proofs verified against
 * the light client's head, state held across calls and blocks), the block env it runs in (number,
 * time, coinbase, prevRandao, base fee, BLOCKHASH of verified ancestors) and the call object's
 * defaults, at whatever fork the devnet runs. It does not check opcodes or gas: one interpreter on
 * both sides agrees with itself. Those are checked against an independent EVM, EDR (Hardhat's),
 * from Cancun to Osaka, by execution-reference.test.ts over the same generated calls
 * (docs/devnet.md, "What is checked against what").
 *
 * The reference is the node itself (info.nodeRpc), asked at the block number of the verified
 * head. It answers as go-ethereum does (no `from`: the zero address; BASEFEE 0 only in a call
 * that names no fee; value or fees the sender lacks refused), as Vigil does: nothing is allowed
 * for. (Hardhat's quirks, allowed for while it was the devnet's node, are now
 * execution-reference.test.ts's to allow for.)
 */
import { decodeFunctionResult, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBigInt } from '../../src/core/bytes.ts';
import { VerificationError, type VigilError } from '../../src/core/errors.ts';
import { cryptoReady } from '../../src/crypto/backend.ts';
import { blockEnvAt } from '../../src/client/verified/execution-env.ts';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { verifiedCall, type VerifiedCallParams, type VerifiedCallResult } from '../../src/client/verified/call.ts';
import { VerifiedHeaders } from '../../src/client/verified/headers.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import type { ExecutionLayerFault } from '../../src/devnet/faults/names.ts';
import type { BlockEnv } from '../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionOutcome } from '../../src/execution/engine.ts';
import { httpJsonRpc, type JsonRpcTransport } from '../../src/rpc/http.ts';
import { type Answer, batch, histogram, normalAccessList, ourEstimate, ours, theirEstimate, theirs } from '../support/call-answers.ts';
import {
  type Call,
  type Case,
  type CallWorld,
  failingGasCases,
  fn,
  gasCases as gasCasesOf,
  generateCases as generateCasesOf,
  I,
  precompileCases as precompileCasesOf,
  Q,
  revertCases,
  SEED,
  SURPLUS,
  swapCall as swapCallOf,
  T,
  UNIT,
  valueCases,
} from '../support/demo-calls.ts';
import { type Follower, follow, rpc, stepUntil } from './helpers.ts';

let devnet: Devnet;
let C: NonNullable<Devnet['info']['contracts']>;
let accounts: Hex[];
let follower: Follower;
/** The block every comparison runs at: a verified optimistic head after the demo activity and a surplus paid into the pair. */
let env: BlockEnv;
let tag: string;
let headers: VerifiedHeaders;

const honestRpc = () => new ExecutionRpc({ endpoints: [devnet.info.executionRpc] });
const blockHash = (n: bigint) => headers.hashOf(n, env);

/** The devnet's contracts and accounts at the block the comparisons run at (test/support/demo-calls.ts). */
const world = (): CallWorld => ({ contracts: C, accounts, block: { number: env.number, baseFeePerGas: env.baseFeePerGas } });
const generateCases = (seed: number, count: number) => generateCasesOf(world(), seed, count);
const precompileCases = () => precompileCasesOf(world());
const gasCases = () => gasCasesOf(world());
const swapCall = () => swapCallOf(world());

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
    const cases = revertCases(world());
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

  it('BASEFEE is 0 without a fee and the header\'s with one, as the node says; the rest of the context is the block\'s', async () => {
    const engine = new ExecutionEngine();
    const base = { from: accounts[6]!, to: C.inspector, data: fn(I, 'context') };
    const header = (await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', [tag, false])) as Record<string, string>;
    const feeCases: Call[] = [{}, { gasPrice: bigIntToHex(env.baseFeePerGas + 7n) }, { maxFeePerGas: bigIntToHex(env.baseFeePerGas * 3n), maxPriorityFeePerGas: '0x2' }, { maxFeePerGas: bigIntToHex(env.baseFeePerGas) }];
    const node = await nodeCalls(feeCases.map((fees) => ({ ...base, ...fees })));
    for (const [i, fees] of feeCases.entries()) {
      const nodeContext = decodeFunctionResult({ abi: I, functionName: 'context', data: theirs(node[i]!).data as Hex });
      const named = Object.keys(fees).length > 0;
      expect(nodeContext, JSON.stringify(fees)).toMatchObject({ number: env.number, timestamp: hexToBigInt(header.timestamp), prevrandao: hexToBigInt(header.mixHash), coinbase: expect.stringMatching(new RegExp(header.miner!, 'i')), gaslimit: hexToBigInt(header.gasLimit), chainid: 1337n, basefee: named ? hexToBigInt(header.baseFeePerGas) : 0n });
      const v = await verifiedCall({ rpc: honestRpc(), executor: engine, env, mode: 'call', call: { ...base, ...fees } });
      expect(v.outcome.status, JSON.stringify(fees)).toBe('success');
      expect(decodeFunctionResult({ abi: I, functionName: 'context', data: v.outcome.returnData as Hex }), JSON.stringify(fees)).toEqual(nodeContext);
    }
  });

  it('a plain transfer, value to a contract\'s receive, value to a function that takes none', async () => {
    const cases = valueCases(world());
    const { mismatches } = await compareWithNode(cases);
    expect(mismatches).toEqual([]);
  });

  it('value the sender lacks: refused by the node and by Vigil, with go-ethereum\'s words', async () => {
    const lacking: Call[] = [
      { from: '0x000000000000000000000000000000000000dead', to: C.inspector, value: '0x1' },
      { from: accounts[7]!, to: C.inspector, value: bigIntToHex(10n ** 30n), gasPrice: bigIntToHex(env.baseFeePerGas) },
    ];
    const node = await nodeCalls(lacking);
    for (const [i, call] of lacking.entries()) {
      const answer = node[i]!;
      expect(answer.ok, JSON.stringify(call)).toBe(false);
      if (!answer.ok) expect(answer.error.message).toMatch(/insufficient funds for gas \* price \+ value/);
      const v = await verifiedCall({ rpc: honestRpc(), executor: new ExecutionEngine(), env, mode: 'call', call });
      expect(v.outcome, JSON.stringify(call)).toMatchObject({ status: 'invalid', returnData: '0x', message: expect.stringMatching(/^insufficient funds for gas \* price \+ value/) });
    }
  });
});


// ---------------------------------------------------------------------------------------------
// Gas

/** The node's error for a call that fails at any gas: its revert data. */
const nodeEstimates = (calls: readonly Call[]) => batch(devnet.info.nodeRpc, calls.map((c) => ({ method: 'eth_estimateGas', params: [c, tag] })));

describe('eth_estimateGas and eth_createAccessList', () => {
  it('estimates (go-ethereum\'s search, as the node\'s) equal the node\'s eth_estimateGas at the same block', async () => {
    const cases = [...gasCases(), ...failingGasCases(world())];
    const engine = new ExecutionEngine();
    const rows: { label: string; vigil: string; node: string }[] = [];
    const node = await nodeEstimates(cases.map((c) => c.call));
    for (const [i, c] of cases.entries()) {
      const v = await verifiedCall({ rpc: honestRpc(), executor: engine, env, mode: 'estimateGas', estimator: 'geth', call: c.call, blockHash });
      rows.push({ label: c.label, vigil: ourEstimate(v.outcome), node: theirEstimate(node[i]!) });
    }
    console.table(rows);
    expect(rows.filter((r) => r.vigil !== r.node)).toEqual([]);
    expect(rows.filter((r) => r.node.startsWith('fails')).length).toBe(2);
  }, 30_000);

  it('access lists (and the gas used with them) equal the proxy\'s eth_createAccessList, order aside', async () => {
    const engine = new ExecutionEngine();
    const norm = normalAccessList;
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
    const v = await verifiedCall({ rpc: r, executor: new ExecutionEngine(), env, mode: p.mode, call: p.call, ...(p.mode === 'estimateGas' ? { estimator: 'geth' as const } : {}), blockHash, ...(onRejected ? { onRejected } : {}) });
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
