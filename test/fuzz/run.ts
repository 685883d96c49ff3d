/**
 * `npm run fuzz`: the counted campaign. Every target (./targets/index.ts) runs `--count`
 * mutations (default 10,000) from `--seed` (default 23). Each target's counts, with the date and
 * the machine, are kept in bench/FUZZ.json (a run of some targets replaces theirs) and
 * bench/FUZZ.md is written from all of them (`--no-write`: print only). Exits 1 when any verdict
 * is wrong.
 *
 *   npm run fuzz                                   # the whole campaign
 *   npm run fuzz -- --target rlp --count 2000      # one target (a comma-separated list works)
 *   npm run fuzz -- --target rlp --from 1234 --count 1 --verbose   # replay one mutation, with its input
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { bytesToHex } from '../../src/core/bytes.ts';
import { renderFuzzReport, type TargetResult } from './report.ts';
import { runTarget } from './runner.ts';
import { TARGETS } from './targets/index.ts';

function args(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out[a.slice(2)] = next;
      i++;
    } else out[a.slice(2)] = true;
  }
  return out;
}

const opts = args(process.argv.slice(2));
const integer = (name: string, fallback: number) => {
  const v = opts[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new Error(`--${name} expected a non-negative integer`);
  return Number(v);
};
const seed = integer('seed', 23);
const count = integer('count', 10_000);
const from = integer('from', 0);
const names = typeof opts.target === 'string' ? opts.target.split(',') : undefined;
const unknown = names?.filter((n) => !TARGETS.some((t) => t.name === n)) ?? [];
if (unknown.length > 0) throw new Error(`unknown target ${unknown.join(', ')} (known: ${TARGETS.map((t) => t.name).join(', ')})`);
const chosen = names ? TARGETS.filter((t) => names.includes(t.name)) : TARGETS;
// A replay (from past 0) or a print-only run leaves the record alone.
const write = opts['no-write'] === undefined && from === 0;
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} processors, Node ${process.version}`;

const RESULTS = new URL('../../bench/FUZZ.json', import.meta.url);
const REPORT = new URL('../../bench/FUZZ.md', import.meta.url);
const results: Record<string, TargetResult> = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};

/** A mutated input as JSON (bigints as decimal, bytes as hex), cut at 4000 characters. */
function inputText(input: unknown): string {
  const text = JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? bytesToHex(v) : v));
  return (text ?? String(input)).slice(0, 4000);
}

let wrong = 0;
for (const target of chosen) {
  const loadStart = performance.now();
  const ctx = await target.load({ slice: false });
  process.stdout.write(`${target.name}: seeds ready in ${Math.round(performance.now() - loadStart)} ms\n`);
  const date = new Date().toISOString().slice(0, 10);
  const stats = await runTarget(target, ctx, {
    seed,
    count,
    from,
    every: Math.max(1, Math.floor(count / 10)),
    progress: (done, s) => process.stdout.write(`  ${target.name} ${done}/${count} ${Math.round(s.ms / 1000)} s, wrong ${s.wrongCount}\n`),
  });
  await target.close?.(ctx);
  wrong += stats.wrongCount;
  process.stdout.write(`${target.name}: ${stats.count} mutations in ${(stats.ms / 1000).toFixed(1)} s, ${stats.wrongCount} wrong; ${JSON.stringify(stats.verdicts)}; stricter ${JSON.stringify(stats.stricter)}\n`);
  for (const w of stats.wrong.slice(0, opts.verbose ? 50 : 5)) {
    process.stdout.write(`  WRONG #${w.index} (${w.op}, ${w.verdict}): ${w.message}\n`);
    if (opts.verbose && w.input !== undefined) process.stdout.write(`    input: ${inputText(w.input)}\n`);
  }
  if (write) {
    results[target.name] = { ...stats, wrong: stats.wrong.map(({ input: _input, ...w }) => w), date, machine };
    // Kept after every target: a campaign cut short still records what it ran.
    const current = Object.fromEntries(TARGETS.filter((t) => results[t.name]).map((t) => [t.name, results[t.name]!]));
    writeFileSync(RESULTS, JSON.stringify(current, null, 1) + '\n');
    writeFileSync(REPORT, renderFuzzReport({ results: current, targets: TARGETS }));
  }
}
if (write) process.stdout.write('wrote bench/FUZZ.json and bench/FUZZ.md\n');
process.exit(wrong > 0 ? 1 : 0);
