/**
 * JSON for the values exit plans take (Maps, bigints, bytes, undefined fields): tagged objects
 * `{ $map }`, `{ $big }`, `{ $bytes }`, so captured seeds read back exactly.
 */
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';

export function encodeSeed(value: unknown): unknown {
  if (typeof value === 'bigint') return { $big: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: bytesToHex(value) };
  if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [encodeSeed(k), encodeSeed(v)]) };
  if (Array.isArray(value)) return value.map(encodeSeed);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encodeSeed(v)]));
  }
  return value;
}

export function decodeSeed(value: unknown): any {
  if (Array.isArray(value)) return value.map(decodeSeed);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.$big === 'string') return BigInt(o.$big);
    if (typeof o.$bytes === 'string') return hexToBytes(o.$bytes);
    if (Array.isArray(o.$map)) return new Map((o.$map as [unknown, unknown][]).map(([k, v]) => [decodeSeed(k), decodeSeed(v)]));
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeSeed(v)]));
  }
  return value;
}
