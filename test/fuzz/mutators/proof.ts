/**
 * Edits of a Merkle-Patricia proof (a list of RLP trie nodes, root first): nodes dropped,
 * repeated, swapped, reversed, cut, taken from another proof, or one node mutated (as RLP or as
 * bytes). A "rehash" edit mutates one node and then mends the hash references above it up to a
 * new root, so that the walk gets past the hash checks and meets the edited node itself.
 */
import { decodeRlp, encodeRlp, type RlpItem } from '../../../src/core/rlp.ts';
import { equalBytes } from '../../../src/core/bytes.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import type { Rng } from '../rng.ts';
import { mutateBytes } from './bytes.ts';
import { mutateRlp } from './rlp.ts';

export interface MutatedProof {
  proof: Uint8Array[];
  /** The new root when the edit mended hashes up to it; undefined: the original root. */
  root?: Uint8Array;
  op: string;
}

function replaceRef(item: RlpItem, from: Uint8Array, to: Uint8Array): { item: RlpItem; found: boolean } {
  if (item instanceof Uint8Array) return equalBytes(item, from) ? { item: to, found: true } : { item, found: false };
  let found = false;
  const out = item.map((child) => {
    const r = replaceRef(child, from, to);
    found ||= r.found;
    return r.item;
  });
  return { item: out, found };
}

function mutateNode(rng: Rng, node: Uint8Array): { node: Uint8Array; op: string } {
  const m = rng.chance(0.7) ? mutateRlp(rng, node) : mutateBytes(rng, node);
  return { node: m.value, op: m.op };
}

/**
 * One edit of `proof`. `donors`: other proofs (their nodes are foreign here).
 * @example const { proof, root } = mutateProof(rng, accountProof, [storageProof]);
 */
export function mutateProof(rng: Rng, proof: readonly Uint8Array[], donors: readonly (readonly Uint8Array[])[] = []): MutatedProof {
  const p = proof.slice();
  const i = rng.int(Math.max(1, p.length));
  const j = rng.int(Math.max(1, p.length));
  const op = rng.weighted<string>([
    [2, 'proof:drop'],
    [2, 'proof:dup'],
    [2, 'proof:swap'],
    [1, 'proof:reverse'],
    [1, 'proof:truncate'],
    [2, 'proof:foreign'],
    [1, 'proof:empty'],
    [4, 'node'],
    [6, 'rehash'],
  ]);
  switch (op) {
    case 'proof:drop':
      p.splice(i, 1);
      return { proof: p, op };
    case 'proof:dup':
      p.splice(i, 0, p[i] ?? new Uint8Array(0));
      return { proof: p, op };
    case 'proof:swap':
      [p[i], p[j]] = [p[j]!, p[i]!];
      if (i === j && p.length > 1) [p[0], p[p.length - 1]] = [p[p.length - 1]!, p[0]!];
      return { proof: p, op };
    case 'proof:reverse':
      return { proof: p.reverse(), op };
    case 'proof:truncate':
      return { proof: p.slice(0, i), op };
    case 'proof:foreign': {
      const donor = donors.length > 0 ? rng.pick(donors) : proof;
      const node = donor[rng.int(Math.max(1, donor.length))] ?? new Uint8Array(0);
      if (rng.chance(0.5)) p.push(node);
      else p.splice(i, 1, node);
      return { proof: p, op };
    }
    case 'proof:empty':
      return { proof: [], op };
    case 'node': {
      if (p.length === 0) return { proof: p, op: 'proof:empty' };
      const m = mutateNode(rng, p[i]!);
      p[i] = m.node;
      return { proof: p, op: `node:${m.op}` };
    }
    default: {
      if (p.length === 0) return { proof: p, op: 'proof:empty' };
      const m = mutateNode(rng, p[i]!);
      let oldRef = keccak256(p[i]!);
      p[i] = m.node;
      let newRef = keccak256(m.node);
      for (let k = i - 1; k >= 0; k--) {
        let tree: RlpItem;
        try {
          tree = decodeRlp(p[k]!);
        } catch {
          return { proof: p, root: undefined, op: `rehash:${m.op}` };
        }
        const r = replaceRef(tree, oldRef, newRef);
        if (!r.found) return { proof: p, op: `rehash:${m.op}` };
        const encoded = encodeRlp(r.item);
        oldRef = keccak256(p[k]!);
        p[k] = encoded;
        newRef = keccak256(encoded);
      }
      return { proof: p, root: keccak256(p[0]!), op: `rehash:${m.op}` };
    }
  }
}
