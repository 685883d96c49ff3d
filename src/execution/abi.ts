/**
 * The Solidity contract ABI (docs.soliditylang.org "Contract ABI Specification"): `abi.encode` /
 * `abi.decode` of the types rollup contracts take (uintN, intN, address, bool, bytesN, bytes,
 * string, T[], T[k], tuples), function selectors, event topics and call data. The one ABI codec
 * of Vigil: exits, adapters and the wallet encode calls through it.
 *
 * Decoding is strict: offsets must point inside the data and past the head they are in, padding
 * must be zero, values must fit their type; anything else is ABI_MALFORMED (a lying RPC's answer
 * must not decode to something).
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, describe, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';

export type AbiValue = bigint | boolean | string | Uint8Array | readonly AbiValue[];

/** A parsed ABI type. */
type AbiType =
  | { kind: 'uint' | 'int'; bits: number }
  | { kind: 'address' | 'bool' | 'bytes' | 'string' }
  | { kind: 'fixedBytes'; size: number }
  | { kind: 'array'; of: AbiType; length?: number }
  | { kind: 'tuple'; of: AbiType[] };

const MAX_DEPTH = 16;

/** Splits `a,(b,c)[],d` at its top-level commas. */
function splitTop(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw new InputError(`unbalanced parentheses in ABI types ${list}`);
  }
  if (depth !== 0) throw new InputError(`unbalanced parentheses in ABI types ${list}`);
  if (list.length > 0) out.push(list.slice(start));
  return out;
}

function parseType(text: string, depth = 0): AbiType {
  if (depth > MAX_DEPTH) throw new InputError('ABI type nested too deeply');
  const t = text.trim();
  const array = /^(.*)\[(\d*)\]$/.exec(t);
  if (array) {
    const of = parseType(array[1]!, depth + 1);
    return array[2] === '' ? { kind: 'array', of } : { kind: 'array', of, length: Number(array[2]) };
  }
  if (t.startsWith('(') && t.endsWith(')')) return { kind: 'tuple', of: splitTop(t.slice(1, -1)).map((p) => parseType(p, depth + 1)) };
  if (t === 'address' || t === 'bool' || t === 'bytes' || t === 'string') return { kind: t };
  const int = /^(u?int)(\d*)$/.exec(t);
  if (int) {
    const bits = int[2] === '' ? 256 : Number(int[2]);
    if (bits < 8 || bits > 256 || bits % 8 !== 0) throw new InputError(`not an ABI integer type: ${t}`);
    return { kind: int[1] === 'uint' ? 'uint' : 'int', bits };
  }
  const fixed = /^bytes(\d+)$/.exec(t);
  if (fixed) {
    const size = Number(fixed[1]);
    if (size < 1 || size > 32) throw new InputError(`not an ABI bytes type: ${t}`);
    return { kind: 'fixedBytes', size };
  }
  throw new InputError(`not an ABI type: ${t.slice(0, 60)}`);
}

function isDynamic(t: AbiType): boolean {
  if (t.kind === 'bytes' || t.kind === 'string') return true;
  if (t.kind === 'array') return t.length === undefined || isDynamic(t.of);
  if (t.kind === 'tuple') return t.of.some(isDynamic);
  return false;
}

/** Bytes a static type takes in the head. */
function headSize(t: AbiType): number {
  if (isDynamic(t)) return 32;
  if (t.kind === 'array') return t.length! * headSize(t.of);
  if (t.kind === 'tuple') return t.of.reduce((n, x) => n + headSize(x), 0);
  return 32;
}

const word = (v: bigint) => bigIntToBytesPadded(v, 32);

function asBytes(value: AbiValue, title: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return hexToBytes(value, undefined, title);
  throw new InputError(`${title}: expected bytes, got ${describe(value)}`);
}

function asInteger(value: AbiValue, title: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new InputError(`${title}: expected an integer, got ${describe(value)}`);
}

function padRight(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 32) * 32);
  out.set(bytes);
  return out;
}

function encodeOne(t: AbiType, value: AbiValue, title: string): Uint8Array {
  switch (t.kind) {
    case 'uint': {
      const v = asInteger(value, title);
      if (v < 0n || v >= 1n << BigInt(t.bits)) throw new InputError(`${title}: ${v} does not fit uint${t.bits}`);
      return word(v);
    }
    case 'int': {
      const v = asInteger(value, title);
      const half = 1n << BigInt(t.bits - 1);
      if (v < -half || v >= half) throw new InputError(`${title}: ${v} does not fit int${t.bits}`);
      return word(v < 0n ? (1n << 256n) + v : v);
    }
    case 'address': {
      if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new InputError(`${title}: expected an address, got ${describe(value)}`);
      return word(BigInt(value));
    }
    case 'bool':
      if (typeof value !== 'boolean') throw new InputError(`${title}: expected a boolean, got ${describe(value)}`);
      return word(value ? 1n : 0n);
    case 'fixedBytes': {
      const b = asBytes(value, title);
      if (b.length !== t.size) throw new InputError(`${title}: expected ${t.size} bytes, got ${b.length}`);
      return padRight(b);
    }
    case 'bytes':
    case 'string': {
      const b = t.kind === 'string' ? (typeof value === 'string' ? new TextEncoder().encode(value) : asBytes(value, title)) : asBytes(value, title);
      return concatBytes(word(BigInt(b.length)), padRight(b));
    }
    case 'array': {
      if (!Array.isArray(value)) throw new InputError(`${title}: expected an array, got ${describe(value)}`);
      const items = value as readonly AbiValue[];
      if (t.length !== undefined && items.length !== t.length) throw new InputError(`${title}: expected ${t.length} items, got ${items.length}`);
      const body = encodeSequence(
        items.map(() => t.of),
        items,
        title,
      );
      return t.length === undefined ? concatBytes(word(BigInt(items.length)), body) : body;
    }
    case 'tuple': {
      if (!Array.isArray(value)) throw new InputError(`${title}: expected a tuple (an array), got ${describe(value)}`);
      return encodeSequence(t.of, value as readonly AbiValue[], title);
    }
  }
}

/** Heads then tails: dynamic members by offset from the start of the sequence. */
function encodeSequence(types: readonly AbiType[], values: readonly AbiValue[], title: string): Uint8Array {
  if (types.length !== values.length) throw new InputError(`${title}: expected ${types.length} values, got ${values.length}`);
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailOffset = types.reduce((n, t) => n + headSize(t), 0);
  types.forEach((t, i) => {
    const encoded = encodeOne(t, values[i]!, `${title}[${i}]`);
    if (isDynamic(t)) {
      heads.push(word(BigInt(tailOffset)));
      tails.push(encoded);
      tailOffset += encoded.length;
    } else heads.push(encoded);
  });
  return concatBytes(...heads, ...tails);
}

/** `abi.encode(values)` of `types` (e.g. ['uint256', '(address,bytes)[]']). @throws InputError */
export function encodeAbi(types: readonly string[], values: readonly AbiValue[]): Uint8Array {
  return encodeSequence(
    types.map((t) => parseType(t)),
    values,
    'abi',
  );
}

/** The 4-byte selector of a function signature, as 0x-hex. */
export function functionSelector(signature: string): string {
  return bytesToHex(keccak256(new TextEncoder().encode(signature)).slice(0, 4));
}

/** topic0 of an event signature (0x-hex, lower case). */
export function eventTopic(signature: string): string {
  return bytesToHex(keccak256(new TextEncoder().encode(signature)));
}

/** Splits `name(types)` into its name and argument types. */
function signatureTypes(signature: string): string[] {
  const open = signature.indexOf('(');
  if (open <= 0 || !signature.endsWith(')') || /\s/.test(signature)) throw new InputError(`not a canonical function signature: ${signature.slice(0, 80)}`);
  return splitTop(signature.slice(open + 1, -1));
}

/** Calldata `selector ‖ abi.encode(args)` of a canonical signature such as `f(uint256,(address,bytes)[])`. @throws InputError */
export function encodeFunctionCall(signature: string, args: readonly AbiValue[]): string {
  const types = signatureTypes(signature);
  return bytesToHex(concatBytes(hexToBytes(functionSelector(signature)), encodeAbi(types, args)));
}

const malformed = (message: string) => new VerificationError('ABI_MALFORMED', message);

class Reader {
  constructor(readonly data: Uint8Array) {}

  word(at: number): bigint {
    if (!Number.isSafeInteger(at) || at < 0 || at + 32 > this.data.length) throw malformed(`ABI data ends before the word at ${at} (${this.data.length} bytes)`);
    return bytesToBigInt(this.data.subarray(at, at + 32));
  }

  /** An offset or a length: a word that must be small enough to point inside the data. */
  small(at: number): number {
    const v = this.word(at);
    if (v > BigInt(this.data.length)) throw malformed(`ABI offset or length ${v} at ${at} points past the data (${this.data.length} bytes)`);
    return Number(v);
  }
}

function decodeOne(r: Reader, t: AbiType, at: number, base: number, headEnd: number): AbiValue {
  // `at`: where this value's head is; `base`: the start of the enclosing sequence (offsets count
  // from it); `headEnd`: the size of that sequence's head. A tail inside the head would make one
  // value decode from many byte strings (an offset 0 reads its own word as the length).
  if (isDynamic(t)) {
    const offset = r.small(at);
    if (offset < headEnd) throw malformed(`ABI offset ${offset} at ${at} points into the head of its sequence (${headEnd} bytes)`);
    return decodeTail(r, t, base + offset);
  }
  return decodeStatic(r, t, at);
}

function decodeStatic(r: Reader, t: AbiType, at: number): AbiValue {
  switch (t.kind) {
    case 'uint': {
      const v = r.word(at);
      if (v >> BigInt(t.bits) !== 0n) throw malformed(`uint${t.bits} at ${at} has high bits set`);
      return v;
    }
    case 'int': {
      const v = r.word(at);
      const half = 1n << BigInt(t.bits - 1);
      const signed = v >= 1n << 255n ? v - (1n << 256n) : v;
      if (signed < -half || signed >= half) throw malformed(`int${t.bits} at ${at} is not sign-extended`);
      return signed;
    }
    case 'address': {
      const v = r.word(at);
      if (v >> 160n !== 0n) throw malformed(`address at ${at} has high bits set`);
      return '0x' + v.toString(16).padStart(40, '0');
    }
    case 'bool': {
      const v = r.word(at);
      if (v > 1n) throw malformed(`bool at ${at} is ${v}`);
      return v === 1n;
    }
    case 'fixedBytes': {
      r.word(at);
      const b = r.data.subarray(at, at + 32);
      if (b.subarray(t.size).some((x) => x !== 0)) throw malformed(`bytes${t.size} at ${at} has non-zero padding`);
      return bytesToHex(b.subarray(0, t.size));
    }
    case 'array':
      return decodeSequence(
        r,
        Array.from({ length: t.length! }, () => t.of),
        at,
      );
    case 'tuple':
      return decodeSequence(r, t.of, at);
    default:
      throw malformed(`${t.kind} is not static`);
  }
}

function decodeTail(r: Reader, t: AbiType, start: number): AbiValue {
  if (t.kind === 'bytes' || t.kind === 'string') {
    const length = r.small(start);
    const end = start + 32 + length;
    if (end > r.data.length) throw malformed(`ABI ${t.kind} of ${length} bytes at ${start} runs past the data`);
    const padded = start + 32 + Math.ceil(length / 32) * 32;
    if (padded > r.data.length || r.data.subarray(end, padded).some((x) => x !== 0)) throw malformed(`ABI ${t.kind} at ${start} is not zero-padded`);
    const b = r.data.subarray(start + 32, end);
    if (t.kind === 'bytes') return bytesToHex(b);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      throw malformed(`ABI string at ${start} is not UTF-8`);
    }
  }
  if (t.kind === 'array') {
    if (t.length !== undefined) return decodeSequence(r, Array.from({ length: t.length }, () => t.of), start);
    const length = r.small(start);
    // Each item takes at least one word: a length beyond the data is a lie, not a big array.
    if (start + 32 + length * 32 > r.data.length) throw malformed(`ABI array of ${length} items at ${start} runs past the data`);
    return decodeSequence(
      r,
      Array.from({ length }, () => t.of),
      start + 32,
    );
  }
  if (t.kind === 'tuple') return decodeSequence(r, t.of, start);
  throw malformed(`${t.kind} is not dynamic`);
}

function decodeSequence(r: Reader, types: readonly AbiType[], base: number): AbiValue[] {
  const out: AbiValue[] = [];
  const headEnd = types.reduce((n, t) => n + headSize(t), 0);
  let at = base;
  for (const t of types) {
    out.push(decodeOne(r, t, at, base, headEnd));
    at += headSize(t);
  }
  return out;
}

/**
 * `abi.decode(data, types)`: integers as bigint, addresses and bytes as lower-case 0x-hex, arrays
 * and tuples as arrays. Trailing data after the last tail is allowed (Solidity allows it).
 * @throws VerificationError ABI_MALFORMED; InputError for a type it does not know
 */
export function decodeAbi(types: readonly string[], data: Uint8Array | string): AbiValue[] {
  const bytes = typeof data === 'string' ? hexToBytes(data, undefined, 'ABI data') : data;
  return decodeSequence(
    new Reader(bytes),
    types.map((t) => parseType(t)),
    0,
  );
}
