/**
 * Parameters of the execution node's JSON-RPC methods, read as go-ethereum reads them: block tags
 * and EIP-1898 block objects, addresses, hashes, quantities, call objects. Malformed input throws
 * InputError (answered -32602); a block the chain does not have is the method's to answer
 * (null for eth_getBlockBy*, "header not found" for state reads).
 * @module
 */
import type { Block } from '@ethereumjs/block';
import { describe, hexToBigInt, hexToBytes, isHex } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { isObject } from '../../../core/json.ts';
import { parseAuthorizationList } from '../../../execution/authorizations.ts';
import { parseCallRequest } from '../../../execution/call-request.ts';
import { headerNotFound } from './rpc-error.ts';
import type { CallRequest, DevChain } from './types.ts';

/** A method: its `params` member in, its result out (thrown: the error it answers). */
export type Method = (params: unknown) => unknown;
export type MethodTable = Record<string, Method>;

export const address = (value: unknown, title = 'address'): Uint8Array => hexToBytes(value, 20, title);
export const hash32 = (value: unknown, title = 'hash'): Uint8Array => hexToBytes(value, 32, title);
export const bytes = (value: unknown, title = 'data'): Uint8Array => hexToBytes(value, undefined, title);

/** A quantity that fits 64 bits (block numbers, counts, indices). */
export function u64(value: unknown, title = 'quantity'): bigint {
  const v = hexToBigInt(value, title);
  if (v >= 1n << 64n) throw new InputError(`"${title}" expected a 64-bit quantity, got ${describe(value)}`);
  return v;
}

/** A count given as a JSON number or a hex quantity (go-ethereum's HexOrDecimal64, as eth_feeHistory takes it). */
export function count(value: unknown, title: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  const v = u64(value, title);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(`"${title}" is too large`);
  return Number(v);
}

/** What names a block: a tag, a number, or (EIP-1898) a hash. */
export type BlockRef = { tag: 'latest' | 'pending' | 'safe' | 'finalized' | 'earliest' } | { number: bigint } | { hash: Uint8Array };

const TAGS = new Set(['latest', 'pending', 'safe', 'finalized', 'earliest']);

/**
 * Reads a block parameter. `hashes` allows a block hash (EIP-1898: an object, or for state
 * reads a bare 32-byte hex string as go-ethereum accepts it); absent means `latest`.
 */
export function blockRef(value: unknown, hashes: boolean, title = 'block'): BlockRef {
  if (value === undefined || value === null) return { tag: 'latest' };
  if (typeof value === 'string' && TAGS.has(value)) return { tag: value as 'latest' };
  if (isObject(value)) {
    if (!hashes) throw new InputError(`"${title}" expected a block number or tag, got an object`);
    if (value.blockHash !== undefined && value.blockNumber !== undefined) throw new InputError('cannot specify both BlockHash and BlockNumber, choose one or the other');
    if (value.blockHash !== undefined) return { hash: hash32(value.blockHash, `${title}.blockHash`) };
    if (value.blockNumber !== undefined) return blockRef(value.blockNumber, false, `${title}.blockNumber`);
    throw new InputError(`"${title}" expected blockHash or blockNumber`);
  }
  if (hashes && isHex(value) && value.length === 66) return { hash: hash32(value, title) };
  return { number: u64(value, title) };
}

/**
 * The block a reference names, or undefined. `latest`, `pending`, `safe` and `finalized` are
 * the head: the node knows nothing of the beacon chain's checkpoints (the light client takes
 * them from the beacon API), and the pending block's state is the head's but for nonces
 * (see {@link pendingNonce}).
 */
export function findBlock(chain: DevChain, ref: BlockRef): Block | undefined {
  if ('hash' in ref) return chain.blockByHash(ref.hash);
  if ('number' in ref) return chain.blockByNumber(ref.number);
  return ref.tag === 'earliest' ? chain.blockByNumber(0n) : chain.head();
}

/** The block a state read is at; "header not found" (-32000) if the chain does not have it. */
export function stateBlock(chain: DevChain, value: unknown): Block {
  const block = findBlock(chain, blockRef(value, true));
  if (block === undefined) throw headerNotFound();
  return block;
}

/** The members parseCallRequest knows; go-ethereum ignores the others (a library's extra fields). */
const CALL_FIELDS = [
  'type', 'nonce', 'to', 'from', 'gas', 'value', 'input', 'data', 'gasPrice', 'maxPriorityFeePerGas', 'maxFeePerGas',
  'maxFeePerBlobGas', 'accessList', 'blobVersionedHashes', 'blobs', 'chainId', 'authorizationList',
];

/**
 * A call or transaction object (execution-apis GenericTransaction) as the chain takes it; `from`
 * stays absent when not given (eth_call then runs from the zero address, as go-ethereum does).
 */
export function callRequest(value: unknown, chainId: bigint): CallRequest {
  if (!isObject(value)) throw new InputError(`the call object expected a JSON object, got ${describe(value)}`);
  const known = Object.fromEntries(CALL_FIELDS.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));
  const parsed = parseCallRequest(known, chainId, { authorizations: parseAuthorizationList });
  const request: CallRequest = { value: parsed.value, data: parsed.data };
  if (value.from !== undefined && value.from !== null) request.from = parsed.from;
  if (parsed.to !== null) request.to = parsed.to;
  for (const key of ['gas', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'maxFeePerBlobGas', 'nonce'] as const) {
    if (parsed[key] !== undefined) request[key] = parsed[key];
  }
  if (value.accessList !== undefined && value.accessList !== null) request.accessList = parsed.accessList;
  if (parsed.blobVersionedHashes.length > 0) request.blobVersionedHashes = parsed.blobVersionedHashes;
  if (parsed.authorizationList !== undefined) {
    request.authorizationList = parsed.authorizationList.map((a) => ({ chainId: a.chainId, address: a.address, nonce: a.nonce, yParity: BigInt(a.yParity), r: a.r, s: a.s }));
  }
  return request;
}

/** The params array, at most `max` long (go-ethereum: "too many arguments, want at most N"). */
export function paramsOf(value: unknown, max: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError('"params" expected an array');
  if (value.length > max) throw new InputError(`too many arguments, want at most ${max}`);
  return value;
}

/** A storage key as eth_getStorageAt and eth_getProof take it: up to 32 bytes, left-padded. */
export function storageKey(value: unknown, title = 'storage key'): Uint8Array {
  if (!isHex(value) || value.length > 66) throw new InputError(`"${title}" expected hex of at most 32 bytes, got ${describe(value)}`);
  const digits = value.slice(2);
  return hexToBytes('0x' + digits.padStart(64, '0'), 32, title);
}
