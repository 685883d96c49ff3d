/**
 * The validity proof's 53 public inputs (circuits/SPEC.md "Public inputs"): the roots, the
 * transactions' hash, the queue range and its accumulators, the payouts' hash, and the blob
 * binding's weights and y in 85-bit limbs (all 0 for a calldata batch). One function for the
 * devnet's witness builder and the client's checks, so they cannot disagree on the order.
 * @module
 */
import { afield } from '../../crypto/poseidon.ts';
import { type BlobBinding, bindingInputs, blobElementCount, nextQueueAcc, payoutsHash } from './blob.ts';
import { DEFAULT_BATCH_SIZE, isQueueType, padBatch, type Transaction, txDataHash } from './transactions.ts';

/** Public inputs for K slots: 8 then three limbs per blob element's weight, then y's three. */
export const publicInputCount = (batchSize: number = DEFAULT_BATCH_SIZE): number => 8 + 3 * blobElementCount(batchSize) + 3;

/** What a batch's public inputs are made of. */
export interface BatchStatement {
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  /** The K slots (padded with NOOPs when fewer). */
  readonly txs: readonly Transaction[];
  readonly queueStart: bigint;
  readonly queueEnd: bigint;
  /** The contract's queueAcc[queueStart]; queueAcc[queueEnd] follows from it and the queue slots. */
  readonly queueAccStart: bigint;
  /** The blob batch's binding (blob.ts blobBinding), null for a calldata batch. */
  readonly binding: BlobBinding | null;
}

/** queueAcc after the batch's queue slots, chained from `queueAccStart` (SPEC "Queue accumulator"). */
export function queueAccAfter(queueAccStart: bigint, txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): bigint {
  let acc = afield(queueAccStart, 'queueAccStart');
  for (const tx of padBatch(txs, batchSize)) if (isQueueType(tx.type)) acc = nextQueueAcc(acc, tx);
  return acc;
}

/**
 * The 53 public inputs in SPEC's order: oldRoot, newRoot, txDataHash, queueStart, queueEnd,
 * queueAccStart, queueAccEnd, payoutsHash, weight[e][l] (e < 7K, l < 3), y[l].
 * @example publicInputs({ oldRoot, newRoot, txs, queueStart: 0n, queueEnd: 1n, queueAccStart: 0n, binding: null })
 */
export function publicInputs(batch: BatchStatement, batchSize: number = DEFAULT_BATCH_SIZE): bigint[] {
  return [
    afield(batch.oldRoot, 'oldRoot'),
    afield(batch.newRoot, 'newRoot'),
    txDataHash(batch.txs, batchSize),
    afield(batch.queueStart, 'queueStart'),
    afield(batch.queueEnd, 'queueEnd'),
    afield(batch.queueAccStart, 'queueAccStart'),
    queueAccAfter(batch.queueAccStart, batch.txs, batchSize),
    payoutsHash(batch.txs, batchSize),
    ...bindingInputs(batch.binding, batchSize),
  ];
}
