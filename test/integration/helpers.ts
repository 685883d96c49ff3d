/**
 * Shared by the integration tests: `vigil devnet` and other commands run as a user runs them (the
 * built CLI; `npm test` builds first), and an in-process light client following the devnet.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { L1Sync, type SyncEvent } from '../../src/client/light-client/sync.ts';
import { memoryPersistence } from '../../src/client/light-client/store-persistence.ts';
import type { DevnetInfo } from '../../src/devnet/devnet.ts';
import { type ChainConfig, parseNetworkConfig } from '../../src/l1/config.ts';
import { freePorts } from '../support/free-port.ts';
import { jsonRpcCall } from '../../src/rpc/http.ts';
import { beaconApiFor } from '../../src/client/light-client/beacon-api.ts';
import { localProcessorFor } from '../../src/l1/processor.ts';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { VerifiedHeaders } from '../../src/client/verified/headers.ts';

export const bin = fileURLToPath(new URL('../../bin/vigil.mjs', import.meta.url));

/** The tests' JSON-RPC to the devnet: patient (30 s), as two world files and the unit lane share two processors. */
export const rpc = (url: string, method: string, params: unknown[] = []) =>
  jsonRpcCall(url, method, params, { timeoutMs: 30_000, maxBytes: 1 << 24 });

export interface RunningDevnet {
  info: DevnetInfo;
  proc: ChildProcess;
  dataDir: string;
  stderr: () => string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `vigil devnet --slot-seconds 1 --ready-file … --data-dir …` plus `args`; resolves once it serves. */
export async function startDevnetProcess(args: string[] = [], timeoutMs = 60_000): Promise<RunningDevnet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-it-devnet-'));
  const readyFile = join(dataDir, 'ready.json');
  // Off the well-known discovery port: devnets of parallel tests would race for it.
  const discovery = args.some((a) => a.includes('discovery')) ? [] : ['--no-discovery'];
  const proc = spawn(process.execPath, [bin, 'devnet', '--slot-seconds', '1', '--ready-file', readyFile, '--data-dir', dataDir, ...discovery, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (c) => (stdout += c));
  proc.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const info = await new Promise<DevnetInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devnet not ready within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    void exited.then((code) => reject(new Error(`vigil devnet exited with ${code}:\n${stderr}`)));
    const poll = setInterval(() => {
      const line = stdout.split('\n')[0];
      // The CLI prints the object, then writes the ready file: both, before reading either.
      if (stdout.includes('\n') && line && existsSync(readyFile)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(JSON.parse(line) as DevnetInfo);
      }
    }, 50);
  });
  // The ready file holds the same object as stdout.
  if (JSON.stringify(JSON.parse(readFileSync(readyFile, 'utf8'))) !== JSON.stringify(info)) throw new Error('ready file differs from stdout');
  return {
    info,
    proc,
    dataDir,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Runs a CLI command to its end. */
export function vigil(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Processes whose command line mentions `needle` (e.g. a devnet's data dir), other than ourselves. */
export function processesMentioning(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'))
    .map((l) => l.trim());
}

/** The process ids of `pid`'s children (Linux /proc). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface Follower {
  sync: L1Sync;
  config: ChainConfig;
  events: SyncEvent[];
  /** One round: catch up, finality, optimistic. */
  step(): Promise<void>;
}

/** An in-process light client bootstrapped from the devnet's checkpoint (memory persistence). */
export async function follow(info: DevnetInfo, options: { staleAfterSlots?: number } = {}): Promise<Follower> {
  const config = parseNetworkConfig(info.network);
  const events: SyncEvent[] = [];
  const headers = new VerifiedHeaders({ rpc: new ExecutionRpc({ endpoints: [info.executionRpc] }), anchors: () => ({}) });
  const sync = new L1Sync({
    processor: localProcessorFor(config),
    network: 'devnet',
    config,
    api: beaconApiFor(config, [info.beaconApi], { retries: 0 }),
    persistence: memoryPersistence(),
    checkpoint: info.checkpoint,
    // From Gloas on (vigil devnet --gloas-epoch) a head's block is brought by its proven hash.
    executionHeads: (head) => headers.headAt(head),
    onEvent: (e) => events.push(e),
    ...(options.staleAfterSlots !== undefined ? { staleAfterSlots: options.staleAfterSlots } : {}),
  });
  await sync.init();
  return { sync, config, events, step: () => sync.step() };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Steps `f` every `everyMs` until `done()` or `timeoutMs`; returns whether done. */
export async function stepUntil(f: Follower, done: () => boolean, timeoutMs: number, everyMs = 400): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await f.step();
    if (done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/**
 * Whether an `l2-balance` output could not tie its batch's blobs only because the batch was
 * committed in the verified head's own block: the child naming its beacon root is not verified
 * yet. The CLI says so; a person (and a test) runs it again after the next head.
 */
export function awaitingBlobChild(out: { data?: { availability?: { status?: string; code?: string } } }): boolean {
  return out.data?.availability?.status === 'untied' && out.data.availability.code === 'BLOB_TIE_CHILD_NOT_VERIFIED';
}

/**
 * Waits until the devnet rollup's contract on L1 has processed `entries` queue entries (its
 * queueHead, storage slot 3: circuits/SPEC.md): the batch holding them is committed. Cheap to
 * poll, unlike a CLI run that syncs a light client each time.
 */
export async function rollupQueueProcessed(info: DevnetInfo, entries: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (BigInt((await rpc(info.nodeRpc, 'eth_getStorageAt', [info.rollup!.contract, '0x3', 'latest'])) as string) < BigInt(entries)) {
    if (Date.now() > deadline) throw new Error(`the rollup did not process ${entries} queue entries within ${timeoutMs} ms`);
    await sleep(500);
  }
}

/** A base port with base..base+3 free right now (for `--port-base`), below the ephemeral range (test/support/free-port.ts). */
export function freePortBase(): Promise<number> {
  return freePorts(4);
}

export { until } from '../support/until.ts';

/** The CLI's flags for a devnet: its network config, beacon API, execution RPC and checkpoint. */
export function cliNetwork(info: DevnetInfo): string[] {
  return ['--network-config', info.networkConfig, '--beacon-api', info.beaconApi, '--execution-rpc', info.executionRpc, '--checkpoint', info.checkpoint];
}

/** Turns a fault of the devnet's switchboard on or off (its admin server: `vigil devnet --faults`). */
export function switchFault(info: DevnetInfo, fault: string, on: boolean): Promise<Response> {
  return fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) });
}
