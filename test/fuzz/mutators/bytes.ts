/**
 * Byte-level mutations, each named by its family (what FUZZ.md counts): bit flips, bytes set to
 * boundary values, truncation, extension, insertion, deletion, duplication, swaps of two ranges,
 * splices from another seed, and 32-byte words set to values that sit on a boundary of the
 * formats fuzzed here (field moduli, ABI offsets, lengths).
 */
import { bigIntToBytesPadded, concatBytes as concat } from '../../../src/core/bytes.ts';
import type { Rng } from '../rng.ts';

export interface Mutated<T> {
  value: T;
  /** The mutation family, e.g. 'bit-flip', 'truncate', 'rlp:swap-items'. */
  op: string;
}

export interface ByteMutationOptions {
  /** Other valid inputs to splice from. */
  donors?: readonly Uint8Array[];
  /** Byte strings worth planting (RLP prefixes, selectors, magic values). */
  dictionary?: readonly Uint8Array[];
  /** Largest input a mutation may grow to. Default 1 MiB. */
  maxBytes?: number;
  /** Where 32-byte words start (e.g. 4 after a selector). Default 0. */
  wordBase?: number;
}

const BYTE_BOUNDARIES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xb7, 0xb8, 0xbf, 0xc0, 0xc1, 0xf7, 0xf8, 0xff, 0x20, 0x40, 0x60];

/** BN254's base and scalar field moduli: a coordinate or scalar at or past them must be refused. */
export const BN254_P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const WORD_BOUNDARIES = [0n, 1n, 2n, 0x20n, 0x40n, 0x60n, 0x80n, (1n << 64n) - 1n, 1n << 64n, (1n << 255n), (1n << 256n) - 1n, BN254_P, BN254_P - 1n, BN254_P + 1n, BN254_R, BN254_R - 1n, BN254_R + 1n];

const word = (v: bigint): Uint8Array => bigIntToBytesPadded(v, 32);

type Op = (rng: Rng, b: Uint8Array, o: ByteMutationOptions) => Uint8Array;

const OPS: readonly (readonly [number, string, Op])[] = [
  [6, 'bit-flip', (rng, b) => {
    if (b.length === 0) return Uint8Array.of(rng.int(256));
    const out = b.slice();
    const flips = rng.chance(0.8) ? 1 : rng.range(2, 8);
    for (let i = 0; i < flips; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
    return out;
  }],
  [3, 'byte-set', (rng, b) => {
    if (b.length === 0) return Uint8Array.of(rng.pick(BYTE_BOUNDARIES));
    const out = b.slice();
    out[rng.int(out.length)] = rng.chance(0.6) ? rng.pick(BYTE_BOUNDARIES) : rng.int(256);
    return out;
  }],
  [3, 'truncate', (rng, b) => {
    if (b.length === 0) return b;
    return rng.chance(0.8) ? b.slice(0, rng.int(b.length)) : b.slice(rng.range(1, b.length));
  }],
  [3, 'extend', (rng, b, o) => {
    const n = rng.chance(0.5) ? rng.range(1, 4) : rng.range(1, 96);
    const tail = rng.chance(0.3) ? new Uint8Array(n) : rng.chance(0.5) && b.length > 0 ? b.slice(0, Math.min(n, b.length)) : rng.bytes(n);
    return limit(concat(b, tail), o);
  }],
  [2, 'insert', (rng, b, o) => {
    const at = rng.int(b.length + 1);
    const piece = rng.chance(0.5) && o.dictionary?.length ? rng.pick(o.dictionary) : rng.bytes(rng.range(1, 8));
    return limit(concat(b.subarray(0, at), piece, b.subarray(at)), o);
  }],
  [2, 'delete', (rng, b) => {
    if (b.length === 0) return b;
    const at = rng.int(b.length);
    const n = rng.chance(0.6) ? 1 : rng.range(1, Math.max(1, Math.min(64, b.length - at)));
    return concat(b.subarray(0, at), b.subarray(at + n));
  }],
  [1, 'duplicate', (rng, b, o) => {
    if (b.length === 0) return b;
    const at = rng.int(b.length);
    const n = rng.range(1, Math.min(64, b.length - at));
    return limit(concat(b.subarray(0, at + n), b.subarray(at, at + n), b.subarray(at + n)), o);
  }],
  [2, 'swap', (rng, b) => {
    if (b.length < 2) return b.slice().reverse();
    const n = rng.range(1, Math.max(1, Math.min(32, Math.floor(b.length / 2))));
    const i = rng.int(b.length - n + 1);
    const j = rng.int(b.length - n + 1);
    const out = b.slice();
    out.set(b.subarray(j, j + n), i);
    out.set(b.subarray(i, i + n), j);
    return out;
  }],
  [2, 'splice', (rng, b, o) => {
    const donor = o.donors?.length ? rng.pick(o.donors) : b;
    if (donor.length === 0) return b;
    const from = rng.int(donor.length);
    const piece = donor.subarray(from, from + rng.range(1, Math.min(256, donor.length - from)));
    const at = rng.int(b.length + 1);
    return rng.chance(0.5)
      ? limit(concat(b.subarray(0, at), piece, b.subarray(at)), o)
      : concat(b.subarray(0, at), piece, b.subarray(Math.min(b.length, at + piece.length)));
  }],
  [3, 'word', (rng, b, o) => {
    const base = o.wordBase ?? 0;
    if (b.length < base + 32) return concat(b, word(rng.pick(WORD_BOUNDARIES)));
    const out = b.slice();
    const aligned = rng.chance(0.7);
    const at = aligned ? base + 32 * rng.int(Math.floor((b.length - base) / 32)) : rng.int(b.length - 31);
    const v = rng.chance(0.8) ? rng.pick(WORD_BOUNDARIES) : BigInt(rng.int(b.length + 64));
    out.set(word(v), at);
    return out;
  }],
];

function limit(b: Uint8Array, o: ByteMutationOptions): Uint8Array {
  const max = o.maxBytes ?? 1 << 20;
  return b.length > max ? b.subarray(0, max) : b;
}

/**
 * One to a few stacked byte mutations of `input` (never the input itself: the copy is new).
 * @example mutateBytes(rng, proofNode).value
 */
export function mutateBytes(rng: Rng, input: Uint8Array, options: ByteMutationOptions = {}): Mutated<Uint8Array> {
  const rounds = rng.chance(0.75) ? 1 : rng.range(2, 4);
  let value = input;
  const names: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const [, name, op] = rng.weighted(OPS.map((entry) => [entry[0], entry] as const));
    value = op(rng, value, options);
    names.push(name);
  }
  return { value, op: names.length === 1 ? names[0]! : 'havoc' };
}
