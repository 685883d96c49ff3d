/**
 * The devnet rollup's prover: Groth16 proofs of batches with snarkjs (`groth16.fullProve` on
 * circuits/build/rollup.wasm and rollup_final.zkey, the model's witness input JSON) in a child
 * process, so that the devnet's event loop (the beacon chain's slots, the L2 RPC) never waits on
 * a proof; and the L1 side of a proven batch: `commitBatch` sent from a dev account, its receipt
 * awaited, its `BatchCommitted` event read back.
 *
 * The child is a small ES module written into the data directory (like the Hardhat runner) that
 * imports snarkjs from this checkout's node_modules: snarkjs never enters the CLI bundle. It
 * proves one batch at a time, checks the proof against verification_key.json itself, and answers
 * with the proof, the public signals, snarkjs's `exportSolidityCallData` words and the proving time.
 *
 * A statement proven once is not proven again: an idle rollup's heartbeat batches, every few
 * seconds, each have the same witness (the same root before and after, the same NOOP slots, the
 * same queue range), and so the same public signals. Their proof is the first one's, which L1's
 * verifier and every client check as they check any (Groth16 proofs carry no batch number), while
 * the machine's cores stay free: each proof takes every core for 6–10 s here.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeErrorResult, decodeEventLog, encodeFunctionData, type Hex } from 'viem';
import { hexToBigInt } from '../../core/bytes.ts';
import { sleep } from '../../core/sleep.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import type { Transaction } from '../../l2/vigil-zk/transactions.ts';
import { TX_FIELDS } from '../../l2/vigil-zk/transactions.ts';
import { ARTIFACTS } from './contracts/artifacts.ts';
import type { RollupBatch, RollupLedger, SnarkjsProof } from './sequencer.ts';

/** The circuit's files (the ceremony's outputs). */
export interface CircuitFiles {
  wasm: string;
  zkey: string;
  verificationKey: string;
}

export interface ProofOutcome {
  proof: SnarkjsProof;
  /** Decimal strings, in the circuit's order: oldRoot, newRoot, txDataHash, queueStart, queueEnd. */
  publicSignals: string[];
  /** The proof's eight `commitBatch` words in snarkjs's exportSolidityCallData order: a, b (each pair as exported), c. */
  words: bigint[];
  /** Wall time of witness calculation + proving in the child (ms); 0 when `reused`. */
  provingMs: number;
  /** The proof of an identical input proven before (the same statement: see the module comment). */
  reused: boolean;
}

/** How many distinct inputs' proofs are kept for reuse (an idle rollup needs one). */
const REUSABLE_PROOFS = 16;

const ROLLUP_ABI = ARTIFACTS.VigilRollup.abi;
const RPC = { timeoutMs: 15_000, maxBytes: 1 << 24 };
/** A proof of Rollup(6, 2) takes seconds; far more means the child is stuck. */
const PROOF_TIMEOUT_MS = 300_000;

/** The circuit's files under circuits/build of this checkout (found from this module, then from the working directory). */
export function defaultCircuitFiles(): CircuitFiles {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates: string[] = [];
  // src/devnet/rollup (tests, tsx) or dist/cli/chunks (the built CLI): walk up to the checkout.
  for (let dir = here, i = 0; i < 6; i++, dir = dirname(dir)) candidates.push(join(dir, 'circuits', 'build'));
  candidates.push(join(process.cwd(), 'circuits', 'build'));
  const build = candidates.find((d) => existsSync(join(d, 'rollup_final.zkey'))) ?? candidates[candidates.length - 1]!;
  return {
    wasm: join(build, 'rollup.wasm'),
    zkey: join(build, 'rollup_final.zkey'),
    verificationKey: join(build, 'verification_key.json'),
  };
}

/** snarkjs's ES entry in this checkout's node_modules. */
function resolveSnarkjs(): string {
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const main = createRequire(base).resolve('snarkjs');
      // The "require" entry is build/main.cjs; the package's ES entry main.js sits at its root.
      const esm = resolve(dirname(main), '..', 'main.js');
      return existsSync(esm) ? esm : main;
    } catch {
      // try the next base
    }
  }
  throw new Error('snarkjs is not installed: run `npm ci` in the Vigil checkout (the rollup\'s prover needs it)');
}

/** The child's program: one proof at a time, on request over IPC. */
const RUNNER_SOURCE = `// Written by src/devnet/rollup/prover.ts: the devnet rollup's prover process.
import { readFileSync } from 'node:fs';
const snarkjs = await import(process.env.VIGIL_SNARKJS_URL);
const { VIGIL_WASM: wasm, VIGIL_ZKEY: zkey } = process.env;
const vkey = JSON.parse(readFileSync(process.env.VIGIL_VKEY, 'utf8'));
let chain = Promise.resolve();
process.on('message', (m) => {
  chain = chain.then(async () => {
    const t0 = performance.now();
    try {
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(m.input, wasm, zkey);
      const provingMs = performance.now() - t0;
      if (!(await snarkjs.groth16.verify(vkey, publicSignals, proof))) throw new Error('the proof does not verify against verification_key.json');
      const calldata = await snarkjs.groth16.exportSolidityCallData(proof, publicSignals);
      process.send({ id: m.id, ok: true, proof, publicSignals, calldata, provingMs });
    } catch (err) {
      process.send({ id: m.id, ok: false, error: String(err && err.stack ? err.stack : err) });
    }
  });
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
`;

type Reply =
  | { ready: true }
  | { id: number; ok: true; proof: SnarkjsProof; publicSignals: string[]; calldata: string; provingMs: number }
  | { id: number; ok: false; error: string };

export interface ProverOptions {
  files: CircuitFiles;
  /** Where the runner script is written (the devnet's data directory). */
  dir: string;
  log?: (line: string) => void;
}

/**
 * The proving child process.
 * @example
 * const prover = await Prover.start({ files: defaultCircuitFiles(), dir });
 * const { proof, publicSignals, words, provingMs } = await prover.prove(witness.input);
 * await prover.stop();
 */
export class Prover {
  private readonly waiting = new Map<number, { resolve: (o: ProofOutcome) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  /** Proofs by their input's JSON, oldest first (at most REUSABLE_PROOFS). */
  private readonly proven = new Map<string, ProofOutcome>();
  private nextId = 1;
  private exitReason: string | undefined;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    private readonly exited: Promise<void>,
  ) {}

  static async start(options: ProverOptions): Promise<Prover> {
    for (const [what, path] of Object.entries(options.files)) {
      if (!existsSync(path)) throw new Error(`the rollup's prover needs ${what} at ${path} (the circuit's ceremony writes circuits/build/)`);
    }
    mkdirSync(options.dir, { recursive: true });
    const runner = join(options.dir, 'prover.mjs');
    writeFileSync(runner, RUNNER_SOURCE);
    let stderr = '';
    const child = spawn(process.execPath, [runner], {
      cwd: options.dir,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        VIGIL_SNARKJS_URL: pathToFileURL(resolveSnarkjs()).href,
        VIGIL_WASM: options.files.wasm,
        VIGIL_ZKEY: options.files.zkey,
        VIGIL_VKEY: options.files.verificationKey,
      },
    });
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    child.once('error', () => child.emit('exit', null));
    const prover = new Prover(child, child.pid ?? -1, exited);
    void exited.then(() => {
      prover.exitReason ??= `the prover process exited (${child.exitCode ?? child.signalCode}): ${stderr.trim().slice(-1000)}`;
      for (const [id, w] of prover.waiting) {
        clearTimeout(w.timer);
        w.reject(new Error(prover.exitReason));
        prover.waiting.delete(id);
      }
    });
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`the prover process did not start within 30 s: ${stderr}`)), 30_000);
      child.on('message', (m: Reply) => {
        if ('ready' in m) {
          clearTimeout(timer);
          res();
          return;
        }
        prover.settle(m);
      });
      void exited.then(() => {
        clearTimeout(timer);
        rej(new Error(`the prover process exited at start: ${stderr.trim().slice(-2000)}`));
      });
    });
    options.log?.(`rollup: prover process ${prover.pid} (snarkjs groth16, ${options.files.zkey})`);
    return prover;
  }

  /** Proves one batch from the model's circuit input (snarkjs input JSON), or reuses the proof of the same input. */
  async prove(input: unknown): Promise<ProofOutcome> {
    if (this.exitReason !== undefined) throw new Error(this.exitReason);
    const key = JSON.stringify(input);
    const known = this.proven.get(key);
    if (known !== undefined) return { ...known, provingMs: 0, reused: true };
    const id = this.nextId++;
    const outcome = await new Promise<ProofOutcome>((res, rej) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        rej(new Error(`no proof within ${PROOF_TIMEOUT_MS / 1000} s`));
      }, PROOF_TIMEOUT_MS);
      this.waiting.set(id, { resolve: res, reject: rej, timer });
      this.child.send({ id, input });
    });
    this.proven.set(key, outcome);
    if (this.proven.size > REUSABLE_PROOFS) this.proven.delete(this.proven.keys().next().value!);
    return outcome;
  }

  private settle(m: Exclude<Reply, { ready: true }>): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    clearTimeout(w.timer);
    if (!m.ok) return w.reject(new Error(`snarkjs: ${m.error}`));
    try {
      w.resolve({ proof: m.proof, publicSignals: m.publicSignals, words: solidityCallDataWords(m.calldata), provingMs: m.provingMs, reused: false });
    } catch (err) {
      w.reject(err as Error);
    }
  }

  /** Ends the child process (pending proofs are refused). Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.exitReason ??= 'the prover was stopped';
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGTERM');
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
        await this.exited;
        clearTimeout(timer);
      }
    })();
    return this.stopped;
  }
}

/**
 * The eight proof words of snarkjs's `exportSolidityCallData` text
 * (`["a0","a1"],[["b00","b01"],["b10","b11"]],["c0","c1"],[inputs…]`), in that order.
 */
export function solidityCallDataWords(calldata: string): bigint[] {
  const parsed = JSON.parse(`[${calldata}]`) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== 4) throw new Error(`exportSolidityCallData: expected [a, b, c, inputs], got ${calldata.slice(0, 120)}`);
  const [a, b, c] = parsed as [string[], string[][], string[]];
  const words = [a[0], a[1], b[0]?.[0], b[0]?.[1], b[1]?.[0], b[1]?.[1], c[0], c[1]];
  return words.map((w, i) => {
    if (typeof w !== 'string') throw new Error(`exportSolidityCallData: word ${i} missing in ${calldata.slice(0, 120)}`);
    return BigInt(w);
  });
}

/** The BatchCommitted event of a commit: every public input of the batch's proof. */
export interface BatchCommittedEvent {
  batch: bigint;
  oldRoot: bigint;
  newRoot: bigint;
  txDataHash: bigint;
  queueStart: bigint;
  queueEnd: bigint;
}

export interface CommitOptions {
  /** The node's own JSON-RPC (the dev account is unlocked there). */
  rpc: string;
  /** The unlocked dev account that sends (and pays for) commits. */
  from: string;
  contract: string;
  /** The K slots, NOOP-padded. */
  txs: readonly Transaction[];
  newRoot: bigint;
  queueEnd: bigint;
  /** snarkjs's exportSolidityCallData words. */
  words: readonly bigint[];
  timeoutMs?: number;
}

export interface Committed {
  l1TxHash: string;
  l1Block: number;
  gasUsed: bigint;
  event: BatchCommittedEvent;
}

/** A commit L1 refused: `reason` is the contract's custom error when the node names it. */
export class CommitRefused extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * `commitBatch(txs, newRoot, queueEnd, proof)` calldata from the contract's ABI: `txs[field][slot]`
 * (Solidity's uint256[K][7]) in SPEC's field order.
 */
export function commitBatchCalldata(txs: readonly Transaction[], newRoot: bigint, queueEnd: bigint, words: readonly bigint[]): Hex {
  const columns = TX_FIELDS.map((f) => txs.map((tx) => tx[f]));
  return encodeFunctionData({ abi: ROLLUP_ABI, functionName: 'commitBatch', args: [columns, newRoot, queueEnd, words] } as never);
}

/**
 * Sends the commit from `from`, waits for its receipt (a block per slot on the devnet) and returns
 * its BatchCommitted event. The gas is the node's estimate (plus a margin): a batch L1 would refuse
 * is refused here with the contract's error, before anything is sent.
 * @throws CommitRefused (estimate or receipt status 0), Error (transport, timeout).
 */
export async function commitBatchOnL1(options: CommitOptions): Promise<Committed> {
  const { rpc, from, contract } = options;
  const data = commitBatchCalldata(options.txs, options.newRoot, options.queueEnd, options.words);
  let gas: bigint;
  try {
    gas = hexToBigInt((await jsonRpcCall(rpc, 'eth_estimateGas', [{ from, to: contract, data }], RPC)) as string, 'gas');
  } catch (err) {
    const reason = revertReason(err);
    throw new CommitRefused(`commitBatch would revert: ${reason}`, reason);
  }
  const hash = (await jsonRpcCall(rpc, 'eth_sendTransaction', [{ from, to: contract, data, gas: `0x${((gas * 6n) / 5n).toString(16)}` }], RPC)) as string;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const r = (await jsonRpcCall(rpc, 'eth_getTransactionReceipt', [hash], RPC)) as ReceiptJson | null;
    if (r !== null) {
      if (Number(r.status) !== 1) throw new CommitRefused(`commitBatch ${hash} reverted in block ${Number(r.blockNumber)}`, 'reverted');
      const event = batchCommittedOf(r, contract);
      if (event === null) throw new Error(`commitBatch ${hash} succeeded without a BatchCommitted event`);
      return { l1TxHash: hash, l1Block: Number(r.blockNumber), gasUsed: BigInt(r.gasUsed), event };
    }
    if (Date.now() > deadline) throw new Error(`commitBatch ${hash} not mined within ${options.timeoutMs ?? 60_000} ms`);
    await sleep(200);
  }
}

interface ReceiptJson {
  status: string;
  blockNumber: string;
  gasUsed: string;
  logs: { address: string; topics: Hex[]; data: Hex }[];
}

/** The BatchCommitted event in a receipt's logs of `contract`, or null. */
export function batchCommittedOf(receipt: { logs: readonly { address: string; topics: readonly string[]; data: string }[] }, contract: string): BatchCommittedEvent | null {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== contract.toLowerCase()) continue;
    try {
      const decoded = decodeEventLog({ abi: ROLLUP_ABI, data: log.data as Hex, topics: log.topics as [Hex, ...Hex[]] });
      if (decoded.eventName === 'BatchCommitted') return decoded.args as unknown as BatchCommittedEvent;
    } catch {
      // another event
    }
  }
  return null;
}

/** The contract's custom error in a JSON-RPC error's data (Hardhat passes the revert data), else the message. */
export function revertReason(err: unknown): string {
  const data = (err as { rpcData?: unknown } | null)?.rpcData;
  const hex = typeof data === 'string' ? data : typeof (data as { data?: unknown } | null)?.data === 'string' ? (data as { data: string }).data : undefined;
  if (hex !== undefined && /^0x[0-9a-fA-F]{8,}$/.test(hex)) {
    try {
      const decoded = decodeErrorResult({ abi: ROLLUP_ABI, data: hex as Hex });
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(', ')})`;
    } catch {
      return hex;
    }
  }
  return err instanceof Error ? err.message : String(err);
}

export interface ProvingLoopOptions {
  ledger: RollupLedger;
  prover: Prover;
  /** The node's own JSON-RPC. */
  rpc: string;
  /** The unlocked dev account that commits. */
  from: string;
  contract: string;
  /** Whether `prover-stall` is on (read before each proof and each commit). */
  stalled: () => boolean;
  /** A batch was committed (its record complete). */
  onCommitted?: (batch: RollupBatch) => void;
  log?: (line: string) => void;
}

/** Commits the rollup refuses for good: the next one would be refused as well. */
const FATAL_REASONS = ['RollupFrozen'];
const RETRIES = 3;
const RETRY_MS = 2_000;

/**
 * Proves and commits the ledger's formed batches one at a time, in order: the oldest uncommitted
 * batch is proven (in the prover process), sent to L1, and recorded when its receipt holds its
 * BatchCommitted event with exactly the batch's public inputs. With `prover-stall` on nothing is
 * proven or committed (batches pile up as formed). A batch that cannot be proven, or that L1
 * keeps refusing, halts the rollup (`ledger.halted`): later batches build on it.
 */
export class ProvingLoop {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** The proven batches' calldata words until they are committed. */
  private readonly proofWords = new Map<number, bigint[]>();

  constructor(private readonly options: ProvingLoopOptions) {}

  /** Also polls every second (for prover-stall switched off again). */
  start(): void {
    this.timer = setInterval(() => this.kick(), 1_000);
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Stops: a proof in flight is abandoned (the prover process ends), a commit in flight is awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.options.prover.stop();
    await this.running;
  }

  private async drain(): Promise<void> {
    const { ledger, log } = this.options;
    while (!this.stopped && ledger.halted === undefined && !this.options.stalled()) {
      const batch = ledger.uncommitted()[0];
      if (batch === undefined) return;
      try {
        await this.advance(batch);
        this.failures = 0;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        batch.status = batch.proof ? 'proven' : 'formed';
        const fatal = err instanceof CommitRefused ? FATAL_REASONS.some((r) => err.reason.startsWith(r)) || ++this.failures >= RETRIES : err instanceof ProofFailed;
        if (fatal) {
          ledger.halted = `batch ${batch.batch}: ${message}`;
          log?.(`rollup: halted: ${ledger.halted}`);
          return;
        }
        log?.(`rollup: batch ${batch.batch}: ${message}; retrying in ${RETRY_MS / 1000} s`);
        await sleep(RETRY_MS);
      }
    }
  }

  /** Proves `batch` (unless it is), then commits it (unless prover-stall came on meanwhile). */
  private async advance(batch: RollupBatch): Promise<void> {
    const { ledger, log } = this.options;
    if (batch.proof === undefined) {
      batch.status = 'proving';
      let outcome: ProofOutcome;
      try {
        outcome = await this.options.prover.prove(batch.input);
      } catch (err) {
        if (this.stopped) return;
        throw new ProofFailed(`proving failed: ${(err as Error).message}`);
      }
      const expected = [batch.oldRoot, batch.newRoot, batch.txDataHash, batch.queueStart, batch.queueEnd].map(String);
      if (JSON.stringify(outcome.publicSignals) !== JSON.stringify(expected)) {
        throw new ProofFailed(`the proof's public signals ${JSON.stringify(outcome.publicSignals)} are not the batch's ${JSON.stringify(expected)}`);
      }
      batch.proof = outcome.proof;
      batch.publicSignals = outcome.publicSignals;
      batch.provingMs = outcome.provingMs;
      batch.proofReused = outcome.reused;
      batch.status = 'proven';
      this.proofWords.set(batch.batch, outcome.words);
      log?.(outcome.reused ? `rollup: batch ${batch.batch} proven by an earlier proof of the same statement` : `rollup: batch ${batch.batch} proven in ${Math.round(outcome.provingMs)} ms`);
    }
    if (this.stopped || this.options.stalled()) return;
    batch.status = 'committing';
    const committed = await commitBatchOnL1({
      rpc: this.options.rpc,
      from: this.options.from,
      contract: this.options.contract,
      txs: batch.txs,
      newRoot: batch.newRoot,
      queueEnd: batch.queueEnd,
      words: this.proofWords.get(batch.batch)!,
    });
    const e = committed.event;
    const got = [e.batch, e.oldRoot, e.newRoot, e.txDataHash, e.queueStart, e.queueEnd];
    const want = [BigInt(batch.batch), batch.oldRoot, batch.newRoot, batch.txDataHash, batch.queueStart, batch.queueEnd];
    if (got.some((v, i) => v !== want[i])) {
      throw new ProofFailed(`L1 committed ${got.join(', ')} in ${committed.l1TxHash}, expected batch, oldRoot, newRoot, txDataHash, queueStart, queueEnd = ${want.join(', ')}`);
    }
    batch.status = 'committed';
    batch.l1TxHash = committed.l1TxHash;
    batch.l1Block = committed.l1Block;
    batch.committedAt = Date.now();
    // The witness is of no use once L1 accepted the batch (a heartbeat every few seconds adds up).
    delete batch.input;
    ledger.committedBatch = batch.batch;
    this.proofWords.delete(batch.batch);
    log?.(`rollup: batch ${batch.batch} committed in block ${committed.l1Block} (${committed.l1TxHash}, ${committed.gasUsed} gas)`);
    this.options.onCommitted?.(batch);
  }
}

/** A batch the prover could not prove (a bug of the model, the witness or the circuit). */
class ProofFailed extends Error {}
