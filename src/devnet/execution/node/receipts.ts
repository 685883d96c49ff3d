/**
 * What the devnet chain keeps beside each block it builds: the receipts as the builder made them
 * (with what the JSON-RPC receipt prints besides: sender, created contract, effective gas price,
 * blob gas), the block access list (Amsterdam) and the blob sidecars of its blob transactions.
 * @module
 */
import type { Block } from '@ethereumjs/block';
import type { RunTxResult } from '@ethereumjs/vm';
import { hexToBytes } from '../../../core/bytes.ts';
import type { AccountAccessJson } from './bal-json.ts';
import type { BlobSidecar, PoolEntry } from './pool.ts';
import type { StoredReceipt } from './types.ts';

export interface BlockRecord {
  block: Block;
  receipts: StoredReceipt[];
  /** eth_getBlockAccessList's answer (Amsterdam on). */
  accessList?: AccountAccessJson[];
  /** Per transaction, its blob sidecar when it is a blob transaction. */
  sidecars: (BlobSidecar | undefined)[];
}

/** The record of a block built from `included` (the pool entries in block order and what running them gave). */
export function blockRecord(block: Block, included: readonly { entry: PoolEntry; result: RunTxResult }[], accessList: AccountAccessJson[] | undefined): BlockRecord {
  const baseFee = block.header.baseFeePerGas ?? 0n;
  const receipts = included.map(({ entry, result }): StoredReceipt => {
    const { receipt } = result;
    const tx = entry.tx;
    const effectiveGasPrice = 'maxFeePerGas' in tx ? baseFee + tx.getEffectivePriorityFee(baseFee) : tx.gasPrice;
    const blob = 'blobGasUsed' in receipt ? { blobGasUsed: receipt.blobGasUsed, blobGasPrice: receipt.blobGasPrice } : {};
    return {
      status: 'status' in receipt ? receipt.status : 1,
      cumulativeGasUsed: receipt.cumulativeBlockGasUsed,
      gasUsed: result.totalGasSpent,
      logs: receipt.logs.map(([address, topics, data]) => ({ address, topics, data })),
      logsBloom: receipt.bitvector,
      from: hexToBytes(entry.sender),
      ...(result.createdAddress !== undefined ? { contractAddress: result.createdAddress.bytes } : {}),
      effectiveGasPrice,
      ...blob,
    };
  });
  return { block, receipts, ...(accessList !== undefined ? { accessList } : {}), sidecars: included.map(({ entry }) => entry.sidecar) };
}
