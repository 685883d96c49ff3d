/**
 * Bytes and hex helpers, strict about what they accept.
 * @module
 */
import { InputError } from './errors.ts';

const HEX_RE = /^0x[0-9a-fA-F]*$/;
const HEX_CHARS = '0123456789abcdef';
/** Digit values by char code (−1: not a hex digit). */
const HEX_VALUES: Int8Array = /* @__PURE__ */ (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[65 + i] = t[97 + i] = 10 + i;
  return t;
})();
const HEX_TABLE: string[] = Array.from({ length: 256 }, (_, i) => HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);

/** Throws unless `value` is a Uint8Array (of `length`, when given). Returns it. */
export function abytes(value: unknown, length?: number, title = 'value'): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new InputError(`"${title}" expected Uint8Array, got ${typeof value}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new InputError(`"${title}" expected Uint8Array of length ${length}, got length=${value.length}`);
  }
  return value;
}

/** Throws unless `value` is a safe non-negative integer. Returns it. */
export function anumber(value: unknown, title = 'value'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(`"${title}" expected a non-negative safe integer, got ${String(value)}`);
  }
  return value;
}

/** True for `0x`-prefixed strings of hex digits (any length, any case). */
export function isHex(value: unknown): value is string {
  return typeof value === 'string' && HEX_RE.test(value);
}

/**
 * Decodes `0x`-prefixed hex of even length. With `length`, the byte length must match.
 * @example hexToBytes('0x01ff') // Uint8Array [1, 255]
 */
export function hexToBytes(hex: unknown, length?: number, title = 'hex'): Uint8Array {
  // One pass: the digits are validated while they are decoded (light-client JSON carries
  // thousands of keys and branch nodes, so this is on the start-up path).
  if (typeof hex !== 'string' || hex.charCodeAt(0) !== 48 /* 0 */ || hex.charCodeAt(1) !== 120 /* x */) {
    throw new InputError(`"${title}" expected 0x-prefixed hex, got ${describe(hex)}`);
  }
  if (hex.length % 2 !== 0) {
    if (!isHex(hex)) throw new InputError(`"${title}" expected 0x-prefixed hex, got ${describe(hex)}`);
    throw new InputError(`"${title}" expected an even number of hex digits, got ${hex.length - 2}`);
  }
  const n = (hex.length - 2) / 2;
  if (length !== undefined && n !== length) {
    if (!isHex(hex)) throw new InputError(`"${title}" expected 0x-prefixed hex, got ${describe(hex)}`);
    throw new InputError(`"${title}" expected ${length} bytes of hex, got ${n}`);
  }
  const out = new Uint8Array(n);
  for (let i = 0, j = 2; i < n; i++, j += 2) {
    const hi = HEX_VALUES[hex.charCodeAt(j)] ?? -1;
    const lo = HEX_VALUES[hex.charCodeAt(j + 1)] ?? -1;
    if ((hi | lo) < 0) throw new InputError(`"${title}" expected 0x-prefixed hex, got ${describe(hex)}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Lower-case `0x`-prefixed hex. */
export function bytesToHex(bytes: Uint8Array): string {
  // Large inputs (a light-client store crossing to a worker) as one ASCII buffer: concatenating
  // tens of thousands of strings is many times slower.
  if (bytes.length > 256) return bytesToHexLarge(bytes);
  let s = '0x';
  for (let i = 0; i < bytes.length; i++) s += HEX_TABLE[bytes[i]!];
  return s;
}

/** ASCII codes of the hex digits. */
const HEX_ASCII: Uint8Array = /* @__PURE__ */ Uint8Array.from(HEX_CHARS, (c) => c.charCodeAt(0));
const latin1 = /* @__PURE__ */ new TextDecoder('latin1');

function bytesToHexLarge(bytes: Uint8Array): string {
  const out = new Uint8Array(2 * bytes.length + 2);
  out[0] = 48; // 0
  out[1] = 120; // x
  for (let i = 0, j = 2; i < bytes.length; i++, j += 2) {
    const b = bytes[i]!;
    out[j] = HEX_ASCII[b >> 4]!;
    out[j + 1] = HEX_ASCII[b & 15]!;
  }
  return latin1.decode(out);
}

/**
 * Parses a JSON-RPC quantity (`0x`-prefixed hex number). Leading zeros are tolerated on input,
 * since some servers send them; Vigil always prints the minimal form.
 */
export function hexToBigInt(hex: unknown, title = 'quantity'): bigint {
  if (!isHex(hex) || hex.length === 2) {
    throw new InputError(`"${title}" expected a 0x-prefixed hex quantity, got ${describe(hex)}`);
  }
  return BigInt(hex);
}

/** Minimal JSON-RPC quantity: `0x0`, `0x1a`. */
export function bigIntToHex(value: bigint | number): string {
  const v = BigInt(value);
  if (v < 0n) throw new InputError(`quantity expected non-negative, got ${v}`);
  return `0x${v.toString(16)}`;
}

/** Big-endian bytes as an unsigned integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(bytesToHex(bytes));
}

/** Minimal big-endian bytes of a non-negative integer (0 → empty), as RLP scalars are stored. */
export function bigIntToBytes(value: bigint | number): Uint8Array {
  const v = BigInt(value);
  if (v < 0n) throw new InputError(`integer expected non-negative, got ${v}`);
  if (v === 0n) return new Uint8Array(0);
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return hexToBytes('0x' + hex);
}

/** Big-endian bytes of `value`, left-padded to `length`. */
export function bigIntToBytesPadded(value: bigint, length: number): Uint8Array {
  const raw = bigIntToBytes(value);
  if (raw.length > length) throw new InputError(`integer ${value} does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  out.set(raw, length - raw.length);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Short printable form of an unknown value for error messages: a string's start; a number's,
 * boolean's or bigint's type and value ("number 7"); else only its type (an object's own toString
 * may be anything, or throw: never called).
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 80 ? `"${value.slice(0, 77)}..."` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (value === null) return 'null';
  return typeof value;
}
