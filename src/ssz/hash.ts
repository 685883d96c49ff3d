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

let zeros: Uint8Array | undefined;

/**
 * Root of a depth-`depth` tree of zero chunks (zero_hashes in the spec, simple-serialize.md).
 * Returns a view into a shared table: never write to it.
 */
export function zeroHash(depth: number): Uint8Array {
  if (zeros === undefined) {
    // Computed once, on first use, so that importing this module hashes nothing.
    const table = new Uint8Array((MAX_DEPTH + 1) * 32);
    for (let d = 0; d < MAX_DEPTH; d++) {
      const z = table.subarray(d * 32, d * 32 + 32);
      table.set(hashPair(z, z), (d + 1) * 32);
    }
    zeros = table;
  }
  return zeros.subarray(depth * 32, depth * 32 + 32);
}
