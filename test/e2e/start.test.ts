/**
 * `vigil start` (what `npm start` runs) as a user meets it, the built CLI in its own process:
 * - with no display (DISPLAY and WAYLAND_DISPLAY removed), it says so, prints what to open (the
 *   extension's folder, the devnet's URLs, the demo page) and keeps serving: the devnet's beacon API
 *   and the demo page answer; SIGTERM stops it cleanly;
 * - under Xvfb (Debian's xvfb-run, installed by scripts/ensure-xvfb.sh when missing), it launches
 *   Chromium with the extension in a fresh profile, points it at the devnet through the popup's
 *   Settings, and says when the popup shows a verified head and when the demo page shows the proven
 *   balance (equal to the node's balance at that block); --screenshot saves both pages as PNGs;
 *   SIGTERM leaves no browser, node or prover process behind.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DevnetInfo } from '../../src/devnet/devnet.ts';
import { childrenOf, processesMentioning } from '../integration/helpers.ts';
import { holdWellKnownPort, REPO, waitFor } from './harness.ts';

interface Run {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** The first stdout line: the devnet's JSON object. */
  info(): Promise<DevnetInfo>;
  /** Resolves with the first match of `pattern` in stdout + stderr. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

const dirs: string[] = [];
const running: ChildProcess[] = [];
let releasePort: (() => void) | undefined;

// vigil start serves the well-known discovery port, which add-network.test.ts's devnet needs too.
beforeEach(async () => {
  releasePort = await holdWellKnownPort();
});

afterEach(async () => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  releasePort?.();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-start-'));
  dirs.push(dir);
  return dir;
}

/** The environment of a machine with no screen. */
function noDisplayEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const proc = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => (stdout += d));
  proc.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const output = () => stdout + '\n' + stderr;
  const run: Run = {
    proc,
    output,
    exited,
    async waitFor(pattern, timeoutMs) {
      return waitFor(`${pattern} in the output of vigil start`, async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`vigil start exited (${proc.exitCode ?? proc.signalCode}):\n${tail(output())}`);
        return output().match(pattern);
      }, timeoutMs, 200).catch((err: Error) => {
        throw new Error(`${err.message}\n${tail(output())}`);
      });
    },
    async info() {
      await run.waitFor(/^\{.*\}\n/m, 150_000);
      return JSON.parse(stdout.split('\n')[0]!) as DevnetInfo;
    },
  };
  return run;
}

const tail = (text: string) => text.split('\n').filter((l) => !/^(slot|rollup:) /.test(l)).slice(-40).join('\n');

/** Sends SIGTERM to `pid`, then waits for `exited` and for no process to mention `dir`. */
async function stopsCleanly(pid: number, exited: Promise<number | null>, dir: string): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
  expect(code, 'exit code after SIGTERM').toBe(0);
  // Chromium's helpers and the devnet's children (hardhat, prover) name the data dir in their command lines.
  await waitFor(`no process left mentioning ${dir}`, async () => processesMentioning(dir).length === 0, 15_000, 250).catch(() => {
    throw new Error(`processes left behind:\n${processesMentioning(dir).join('\n')}`);
  });
}

/** Width and height from a PNG's IHDR, after checking its signature. */
function pngSize(path: string): { width: number; height: number; bytes: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8).toString('hex'), `${path} is a PNG`).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes: bytes.length };
}

/** Wei in ether as the demo page prints it: thousands separated, at most 6 decimals, cut, not rounded. */
function asPageEther(wei: bigint): string {
  const whole = (wei / 10n ** 18n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (wei % 10n ** 18n).toString().padStart(18, '0').slice(0, 6).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

async function rpc(url: string, method: string, params: unknown[]): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const json = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}

describe('vigil start', () => {
  it('without a display: says so, prints what to open and keeps serving until SIGTERM', async () => {
    const dir = tempDir();
    const t0 = performance.now();
    const run = launch(process.execPath, ['bin/vigil.mjs', 'start', '--slot-seconds', '1', '--data-dir', join(dir, 'devnet')], noDisplayEnv());
    const info = await run.info();
    const [, demoUrl] = await run.waitFor(/the demo dApp\s+(http:\/\/127\.0\.0\.1:\d+\/)/, 60_000);
    await run.waitFor(/Ctrl-C stops the devnet and the demo page/, 30_000);
    console.log(`[start] no display: serving after ${Math.round(performance.now() - t0)} ms`);
    const out = run.output();
    expect(out).toMatch(/no display: neither DISPLAY nor WAYLAND_DISPLAY is set/);
    expect(out).toContain(`Load unpacked → ${join(REPO, 'dist/extension-dev')}`);
    expect(out).toContain(info.beaconApi);
    expect(out).toContain(info.executionRpc);
    expect(out).toContain('xvfb-run -a npm start');
    expect(out).not.toMatch(/^browser: /m);
    expect(info.contracts?.token, 'started with --contracts').toBeDefined();
    expect(info.rollup, 'started with --rollup').toBeDefined();

    // Still serving: the beacon API's head moves on, the demo page and its config answer.
    const headSlot = async () => Number(((await (await fetch(`${info.beaconApi}/eth/v1/beacon/headers/head`)).json()) as any).data.header.message.slot);
    const first = await headSlot();
    await waitFor('the beacon head to move on', async () => (await headSlot()) > first, 20_000, 500);
    const page = await fetch(demoUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Vigil demo dApp');
    expect((await fetch(new URL('demo.js', demoUrl)).then((r) => r.text()))).toContain('vigil_getVerifiedBalance');
    const config = (await (await fetch(new URL('config.json', demoUrl))).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ chainId: info.chainId, token: info.contracts!.token, beaconApi: info.beaconApi });
    expect((await fetch(new URL('../package.json', demoUrl))).status).toBe(404);

    await stopsCleanly(run.proc.pid!, run.exited, dir);
    expect(run.output()).toMatch(/devnet stopped/);
  }, 200_000);

  it('under Xvfb: Chromium follows the devnet through the popup, the demo page shows the proven balance, screenshots', async () => {
    const xvfbRun = execFileSync(join(REPO, 'scripts/ensure-xvfb.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    const dir = tempDir();
    const shots = join(dir, 'shots');
    const t0 = performance.now();
    const run = launch(xvfbRun, ['-a', process.execPath, 'bin/vigil.mjs', 'start', '--slot-seconds', '1', '--data-dir', join(dir, 'devnet'), '--screenshot', shots], noDisplayEnv());
    const info = await run.info();
    const [, how] = await run.waitFor(/^popup: (Settings → .*) → Add and switch$/m, 120_000);
    const [, head] = await run.waitFor(/^popup: following the devnet, verified head #(\d+) \(slot \d+\) on chain (\d+)$/m, 150_000);
    const balance = await run.waitFor(/^demo: proven balance ([\d,.]+) ETH of (0x[0-9a-f]{40}) at block #(\d+) \(state root (0x[0-9a-f]{64})\)$/m, 90_000);
    await run.waitFor(/^Ctrl-C closes the browser/m, 60_000);
    console.log(`[start] xvfb: browser on the devnet, demo balance and screenshots after ${Math.round(performance.now() - t0)} ms (${how})`);
    const out = run.output();
    expect(out).toMatch(/^browser: .*chromium.*, Vigil [a-p]{32}, fresh profile .*browser-profile$/m);
    expect(Number(head), "a head newer than the first the popup showed").toBeGreaterThan(0);
    expect(out).toContain(`on chain ${info.chainId}`);

    // The balance the page shows is account 0's at that block, as the node itself has it.
    const [, shown, account, block, stateRoot] = balance;
    expect(account).toBe(info.accounts[0]!.toLowerCase());
    const blockHex = '0x' + Number(block).toString(16);
    const wei = BigInt(await rpc(info.nodeRpc, 'eth_getBalance', [account, blockHex]));
    expect(shown).toBe(asPageEther(wei));
    expect((await rpc(info.nodeRpc, 'eth_getBlockByNumber', [blockHex, false])).stateRoot).toBe(stateRoot);

    for (const [name, min] of [['popup.png', 10_000], ['demo.png', 20_000]] as const) {
      const path = join(shots, name);
      expect(out).toContain(`screenshot: ${path}`);
      expect(existsSync(path), path).toBe(true);
      const size = pngSize(path);
      expect(size.bytes, `${name} bytes`).toBeGreaterThan(min);
      expect(size.bytes, `${name} bytes`).toBeLessThan(2_000_000);
      if (name === 'popup.png') expect([size.width, size.height]).toEqual([360, 600]);
      else expect(size.width).toBeGreaterThan(300);
    }

    // SIGTERM to the command (xvfb-run's child): the browser, the demo page and the devnet stop;
    // xvfb-run then ends with the command's exit code.
    const node = childrenOf(run.proc.pid!).find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('vigil.mjs');
      } catch {
        return false;
      }
    });
    expect(node, 'vigil start under xvfb-run').toBeDefined();
    expect(processesMentioning(join(dir, 'devnet', 'browser-profile')).length, 'Chromium runs on the profile').toBeGreaterThan(0);
    await stopsCleanly(node!, run.exited, dir);
    expect(run.output()).toMatch(/closing the browser…/);
    expect(existsSync(join(dir, 'devnet', 'browser-profile')), 'the profile is removed').toBe(false);
  }, 300_000);
});
