/**
 * A block's receipts checked against its verified receiptsRoot, and printed as nodes print them
 * (eth_getTransactionReceipt, eth_getBlockReceipts). Only the consensus fields come from the
 * receipts (status or root, cumulativeGasUsed, logsBloom, logs); everything else is derived from
 * the verified block: gasUsed from consecutive cumulative gas, effectiveGasPrice from the
 * transaction and the header's base fee, contractAddress from the recovered sender and nonce,
 * from/to/type/transactionHash from the verified transaction, logIndex by counting, blob gas
 * from the blob hashes, and the blob base fee when the caller knows the fork's fraction.
 * @module
 */
import { InputError, VerificationError } from '../core/errors.ts';
import { type Receipt, verifyReceipts } from '../proofs/receipts.ts';
import { transactionPosition, type VerifiedBlock } from './block-body.ts';
import { logToJson } from './logs.ts';
import { hexData, hexQuantity } from './rpc-json.ts';
import { createAddress, effectiveGasPrice } from './transactions.ts';

/** EIP-4844: gas per blob. */
export const GAS_PER_BLOB = 1n << 17n;

/**
 * Throws RECEIPTS_ROOT_MISMATCH unless there is one receipt per transaction and, in order, they
 * rebuild the header's receiptsRoot.
 */
export function verifyBlockReceipts(block: VerifiedBlock, receipts: readonly Receipt[]): void {
  if (receipts.length !== block.transactions.length) {
    throw new VerificationError('RECEIPTS_ROOT_MISMATCH', 'the block has another number of receipts than of transactions', {
      expected: `${block.transactions.length} receipts`,
      got: `${receipts.length}`,
    });
  }
  verifyReceipts(block.header.receiptsRoot, receipts);
}

export interface ReceiptJsonOptions {
  /**
   * The block's blob base fee (src/execution/block-env.ts `blobBaseFee`: it depends on the fork's
   * update fraction, which the header alone does not say); without it, `blobGasPrice` is left
   * out of blob receipts.
   */
  blobGasPrice?: bigint;
}

/**
 * Every receipt of a verified block as nodes print it. Call `verifyBlockReceipts` first; the
 * block's senders must have been recovered.
 */
export function blockReceiptsToJson(block: VerifiedBlock, receipts: readonly Receipt[], options: ReceiptJsonOptions = {}): Record<string, unknown>[] {
  let logIndex = 0;
  return receipts.map((receipt, i) => {
    const json = receiptToJson(block, receipts, i, logIndex, options);
    logIndex += receipt.logs.length;
    return json;
  });
}

/**
 * The gas each transaction of a block used: its receipt's cumulative gas less the one before.
 * Right in every fork: receipts' cumulative gas is after refunds, from Amsterdam too, where the
 * header's gasUsed is before them (EIP-7778) and no longer the last receipt's (nothing here reads it).
 */
export function gasUsedOf(receipts: readonly Receipt[], index: number): bigint {
  return receipts[index]!.cumulativeGasUsed - (index === 0 ? 0n : receipts[index - 1]!.cumulativeGasUsed);
}

/** One receipt as nodes print it; `firstLogIndex` is the number of logs before it in the block. */
export function receiptToJson(
  block: VerifiedBlock,
  receipts: readonly Receipt[],
  index: number,
  firstLogIndex = receipts.slice(0, index).reduce((n, r) => n + r.logs.length, 0),
  options: ReceiptJsonOptions = {},
): Record<string, unknown> {
  const receipt = receipts[index]!;
  const { tx, hash, from } = block.transactions[index]!;
  if (from === undefined) throw new InputError('the sender was not recovered: verify the body with recoverSenders');
  const position = transactionPosition(block, index);
  const out: Record<string, unknown> = {};
  if (tx.type === 3) {
    if (options.blobGasPrice !== undefined) out.blobGasPrice = hexQuantity(options.blobGasPrice);
    out.blobGasUsed = hexQuantity(GAS_PER_BLOB * BigInt(tx.blobVersionedHashes.length));
  }
  out.blockHash = hexData(block.hash);
  out.blockNumber = hexQuantity(block.header.number);
  out.contractAddress = tx.to === null ? hexData(createAddress(from, tx.nonce)) : null;
  out.cumulativeGasUsed = hexQuantity(receipt.cumulativeGasUsed);
  out.effectiveGasPrice = hexQuantity(effectiveGasPrice(tx, block.header.baseFeePerGas));
  out.from = hexData(from);
  out.gasUsed = hexQuantity(gasUsedOf(receipts, index));
  out.logs = receipt.logs.map((log, j) =>
    logToJson(log, {
      blockHash: position.blockHash,
      blockNumber: position.blockNumber,
      blockTimestamp: position.blockTimestamp,
      transactionHash: hash,
      transactionIndex: index,
      logIndex: firstLogIndex + j,
    }),
  );
  out.logsBloom = hexData(receipt.logsBloom);
  if (receipt.root !== undefined) out.root = hexData(receipt.root);
  else out.status = hexQuantity(receipt.status ? 1 : 0);
  out.to = tx.to === null ? null : hexData(tx.to);
  out.transactionHash = hexData(hash);
  out.transactionIndex = hexQuantity(index);
  out.type = hexQuantity(tx.type);
  return out;
}
