/**
 * The tests' reference node: Hardhat 2's JSON-RPC node (EDR, a Rust EVM independent of the
 * @ethereumjs one Vigil and the devnet's node are built on; it serves `eth_getProof` at historical
 * blocks) in a child process bound to 127.0.0.1, in a generated project under a data directory.
 * Blocks are mined only on `evm_mine`; pending transactions wait for the next one.
 *
 * The child stops on `stop()`, and on its own when this process goes away: its stdin is a pipe
 * from us, closed by the kernel when we exit however we exit.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { jsonRpcCall } from '../../src/rpc/http.ts';
import { assertPortFree, DEVNET_HOST } from '../../src/devnet/ports.ts';
import { freePorts } from './free-port.ts';
import { DEV_MNEMONIC } from '../../src/devnet/execution/forks.ts';
import type { ExecutionNode, ExecutionNodeOptions as DevnetNodeOptions } from '../../src/devnet/execution/node/start.ts';
import { hardhatConfigSource, RUNNER_SOURCE } from './hardhat-config.ts';
import { sleep } from '../../src/core/sleep.ts';

/** As the devnet node's options, with a Hardhat hardfork name in place of its forks. */
export type ExecutionNodeOptions = Omit<DevnetNodeOptions, 'fork' | 'amsterdamTime' | 'bpo1Time' | 'gasLimit'> & {
  /** Hardhat hardfork name. Default `prague`. */
  hardfork?: string;
};

export type { ExecutionNode };

const RPC = { timeoutMs: 10_000, maxBytes: 16 * 1024 * 1024 };

/**
 * Starts the node and waits until it answers `eth_chainId`.
 * @example
 * const el = await startExecutionNode({ dir: mkdtempSync(join(tmpdir(), 'el-')) });
 * await jsonRpcCall(el.url, 'evm_mine', [], { timeoutMs: 5000, maxBytes: 1 << 16 });
 * await el.stop();
 */
export async function startExecutionNode(options: ExecutionNodeOptions): Promise<ExecutionNode> {
  const chainId = options.chainId ?? 1337;
  const mnemonic = options.mnemonic ?? DEV_MNEMONIC;
  const port = options.port ?? (await freePorts());
  await assertPortFree(port, 'execution node');
  const dir = options.dir;
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  const configPath = join(dir, 'hardhat.config.cjs');
  const runnerPath = join(dir, 'run-node.cjs');
  writeFileSync(
    configPath,
    hardhatConfigSource({
      chainId,
      mnemonic,
      accountCount: options.accountCount ?? 10,
      accountBalance: options.accountBalance ?? 10n ** 24n,
      hardfork: options.hardfork ?? 'prague',
      ...(options.genesisTimestamp !== undefined ? { genesisTimestamp: options.genesisTimestamp } : {}),
      ...(options.logRequests !== undefined ? { logRequests: options.logRequests } : {}),
    }),
  );
  writeFileSync(runnerPath, RUNNER_SOURCE);
  const logFile = join(dir, 'hardhat.log');
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [runnerPath], {
      cwd: dir,
      stdio: ['pipe', logFd, logFd],
      env: {
        ...process.env,
        HARDHAT_CONFIG: configPath,
        HARDHAT_NETWORK: 'hardhat',
        HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
        HARDHAT_HIDE_SOLIDITY_SURVEY_MESSAGE: 'true',
        VIGIL_HARDHAT: resolveHardhat(),
        VIGIL_HOST: DEVNET_HOST,
        VIGIL_PORT: String(port),
      },
    });
  } finally {
    closeSync(logFd);
  }
  const url = `http://${DEVNET_HOST}:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      child.stdin?.destroy();
    })();
    return stopped;
  };
  // If the spawn itself fails (no such file), `exit` may never come: treat `error` as an exit.
  child.once('error', () => child.emit('exit', null));
  try {
    await waitUntilServing(url, exited, options.startTimeoutMs ?? 180_000);
    const answered = (await jsonRpcCall(url, 'eth_chainId', [], RPC)) as string;
    if (Number(answered) !== chainId) throw new Error(`the node at ${url} reports chain id ${answered}, expected ${chainId}`);
    const accounts = ((await jsonRpcCall(url, 'eth_accounts', [], RPC)) as string[]).map((a) => a.toLowerCase());
    options.log?.(`execution: hardhat node (pid ${child.pid}) at ${url}, chain id ${chainId}, ${accounts.length} dev accounts`);
    return { url, port, chainId, mnemonic, accounts, pid: child.pid!, logFile, exited, stop };
  } catch (err) {
    await stop();
    throw new Error(`the execution node did not start: ${(err as Error).message}\n${tail(logFile)}`, { cause: err });
  }
}

/** Hardhat's library entry point, from our own node_modules (the checkout's, or the bundle's). */
function resolveHardhat(): string {
  const bases = [import.meta.url, join(process.cwd(), 'package.json')];
  for (const base of bases) {
    try {
      return createRequire(base).resolve('hardhat');
    } catch {
      // try the next base
    }
  }
  throw new Error('hardhat is not installed: run `npm ci` in the Vigil checkout');
}

async function waitUntilServing(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the hardhat process exited (code ${exitCode})`);
    try {
      await jsonRpcCall(url, 'eth_chainId', [], { timeoutMs: 2_000, maxBytes: 1 << 16 });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
