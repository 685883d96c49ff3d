/**
 * Transactions of types 0–4: legacy (with and without EIP-155), EIP-2930 access lists, EIP-1559
 * fees, EIP-4844 blobs (the block form, without sidecar) and EIP-7702 set-code authorizations.
 * Each one is read from the JSON-RPC object a node returns or from its EIP-2718 bytes, encoded
 * canonically, hashed, and its sender recovered with secp256k1 from the signature over its
 * signing hash: a node's `from` is never taken on trust.
 *
 * Field names follow the JSON-RPC spec (`gas`, `input`), so that JSON maps one to one.
 * @module
 */
import { bytesToHex, concatBytes, equalBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aarray, aobject } from '../core/json.ts';
import { decodeRlp, encodeRlp, type RlpInput, type RlpItem, rlpBytes, rlpList, rlpScalar } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { orderedTrieRoot } from '../proofs/trie-root.ts';
import { data, dataValue, hexData, hexQuantity, type Json, optionalData, optionalQuantity, quantity } from './rpc-json.ts';
import { SECP256K1_N, secp256k1Recover } from '../crypto/secp256k1.ts';

export type TransactionType = 0 | 1 | 2 | 3 | 4;

export interface AccessListEntry {
  address: Uint8Array;
  storageKeys: Uint8Array[];
}

/** An EIP-7702 authorization tuple. Its signature is the authority's, checked by the EVM, not here. */
export interface Authorization {
  chainId: bigint;
  address: Uint8Array;
  nonce: bigint;
  /** uint8: EIP-7702 leaves a bad value to the EVM (the tuple is skipped), not to block validity. */
  yParity: number;
  r: bigint;
  s: bigint;
}

interface Common {
  nonce: bigint;
  gas: bigint;
  /** null: contract creation (types 0–2 only). */
  to: Uint8Array | null;
  value: bigint;
  input: Uint8Array;
  r: bigint;
  s: bigint;
}

export interface LegacyTransaction extends Common {
  type: 0;
  gasPrice: bigint;
  /** 27/28 unprotected, or chainId·2 + 35/36 (EIP-155). */
  v: bigint;
}

export interface AccessListTransaction extends Common {
  type: 1;
  chainId: bigint;
  gasPrice: bigint;
  accessList: AccessListEntry[];
  yParity: number;
}

export interface DynamicFeeTransaction extends Common {
  type: 2;
  chainId: bigint;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  accessList: AccessListEntry[];
  yParity: number;
}

export interface BlobTransaction extends Omit<DynamicFeeTransaction, 'type' | 'to'> {
  type: 3;
  to: Uint8Array;
  maxFeePerBlobGas: bigint;
  blobVersionedHashes: Uint8Array[];
}

export interface SetCodeTransaction extends Omit<DynamicFeeTransaction, 'type' | 'to'> {
  type: 4;
  to: Uint8Array;
  authorizationList: Authorization[];
}

export type Transaction = LegacyTransaction | AccessListTransaction | DynamicFeeTransaction | BlobTransaction | SetCodeTransaction;

/** What a node's JSON says about where and from whom a transaction is: claims, checked by callers. */
export interface TransactionClaims {
  hash?: Uint8Array;
  from?: Uint8Array;
  blockHash?: Uint8Array;
  blockNumber?: bigint;
  transactionIndex?: number;
}

/** Bounds on server data, before anything is parsed (a block's gas limit bounds them anyway). */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;
const MAX_LIST = 1 << 16;

// ---------------------------------------------------------------------------------------------
// JSON-RPC form

/**
 * Reads a transaction object (eth_getTransactionByHash, a block's full transactions).
 * Typed transactions carry y-parity as `yParity`; older servers give only `v`; when both come
 * they must agree. Unknown extra fields are ignored: nothing here is passed through.
 * @throws InputError for a missing or malformed field or an unknown type.
 */
export function parseRpcTransaction(value: unknown, title = 'transaction'): { tx: Transaction; claims: TransactionClaims } {
  const json = aobject(value, title);
  const typeValue = json.type === undefined || json.type === null ? 0n : quantity(json, 'type', title, 8);
  if (typeValue > 4n) throw new InputError(`"${title}.type": transaction type ${typeValue} is not one of 0 to 4`);
  const type = Number(typeValue) as TransactionType;
  const common = {
    nonce: quantity(json, 'nonce', title, 64),
    gas: quantity(json, 'gas', title, 64),
    to: json.to === undefined || json.to === null ? null : data(json, 'to', title, 20),
    value: quantity(json, 'value', title),
    input: data(json, 'input', title, undefined, MAX_INPUT_BYTES),
    r: quantity(json, 'r', title),
    s: quantity(json, 's', title),
  };
  let tx: Transaction;
  if (type === 0) {
    tx = { type, ...common, gasPrice: quantity(json, 'gasPrice', title), v: quantity(json, 'v', title) };
  } else {
    const typed = { ...common, chainId: quantity(json, 'chainId', title), accessList: accessListJson(json.accessList, `${title}.accessList`), yParity: yParityJson(json, title) };
    if (type === 1) tx = { type, ...typed, gasPrice: quantity(json, 'gasPrice', title) };
    else {
      const fees = { ...typed, maxPriorityFeePerGas: quantity(json, 'maxPriorityFeePerGas', title), maxFeePerGas: quantity(json, 'maxFeePerGas', title) };
      if (type === 2) tx = { type, ...fees };
      else {
        const to = requireTo(fees.to, type, title);
        if (type === 3) {
          tx = {
            type,
            ...fees,
            to,
            maxFeePerBlobGas: quantity(json, 'maxFeePerBlobGas', title),
            blobVersionedHashes: aarray(json.blobVersionedHashes, `${title}.blobVersionedHashes`, MAX_LIST).map((h, i) => dataValue(h, `${title}.blobVersionedHashes[${i}]`, 32)),
          };
        } else {
          tx = { type, ...fees, to, authorizationList: aarray(json.authorizationList, `${title}.authorizationList`, MAX_LIST).map((a, i) => authorizationJson(a, `${title}.authorizationList[${i}]`)) };
        }
      }
    }
  }
  const claims: TransactionClaims = {};
  const hash = optionalData(json, 'hash', title, 32);
  if (hash) claims.hash = hash;
  const from = optionalData(json, 'from', title, 20);
  if (from) claims.from = from;
  const blockHash = optionalData(json, 'blockHash', title, 32);
  if (blockHash) claims.blockHash = blockHash;
  const blockNumber = optionalQuantity(json, 'blockNumber', title, 64);
  if (blockNumber !== undefined) claims.blockNumber = blockNumber;
  const index = optionalQuantity(json, 'transactionIndex', title, 32);
  if (index !== undefined) claims.transactionIndex = Number(index);
  return { tx, claims };
}

function requireTo(to: Uint8Array | null, type: number, title: string): Uint8Array {
  if (to === null) throw new InputError(`"${title}.to" is required for a type-${type} transaction`);
  return to;
}

/** Missing counts as empty: the hash check catches any difference it could make. */
function accessListJson(value: unknown, title: string): AccessListEntry[] {
  if (value === undefined || value === null) return [];
  return aarray(value, title, MAX_LIST).map((entry, i) => {
    const obj = aobject(entry, `${title}[${i}]`);
    return {
      address: data(obj, 'address', `${title}[${i}]`, 20),
      storageKeys: aarray(obj.storageKeys, `${title}[${i}].storageKeys`, MAX_LIST).map((k, j) => dataValue(k, `${title}[${i}].storageKeys[${j}]`, 32)),
    };
  });
}

function yParityJson(json: Json, title: string): number {
  const y = json.yParity === undefined || json.yParity === null ? undefined : quantity(json, 'yParity', title, 8);
  const v = json.v === undefined || json.v === null ? undefined : quantity(json, 'v', title);
  if (y !== undefined && v !== undefined && y !== v) throw new InputError(`"${title}.yParity" and "${title}.v" disagree`);
  const parity = y ?? v;
  if (parity === undefined) throw new InputError(`"${title}.yParity" is missing`);
  if (parity > 1n) throw new InputError(`"${title}.yParity" expected 0x0 or 0x1, got ${hexQuantity(parity)}`);
  return Number(parity);
}

function authorizationJson(value: unknown, title: string): Authorization {
  const obj = aobject(value, title);
  return {
    chainId: quantity(obj, 'chainId', title),
    address: data(obj, 'address', title, 20),
    nonce: quantity(obj, 'nonce', title, 64),
    yParity: Number(quantity(obj, obj.yParity === undefined ? 'v' : 'yParity', title, 8)),
    r: quantity(obj, 'r', title),
    s: quantity(obj, 's', title),
  };
}

// ---------------------------------------------------------------------------------------------
// EIP-2718 bytes

const accessListRlp = (list: AccessListEntry[]): RlpInput[] => list.map((e) => [e.address, e.storageKeys]);
const toRlp = (to: Uint8Array | null): Uint8Array => to ?? new Uint8Array(0);

/** The fields before the signature, in encoding order. */
function unsignedFields(tx: Transaction): RlpInput[] {
  const base = [tx.nonce] as RlpInput[];
  switch (tx.type) {
    case 0:
      return [...base, tx.gasPrice, tx.gas, toRlp(tx.to), tx.value, tx.input];
    case 1:
      return [tx.chainId, tx.nonce, tx.gasPrice, tx.gas, toRlp(tx.to), tx.value, tx.input, accessListRlp(tx.accessList)];
    case 2:
      return [tx.chainId, tx.nonce, tx.maxPriorityFeePerGas, tx.maxFeePerGas, tx.gas, toRlp(tx.to), tx.value, tx.input, accessListRlp(tx.accessList)];
    case 3:
      return [
        tx.chainId, tx.nonce, tx.maxPriorityFeePerGas, tx.maxFeePerGas, tx.gas, tx.to, tx.value, tx.input,
        accessListRlp(tx.accessList), tx.maxFeePerBlobGas, tx.blobVersionedHashes,
      ];
    case 4:
      return [
        tx.chainId, tx.nonce, tx.maxPriorityFeePerGas, tx.maxFeePerGas, tx.gas, tx.to, tx.value, tx.input,
        accessListRlp(tx.accessList), tx.authorizationList.map((a) => [a.chainId, a.address, a.nonce, a.yParity, a.r, a.s]),
      ];
  }
}

/**
 * The canonical EIP-2718 encoding: rlp(fields) for legacy, type ‖ rlp(fields) otherwise.
 * @example bytesToHex(keccak256(encodeTransaction(tx))) === json.hash
 */
export function encodeTransaction(tx: Transaction): Uint8Array {
  if (tx.type === 0) return encodeRlp([...unsignedFields(tx), tx.v, tx.r, tx.s]);
  return concatBytes(Uint8Array.of(tx.type), encodeRlp([...unsignedFields(tx), tx.yParity, tx.r, tx.s]));
}

/** The transaction hash: keccak256 of its EIP-2718 encoding. */
export function transactionHash(tx: Transaction): Uint8Array {
  return keccak256(encodeTransaction(tx));
}

/** The raw bytes of a transaction as a node's JSON lists it (the devnet's encoder, too). */
export function encodeRawTransaction(json: unknown): Uint8Array {
  return encodeTransaction(parseRpcTransaction(json).tx);
}

const FIELD_COUNT: Record<TransactionType, number> = { 0: 9, 1: 11, 2: 12, 3: 14, 4: 13 };

/**
 * Reads EIP-2718 bytes (a block body's entry, the beacon payload's `transactions`, a raw
 * transaction). Strict: only canonical RLP, the right number of fields, addresses of 20 bytes,
 * hashes of 32, integers within their width; so a decoded transaction re-encodes to the same bytes.
 * @throws VerificationError (RLP_*) for anything else, InputError for an unknown type byte.
 */
export function decodeTransaction(bytes: Uint8Array): Transaction {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new InputError('"transaction" expected non-empty bytes');
  const first = bytes[0]!;
  let type: TransactionType;
  let payload: Uint8Array;
  if (first >= 0xc0) {
    type = 0;
    payload = bytes;
  } else if (first >= 1 && first <= 4) {
    type = first as TransactionType;
    payload = bytes.subarray(1);
  } else {
    throw new InputError(`transaction type byte expected 0x01 to 0x04 or an RLP list, got 0x${first.toString(16).padStart(2, '0')}`);
  }
  if (payload.length === 0 || payload[0]! < 0xc0) throw new VerificationError('RLP_UNEXPECTED_TYPE', 'transaction payload must be an RLP list');
  const f = rlpList(decodeRlp(payload, { maxBytes: 2 * MAX_INPUT_BYTES, maxDepth: 4 }), `type-${type} transaction`, FIELD_COUNT[type]);
  const u = (i: number, what: string, bits = 256) => uint(f[i], what, bits);
  if (type === 0) {
    return {
      type, nonce: u(0, 'nonce', 64), gasPrice: u(1, 'gasPrice'), gas: u(2, 'gas', 64), to: address(f[3], 'to', true), value: u(4, 'value'),
      input: rlpBytes(f[5], 'input'), v: u(6, 'v'), r: u(7, 'r'), s: u(8, 's'),
    };
  }
  const n = f.length;
  const sig = { yParity: Number(u(n - 3, 'yParity', 1)), r: u(n - 2, 'r'), s: u(n - 1, 's') };
  const chainId = u(0, 'chainId');
  const nonce = u(1, 'nonce', 64);
  if (type === 1) {
    return {
      type, chainId, nonce, gasPrice: u(2, 'gasPrice'), gas: u(3, 'gas', 64), to: address(f[4], 'to', true), value: u(5, 'value'),
      input: rlpBytes(f[6], 'input'), accessList: accessListItem(f[7]), ...sig,
    };
  }
  const fees = {
    chainId, nonce, maxPriorityFeePerGas: u(2, 'maxPriorityFeePerGas'), maxFeePerGas: u(3, 'maxFeePerGas'), gas: u(4, 'gas', 64),
    value: u(6, 'value'), input: rlpBytes(f[7], 'input'), accessList: accessListItem(f[8]), ...sig,
  };
  if (type === 2) return { type, ...fees, to: address(f[5], 'to', true) };
  const to = address(f[5], 'to', false)!;
  if (type === 3) {
    return {
      type, ...fees, to, maxFeePerBlobGas: u(9, 'maxFeePerBlobGas'),
      blobVersionedHashes: rlpList(f[10], 'blobVersionedHashes').map((h) => fixed(h, 32, 'blob versioned hash')),
    };
  }
  return {
    type, ...fees, to,
    authorizationList: rlpList(f[9], 'authorizationList').map((item) => {
      const a = rlpList(item, 'authorization', 6);
      return {
        chainId: uint(a[0], 'authorization.chainId', 256), address: fixed(a[1], 20, 'authorization.address'),
        nonce: uint(a[2], 'authorization.nonce', 64), yParity: Number(uint(a[3], 'authorization.yParity', 8)),
        r: uint(a[4], 'authorization.r', 256), s: uint(a[5], 'authorization.s', 256),
      };
    }),
  };
}

function uint(item: RlpItem | undefined, what: string, bits: number): bigint {
  const v = rlpScalar(item, what);
  if (v >> BigInt(bits) !== 0n) {
    throw new VerificationError('RLP_UNEXPECTED_TYPE', `${what} does not fit ${bits} bits`, { expected: `< 2^${bits}`, got: `0x${v.toString(16)}` });
  }
  return v;
}

function fixed(item: RlpItem | undefined, length: number, what: string): Uint8Array {
  const bytes = rlpBytes(item, what);
  if (bytes.length !== length) {
    throw new VerificationError('RLP_UNEXPECTED_TYPE', `${what} has the wrong length`, { expected: `${length} bytes`, got: `${bytes.length} bytes` });
  }
  return bytes;
}

function address(item: RlpItem | undefined, what: string, creationAllowed: boolean): Uint8Array | null {
  const bytes = rlpBytes(item, what);
  if (bytes.length === 0 && creationAllowed) return null;
  return fixed(bytes, 20, what);
}

function accessListItem(item: RlpItem | undefined): AccessListEntry[] {
  return rlpList(item, 'accessList').map((entry) => {
    const e = rlpList(entry, 'access list entry', 2);
    return { address: fixed(e[0], 20, 'access list address'), storageKeys: rlpList(e[1], 'storage keys').map((k) => fixed(k, 32, 'storage key')) };
  });
}

// ---------------------------------------------------------------------------------------------
// Signatures

/** secp256k1's group order. */
const N = SECP256K1_N;

/** The chain id a transaction commits to; undefined for an unprotected legacy one (pre-EIP-155). */
export function transactionChainId(tx: Transaction): bigint | undefined {
  if (tx.type !== 0) return tx.chainId;
  return tx.v >= 35n ? (tx.v - 35n) >> 1n : undefined;
}

/**
 * The hash the sender signed: keccak256 of the unsigned fields (EIP-155 appends chainId, 0, 0
 * for a protected legacy transaction; typed ones prefix their type, EIP-2718).
 */
export function signingHash(tx: Transaction): Uint8Array {
  if (tx.type === 0) {
    const chainId = transactionChainId(tx);
    return keccak256(encodeRlp(chainId === undefined ? unsignedFields(tx) : [...unsignedFields(tx), chainId, 0, 0]));
  }
  return keccak256(concatBytes(Uint8Array.of(tx.type), encodeRlp(unsignedFields(tx))));
}

/**
 * The sender: the address whose key made the signature. Every transaction in a block after
 * Homestead has 0 < r < n, 0 < s ≤ n/2 (EIP-2) and y-parity 0 or 1 (legacy v: 27/28, or
 * chainId·2 + 35/36); anything else has no sender.
 * @throws VerificationError TRANSACTION_SIGNATURE_INVALID
 * @example bytesToHex(recoverSender(tx)) === json.from
 */
export function recoverSender(tx: Transaction): Uint8Array {
  let recovery: number;
  if (tx.type === 0) {
    if (tx.v === 27n || tx.v === 28n) recovery = Number(tx.v - 27n);
    else if (tx.v >= 35n) recovery = Number((tx.v - 35n) & 1n);
    else throw invalidSignature(`legacy v ${tx.v} is neither 27/28 nor EIP-155`);
  } else {
    recovery = tx.yParity;
  }
  if (recovery > 1) throw invalidSignature(`y-parity ${recovery}`);
  if (tx.r <= 0n || tx.r >= N) throw invalidSignature('r out of range');
  if (tx.s <= 0n || tx.s > N >> 1n) throw invalidSignature('s out of range (EIP-2: s <= n/2)');
  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1Recover(signingHash(tx), tx.r, tx.s, recovery);
  } catch (cause) {
    throw invalidSignature('no public key recovers', cause);
  }
  return keccak256(publicKey.subarray(1)).slice(12);
}

function invalidSignature(details: string, cause?: unknown): VerificationError {
  return new VerificationError('TRANSACTION_SIGNATURE_INVALID', 'the transaction signature has no signer', { details, cause });
}

// ---------------------------------------------------------------------------------------------
// Block-level checks

/** The ordered trie root of a block's encoded transactions. */
export function transactionsRoot(encoded: readonly Uint8Array[]): Uint8Array {
  return orderedTrieRoot(encoded);
}

/** Throws TRANSACTIONS_ROOT_MISMATCH unless `encoded`, in order, rebuild `expectedRoot`. */
export function verifyTransactionsRoot(expectedRoot: Uint8Array, encoded: readonly Uint8Array[]): void {
  const root = transactionsRoot(encoded);
  if (!equalBytes(root, expectedRoot)) {
    throw new VerificationError('TRANSACTIONS_ROOT_MISMATCH', 'transactions do not rebuild the block transactionsRoot', {
      expected: bytesToHex(expectedRoot),
      got: bytesToHex(root),
    });
  }
}

/** Throws TRANSACTION_HASH_MISMATCH unless `hash` is `expected`. */
export function expectTransactionHash(expected: Uint8Array, hash: Uint8Array, what = 'transaction'): void {
  if (!equalBytes(expected, hash)) {
    throw new VerificationError('TRANSACTION_HASH_MISMATCH', `${what} does not hash to the expected hash`, { expected: bytesToHex(expected), got: bytesToHex(hash) });
  }
}

/** The address a creation deploys to: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: Uint8Array, nonce: bigint): Uint8Array {
  return keccak256(encodeRlp([sender, nonce])).slice(12);
}

/** What a verified transaction's gas costs per unit in a block of `baseFeePerGas` (EIP-1559). */
export function effectiveGasPrice(tx: Transaction, baseFeePerGas: bigint | undefined): bigint {
  if (tx.type === 0 || tx.type === 1) return tx.gasPrice;
  if (baseFeePerGas === undefined) return tx.maxFeePerGas;
  const tip = tx.maxFeePerGas - baseFeePerGas;
  return baseFeePerGas + (tx.maxPriorityFeePerGas < tip ? tx.maxPriorityFeePerGas : tip);
}

// ---------------------------------------------------------------------------------------------
// JSON output

/** Where a transaction sits, from verified data; absent for a transaction not (yet) in a block. */
export interface TransactionPosition {
  blockHash: Uint8Array;
  blockNumber: bigint;
  blockTimestamp: bigint;
  transactionIndex: number;
  baseFeePerGas: bigint | undefined;
}

/**
 * The transaction as nodes print it (geth's field order). Mined 1559-style transactions show
 * their effective gas price as `gasPrice`; pending ones their fee cap, as geth does.
 */
export function transactionToJson(tx: Transaction, hash: Uint8Array, from: Uint8Array, position?: TransactionPosition): Record<string, unknown> {
  const out: Record<string, unknown> = {
    blockHash: position ? hexData(position.blockHash) : null,
    blockNumber: position ? hexQuantity(position.blockNumber) : null,
  };
  if (position) out.blockTimestamp = hexQuantity(position.blockTimestamp);
  out.from = hexData(from);
  out.gas = hexQuantity(tx.gas);
  if (tx.type === 0 || tx.type === 1) out.gasPrice = hexQuantity(tx.gasPrice);
  else {
    out.gasPrice = hexQuantity(position ? effectiveGasPrice(tx, position.baseFeePerGas) : tx.maxFeePerGas);
    out.maxFeePerGas = hexQuantity(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = hexQuantity(tx.maxPriorityFeePerGas);
    if (tx.type === 3) out.maxFeePerBlobGas = hexQuantity(tx.maxFeePerBlobGas);
  }
  out.hash = hexData(hash);
  out.input = hexData(tx.input);
  out.nonce = hexQuantity(tx.nonce);
  out.to = tx.to === null ? null : hexData(tx.to);
  out.transactionIndex = position ? hexQuantity(position.transactionIndex) : null;
  out.value = hexQuantity(tx.value);
  out.type = hexQuantity(tx.type);
  if (tx.type !== 0) {
    out.accessList = tx.accessList.map((e) => ({ address: hexData(e.address), storageKeys: e.storageKeys.map(hexData) }));
    out.chainId = hexQuantity(tx.chainId);
    if (tx.type === 3) out.blobVersionedHashes = tx.blobVersionedHashes.map(hexData);
    if (tx.type === 4) {
      out.authorizationList = tx.authorizationList.map((a) => ({
        chainId: hexQuantity(a.chainId), address: hexData(a.address), nonce: hexQuantity(a.nonce),
        yParity: hexQuantity(a.yParity), r: hexQuantity(a.r), s: hexQuantity(a.s),
      }));
    }
    out.v = hexQuantity(tx.yParity);
  } else {
    const chainId = transactionChainId(tx);
    if (chainId !== undefined) out.chainId = hexQuantity(chainId);
    out.v = hexQuantity(tx.v);
  }
  out.r = hexQuantity(tx.r);
  out.s = hexQuantity(tx.s);
  if (tx.type !== 0) out.yParity = hexQuantity(tx.yParity);
  return out;
}
