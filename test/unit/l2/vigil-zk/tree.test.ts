import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { FIELD_ORDER, poseidon } from '../../../../src/crypto/poseidon.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import {
  type Account,
  type AccountProof,
  accountLeaf,
  readAccountProof,
  rootFromPath,
  rootOfEmptyTree,
  SparseMerkleTree,
  verifyAccountProof,
} from '../../../../src/l2/vigil-zk/tree.ts';

/** The naive reference: every node of the full tree, level by level. */
function naiveRoot(leaves: readonly bigint[]): bigint {
  let level = leaves.slice();
  while (level.length > 1) {
    const up: bigint[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(poseidon([level[i]!, level[i + 1]!]));
    level = up;
  }
  return level[0]!;
}

/** Siblings by the naive tree: at each level, the other child of the path's node. */
function naiveSiblings(leaves: readonly bigint[], index: number): bigint[] {
  const out: bigint[] = [];
  let level = leaves.slice();
  let i = index;
  while (level.length > 1) {
    out.push(level[i ^ 1]!);
    const up: bigint[] = [];
    for (let j = 0; j < level.length; j += 2) up.push(poseidon([level[j]!, level[j + 1]!]));
    level = up;
    i >>= 1;
  }
  return out;
}

const field = fc.bigInt({ min: 0n, max: FIELD_ORDER - 1n });
const accountArb: fc.Arbitrary<Account> = fc.record({
  owner: fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }),
  ax: field,
  ay: field,
  balance: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  nonce: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
});

describe('the state tree', () => {
  it('the empty tree: root of all-zero leaves, at each depth', () => {
    expect(rootOfEmptyTree(1)).toBe(poseidon([0n, 0n]));
    for (const depth of [1, 2, 3, 6]) expect(rootOfEmptyTree(depth)).toBe(naiveRoot(new Array(2 ** depth).fill(0n)));
    expect(new SparseMerkleTree().root).toBe(rootOfEmptyTree(6));
    expect(RollupState.empty().root).toBe(rootOfEmptyTree());
    // Pinned for the circuit and the contract (deployment's stateRoot).
    expect(rootOfEmptyTree(6)).toBe(0x2dee93c5a666459646ea7d22cca9e1bcfed71e6951b953611d11dda32ea09d78n);
  });

  it('leaf hashing per SPEC: Poseidon(owner, ax, ay, balance, nonce), 0 for no account', () => {
    const a = { owner: 0xaan, ax: 1n, ay: 2n, balance: 3n, nonce: 4n };
    expect(accountLeaf(a)).toBe(poseidon([0xaan, 1n, 2n, 3n, 4n]));
    expect(accountLeaf(null)).toBe(0n);
  });

  it('property: after any updates, root and siblings equal a naive full-tree recomputation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((depth) =>
          fc.tuple(
            fc.constant(depth),
            fc.array(fc.tuple(fc.nat(2 ** depth - 1), fc.oneof(field, fc.constant(0n))), { maxLength: 12 }),
            fc.nat(2 ** depth - 1),
          ),
        ),
        ([depth, updates, probe]) => {
          const tree = new SparseMerkleTree(depth);
          const leaves = new Array<bigint>(2 ** depth).fill(0n);
          for (const [i, leaf] of updates) {
            tree.update(i, leaf);
            leaves[i] = leaf;
          }
          expect(tree.root).toBe(naiveRoot(leaves));
          expect(tree.siblings(probe)).toEqual(naiveSiblings(leaves, probe));
          expect(tree.leaf(probe)).toBe(leaves[probe]);
          expect(rootFromPath(probe, leaves[probe]!, tree.siblings(probe))).toBe(tree.root);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('clone is independent; a state change leaves the old state as it was', () => {
    const tree = new SparseMerkleTree(3).update(5, 7n);
    const copy = tree.clone().update(5, 8n);
    expect(tree.leaf(5)).toBe(7n);
    expect(copy.leaf(5)).toBe(8n);
    const s0 = RollupState.empty(3);
    const s1 = s0.withAccounts([[2, { owner: 1n, ax: 2n, ay: 3n, balance: 4n, nonce: 0n }]]);
    expect(s0.account(2)).toBeNull();
    expect(s0.root).toBe(rootOfEmptyTree(3));
    expect(s1.account(2)?.balance).toBe(4n);
    expect(s1.size).toBe(1);
  });

  it('refuses indices outside the tree and leaves outside the field', () => {
    const tree = new SparseMerkleTree(3);
    expect(() => tree.update(8, 1n)).toThrow(new InputError('"index" expected a leaf index from 0 to 7, got 8'));
    expect(() => tree.siblings(-1)).toThrowError(InputError);
    expect(() => tree.update(0, FIELD_ORDER)).toThrowError(InputError);
    expect(() => new SparseMerkleTree(0)).toThrowError(InputError);
    expect(() => new SparseMerkleTree(33)).toThrowError(InputError);
  });
});

describe('verifyAccountProof', () => {
  const alice: Account = { owner: 0x1111n, ax: 11n, ay: 12n, balance: 1000n, nonce: 3n };
  const bob: Account = { owner: 0x2222n, ax: 21n, ay: 22n, balance: 5n, nonce: 0n };
  const state = RollupState.empty().withAccounts([
    [0, alice],
    [5, bob],
  ]);

  it('proves an account and an empty leaf', () => {
    expect(verifyAccountProof(state.root, state.proof(5))).toEqual({ index: 5, root: state.root, account: bob });
    expect(verifyAccountProof(state.root, state.proof(6))).toEqual({ index: 6, root: state.root, account: null });
  });

  it('refuses a wrong sibling, a wrong leaf field, another index, a wrong root, with L2_PROOF_ROOT_MISMATCH', () => {
    const proof = state.proof(5);
    const cases: AccountProof[] = [
      { ...proof, siblings: proof.siblings.map((s, i) => (i === 2 ? s + 1n : s)) },
      { ...proof, leaf: { ...bob, balance: 6n } },
      { ...proof, leaf: { ...bob, owner: 0x2223n } },
      { ...proof, leaf: null },
      { ...proof, index: 4 },
    ];
    for (const bad of cases) {
      const error = (() => {
        try {
          verifyAccountProof(state.root, bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(VerificationError);
      expect((error as VerificationError).code).toBe('L2_PROOF_ROOT_MISMATCH');
    }
    expect(() => verifyAccountProof(state.root + 1n, proof)).toThrow(/does not hash to the root/);
  });

  it('malformed proofs: InputError; out-of-range values: L2_FIELD_OUT_OF_RANGE', () => {
    const proof = state.proof(5);
    expect(() => verifyAccountProof(state.root, { ...proof, siblings: proof.siblings.slice(1) })).toThrow(new InputError('"proof.siblings" expected 6 field elements, got 5'));
    expect(() => verifyAccountProof(state.root, { ...proof, index: 64 })).toThrowError(InputError);
    expect(() => verifyAccountProof(state.root, { ...proof, index: 1.5 })).toThrowError(InputError);
    expect(() => verifyAccountProof(state.root, { ...proof, siblings: proof.siblings.map((s, i) => (i === 0 ? FIELD_ORDER + s : s)) })).toThrow(
      expect.objectContaining({ code: 'L2_FIELD_OUT_OF_RANGE' }),
    );
    expect(() => verifyAccountProof(state.root, { ...proof, leaf: { ...bob, balance: 1n << 128n } })).toThrow(expect.objectContaining({ code: 'L2_FIELD_OUT_OF_RANGE' }));
    expect(() => verifyAccountProof(state.root, { ...proof, leaf: { ...bob, nonce: 1n << 32n } })).toThrow(expect.objectContaining({ code: 'L2_FIELD_OUT_OF_RANGE' }));
    expect(() => verifyAccountProof(state.root, { ...proof, leaf: { ...bob, owner: 1n << 160n } })).toThrow(expect.objectContaining({ code: 'L2_FIELD_OUT_OF_RANGE' }));
  });

  it('property: any single change to a proof is refused, unless what it then claims is true of the tree', () => {
    type Change = { kind: 'sibling'; level: number; value: bigint } | { kind: 'field'; name: keyof Account; delta: bigint } | { kind: 'index'; index: number } | { kind: 'leaf'; account: Account | null };
    const change: fc.Arbitrary<Change> = fc.oneof(
      fc.record({ kind: fc.constant('sibling' as const), level: fc.nat(5), value: field }),
      fc.record({ kind: fc.constant('field' as const), name: fc.constantFrom<keyof Account>('owner', 'ax', 'ay', 'balance', 'nonce'), delta: fc.bigInt({ min: 1n, max: 1000n }) }),
      fc.record({ kind: fc.constant('index' as const), index: fc.nat(63) }),
      fc.record({ kind: fc.constant('leaf' as const), account: fc.option(accountArb, { nil: null }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(63), accountArb), { maxLength: 8 }), fc.nat(63), change, (accounts, index, c) => {
        const s = RollupState.empty().withAccounts(accounts);
        const proof = s.proof(index);
        let changed: AccountProof;
        switch (c.kind) {
          case 'sibling':
            if (proof.siblings[c.level] === c.value) return;
            changed = { ...proof, siblings: proof.siblings.map((x, i) => (i === c.level ? c.value : x)) };
            break;
          case 'field': {
            if (proof.leaf === null) return;
            const limit = { owner: 1n << 160n, ax: FIELD_ORDER, ay: FIELD_ORDER, balance: 1n << 128n, nonce: 1n << 32n }[c.name];
            changed = { ...proof, leaf: { ...proof.leaf, [c.name]: (proof.leaf[c.name] + c.delta) % limit } };
            break;
          }
          case 'index':
            if (c.index === index) return;
            changed = { ...proof, index: c.index };
            break;
          case 'leaf':
            changed = { ...proof, leaf: c.account };
            break;
        }
        let proven;
        try {
          proven = verifyAccountProof(s.root, changed);
        } catch (error) {
          expect(error).toBeInstanceOf(VerificationError);
          expect((error as VerificationError).code).toBe('L2_PROOF_ROOT_MISMATCH');
          return;
        }
        // It verified: then it must be the truth (an empty subtree or twin leaves make that possible).
        expect(proven.account).toEqual(s.account(proven.index));
        expect(c.kind === 'index' || accountLeaf(changed.leaf) === accountLeaf(proof.leaf)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the L2 RPC’s JSON (0x-hex), and refuses other shapes by name', () => {
    const proof = state.proof(5);
    const json = {
      index: 5,
      leaf: { owner: '0x2222', ax: '0x15', ay: '0x16', balance: '0x5', nonce: '0x0' },
      siblings: proof.siblings.map((s) => '0x' + s.toString(16)),
      root: '0x' + state.root.toString(16),
    };
    const read = readAccountProof(json);
    expect(read).toEqual({ ...proof, root: state.root });
    expect(verifyAccountProof(state.root, read).account).toEqual(bob);
    expect(readAccountProof({ ...json, leaf: null }).leaf).toBeNull();
    expect(() => readAccountProof({ ...json, siblings: json.siblings.slice(1) })).toThrow(new InputError('"accountProof.siblings" expected 6 entries, got 5'));
    expect(() => readAccountProof({ ...json, index: '5' })).toThrowError(InputError);
    expect(() => readAccountProof({ ...json, leaf: { ...json.leaf, balance: 5 } })).toThrow('"accountProof.leaf.balance"');
    expect(() => readAccountProof({ ...json, leaf: undefined })).toThrow('missing field "accountProof.leaf"');
  });
});
