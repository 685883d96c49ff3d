/**
 * Data availability: the whole `vigil-zk-v1` L2 state rebuilt from the committed batches'
 * calldata alone (circuits/SPEC.md: "the whole L2 state is rebuilt from L1"). Each batch is
 * applied with SPEC's rules to the state the batches before it left, starting from the empty
 * tree (or a given checkpoint), and must lead to the root it committed; batch n's old root is
 * therefore batch n−1's new root, and its queueStart batch n−1's queueEnd (0 for batch 1).
 *
 * The calldata carries no signatures; the validity proof L1 verified vouches for them. With a
 * verification key, each batch's proof is re-verified here too, on public inputs recomputed from
 * the rebuilt chain (the client's check that L1 did its job).
 *
 * Pure: the caller brings the calldata of the successful `commitBatch` transactions in batch
 * order, each matched to verified L1 data (a transaction proven in a verified block whose receipt
 * holds the `BatchCommitted` event).
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { type Groth16VerificationKey, parseGroth16Proof, parseGroth16VerificationKey, verifyGroth16 } from '../../zk/groth16.ts';
import { type Groth16ProofJson, decodeCommitBatch } from './calldata.ts';
import { RollupState } from './state.ts';
import { applyBatch, DEFAULT_BATCH_SIZE, publicInputs, type Transaction } from './transactions.ts';
import { DEFAULT_DEPTH } from './tree.ts';

/** One committed batch as L1 holds it. */
export interface CommittedBatch {
  /** The `commitBatch` calldata of the L1 transaction that committed it (bytes or 0x-hex). */
  readonly calldata: Uint8Array | string;
  /** The root L1 recorded for it (`batchRoots[n]`, or the event's newRoot), checked when given. */
  readonly root?: bigint;
}

/** A batch as rebuilt: its public inputs recomputed from the chain, and its proof. */
export interface RebuiltBatch {
  /** 1 for the first batch. */
  readonly batch: bigint;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly queueStart: bigint;
  readonly queueEnd: bigint;
  readonly txs: readonly Transaction[];
  /** oldRoot, newRoot, txDataHash, queueStart, queueEnd. */
  readonly publicInputs: readonly [bigint, bigint, bigint, bigint, bigint];
  readonly proof: Groth16ProofJson;
}

/** Where rebuilding starts: the empty tree before batch 1 by default. */
export interface RebuildCheckpoint {
  readonly state: RollupState;
  /** The last batch `state` includes (0: none). */
  readonly batch: bigint;
  /** The queue entry the next batch starts at (the contract's queueHead after `batch`). */
  readonly queueHead: bigint;
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
  readonly batches: RebuiltBatch[];
}

/**
 * Applies one committed batch to `checkpoint`, the state after the batch before it.
 * @throws InputError (calldata of another function or length), VerificationError:
 *   a rule a slot breaks (L2_* of ./transactions.ts), `L2_BATCH_ROOT_MISMATCH` (the batch does
 *   not lead to the root it committed, or to `batch.root`), `L2_BATCH_PROOF_INVALID`.
 */
export function applyCommittedBatch(
  checkpoint: RebuildCheckpoint,
  batch: CommittedBatch,
  options: Omit<RebuildOptions, 'from' | 'verificationKey'> & { readonly verificationKey?: Groth16VerificationKey } = {},
): { checkpoint: RebuildCheckpoint; rebuilt: RebuiltBatch } {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const number = checkpoint.batch + 1n;
  const call = decodeCommitBatch(batch.calldata, batchSize);
  const where = `batch ${number}`;
  const queueStart = checkpoint.queueHead;
  let after: RollupState;
  try {
    after = applyBatch(checkpoint.state, call.txs, { queueStart, queueEnd: call.queueEnd }, { batchSize, signatures: 'proven' });
  } catch (error) {
    if (error instanceof VerificationError) {
      throw new VerificationError(error.code, `${where}: ${error.shortMessage}`, { cause: error, details: 'L1 accepted a batch the rollup model refuses' });
    }
    throw error;
  }
  if (after.root !== call.newRoot) {
    throw new VerificationError('L2_BATCH_ROOT_MISMATCH', `${where}: its transactions do not lead to the root it committed`, { expected: bigIntToHex(call.newRoot), got: bigIntToHex(after.root) });
  }
  if (batch.root !== undefined && batch.root !== call.newRoot) {
    throw new VerificationError('L2_BATCH_ROOT_MISMATCH', `${where}: L1 recorded another root for it than its calldata committed`, { expected: bigIntToHex(batch.root), got: bigIntToHex(call.newRoot) });
  }
  const inputs = publicInputs(checkpoint.state.root, call.newRoot, call.txs, queueStart, call.queueEnd, batchSize);
  if (options.verificationKey !== undefined) {
    try {
      verifyGroth16(options.verificationKey, parseGroth16Proof(call.proof), inputs);
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      throw new VerificationError('L2_BATCH_PROOF_INVALID', `${where}: its validity proof does not verify (${error.code})`, { cause: error });
    }
  }
  return {
    checkpoint: { state: after, batch: number, queueHead: call.queueEnd },
    rebuilt: { batch: number, oldRoot: checkpoint.state.root, newRoot: call.newRoot, queueStart, queueEnd: call.queueEnd, txs: call.txs, publicInputs: inputs, proof: call.proof },
  };
}

/**
 * Rebuilds the L2 state from every committed batch's calldata, in batch order.
 * @example rebuildState(commitInputs.map((calldata) => ({ calldata }))).state.root // L1's stateRoot
 */
export function rebuildState(batches: Iterable<CommittedBatch>, options: RebuildOptions = {}): RebuildResult {
  const depth = options.depth ?? DEFAULT_DEPTH;
  let checkpoint: RebuildCheckpoint = options.from ?? { state: RollupState.empty(depth), batch: 0n, queueHead: 0n };
  if (checkpoint.state.depth !== depth) throw new InputError(`"from.state" expected a tree of depth ${depth}, got ${checkpoint.state.depth}`);
  const verificationKey = options.verificationKey === undefined ? undefined : parseGroth16VerificationKey(options.verificationKey);
  const step = { batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE, ...(verificationKey ? { verificationKey } : {}) };
  const rebuilt: RebuiltBatch[] = [];
  for (const batch of batches) {
    const next = applyCommittedBatch(checkpoint, batch, step);
    checkpoint = next.checkpoint;
    rebuilt.push(next.rebuilt);
  }
  return { state: checkpoint.state, batch: checkpoint.batch, queueHead: checkpoint.queueHead, batches: rebuilt };
}
