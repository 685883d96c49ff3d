/**
 * Single Merkle branches (consensus-specs ssz/merkle-proofs.md, phase0/beacon-chain.md
 * is_valid_merkle_branch, electra/light-client/sync-protocol.md is_valid_normalized_merkle_branch):
 * checking them, and producing them from a value.
 * @module
 */
import { abytes, anumber, bytesToHex, equalBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { toInputError } from './fault.ts';
import { hashPair } from './hash.ts';
import { lengthChunk, merkleBranch, merkleizeInto } from './merkleize.ts';
import { floorLog2, getSubtreeIndex, intoBasic } from './gindex.ts';
import { CompositeType, type PathItem, type SszType } from './types/type.ts';
import { uint64 } from './types/uint.ts';

function checkBranch(leaf: Uint8Array, branch: readonly Uint8Array[], root: Uint8Array): void {
  abytes(leaf, 32, 'leaf');
  abytes(root, 32, 'root');
  if (!Array.isArray(branch)) throw new InputError(`"branch" expected an array of 32-byte nodes`);
  branch.forEach((node, i) => abytes(node, 32, `branch[${i}]`));
}

/** Root that `leaf` and `branch` (leaf-side sibling first) give for the node at `index` of depth `depth`. */
function branchRoot(leaf: Uint8Array, branch: readonly Uint8Array[], depth: number, index: number): Uint8Array {
  let node = leaf;
  let i = index;
  for (let level = 0; level < depth; level++) {
    node = i % 2 === 1 ? hashPair(branch[level]!, node) : hashPair(node, branch[level]!);
    i = Math.floor(i / 2);
  }
  return node;
}

/**
 * is_valid_merkle_branch: does `leaf`, at `index` among the nodes at `depth`, hash up through
 * `branch` to `root`? Malformed input (wrong sizes, index outside the depth) throws `InputError`.
 *
 * DIFF FROM SPEC: the spec reads the first `depth` nodes of `branch` and ignores the high bits of
 * `index`; here `branch.length` must equal `depth` and `index` must be below 2^depth, so that a
 * proof cannot pass for a node other than the one asked about.
 * @example isValidMerkleBranch(root(header), branch, floorLog2(105), getSubtreeIndex(105), stateRoot)
 */
export function isValidMerkleBranch(
  leaf: Uint8Array,
  branch: readonly Uint8Array[],
  depth: number,
  index: number,
  root: Uint8Array,
): boolean {
  checkBranch(leaf, branch, root);
  anumber(depth, 'depth');
  anumber(index, 'index');
  if (branch.length !== depth) throw new InputError(`"branch" expected ${depth} nodes, got ${branch.length}`);
  if (index >= 2 ** depth) throw new InputError(`"index" expected below 2^${depth}, got ${index}`);
  return equalBytes(branchRoot(leaf, branch, depth, index), root);
}

/**
 * compute_merkle_branch_root: the root `leaf` gives at `index` of depth `depth` through `branch`
 * (exactly `depth` nodes, leaf side first). Malformed input throws `InputError`.
 * @example computeMerkleBranchRoot(blockHash, branch.slice(-5), 5, 12) // a Deneb payload header root
 */
export function computeMerkleBranchRoot(leaf: Uint8Array, branch: readonly Uint8Array[], depth: number, index: number): Uint8Array {
  checkBranch(leaf, branch, new Uint8Array(32));
  anumber(depth, 'depth');
  anumber(index, 'index');
  if (branch.length !== depth) throw new InputError(`"branch" expected ${depth} nodes, got ${branch.length}`);
  if (index >= 2 ** depth) throw new InputError(`"index" expected below 2^${depth}, got ${index}`);
  return branchRoot(leaf, branch, depth, index);
}

/**
 * normalize_merkle_branch (Electra light client): a branch padded with zero nodes in front to the
 * depth of `gindex`, as a later fork's deeper tree checks it. A branch already longer throws.
 */
export function normalizeMerkleBranch(branch: readonly Uint8Array[], gindex: number): Uint8Array[] {
  const depth = floorLog2(gindex);
  const extra = depth - branch.length;
  if (extra < 0) throw new InputError(`"branch" expected at most ${depth} nodes, got ${branch.length}`);
  return [...Array.from({ length: extra }, () => new Uint8Array(32)), ...branch];
}

/**
 * is_valid_normalized_merkle_branch (Electra light client): a branch may be longer than the
 * gindex's depth when a later fork deepened the tree; the extra nodes (first ones) must be zero.
 */
export function isValidNormalizedMerkleBranch(
  leaf: Uint8Array,
  branch: readonly Uint8Array[],
  gindex: number,
  root: Uint8Array,
): boolean {
  checkBranch(leaf, branch, root);
  const depth = floorLog2(gindex);
  const extra = branch.length - depth;
  if (extra < 0) throw new InputError(`"branch" expected at least ${depth} nodes, got ${branch.length}`);
  for (let i = 0; i < extra; i++) if (branch[i]!.some((b) => b !== 0)) return false;
  return isValidMerkleBranch(leaf, branch.slice(extra), depth, getSubtreeIndex(gindex), root);
}

/**
 * Like isValidMerkleBranch, at a gindex, but throws `VerificationError('MERKLE_BRANCH_INVALID')`
 * with the root it computed, for callers that do not continue on failure.
 */
export function assertValidMerkleBranch(
  leaf: Uint8Array,
  branch: readonly Uint8Array[],
  gindex: number,
  root: Uint8Array,
  what = 'branch',
): void {
  checkBranch(leaf, branch, root);
  const depth = floorLog2(gindex);
  if (branch.length !== depth) throw new InputError(`"${what}" expected ${depth} nodes, got ${branch.length}`);
  const got = branchRoot(leaf, branch, depth, getSubtreeIndex(gindex));
  if (!equalBytes(got, root)) {
    throw new VerificationError('MERKLE_BRANCH_INVALID', `${what} at gindex ${gindex} does not lead to the root`, {
      expected: bytesToHex(root),
      got: bytesToHex(got),
    });
  }
}

export interface MerkleBranch {
  /** The node proven: a composite item's root, the chunk holding a basic item, or a list's length chunk. */
  leaf: Uint8Array;
  /** Sibling nodes, leaf side first, as isValidMerkleBranch takes them. */
  branch: Uint8Array[];
  gindex: number;
  /** hash_tree_root of the whole value. */
  root: Uint8Array;
}

/**
 * Branch for the node at `path` in `value` (field keys or spec names, element indices,
 * `'__len__'`): what a server sends as e.g. finality_branch or current_sync_committee_branch.
 * @example
 * const { leaf, branch, gindex } = createBranch(BeaconState, state, 'finalized_checkpoint', 'root');
 * const root = BeaconState.hashTreeRoot(state);
 * isValidMerkleBranch(leaf, branch, floorLog2(gindex), getSubtreeIndex(gindex), root) // true
 */
export function createBranch<T>(type: SszType<T>, value: T, ...path: PathItem[]): MerkleBranch {
  if (path.length === 0) {
    const root = type.hashTreeRoot(value);
    return { leaf: root, branch: [], gindex: 1, root };
  }
  // Sibling lists per level of the path, outermost first; each list is leaf side first.
  const levels: Uint8Array[][] = [];
  let t: SszType<unknown> = type as SszType<unknown>;
  let v: unknown = value;
  let gindex = 1;
  let leaf: Uint8Array = new Uint8Array(32);
  let root: Uint8Array | undefined;
  for (let k = 0; k < path.length; k++) {
    const item = path[k]!;
    if (!(t instanceof CompositeType)) throw intoBasic(item, t);
    const c = t;
    try {
      const { leaves, count } = c.leaves(v);
      const levelRoot = new Uint8Array(32);
      if (item === '__len__') {
        if (!c.hasLength) throw new InputError(`"__len__" of ${c.typeName}, which is not a list`);
        merkleizeInto(leaves, count, c.depth, levelRoot, 0);
        leaf = lengthChunk(c.lengthOf(v));
        levels.push([levelRoot]);
        root ??= hashPair(levelRoot, leaf);
        gindex = gindex * 2 + 1;
        t = uint64;
        continue;
      }
      const { index, type: child } = c.itemPosition(item);
      leaf = index < count ? leaves.slice(index * 32, index * 32 + 32) : new Uint8Array(32);
      const { branch, root: dataRoot } = merkleBranch(leaves, count, c.depth, index);
      if (c.hasLength) {
        const len = lengthChunk(c.lengthOf(v));
        branch.push(len);
        root ??= hashPair(dataRoot, len);
      } else {
        root ??= dataRoot;
      }
      levels.push(branch);
      gindex = (c.hasLength ? gindex * 2 : gindex) * 2 ** c.depth + index;
      if (k < path.length - 1 && child instanceof CompositeType) v = c.itemValue(v, item);
      t = child;
    } catch (err) {
      throw toInputError(err, c.typeName);
    }
  }
  if (!Number.isSafeInteger(gindex)) throw new InputError('generalized index exceeds 2^53');
  return { leaf, branch: levels.reverse().flat(), gindex, root: root! };
}
