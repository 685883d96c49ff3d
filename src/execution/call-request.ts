/**
 * The call object of eth_call / eth_estimateGas / eth_createAccessList (the execution-apis
 * GenericTransaction) and eth_call's state override set, parsed strictly and checked as geth
 * checks them, so a dApp gets the same refusals it would get from a node.
 * @module
 */
import { bytesToHex, describe, hexToBigInt, hexToBytes, isHex } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { Authorization } from './transactions.ts';

export interface AccessListEntry {
  address: Uint8Array;
  storageKeys: Uint8Array[];
}

export interface CallRequest {
  /** Default: the zero address (as geth). */
  from: Uint8Array;
  /** null: contract creation. */
  to: Uint8Array | null;
  /** Absent: the block gas limit (capped per fork). */
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  maxFeePerBlobGas?: bigint;
  /** Checked only where a run validates it (eth_simulateV1 with validation: ./call.ts). */
  nonce?: bigint;
  value: bigint;
  data: Uint8Array;
  accessList: AccessListEntry[];
  blobVersionedHashes: Uint8Array[];
  /**
   * EIP-7702 authorizations, processed before the call (./authorizations.ts). Only the wallet's own
   * requests carry one: parseCallRequest refuses a page's.
   */
  authorizationList?: Authorization[];
}

export interface AccountOverride {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  /** Replaces the whole storage: slots not named read zero. */
  state?: Map<string, Uint8Array>;
  /** Changes only the slots named. */
  stateDiff?: Map<string, Uint8Array>;
}

/** Address (lower-case 0x-hex) → override. The dApp's own hypothesis: applied over proven state. */
export type StateOverride = Map<string, AccountOverride>;

const ZERO_ADDRESS = new Uint8Array(20);
const MAX_ACCESS_LIST = 10_000;
const MAX_DATA_BYTES = 4 * 1024 * 1024;
const KNOWN_FIELDS = new Set([
  'type', 'nonce', 'to', 'from', 'gas', 'value', 'input', 'data', 'gasPrice', 'maxPriorityFeePerGas', 'maxFeePerGas',
  'maxFeePerBlobGas', 'accessList', 'blobVersionedHashes', 'blobs', 'chainId', 'authorizationList',
]);

/**
 * @param chainId the verified network's: a call that names another chain is refused, as nodes do.
 * @param options.authorizations the parser of an `authorizationList` (EIP-7702), given only for the
 *   wallet's own calls (the popup's delegation and revocation), never a page's: without it the list is
 *   refused. A parameter rather than an import, so the service worker, which parses pages' calls
 *   only, does not carry it (./authorizations.ts parseAuthorizationList).
 * @throws InputError with the node's wording where there is one
 */
export function parseCallRequest(value: unknown, chainId: bigint, options: { authorizations?: (list: unknown[]) => Authorization[] } = {}): CallRequest {
  if (!isObject(value)) throw new InputError(`the call object expected a JSON object, got ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!KNOWN_FIELDS.has(key)) throw new InputError(`the call object has an unknown field "${key.slice(0, 40)}"`);
  }
  const quantity = (name: string): bigint | undefined => {
    const v = value[name];
    return v === undefined || v === null ? undefined : hexToBigInt(v, name);
  };
  const input = value.input ?? undefined;
  const data = value.data ?? undefined;
  if (input !== undefined && data !== undefined && (typeof input !== 'string' || typeof data !== 'string' || input.toLowerCase() !== data.toLowerCase())) {
    throw new InputError('both "data" and "input" are set and not equal. Please use "input" to pass transaction call data');
  }
  const callData = input ?? data;
  const request: CallRequest = {
    from: value.from === undefined || value.from === null ? ZERO_ADDRESS : hexToBytes(value.from, 20, 'from'),
    to: value.to === undefined || value.to === null ? null : hexToBytes(value.to, 20, 'to'),
    value: quantity('value') ?? 0n,
    data: callData === undefined ? new Uint8Array(0) : hexToBytes(callData, undefined, 'input'),
    accessList: parseAccessList(value.accessList),
    blobVersionedHashes: parseBlobHashes(value.blobVersionedHashes),
  };
  if (request.data.length > MAX_DATA_BYTES) throw new InputError(`call data larger than ${MAX_DATA_BYTES} bytes`);
  for (const name of ['gas', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'maxFeePerBlobGas'] as const) {
    const q = quantity(name);
    if (q !== undefined) request[name] = q;
  }
  if (request.gas !== undefined && request.gas >= 2n ** 64n) throw new InputError('gas expected a 64-bit quantity');
  const nonce = quantity('nonce');
  if (nonce !== undefined) {
    if (nonce >= 2n ** 64n) throw new InputError('nonce expected a 64-bit quantity');
    request.nonce = nonce;
  }
  if (request.gasPrice !== undefined && (request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined)) {
    throw new InputError('both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified');
  }
  if (request.maxFeePerGas !== undefined && request.maxPriorityFeePerGas !== undefined && request.maxFeePerGas < request.maxPriorityFeePerGas) {
    throw new InputError(`maxFeePerGas (${request.maxFeePerGas}) < maxPriorityFeePerGas (${request.maxPriorityFeePerGas})`);
  }
  const claimedChain = quantity('chainId');
  if (claimedChain !== undefined && claimedChain !== chainId) {
    throw new InputError(`chainId does not match node's (have=${claimedChain}, want=${chainId})`);
  }
  if (request.blobVersionedHashes.length > 0 && request.to === null) throw new InputError('missing "to" in blob transaction');
  if (value.authorizationList !== undefined && value.authorizationList !== null) {
    if (!Array.isArray(value.authorizationList)) throw new InputError('authorizationList expected an array');
    if (value.authorizationList.length > 0) {
      // A page can never cause a delegation (issue 41), so it cannot ask how one would go either: the list is the wallet's own.
      if (options.authorizations === undefined) throw new InputError('authorizationList (EIP-7702) is not accepted from pages: Vigil builds delegations only from its popup');
      request.authorizationList = options.authorizations(value.authorizationList);
    }
  }
  if (value.blobs !== undefined && value.blobs !== null) throw new InputError('blobs are not accepted in a call; give blobVersionedHashes');
  return request;
}

function parseAccessList(value: unknown): AccessListEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_ACCESS_LIST) throw new InputError(`accessList expected an array of at most ${MAX_ACCESS_LIST} entries`);
  let keys = 0;
  return value.map((entry, i) => {
    if (!isObject(entry)) throw new InputError(`accessList[${i}] expected {address, storageKeys}`);
    const storageKeys = entry.storageKeys ?? [];
    if (!Array.isArray(storageKeys)) throw new InputError(`accessList[${i}].storageKeys expected an array`);
    keys += storageKeys.length;
    if (keys > MAX_ACCESS_LIST) throw new InputError(`accessList holds more than ${MAX_ACCESS_LIST} storage keys`);
    return {
      address: hexToBytes(entry.address, 20, `accessList[${i}].address`),
      storageKeys: storageKeys.map((k, j) => hexToBytes(k, 32, `accessList[${i}].storageKeys[${j}]`)),
    };
  });
}

function parseBlobHashes(value: unknown): Uint8Array[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 64) throw new InputError('blobVersionedHashes expected an array of at most 64 hashes');
  return value.map((h, i) => {
    const hash = hexToBytes(h, 32, `blobVersionedHashes[${i}]`);
    if (hash[0] !== 0x01) throw new InputError(`blobVersionedHashes[${i}] has version ${hash[0]}, expected 1 (KZG)`);
    return hash;
  });
}

/** eth_call's third parameter (geth's StateOverride). */
export function parseStateOverride(value: unknown): StateOverride {
  const out: StateOverride = new Map();
  if (value === undefined || value === null) return out;
  if (!isObject(value)) throw new InputError(`state override expected an object keyed by address, got ${describe(value)}`);
  const entries = Object.entries(value);
  if (entries.length > 256) throw new InputError('state override names more than 256 accounts');
  for (const [address, raw] of entries) {
    const key = bytesToHex(hexToBytes(address, 20, 'state override address'));
    if (!isObject(raw)) throw new InputError(`state override of ${key} expected an object`);
    for (const field of Object.keys(raw)) {
      if (!['balance', 'nonce', 'code', 'state', 'stateDiff'].includes(field)) {
        throw new InputError(`state override of ${key}: "${field.slice(0, 40)}" is not supported`);
      }
    }
    if (raw.state !== undefined && raw.stateDiff !== undefined) {
      throw new InputError(`account ${key} has both 'state' and 'stateDiff'`);
    }
    const o: AccountOverride = {};
    if (raw.balance !== undefined) o.balance = hexToBigInt(raw.balance, 'balance');
    if (raw.nonce !== undefined) o.nonce = hexToBigInt(raw.nonce, 'nonce');
    if (raw.code !== undefined) o.code = hexToBytes(raw.code, undefined, 'code');
    if (raw.state !== undefined) o.state = parseSlots(raw.state, key);
    if (raw.stateDiff !== undefined) o.stateDiff = parseSlots(raw.stateDiff, key);
    out.set(key, o);
  }
  return out;
}

function parseSlots(value: unknown, account: string): Map<string, Uint8Array> {
  if (!isObject(value)) throw new InputError(`storage override of ${account} expected an object of slot → value`);
  const out = new Map<string, Uint8Array>();
  for (const [slot, v] of Object.entries(value)) {
    if (!isHex(slot) || !isHex(v)) throw new InputError(`storage override of ${account}: slots and values are 32-byte hex`);
    out.set(bytesToHex(hexToBytes(slot, 32, 'slot')), hexToBytes(v, 32, 'value'));
  }
  return out;
}
