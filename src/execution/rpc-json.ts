/**
 * Reading and writing the JSON-RPC forms of execution data (execution-apis `base-types`):
 * quantities bounded by their bit width before they are parsed, data of a fixed length, and the
 * minimal hex a node prints. Malformed server data throws InputError naming the field.
 * @module
 */
import { bigIntToHex, bytesToHex, describe, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';

export type Json = Record<string, unknown>;

/**
 * A `0x` quantity of at most `bits` bits. Leading zeros are tolerated (some servers send them);
 * the digit count is bounded first so that no server makes us parse an endless number.
 * @example quantity({ gas: '0x5208' }, 'gas', 'tx', 64) // 21000n
 */
export function quantity(obj: Json, key: string, title: string, bits = 256): bigint {
  const value = obj[key];
  if (value === undefined || value === null) throw new InputError(`"${title}.${key}" is missing`);
  // Room for a few leading zeros, never for an endless string.
  if (typeof value === 'string' && (value.length > 2 + bits / 4 + 16 || value.slice(2).replace(/^0+/, '').length > bits / 4)) {
    throw new InputError(`"${title}.${key}" expected a quantity of at most ${bits} bits, got ${describe(value)}`);
  }
  return hexToBigInt(value, `${title}.${key}`);
}

/** `quantity` when present, else undefined (null counts as absent). */
export function optionalQuantity(obj: Json, key: string, title: string, bits = 256): bigint | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : quantity(obj, key, title, bits);
}

/** `0x` data of exactly `length` bytes (any length, bounded by `max`, when `length` is undefined). */
export function data(obj: Json, key: string, title: string, length?: number, max = 1 << 24): Uint8Array {
  const value = obj[key];
  if (value === undefined || value === null) throw new InputError(`"${title}.${key}" is missing`);
  if (typeof value === 'string' && value.length > 2 + 2 * max) {
    throw new InputError(`"${title}.${key}" expected at most ${max} bytes, got ${(value.length - 2) / 2}`);
  }
  return hexToBytes(value, length, `${title}.${key}`);
}

/** `data` when present, else undefined (null counts as absent). */
export function optionalData(obj: Json, key: string, title: string, length?: number): Uint8Array | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : data(obj, key, title, length);
}

/** A bare `0x` data value (an array's entry) of exactly `length` bytes. */
export function dataValue(value: unknown, title: string, length: number): Uint8Array {
  return hexToBytes(value, length, title);
}

/** Minimal quantity: `0x0`, `0x1a`. */
export const hexQuantity = (value: bigint | number): string => bigIntToHex(value);

/** Lower-case data. */
export const hexData = (bytes: Uint8Array): string => bytesToHex(bytes);
