/**
 * Vigil's EVM (src/execution, @ethereumjs/evm) against an independent one: EDR, the Rust EVM of
 * Hardhat's node, at each fork it runs that the devnet's forks use. The devnet's own node runs
 * @ethereumjs/vm, the same interpreter as Vigil, so test/integration/execution-calls.test.ts checks
 * Vigil's state plumbing, proofs and block env there; opcodes and gas are checked here.
 *
 * One bare Hardhat node per fork (test/support/reference-node.ts) with the demo contracts deployed
 * and seeded; Vigil runs each call over the node's state at its latest block (every account, slot
 * and code proven by eth_getProof against the state root of the node's header, the header
 * verified against its hash, the block env from it; BLOCKHASH from verified ancestors), and its
 * answers must be the node's:
 * - eth_call: the generated calls of execution-calls.test.ts (the same generator and seeds:
 *   test/support/demo-calls.ts), every precompile vector directly and through a contract, the
 *   revert kinds, value transfers and BLOCKHASH of every number;
 * - eth_estimateGas: the same calls and those whose gas execution-calls.test.ts estimates, Vigil's
 *   estimator with Hardhat's search against Hardhat's (one search over two EVMs: equal estimates
 *   mean the same outcome at every limit tried, precompile prices included);
 * - eth_createAccessList: the same calls, against go-ethereum's algorithm run over the node's
 *   debug_traceCall (src/devnet/execution/create-access-list.ts): the list, the gas used with it
 *   (each call's gas, to the unit) and whether it failed.
 *
 * Hardhat's quirks, allowed for as execution-calls.test.ts allows for them:
 * - its eth_call runs as dev account 0 when the call names no `from`: every call here names one;
 * - its eth_call gives BASEFEE 0 even when a fee is named (Vigil, as go-ethereum, gives the
 *   header's then): the calls that name a fee read no BASEFEE, the `context` calls name no fee;
 * - it skips the sender's balance check in eth_call (Vigil refuses value the sender lacks, as
 *   go-ethereum does): value is sent only from funded dev accounts here;
 * - it has no eth_createAccessList: the emulation over debug_traceCall stands in, with its
 *   departures (a failed creation's slots are left out; see create-access-list.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedCall, type VerifiedCallResult } from '../../src/client/verified/call.ts';
import { cryptoReady } from '../../src/crypto/backend.ts';
import { type Hardfork, PRECOMPILES as FORK_PRECOMPILES } from '../../src/devnet/execution/config.ts';
import { type AccessListResult, createAccessList } from '../../src/devnet/execution/create-access-list.ts';
import { ExecutionEngine, type ExecutionMode, type ExecutionOutcome } from '../../src/execution/engine.ts';
import type { JsonRpcOutcome } from '../../src/rpc/http.ts';
import { batch, histogram, normalAccessList, ours, theirs } from '../support/call-answers.ts';
import { type Case, failingGasCases, fn, gasCases, generateCases, I, precompileCases, revertCases, SEED, valueCases } from '../support/demo-calls.ts';
import { type ReferenceNode, startReferenceNode } from '../support/reference-node.ts';

/** The devnet's execution forks under deneb, electra and fulu: every one EDR (Hardhat 2) runs. */
const FORKS: readonly Hardfork[] = ['osaka', 'prague', 'cancun'];
/** Calls run at once on one engine (the execution worker steps calls as they come). */
const LANES = 8;

interface Mismatch {
  label: string;
  call: Record<string, string>;
  vigil: unknown;
  node: unknown;
}

/** Runs `f` over the cases, `lanes` at a time, in order of the results. */
async function inLanes<X>(cases: readonly Case[], lanes: number, f: (c: Case) => Promise<X>): Promise<X[]> {
  const out: X[] = new Array(cases.length);
  let next = 0;
  const lane = async () => {
    while (next < cases.length) {
      const i = next++;
      out[i] = await f(cases[i]!);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return out;
}

/**
 * An eth_estimateGas answer on either side: the gas, or the failure's revert data (Hardhat's error
 * does not say whether the call reverted or halted); Vigil's refusal to run at all, with its reason.
 */
const ourEstimate = (o: ExecutionOutcome) => (o.gas !== undefined ? o.gas : o.status === 'invalid' ? `invalid: ${o.message}` : `fails ${o.returnData}`);
const theirEstimate = (o: JsonRpcOutcome) => (o.ok ? (o.result as string) : `fails ${theirs(o).data}`);

describe.each(FORKS)('Vigil\'s EVM against EDR (Hardhat\'s node) at %s', (fork) => {
  let ref: ReferenceNode;
  const engine = new ExecutionEngine();

  beforeAll(async () => {
    await cryptoReady();
    ref = await startReferenceNode(fork);
  }, 240_000);

  afterAll(async () => {
    await ref?.stop();
  });

  /** Vigil's verified answer over the reference node's state; an error (a proof that did not verify, …) as itself. */
  const vigil = (mode: ExecutionMode, c: Case): Promise<VerifiedCallResult | Error> =>
    verifiedCall({ rpc: ref.rpc(), executor: engine, env: ref.env, mode, call: c.call, blockHash: ref.blockHash, hint: false, ...(mode === 'estimateGas' ? { estimator: 'hardhat' as const } : {}) }).catch((e: Error) => e);
  const described = (v: VerifiedCallResult | Error, f: (o: ExecutionOutcome) => unknown) => (v instanceof Error ? { error: `${v.name}: ${v.message}` } : f(v.outcome));
  const nodeBatch = (method: string, cases: readonly Case[]) => batch(ref.node.url, cases.map((c) => ({ method, params: [c.call, ref.tag] })));
  const generated = () => [...generateCases(ref.world, SEED, 300), ...generateCases(ref.world, SEED + 1, 150)];
  /** Every call above, the gas calls first: what is estimated and given an access list. */
  const gasSet = () => [...gasCases(ref.world), ...failingGasCases(ref.world), ...generated(), ...precompileCases(ref.world), ...revertCases(ref.world), ...valueCases(ref.world)];

  // Each test's bound guards against a hang, several times what it takes on a busy machine.
  it('eth_call: 450 generated calls, every precompile vector, the revert kinds, value, BLOCKHASH of every number', async () => {
    const everyBlock = Array.from({ length: Number(ref.env.number) + 3 }, (_, i) => BigInt(i));
    const cases: Case[] = [
      ...generated(),
      ...precompileCases(ref.world),
      ...revertCases(ref.world),
      ...valueCases(ref.world),
      { label: 'BLOCKHASH of every number', call: { from: ref.world.accounts[0]!, to: ref.contracts.inspector, data: fn(I, 'blockHashes', [everyBlock]) } },
    ];
    const t0 = performance.now();
    const results = await inLanes(cases, LANES, (c) => vigil('call', c));
    const ms = performance.now() - t0;
    const node = (await nodeBatch('eth_call', cases)).map(theirs);
    const mismatches: Mismatch[] = [];
    cases.forEach((c, i) => {
      const mine = described(results[i]!, ours);
      if (JSON.stringify(mine) !== JSON.stringify(node[i])) mismatches.push({ label: c.label, call: c.call, vigil: mine, node: node[i] });
    });
    const steps = results.map((v) => (v instanceof Error ? -1 : v.steps));
    console.log(`${fork}: ${cases.length} calls compared with EDR's eth_call in ${Math.round(ms)} ms; steps: ${histogram(steps)}; ${mismatches.length} disagree`);
    expect(mismatches).toEqual([]);
    // Both sides failed and succeeded: the cases are not all of one kind.
    expect(node.filter((a) => a.ok).length).toBeGreaterThan(cases.length / 3);
    expect(node.filter((a) => !a.ok && a.data !== '0x').length).toBeGreaterThan(20);
  }, 600_000);

  it('eth_estimateGas: the gas calls, the generated calls, every precompile vector (its price), Hardhat\'s search on both EVMs', async () => {
    const cases = gasSet();
    const t0 = performance.now();
    const results = await inLanes(cases, LANES, (c) => vigil('estimateGas', c));
    const ms = performance.now() - t0;
    const node = (await nodeBatch('eth_estimateGas', cases)).map(theirEstimate);
    const mismatches: Mismatch[] = [];
    cases.forEach((c, i) => {
      const mine = described(results[i]!, ourEstimate);
      if (JSON.stringify(mine) !== JSON.stringify(node[i])) mismatches.push({ label: c.label, call: c.call, vigil: mine, node: node[i] });
    });
    console.log(`${fork}: ${cases.length} estimates compared with EDR's eth_estimateGas in ${Math.round(ms)} ms; ${node.filter((n) => n.startsWith('fails')).length} fail on both; ${mismatches.length} disagree`);
    expect(mismatches).toEqual([]);
    // Every gas call is estimated; the two failing ones fail.
    const fixed = gasCases(ref.world).length;
    expect(node.slice(0, fixed).every((n) => n.startsWith('0x'))).toBe(true);
    expect(node.slice(fixed, fixed + 2).every((n) => n.startsWith('fails'))).toBe(true);
  }, 600_000);

  it('eth_createAccessList: the same calls, against go-ethereum\'s algorithm over EDR\'s debug_traceCall (the list, the gas used with it, failure)', async () => {
    const cases = gasSet();
    const nodeCall = (method: string, params: unknown[]) => ref.call(method, params);
    const t0 = performance.now();
    const results = await inLanes(cases, LANES, (c) => vigil('createAccessList', c));
    const ms = performance.now() - t0;
    const node = await inLanes(cases, 4, (c) => createAccessList(nodeCall, [c.call, ref.tag], FORK_PRECOMPILES[fork]));
    const theirsList = (r: AccessListResult) => ({ accessList: normalAccessList(r.accessList), gasUsed: r.gasUsed, failed: r.error !== undefined });
    const mine = (o: ExecutionOutcome) => ({ accessList: normalAccessList(o.accessList ?? []), gasUsed: o.gasUsed, failed: o.status !== 'success' });
    const mismatches: Mismatch[] = [];
    cases.forEach((c, i) => {
      const v = described(results[i]!, mine);
      const n = theirsList(node[i]!);
      if (JSON.stringify(v) !== JSON.stringify(n)) mismatches.push({ label: c.label, call: c.call, vigil: v, node: n });
    });
    const listed = node.filter((n) => n.accessList.length > 0).length;
    console.log(`${fork}: ${cases.length} access lists compared (${listed} not empty) in ${Math.round(ms)} ms (Vigil's side); ${mismatches.length} disagree`);
    expect(mismatches).toEqual([]);
    expect(listed).toBeGreaterThan(cases.length / 3);
  }, 600_000);
});
