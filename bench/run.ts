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
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchCase {
  name: string;
  /** One operation. Its return value is kept alive so the engine cannot drop the work. */
  fn: () => unknown;
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
const WARMUP_MS = QUICK ? 50 : 400;
const SAMPLE_MS = QUICK ? 10 : 60;
const SAMPLES = QUICK ? 3 : 11;

// Written by every measured call, read once at the end: results cannot be optimized away.
let sink: unknown;

function runFor(fn: () => unknown, iterations: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) sink = fn();
  return performance.now() - t0;
}

/** Warms `fn` up for WARMUP_MS and returns how many iterations fill one SAMPLE_MS sample. */
function calibrate(fn: () => unknown): number {
  let iterations = 1;
  let spent = 0;
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    spent += runFor(fn, iterations);
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
function measureGroup(group: BenchGroup): Measured[] {
  const all = [group.anchor, ...group.cases];
  const iterations = all.map((c) => calibrate(c.fn));
  const samples: number[][] = all.map(() => []);
  for (let s = 0; s < SAMPLES; s++) {
    for (let k = 0; k < all.length; k++) {
      const i = (k + s) % all.length;
      const ms = runFor(all[i]!.fn, iterations[i]!);
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
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: BenchGroup[] };
    const groups = (mod.default ?? []).filter((g) => !filter || g.name.includes(filter));
    if (groups.length === 0) continue;
    const parts = [`## ${file}`];
    for (const group of groups) {
      const text = table(group, measureGroup(group));
      console.log(`${text}\n`);
      parts.push(text);
    }
    sections.push(parts.join('\n\n'));
  }
  void sink;

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
    QUICK ? '- **BENCH_QUICK=1: smoke run, numbers are not meaningful**' : '',
  ].filter((l, i, a) => l !== '' || a[i - 1] !== '');
  if (!filter) {
    writeFileSync(join(here, 'RESULTS.md'), `${header.join('\n')}\n\n${sections.join('\n\n')}\n`);
    console.log('wrote bench/RESULTS.md');
  }
}

await main();
