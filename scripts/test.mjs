#!/usr/bin/env node
/**
 * `npm test`: the whole suite as two vitest runs at once, each with its own workers.
 *
 * - world: test/integration and test/e2e (and the noble run's devnet file). Each file starts a
 *   devnet (an EVM node, a beacon chain, often a prover, sometimes a browser) and then mostly
 *   waits for slots, batches and proofs.
 * - unit: test/unit and the noble run, processor-bound, beside them, at a lower priority
 *   (niceness UNIT_NICENESS): the devnets' slots, proofs and browsers come first, and the unit
 *   files take the processors' remaining time. A wait in a world file is then held up by other
 *   devnets only, never by arithmetic that can wait.
 *
 * How many of each follows what the machine can give when the lanes start, not only how many
 * processors it has: the processors' idle share over a short sample (after the build, so what it
 * sees is the neighbours' load), no more than a control group's CPU quota, `spare` processors in all.
 * - world: round(spare) + 1 files at once, from 2 to processors + 1. A devnet file waits on
 *   slots most of the time: on two free processors the lane took 516 s with four files at once,
 *   569 s with three (2026-11-26). Four were tried until 2026-11-28: CI's 2-core run of 15ad800
 *   then had a Glamsterdam devnet's light client 136 s behind and a forced exit's batch past its
 *   deadline, and runs of the kind failed on a different wait each time; one devnet fewer gives
 *   each of the others a third more processor time, for about a tenth more of the lane's time.
 *   Each processor a neighbour takes is one devnet fewer. VIGIL_TEST_WORLD_WORKERS sets it.
 * - unit: one per processor, VIGIL_TEST_UNIT_WORKERS sets it. At its niceness it takes only what
 *   the world lane and the neighbours leave, so it needs no count of its own.
 * README "Tests" has the runs these counts gave, quiet and beside a busy loop.
 *
 * One vitest pool cannot hold the two apart (its workers take whatever file comes next), hence
 * two runs. Their lines are printed as they come, each after its lane's name; the last line is
 * the whole suite's "N passed, N failed, N skipped" (test/summary-reporter.ts prints each run's),
 * after the failed tests of both runs, one line each, so that a log's tail names them.
 * With arguments (`npm test -- <files or vitest flags>`), one plain `vitest run` with them.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { measureMachineCosts } from './machine-costs.mjs';
import { prepareTestNeeds } from './test-needs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const cores = availableParallelism();
/** The unit lane's niceness: the world lane's devnets and browsers are served first. VIGIL_TEST_UNIT_NICENESS sets it. */
const UNIT_NICENESS = 10;
const niceness = () => {
  const value = process.env.VIGIL_TEST_UNIT_NICENESS;
  if (value === undefined) return UNIT_NICENESS;
  if (!/^(1?\d)$/.test(value)) throw new Error(`VIGIL_TEST_UNIT_NICENESS expected 0 to 19, got ${value}`);
  return Number(value);
};
/** How long the machine's idle share is sampled before the lanes start. */
const SAMPLE_MS = 3_000;
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
  // Everything the lanes need is there before they start, or the run ends here naming what is not.
  let needs;
  try {
    needs = prepareTestNeeds(root);
  } catch (err) {
    process.stderr.write(`npm test: cannot run the lanes: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`npm test: what the lanes need: ${needs.line}\n`);
  Object.assign(process.env, needs.vars);
  // What the kernel costs here: the suite's time follows it as much as the processors' (./machine-costs.mjs).
  process.stdout.write(`npm test: this machine: ${measureMachineCosts().line}\n`);
  const spare = await spareProcessors(SAMPLE_MS);
  const lanes = [
    { name: 'world', projects: ['integration', 'e2e', 'noble-devnet'], workers: workers('VIGIL_TEST_WORLD_WORKERS', Math.min(cores + 1, Math.max(2, Math.round(spare) + 1))), niceness: 0 },
    { name: 'unit', projects: ['unit', 'noble'], workers: workers('VIGIL_TEST_UNIT_WORKERS', cores), niceness: niceness() },
  ];
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`npm test: ${cores} processors, ${spare.toFixed(2)} of them idle over ${SAMPLE_MS / 1000} s (load average ${load}): world ${lanes[0].workers} workers, unit ${lanes[1].workers} at niceness ${lanes[1].niceness}\n`);
  const width = Math.max(...lanes.map((l) => l.name.length));
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const results = await Promise.all(lanes.map((lane) => run(lane, lane.name.padEnd(width), totals)));
  const failedRuns = results.filter((r) => r.code !== 0 || !r.counted);
  // A run that ended without its closing line (it crashed) counts as a failure of its own.
  const failed = totals.failed + results.filter((r) => !r.counted).length;
  // The failed tests again, last, with their lane: a log cut to its tail still names them.
  const crashed = results.flatMap((r, i) => (r.counted ? [] : [`${lanes[i].name}: failed: the run ended without its closing line (exit ${r.code})`]));
  const named = [...totals.failures, ...crashed];
  process.stdout.write(`\n${named.length > 0 ? `${named.join('\n')}\n` : ''}${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped\n`);
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
  // Its workers, devnets and browsers are its children and inherit the niceness.
  if (lane.niceness !== 0) setPriority(child.pid, lane.niceness);
  forward(child);
  let counted = false;
  const closing = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const m = closing.exec(line);
      if (stream === child.stdout && line.startsWith('failed: ')) totals.failures.push(`${lane.name}: ${line}`);
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

/**
 * Processors idle over `ms`: the idle share of the processors' time, times their count. On Linux
 * from /proc/stat, where the time a virtual machine's host took (steal) counts as busy; elsewhere
 * from `os.cpus()`. What the neighbours leave, not what the machine has.
 */
async function spareProcessors(ms) {
  const before = processorTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = processorTimes();
  const all = after.all - before.all;
  const idle = all > 0 ? (cores * (after.idle - before.idle)) / all : cores;
  return Math.min(cores, idle, quotaProcessors() ?? cores);
}

/**
 * The processors this process's control group may use (a CPU quota, as a container's `--cpus`
 * sets), or undefined when none is set: time the quota withholds shows as idle in /proc/stat.
 */
function quotaProcessors() {
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [, controllers, path] = line.split(':');
      if (controllers === '') {
        // cgroup v2: "max 100000" or "<quota> <period>"
        const [quota, period] = readFileSync(`/sys/fs/cgroup${path}/cpu.max`, 'utf8').trim().split(' ');
        if (quota !== 'max') return Number(quota) / Number(period);
      } else if (controllers?.split(',').includes('cpu')) {
        // cgroup v1: cpu.cfs_quota_us is -1 without a quota
        for (const mount of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct']) {
          try {
            const quota = Number(readFileSync(`${mount}${path}/cpu.cfs_quota_us`, 'utf8'));
            const period = Number(readFileSync(`${mount}${path}/cpu.cfs_period_us`, 'utf8'));
            if (quota > 0 && period > 0) return quota / period;
            break;
          } catch {
            // not mounted here
          }
        }
      }
    }
  } catch {
    // no control groups to read
  }
  return undefined;
}

/** Idle and total time of all processors so far (any unit: only their ratio is used). */
function processorTimes() {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length === 8 && fields.every(Number.isFinite)) return { idle: fields[3] + fields[4], all: fields.reduce((a, b) => a + b, 0) };
  } catch {
    // not Linux
  }
  return cpus().reduce((sum, c) => ({ idle: sum.idle + c.times.idle, all: sum.all + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, all: 0 });
}

/** Ctrl-C and SIGTERM reach the runs too (they stop their devnets and browsers). */
function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}
