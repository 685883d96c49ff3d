/**
 * Single scalars of the BLS12-381 scalar field as bigints, and the spec's helpers on them
 * (consensus-specs deneb/polynomial-commitments.md "Bit-reversal permutation" and "BLS12-381
 * helpers", fulu/polynomial-commitments-sampling.md): what the spec layer computes itself, for
 * transcripts, powers and the few dozen elements a check handles one at a time. Vectors of
 * thousands of elements are the backend's (./backend.ts).
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt } from '../../core/bytes.ts';
import { sha256 } from '../sha256.ts';
import { BLS_MODULUS } from './backend.ts';

const R = BLS_MODULUS;
/** PRIMITIVE_ROOT_OF_UNITY: the root every root of unity derives from. */
export const PRIMITIVE_ROOT_OF_UNITY = 7n;

/** x mod BLS_MODULUS, in [0, BLS_MODULUS). */
export const frMod = (x: bigint): bigint => {
  const m = x % R;
  return m < 0n ? m + R : m;
};

export const frAdd = (a: bigint, b: bigint): bigint => frMod(a + b);
export const frSub = (a: bigint, b: bigint): bigint => frMod(a - b);
export const frMul = (a: bigint, b: bigint): bigint => (a * b) % R;

/** base^exp mod BLS_MODULUS (exp ≥ 0). */
export function frPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = frMod(base);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % R;
    b = (b * b) % R;
  }
  return result;
}

/** The inverse of a non-zero element (Fermat). */
export const frInv = (a: bigint): bigint => frPow(a, R - 2n);

/**
 * Inverses of many non-zero elements with one exponentiation (Montgomery's trick).
 * @throws RangeError on a zero element (callers rule zeros out first)
 */
export function frBatchInv(values: readonly bigint[]): bigint[] {
  const prefix: bigint[] = new Array(values.length);
  let acc = 1n;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0n) throw new RangeError(`element ${i} has no inverse`);
    prefix[i] = acc;
    acc = (acc * values[i]!) % R;
  }
  let inv = frInv(acc);
  const out: bigint[] = new Array(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = (inv * prefix[i]!) % R;
    inv = (inv * values[i]!) % R;
  }
  return out;
}

/** hash_to_bls_field: SHA-256 of `data`, big-endian, reduced mod BLS_MODULUS (not uniform, as the spec says). */
export const hashToBlsField = (data: Uint8Array): bigint => bytesToBigInt(sha256(data)) % R;

/** bls_field_to_bytes: 32 bytes, big-endian. */
export const blsFieldToBytes = (x: bigint): Uint8Array => bigIntToBytesPadded(x, 32);

/** compute_powers: x^0 … x^(n−1). */
export function computePowers(x: bigint, n: number): bigint[] {
  const powers: bigint[] = new Array(n);
  let current = 1n;
  for (let i = 0; i < n; i++) {
    powers[i] = current;
    current = (current * x) % R;
  }
  return powers;
}

/** The generator of the roots of unity of `order` (a power of two dividing BLS_MODULUS − 1). */
export const rootOfUnity = (order: number): bigint => frPow(PRIMITIVE_ROOT_OF_UNITY, (R - 1n) / BigInt(order));

const rootsCache = new Map<number, readonly bigint[]>();

/** compute_roots_of_unity: ω^0 … ω^(order−1), cached (the spec layer asks for 64, 128, 4096 and 8192). */
export function computeRootsOfUnity(order: number): readonly bigint[] {
  let roots = rootsCache.get(order);
  if (roots === undefined) rootsCache.set(order, (roots = computePowers(rootOfUnity(order), order)));
  return roots;
}

/** reverse_bits: `n` with its log2(order) low bits in reverse order. */
export function reverseBits(n: number, order: number): number {
  let out = 0;
  for (let bit = 1; bit < order; bit <<= 1) {
    out = (out << 1) | (n & 1);
    n >>= 1;
  }
  return out;
}

/** bit_reversal_permutation: a copy, element i taken from reverse_bits(i). */
export function bitReversalPermutation<T>(sequence: readonly T[]): T[] {
  return sequence.map((_, i) => sequence[reverseBits(i, sequence.length)]!);
}

/** Big-endian `bytes` of `length` for an integer the transcript carries (a count, an index). */
export function uintToBytes(value: number, length: number): Uint8Array {
  return bigIntToBytesPadded(BigInt(value), length);
}
