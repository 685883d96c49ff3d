/**
 * Merkleization of 32-byte chunks (consensus-specs ssz/simple-serialize.md, "Merkleization").
 *
 * Leaves live in one caller-allocated buffer (`allocLeaves`) that is hashed in place, a whole
 * layer per `hashPairs` call; layers shorter than the tree are padded with zero-subtree hashes
 * instead of zero chunks, so a List of limit 2^40 with three elements costs ~40 hashes.
 * @module
 */
import { hashPair, hashPairs, MAX_DEPTH, zeroHash } from './hash.ts';
import { abytes, anumber } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { fault } from './fault.ts';

/** Bytes for `count` leaves plus the one spare chunk an odd layer needs to be paired. */
export function allocLeaves(count: number): Uint8Array {
  return new Uint8Array((count + (count & 1)) * 32);
}

/** Smallest d with 2^d ≥ n (0 for n ≤ 1): the depth of a tree of n leaves. */
export function ceilLog2(n: number): number {
  let d = 0;
  while (d < MAX_DEPTH && 2 ** d < n) d++;
  return d;
}

/**
 * Writes the root of the depth-`depth` tree whose first `count` leaves are in `leaves` (the rest
 * zero) to `out[offset..offset+32]`. Overwrites `leaves`, which must come from `allocLeaves(count)`.
 */
export function merkleizeInto(leaves: Uint8Array, count: number, depth: number, out: Uint8Array, offset: number): void {
  if (count > 2 ** depth) fault('too many chunks for the tree', `at most ${2 ** depth}`, count);
  if (count === 0) {
    out.set(zeroHash(depth), offset);
    return;
  }
  let n = count;
  let level = 0;
  for (; level < depth && n > 1; level++) {
    if (n & 1) leaves.set(zeroHash(level), n++ * 32);
    leaves.set(hashPairs(leaves.subarray(0, n * 32)), 0);
    n >>>= 1;
  }
  // One node left and levels to go: its siblings are all zero subtrees.
  let node = leaves.subarray(0, 32);
  for (; level < depth; level++) node = hashPair(node, zeroHash(level));
  out.set(node, offset);
}

/**
 * merkleize(chunks, limit) of the spec: `chunks` is the concatenation of 32-byte chunks, `limit`
 * a chunk count (default: the number of chunks). Does not modify `chunks`.
 * @example merkleize(concatBytes(a, b)) // = sha256Pair(a, b)
 */
export function merkleize(chunks: Uint8Array, limit?: number): Uint8Array {
  abytes(chunks, undefined, 'chunks');
  if (chunks.length % 32 !== 0) {
    throw new InputError(`"chunks" expected a multiple of 32 bytes, got length=${chunks.length}`);
  }
  const count = chunks.length / 32;
  const max = limit === undefined ? count : anumber(limit, 'limit');
  if (count > max) throw new InputError(`"chunks" expected at most ${max} chunks (the limit), got ${count}`);
  const leaves = allocLeaves(count);
  leaves.set(chunks);
  const out = new Uint8Array(32);
  merkleizeInto(leaves, count, ceilLog2(max), out, 0);
  return out;
}

/** mix_in_length: sha256(root ‖ uint256(length)), written to `out[offset..]`. */
export function mixInLengthInto(root: Uint8Array, length: number, out: Uint8Array, offset: number): void {
  out.set(hashPair(root, lengthChunk(length)), offset);
}

/** The little-endian uint256 chunk of a list length (the right child of a list's root). */
export function lengthChunk(length: number): Uint8Array {
  const chunk = new Uint8Array(32);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, length >>> 0, true);
  view.setUint32(4, Math.floor(length / 2 ** 32), true);
  return chunk;
}

/**
 * Roots of `treeCount` trees of exactly 2^depth leaves each, laid out one after another in
 * `leaves` (zero-padded by the caller). All trees are hashed together, a layer per call; used to
 * hash the 512 pubkeys of a sync committee in one batch. Returns `treeCount` roots (a view).
 */
export function merkleizeMany(leaves: Uint8Array, treeCount: number, depth: number): Uint8Array {
  let n = treeCount * 2 ** depth;
  for (let level = 0; level < depth; level++) {
    leaves.set(hashPairs(leaves.subarray(0, n * 32)), 0);
    n >>>= 1;
  }
  return leaves.subarray(0, treeCount * 32);
}

/**
 * The sibling hashes (leaf first) on the path from leaf `index` to the root of the depth-`depth`
 * tree whose first `count` leaves are in `leaves`, and that root. Overwrites `leaves`, which must
 * come from `allocLeaves(count)`.
 */
export function merkleBranch(
  leaves: Uint8Array,
  count: number,
  depth: number,
  index: number,
): { branch: Uint8Array[]; root: Uint8Array } {
  if (count > 2 ** depth) fault('too many chunks for the tree', `at most ${2 ** depth}`, count);
  if (index >= 2 ** depth) fault('leaf index outside the tree', `below ${2 ** depth}`, index);
  const branch: Uint8Array[] = [];
  let n = count;
  let i = index;
  for (let level = 0; level < depth; level++) {
    const sibling = i ^ 1;
    if (n === 0) {
      // Empty subtree: the path and its siblings are all zero hashes.
      branch.push(zeroHash(level).slice());
    } else {
      branch.push(sibling < n ? leaves.slice(sibling * 32, sibling * 32 + 32) : zeroHash(level).slice());
      if (n & 1) leaves.set(zeroHash(level), n++ * 32);
      leaves.set(hashPairs(leaves.subarray(0, n * 32)), 0);
      n >>>= 1;
    }
    i = Math.floor(i / 2);
  }
  return { branch, root: (count > 0 ? leaves.subarray(0, 32) : zeroHash(depth)).slice() };
}
