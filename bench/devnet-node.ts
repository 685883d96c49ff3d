/**
 * The devnet's execution node (issue 51): @ethereumjs/vm in a worker thread against today's
 * reference, Hardhat 2's node (EDR in a child process), in the same run: start to ready, an empty
 * slot, a slot with one transfer and with ten, 256 empty slots (what `--history 256` mines at
 * start), and eth_getProof at the head. Both are driven over JSON-RPC on 127.0.0.1 as the beacon
 * devnet drives them (ours with devnet_mine, Hardhat with evm_mine). One-shot, not a bench/run.ts
 * group: nodes are started `runs` times each, alternately, and the medians printed.
 *
 * Usage: `node --import tsx bench/devnet-node.ts [runs]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonRpcCall } from '../src/rpc/http.ts';
import { startExecutionNode as startHardhat } from '../test/support/hardhat-node.ts';
import { startExecutionNode as startEjs } from '../src/devnet/execution/node/start.ts';
import type { ExecutionNode } from '../test/support/hardhat-node.ts';

const RPC = { timeoutMs: 60_000, maxBytes: 1 << 24 };
const runs = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hex = (n: bigint | number) => '0x' + n.toString(16);

type Engine = 'ethereumjs' | 'hardhat';
const samples: Record<Engine, Record<string, number[]>> = { ethereumjs: {}, hardhat: {} };
const record = (engine: Engine, what: string, ms: number) => (samples[engine][what] ??= []).push(ms);

async function one(engine: Engine): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `vigil-bench-node-${engine}-`));
  const genesisTimestamp = Math.floor(Date.now() / 1000) - 10_000;
  const t0 = performance.now();
  const node: ExecutionNode =
    engine === 'ethereumjs'
      ? await startEjs({ dir, fork: 'osaka', genesisTimestamp })
      : await startHardhat({ dir, hardfork: 'osaka', genesisTimestamp });
  record(engine, 'start to ready', performance.now() - t0);
  let time = BigInt(genesisTimestamp);
  const call = (method: string, params: unknown[]) => jsonRpcCall(node.url, method, params, RPC);
  const mine = async () => {
    time += 1n;
    if (engine === 'ethereumjs') {
      await call('devnet_mine', [{ timestamp: hex(time), parentBeaconBlockRoot: '0x' + '11'.repeat(32), slotNumber: hex(time), feeRecipient: '0x' + '22'.repeat(20), prevRandao: '0x' + '33'.repeat(32) }]);
    } else {
      await call('evm_mine', [Number(time)]);
    }
    // The beacon devnet reads every block it mines.
    await call('eth_getBlockByNumber', ['latest', true]);
  };
  try {
    const timed = async (what: string, before: () => Promise<void>) => {
      await before();
      const t = performance.now();
      await mine();
      record(engine, what, performance.now() - t);
    };
    const transfers = async (n: number) => {
      for (let i = 0; i < n; i++) await call('eth_sendTransaction', [{ from: node.accounts[i % node.accounts.length], to: '0x' + (0x1000 + i).toString(16).padStart(40, '0'), value: '0x1', gas: '0x5208' }]);
    };
    for (let i = 0; i < 3; i++) await mine(); // warm-up
    await timed('empty slot', async () => {});
    await timed('slot with 1 transfer', () => transfers(1));
    await timed('slot with 10 transfers', () => transfers(10));
    const t = performance.now();
    for (let i = 0; i < 256; i++) await mine();
    record(engine, '256 empty slots', performance.now() - t);
    const head = (await call('eth_blockNumber', [])) as string;
    const p = performance.now();
    for (let i = 0; i < 20; i++) await call('eth_getProof', [node.accounts[0], ['0x' + '00'.repeat(32)], head]);
    record(engine, 'eth_getProof at the head (1 slot)', (performance.now() - p) / 20);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const before = loadavg()[0]!;
for (let r = 0; r < runs; r++) for (const engine of ['ethereumjs', 'hardhat'] as const) await one(engine);
const after = loadavg()[0]!;
console.log(`machine: ${cpus()[0]?.model} × ${cpus().length}; node ${process.version}; ${new Date().toISOString()}; load average ${before.toFixed(2)} before, ${after.toFixed(2)} after; ${runs} runs each, alternating\n`);
console.log('| measure (median ms) | @ethereumjs/vm 10.1.3, worker thread | Hardhat 2.29.1 (EDR), child process | ethereumjs / Hardhat |');
console.log('|---|---:|---:|---:|');
for (const what of Object.keys(samples.ethereumjs)) {
  const a = median(samples.ethereumjs[what]!);
  const b = median(samples.hardhat[what]!);
  console.log(`| ${what} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(2)}× |`);
}
