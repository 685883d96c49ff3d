/**
 * Merkleization and Merkle branches: against a naive reference written from the spec, against
 * @chainsafe/persistent-merkle-tree proofs, and the rejection of malformed branches.
 */
import { createProof, ProofType, zeroHash as theirZeroHash, type SingleProof } from '@chainsafe/persistent-merkle-tree';
import type * as cs from '@chainsafe/ssz';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { forceNoble } from '../../../src/crypto/backend.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import {
  assertValidMerkleBranch,
  ByteListType,
  ByteVectorType,
  BitlistType,
  BitvectorType,
  CompositeType,
  ContainerType,
  createBranch,
  floorLog2,
  getGeneralizedIndex,
  getSubtreeIndex,
  isValidMerkleBranch,
  isValidNormalizedMerkleBranch,
  ListType,
  merkleize,
  VectorType,
  type PathItem,
  type SszType,
} from '../../../src/ssz/index.ts';
import { zeroHash } from '../../../src/ssz/hash.ts';
import { allocLeaves, merkleBranch } from '../../../src/ssz/merkleize.ts';
import { arbTwinValue, type AnyTwin } from './twin.ts';

const hex = bytesToHex;

/** merkleize as the spec writes it: pad to a power of two with zero chunks, hash pairs up. */
function naiveMerkleize(chunks: Uint8Array[], limit: number): Uint8Array {
  let width = 1;
  while (width < limit) width *= 2;
  let layer = [...chunks];
  while (layer.length < width) layer.push(new Uint8Array(32));
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(sha256(concatBytes(layer[i]!, layer[i + 1]!)));
    layer = next;
  }
  return layer[0]!;
}

const arbChunks = (max: number) => fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: max });

describe('merkleize', () => {
  it('zero hashes match the spec and @chainsafe/persistent-merkle-tree up to depth 64', () => {
    expect(hex(zeroHash(0))).toBe(hex(new Uint8Array(32)));
    expect(hex(zeroHash(1))).toBe('0xf5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b');
    for (let d = 0; d <= 64; d++) expect(hex(zeroHash(d))).toBe(hex(theirZeroHash(d)));
  });

  it('equals the naive reference for every count ≤ limit', () => {
    fc.assert(
      fc.property(arbChunks(40), fc.integer({ min: 0, max: 80 }), (chunks, extra) => {
        const limit = chunks.length + extra;
        expect(hex(merkleize(concatBytes(...chunks), limit))).toBe(hex(naiveMerkleize(chunks, limit)));
      }),
      { numRuns: 300 },
    );
  });

  it('edge cases: no chunks, one chunk, huge limits', () => {
    expect(hex(merkleize(new Uint8Array(0)))).toBe(hex(new Uint8Array(32)));
    expect(hex(merkleize(new Uint8Array(0), 0))).toBe(hex(new Uint8Array(32)));
    expect(hex(merkleize(new Uint8Array(0), 2 ** 40))).toBe(hex(zeroHash(40)));
    const one = new Uint8Array(32).fill(7);
    expect(hex(merkleize(one))).toBe(hex(one));
    let expected: Uint8Array = one;
    for (let d = 0; d < 40; d++) expected = sha256(concatBytes(expected, zeroHash(d)));
    expect(hex(merkleize(one, 2 ** 40))).toBe(hex(expected));
    expect(hex(merkleize(one, 2 ** 40 - 1))).toBe(hex(expected));
  });

  it('rejects chunks that are not 32-byte multiples or exceed the limit', () => {
    expect(() => merkleize(new Uint8Array(33))).toThrow(InputError);
    expect(() => merkleize(new Uint8Array(96), 2)).toThrow(InputError);
  });

  it('gives the same roots on the @noble fallback as on WASM', () => {
    const chunks = concatBytes(...Array.from({ length: 37 }, (_, i) => new Uint8Array(32).fill(i)));
    const wasm = merkleize(chunks, 64);
    forceNoble(true);
    try {
      expect(hex(merkleize(chunks, 64))).toBe(hex(wasm));
    } finally {
      forceNoble(false);
    }
  });
});

describe('isValidMerkleBranch', () => {
  /** A random tree, a leaf index in it, and our branch for it. */
  const arbTree = fc
    .tuple(arbChunks(20), fc.integer({ min: 0, max: 6 }))
    .chain(([chunks, extraDepth]) => {
      let depth = 0;
      while (2 ** depth < chunks.length) depth++;
      depth += extraDepth;
      return fc.nat({ max: 2 ** depth - 1 }).map((index) => ({ chunks, depth, index }));
    })
    .map(({ chunks, depth, index }) => {
      const leaves = allocLeaves(chunks.length);
      leaves.set(concatBytes(...chunks));
      const leaf = index < chunks.length ? chunks[index]! : new Uint8Array(32);
      return { depth, index, leaf, ...merkleBranch(leaves, chunks.length, depth, index), ref: naiveMerkleize(chunks, 2 ** depth) };
    });

  it('accepts the branches we build, and their root is the tree root', () => {
    fc.assert(
      fc.property(arbTree, ({ depth, index, leaf, branch, root, ref }) => {
        expect(hex(root)).toBe(hex(ref));
        expect(isValidMerkleBranch(leaf, branch, depth, index, root)).toBe(true);
        assertValidMerkleBranch(leaf, branch, 2 ** depth + index, root);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a changed leaf, sibling, index or root', () => {
    fc.assert(
      fc.property(arbTree, fc.nat(), fc.integer({ min: 0, max: 255 }), ({ depth, index, leaf, branch, root }, pick, bit) => {
        const flip = (b: Uint8Array) => {
          const c = b.slice();
          c[bit >> 3]! ^= 1 << (bit & 7);
          return c;
        };
        expect(isValidMerkleBranch(flip(leaf), branch, depth, index, root)).toBe(false);
        expect(isValidMerkleBranch(leaf, branch, depth, index, flip(root))).toBe(false);
        if (depth > 0) {
          const i = pick % depth;
          const changed = branch.map((n, k) => (k === i ? flip(n) : n));
          expect(isValidMerkleBranch(leaf, changed, depth, index, root)).toBe(false);
          // Another index is another position, unless the node and its sibling at that level
          // are equal (e.g. two zero subtrees).
          let node: Uint8Array = leaf;
          for (let k = 0; k < i; k++) node = (index >> k) & 1 ? sha256(concatBytes(branch[k]!, node)) : sha256(concatBytes(node, branch[k]!));
          const other = index ^ (1 << i);
          if (hex(branch[i]!) !== hex(node)) expect(isValidMerkleBranch(leaf, branch, depth, other, root)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('throws InputError on malformed input (DIFF FROM SPEC: exact branch length, index below 2^depth)', () => {
    const z = new Uint8Array(32);
    expect(() => isValidMerkleBranch(new Uint8Array(31), [z], 1, 0, z)).toThrow(InputError);
    expect(() => isValidMerkleBranch(z, [z], 1, 0, new Uint8Array(33))).toThrow(InputError);
    expect(() => isValidMerkleBranch(z, [new Uint8Array(31)], 1, 0, z)).toThrow(InputError);
    expect(() => isValidMerkleBranch(z, [z, z], 1, 0, z)).toThrow(InputError);
    expect(() => isValidMerkleBranch(z, [z], 2, 0, z)).toThrow(InputError);
    expect(() => isValidMerkleBranch(z, [z], 1, 2, z)).toThrow(InputError);
    expect(() => isValidMerkleBranch(z, [z], 1, -1, z)).toThrow(InputError);
    expect(() => isValidMerkleBranch(z, 'nope' as never, 1, 0, z)).toThrow(InputError);
  });

  it('a depth-0 branch proves the root itself', () => {
    const r = new Uint8Array(32).fill(9);
    expect(isValidMerkleBranch(r, [], 0, 0, r)).toBe(true);
    expect(isValidMerkleBranch(r, [], 0, 0, new Uint8Array(32))).toBe(false);
  });

  it('assertValidMerkleBranch reports both roots', () => {
    const z = new Uint8Array(32);
    try {
      assertValidMerkleBranch(z, [z], 3, z, 'finality_branch');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(VerificationError);
      expect((err as VerificationError).code).toBe('MERKLE_BRANCH_INVALID');
      expect((err as VerificationError).expected).toBe(hex(z));
      expect((err as VerificationError).got).toBe(hex(zeroHash(1)));
    }
  });
});

describe('isValidNormalizedMerkleBranch (Electra)', () => {
  const leaf = new Uint8Array(32).fill(1);
  const sib = [new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)];
  const leaves = allocLeaves(4);
  leaves.set(concatBytes(sib[0]!, leaf, sib[1]!, sib[1]!)); // leaf at index 1 of depth 2
  const { branch, root } = merkleBranch(leaves, 4, 2, 1);

  it('accepts the exact branch and one padded with zero nodes in front', () => {
    expect(isValidNormalizedMerkleBranch(leaf, branch, 5, root)).toBe(true);
    expect(isValidNormalizedMerkleBranch(leaf, [new Uint8Array(32), ...branch], 5, root)).toBe(true);
  });

  it('rejects non-zero padding, and throws on a branch shorter than the depth', () => {
    expect(isValidNormalizedMerkleBranch(leaf, [new Uint8Array(32).fill(1), ...branch], 5, root)).toBe(false);
    expect(() => isValidNormalizedMerkleBranch(leaf, branch.slice(1), 5, root)).toThrow(InputError);
  });
});

/** A random path into a value: fields, elements (sometimes past a list's length), '__len__'. */
function arbPath(t: SszType<unknown>, v: unknown, depth = 0): fc.Arbitrary<PathItem[]> {
  if (!(t instanceof CompositeType) || depth > 4) return fc.constant([]);
  const stop = fc.constant<PathItem[]>([]);
  const into = (item: PathItem, child: SszType<unknown> | undefined, childValue: unknown): fc.Arbitrary<PathItem[]> =>
    child ? arbPath(child, childValue, depth + 1).map((rest) => [item, ...rest]) : fc.constant([item]);
  let step: fc.Arbitrary<PathItem[]>;
  if (t instanceof ContainerType) {
    const names = t.fieldNames as string[];
    step = fc.nat({ max: names.length - 1 }).chain((i) => {
      const name = names[i]!;
      return into(i % 2 ? t.jsonNames[i]! : name, t.fields[name] as SszType<unknown>, (v as Record<string, unknown>)[name]);
    });
  } else if (t instanceof VectorType || t instanceof ListType) {
    const arr = v as unknown[];
    const isList = t instanceof ListType;
    const bound = isList ? Math.min(t.limit, arr.length + 3) : t.length;
    if (bound === 0) return isList ? fc.constant<PathItem[]>(['__len__']) : stop;
    step = fc.nat({ max: bound - 1 }).chain((i) =>
      i < arr.length ? into(i, t.elementType as SszType<unknown>, arr[i]) : t.elementType.isBasic ? fc.constant([i]) : stop,
    );
    if (isList) step = fc.oneof(step, fc.constant<PathItem[]>(['__len__']));
  } else if (t instanceof ByteVectorType || t instanceof BitvectorType) {
    step = fc.nat({ max: t.length - 1 }).map((i): PathItem[] => [i]);
  } else if (t instanceof ByteListType || t instanceof BitlistType) {
    const n = Math.min(t.limit, (v as { length: number }).length + 300);
    step = n > 0 ? fc.oneof(fc.nat({ max: n - 1 }).map((i): PathItem[] => [i]), fc.constant<PathItem[]>(['__len__'])) : fc.constant<PathItem[]>(['__len__']);
  } else {
    return stop;
  }
  return fc.oneof({ arbitrary: stop, weight: 1 }, { arbitrary: step, weight: 3 });
}

describe('createBranch', () => {
  it('gives the same leaf and branch as @chainsafe/persistent-merkle-tree, and they verify', () => {
    let checked = 0;
    const arb = arbTwinValue(3).chain(({ t, value }) => arbPath(t.ours, value).map((path) => ({ t, value, path })));
    fc.assert(
      fc.property(arb, ({ t, value, path }: { t: AnyTwin; value: unknown; path: PathItem[] }) => {
        let gindex: number;
        try {
          gindex = getGeneralizedIndex(t.ours, ...path);
        } catch (err) {
          if (err instanceof InputError && /2\^53/.test(err.message)) return; // deeper than a JS number
          throw err;
        }
        const ours = createBranch(t.ours, value, ...path);
        expect(ours.gindex).toBe(gindex);
        expect(hex(ours.root)).toBe(hex(t.ours.hashTreeRoot(value)));
        expect(isValidMerkleBranch(ours.leaf, ours.branch, floorLog2(gindex), getSubtreeIndex(gindex), ours.root)).toBe(true);
        if (!(t.ours instanceof CompositeType)) return;
        const node = (t.theirs as cs.CompositeTypeAny).value_toTree(t.toTheirs(value));
        const theirs = createProof(node, { type: ProofType.single, gindex: BigInt(gindex) }) as SingleProof;
        expect(hex(ours.leaf)).toBe(hex(theirs.leaf));
        expect(ours.branch.map(hex)).toEqual(theirs.witnesses.map(hex));
        checked++;
      }),
      { numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('rejects paths that do not exist', async () => {
    const { Container, List, uint64, Bytes32 } = await import('../../../src/ssz/index.ts');
    const C = Container({ a: uint64, xs: List(Container({ r: Bytes32 }), 4) });
    const v = { a: 1n, xs: [{ r: hexToBytes('0x' + '11'.repeat(32)) }] };
    expect(() => createBranch(C, v, 'nope')).toThrow(InputError);
    expect(() => createBranch(C, v, 'a', 0)).toThrow(InputError);
    expect(() => createBranch(C, v, 'xs', 4)).toThrow(InputError);
    expect(() => createBranch(C, v, 'xs', 2, 'r')).toThrow(InputError); // no element 2 to descend into
    expect(() => createBranch(C, v, '__len__')).toThrow(InputError);
    expect(createBranch(C, v, 'xs', 2).leaf).toEqual(new Uint8Array(32)); // an empty slot proves zero
    expect(createBranch(C, v, 'xs', '__len__').leaf[0]).toBe(1);
  });
});

afterAll(() => forceNoble(false));
