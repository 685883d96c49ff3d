/**
 * Progressive SSZ (EIP-7495 ProgressiveContainer, EIP-7916 ProgressiveList / ProgressiveBitlist),
 * as Gloas's BeaconState and BeaconBlockBody use them (EIP-7688): the roots a Gloas block's (and
 * the devnet's state's) hash_tree_root needs, and the branches the devnet builds.
 * consensus-specs ssz/simple-serialize.md, "Merkleization":
 * `merkleize_progressive(chunks, n)` = hash(merkleize(chunks[:n], n), merkleize_progressive(chunks[n:], 4n)),
 * a container mixes in its active fields, a list its length. Serialization and JSON are those of
 * the plain Container / List / Bitlist (the spec serializes them alike), so these types extend them
 * and change only the root. The light client checks its branches at gindices; the blob tie
 * (src/client/blobs/tie.ts) hashes a whole Gloas block with these.
 * @module
 */
import { hashPair } from './hash.ts';
import { allocLeaves, ceilLog2, lengthChunk, merkleBranch, merkleize } from './merkleize.ts';
import { BitlistType } from './types/bits.ts';
import { type ContainerOptions, ContainerType, type Fields } from './types/container.ts';
import { ListType } from './types/list.ts';
import type { CompositeType, SszType } from './types/type.ts';

const ZERO = new Uint8Array(32);

/** merkleize_progressive(chunks, numLeaves): `chunks` is the concatenation of 32-byte chunks. */
export function merkleizeProgressive(chunks: Uint8Array, numLeaves = 1): Uint8Array {
  if (chunks.length === 0) return ZERO.slice();
  const take = Math.min(chunks.length, numLeaves * 32);
  return hashPair(merkleize(chunks.subarray(0, take), numLeaves), merkleizeProgressive(chunks.subarray(take), numLeaves * 4));
}

/**
 * The siblings (leaf side first) from chunk `index` up to the root of merkleize_progressive(chunks):
 * inside its subtree of n leaves, then the rest of the tree (right), then each smaller subtree
 * before it (left). Its gindex below the progressive root: see {@link progressiveGindex}.
 */
export function progressiveBranch(chunks: Uint8Array, index: number): Uint8Array[] {
  const count = chunks.length / 32;
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new RangeError(`chunk ${index} of ${count}`);
  const outer: Uint8Array[] = [];
  let start = 0;
  let n = 1;
  while (index >= start + n) {
    outer.push(merkleize(chunks.subarray(start * 32, (start + n) * 32), n));
    start += n;
    n *= 4;
  }
  const end = Math.min(count, start + n);
  const leaves = allocLeaves(end - start);
  leaves.set(chunks.subarray(start * 32, end * 32));
  const { branch } = merkleBranch(leaves, end - start, ceilLog2(n), index - start);
  return [...branch, merkleizeProgressive(chunks.subarray(end * 32), n * 4), ...outer.reverse()];
}

/** The gindex of chunk `index` below a progressive root (1): left child = subtree, right = the rest. */
export function progressiveGindex(index: number): number {
  let g = 1;
  let start = 0;
  let n = 1;
  while (index >= start + n) {
    g = g * 2 + 1;
    start += n;
    n *= 4;
  }
  return g * 2 * n + (index - start);
}

/** pack_bits(active_fields) with every one of `count` fields active: the mix-in chunk. */
export function activeFieldsChunk(count: number): Uint8Array {
  if (count < 1 || count > 256) throw new RangeError(`active fields ${count}`);
  const chunk = new Uint8Array(32);
  for (let i = 0; i < count; i++) chunk[i >> 3]! |= 1 << (i & 7);
  return chunk;
}

/** The root of a progressive container whose (all active) fields have these roots, concatenated. */
export function progressiveContainerRoot(fieldRoots: Uint8Array): Uint8Array {
  return hashPair(merkleizeProgressive(fieldRoots), activeFieldsChunk(fieldRoots.length / 32));
}

/** The branch from field `index` to the progressive container's root (the active-fields chunk last). */
export function progressiveContainerBranch(fieldRoots: Uint8Array, index: number): Uint8Array[] {
  return [...progressiveBranch(fieldRoots, index), activeFieldsChunk(fieldRoots.length / 32)];
}

/** Field `index`'s gindex in a progressive container (gindex 2 is the data root, 3 the active fields). */
export function progressiveContainerGindex(index: number): number {
  const g = progressiveGindex(index);
  const depth = Math.floor(Math.log2(g));
  return 2 ** (depth + 1) + (g - 2 ** depth);
}

/** The root of a list kind over its leaves, progressively, with the length mixed in. */
function progressiveListRoot(type: CompositeType<any>, value: unknown): Uint8Array {
  const { leaves, count } = type.leaves(value);
  return hashPair(merkleizeProgressive(leaves.subarray(0, count * 32)), lengthChunk(type.lengthOf(value)));
}

/** ProgressiveContainer(active_fields=[1] * n): every field active. */
export class ProgressiveContainerType<F extends Fields> extends ContainerType<F> {
  override rootInto(value: any, out: Uint8Array, offset: number): void {
    const { leaves, count } = this.leaves(value);
    out.set(progressiveContainerRoot(leaves.subarray(0, count * 32)), offset);
  }
}

/** ProgressiveList[T]; `limit` bounds only what (de)serialization accepts, not the tree. */
export class ProgressiveListType<E> extends ListType<E> {
  override rootInto(value: E[], out: Uint8Array, offset: number): void {
    out.set(progressiveListRoot(this, value), offset);
  }
}

/** ProgressiveBitList; `limit` as for {@link ProgressiveListType}. */
export class ProgressiveBitlistType extends BitlistType {
  override rootInto(value: boolean[], out: Uint8Array, offset: number): void {
    out.set(progressiveListRoot(this, value), offset);
  }
}

export const ProgressiveContainer = <F extends Fields>(fields: F, options?: ContainerOptions<F>) => new ProgressiveContainerType(fields, options);
export const ProgressiveList = <E>(element: SszType<E>, limit: number) => new ProgressiveListType(element, limit);
export const ProgressiveBitlist = (limit: number) => new ProgressiveBitlistType(limit);
