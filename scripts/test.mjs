#!/usr/bin/env node
/**
 * `npm test`: the whole suite as two vitest runs at once, each with its own workers.
 *
 * - world: test/integration and test/e2e. Their files start devnets, provers and browsers and
 *   then mostly wait for slots and proofs (one e2e file used about a sixth of two processors), so
 *   the lane runs two more of them than there are processors. VIGIL_TEST_WORLD_WORKERS, default
 *   max(4, processors + 2).
 * - unit: test/unit and the noble run, processor-bound, beside them. VIGIL_TEST_UNIT_WORKERS,
 *   default max(2, processors).
 *
 *   On two processors (2026-11-26, one clone, the lanes' own durations): world 3 and unit 1,
 *   608 s and 502 s, the unit lane's one worker leaving a processor idle at the end (on a slower
 *   day the other way round: unit 949 s, world 831 s); world 3 and unit 2, 569 s and 333 s;
 *   world 4 and unit 2, 516 s and 431 s. The last passed as well beside a busy loop holding one of
 *   the two processors throughout (575 s and 523 s).
 *
 * One vitest pool cannot hold the two apart (its workers take whatever file comes next), hence
 * two runs. Their lines are printed as they come, each after its lane's name; the last line is
 * the whole suite's "N passed, N failed, N skipped" (test/summary-reporter.ts prints each run's).
 * With arguments (`npm test -- <files or vitest flags>`), one plain `vitest run` with them.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const cores = availableParallelism();
const workers = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${name} expected a positive integer, got ${value}`);
  return Number(value);
};

const args = process.argv.slice(2);
if (args.length > 0) {
  const child = spawn(process.execPath, [vitest, 'run', ...args], { cwd: root, stdio: 'inherit' });
  forward(child);
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const lanes = [
    { name: 'world', projects: ['integration', 'e2e'], workers: workers('VIGIL_TEST_WORLD_WORKERS', Math.max(4, cores + 2)) },
    { name: 'unit', projects: ['unit', 'noble'], workers: workers('VIGIL_TEST_UNIT_WORKERS', Math.max(2, cores)) },
  ];
  const width = Math.max(...lanes.map((l) => l.name.length));
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const results = await Promise.all(lanes.map((lane) => run(lane, lane.name.padEnd(width), totals)));
  const failedRuns = results.filter((r) => r.code !== 0 || !r.counted);
  // A run that ended without its closing line (it crashed) counts as a failure of its own.
  const failed = totals.failed + results.filter((r) => !r.counted).length;
  process.stdout.write(`\n${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped\n`);
  process.exit(failedRuns.length > 0 ? 1 : 0);
}

/** One lane: `vitest run --project …` on its own workers, its lines prefixed; adds its counts to `totals`. */
function run(lane, label, totals) {
  const projects = lane.projects.flatMap((p) => ['--project', p]);
  const child = spawn(process.execPath, [vitest, 'run', ...projects], {
    cwd: root,
    // The variable, not --maxWorkers: that flag reaches only the projects that extend the root config.
    env: { ...process.env, VITEST_MAX_WORKERS: String(lane.workers), FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forward(child);
  let counted = false;
  const closing = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const m = closing.exec(line);
      if (m && stream === child.stdout) {
        totals.passed += Number(m[1]);
        totals.failed += Number(m[2]);
        totals.skipped += Number(m[3]);
        counted = true;
      }
      (stream === child.stdout ? process.stdout : process.stderr).write(`${label} │ ${line}\n`);
    });
  }
  process.stdout.write(`${label} │ VITEST_MAX_WORKERS=${lane.workers} vitest run ${projects.join(' ')}\n`);
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), counted })));
}

/** Ctrl-C and SIGTERM reach the runs too (they stop their devnets and browsers). */
function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}
