/**
 * Benchmark runner. Imports every `bench/*.bench.ts`, measures each case against its group's
 * anchor in the same run, prints a table and writes `bench/RESULTS.md`.
 *
 * A bench file exports `default` an array of {@link BenchGroup}; it may use top-level await
 * for its setup (instantiating WASM, building inputs) and must not measure anything itself.
 *
 * Usage: `node --import tsx bench/run.ts [filter]` (`npm run bench`). With a filter (substring
 * of a group name) only matching groups run and RESULTS.md is left alone.
 * `BENCH_QUICK=1` shortens every phase, for smoke runs only.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchCase {
  name: string;
  /** One operation. Its return value is kept alive so the engine cannot drop the work. */
  fn: () => unknown;
  /** `fn` returns a promise (e.g. an async reference library): each call is awaited. */
  async?: boolean;
  /** Minimum ratio (case ops/s ÷ anchor ops/s) the case is expected to reach. */
  target?: number;
}

export interface BenchGroup {
  name: string;
  /** The reference every case is divided by, measured in the same run. */
  anchor: BenchCase;
  cases: BenchCase[];
}

interface Measured {
  name: string;
  opsPerSec: number;
  /** Half the spread between the fastest and slowest sample, relative to the median. */
  spread: number;
  target: number | undefined;
}

const QUICK = process.env.BENCH_QUICK === '1';

/** Scripts that measure once and print markdown: [title, node arguments]. */
const ONE_SHOTS: [string, string[]][] = [
  ['Groth16 first verify in a fresh worker', ['--import', 'tsx', 'bench/worker-first-verify.ts']],
  ['vigil lc-verify vs Lodestar, whole process', ['--import', 'tsx', 'bench/lc-verify-whole.ts']],
  ['Catch-up after the longest absence, before and after Gloas, whole process', ['--import', 'tsx', 'bench/lc-absence.ts']],
  ['Catch-up across the Gloas fork on the devnet, whole process', ['--import', 'tsx', 'bench/gloas-catchup.ts']],
  ["A Gloas head's execution header: fetch and check per head", ['--import', 'tsx', 'bench/execution-header.ts']],
  ['Devnet cold start, mainnet preset', ['--import', 'tsx', 'bench/devnet-coldstart.ts']],
  ['Service-worker wake → first verified head, mainnet', ['--import', 'tsx', 'bench/sw-wake.ts']],
  ['Verified eth_call on the devnet vs the node and @lodestar/prover', ['--import', 'tsx', 'bench/execution-calls.ts']],
  ['L2 balance on the devnet rollup, proven from L1, vs the L2 RPC', ['--import', 'tsx', 'bench/l2-balance.ts']],
  ['Wallet unlock (scrypt + AES-GCM) vs node:crypto', ['--import', 'tsx', 'bench/wallet-unlock.ts']],
  ['Wallet approval → broadcast', ['--import', 'tsx', 'bench/wallet-approval.ts']],
  ["A send's proofs under a page's eth_getLogs load", ['--import', 'tsx', 'bench/page-load.ts']],
  ['The tip from verified blocks vs geth\'s oracle, and its cost', ['--import', 'tsx', 'bench/fee-oracle.ts']],
  ['Linea aggregation proof and verifier contracts in the local EVM', ['--import', 'tsx', 'bench/verifier-contracts.ts']],
  ["The approval window's simulation of a devnet router swap", ['--import', 'tsx', 'bench/simulation.ts']],
  ['SP1 PLONK re-verified (OP Succinct) and the follow of one output', ['--import', 'tsx', 'bench/op-succinct.ts']],
  ["Base: one new AggregateVerifier game followed with its ZK leg re-verified", ['--import', 'tsx', 'bench/base-zk.ts']],
  ['KZG setup: fresh process → first verified cells, vs kzg-wasm and micro-eth-signer', ['--import', 'tsx', 'bench/kzg-setup.ts']],
  ['Extension size', ['scripts/extension-size.mjs']],
];
const WARMUP_MS = QUICK ? 50 : 400;
const SAMPLE_MS = QUICK ? 10 : 60;
const SAMPLES = QUICK ? 3 : 11;

// Written with every sample's last result, read once at the end: results cannot be dropped.
let sink: unknown;

type Runner = (fn: () => unknown, iterations: number) => number | Promise<number>;

/**
 * A separately compiled timing loop per contender: a shared loop would see every contender's
 * function at one call site, go megamorphic and penalize whoever runs after the first.
 */
function makeRunner(isAsync = false): Runner {
  if (isAsync) {
    return async (fn, iterations) => {
      const t0 = performance.now();
      let r: unknown;
      for (let i = 0; i < iterations; i++) r = await fn();
      sink = r;
      return performance.now() - t0;
    };
  }
  const loop = new Function(
    'fn',
    'n',
    'now',
    'let r; const t0 = now(); for (let i = 0; i < n; i++) r = fn(); return [now() - t0, r];',
  ) as (fn: () => unknown, n: number, now: () => number) => [number, unknown];
  const now = (): number => performance.now();
  return (fn, iterations) => {
    const [ms, result] = loop(fn, iterations, now);
    sink = result;
    return ms;
  };
}

/** Warms `fn` up for WARMUP_MS and returns how many iterations fill one SAMPLE_MS sample. */
async function calibrate(fn: () => unknown, runFor: Runner): Promise<number> {
  let iterations = 1;
  let spent = 0;
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    spent += await runFor(fn, iterations);
    done += iterations;
    if (spent < WARMUP_MS / 8) iterations *= 2;
  }
  const msPerOp = spent / done;
  return Math.max(1, Math.round(SAMPLE_MS / msPerOp));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Samples are taken round-robin over anchor and cases (rotating who goes first), so that
 * frequency scaling, GC and noisy neighbours hit every contender alike; the median is kept.
 */
async function measureGroup(group: BenchGroup): Promise<Measured[]> {
  const all = [group.anchor, ...group.cases];
  const runners = all.map((c) => makeRunner(c.async));
  const iterations: number[] = [];
  for (let i = 0; i < all.length; i++) iterations.push(await calibrate(all[i]!.fn, runners[i]!));
  const samples: number[][] = all.map(() => []);
  for (let s = 0; s < SAMPLES; s++) {
    for (let k = 0; k < all.length; k++) {
      const i = (k + s) % all.length;
      const ms = await runners[i]!(all[i]!.fn, iterations[i]!);
      samples[i]!.push((iterations[i]! * 1000) / ms);
    }
  }
  return all.map((c, i) => {
    const xs = samples[i]!;
    const med = median(xs);
    return {
      name: c.name,
      opsPerSec: med,
      spread: (Math.max(...xs) - Math.min(...xs)) / 2 / med,
      target: c.target,
    };
  });
}

const fmtOps = (x: number): string =>
  x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3);
const fmtRatio = (x: number): string => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

function table(group: BenchGroup, rows: Measured[]): string {
  const anchor = rows[0]!.opsPerSec;
  const lines = [
    `### ${group.name}`,
    '',
    '| case | ops/s | ± | vs anchor | target |',
    '|---|---:|---:|---:|---|',
  ];
  rows.forEach((r, i) => {
    const ratio = r.opsPerSec / anchor;
    const target =
      r.target === undefined ? '' : `≥ ${r.target}× ${ratio >= r.target ? '✅ met' : '❌ missed'}`;
    const name = i === 0 ? `${r.name} (anchor)` : r.name;
    lines.push(`| ${name} | ${fmtOps(r.opsPerSec)} | ${(r.spread * 100).toFixed(1)}% | ${fmtRatio(ratio)} | ${target} |`);
  });
  return lines.join('\n');
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const filter = process.argv[2];
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const sections: string[] = [];
  let failures = 0;
  for (const file of files) {
    // One broken bench file must not cost the others their results: report it and go on.
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: BenchGroup[] };
      const groups = (mod.default ?? []).filter((g) => !filter || g.name.includes(filter));
      if (groups.length === 0) continue;
      const parts = [`## ${file}`];
      for (const group of groups) {
        const text = table(group, await measureGroup(group));
        console.log(`${text}\n`);
        parts.push(text);
      }
      sections.push(parts.join('\n\n'));
    } catch (err) {
      failures++;
      const message = err instanceof Error ? err.message : String(err);
      console.error(`${file} failed: ${message}`);
      sections.push(`## ${file}\n\n**failed**: ${message.split('\n')[0]}`);
    }
  }
  void sink;

  // One-shot measurements (cold starts, sizes) do not fit ops/s: each script prints its markdown.
  if (!filter) {
    const parts = ['## One-shot measurements'];
    for (const [title, args] of ONE_SHOTS) {
      const r = spawnSync(process.execPath, args, { cwd: join(here, '..'), encoding: 'utf8', timeout: 600_000 });
      const out = r.stdout.trim();
      const text =
        r.status !== 0
          ? `### ${title}\n\nfailed (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1)}`
          : out.startsWith('#')
            ? out
            : `### ${title}\n\n${out}`;
      console.log(`${text}\n`);
      parts.push(text);
    }
    sections.push(parts.join('\n\n'));
  }

  const cpu = cpus();
  const header = [
    '# Benchmark results',
    '',
    'Generated by `npm run bench` (bench/run.ts). Ratios are against each group\'s anchor measured',
    `in the same run; ops/s is the median of ${SAMPLES} samples of ~${SAMPLE_MS} ms after ${WARMUP_MS} ms warm-up;`,
    '± is half the spread between fastest and slowest sample.',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length} (${platform()}/${arch()})`,
    `- node: ${process.version} (V8 ${process.versions.v8})`,
    ...(QUICK ? ['- **BENCH_QUICK=1: smoke run, numbers are not meaningful**'] : []),
  ];
  if (!filter) {
    writeFileSync(join(here, 'RESULTS.md'), `${header.join('\n')}\n\n${sections.join('\n\n')}\n`);
    console.log('wrote bench/RESULTS.md');
  }
  if (failures) process.exitCode = 1;
}

await main();
