/**
 * The `vigil-zk-v1` L2 state: the accounts by index and their Poseidon tree. Immutable: a
 * change (`withAccounts`) returns a new state and leaves this one as it was, so a verified
 * state is never altered by a batch that fails half-way.
 * @module
 */
import { type Account, type AccountProof, accountLeaf, aindex, checkAccount, DEFAULT_DEPTH, SparseMerkleTree } from './tree.ts';

export class RollupState {
  readonly #tree: SparseMerkleTree;
  readonly #accounts: ReadonlyMap<number, Account>;

  private constructor(tree: SparseMerkleTree, accounts: ReadonlyMap<number, Account>) {
    this.#tree = tree;
    this.#accounts = accounts;
  }

  /**
   * The state with no accounts: its root is `rootOfEmptyTree(depth)`.
   * @example RollupState.empty().root === rootOfEmptyTree(6) // true
   */
  static empty(depth: number = DEFAULT_DEPTH): RollupState {
    return new RollupState(new SparseMerkleTree(depth), new Map());
  }

  get depth(): number {
    return this.#tree.depth;
  }

  get root(): bigint {
    return this.#tree.root;
  }

  /** How many accounts exist. */
  get size(): number {
    return this.#accounts.size;
  }

  /** The account at `index`, or null when its leaf is empty. */
  account(index: number): Account | null {
    aindex(index, this.depth);
    return this.#accounts.get(index) ?? null;
  }

  /** The siblings of `index`'s path, from the leaf's level up. */
  siblings(index: number): bigint[] {
    return this.#tree.siblings(index);
  }

  /** The proof of the account (or its absence) at `index`, with the root it proves against. */
  proof(index: number): AccountProof & { readonly root: bigint } {
    return { index, leaf: this.account(index), siblings: this.siblings(index), root: this.root };
  }

  /** The accounts in index order. */
  accounts(): [number, Account][] {
    return [...this.#accounts.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** A new state with each `[index, account]` set (in order). Accounts are never removed. */
  withAccounts(updates: Iterable<readonly [number, Account]>): RollupState {
    const tree = this.#tree.clone();
    const accounts = new Map(this.#accounts);
    for (const [index, account] of updates) {
      aindex(index, tree.depth);
      const copy = { ...checkAccount(account) };
      tree.update(index, accountLeaf(copy));
      accounts.set(index, Object.freeze(copy));
    }
    return new RollupState(tree, accounts);
  }
}
