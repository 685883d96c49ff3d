/**
 * A Merkle tree over a fixed vector of 32-byte leaves that keeps every node, so changing one
 * leaf rehashes only its path (log2 N hashes). The state's block_roots, state_roots and
 * randao_mixes (8192/8192/65536 leaves on the mainnet preset) change one entry per slot; this
 * keeps their roots cheap for 1-second slots instead of re-merkleizing the whole vector.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { hashPair, zeroHash } from '../../ssz/hash.ts';

export class IncrementalVectorTree {
  /** Heap layout: node i at [i*32, i*32+32), root at 1, leaves at [length, 2*length). */
  private readonly nodes: Uint8Array;
  readonly depth: number;

  /** `length` must be a power of two, as every vector this serves is (SSZ Vector of Bytes32). */
  constructor(readonly length: number) {
    if (!Number.isSafeInteger(length) || length < 1 || (length & (length - 1)) !== 0) {
      throw new InputError(`IncrementalVectorTree length expected a power of two, got ${length}`);
    }
    this.depth = Math.log2(length);
    this.nodes = new Uint8Array(2 * length * 32);
    // A zero vector: each level holds the zero-subtree hash of its height.
    for (let level = 1; level <= this.depth; level++) {
      const z = zeroHash(level);
      const first = length >>> level;
      for (let i = first; i < 2 * first; i++) this.nodes.set(z, i * 32);
    }
  }

  /** Sets every leaf to `leaf` (depth hashes: each level's nodes are all equal). */
  fill(leaf: Uint8Array): void {
    if (leaf.length !== 32) throw new InputError(`leaf expected 32 bytes, got ${leaf.length}`);
    let node = leaf;
    for (let level = 0; level <= this.depth; level++) {
      const first = this.length >>> level;
      for (let i = first; i < 2 * first; i++) this.nodes.set(node, i * 32);
      node = hashPair(node, node);
    }
  }

  get(index: number): Uint8Array {
    this.check(index);
    const at = (this.length + index) * 32;
    return this.nodes.slice(at, at + 32);
  }

  set(index: number, leaf: Uint8Array): void {
    this.check(index);
    if (leaf.length !== 32) throw new InputError(`leaf expected 32 bytes, got ${leaf.length}`);
    let i = this.length + index;
    this.nodes.set(leaf, i * 32);
    while (i > 1) {
      i >>>= 1;
      this.nodes.set(hashPair(this.node(2 * i), this.node(2 * i + 1)), i * 32);
    }
  }

  root(): Uint8Array {
    return this.nodes.slice(32, 64);
  }

  /** A copy of every node (a state snapshot for the reorg fault). */
  nodesCopy(): Uint8Array {
    return this.nodes.slice();
  }

  /** Takes back nodes {@link nodesCopy} gave (of a tree of the same length). */
  restoreNodes(nodes: Uint8Array): void {
    if (nodes.length !== this.nodes.length) throw new InputError(`restoreNodes expected ${this.nodes.length} bytes, got ${nodes.length}`);
    this.nodes.set(nodes);
  }

  /** Every leaf, in order (for materializing the full state value). */
  leaves(): Uint8Array[] {
    return Array.from({ length: this.length }, (_, i) => this.get(i));
  }

  private node(i: number): Uint8Array {
    return this.nodes.subarray(i * 32, i * 32 + 32);
  }

  private check(index: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.length) {
      throw new InputError(`index expected 0..${this.length - 1}, got ${index}`);
    }
  }
}
