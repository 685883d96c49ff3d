/**
 * Transaction receipts: their consensus encoding for every transaction type (EIP-2718
 * envelopes: legacy, 2930, 1559, 4844, 7702) and the check of a block's receipts against
 * its header's receiptsRoot.
 * @module
 */
import { bytesToHex, concatBytes, describe, equalBytes, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { encodeRlp, type RlpInput } from '../core/rlp.ts';
import { aarray, aobject } from '../core/json.ts';
import { orderedTrieRoot } from './trie-root.ts';

/** Transaction types whose receipts Vigil encodes: legacy, EIP-2930, -1559, -4844, -7702. */
export const RECEIPT_TYPES = [0, 1, 2, 3, 4] as const;

export interface Log {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
}

export interface Receipt {
  type: number;
  /** Post-Byzantium outcome (EIP-658); absent when `root` is given. */
  status?: boolean;
  /** Pre-Byzantium intermediate state root. */
  root?: Uint8Array;
  cumulativeGasUsed: bigint;
  logsBloom: Uint8Array;
  logs: Log[];
}

/** The receipt as it is stored in the receipts trie: rlp(payload), or type ‖ rlp(payload). */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  if (!(RECEIPT_TYPES as readonly number[]).includes(receipt.type)) {
    throw new InputError(`receipt type expected one of ${RECEIPT_TYPES.join(', ')}, got ${receipt.type}`);
  }
  const payload = encodeRlp(receiptFields(receipt));
  return receipt.type === 0 ? payload : concatBytes(Uint8Array.of(receipt.type), payload);
}

/**
 * A receipt's payload fields, [outcome, cumulativeGasUsed, logsBloom, logs] (whatever its type:
 * a rollup's own receipt types append fields to these).
 */
export function receiptFields(receipt: Omit<Receipt, 'type'>): RlpInput[] {
  let outcome: RlpInput;
  if (receipt.root !== undefined) outcome = receipt.root;
  else if (receipt.status !== undefined) outcome = receipt.status ? 1 : 0;
  else throw new InputError('receipt has neither status nor root');
  return [outcome, receipt.cumulativeGasUsed, receipt.logsBloom, receipt.logs.map((log) => [log.address, log.topics, log.data])];
}

export function receiptsRoot(receipts: readonly Receipt[]): Uint8Array {
  return orderedTrieRoot(receipts.map(encodeReceipt));
}

/** Throws RECEIPTS_ROOT_MISMATCH unless `receipts`, in order, rebuild `expectedRoot`. */
export function verifyReceipts(expectedRoot: Uint8Array, receipts: readonly Receipt[]): Uint8Array {
  const root = receiptsRoot(receipts);
  if (!equalBytes(root, expectedRoot)) {
    throw new VerificationError('RECEIPTS_ROOT_MISMATCH', 'receipts do not rebuild the block receiptsRoot', {
      expected: bytesToHex(expectedRoot),
      got: bytesToHex(root),
    });
  }
  return root;
}

/** A receipt as JSON-RPC returns it (eth_getTransactionReceipt, eth_getBlockReceipts). */
export interface RpcReceipt extends Receipt {
  /** From `transactionIndex`, when present. */
  transactionIndex?: number;
  /** From `blockHash`, when present. */
  blockHash?: Uint8Array;
}

export function parseRpcReceipt(value: unknown, title = 'receipt'): RpcReceipt {
  const json = aobject(value, title);
  const type = json.type === undefined || json.type === null ? 0 : Number(hexToBigInt(json.type, `${title}.type`));
  const logs = aarray(json.logs, `${title}.logs`);
  const receipt: RpcReceipt = {
    type,
    cumulativeGasUsed: hexToBigInt(json.cumulativeGasUsed, `${title}.cumulativeGasUsed`),
    logsBloom: hexToBytes(json.logsBloom, 256, `${title}.logsBloom`),
    logs: logs.map((log, i) => {
      const t = `${title}.logs[${i}]`;
      const obj = aobject(log, t);
      return {
        address: hexToBytes(obj.address, 20, `${t}.address`),
        topics: aarray(obj.topics, `${t}.topics`, 4).map((topic, j) => hexToBytes(topic, 32, `${t}.topics[${j}]`)),
        data: hexToBytes(obj.data, undefined, `${t}.data`),
      };
    }),
  };
  if (json.status !== undefined && json.status !== null) {
    const status = hexToBigInt(json.status, `${title}.status`);
    if (status > 1n) throw new InputError(`"${title}.status" expected 0x0 or 0x1, got ${describe(json.status)}`);
    receipt.status = status === 1n;
  } else if (json.root !== undefined && json.root !== null) {
    receipt.root = hexToBytes(json.root, 32, `${title}.root`);
  } else {
    throw new InputError(`"${title}" has neither status nor root`);
  }
  if (json.transactionIndex !== undefined && json.transactionIndex !== null) {
    receipt.transactionIndex = Number(hexToBigInt(json.transactionIndex, `${title}.transactionIndex`));
  }
  if (json.blockHash !== undefined && json.blockHash !== null) {
    receipt.blockHash = hexToBytes(json.blockHash, 32, `${title}.blockHash`);
  }
  return receipt;
}
