/**
 * Beacon API JSON scalars: integers as decimal strings, bytes as 0x hex.
 * @module
 */
import { hexToBytes, isHex } from '../../core/bytes.ts';
import { fault, show } from '../fault.ts';

const DECIMAL_RE = /^(0|[1-9][0-9]{0,77})$/;

/**
 * A uint of `bits` bits from a decimal string (the Beacon API form). A JSON number is accepted
 * too when it is a safe integer, since some servers send small integers unquoted.
 */
export function parseUintJson(json: unknown, bits: number): bigint {
  let v: bigint;
  if (typeof json === 'string' && DECIMAL_RE.test(json)) v = BigInt(json);
  else if (typeof json === 'number' && Number.isSafeInteger(json) && json >= 0) v = BigInt(json);
  else return fault(`expected a uint${bits} as a decimal string`, 'decimal string', show(json));
  if (v >> BigInt(bits) !== 0n) fault(`uint${bits} out of range`, `below 2^${bits}`, json);
  return v;
}

/** Bytes from 0x hex: exactly `length` bytes, or at most `max`. */
export function parseHexJson(json: unknown, length: number | undefined, max = Infinity): Uint8Array {
  if (typeof json !== 'string' || !json.startsWith('0x') || json.length % 2 !== 0) {
    return fault('expected 0x-prefixed hex bytes', '0x hex', show(json));
  }
  // Sizes before the digits, so that a huge string is refused before it is scanned.
  const n = (json.length - 2) / 2;
  if (length !== undefined && n !== length) fault('wrong number of bytes', `${length} bytes`, `${n}`);
  if (n > max) fault('too many bytes', `at most ${max} bytes`, `${n}`);
  if (!isHex(json)) fault('expected 0x-prefixed hex bytes', '0x hex', show(json));
  return hexToBytes(json);
}

/** A JSON array (of at most `max` items, checked before any item is parsed). */
export function parseArrayJson(json: unknown, max: number): unknown[] {
  if (!Array.isArray(json)) return fault('expected a JSON array', 'array', show(json));
  if (json.length > max) fault('too many items', `at most ${max}`, json.length);
  return json;
}
