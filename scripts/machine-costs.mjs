/**
 * What the kernel costs on this machine, printed by `npm test` before the lanes start, so that a
 * run's time can be read against the machine it ran on.
 *
 * The suite spends much of its time in the kernel: devnets, browsers, CLI runs and vitest workers
 * are processes that start, fault their heaps in, and talk over loopback sockets and pipes. On a
 * virtual machine those costs depend on how the host virtualizes memory and system calls, not on
 * the processor: on 2026-11-28 the same two AMD EPYC processors ran the same suite in 16 min one
 * morning and 32 min from that noon on (README "Tests"), with arithmetic as fast as before and a
 * first-touched page costing 12.6 µs, where the day before it had cost well under 1 µs (scrypt's
 * 128 MiB, 32,768 pages, took 366 ms on 2026-11-27 and 762 ms then). Four figures, each the median
 * of three rounds:
 * - `pageUs`: microseconds to touch a page of fresh anonymous memory the first time (a page fault
 *   and the zeroing of 4 KiB; less where the kernel hands out huge pages);
 * - `syscallUs`: microseconds per `fstat` of an open file through Node (a system call and Node's
 *   binding around it);
 * - `spawnMs`: milliseconds, by the clock, to start a Node process that does nothing and see it
 *   exit (the others are this process's own processor time, which a busy neighbour does not inflate);
 * - `loopMs`: milliseconds of plain arithmetic (20 million steps of a JavaScript loop), the
 *   processor's part, for comparison.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, openSync } from 'node:fs';

const PAGE = 4096;
const FRESH_BYTES = 64 * 1024 * 1024;
const ROUNDS = 3;

const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
/** This process's processor time (user and system), in µs: a neighbour's load does not inflate it as it does the clock. */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

function pageUs() {
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Zero-filled ArrayBuffers this large come from mmap: none of their pages is mapped yet.
    const bytes = new Uint8Array(FRESH_BYTES);
    const start = cpuNow();
    for (let i = 0; i < FRESH_BYTES; i += PAGE) bytes[i] = 1;
    rounds.push((cpuNow() - start) / (FRESH_BYTES / PAGE));
  }
  return median(rounds);
}

function syscallUs(calls = 20_000) {
  const fd = openSync(process.execPath, 'r');
  try {
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const start = cpuNow();
      for (let i = 0; i < calls; i++) fstatSync(fd);
      rounds.push((cpuNow() - start) / calls);
    }
    return median(rounds);
  } finally {
    closeSync(fd);
  }
}

function spawnMs() {
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    if (child.status !== 0) throw new Error(`a Node process that does nothing exited ${child.status ?? child.signal}`);
    rounds.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(rounds);
}

function loopMs(steps = 20_000_000) {
  const rounds = [];
  let x = 1;
  for (let r = 0; r < ROUNDS; r++) {
    const start = cpuNow();
    for (let i = 0; i < steps; i++) x = (x + i) & 0xffff;
    rounds.push((cpuNow() - start) / 1e3);
  }
  if (x < 0) throw new Error('unreachable: keeps the loop from being dropped');
  return median(rounds);
}

/**
 * @returns {{ pageUs: number, syscallUs: number, spawnMs: number, loopMs: number, line: string }}
 *   the figures and one line that says them in words
 */
export function measureMachineCosts() {
  const costs = { pageUs: pageUs(), syscallUs: syscallUs(), spawnMs: spawnMs(), loopMs: loopMs() };
  const line =
    `a first-touched page ${costs.pageUs.toFixed(2)} µs, a system call ${costs.syscallUs.toFixed(2)} µs, ` +
    `a Node process started and gone ${costs.spawnMs.toFixed(0)} ms, 20 million loop steps ${costs.loopMs.toFixed(0)} ms`;
  return { ...costs, line };
}
