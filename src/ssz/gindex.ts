/**
 * Generalized indices (consensus-specs ssz/merkle-proofs.md): node 1 is the root, node k has
 * children 2k and 2k+1. Indices are JS numbers, so paths must stay below 2^53 (every
 * light-client gindex is below 2^10); larger ones throw rather than lose precision.
 * @module
 */
import { InputError } from '../core/errors.ts';
import { anumber } from '../core/bytes.ts';
import { toInputError } from './fault.ts';
import { CompositeType, type PathItem, type SszType } from './types/type.ts';
import { uint64 } from './types/uint.ts';

function agindex(gindex: number, title = 'gindex'): number {
  if (anumber(gindex, title) < 1) throw new InputError(`"${title}" expected a generalized index ≥ 1, got ${gindex}`);
  return gindex;
}

function checkSafe(gindex: number): number {
  if (!Number.isSafeInteger(gindex)) throw new InputError(`generalized index exceeds 2^53`);
  return gindex;
}

/** @internal The error for a path that goes on past a basic value. */
export function intoBasic(item: PathItem, type: SszType<unknown>): InputError {
  return new InputError(`path item "${String(item)}" goes into basic type ${type.typeName}`);
}

/**
 * floorlog2(gindex): the depth of the node, which is the length of its Merkle branch.
 * @example floorLog2(105) // 6
 */
export function floorLog2(gindex: number): number {
  agindex(gindex);
  // Exact at any safe integer, unlike Math.log2 near powers of two.
  const hi = Math.floor(gindex / 2 ** 32);
  return hi > 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(gindex);
}

/**
 * get_subtree_index(gindex): position of the node among the nodes at its depth, which is the
 * `index` argument of isValidMerkleBranch.
 * @example getSubtreeIndex(105) // 41
 */
export function getSubtreeIndex(gindex: number): number {
  return gindex - 2 ** floorLog2(gindex);
}

/**
 * concat_generalized_indices: the gindex of node `b` of the subtree rooted at node `a`, etc.
 * @example concatGeneralizedIndices(52, 3) // 105: root of finalized_checkpoint in Deneb BeaconState
 */
export function concatGeneralizedIndices(...indices: number[]): number {
  let o = 1;
  for (const i of indices) {
    const d = floorLog2(i);
    o = checkSafe(o * 2 ** d + (i - 2 ** d));
  }
  return o;
}

/**
 * get_generalized_index(typ, *path): the gindex of a field, element or `'__len__'` of a list,
 * following `path` (field keys or spec names, element indices) down from `type`.
 * @example getGeneralizedIndex(BeaconStateDeneb, 'finalized_checkpoint', 'root') // 105
 */
export function getGeneralizedIndex(type: SszType<unknown>, ...path: PathItem[]): number {
  let gindex = 1;
  let t = type;
  for (const item of path) {
    if (!(t instanceof CompositeType)) throw intoBasic(item, t);
    if (item === '__len__') {
      if (!t.hasLength) throw new InputError(`"__len__" of ${t.typeName}, which is not a list`);
      gindex = checkSafe(gindex * 2 + 1);
      t = uint64;
      continue;
    }
    let step: { index: number; type: SszType<unknown> };
    try {
      step = t.itemPosition(item);
    } catch (err) {
      throw toInputError(err, t.typeName);
    }
    // A list's data tree is the left child of its root (the right one holds the length).
    gindex = checkSafe((t.hasLength ? gindex * 2 : gindex) * 2 ** t.depth + step.index);
    t = step.type;
  }
  return gindex;
}
