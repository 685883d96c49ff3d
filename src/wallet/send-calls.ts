/**
 * A page's EIP-5792 `wallet_sendCalls` request, read and checked (pure; the app host runs it).
 * Whether `atomicRequired: true` can be met depends on the sending account's proven delegation,
 * so it is carried here and decided where that is proven (src/client/wallet/batches/call-batches.ts:
 * refused with 5760 unless the account runs batches through the pinned delegate, or the batch
 * holds a single call, one transaction being atomic).
 * @module
 */
import { hexToBytes } from '../core/bytes.ts';
import { CALLS_VERSION, MAX_BATCH_CALLS } from './call-batch.ts';
import { WalletError } from './errors.ts';

/** An id a page chooses for its batch: at most this many characters (EIP-5792's bound). */
const MAX_ID_LENGTH = 4096;

export interface BatchCall {
  to: `0x${string}` | null;
  data: `0x${string}`;
  value: bigint;
}

export interface CallBatchRequest {
  /** The page's own id for the batch, when it chose one. */
  id?: string;
  from?: `0x${string}`;
  chainId: bigint;
  /** The page requires the calls to run atomically (all or none, contiguously). */
  atomicRequired: boolean;
  calls: BatchCall[];
}

const invalid = (message: string) => new WalletError('INVALID_TRANSACTION', `wallet_sendCalls: ${message}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The request as Vigil will carry it out.
 * @throws WalletError INVALID_TRANSACTION (-32602) for a malformed request; BATCH_TOO_LARGE,
 *   CAPABILITY_NOT_SUPPORTED (a capability not marked optional).
 */
export function parseSendCalls(value: unknown): CallBatchRequest {
  if (!isObject(value)) throw invalid('expected an object { version, chainId, atomicRequired, calls }');
  if (value.version !== CALLS_VERSION) throw invalid(`version expected "${CALLS_VERSION}", got ${JSON.stringify(value.version)?.slice(0, 40)}`);
  const chainId = quantity(value.chainId, 'chainId');
  if (chainId === undefined) throw invalid('chainId expected a 0x-hex quantity');
  if (typeof value.atomicRequired !== 'boolean') throw invalid('atomicRequired expected true or false');
  let id: string | undefined;
  if (value.id !== undefined) {
    if (typeof value.id !== 'string' || value.id.length === 0 || value.id.length > MAX_ID_LENGTH) throw invalid(`id expected a string of 1 to ${MAX_ID_LENGTH} characters`);
    id = value.id;
  }
  let from: `0x${string}` | undefined;
  if (value.from !== undefined && value.from !== null) from = address(value.from, 'from');
  if (!Array.isArray(value.calls) || value.calls.length === 0) throw invalid('calls expected a non-empty array');
  if (value.calls.length > MAX_BATCH_CALLS) throw new WalletError('BATCH_TOO_LARGE', `wallet_sendCalls: ${value.calls.length} calls; Vigil approves at most ${MAX_BATCH_CALLS} at once`);
  requireNone(value.capabilities, 'capabilities');
  const calls = value.calls.map((c, k) => {
    if (!isObject(c)) throw invalid(`calls[${k}] expected an object { to?, data?, value? }`);
    requireNone(c.capabilities, `calls[${k}].capabilities`);
    return {
      to: c.to === undefined || c.to === null ? null : address(c.to, `calls[${k}].to`),
      data: bytes(c.data, `calls[${k}].data`),
      value: quantity(c.value, `calls[${k}].value`) ?? 0n,
    };
  });
  for (const [k, c] of calls.entries()) if (c.to === null && c.data === '0x') throw invalid(`calls[${k}] names no recipient and no code`);
  return { ...(id !== undefined ? { id } : {}), ...(from !== undefined ? { from } : {}), chainId, atomicRequired: value.atomicRequired, calls };
}

/** Capabilities the page asks for: any not marked `optional: true` is refused, Vigil supporting none. */
function requireNone(capabilities: unknown, where: string): void {
  if (capabilities === undefined || capabilities === null) return;
  if (!isObject(capabilities)) throw invalid(`${where} expected an object`);
  for (const [name, c] of Object.entries(capabilities)) {
    if (isObject(c) && c.optional === true) continue;
    throw new WalletError('CAPABILITY_NOT_SUPPORTED', `wallet_sendCalls: Vigil does not support the capability "${name.slice(0, 60)}" (${where}) and it is not marked optional`);
  }
}

function quantity(v: unknown, what: string): bigint | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(v)) throw invalid(`${what} expected a 0x-hex quantity, got ${JSON.stringify(v)?.slice(0, 60)}`);
  return BigInt(v);
}

function address(v: unknown, what: string): `0x${string}` {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw invalid(`${what} expected a 20-byte 0x-hex address, got ${JSON.stringify(v)?.slice(0, 60)}`);
  return v.toLowerCase() as `0x${string}`;
}

function bytes(v: unknown, what: string): `0x${string}` {
  if (v === undefined || v === null) return '0x';
  try {
    hexToBytes(v, undefined, what);
  } catch {
    throw invalid(`${what} expected 0x-hex bytes`);
  }
  return (v as string).toLowerCase() as `0x${string}`;
}
