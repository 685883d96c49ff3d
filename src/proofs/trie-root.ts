/**
 * Root of a Merkle-Patricia trie built from key/value pairs, and the ordered trie
 * (key = rlp(index)) that commits a block's transactions and receipts.
 * @module
 */
import { encodeRlp, type RlpInput } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { EMPTY_TRIE_ROOT } from './constants.ts';
import { bytesToNibbles, encodeHexPrefix } from './nibbles.ts';

interface Entry {
  path: Uint8Array;
  value: Uint8Array;
}

/**
 * Root of the trie holding `entries` (later duplicates of a key win; empty values are absent).
 * @example trieRoot([[utf8('do'), utf8('verb')], [utf8('dog'), utf8('puppy')]])
 */
export function trieRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const byKey = new Map<string, Entry>();
  for (const [key, value] of entries) {
    const id = Array.from(key).join(',');
    if (value.length === 0) byKey.delete(id);
    else byKey.set(id, { path: bytesToNibbles(key), value });
  }
  if (byKey.size === 0) return EMPTY_TRIE_ROOT.slice();
  return keccak256(encodeRlp(buildNode([...byKey.values()], 0)));
}

/** Root of the trie mapping rlp(i) to `values[i]`: transactionsRoot, receiptsRoot, withdrawalsRoot. */
export function orderedTrieRoot(values: readonly Uint8Array[]): Uint8Array {
  return trieRoot(values.map((value, i) => [encodeRlp(i), value] as const));
}

function buildNode(entries: Entry[], depth: number): RlpInput[] {
  if (entries.length === 1) {
    const only = entries[0]!;
    return [encodeHexPrefix(only.path.subarray(depth), true), only.value];
  }
  const shared = sharedPrefixLength(entries, depth);
  if (shared > 0) {
    const prefix = entries[0]!.path.subarray(depth, depth + shared);
    return [encodeHexPrefix(prefix, false), reference(buildBranch(entries, depth + shared))];
  }
  return buildBranch(entries, depth);
}

function buildBranch(entries: Entry[], depth: number): RlpInput[] {
  const buckets: Entry[][] = Array.from({ length: 16 }, () => []);
  let value: Uint8Array = new Uint8Array(0);
  for (const e of entries) {
    if (e.path.length === depth) value = e.value;
    else buckets[e.path[depth]!]!.push(e);
  }
  const node: RlpInput[] = buckets.map((b) => (b.length === 0 ? new Uint8Array(0) : reference(buildNode(b, depth + 1))));
  node.push(value);
  return node;
}

/** A child is inlined when its encoding is under 32 bytes, else referenced by hash. */
function reference(node: RlpInput[]): RlpInput {
  const encoded = encodeRlp(node);
  return encoded.length < 32 ? node : keccak256(encoded);
}

function sharedPrefixLength(entries: Entry[], depth: number): number {
  const first = entries[0]!.path;
  let n = first.length - depth;
  for (let k = 1; k < entries.length && n > 0; k++) {
    const p = entries[k]!.path;
    n = Math.min(n, p.length - depth);
    for (let i = 0; i < n; i++) {
      if (p[depth + i] !== first[depth + i]) {
        n = i;
        break;
      }
    }
  }
  return n;
}
