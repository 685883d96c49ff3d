/**
 * Data availability: the whole `vigil-zk-v1` L2 state rebuilt from the committed batches' data
 * alone (circuits/SPEC.md: "the whole L2 state is rebuilt from L1"): a calldata batch's
 * `commitBatch` calldata, a blob batch's blob prefix with its `commitBatchBlob` calldata ("Batches
 * in blobs": the blob's elements must hash to the call's txDataHash and evaluate to its y at the
 * challenge, and pay its payouts). Each batch is
 * applied with SPEC's rules to the state the batches before it left, starting from the empty
 * tree (or a given checkpoint), and must lead to the root it committed; batch n's old root is
 * therefore batch n−1's new root, and its queueStart batch n−1's queueEnd (0 for batch 1).
 *
 * The data carries no signatures; the validity proof L1 verified vouches for them. With a
 * verification key, each batch's proof is re-verified here too, on public inputs recomputed from
 * the rebuilt chain (the client's check that L1 did its job). The queue accumulators are the
 * rebuild's own: queueAcc[queueStart] chained through each batch's queue slots (a FORCED_WITHDRAWAL
 * with amount 0), from 0 at queue entry 0 or from the checkpoint's `queueAcc` (the contract's
 * queueAcc[queueHead], which the caller proves from storage slot 14). A wrong value cannot pass:
 * the proof L1 verified was on the contract's.
 *
 * Pure: the caller brings the successful commit transactions in batch order, each matched to
 * verified L1 data (a transaction proven in a verified block whose receipt holds the
 * `BatchCommitted` event), and for a blob batch the blob's prefix verified against its commitment.
 * @module
 */
import { bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { type Groth16VerificationKey, parseGroth16Proof, parseGroth16VerificationKey, verifyGroth16 } from '../../zk/groth16.ts';
import { kzgToVersionedHash } from '../../crypto/kzg/versioned-hash.ts';
import { type BlobBinding, batchFromBlobPrefix, blobBinding, slotPayouts } from './blob.ts';
import { type Groth16ProofJson, type Payout, decodeCommitBatch, decodeCommitBatchBlob } from './calldata.ts';
import { publicInputs } from './inputs.ts';
import { RollupState } from './state.ts';
import { applyBatch, DEFAULT_BATCH_SIZE, padBatch, type Transaction, txDataHash } from './transactions.ts';
import { DEFAULT_DEPTH } from './tree.ts';

/** A batch committed in calldata (`commitBatch`). */
export interface CalldataBatch {
  readonly kind?: 'calldata';
  /** The `commitBatch` calldata of the L1 transaction that committed it (bytes or 0x-hex). */
  readonly calldata: Uint8Array | string;
  /** The root L1 recorded for it (`batchRoots[n]`, or the event's newRoot), checked when given. */
  readonly root?: bigint;
}

/** A batch committed in a blob (`commitBatchBlob`, SPEC "Batches in blobs"). */
export interface BlobBatch {
  readonly kind: 'blob';
  /** The `commitBatchBlob` calldata (txDataHash, payouts, y, the commitment, the proof). */
  readonly calldata: Uint8Array | string;
  /** The commit transaction's first blob versioned hash (its blobVersionedHashes[0], from the verified transaction). */
  readonly versionedHash: Uint8Array;
  /**
   * The blob's first elements, at least 7K (32 bytes each): column 0's cell (2,048 bytes) or the
   * whole blob. **The caller verifies it** against the blob's commitment proven through its beacon
   * block (cell proof, or blob proof for the whole blob); here it is only checked against the
   * commit (its txDataHash, y and payouts), which a blob other than the batch's data passes with
   * probability about 2^-243, and elements past the batch's must be 0.
   */
  readonly prefix: Uint8Array;
  readonly root?: bigint;
}

/** One committed batch as L1 holds it. */
export type CommittedBatch = CalldataBatch | BlobBatch;

/** A batch as rebuilt: its public inputs recomputed from the chain, and its proof. */
export interface RebuiltBatch {
  /** 1 for the first batch. */
  readonly batch: bigint;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly queueStart: bigint;
  readonly queueEnd: bigint;
  /** queueAcc[queueStart] and queueAcc[queueEnd], as the rebuild chained them. */
  readonly queueAccStart: bigint;
  readonly queueAccEnd: bigint;
  readonly txs: readonly Transaction[];
  /** A blob batch's binding (z, weights, y), null for a calldata batch. */
  readonly binding: BlobBinding | null;
  /** The 53 public inputs (inputs.ts). */
  readonly publicInputs: readonly bigint[];
  readonly proof: Groth16ProofJson;
}

/** Where rebuilding starts: the empty tree before batch 1 by default. */
export interface RebuildCheckpoint {
  readonly state: RollupState;
  /** The last batch `state` includes (0: none). */
  readonly batch: bigint;
  /** The queue entry the next batch starts at (the contract's queueHead after `batch`). */
  readonly queueHead: bigint;
  /** The contract's queueAcc[queueHead] (0 when queueHead is 0; else proven from its storage slot 14). */
  readonly queueAcc: bigint;
}

export interface RebuildOptions {
  readonly depth?: number;
  readonly batchSize?: number;
  readonly from?: RebuildCheckpoint;
  /** A snarkjs Groth16 verification key (the config's): when given, every batch's proof is verified. */
  readonly verificationKey?: unknown;
}

export interface RebuildResult {
  readonly state: RollupState;
  /** The last batch applied (batchCount on L1). */
  readonly batch: bigint;
  /** queueEnd of the last batch: the contract's queueHead. */
  readonly queueHead: bigint;
  /** queueAcc[queueHead]. */
  readonly queueAcc: bigint;
  readonly batches: RebuiltBatch[];
}

/** What a batch's commit says: its transactions (a blob's read from its prefix), newRoot, queueEnd, proof, and its binding. */
interface Commit {
  readonly txs: Transaction[];
  readonly newRoot: bigint;
  readonly queueEnd: bigint;
  readonly proof: Groth16ProofJson;
  readonly binding: BlobBinding | null;
}

const samePayouts = (txs: readonly Transaction[], payouts: readonly Payout[], batchSize: number): boolean =>
  slotPayouts(txs, batchSize).every((p, s) => payouts[s]!.owner === p.owner && payouts[s]!.amount === p.amount);

/**
 * A blob batch's commit: the prefix's transactions, checked against the call (txDataHash, y at
 * the challenge, payouts) and the call's commitment against the versioned hash.
 */
function blobCommit(batch: BlobBatch, batchSize: number, where: string): Commit {
  const call = decodeCommitBatchBlob(batch.calldata, batchSize);
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('BLOB_BATCH_MISMATCH', `${where}: ${what}`, { expected, got });
  if (!(batch.versionedHash instanceof Uint8Array) || batch.versionedHash.length !== 32) throw new InputError('"versionedHash" expected 32 bytes');
  const committed = kzgToVersionedHash(call.commitment);
  if (bytesToHex(committed) !== bytesToHex(batch.versionedHash)) throw mismatch("the call's commitment is not the transaction's blob", bytesToHex(batch.versionedHash), bytesToHex(committed));
  const txs = padBatch(batchFromBlobPrefix(batch.prefix, batchSize), batchSize);
  const hash = txDataHash(txs, batchSize);
  if (hash !== call.txDataHash) throw mismatch("the blob's transactions do not hash to the call's txDataHash", bigIntToHex(call.txDataHash), bigIntToHex(hash));
  const binding = blobBinding(batch.versionedHash, hash, txs, batchSize);
  if (binding.y !== call.y) throw mismatch("the blob's transactions do not evaluate to the call's y at the challenge", bigIntToHex(call.y), bigIntToHex(binding.y));
  if (!samePayouts(txs, call.payouts, batchSize)) throw mismatch("the call's payouts are not what the blob's transactions pay", 'the WITHDRAW and FORCED_WITHDRAWAL slots', JSON.stringify(call.payouts.map((p) => [p.owner.toString(), p.amount.toString()])));
  return { txs, newRoot: call.newRoot, queueEnd: call.queueEnd, proof: call.proof, binding };
}

/**
 * Applies one committed batch to `checkpoint`, the state after the batch before it.
 * @throws InputError (calldata of another function or length, a prefix too short),
 *   VerificationError: a rule a slot breaks (L2_* of ./transactions.ts), `L2_BATCH_ROOT_MISMATCH`
 *   (the batch does not lead to the root it committed, or to `batch.root`), `BLOB_BATCH_MALFORMED`
 *   and `BLOB_BATCH_MISMATCH` (a blob batch's prefix), `L2_BATCH_PROOF_INVALID`.
 */
export function applyCommittedBatch(
  checkpoint: RebuildCheckpoint,
  batch: CommittedBatch,
  options: Omit<RebuildOptions, 'from' | 'verificationKey'> & { readonly verificationKey?: Groth16VerificationKey } = {},
): { checkpoint: RebuildCheckpoint; rebuilt: RebuiltBatch } {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const number = checkpoint.batch + 1n;
  const where = `batch ${number}`;
  let commit: Commit;
  if (batch.kind === 'blob') {
    commit = blobCommit(batch, batchSize, where);
  } else {
    const call = decodeCommitBatch(batch.calldata, batchSize);
    commit = { txs: call.txs, newRoot: call.newRoot, queueEnd: call.queueEnd, proof: call.proof, binding: null };
  }
  const queueStart = checkpoint.queueHead;
  let after: RollupState;
  try {
    after = applyBatch(checkpoint.state, commit.txs, { queueStart, queueEnd: commit.queueEnd }, { batchSize, signatures: 'proven' });
  } catch (error) {
    if (error instanceof VerificationError) {
      throw new VerificationError(error.code, `${where}: ${error.shortMessage}`, { cause: error, details: 'L1 accepted a batch the rollup model refuses' });
    }
    throw error;
  }
  if (after.root !== commit.newRoot) {
    throw new VerificationError('L2_BATCH_ROOT_MISMATCH', `${where}: its transactions do not lead to the root it committed`, { expected: bigIntToHex(commit.newRoot), got: bigIntToHex(after.root) });
  }
  if (batch.root !== undefined && batch.root !== commit.newRoot) {
    throw new VerificationError('L2_BATCH_ROOT_MISMATCH', `${where}: L1 recorded another root for it than its calldata committed`, { expected: bigIntToHex(batch.root), got: bigIntToHex(commit.newRoot) });
  }
  const inputs = publicInputs({ oldRoot: checkpoint.state.root, newRoot: commit.newRoot, txs: commit.txs, queueStart, queueEnd: commit.queueEnd, queueAccStart: checkpoint.queueAcc, binding: commit.binding }, batchSize);
  if (options.verificationKey !== undefined) {
    try {
      verifyGroth16(options.verificationKey, parseGroth16Proof(commit.proof), inputs);
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      throw new VerificationError('L2_BATCH_PROOF_INVALID', `${where}: its validity proof does not verify (${error.code})`, { cause: error });
    }
  }
  return {
    checkpoint: { state: after, batch: number, queueHead: commit.queueEnd, queueAcc: inputs[6]! },
    rebuilt: {
      batch: number,
      oldRoot: checkpoint.state.root,
      newRoot: commit.newRoot,
      queueStart,
      queueEnd: commit.queueEnd,
      queueAccStart: inputs[5]!,
      queueAccEnd: inputs[6]!,
      txs: commit.txs,
      binding: commit.binding,
      publicInputs: inputs,
      proof: commit.proof,
    },
  };
}

/**
 * Rebuilds the L2 state from every committed batch's data, in batch order.
 * @example rebuildState(commitInputs.map((calldata) => ({ calldata }))).state.root // L1's stateRoot
 */
export function rebuildState(batches: Iterable<CommittedBatch>, options: RebuildOptions = {}): RebuildResult {
  const depth = options.depth ?? DEFAULT_DEPTH;
  let checkpoint: RebuildCheckpoint = options.from ?? { state: RollupState.empty(depth), batch: 0n, queueHead: 0n, queueAcc: 0n };
  if (checkpoint.state.depth !== depth) throw new InputError(`"from.state" expected a tree of depth ${depth}, got ${checkpoint.state.depth}`);
  const verificationKey = options.verificationKey === undefined ? undefined : parseGroth16VerificationKey(options.verificationKey);
  const step = { batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE, ...(verificationKey ? { verificationKey } : {}) };
  const rebuilt: RebuiltBatch[] = [];
  for (const batch of batches) {
    const next = applyCommittedBatch(checkpoint, batch, step);
    checkpoint = next.checkpoint;
    rebuilt.push(next.rebuilt);
  }
  return { state: checkpoint.state, batch: checkpoint.batch, queueHead: checkpoint.queueHead, queueAcc: checkpoint.queueAcc, batches: rebuilt };
}
