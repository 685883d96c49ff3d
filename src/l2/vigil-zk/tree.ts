/**
 * The `vigil-zk-v1` state tree (circuits/SPEC.md, "State"): a sparse binary Merkle tree of depth
 * D over Poseidon, node = Poseidon(left, right), empty leaf 0, account leaf
 * Poseidon(owner, ax, ay, balance, nonce); bit i of a leaf's index (from the leaf up) puts the
 * running node on the left (0) or the right (1) at level i. Account proofs are checked here.
 * @module
 */
import { bigIntToHex, hexToBigInt } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { aarray, aobject, field } from '../../core/json.ts';
import { FIELD_ORDER, poseidon, poseidonPair } from '../../crypto/poseidon.ts';

/** The tree's depth in `vigil-zk-v1` (64 accounts). */
export const DEFAULT_DEPTH = 6;
/** Deepest tree this module builds (indices stay JS numbers). */
export const MAX_DEPTH = 32;
/** Exclusive bounds of an account's fields (SPEC "State"). */
export const BALANCE_LIMIT = 1n << 128n;
export const NONCE_LIMIT = 1n << 32n;
export const OWNER_LIMIT = 1n << 160n;

/** An account: the L1 address that may withdraw it, its L2 key, balance (wei) and nonce. */
export interface Account {
  readonly owner: bigint;
  readonly ax: bigint;
  readonly ay: bigint;
  readonly balance: bigint;
  readonly nonce: bigint;
}

/** An account proof as the L2 RPC serves it (`vigil_getAccountProof`), read into numbers. */
export interface AccountProof {
  readonly index: number;
  /** The account at `index`, or null when the leaf is empty (a proof that no account is there). */
  readonly leaf: Account | null;
  /** D siblings from the leaf's level up. */
  readonly siblings: readonly bigint[];
}

/** What a proof proved: the account (or its absence) at `index` under `root`. */
export interface ProvenAccount {
  readonly index: number;
  readonly root: bigint;
  readonly account: Account | null;
}

const hex = (x: bigint): string => bigIntToHex(x);

/** Throws InputError unless `depth` is an integer in 1..MAX_DEPTH. */
export function adepth(depth: unknown): number {
  if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw new InputError(`"depth" expected an integer from 1 to ${MAX_DEPTH}, got ${String(depth)}`);
  }
  return depth;
}

/** Throws InputError unless `index` is an integer leaf index of a tree of `depth`. */
export function aindex(index: unknown, depth: number, title = 'index'): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= 2 ** depth) {
    throw new InputError(`"${title}" expected a leaf index from 0 to ${2 ** depth - 1}, got ${String(index)}`);
  }
  return index;
}

/**
 * Checks an account's fields against their ranges: each a field element, balance < 2^128,
 * nonce < 2^32, owner < 2^160. A non-bigint is InputError; a value out of range is
 * VerificationError `L2_FIELD_OUT_OF_RANGE` (no account of a valid state has it).
 */
export function checkAccount(account: Account, title = 'account'): Account {
  if (typeof account !== 'object' || account === null) throw new InputError(`"${title}" expected an account object`);
  const limits: [keyof Account, bigint][] = [
    ['owner', OWNER_LIMIT],
    ['ax', FIELD_ORDER],
    ['ay', FIELD_ORDER],
    ['balance', BALANCE_LIMIT],
    ['nonce', NONCE_LIMIT],
  ];
  for (const [name, limit] of limits) {
    const v = account[name];
    if (typeof v !== 'bigint') throw new InputError(`"${title}.${name}" expected a bigint, got ${typeof v}`);
    if (v < 0n || v >= limit) {
      throw new VerificationError('L2_FIELD_OUT_OF_RANGE', `"${title}.${name}" is out of range`, { expected: `0 ≤ value < ${hex(limit)}`, got: v.toString() });
    }
  }
  return account;
}

/**
 * The leaf of an account: Poseidon(owner, ax, ay, balance, nonce), or 0 for no account.
 * @example accountLeaf(null) // 0n
 */
export function accountLeaf(account: Account | null): bigint {
  if (account === null) return 0n;
  checkAccount(account);
  return poseidon([account.owner, account.ax, account.ay, account.balance, account.nonce]);
}

/** Roots of empty subtrees by height (0: the empty leaf). Constants, computed once on demand. */
const ZEROS: bigint[] = [0n];
function zeroHash(height: number): bigint {
  while (ZEROS.length <= height) {
    const below = ZEROS[ZEROS.length - 1]!;
    ZEROS.push(poseidonPair(below, below));
  }
  return ZEROS[height]!;
}

/**
 * The root of a tree of `depth` whose leaves are all 0 (the rollup's genesis root at D = 6).
 * @example rootOfEmptyTree(1) // Poseidon(0, 0)
 */
export function rootOfEmptyTree(depth: number = DEFAULT_DEPTH): bigint {
  return zeroHash(adepth(depth));
}

/**
 * The root over `leaf` at `index` with `siblings` (from the leaf's level up), as the circuit's
 * `MerkleRoot(D)` computes it. Inputs must be field elements (InputError otherwise).
 */
export function rootFromPath(index: number, leaf: bigint, siblings: readonly bigint[]): bigint {
  let node = leaf;
  for (let level = 0; level < siblings.length; level++) {
    const sibling = siblings[level]!;
    node = Math.floor(index / 2 ** level) % 2 === 0 ? poseidonPair(node, sibling) : poseidonPair(sibling, node);
  }
  return node;
}

/**
 * A sparse Poseidon Merkle tree: only nodes above non-empty leaves are stored, the rest are the
 * empty subtrees' roots. Mutable (`update`); `clone` copies it.
 * @example new SparseMerkleTree(6).update(3, leaf).root
 */
export class SparseMerkleTree {
  readonly depth: number;
  /** levels[h]: the nodes at height h (0: leaves) that differ from the empty subtree's root. */
  readonly #levels: Map<number, bigint>[];

  constructor(depth: number = DEFAULT_DEPTH) {
    this.depth = adepth(depth);
    this.#levels = Array.from({ length: this.depth + 1 }, () => new Map<number, bigint>());
  }

  get root(): bigint {
    return this.#node(this.depth, 0);
  }

  /** The leaf at `index` (0 when empty). */
  leaf(index: number): bigint {
    return this.#node(0, aindex(index, this.depth));
  }

  /** The D siblings of the path to `index`, from the leaf's level up. */
  siblings(index: number): bigint[] {
    aindex(index, this.depth);
    const out: bigint[] = [];
    for (let h = 0, i = index; h < this.depth; h++, i = Math.floor(i / 2)) out.push(this.#node(h, i ^ 1));
    return out;
  }

  /** Sets the leaf at `index` and rehashes its path. Returns the tree. */
  update(index: number, leaf: bigint): this {
    aindex(index, this.depth);
    if (typeof leaf !== 'bigint' || leaf < 0n || leaf >= FIELD_ORDER) {
      throw new InputError(`"leaf" expected a field element below r, got ${String(leaf)}`);
    }
    this.#set(0, index, leaf);
    let node = leaf;
    for (let h = 0, i = index; h < this.depth; h++, i = Math.floor(i / 2)) {
      const sibling = this.#node(h, i ^ 1);
      node = i % 2 === 0 ? poseidonPair(node, sibling) : poseidonPair(sibling, node);
      this.#set(h + 1, Math.floor(i / 2), node);
    }
    return this;
  }

  /** An independent copy. */
  clone(): SparseMerkleTree {
    const copy = new SparseMerkleTree(this.depth);
    this.#levels.forEach((level, h) => (copy.#levels[h] = new Map(level)));
    return copy;
  }

  #node(height: number, i: number): bigint {
    return this.#levels[height]!.get(i) ?? zeroHash(height);
  }

  #set(height: number, i: number, value: bigint): void {
    if (value === zeroHash(height)) this.#levels[height]!.delete(i);
    else this.#levels[height]!.set(i, value);
  }
}

/**
 * Checks an account proof against `root`: the leaf (0 for null) at `proof.index` with
 * `proof.siblings` must hash to it. Returns what it proved; the caller compares `index` with the
 * one it asked for.
 * @throws InputError (index outside the tree, not D siblings, a value that is not a bigint),
 *   VerificationError `L2_FIELD_OUT_OF_RANGE` (a sibling ≥ r, an account field out of range) or
 *   `L2_PROOF_ROOT_MISMATCH`.
 * @example verifyAccountProof(root, { index: 3, leaf: account, siblings }) // { index: 3, root, account }
 */
export function verifyAccountProof(root: bigint, proof: AccountProof, depth: number = DEFAULT_DEPTH): ProvenAccount {
  adepth(depth);
  if (typeof root !== 'bigint') throw new InputError(`"root" expected a bigint, got ${typeof root}`);
  if (typeof proof !== 'object' || proof === null) throw new InputError('"proof" expected {index, leaf, siblings}');
  const index = aindex(proof.index, depth, 'proof.index');
  if (!Array.isArray(proof.siblings) || proof.siblings.length !== depth) {
    throw new InputError(`"proof.siblings" expected ${depth} field elements, got ${Array.isArray(proof.siblings) ? proof.siblings.length : typeof proof.siblings}`);
  }
  proof.siblings.forEach((s, i) => {
    if (typeof s !== 'bigint') throw new InputError(`"proof.siblings[${i}]" expected a bigint, got ${typeof s}`);
    if (s < 0n || s >= FIELD_ORDER) {
      throw new VerificationError('L2_FIELD_OUT_OF_RANGE', `"proof.siblings[${i}]" is not a field element`, { expected: '< r', got: s.toString() });
    }
  });
  const account = proof.leaf === null ? null : checkAccount(proof.leaf, 'proof.leaf');
  const computed = rootFromPath(index, accountLeaf(account), proof.siblings);
  if (computed !== root) {
    throw new VerificationError('L2_PROOF_ROOT_MISMATCH', `the proof of account ${index} does not hash to the root`, {
      expected: hex(root),
      got: hex(computed),
    });
  }
  return { index, root, account: account === null ? null : { ...account } };
}

/**
 * Reads an account proof as the L2 RPC's `vigil_getAccountProof` returns it (shape only: `index`
 * a JSON integer, leaf fields, siblings and root as 0x-hex quantities); verifyAccountProof then
 * judges it. The `root` it names is the server's claim, never the one to check against.
 * @throws InputError when it is not of that shape.
 * @example verifyAccountProof(acceptedRoot, readAccountProof(await rpc('vigil_getAccountProof', [3, batch])))
 */
export function readAccountProof(json: unknown, depth: number = DEFAULT_DEPTH): AccountProof & { readonly root: bigint | undefined } {
  adepth(depth);
  const o = aobject(json, 'accountProof');
  const index = aindex(field(o, 'index', 'accountProof'), depth, 'accountProof.index');
  const siblings = aarray(field(o, 'siblings', 'accountProof'), 'accountProof.siblings', depth).map((s, i) => hexToBigInt(s, `accountProof.siblings[${i}]`));
  if (siblings.length !== depth) throw new InputError(`"accountProof.siblings" expected ${depth} entries, got ${siblings.length}`);
  let leaf: Account | null = null;
  if (o.leaf !== null) {
    const l = aobject(field(o, 'leaf', 'accountProof'), 'accountProof.leaf');
    const read = (name: keyof Account): bigint => hexToBigInt(field(l, name, 'accountProof.leaf'), `accountProof.leaf.${name}`);
    leaf = { owner: read('owner'), ax: read('ax'), ay: read('ay'), balance: read('balance'), nonce: read('nonce') };
  }
  const root = o.root === undefined || o.root === null ? undefined : hexToBigInt(o.root, 'accountProof.root');
  return { index, leaf, siblings, root };
}
