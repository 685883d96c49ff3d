/**
 * One-shot: a send's proofs while a page keeps ten maximum-range eth_getLogs in flight, against
 * the same proofs unloaded (issue 23: within 2× of them). On the devnet in a child process
 * (`vigil devnet --history 6200 --slot-seconds 1 --contracts`: 6,200 mined blocks behind the head
 * at start), the background's own parts in this process: the L1 session following the devnet
 * (src/client/l1-session.ts: BLS and proofs in a worker_thread running the extension's verifier
 * worker, the EVM in a second one as the extension's execution worker), the provider's request
 * handling over it (src/provider/handler.ts through sessionBackend: the page's reads in the
 * endpoints' page lane, src/client/verified/endpoint-scheduler.ts), and the wallet's chain
 * (L1Session.walletChain).
 *
 * - A send's proofs: `prepareTransaction` of a 1-wei transfer from the first devnet account, what
 *   the approval window waits for: the sender's eth_getProof verified at the newest head, the tip
 *   from the last five verified bodies, Vigil's own gas estimate over proven state.
 * - Traffic, as on a live chain: the second devnet account sends a token transfer every half
 *   second (so every block has transactions and logs, and a new state root: the estimate proves
 *   its accounts afresh at each head, and the page's newest window has receipts to fetch).
 * - The page: ten eth_getLogs of 1,024 blocks each (the per-request maximum), no filter, over six
 *   windows cycling below the head (6,144 blocks: more than the 4,096 headers kept, so every walk
 *   fetches and links its headers), kept in flight for a whole phase: one that ends is replaced at
 *   once. Its quotas are raised for the bench (the defaults take sixteen maximum-range calls at
 *   once, fifteen a minute after, and -32005 past that: the page would be refused, not served,
 *   after the first rounds).
 * - One send per new verified head, in phases: unloaded (half the rounds), loaded with the page
 *   in its lane (as shipped), loaded with the page's reads on the wallet's own services and lane
 *   (no priority: how it was before the scheduler, to show what the lane buys), unloaded again
 *   (the other half: a drift of the machine shows between the two halves). Three untimed sends
 *   first (JIT, the workers' first tasks, the devnet's caches).
 *
 * Usage: node --import tsx bench/page-load.ts [rounds]   (default 12; BENCH_QUICK=1: 3). Prints markdown.
 */
import { cpus, loadavg } from 'node:os';
import { prepareTransaction } from '../src/client/wallet/transactions.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { encodeFunctionCall } from '../src/execution/abi.ts';
import type { ChainExecutionService } from '../src/client/verified/chain-execution.ts';
import { type ChainCall, chainCall } from '../src/provider/chain-call.ts';
import { createRequestHandler, type ProviderBackend } from '../src/provider/handler.ts';
import { jsonRpcCall } from '../src/rpc/http.ts';
import { OriginQuotas } from '../src/provider/quotas.ts';
import { sessionBackend } from '../src/provider/session-backend.ts';
import { parseTransactionRequest } from '../src/wallet/transaction-request.ts';
import type { ExecutionTasks } from '../src/workers/execution-task-names.ts';
import { isExecutionTask } from '../src/workers/execution-task-names.ts';
import { nodeWorkerFactory } from '../src/workers/node.ts';
import { WorkerPool } from '../src/workers/pool.ts';
import { SplitRunner } from '../src/workers/split-runner.ts';
import type { VerifierTasks } from '../src/workers/tasks.ts';
import { sessionOnDevnet } from '../test/integration/wallet-devnet.ts';
import { startDevnetChild } from './devnet-child.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? (QUICK ? 3 : 12));
const HISTORY = 6200;
const SPAN = 1024;
const WINDOWS = 6;
const IN_FLIGHT = 10;
const PAGE = 'https://greedy.example';
const LOAD_BEFORE = loadavg()[0]!;

await cryptoReady();
const t0 = performance.now();
const info = await startDevnetChild(['--history', String(HISTORY), '--slot-seconds', '1', '--contracts', '--no-discovery'], 600_000);
const devnetMs = performance.now() - t0;

const verifier = new WorkerPool<VerifierTasks>({ factory: nodeWorkerFactory(new URL('./verifier-worker.mjs', import.meta.url)), size: 1, timeoutMs: 60_000 });
const runner = new SplitRunner<VerifierTasks, ExecutionTasks>(
  verifier,
  () => new WorkerPool<ExecutionTasks>({ factory: nodeWorkerFactory(new URL('./execution-worker.mjs', import.meta.url)), size: 1, timeoutMs: 60_000 }),
  isExecutionTask,
);
const session = await sessionOnDevnet(info, { runner });
const firstHead = async () => {
  for (let i = 0; i < 1200 && session.walletChain()?.newestHead() === undefined; i++) await new Promise((r) => setTimeout(r, 100));
  if (session.walletChain()?.newestHead() === undefined) throw new Error('no verified head within 120 s');
};
await firstHead();

// Quotas out of the way: the bench measures who goes first at the endpoint, not the refusals.
const quotas = () => new OriginQuotas({ logBlocks: { capacity: 1e12, perMinute: 1e12 }, logResults: { capacity: 1e12, perMinute: 1e12 } });
// The pages' chain reads as the app host runs them (in the pages' lane).
const own = () => session.execution() as ChainExecutionService | undefined;
const pagesChain: ChainCall = (meter, method, params) => chainCall(own()!.forPages().chain)(meter, method, params);
const laned = createRequestHandler(sessionBackend({ session, chain: pagesChain }), undefined, { quotas: quotas() });
// How it was before: the page's reads on the wallet's own services, no lane.
const base = sessionBackend({ session });
const unlaned = createRequestHandler({ ...base, execution: () => own(), chain: () => (own() ? chainCall(own()!.chain) : undefined) } satisfies ProviderBackend, undefined, { quotas: quotas() });

// Traffic: a token transfer every half second from the second account (blocks with transactions and logs).
const traffic = setInterval(() => {
  const to = '0x' + Math.floor(Math.random() * 2 ** 48).toString(16).padStart(40, '0');
  const data = encodeFunctionCall('transfer(address,uint256)', [to, 1n]);
  void jsonRpcCall(info.nodeRpc, 'eth_sendTransaction', [{ from: info.accounts[1], to: info.contracts!.token, data }], { timeoutMs: 10_000, maxBytes: 1 << 16 }).catch(() => {});
}, 500);

const from = info.accounts[0]!;
const request = () => parseTransactionRequest({ from, to: '0x000000000000000000000000000000000000bEEF', value: '0x1' });

async function sendProofs(): Promise<number> {
  const chain = session.walletChain()!;
  const t = performance.now();
  const prepared = await prepareTransaction(chain, request(), { origin: { kind: 'wallet' }, pending: [], now: Math.floor(Date.now() / 1000) });
  const ms = performance.now() - t;
  if (!prepared.verdict.ok || prepared.gasSource !== 'verified-estimate' || prepared.tipSource !== 'verified') {
    throw new Error(`the send was not prepared on verified state: ${JSON.stringify(prepared.verdict.ok ? prepared.tipSource : prepared.verdict.refusals)}`);
  }
  return ms;
}

let windowNext = 0;
type PageStats = { calls: number; errors: number; ms: number[] };
/** Keeps IN_FLIGHT maximum-range eth_getLogs in flight through `handle` until `done` resolves. */
async function pageLoad(handle: typeof laned, done: Promise<unknown>, pageStats: PageStats): Promise<void> {
  let stopped = false;
  void done.finally(() => (stopped = true));
  const head = session.walletChain()!.newestHead()!.blockNumber;
  const one = async (): Promise<void> => {
    while (!stopped) {
      const k = windowNext++ % WINDOWS;
      const to = head - BigInt(k * SPAN);
      const t = performance.now();
      try {
        await handle(PAGE, { method: 'eth_getLogs', params: [{ fromBlock: `0x${(to - BigInt(SPAN) + 1n).toString(16)}`, toBlock: `0x${to.toString(16)}` }] });
        pageStats.ms.push(performance.now() - t);
      } catch (err) {
        pageStats.errors++;
        if (pageStats.errors <= 3) process.stderr.write(`page eth_getLogs failed: ${(err as Error).message}\n`);
      }
      pageStats.calls++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, one));
}

async function nextHead(): Promise<void> {
  const n = session.walletChain()!.newestHead()!.blockNumber;
  await session.whenBlock(n + 1n, 10_000);
}

type Condition = 'unloaded' | 'laned' | 'unlaned';
const samples: Record<Condition, number[]> = { unloaded: [], laned: [], unlaned: [] };
const pages: Record<'laned' | 'unlaned', PageStats> = { laned: { calls: 0, errors: 0, ms: [] }, unlaned: { calls: 0, errors: 0, ms: [] } };

/** `rounds` sends at successive heads, the page's load (when any) kept in flight all along. */
async function phase(condition: Condition, rounds: number): Promise<void> {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const load = condition === 'unloaded' ? Promise.resolve() : pageLoad(condition === 'laned' ? laned : unlaned, done, pages[condition]);
  try {
    for (let i = 0; i < rounds; i++) {
      await nextHead();
      // The ten are out (their first batches at the endpoint or queued for it) before the send starts.
      if (condition !== 'unloaded') await new Promise((r) => setTimeout(r, 50));
      samples[condition].push(await sendProofs());
    }
  } finally {
    finish();
  }
  await load;
}

// Untimed warm-up (JIT, the workers' first tasks, the devnet's caches), then the loaded phases
// between two halves of the unloaded rounds (a drift of the machine shows between them).
for (let i = 0; i < 3; i++) {
  await nextHead();
  await sendProofs();
}
await phase('unloaded', Math.ceil(ROUNDS / 2));
await phase('laned', ROUNDS);
await phase('unlaned', ROUNDS);
await phase('unloaded', Math.floor(ROUNDS / 2));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
const unloaded = median(samples.unloaded);
const row = (name: string, xs: number[], target: boolean) => {
  const m = median(xs);
  const ratio = m / unloaded;
  return `| ${name} | ${m.toFixed(0)} | ${p90(xs).toFixed(0)} | ${ratio.toFixed(2)}× | ${target ? (ratio <= 2 ? '≤ 2× ✅ met' : '≤ 2× ❌ missed') : ''} |`;
};
console.log(`### A send's proofs while a page keeps ${IN_FLIGHT} maximum-range eth_getLogs in flight (devnet, median of ${ROUNDS} rounds; target ≤ 2× unloaded)`);
console.log();
console.log('| condition | median ms | p90 ms | ÷ unloaded | target |');
console.log('|---|---:|---:|---:|---|');
console.log(row('unloaded: the sender proven, the tip from five verified bodies, the gas estimated over proven state', samples.unloaded, false));
console.log(row("loaded, the page's reads in their lane (as shipped: at most 2 in flight per endpoint, in batches of 16, none started while a send is prepared)", samples.laned, true));
console.log(row("loaded, the page's reads on the wallet's own services and lane (no priority: as before)", samples.unlaned, false));
console.log();
const page = (p: PageStats) => `${p.calls} eth_getLogs of ${SPAN} blocks (${p.errors} failed), median ${p.ms.length > 0 ? (median(p.ms) / 1000).toFixed(1) : '–'} s each`;
const halves = `${median(samples.unloaded.slice(0, Math.ceil(ROUNDS / 2))).toFixed(0)} ms, then ${median(samples.unloaded.slice(Math.ceil(ROUNDS / 2))).toFixed(0)} ms`;
console.log(`- the page, over ${WINDOWS} windows below the head: in its lane ${page(pages.laned)}; on the wallet's lane ${page(pages.unlaned)} (the phases last as long as their sends, and the calls out at the end finish after it)`);
console.log(`- unloaded medians before and after the loaded phases: ${halves}; a devnet of ${HISTORY} history slots, 1 s slots (ready in ${(devnetMs / 1000).toFixed(0)} s)`);
console.log(`- machine: ${cpus()[0]?.model.trim()} × ${cpus().length}; load average ${LOAD_BEFORE.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after; node ${process.version}; ${new Date().toISOString()}`);
clearInterval(traffic);
await session.stop();
process.exit(0);
