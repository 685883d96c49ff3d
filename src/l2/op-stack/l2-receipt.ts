/**
 * An OP Stack L2 transaction's receipt proven against an L2 block hash that L1 holds: the block
 * hash an output root commits (output root = keccak256(version ‖ stateRoot ‖
 * messagePasserStorageRoot ‖ blockHash): specs proposals.md "L2 Output Commitment Construction"),
 * and, for an older block, its hash in the EIP-2935 block-hash history that state keeps (Isthmus
 * activates it on OP Stack chains: specs isthmus/overview.md; EIP-2935: the system contract at
 * 0x0000F908…2935 stores block n − 1's hash in slot (n − 1) mod 8191 as block n starts), hop by hop
 * through the headers of older blocks. The block's transactions and receipts (the L2 RPC's JSON,
 * deposits of type 0x7e among them: specs deposits.md "The Deposited Transaction Type" and
 * "Deposit Receipt"; op-geth core/types/deposit_tx.go, receipt.go depositReceiptRLP) must rebuild
 * its transactionsRoot and receiptsRoot, and the transaction asked for is found by its hash there.
 * What the L2 RPC says is used only once it hashes to what L1 holds. Pure.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, equalBytes, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { aarray, aobject } from '../../core/json.ts';
import { encodeRlp } from '../../core/rlp.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { type BlockHeader, headerHash, parseRpcHeader } from '../../execution/header.ts';
import { HISTORY_SERVE_WINDOW, HISTORY_STORAGE_ADDRESS } from '../../execution/next-block/system-contracts.ts';
import { encodeRawTransaction, verifyTransactionsRoot } from '../../execution/transactions.ts';
import { encodeReceipt, type Log, parseRpcReceipt, receiptFields, type RpcReceipt } from '../../proofs/receipts.ts';
import { orderedTrieRoot } from '../../proofs/trie-root.ts';
import { verifyEvmAccount } from '../evm-account.ts';
import { storageKey } from '../slots.ts';
import { DEPOSIT_TX_TYPE, encodeDepositTx } from './bridge.ts';

/** Hops through the history a proof may take (each 8191 blocks: about 9.5 days of 2-second blocks in all). */
export const MAX_HISTORY_HOPS = 50;
/** A block's transactions and receipts bounded before they are parsed. */
const MAX_BLOCK_TRANSACTIONS = 20_000;

/** A block whose hash L1 holds (through an output root) and the state root that hash commits. */
export interface ProvenL2Block {
  number: bigint;
  hash: Uint8Array;
  stateRoot: Uint8Array;
}

/** A request to the L2 RPC, by the key its answer comes back under. */
export interface L2Ask {
  key: string;
  method: string;
  params: unknown[];
}

/**
 * The blocks whose history a proof of block `target`'s hash reads from `top` down: `top`, then
 * every 8191 blocks below it while the target is further below than the history reaches.
 * @throws InputError when the target is above `top` or more than MAX_HISTORY_HOPS hops below.
 */
export function historyHops(top: bigint, target: bigint): bigint[] {
  if (target > top) throw new InputError(`L2 block ${target} is above block ${top}: its hash is not in that block's history`);
  const hops: bigint[] = [];
  for (let at = top; at > target; at -= HISTORY_SERVE_WINDOW) {
    hops.push(at);
    if (at - target <= HISTORY_SERVE_WINDOW) break;
    if (hops.length >= MAX_HISTORY_HOPS) throw new InputError(`L2 block ${target} is more than ${MAX_HISTORY_HOPS} × ${HISTORY_SERVE_WINDOW} blocks below block ${top}`);
  }
  return hops;
}

/** The history contract's storage key that holds block `n`'s hash. */
export function historyKey(n: bigint): string {
  return storageKey({ slot: n % HISTORY_SERVE_WINDOW });
}

const keyOf = {
  history: (at: bigint, target: bigint) => `op-l2:history:${at}:${target}`,
  header: (n: bigint) => `op-l2:header:${n}`,
  block: (n: bigint) => `op-l2:block:${n}`,
  receipts: (n: bigint) => `op-l2:receipts:${n}`,
};

/**
 * What proving the receipt of a transaction in block `target` below `top` asks the L2 RPC: the
 * history proofs of each hop, the headers of the hops below `top`, and the target block with its
 * full transactions and its receipts.
 */
export function receiptRequests(top: bigint, target: bigint): L2Ask[] {
  const asks: L2Ask[] = [];
  const hops = historyHops(top, target);
  hops.forEach((at, i) => {
    const next = i + 1 < hops.length ? hops[i + 1]! : target;
    asks.push({ key: keyOf.history(at, next), method: 'eth_getProof', params: [HISTORY_STORAGE_ADDRESS, [historyKey(next)], bigIntToHex(at)] });
    if (i + 1 < hops.length) asks.push({ key: keyOf.header(next), method: 'eth_getBlockByNumber', params: [bigIntToHex(next), false] });
  });
  asks.push({ key: keyOf.block(target), method: 'eth_getBlockByNumber', params: [bigIntToHex(target), true] });
  asks.push({ key: keyOf.receipts(target), method: 'eth_getBlockReceipts', params: [bigIntToHex(target)] });
  return asks;
}

/** A header the L2 RPC gave, checked to hash to `hash`. @throws VerificationError L2_HEADER_MISMATCH */
function headerOf(json: unknown, number: bigint, hash: Uint8Array): BlockHeader {
  const { header } = parseRpcHeader(json, `L2 block ${number}`);
  const got = headerHash(header);
  if (header.number !== number || !equalBytes(got, hash)) {
    throw new VerificationError('L2_HEADER_MISMATCH', `the L2 RPC's header of block ${number} is not the block L1 holds`, { expected: bytesToHex(hash), got: bytesToHex(got) });
  }
  return header;
}

/** Block `target`'s hash as the history in the state after block `at` (root `stateRoot`) holds it, proven. */
function historyHash(stateRoot: Uint8Array, at: bigint, target: bigint, proof: unknown): Uint8Array {
  const key = historyKey(target);
  const account = verifyEvmAccount(bytesToBigInt(stateRoot), proof, { address: HISTORY_STORAGE_ADDRESS, storageKeys: [key] });
  const word = account.storage[0]!.value;
  if (word === 0n) throw new VerificationError('OP_HEADER_MISMATCH', `the block-hash history of L2 block ${at} holds no hash for block ${target} (no EIP-2935 history: a chain before Isthmus?)`);
  return bigIntToBytesPadded(word, 32);
}

/**
 * The L2 block `target`'s header, linked to `top` (whose hash L1 holds) through the block-hash
 * history: undefined while an answer is missing.
 * @throws VerificationError when an answer does not hash to what is proven; InputError for a malformed one.
 */
export function linkedHeader(top: ProvenL2Block, target: bigint, answers: ReadonlyMap<string, unknown>): BlockHeader | undefined {
  let at = top;
  for (const hop of historyHops(top.number, target).slice(1)) {
    const proof = answers.get(keyOf.history(at.number, hop));
    const json = answers.get(keyOf.header(hop));
    if (proof === undefined || json === undefined) return undefined;
    const header = headerOf(json, hop, historyHash(at.stateRoot, at.number, hop, proof));
    at = { number: hop, hash: headerHash(header), stateRoot: header.stateRoot };
  }
  const block = answers.get(keyOf.block(target));
  if (block === undefined) return undefined;
  if (at.number === target) return headerOf(block, target, at.hash);
  const proof = answers.get(keyOf.history(at.number, target));
  if (proof === undefined) return undefined;
  return headerOf(block, target, historyHash(at.stateRoot, at.number, target, proof));
}

/** A transaction of an OP Stack block as its trie holds it: a deposit's own encoding, else Ethereum's. */
export function opTransactionBytes(value: unknown, title = 'transaction'): Uint8Array {
  const json = aobject(value, title);
  if (json.type === undefined || json.type === null || hexToBigInt(json.type, `${title}.type`) !== BigInt(DEPOSIT_TX_TYPE)) return encodeRawTransaction(json);
  const word = (k: string) => hexToBytes(json[k], 32, `${title}.${k}`);
  const quantity = (k: string, absent?: bigint) => (absent !== undefined && (json[k] === undefined || json[k] === null) ? absent : hexToBigInt(json[k], `${title}.${k}`));
  const system = json.isSystemTx;
  if (system !== undefined && system !== null && typeof system !== 'boolean') throw new InputError(`"${title}.isSystemTx" expected a boolean`);
  return encodeDepositTx({
    sourceHash: word('sourceHash'),
    from: hexToBytes(json.from, 20, `${title}.from`),
    to: json.to === undefined || json.to === null ? undefined : hexToBytes(json.to, 20, `${title}.to`),
    mint: quantity('mint', 0n),
    value: quantity('value'),
    gas: quantity('gas'),
    isSystemTx: system === true,
    data: hexToBytes(json.input, undefined, `${title}.input`),
  });
}

/** A receipt of an OP Stack block as the L2 RPC gave it, parsed, and as its trie holds it. */
interface OpReceipt {
  receipt: RpcReceipt;
  encoded: Uint8Array;
}

/** A receipt of an OP Stack block, parsed and encoded: a deposit's with its depositNonce and version (when given), else Ethereum's. */
function parseOpReceipt(value: unknown, title: string): OpReceipt {
  const json = aobject(value, title);
  const receipt = parseRpcReceipt(json, title);
  if (receipt.type !== DEPOSIT_TX_TYPE) return { receipt, encoded: encodeReceipt(receipt) };
  // The Ethereum fields as a typed receipt has them; then Regolith's depositNonce and Canyon's version.
  if (receipt.status === undefined) throw new InputError(`"${title}.status" expected 0x0 or 0x1`);
  const extra: bigint[] = [];
  if (json.depositNonce !== undefined && json.depositNonce !== null) extra.push(hexToBigInt(json.depositNonce, `${title}.depositNonce`));
  if (json.depositReceiptVersion !== undefined && json.depositReceiptVersion !== null) {
    if (extra.length === 0) throw new InputError(`"${title}.depositReceiptVersion" without a depositNonce`);
    extra.push(hexToBigInt(json.depositReceiptVersion, `${title}.depositReceiptVersion`));
  }
  return { receipt, encoded: concatBytes(Uint8Array.of(DEPOSIT_TX_TYPE), encodeRlp([...receiptFields(receipt), ...extra])) };
}

/** A receipt of an OP Stack block as its trie holds it (see parseOpReceipt). */
export function opReceiptBytes(value: unknown, title = 'receipt'): Uint8Array {
  return parseOpReceipt(value, title).encoded;
}

/** The proven outcome of a transaction in an L2 block: its index, status and logs. */
export interface ProvenL2Receipt {
  index: number;
  status: boolean;
  logs: Log[];
}

/**
 * The receipt of transaction `txHash` in the block of `header`: the block's transactions and
 * receipts (the L2 RPC's) must rebuild its roots; undefined when no transaction of the block has
 * that hash (it is not in this block).
 * @throws VerificationError TRANSACTIONS_ROOT_MISMATCH, RECEIPTS_ROOT_MISMATCH; InputError for malformed JSON.
 */
export function receiptIn(header: BlockHeader, block: unknown, receipts: unknown, txHash: string): ProvenL2Receipt | undefined {
  const txs = aarray(aobject(block, 'block').transactions, 'block.transactions', MAX_BLOCK_TRANSACTIONS);
  const rs = aarray(receipts, 'receipts', MAX_BLOCK_TRANSACTIONS);
  const rawTxs = txs.map((t, i) => opTransactionBytes(t, `transactions[${i}]`));
  verifyTransactionsRoot(header.transactionsRoot, rawTxs);
  const parsed = rs.map((r, i) => parseOpReceipt(r, `receipts[${i}]`));
  const receiptRoot = orderedTrieRoot(parsed.map((r) => r.encoded));
  if (parsed.length !== rawTxs.length || !equalBytes(receiptRoot, header.receiptsRoot)) {
    throw new VerificationError('RECEIPTS_ROOT_MISMATCH', `the L2 RPC's receipts of block ${header.number} do not rebuild its receiptsRoot`, { expected: bytesToHex(header.receiptsRoot), got: bytesToHex(receiptRoot) });
  }
  const want = hexToBytes(txHash, 32, 'txHash');
  const index = rawTxs.findIndex((raw) => equalBytes(keccak256(raw), want));
  if (index < 0) return undefined;
  const { receipt } = parsed[index]!;
  return { index, status: receipt.status === true, logs: receipt.logs };
}

/**
 * The receipt of transaction `txHash` in L2 block `target`, proven from the answers to
 * {@link receiptRequests}(`top.number`, `target`): the block linked to `top` through the history,
 * its transactions and receipts rebuilding its roots. Undefined when the block does not hold it.
 * @throws InputError when an answer is absent or malformed; VerificationError when one does not hash to what is proven.
 */
export function provenReceipt(top: ProvenL2Block, target: bigint, answers: ReadonlyMap<string, unknown>, txHash: string): ProvenL2Receipt | undefined {
  const header = linkedHeader(top, target, answers);
  if (header === undefined) throw new InputError(`no L2 block ${target} or block-hash proof was returned`);
  return receiptIn(header, answers.get(keyOf.block(target)), answers.get(keyOf.receipts(target)), txHash);
}
