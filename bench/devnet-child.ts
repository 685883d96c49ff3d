/**
 * `vigil devnet` in a child process for benches (through tsx, no build needed), stopped with
 * SIGTERM when this process exits; the child and its pipes do not keep this process alive.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DevnetInfo } from '../src/devnet/devnet.ts';

/** A devnet child: what it printed once ready, the file it printed that to, and how to stop it (and wait for it). */
export interface DevnetChild {
  info: DevnetInfo;
  infoFile: string;
  stop(): Promise<void>;
}

/** Starts `vigil devnet <args>` and resolves once it is ready (within `readyWithinMs`: mined history takes longer). */
export async function devnetChild(args: string[], readyWithinMs = 180_000): Promise<DevnetChild> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const ready = join(dir, 'devnet.json');
  const script = `import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv.slice(1));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'devnet', '--ready-file', ready, ...args], {
    cwd: root,
    stdio: 'ignore',
  });
  child.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });
  const deadline = Date.now() + readyWithinMs;
  while (!existsSync(ready)) {
    if (child.exitCode !== null) throw new Error(`vigil devnet exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`vigil devnet not ready within ${readyWithinMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    info: JSON.parse(readFileSync(ready, 'utf8')) as DevnetInfo,
    infoFile: ready,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** {@link devnetChild}'s info, the child stopped when this process exits. */
export async function startDevnetChild(args: string[], readyWithinMs = 120_000): Promise<DevnetInfo> {
  return (await devnetChild(args, readyWithinMs)).info;
}
