/**
 * The devnet rollup's prover: Groth16 proofs of batches with snarkjs (`groth16.fullProve` on
 * circuits/build/rollup.wasm and rollup_final.zkey, the model's witness input JSON) in a child
 * process, so that the devnet's event loop (the beacon chain's slots, the L2 RPC) never waits on
 * a proof. The L1 side of a proven batch is ./commit.ts; ./proving-loop.ts joins the two.
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
import type { SnarkjsProof } from './sequencer.ts';

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
