/**
 * `vigil exit` run in process against the moving worlds (scripted-chain.ts), as the CLI tests run
 * commands: a vault holding the exit owner's key (a cheap scrypt: tests only), the world's L1, L2
 * and indexer served on 127.0.0.1, the wall clock set to just after the head the run is given
 * (the signing policy measures a head's age against it), and each run's exit code, stdout lines,
 * stderr and thrown error's code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { exitCommand } from '../../src/cli/commands/exit.ts';
import { walletCommand } from '../../src/cli/commands/wallet.ts';
import { exitCodeFor } from '../../src/cli/io.ts';
import { recordedHeadPath } from '../../src/cli/verified-head.ts';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { VigilError } from '../../src/core/errors.ts';
import { addressOf } from '../../src/wallet/keys.ts';
import type { RpcExchange } from '../../src/rpc/execution-replay.ts';
import { type Responder, serveJsonRpc } from './rpc-world.ts';
import type { ScriptedL1 } from './scripted-chain.ts';
import { listen } from '../../src/devnet/http-util.ts';

/** The exit owner's key: its address holds the L2 funds and signs on L1. */
export const OWNER_KEY = '0x' + '5e'.repeat(32);
export const OWNER = addressOf(hexToBytes(OWNER_KEY)).toLowerCase();
const PASSWORD = 'exit worlds correct horse battery staple';

export interface Run {
  code: number;
  lines: Record<string, any>[];
  stderr: string;
  /** The code of what the command threw (main prints it and maps it to `code`). */
  error?: string;
}

/** A served world and a directory: the vault, the state files, the recordings. */
export class ExitBench {
  private constructor(
    readonly dir: string,
    readonly vault: string,
    readonly urls: { l1: string; l2: string; indexer: string },
    private readonly closers: (() => Promise<void>)[],
  ) {}

  static async open(l1: Responder, l2: Responder, indexer?: (path: string) => unknown): Promise<ExitBench> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-exit-world-'));
    const vault = join(dir, 'vault.json');
    writeFileSync(join(dir, 'owner.key'), OWNER_KEY.slice(2) + '\n', { mode: 0o600 });
    const imported = await walletCommand(['import', '--vault', vault, '--private-key-file', join(dir, 'owner.key')], () => {}, {
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
      env: { VIGIL_PASSWORD: PASSWORD },
      warn: () => {},
    });
    if (imported !== 0) throw new Error('the vault could not be made');
    const [a, b, c] = await Promise.all([serveJsonRpc(l1), serveJsonRpc(l2), serveGet(indexer ?? (() => null))]);
    return new ExitBench(dir, vault, { l1: a.url, l2: b.url, indexer: c.url }, [a.close, b.close, c.close]);
  }

  file(name: string): string {
    return join(this.dir, name);
  }

  /** Writes the L1 head for --header; returns its path. */
  head(l1: ScriptedL1, name = `head-${l1.head.header.number}.json`): string {
    writeFileSync(this.file(name), JSON.stringify(l1.headJson()));
    return this.file(name);
  }

  /** The arguments every run shares: the network, the config, the vault and the state file. */
  args(rollup: string, state: string, extra: string[] = []): string[] {
    return ['--network', 'mainnet', '--rollup-config', rollup, '--vault', this.vault, '--account', OWNER, '--state', this.file(state), ...extra];
  }

  /** A live run at the world's head: its L1 node, its L2 RPC and indexer. */
  live(l1: ScriptedL1, rollup: string, state: string, extra: string[] = []): Promise<Run> {
    return this.run(l1.head.header.timestamp, [...this.args(rollup, state, extra), '--header', this.head(l1), '--execution-rpc', this.urls.l1, '--l2-rpc', this.urls.l2, '--hint-url', this.urls.indexer]);
  }

  /** A live run recording what it asks of L1 (`<prefix>-l1.json`, its head beside) and of L2 and the indexer (`<prefix>-l2.json`). */
  recorded(l1: ScriptedL1, rollup: string, state: string, prefix: string): Promise<Run> {
    return this.live(l1, rollup, state, ['--rpc-record', this.file(`${prefix}-l1.json`), '--l2-rpc-record', this.file(`${prefix}-l2.json`)]);
  }

  /** The same round offline: the recorded head, the recordings (or the files given instead). */
  replay(headTime: bigint, rollup: string, state: string, prefix: string, files: { l1?: string; l2?: string } = {}): Promise<Run> {
    const l1 = this.file(`${prefix}-l1.json`);
    return this.run(headTime, [
      ...this.args(rollup, state),
      '--header',
      recordedHeadPath(l1),
      '--rpc-replay',
      files.l1 ?? l1,
      '--l2-rpc-replay',
      files.l2 ?? this.file(`${prefix}-l2.json`),
    ]);
  }

  /**
   * `vigil exit` in process with the clock just after `headTime`: its exit code (main's mapping
   * of what it threw), stdout lines, stderr.
   */
  async run(headTime: bigint, args: string[]): Promise<Run> {
    const lines: Record<string, any>[] = [];
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Number(headTime + 6n) * 1000);
    try {
      const code = await exitCommand(args, (l) => lines.push(JSON.parse(l)), { VIGIL_PASSWORD: PASSWORD });
      return { code, lines, stderr };
    } catch (err) {
      return { code: exitCodeFor(err), lines, stderr, error: err instanceof VigilError ? String(err.code) : String(err) };
    } finally {
      vi.useRealTimers();
      spy.mockRestore();
    }
  }

  state(name: string): any {
    return JSON.parse(readFileSync(this.file(name), 'utf8'));
  }

  copy(from: string, to: string): void {
    writeFileSync(this.file(to), readFileSync(this.file(from)));
  }

  async close(): Promise<void> {
    await Promise.all(this.closers.map((c) => c()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An HTTP server answering GETs with `answer(path + query)` as JSON (null: 404). */
async function serveGet(answer: (path: string) => unknown): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const body = answer(req.url ?? '/');
    if (body === null || body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await listen(server, 0);
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** `hex` with its byte `index` (from the end when negative) changed. */
export function oneByte(hex: string, index = -1): string {
  const bytes = hexToBytes(hex).slice();
  const i = index < 0 ? bytes.length + index : index;
  if (i < 0 || i >= bytes.length) throw new Error(`byte ${index} of ${bytes.length}`);
  bytes[i]! ^= 0x01;
  return bytesToHex(bytes);
}

/** A recording with the first exchange `pick` finds changed by `change` (its result, in place). */
export function lieIn(exchanges: RpcExchange[], pick: (e: RpcExchange) => boolean, change: (result: any) => any): RpcExchange[] {
  const copy = structuredClone(exchanges);
  const target = copy.find(pick);
  if (target === undefined) throw new Error('the recording holds no such answer');
  const response = target.response as { result: unknown };
  const changed = change(response.result);
  if (changed !== undefined) response.result = changed;
  return copy;
}

export const readExchanges = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RpcExchange[];
