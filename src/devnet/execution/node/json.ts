/**
 * The node's blocks, transactions, receipts and logs in the JSON-RPC shape. An @ethereumjs block
 * is turned into the form Vigil's own printers take (src/execution: block-body.ts, transactions.ts,
 * block-receipts.ts, logs.ts, the shapes go-ethereum prints and Vigil's provider answers with), so
 * the devnet and the wallet print blocks one way. What a verified block lacks is the node's to
 * add: `size`, `uncles`, `totalDifficulty`, and receipt fields the chain knows better than a
 * derivation from consensus fields (gas paid after EIP-7778's refund split, blob gas price).
 * @module
 */
import type { Block, BlockHeader as EjsHeader } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { hexData, hexQuantity } from '../../../execution/rpc-json.ts';
import { blockToJson, transactionPosition, type VerifiedBlock } from '../../../execution/block-body.ts';
import { receiptToJson } from '../../../execution/block-receipts.ts';
import type { BlockHeader } from '../../../execution/header.ts';
import { logToJson } from '../../../execution/logs.ts';
import { decodeTransaction, transactionToJson } from '../../../execution/transactions.ts';
import type { Receipt } from '../../../proofs/receipts.ts';
import type { StoredLog, StoredReceipt } from './types.ts';

/** An @ethereumjs header as Vigil's BlockHeader (JSON-RPC names; fork fields only when present). */
export function headerOf(h: EjsHeader): BlockHeader {
  const header: BlockHeader = {
    parentHash: h.parentHash,
    sha3Uncles: h.uncleHash,
    miner: h.coinbase.bytes,
    stateRoot: h.stateRoot,
    transactionsRoot: h.transactionsTrie,
    receiptsRoot: h.receiptTrie,
    logsBloom: h.logsBloom,
    difficulty: h.difficulty,
    number: h.number,
    gasLimit: h.gasLimit,
    gasUsed: h.gasUsed,
    timestamp: h.timestamp,
    extraData: h.extraData,
    mixHash: h.mixHash,
    nonce: h.nonce,
  };
  const optional = {
    baseFeePerGas: h.baseFeePerGas,
    withdrawalsRoot: h.withdrawalsRoot,
    blobGasUsed: h.blobGasUsed,
    excessBlobGas: h.excessBlobGas,
    parentBeaconBlockRoot: h.parentBeaconBlockRoot,
    requestsHash: h.requestsHash,
    blockAccessListHash: h.blockAccessListHash,
    slotNumber: h.slotNumber,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (header as unknown as Record<string, unknown>)[key] = value;
  return header;
}

/**
 * The block as Vigil's printers take it. Senders come from the stored receipts (recovered once,
 * when the block was built); `receipts` undefined recovers them from the signatures.
 */
export function verifiedBlockOf(block: Block, receipts: readonly StoredReceipt[] | undefined): VerifiedBlock {
  const encoded = block.transactions.map((tx) => tx.serialize());
  return {
    header: headerOf(block.header),
    hash: block.hash(),
    transactions: block.transactions.map((tx, i) => ({
      tx: decodeTransaction(encoded[i]!),
      encoded: encoded[i]!,
      hash: tx.hash(),
      from: receipts?.[i]?.from ?? tx.getSenderAddress().bytes,
    })),
    ...(block.withdrawals !== undefined
      ? { withdrawals: block.withdrawals.map((w) => ({ index: w.index, validatorIndex: w.validatorIndex, address: w.address.bytes, amount: w.amount })) }
      : {}),
    uncles: [],
    size: block.serialize().length,
  };
}

/**
 * eth_getBlockBy*: the header's every field, `size`, `uncles`, `totalDifficulty` (0: every
 * devnet block is post-merge with difficulty 0, as its genesis), the transactions as hashes or
 * full objects, the withdrawals.
 */
export function blockJson(block: Block, receipts: readonly StoredReceipt[] | undefined, fullTransactions: boolean): Record<string, unknown> {
  const json = blockToJson(verifiedBlockOf(block, receipts), fullTransactions);
  return { ...json, totalDifficulty: '0x0' };
}

/** A transaction of a block (`index`), as eth_getTransactionBy* print it. */
export function blockTransactionJson(verified: VerifiedBlock, index: number): Record<string, unknown> {
  const t = verified.transactions[index]!;
  return transactionToJson(t.tx, t.hash, t.from!, transactionPosition(verified, index));
}

/** A transaction waiting in the pool: no block, and its fee cap as `gasPrice` (as go-ethereum prints it). */
export function pendingTransactionJson(tx: TypedTransaction): Record<string, unknown> {
  return transactionToJson(decodeTransaction(tx.serialize()), tx.hash(), tx.getSenderAddress().bytes);
}

/** The consensus part of a stored receipt, as Vigil's receipt printer takes it. */
function consensusReceipt(type: number, r: StoredReceipt): Receipt {
  return { type, status: r.status === 1, cumulativeGasUsed: r.cumulativeGasUsed, logsBloom: r.logsBloom, logs: r.logs };
}

/** Every receipt of a block, as eth_getBlockReceipts prints them. */
export function receiptsJson(verified: VerifiedBlock, stored: readonly StoredReceipt[]): Record<string, unknown>[] {
  const receipts = stored.map((r, i) => consensusReceipt(verified.transactions[i]!.tx.type, r));
  let logIndex = 0;
  return stored.map((r, i) => {
    const json = receiptToJson(verified, receipts, i, logIndex, r.blobGasPrice === undefined ? {} : { blobGasPrice: r.blobGasPrice });
    logIndex += r.logs.length;
    // The chain's own numbers: gas paid (after refunds, EIP-7778 at Amsterdam keeps it apart from
    // the block's gas), the price it paid at, the address it created.
    json.gasUsed = hexQuantity(r.gasUsed);
    json.effectiveGasPrice = hexQuantity(r.effectiveGasPrice);
    json.contractAddress = r.contractAddress === undefined ? null : hexData(r.contractAddress);
    if (r.blobGasUsed !== undefined) json.blobGasUsed = hexQuantity(r.blobGasUsed);
    return json;
  });
}

/** A log with its place in the block, printed only if a filter keeps it. */
export interface PlacedLog {
  log: StoredLog;
  json: () => Record<string, unknown>;
}

/** The logs of a block, in block order, for eth_getLogs to filter. */
export function blockLogs(block: Block, stored: readonly StoredReceipt[]): PlacedLog[] {
  const out: PlacedLog[] = [];
  const blockHash = block.hash();
  stored.forEach((receipt, i) => {
    const transactionHash = block.transactions[i]!.hash();
    for (const log of receipt.logs) {
      const at = { blockHash, blockNumber: block.header.number, blockTimestamp: block.header.timestamp, transactionHash, transactionIndex: i, logIndex: out.length };
      out.push({ log, json: () => logToJson(log, at) });
    }
  });
  return out;
}
