/**
 * The hashing front door of src/ssz: batched pair hashing and the zero-subtree hashes.
 *
 * Every SSZ hash is sha256 of 64 bytes (two chunks), so merkleization hashes a whole tree
 * layer with one call to `sha256Pairs` (SIMD WASM) instead of one call per node.
 * @module
 */
import * as crypto from '../crypto/sha256.ts';

type PairsFn = (input: Uint8Array) => Uint8Array;

/** Hashes pairs one at a time: used only while src/crypto has no batched `sha256Pairs`. */
function pairsLoop(input: Uint8Array): Uint8Array {
  const n = input.length >>> 6;
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) {
    out.set(crypto.sha256Pair(input.subarray(i * 64, i * 64 + 32), input.subarray(i * 64 + 32, i * 64 + 64)), i * 32);
  }
  return out;
}

// TODO(ssz): import { sha256Pairs } directly once src/crypto/sha256.ts exports it everywhere.
const batched = (crypto as unknown as { sha256Pairs?: PairsFn }).sha256Pairs;

/**
 * sha256 of each 64-byte pair of `input` (n·64 bytes) into n·32 bytes.
 * @example hashPairs(concatBytes(a, b)) // = sha256Pair(a, b)
 */
export const hashPairs: PairsFn = typeof batched === 'function' ? batched : pairsLoop;

/** sha256(left ‖ right) of two 32-byte chunks. */
export const hashPair = crypto.sha256Pair;

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
