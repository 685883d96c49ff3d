/**
 * eth_sendTransaction's transaction object, read strictly: what a dApp asks the wallet to sign.
 *
 * The result says which fields the dApp fixed and which the wallet must still fill from verified
 * state (nonce, gas limit, fees, chain id) before src/wallet/transaction.ts can sign it. Nothing
 * here decides whether the request may be signed: that is src/wallet/policy.ts.
 *
 * Reading rules (each refusal is a WalletError INVALID_TRANSACTION naming the field):
 * - Quantities are `0x` hex strings only (no numbers, no decimal strings), bounded by their width
 *   before they are parsed: value and fees < 2^256, gas < 2^64, nonce < 2^64 − 1 (EIP-2681),
 *   chain id 1 … 2^64 − 1. Leading zeros are tolerated: some libraries send them (ethers v5's
 *   `hexlify` of a value), and the number they write is unambiguous.
 * - Addresses are 20 bytes; mixed case must be a valid EIP-55 checksum (all-lower or all-upper
 *   carries no checksum). Output addresses are checksummed.
 * - `data` and `input` are the same field (execution-apis calls it `input`); both given and
 *   different is refused, as geth refuses it.
 * - `gas` and `gasLimit` likewise.
 * - The type is inferred as viem's getTransactionType does: gasPrice with an access list →
 *   EIP-2930 (1); gasPrice alone → legacy (0); EIP-1559 fee fields → EIP-1559 (2); and no fee at
 *   all → EIP-1559, as MetaMask and viem's prepareTransactionRequest choose on a London chain.
 *   gasPrice together with an EIP-1559 fee field, an explicit type whose fee fields do not fit
 *   it, and maxPriorityFeePerGas > maxFeePerGas are refused: the wallet never guesses which fee
 *   was meant.
 * - Blob (EIP-4844) and set-code (EIP-7702) transactions are not built from dApp requests yet:
 *   their fields and types 3/4 are refused with a message that says so.
 * - A creation (no `to`) must carry code, as MetaMask requires.
 * - Other fields are ignored (dApps send `id`, `chain`, …): nothing unknown is passed through.
 * @module
 */
import { abytes, bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { aarray, isObject } from '../core/json.ts';
import { quantity } from '../execution/rpc-json.ts';
import { WalletError } from './errors.ts';
import { isAddress, toChecksumAddress } from './keys.ts';

/** A checksummed (EIP-55) address. */
export type Address = `0x${string}`;

/** An access-list entry as the wallet keeps it: checksummed address, 32-byte keys. */
export interface AccessListItem {
  address: Address;
  storageKeys: Uint8Array[];
}

/** The fields a dApp can fix (normalized names). */
export type RequestField =
  | 'type'
  | 'to'
  | 'value'
  | 'data'
  | 'gasLimit'
  | 'gasPrice'
  | 'maxFeePerGas'
  | 'maxPriorityFeePerGas'
  | 'nonce'
  | 'chainId'
  | 'accessList';

/** What the wallet fills when the dApp left it out. */
export type FillField = 'nonce' | 'gasLimit' | 'gasPrice' | 'maxFeePerGas' | 'maxPriorityFeePerGas' | 'chainId';

/** eth_sendTransaction's object, normalized. Fields the dApp left out are undefined. */
export interface TransactionRequest {
  /** Given or inferred (see the module comment). */
  type: 0 | 1 | 2;
  from: Address;
  /** null: contract creation. */
  to: Address | null;
  /** 0 when not given. */
  value: bigint;
  /** Empty when not given. */
  data: Uint8Array;
  /** Empty for type 0 and when not given. */
  accessList: AccessListItem[];
  nonce: bigint | undefined;
  gasLimit: bigint | undefined;
  /** Types 0 and 1 only. */
  gasPrice: bigint | undefined;
  /** Type 2 only. */
  maxFeePerGas: bigint | undefined;
  /** Type 2 only. */
  maxPriorityFeePerGas: bigint | undefined;
  /** When given, the policy checks it against the verified network (CHAIN_MISMATCH). */
  chainId: bigint | undefined;
  /** The fields the dApp set, in the order of RequestField (the window marks them as the dApp's). */
  fixed: RequestField[];
  /** What the wallet must fill from verified state before the transaction can be signed. */
  toFill: FillField[];
}

/** geth's txpool refuses transactions over 128 KiB (txMaxSize): no larger call data is sendable. */
export const MAX_DATA_BYTES = 128 * 1024;
/** An access list is paid per entry (2400 gas) and key (1900): a 60M-gas block holds < 32k keys. */
const MAX_ACCESS_LIST_KEYS = 1 << 15;
/** EIP-2681: a nonce is at most 2^64 − 2 (the account nonce may not overflow). */
const MAX_NONCE = (1n << 64n) - 2n;

/** Fields of transaction types this wallet does not build from dApp requests, with why. */
const REFUSED_FIELDS: Record<string, string> = {
  blobs: 'blob transactions (EIP-4844) are not built from dApp requests',
  blobVersionedHashes: 'blob transactions (EIP-4844) are not built from dApp requests',
  maxFeePerBlobGas: 'blob transactions (EIP-4844) are not built from dApp requests',
  sidecars: 'blob transactions (EIP-4844) are not built from dApp requests',
  authorizationList: 'set-code transactions (EIP-7702) are not built from dApp requests',
};

/**
 * Reads eth_sendTransaction's params: `[txObject]` or the object itself.
 * @throws WalletError INVALID_TRANSACTION for anything malformed, out of range or conflicting.
 * @example
 * ```ts
 * const req = parseTransactionRequest([{ from: '0x…', to: '0x…', value: '0xde0b6b3a7640000' }]);
 * req.type;   // 2 (no fee fields: EIP-1559)
 * req.toFill; // ['nonce', 'gasLimit', 'maxFeePerGas', 'maxPriorityFeePerGas', 'chainId']
 * ```
 */
export function parseTransactionRequest(params: unknown): TransactionRequest {
  try {
    return parseObject(unwrapParams(params));
  } catch (err) {
    if (err instanceof InputError) throw new WalletError('INVALID_TRANSACTION', err.shortMessage, { cause: err });
    throw err;
  }
}

function unwrapParams(params: unknown): Record<string, unknown> {
  let value = params;
  if (Array.isArray(params)) {
    if (params.length !== 1) throw refuse('eth_sendTransaction expects one transaction object', 'params of length 1', `length ${params.length}`);
    value = params[0];
  }
  if (!isObject(value)) throw refuse('the transaction expected a JSON object', 'object', describe(value));
  return value;
}

function parseObject(obj: Record<string, unknown>): TransactionRequest {
  for (const name of Object.keys(REFUSED_FIELDS)) {
    if (given(obj, name)) throw refuse(`"${name}": ${REFUSED_FIELDS[name]}`);
  }
  const q = (name: string, bits: number): bigint | undefined => (given(obj, name) ? quantity(obj, name, 'transaction', bits) : undefined);

  const explicitType = q('type', 8);
  if (explicitType === 3n) throw refuse(`"type": ${REFUSED_FIELDS.blobs}`);
  if (explicitType === 4n) throw refuse(`"type": ${REFUSED_FIELDS.authorizationList}`);
  if (explicitType !== undefined && explicitType > 2n) throw refuse('"type" is not a transaction type', '0x0, 0x1 or 0x2', `0x${explicitType.toString(16)}`);

  const from = given(obj, 'from') ? parseAddress(obj.from, 'from') : undefined;
  if (from === undefined) throw refuse('"from" is required');
  const to = given(obj, 'to') ? parseAddress(obj.to, 'to') : null;
  const value = q('value', 256);
  const data = sameField(obj, 'input', 'data', (v, t) => parseData(v, t));
  const gasLimit = sameField(obj, 'gas', 'gasLimit', (_, t) => quantity(obj, t, 'transaction', 64));
  const gasPrice = q('gasPrice', 256);
  const maxFeePerGas = q('maxFeePerGas', 256);
  const maxPriorityFeePerGas = q('maxPriorityFeePerGas', 256);
  const nonce = q('nonce', 64);
  const chainId = q('chainId', 64);
  const accessList = given(obj, 'accessList') ? parseAccessList(obj.accessList) : undefined;

  if (nonce !== undefined && nonce > MAX_NONCE) throw refuse('"nonce" is out of range (EIP-2681)', `<= ${MAX_NONCE}`, `${nonce}`);
  if (chainId === 0n) throw refuse('"chainId" must not be zero', '>= 1', '0');
  if (to === null && (data === undefined || data.length === 0)) {
    throw refuse('a contract creation (no "to") must carry the code in "data"');
  }

  const eip1559Fee = maxFeePerGas !== undefined || maxPriorityFeePerGas !== undefined;
  if (gasPrice !== undefined && eip1559Fee) {
    throw refuse('both "gasPrice" and EIP-1559 fee fields are set: which fee is meant is ambiguous');
  }
  if (maxFeePerGas !== undefined && maxPriorityFeePerGas !== undefined && maxPriorityFeePerGas > maxFeePerGas) {
    throw refuse('"maxPriorityFeePerGas" is above "maxFeePerGas"', `<= ${maxFeePerGas}`, `${maxPriorityFeePerGas}`);
  }
  const type = inferType(explicitType, gasPrice !== undefined, eip1559Fee, accessList);

  const fixed: RequestField[] = [];
  const fields: [RequestField, unknown][] = [
    ['type', explicitType], ['to', given(obj, 'to') ? to : undefined], ['value', value], ['data', data], ['gasLimit', gasLimit],
    ['gasPrice', gasPrice], ['maxFeePerGas', maxFeePerGas], ['maxPriorityFeePerGas', maxPriorityFeePerGas],
    ['nonce', nonce], ['chainId', chainId], ['accessList', type === 0 ? undefined : accessList],
  ];
  for (const [name, v] of fields) if (v !== undefined) fixed.push(name);

  const toFill: FillField[] = [];
  if (nonce === undefined) toFill.push('nonce');
  if (gasLimit === undefined) toFill.push('gasLimit');
  if (type === 2) {
    if (maxFeePerGas === undefined) toFill.push('maxFeePerGas');
    if (maxPriorityFeePerGas === undefined) toFill.push('maxPriorityFeePerGas');
  } else if (gasPrice === undefined) toFill.push('gasPrice');
  if (chainId === undefined) toFill.push('chainId');

  return {
    type, from, to, value: value ?? 0n, data: data ?? new Uint8Array(0), accessList: type === 0 ? [] : (accessList ?? []),
    nonce, gasLimit, gasPrice, maxFeePerGas, maxPriorityFeePerGas, chainId, fixed, toFill,
  };
}

/** The wallets' inference, with every conflict refused (see the module comment). */
function inferType(explicit: bigint | undefined, hasGasPrice: boolean, hasEip1559Fee: boolean, accessList: AccessListItem[] | undefined): 0 | 1 | 2 {
  if (explicit === undefined) {
    if (!hasGasPrice) return 2;
    return accessList !== undefined ? 1 : 0;
  }
  const type = Number(explicit) as 0 | 1 | 2;
  if (type !== 2 && hasEip1559Fee) throw refuse(`a type-${type} transaction has no EIP-1559 fee fields`, 'gasPrice', 'maxFeePerGas/maxPriorityFeePerGas');
  if (type === 2 && hasGasPrice) throw refuse('a type-2 transaction has no "gasPrice"', 'maxFeePerGas/maxPriorityFeePerGas', 'gasPrice');
  // An empty list is what many libraries send by default; a legacy transaction cannot carry entries.
  if (type === 0 && accessList !== undefined && accessList.length > 0) throw refuse('a legacy (type-0) transaction cannot carry an access list');
  return type;
}

/** Reads `a` or `b` (aliases); both present must agree. `read` gets the value and the name it came from. */
function sameField<T>(obj: Record<string, unknown>, a: string, b: string, read: (value: unknown, name: string) => T): T | undefined {
  const hasA = given(obj, a);
  const hasB = given(obj, b);
  if (hasA && hasB) {
    const va = read(obj[a], a);
    const vb = read(obj[b], b);
    const same = va instanceof Uint8Array && vb instanceof Uint8Array ? bytesToHex(va) === bytesToHex(vb) : va === vb;
    if (!same) throw refuse(`both "${a}" and "${b}" are set and not equal`);
    return va;
  }
  if (hasA) return read(obj[a], a);
  if (hasB) return read(obj[b], b);
  return undefined;
}

function parseData(value: unknown, title: string): Uint8Array {
  if (typeof value === 'string' && value.length > 2 + 2 * MAX_DATA_BYTES) {
    throw refuse(`"${title}" is larger than a transaction may be`, `<= ${MAX_DATA_BYTES} bytes`, `${Math.floor((value.length - 2) / 2)} bytes`);
  }
  return hexToBytes(value, undefined, title);
}

function parseAccessList(value: unknown): AccessListItem[] {
  let keys = 0;
  return aarray(value, 'accessList', MAX_ACCESS_LIST_KEYS).map((entry, i) => {
    const title = `accessList[${i}]`;
    if (!isObject(entry)) throw new InputError(`"${title}" expected an object, got ${describe(entry)}`);
    const storageKeys = aarray(entry.storageKeys ?? [], `${title}.storageKeys`, MAX_ACCESS_LIST_KEYS);
    keys += storageKeys.length;
    if (keys > MAX_ACCESS_LIST_KEYS) throw refuse('"accessList" has too many storage keys', `<= ${MAX_ACCESS_LIST_KEYS}`, `> ${MAX_ACCESS_LIST_KEYS}`);
    return {
      address: parseAddress(entry.address, `${title}.address`),
      storageKeys: storageKeys.map((k, j) => hexToBytes(k, 32, `${title}.storageKeys[${j}]`)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Addresses (EIP-55, through ./keys.ts)

/**
 * The EIP-55 mixed-case form of a 20-byte address.
 * @example checksumAddress(hexToBytes('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')) // '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
 */
export function checksumAddress(address: Uint8Array): Address {
  abytes(address, 20, 'address');
  return toChecksumAddress(bytesToHex(address)) as Address;
}

/**
 * Reads a `0x` address of 20 bytes. Mixed case must be its EIP-55 checksum (a typo in a
 * checksummed address is caught instead of sending elsewhere); one case carries no checksum.
 * @throws InputError naming `title`
 */
export function parseAddress(value: unknown, title = 'address'): Address {
  hexToBytes(value, 20, title); // form and length, with the field's name in the message
  const text = value as string;
  if (!isAddress(text)) throw new InputError(`"${title}" has a wrong EIP-55 checksum: expected ${toChecksumAddress(text)}, got ${text}`);
  return toChecksumAddress(text) as Address;
}

function given(obj: Record<string, unknown>, name: string): boolean {
  return Object.hasOwn(obj, name) && obj[name] !== undefined && obj[name] !== null;
}

function refuse(message: string, expected?: string, got?: string): WalletError {
  return new WalletError('INVALID_TRANSACTION', message, expected === undefined && got === undefined ? {} : { expected, got });
}
