/**
 * One-shot: catch-up across the Gloas fork on the devnet, whole process. `vigil sync` starts from a
 * checkpoint before the fork (slot 8, Fulu) with nothing stored and runs to its first head past the
 * fork; the same catch-up on a devnet that stays at Fulu, beside it. Each Gloas head's execution
 * block is brought from the devnet's execution RPC by its proven hash and checked before it is
 * printed, so the difference is what the fork costs a client. Minimal preset, Gloas at epoch 2
 * (slot 16), 40 slots of history; a fresh process per run, timed from spawn to that line.
 *
 * Usage: node --import tsx bench/gloas-catchup.ts [runs]   (default 5). Needs `npm run build:cli`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { devnetChild } from './devnet-child.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
const FORK_SLOT = 16;

function timeToHead(args: string[], past: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['bin/vigil.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => (child.kill(), reject(new Error(`no head past slot ${past} in 60 s\n${err.slice(-1500)}`))), 60_000);
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => code !== null && (clearTimeout(timer), reject(new Error(`vigil sync exited with ${code}\n${err.slice(-1500)}`))));
    child.stdout.on('data', (c) => {
      out += c;
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        const head = JSON.parse(line) as { kind: string; slot: number };
        if (head.kind === 'optimistic' && head.slot > past) {
          clearTimeout(timer);
          child.kill();
          return resolve(performance.now() - start);
        }
      }
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The devnet child is unref'd: this keeps the process up while it is only awaited.
setInterval(() => {}, 1 << 30);
const rows: string[] = [];
for (const gloas of [false, true]) {
  const devnet = await devnetChild(['--slot-seconds', '2', '--history', '40', '--no-discovery', ...(gloas ? ['--gloas-epoch', '2'] : [])]);
  const { info } = devnet;
  const root = ((await (await fetch(`${info.beaconApi}/eth/v1/beacon/headers/8`)).json()) as { data: { root: string } }).data.root;
  const args = ['sync', '--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', root, '--data-dir', `/tmp/vigil-gloas-catchup-${process.pid}-${gloas}`];
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = `${args.at(-1)}-${i}`;
    times.push(await timeToHead([...args.slice(0, -1), dataDir], 36));
  }
  await devnet.stop();
  rows.push(`| ${gloas ? `across the fork (Fulu checkpoint at slot 8 → Gloas heads from slot ${FORK_SLOT})` : 'before the fork (the same devnet at Fulu throughout)'} | ${median(times).toFixed(0)} | ${Math.min(...times).toFixed(0)} | ${Math.max(...times).toFixed(0)} |`);
}
console.log(`### Catch-up across the Gloas fork on the devnet, whole process (\`vigil sync\` from a pre-fork checkpoint, nothing stored, to its first head past slot 36; minimal preset), median of ${RUNS} fresh processes\n`);
console.log('| case | median ms | min | max |\n|---|---:|---:|---:|');
for (const r of rows) console.log(r);
process.exit(0);
