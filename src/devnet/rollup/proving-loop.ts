/**
 * The devnet rollup's proving loop: each formed batch proven (./prover.ts), committed on L1
 * (./commit.ts: in calldata, or in a blob with the proofs ./blob-kzg.ts computes meanwhile) and
 * recorded in the ledger, in order.
 * @module
 */
import { sleep } from '../../core/sleep.ts';
import { TX_TYPE } from '../../l2/vigil-zk/transactions.ts';
import type { BatchBlobKzg } from './blob-kzg.ts';
import { type BlobSigner, CommitRefused, type Committed, commitBatchBlobOnL1, commitBatchOnL1 } from './commit.ts';
import type { ProofOutcome, Prover } from './prover.ts';
import type { RollupBatch, RollupLedger } from './sequencer.ts';

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
  /** Blob batches: the committer's key and the blobs' KZG (required when the sequencer forms blob batches). */
  blob?: { signer: BlobSigner; kzg: BatchBlobKzg };
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
      const expected = batch.publicInputs.map(String);
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
    const committed = await this.commit(batch, this.proofWords.get(batch.batch)!);
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
    // The blob is on L1 now (the beacon API serves it): its commitment and versioned hash are kept.
    if (batch.blob !== undefined) batch.blob = { ...batch.blob, data: { ...batch.blob.data, blob: new Uint8Array(0) } };
    ledger.committedBatch = batch.batch;
    this.proofWords.delete(batch.batch);
    log?.(`rollup: batch ${batch.batch} committed in block ${committed.l1Block} (${committed.l1TxHash}, ${committed.gasUsed} gas)`);
    this.options.onCommitted?.(batch);
  }

  /** Sends the batch's commit: its blob's proofs awaited first (the worker started on them when it was formed). */
  private async commit(batch: RollupBatch, words: bigint[]): Promise<Committed> {
    const { rpc, from, contract } = this.options;
    if (batch.blob === undefined) return commitBatchOnL1({ rpc, from, contract, txs: batch.txs, newRoot: batch.newRoot, queueEnd: batch.queueEnd, words });
    const blob = this.options.blob;
    if (blob === undefined) throw new ProofFailed(`batch ${batch.batch} is a blob batch, and the loop has no blob signer`);
    const proofs = await blob.kzg.proofs(batch.blob.data, batch.blob.z);
    if (proofs.y !== batch.blob.y) throw new ProofFailed(`the blob's evaluation at z is ${proofs.y}, the witness's y ${batch.blob.y}`);
    const payouts = batch.txs.map((t) => (t.type === TX_TYPE.WITHDRAW || t.type === TX_TYPE.FORCED_WITHDRAWAL ? { owner: t.owner, amount: t.amount } : { owner: 0n, amount: 0n }));
    return commitBatchBlobOnL1({ rpc, from, contract, signer: blob.signer, newRoot: batch.newRoot, queueEnd: batch.queueEnd, txDataHash: batch.txDataHash, payouts, blob: batch.blob.data, proofs, words });
  }
}

/** A batch the prover could not prove (a bug of the model, the witness or the circuit). */
class ProofFailed extends Error {}
