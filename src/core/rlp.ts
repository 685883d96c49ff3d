/**
 * Recursive Length Prefix, strict (Ethereum Yellow Paper, appendix B).
 *
 * The decoder accepts only the canonical encoding of a value: a single byte below 0x80 is
 * never wrapped, short payloads never use the long form, lengths have no leading zeros, and
 * nothing follows the top-level item. Every item shares the input's buffer (no copies).
 * Input size and nesting depth are bounded before any allocation.
 * @module
 */
import { abytes, bigIntToBytes, concatBytes } from './bytes.ts';
import { InputError, VerificationError } from './errors.ts';

export type RlpItem = Uint8Array | RlpItem[];

export interface RlpDecodeOptions {
  /** Largest accepted input, in bytes. Default 32 MiB. */
  maxBytes?: number;
  /** Deepest accepted list nesting (the top-level list is depth 1). Default 32. */
  maxDepth?: number;
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 32;

/**
 * Decodes one RLP item that must span all of `input`.
 * @example decodeRlp(hexToBytes('0xc20102')) // [Uint8Array [1], Uint8Array [2]]
 */
export function decodeRlp(input: Uint8Array, options: RlpDecodeOptions = {}): RlpItem {
  abytes(input, undefined, 'rlp');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (input.length > maxBytes) {
    throw new VerificationError('RLP_TOO_LARGE', 'RLP input exceeds the size limit', {
      expected: `<= ${maxBytes} bytes`,
      got: `${input.length} bytes`,
    });
  }
  if (input.length === 0) {
    throw new VerificationError('RLP_TRUNCATED', 'RLP input is empty');
  }
  const [item, end] = decodeAt(input, 0, input.length, 0, maxDepth);
  if (end !== input.length) {
    throw new VerificationError('RLP_TRAILING_BYTES', 'RLP item is followed by trailing bytes', {
      expected: `${end} bytes`,
      got: `${input.length} bytes`,
    });
  }
  return item;
}

/** Returns [item, offset after item]; `limit` is the end of the enclosing payload. */
function decodeAt(
  buf: Uint8Array,
  pos: number,
  limit: number,
  depth: number,
  maxDepth: number,
): [RlpItem, number] {
  const prefix = buf[pos]!;
  if (prefix < 0x80) return [buf.subarray(pos, pos + 1), pos + 1];

  if (prefix <= 0xb7) {
    const len = prefix - 0x80;
    const start = pos + 1;
    ensureWithin(start + len, limit);
    if (len === 1 && buf[start]! < 0x80) {
      throw new VerificationError('RLP_NON_CANONICAL', 'single byte below 0x80 must not carry a length prefix', {
        expected: `0x${buf[start]!.toString(16).padStart(2, '0')}`,
        got: `0x81${buf[start]!.toString(16).padStart(2, '0')}`,
      });
    }
    return [buf.subarray(start, start + len), start + len];
  }

  if (prefix <= 0xbf) {
    const [len, start] = readLongLength(buf, pos, prefix - 0xb7, limit);
    ensureWithin(start + len, limit);
    return [buf.subarray(start, start + len), start + len];
  }

  if (depth + 1 > maxDepth) {
    throw new VerificationError('RLP_TOO_DEEP', 'RLP nesting exceeds the depth limit', {
      expected: `<= ${maxDepth}`,
      got: `> ${maxDepth}`,
    });
  }

  let start: number;
  let len: number;
  if (prefix <= 0xf7) {
    len = prefix - 0xc0;
    start = pos + 1;
  } else {
    [len, start] = readLongLength(buf, pos, prefix - 0xf7, limit);
  }
  const end = start + len;
  ensureWithin(end, limit);
  const items: RlpItem[] = [];
  let p = start;
  while (p < end) {
    const [child, next] = decodeAt(buf, p, end, depth + 1, maxDepth);
    items.push(child);
    p = next;
  }
  return [items, end];
}

/** Reads the big-endian length of a long string/list; returns [length, payload start]. */
function readLongLength(buf: Uint8Array, pos: number, lenOfLen: number, limit: number): [number, number] {
  const start = pos + 1 + lenOfLen;
  ensureWithin(start, limit);
  if (buf[pos + 1] === 0) {
    throw new VerificationError('RLP_NON_CANONICAL', 'RLP length has a leading zero byte');
  }
  // Lengths past 2^48 cannot fit any bounded input; reject before arithmetic loses precision.
  if (lenOfLen > 6) {
    throw new VerificationError('RLP_TRUNCATED', 'RLP length is larger than the input', {
      expected: `<= ${limit - start} bytes`,
      got: `a ${lenOfLen}-byte length`,
    });
  }
  let len = 0;
  for (let i = 0; i < lenOfLen; i++) len = len * 256 + buf[pos + 1 + i]!;
  if (len < 56) {
    throw new VerificationError('RLP_NON_CANONICAL', 'RLP payload under 56 bytes must use the short form', {
      expected: 'short form',
      got: `long form for ${len} bytes`,
    });
  }
  return [len, start];
}

function ensureWithin(end: number, limit: number): void {
  if (end > limit) {
    throw new VerificationError('RLP_TRUNCATED', 'RLP item runs past the end of its payload', {
      expected: `<= ${limit}`,
      got: `${end}`,
    });
  }
}

/** Input to `encodeRlp`: bytes, lists, and non-negative integers (minimal big-endian). */
export type RlpInput = Uint8Array | bigint | number | RlpInput[];

/**
 * Encodes canonically.
 * @example encodeRlp([1n, new Uint8Array([0x80])]) // 0xc30181 80
 */
export function encodeRlp(input: RlpInput): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length === 1 && input[0]! < 0x80) return input.slice();
    return concatBytes(encodeLength(input.length, 0x80), input);
  }
  if (Array.isArray(input)) {
    const parts = input.map(encodeRlp);
    const payload = concatBytes(...parts);
    return concatBytes(encodeLength(payload.length, 0xc0), payload);
  }
  if (typeof input === 'bigint' || typeof input === 'number') {
    if (typeof input === 'number' && !Number.isSafeInteger(input)) {
      throw new InputError(`rlp: expected a safe integer, got ${input}`);
    }
    return encodeRlp(bigIntToBytes(input));
  }
  throw new InputError(`rlp: cannot encode ${typeof input}`);
}

function encodeLength(len: number, offset: number): Uint8Array {
  if (len < 56) return Uint8Array.of(offset + len);
  const lenBytes = bigIntToBytes(len);
  return concatBytes(Uint8Array.of(offset + 55 + lenBytes.length), lenBytes);
}

/** Narrows an item to bytes, or throws RLP_UNEXPECTED_TYPE naming `what`. */
export function rlpBytes(item: RlpItem | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array)) {
    throw new VerificationError('RLP_UNEXPECTED_TYPE', `${what} must be an RLP string`, {
      expected: 'string',
      got: item === undefined ? 'nothing' : 'list',
    });
  }
  return item;
}

/** Narrows an item to a list (of `length` items, when given), or throws RLP_UNEXPECTED_TYPE. */
export function rlpList(item: RlpItem | undefined, what: string, length?: number): RlpItem[] {
  if (!Array.isArray(item)) {
    throw new VerificationError('RLP_UNEXPECTED_TYPE', `${what} must be an RLP list`, {
      expected: 'list',
      got: item === undefined ? 'nothing' : 'string',
    });
  }
  if (length !== undefined && item.length !== length) {
    throw new VerificationError('RLP_UNEXPECTED_TYPE', `${what} has the wrong number of items`, {
      expected: `${length}`,
      got: `${item.length}`,
    });
  }
  return item;
}

/** Reads an RLP scalar: minimal big-endian, so no leading zero byte (zero is the empty string). */
export function rlpScalar(item: RlpItem | undefined, what: string): bigint {
  const bytes = rlpBytes(item, what);
  if (bytes.length > 0 && bytes[0] === 0) {
    throw new VerificationError('RLP_NON_CANONICAL', `${what} has a leading zero byte`);
  }
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}
