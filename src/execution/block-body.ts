/**
 * A block body checked against a verified header: its transactions rebuild transactionsRoot
 * (each hash recomputed from its encoding, each sender recovered when asked), its withdrawals
 * rebuild withdrawalsRoot, its ommer headers hash to sha3Uncles. From these, the block object
 * in the form nodes print it.
 *
 * Left out of that object, because nothing verified vouches for them: `totalDifficulty` (nodes
 * dropped it after the merge) and, for a block whose ommers were not given, `uncles` and `size`.
 * @module
 */
import { bigIntToBytes, bytesToHex, concatBytes, equalBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aarray, aobject } from '../core/json.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { type BlockHeader, EMPTY_OMMERS_HASH, encodeHeader, headerHash, headerToJson } from './header.ts';
import { hexData, hexQuantity } from './rpc-json.ts';
import {
  encodeTransaction,
  parseRpcTransaction,
  recoverSender,
  type Transaction,
  type TransactionPosition,
  transactionToJson,
  verifyTransactionsRoot,
} from './transactions.ts';
import { encodeWithdrawal, parseRpcWithdrawals, verifyWithdrawals, type Withdrawal, withdrawalToJson } from './withdrawals.ts';

export interface VerifiedTransaction {
  tx: Transaction;
  /** EIP-2718 bytes. */
  encoded: Uint8Array;
  hash: Uint8Array;
  /** Recovered from the signature; absent when senders were not asked for. */
  from?: Uint8Array;
}

export interface VerifiedBlock {
  header: BlockHeader;
  hash: Uint8Array;
  transactions: VerifiedTransaction[];
  /** Present from Shanghai on. */
  withdrawals?: Withdrawal[];
  /** Hashes of the ommer headers; absent when they are unknown (a pre-merge block with ommers). */
  uncles?: Uint8Array[];
  /** Length of rlp(block); absent when the ommers are unknown. */
  size?: number;
}

/** A block has at most a few thousand transactions at any gas limit in sight. */
const MAX_TRANSACTIONS = 1 << 16;

export interface VerifyBodyOptions {
  /** Recover each sender (the slow part: one secp256k1 recovery per transaction). Default true. */
  recoverSenders?: boolean;
  /** Ommer headers of a pre-merge block, in order (eth_getUncleByBlockHashAndIndex). */
  ommers?: readonly BlockHeader[];
}

/**
 * Checks the body of a block object (eth_getBlockBy*(…, true)) against its verified header.
 * Nothing of the object's own claims (hashes, `from`, sizes) is used.
 * @throws VerificationError TRANSACTIONS_ROOT_MISMATCH, WITHDRAWALS_ROOT_MISMATCH,
 *   HEADER_HASH_MISMATCH (ommers), TRANSACTION_SIGNATURE_INVALID; InputError for malformed JSON.
 * @example const block = verifyBlockBody(header, hash, await rpc.callAt(url, 'eth_getBlockByNumber', [n, true]))
 */
export function verifyBlockBody(header: BlockHeader, hash: Uint8Array, body: unknown, options: VerifyBodyOptions = {}): VerifiedBlock {
  const json = aobject(body, 'block');
  const list = aarray(json.transactions, 'block.transactions', MAX_TRANSACTIONS);
  const transactions = list.map((entry, i): VerifiedTransaction => {
    if (typeof entry === 'string') throw new InputError('block.transactions holds hashes: full transactions are needed to verify them');
    const { tx } = parseRpcTransaction(entry, `block.transactions[${i}]`);
    const encoded = encodeTransaction(tx);
    return { tx, encoded, hash: keccak256(encoded) };
  });
  verifyTransactionsRoot(header.transactionsRoot, transactions.map((t) => t.encoded));
  if (options.recoverSenders ?? true) for (const t of transactions) t.from = recoverSender(t.tx);

  const block: VerifiedBlock = { header, hash, transactions };
  if (header.withdrawalsRoot !== undefined) {
    block.withdrawals = parseRpcWithdrawals(json.withdrawals);
    verifyWithdrawals(header.withdrawalsRoot, block.withdrawals);
  }
  const ommers = equalBytes(header.sha3Uncles, EMPTY_OMMERS_HASH) ? [] : options.ommers;
  if (ommers !== undefined) {
    block.uncles = verifyOmmers(header, ommers);
    block.size = blockSize(block, ommers);
  }
  return block;
}

/** Throws HEADER_HASH_MISMATCH unless the ommer headers hash to the header's sha3Uncles; returns their hashes. */
export function verifyOmmers(header: BlockHeader, ommers: readonly BlockHeader[]): Uint8Array[] {
  const got = keccak256(listOfEncoded(ommers.map(encodeHeader)));
  if (!equalBytes(got, header.sha3Uncles)) {
    throw new VerificationError('HEADER_HASH_MISMATCH', 'the ommer headers do not hash to sha3Uncles', {
      expected: bytesToHex(header.sha3Uncles),
      got: bytesToHex(got),
    });
  }
  return ommers.map(headerHash);
}

/**
 * The length of rlp([header, transactions, ommers, withdrawals?]), the block's `size`: typed
 * transactions sit in the list as byte strings, legacy ones as the list they are.
 */
function blockSize(block: VerifiedBlock, ommers: readonly BlockHeader[]): number {
  const txs = block.transactions.reduce((n, t) => n + (t.tx.type === 0 ? t.encoded.length : stringLength(t.encoded)), 0);
  let payload = encodeHeader(block.header).length + listLength(txs) + listLength(ommers.reduce((n, o) => n + encodeHeader(o).length, 0));
  if (block.withdrawals) payload += listLength(block.withdrawals.reduce((n, w) => n + encodeWithdrawal(w).length, 0));
  return listLength(payload);
}

/** Length of an RLP item whose payload is `n` bytes (strings of 2+ bytes and lists share the rule). */
const listLength = (n: number): number => (n < 56 ? 1 + n : 1 + bigIntToBytes(n).length + n);
const stringLength = (b: Uint8Array): number => (b.length === 1 && b[0]! < 0x80 ? 1 : listLength(b.length));

/** rlp of a list whose items are already encoded. */
function listOfEncoded(items: readonly Uint8Array[]): Uint8Array {
  const payload = concatBytes(...items);
  const length = payload.length < 56 ? Uint8Array.of(0xc0 + payload.length) : concatBytes(Uint8Array.of(0xf7 + bigIntToBytes(payload.length).length), bigIntToBytes(payload.length));
  return concatBytes(length, payload);
}

/**
 * The block object as nodes print it: the header, `size` and `uncles` when known, the
 * transactions (hashes, or full objects when `fullTransactions`), the withdrawals from Shanghai on.
 */
export function blockToJson(block: VerifiedBlock, fullTransactions: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = headerToJson(block.header, block.hash);
  if (block.size !== undefined) out.size = hexQuantity(block.size);
  if (block.uncles !== undefined) out.uncles = block.uncles.map(hexData);
  out.transactions = block.transactions.map((t, i) => (fullTransactions ? blockTransactionToJson(block, i) : hexData(t.hash)));
  if (block.withdrawals !== undefined) out.withdrawals = block.withdrawals.map(withdrawalToJson);
  return out;
}

/** Where the block's transaction `index` sits. */
export function transactionPosition(block: VerifiedBlock, index: number): TransactionPosition {
  return {
    blockHash: block.hash,
    blockNumber: block.header.number,
    blockTimestamp: block.header.timestamp,
    transactionIndex: index,
    baseFeePerGas: block.header.baseFeePerGas,
  };
}

/** The block's transaction `index` as nodes print it; its sender must have been recovered. */
export function blockTransactionToJson(block: VerifiedBlock, index: number): Record<string, unknown> {
  const t = block.transactions[index];
  if (t === undefined) throw new InputError(`transaction index ${index} is past the block's ${block.transactions.length} transactions`);
  if (t.from === undefined) throw new InputError('the sender was not recovered: verify the body with recoverSenders');
  return transactionToJson(t.tx, t.hash, t.from, transactionPosition(block, index));
}
