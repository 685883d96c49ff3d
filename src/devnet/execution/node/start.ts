/**
 * Starts the devnet's execution node on @ethereumjs/vm in a worker thread serving JSON-RPC on
 * 127.0.0.1: an {@link ExecutionNode}, as the Hardhat reference node of the tests (test/support/hardhat-node.ts) is, so the devnet,
 * its proxy and tests talk HTTP to either. A thread, not the caller's event loop, because checking
 * a blob transaction's KZG proofs takes seconds of CPU and the beacon devnet's slot timer and BLS
 * signing must not wait for it; a thread, not a process, because it needs no orphan handling (it
 * ends with the process) and starts in a fraction of Hardhat's time.
 *
 * The worker's script: under tsx or vitest, ./worker.ts, with tsx registered in the thread first
 * (a thread inherits no loader hooks); in the CLI bundle, the entry vite.config.ts builds beside
 * the chunks (execution-node-worker.mjs).
 * @module
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assertPortFree, DEVNET_HOST } from '../../ports.ts';
import { DEV_MNEMONIC } from '../forks.ts';
import type { GenesisAccount } from './genesis.ts';

/** The forks the node starts at (Amsterdam comes later, at {@link ExecutionNodeOptions.amsterdamTime}). */
export type NodeFork = 'cancun' | 'prague' | 'osaka';

/** A running execution node: the devnet's, or the tests' Hardhat reference node. */
export interface ExecutionNode {
  url: string;
  port: number;
  chainId: number;
  mnemonic: string;
  /** The dev accounts, unlocked in the node (`eth_sendTransaction` works from them), lower case. */
  accounts: string[];
  /** The process that serves it (this one, for the worker thread). */
  pid: number;
  logFile: string;
  /** Resolves with the exit code when the node ends, for whatever reason. */
  exited: Promise<number | null>;
  /** Stops the node; resolves once it has ended. Idempotent. */
  stop(): Promise<void>;
}

export interface ExecutionNodeOptions {
  /** Directory for `node.log`; created if missing. */
  dir: string;
  /** Default: a free port. */
  port?: number;
  /** Default 1337. */
  chainId?: number;
  /** Default: {@link DEV_MNEMONIC}. */
  mnemonic?: string;
  /** Default 10. */
  accountCount?: number;
  /** Wei per account. Default 1,000,000 ether. */
  accountBalance?: bigint;
  /** Genesis accounts besides the dev accounts, whose keys (if any) the node does not hold. */
  alloc?: readonly GenesisAccount[];
  /** Genesis block timestamp (seconds). Default: now. */
  genesisTimestamp?: number;
  /** Log every JSON-RPC call into node.log. */
  logRequests?: boolean;
  /**
   * How long to wait for the node to serve: a bound against a hang, not a pace. Default 180 s (CI's
   * loaded 2-core run had a thread that loads @ethereumjs through tsx answer after 60 s).
   */
  startTimeoutMs?: number;
  log?: (line: string) => void;
  /** Default `prague`. */
  fork?: NodeFork;
  /** Amsterdam from this timestamp (seconds) on: the beacon devnet's Gloas fork time. */
  amsterdamTime?: number;
  /** BPO1's blob parameters from this timestamp (seconds) on: the beacon devnet's blob schedule. */
  bpo1Time?: number;
  /** Block gas limit. Default 30,000,000. */
  gasLimit?: bigint;
}

/** What the worker is started with (structured-cloned into the thread). */
export interface WorkerInput {
  chain: {
    fork: NodeFork;
    amsterdamTime?: bigint;
    bpo1Time?: bigint;
    genesisTimestamp: bigint;
    chainId: bigint;
    accountCount: number;
    accountBalance: bigint;
    alloc?: readonly GenesisAccount[];
    mnemonic: string;
    gasLimit?: bigint;
  };
  /** 0: a free port. */
  port: number;
  logFile: string;
  logRequests: boolean;
}

/** What the worker posts once: serving, or why not. */
export type WorkerReport = { kind: 'ready'; port: number; accounts: string[] } | { kind: 'failed'; message: string };

/** The bundled worker's file name (vite.config.ts, mode cli). */
export const WORKER_BUNDLE = 'execution-node-worker.mjs';

/**
 * Starts the node and resolves once it serves.
 * @example
 * const el = await startExecutionNode({ dir: mkdtempSync(join(tmpdir(), 'el-')), fork: 'osaka' });
 * await jsonRpcCall(el.url, 'evm_mine', [], { timeoutMs: 5000, maxBytes: 1 << 16 });
 * await el.stop();
 */
export async function startExecutionNode(options: ExecutionNodeOptions): Promise<ExecutionNode> {
  const chainId = options.chainId ?? 1337;
  const mnemonic = options.mnemonic ?? DEV_MNEMONIC;
  if (options.port !== undefined) await assertPortFree(options.port, 'execution node');
  mkdirSync(options.dir, { recursive: true });
  const logFile = join(options.dir, 'node.log');
  const input: WorkerInput = {
    chain: {
      fork: options.fork ?? 'prague',
      ...(options.amsterdamTime !== undefined ? { amsterdamTime: BigInt(options.amsterdamTime) } : {}),
      ...(options.bpo1Time !== undefined ? { bpo1Time: BigInt(options.bpo1Time) } : {}),
      genesisTimestamp: BigInt(options.genesisTimestamp ?? Math.floor(Date.now() / 1000)),
      chainId: BigInt(chainId),
      accountCount: options.accountCount ?? 10,
      accountBalance: options.accountBalance ?? 10n ** 24n,
      ...(options.alloc !== undefined ? { alloc: options.alloc } : {}),
      mnemonic,
      ...(options.gasLimit !== undefined ? { gasLimit: options.gasLimit } : {}),
    },
    port: options.port ?? 0,
    logFile,
    logRequests: options.logRequests ?? false,
  };
  const worker = spawnWorker(input);
  // A thread that dies of an uncaught error says why (its `exited` resolves as well).
  worker.on('error', (err) => options.log?.(`execution: the node's worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= worker.terminate().then(() => undefined);
    return stopped;
  };
  try {
    const report = await firstReport(worker, exited, options.startTimeoutMs ?? 180_000);
    if (report.kind === 'failed') throw new Error(report.message);
    const url = `http://${DEVNET_HOST}:${report.port}`;
    options.log?.(`execution: ethereumjs node (${input.chain.fork}${options.bpo1Time !== undefined ? `, BPO1 at ${options.bpo1Time}` : ''}${options.amsterdamTime !== undefined ? `, Amsterdam at ${options.amsterdamTime}` : ''}, worker thread ${worker.threadId}) at ${url}, chain id ${chainId}, ${report.accounts.length} dev accounts`);
    return { url, port: report.port, chainId, mnemonic, accounts: report.accounts, pid: process.pid, logFile, exited, stop };
  } catch (err) {
    await stop();
    throw new Error(`the execution node did not start: ${(err as Error).message}`, { cause: err });
  }
}

/** The worker thread, on whichever script this build has. */
function spawnWorker(input: WorkerInput): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(bundledWorker(here), { workerData: input });
  // A thread does not inherit the parent's TypeScript loader (neither tsx's --import nor vitest's): register tsx in it first.
  const entry = new URL('./worker.ts', here).href;
  const bootstrap = `(async () => { (await import(${JSON.stringify(tsxApi(here))})).register(); await import(${JSON.stringify(entry)}); })()`;
  return new Worker(bootstrap, { eval: true, workerData: input });
}

/** tsx's ESM API (`tsx/esm/api` under the import condition; require.resolve would give its CommonJS twin). */
function tsxApi(from: string): string {
  const require = createRequire(from);
  const pkg = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkg), exports['./esm/api']!.import.default)).href;
}

/** The bundled worker entry, beside this chunk or one folder up (vite puts chunks in chunks/). */
function bundledWorker(here: string): URL {
  const candidates = [new URL(`./${WORKER_BUNDLE}`, here), new URL(`../${WORKER_BUNDLE}`, here)];
  const found = candidates.find((u) => existsSync(fileURLToPath(u)));
  if (found === undefined) throw new Error(`the execution node's worker (${WORKER_BUNDLE}) is not beside ${fileURLToPath(here)}: rebuild with \`npm run build:cli\``);
  return found;
}

/** The worker's first report, or why none came: it exited, or the time ran out. */
function firstReport(worker: Worker, exited: Promise<number | null>, timeoutMs: number): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    let lastError = '';
    const timer = setTimeout(() => reject(new Error(`no answer from the worker within ${timeoutMs} ms`)), timeoutMs);
    const done = () => clearTimeout(timer);
    worker.on('error', (err) => (lastError = err instanceof Error ? (err.stack ?? err.message) : String(err)));
    worker.once('message', (m: WorkerReport) => (done(), resolve(m)));
    void exited.then((code) => (done(), reject(new Error(`the worker exited (code ${code})${lastError ? `: ${lastError}` : ''}`))));
  });
}
