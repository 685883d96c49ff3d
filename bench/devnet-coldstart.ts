/**
 * Cold start on the devnet, mainnet preset (a 512-member sync committee): from nothing — no
 * stored state, no decompressed keys — through the bootstrap at the checkpoint to the first head
 * verified by a sync-committee signature. A one-shot measurement, so not a bench/run.ts group:
 * each run is a fresh process (WASM kernels, BLS keys and JIT all cold), 5 runs, the median
 * printed with the bootstrap and first-update parts. The devnet runs in its own process.
 *
 * Usage: `node --import tsx bench/devnet-coldstart.ts [runs] [--preset minimal|mainnet]`
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { L1Sync } from '../src/client/light-client/sync.ts';
import { memoryPersistence } from '../src/client/light-client/store-persistence.ts';
import { bytesToHex } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import type { DevnetInfo } from '../src/devnet/devnet.ts';
import { parseNetworkConfig } from '../src/l1/config.ts';
import { beaconApiFor } from '../src/client/light-client/beacon-api.ts';
import { localProcessorFor } from '../src/l1/processor.ts';
import { devnetChild } from './devnet-child.ts';

const childFlag = process.argv.indexOf('--child');
if (childFlag > 0) {
  // One cold start in this fresh process: print its timings as JSON.
  const info = JSON.parse(readFileSync(process.argv[childFlag + 1]!, 'utf8')) as DevnetInfo;
  console.log(JSON.stringify(await coldStart(info)));
} else {
  await parent();
}

/** From nothing (WASM kernels not instantiated, no keys decompressed, no JIT) to the first head verified by a signature. */
async function coldStart(info: DevnetInfo): Promise<{ total: number; bootstrap: number; firstHead: number }> {
  const t0 = performance.now();
  await cryptoReady();
  const config = parseNetworkConfig(info.network);
  const sync = new L1Sync({
    processor: localProcessorFor(config),
    network: 'devnet',
    config,
    api: beaconApiFor(config, [info.beaconApi]),
    persistence: memoryPersistence(),
    checkpoint: info.checkpoint,
  });
  await sync.init();
  const t1 = performance.now();
  const bootstrapRoot = bytesToHex(sync.optimistic!.root);
  while (bytesToHex(sync.optimistic!.root) === bootstrapRoot) await sync.step();
  const t2 = performance.now();
  return { total: t2 - t0, bootstrap: t1 - t0, firstHead: t2 - t1 };
}

async function parent(): Promise<void> {
  const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
  const presetFlag = process.argv.indexOf('--preset');
  const preset = presetFlag > 0 ? process.argv[presetFlag + 1]! : 'mainnet';
  const { info, infoFile, stop } = await devnetChild(['--preset', preset, '--slot-seconds', '2']);
  try {
    // Let the chain run a few slots, so that there is an update signed after the checkpoint.
    await new Promise((r) => setTimeout(r, 3 * 2000));
    const samples: { total: number; bootstrap: number; firstHead: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const sample = await runChild(infoFile);
      samples.push(sample);
      process.stderr.write(`run ${i + 1}: ${sample.total.toFixed(0)} ms (bootstrap ${sample.bootstrap.toFixed(0)} ms, first update ${sample.firstHead.toFixed(0)} ms)\n`);
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const cpu = cpus();
    console.log(
      [
        `### devnet cold start: checkpoint → first verified head (${preset} preset, ${info.network.PRESET_BASE === 'mainnet' ? 512 : 32}-member committee, median of ${runs} fresh processes)`,
        '',
        '| part | median ms | min | max |',
        '|---|---:|---:|---:|',
        ...(['total', 'bootstrap', 'firstHead'] as const).map((k) => {
          const xs = samples.map((s) => s[k]);
          const name = k === 'total' ? 'total' : k === 'bootstrap' ? 'WASM init + bootstrap' : 'first signed update';
          return `| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`;
        }),
        '',
        `- machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}; node ${process.version}; ${new Date().toISOString()}`,
      ].join('\n'),
    );
  } finally {
    await stop();
  }
}

/** This script again in a fresh process (`--child`), returning its timings. */
function runChild(infoFile: string): Promise<{ total: number; bootstrap: number; firstHead: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', infoFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`cold-start child exited with ${code}`))));
  });
}
