/**
 * The hashing front door of src/ssz: batched pair hashing and the zero-subtree hashes.
 *
 * Every SSZ hash is sha256 of 64 bytes (two chunks), so merkleization hashes a whole tree
 * layer with one call to `sha256Pairs` (SIMD WASM) instead of one call per node.
 * @module
 */
import { sha256Pair, sha256Pairs } from '../crypto/sha256.ts';

/**
 * sha256 of each 64-byte pair of `input` (n·64 bytes) into n·32 bytes.
 * @example hashPairs(concatBytes(a, b)) // = sha256Pair(a, b)
 */
export const hashPairs: (input: Uint8Array) => Uint8Array = sha256Pairs;

/** sha256(left ‖ right) of two 32-byte chunks. */
export const hashPair: (left: Uint8Array, right: Uint8Array) => Uint8Array = sha256Pair;

/** Deepest tree we support: SSZ limits are at most 2^64 chunks. */
export const MAX_DEPTH = 64;

/** zero_hashes[0..computed], grown on demand: a cold start needs only the shallow ones. */
const zeros = new Uint8Array((MAX_DEPTH + 1) * 32);
let computed = 0;

/**
 * Root of a depth-`depth` tree of zero chunks (zero_hashes in the spec, simple-serialize.md).
 * Returns a view into a shared table: never write to it.
 */
export function zeroHash(depth: number): Uint8Array {
  for (; computed < depth; computed++) {
    const z = zeros.subarray(computed * 32, computed * 32 + 32);
    zeros.set(hashPair(z, z), (computed + 1) * 32);
  }
  return zeros.subarray(depth * 32, depth * 32 + 32);
}
