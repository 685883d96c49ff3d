/**
 * Structure-aware edits of RLP (transactions, receipts, trie nodes, headers): the item tree is
 * decoded, one item edited (its bytes mutated, dropped, repeated, swapped with a sibling, wrapped
 * in a list, a list flattened to a string or emptied), and the tree encoded again, canonically
 * or with the edited item's header in a non-canonical form (a long form for a short payload, a
 * single byte under 0x80 given a prefix, a length with a leading zero), its parents' lengths
 * kept right, so the decoder meets the non-canonical item deep inside a well-framed input.
 */
import { bigIntToBytes, concatBytes } from '../../../src/core/bytes.ts';
import { decodeRlp, encodeRlp, type RlpItem } from '../../../src/core/rlp.ts';
import type { Rng } from '../rng.ts';
import { type ByteMutationOptions, type Mutated, mutateBytes } from './bytes.ts';

type Style = 'canonical' | 'long-form' | 'leading-zero';

function header(length: number, offset: 0x80 | 0xc0, style: Style): Uint8Array {
  if (style === 'canonical' && length < 56) return Uint8Array.of(offset + length);
  let len = length === 0 ? new Uint8Array(0) : bigIntToBytes(BigInt(length));
  // A long form is canonical from 56 bytes on: past that, only a leading zero makes it not.
  if (style === 'leading-zero' || len.length === 0 || length >= 56) len = concatBytes(Uint8Array.of(0), len);
  return concatBytes(Uint8Array.of(offset + 55 + len.length), len);
}

/** Encodes `item`, giving `odd` (by identity) a header of `style`; everything else canonical. */
function encodeWith(item: RlpItem, odd: RlpItem, style: Style): Uint8Array {
  if (item !== odd) {
    if (item instanceof Uint8Array) return encodeRlp(item);
    if (!containsItem(item, odd)) return encodeRlp(item);
  }
  if (item instanceof Uint8Array) {
    if (item === odd && style === 'canonical' && item.length === 1 && item[0]! < 0x80) return concatBytes(Uint8Array.of(0x81), item);
    return concatBytes(header(item.length, 0x80, item === odd ? style : 'canonical'), item);
  }
  const payload = concatBytes(...item.map((child) => encodeWith(child, odd, style)));
  return concatBytes(header(payload.length, 0xc0, item === odd ? style : 'canonical'), payload);
}

function containsItem(tree: RlpItem, target: RlpItem): boolean {
  if (tree === target) return true;
  return Array.isArray(tree) && tree.some((c) => containsItem(c, target));
}

function items(tree: RlpItem, out: { item: RlpItem; parent: RlpItem[] | undefined; index: number }[] = [], parent?: RlpItem[], index = 0) {
  out.push({ item: tree, parent, index });
  if (Array.isArray(tree)) tree.forEach((c, i) => items(c, out, tree, i));
  return out;
}

/** A deep copy (subarrays become fresh arrays), so edits never reach the seed. */
function copyTree(item: RlpItem): RlpItem {
  return item instanceof Uint8Array ? item.slice() : item.map(copyTree);
}

/**
 * One structure-aware edit of the RLP `input`; byte-level when `input` is not RLP.
 * @example mutateRlp(rng, rawTransaction).value
 */
export function mutateRlp(rng: Rng, input: Uint8Array, options: ByteMutationOptions = {}): Mutated<Uint8Array> {
  let tree: RlpItem;
  // Typed envelopes (EIP-2718): a type byte, then the RLP list.
  const typed = input.length > 1 && input[0]! < 0x7f && input[1]! >= 0xc0;
  try {
    tree = copyTree(decodeRlp(typed ? input.subarray(1) : input));
  } catch {
    return mutateBytes(rng, input, options);
  }
  const prefix = typed ? input.subarray(0, 1) : new Uint8Array(0);
  const all = items(tree);
  const { item, parent, index } = rng.pick(all);
  const op = rng.weighted<string>([
    [5, 'rlp:leaf-bytes'],
    [2, 'rlp:drop-item'],
    [2, 'rlp:dup-item'],
    [2, 'rlp:swap-items'],
    [1, 'rlp:wrap'],
    [1, 'rlp:flatten'],
    [1, 'rlp:empty'],
    [2, 'rlp:non-canonical'],
  ]);
  const replace = (value: RlpItem) => {
    if (parent === undefined) tree = value;
    else parent[index] = value;
  };
  switch (op) {
    case 'rlp:leaf-bytes': {
      if (!(item instanceof Uint8Array)) break;
      replace(mutateBytes(rng, item, options).value);
      return { value: concatBytes(prefix, encodeRlp(tree)), op };
    }
    case 'rlp:drop-item':
      if (parent === undefined) break;
      parent.splice(index, 1);
      return { value: concatBytes(prefix, encodeRlp(tree)), op };
    case 'rlp:dup-item':
      if (parent === undefined) break;
      parent.splice(index, 0, copyTree(item));
      return { value: concatBytes(prefix, encodeRlp(tree)), op };
    case 'rlp:swap-items': {
      if (parent === undefined || parent.length < 2) break;
      const j = (index + 1 + rng.int(parent.length - 1)) % parent.length;
      [parent[index], parent[j]] = [parent[j]!, parent[index]!];
      return { value: concatBytes(prefix, encodeRlp(tree)), op };
    }
    case 'rlp:wrap':
      replace([item]);
      return { value: concatBytes(prefix, encodeRlp(tree)), op };
    case 'rlp:flatten':
      replace(item instanceof Uint8Array ? [] : encodeRlp(item as never));
      return { value: concatBytes(prefix, encodeRlp(tree)), op };
    case 'rlp:empty':
      replace(item instanceof Uint8Array ? new Uint8Array(0) : []);
      return { value: concatBytes(prefix, encodeRlp(tree)), op };
    case 'rlp:non-canonical': {
      const style = rng.pick<Style>(['long-form', 'leading-zero', 'canonical']);
      return { value: concatBytes(prefix, encodeWith(tree, item, style)), op };
    }
  }
  return mutateBytes(rng, input, options);
}
