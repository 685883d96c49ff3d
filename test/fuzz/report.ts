/**
 * bench/FUZZ.md from the campaign's record (bench/FUZZ.json): per target the mutations, the seed,
 * the date and the machine, wrong verdicts, typed errors by code, mutation families, and each
 * class where Vigil is stricter than its reference with why; then the bugs the campaign found
 * (./findings.ts).
 */
import { FINDINGS } from './findings.ts';
import type { TargetStats } from './runner.ts';
import type { FuzzTarget } from './target.ts';

/** One target's run as the record keeps it. */
export interface TargetResult extends TargetStats {
  /** The day it ran (YYYY-MM-DD). */
  date: string;
  machine: string;
}

export interface ReportInput {
  /** By target name, in the campaign's order. */
  results: Readonly<Record<string, TargetResult>>;
  targets: readonly FuzzTarget[];
}

const n = (x: number) => x.toLocaleString('en-US');
const sorted = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export function renderFuzzReport(input: ReportInput): string {
  const stats = input.targets.map((t) => input.results[t.name]).filter((r): r is TargetResult => r !== undefined);
  const total = stats.reduce((s, t) => s + t.count, 0);
  const wrong = stats.reduce((s, t) => s + t.wrongCount, 0);
  const machines = [...new Set(stats.map((s) => s.machine))];
  const missing = input.targets.filter((t) => input.results[t.name] === undefined).map((t) => t.name);
  const lines: string[] = [
    '# Fuzzing, counted',
    '',
    'Written by `npm run fuzz` (test/fuzz/run.ts, from bench/FUZZ.json); do not edit by hand. Every',
    'target mutates valid inputs (bit flips, truncation, extension, field swaps, structure-aware',
    'edits) and checks each answer with the oracles of test/fuzz/target.ts: no uncaught exception,',
    'only typed errors; Vigil never accepts what the reference rejects and, where both accept, gives',
    'the same value; each class where Vigil refuses what the reference accepts is listed below with',
    'why. `npm test` runs a fixed-seed slice of every target (test/fuzz/slice.test.ts). Mutation',
    '*i* of target *t* replays alone: `npm run fuzz -- --target t --from i --count 1 --verbose`.',
    '',
    `- Mutations: ${n(total)} over ${stats.length} targets; wrong verdicts: **${wrong}**`,
    `- Machine: ${machines.join('; ')}`,
    ...(missing.length > 0 ? [`- Not run yet: ${missing.join(', ')}`] : []),
    '',
    '| target | mutations | seed | date | wrong | seconds | accepted | typed errors by code |',
    '|---|---:|---:|---|---:|---:|---:|---|',
  ];
  for (const s of stats) {
    const { accepted = 0, ...codes } = s.verdicts;
    const byCode = sorted(codes).map(([c, k]) => `${c} ${n(k)}`).join(', ');
    lines.push(`| ${s.name} | ${n(s.count)} | ${s.seed} | ${s.date} | ${s.wrongCount} | ${(s.ms / 1000).toFixed(0)} | ${n(accepted)} | ${byCode} |`);
  }
  lines.push('', 'Verdicts are the typed error\'s code (`accepted`: a value). The provider target\'s are the', 'EIP-1193 code a page gets, with `data.code`; the exit targets\' the action the plan answers, with', 'the error it recorded.', '', '## Targets', '');
  for (const s of stats) {
    const t = input.targets.find((x) => x.name === s.name)!;
    lines.push(`### ${t.name}`, '', `- Subject: ${t.subject}`, `- Reference / oracle: ${t.reference}`, `- Seeds: ${t.seeds}`);
    lines.push(`- Mutations by family: ${sorted(s.ops).map(([op, k]) => `${op} ${n(k)}`).join(', ')}`);
    const classes = Object.entries(t.stricter ?? {});
    if (classes.length > 0) {
      lines.push('- Where Vigil is stricter than the reference (refusals the reference accepts, counted):');
      for (const [name, why] of classes) lines.push(`  - \`${name}\` (${n(s.stricter[name] ?? 0)}): ${why}`);
    }
    for (const w of s.wrong) lines.push(`- WRONG #${w.index} (${w.op}, ${w.verdict}): ${w.message}`);
    lines.push('');
  }
  lines.push('## Bugs the campaign found', '');
  if (FINDINGS.length === 0) lines.push('None.');
  for (const f of FINDINGS) lines.push(`- **${f.target}**: ${f.bug} Fixed in ${f.fix}; regression test ${f.test}.`);
  lines.push('');
  return lines.join('\n');
}
