/**
 * The one Merkle-Patricia proof walker (Yellow Paper, appendix D; EIP-1186 proofs).
 *
 * Walks `proof` from `root` along the nibbles of `key` and returns the value stored there, or
 * `null` when the proof shows the key absent. Only the canonical trie shapes are accepted:
 * branch (17 items), extension (2 items, non-empty path, followed by a branch), leaf (2 items,
 * non-empty value); children are either a 32-byte hash of a node of >= 32 bytes or the node
 * itself inlined when its encoding is under 32 bytes (an inlined node may also be repeated as its
 * own proof element, as some provers do). Every proof node must be used, in order.
 * @module
 */
import { bytesToHex, equalBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import { decodeRlp, encodeRlp, type RlpItem } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { EMPTY_TRIE_ROOT } from './constants.ts';
import { bytesToNibbles, decodeHexPrefix } from './nibbles.ts';

export interface MptProofOptions {
  /** Most nodes a proof may hold. Default 65: a 32-byte key crosses at most 64 branches and a leaf. */
  maxNodes?: number;
  /** Largest accepted node, in bytes. Default 64 KiB (receipt leaves can be large). */
  maxNodeBytes?: number;
}

/**
 * Verifies a Merkle-Patricia proof.
 * @example
 * const value = verifyMptProof(stateRoot, keccak256(address), accountProof);
 * if (value === null) // the account is proven absent
 */
export function verifyMptProof(
  root: Uint8Array,
  key: Uint8Array,
  proof: readonly Uint8Array[],
  options: MptProofOptions = {},
): Uint8Array | null {
  const maxNodes = options.maxNodes ?? 65;
  const maxNodeBytes = options.maxNodeBytes ?? 64 * 1024;
  if (proof.length > maxNodes) {
    throw new VerificationError('PROOF_TOO_LARGE', 'proof has too many nodes', {
      expected: `<= ${maxNodes}`,
      got: `${proof.length}`,
    });
  }
  // Some servers prove an empty trie with no nodes at all.
  if (proof.length === 0) {
    if (equalBytes(root, EMPTY_TRIE_ROOT)) return null;
    throw new VerificationError('PROOF_MISSING_NODE', 'proof is empty but the root is not the empty trie', {
      expected: 'the node hashing to ' + bytesToHex(root),
      got: 'no nodes',
    });
  }

  const path = bytesToNibbles(key);
  let pos = 0; // nibbles of `path` consumed
  let used = 0; // proof nodes consumed
  let ref: RlpItem = root; // the reference to follow: a hash (bytes) or an inlined node (list)
  let mustBeBranch = false; // an extension always points at a branch

  const finish = (value: Uint8Array | null): Uint8Array | null => {
    if (used !== proof.length) {
      throw new VerificationError('PROOF_EXTRA_NODES', 'proof holds nodes past the end of the path', {
        expected: `${used} nodes`,
        got: `${proof.length} nodes`,
      });
    }
    return value;
  };

  for (;;) {
    let node: RlpItem;
    if (ref instanceof Uint8Array) {
      const encoded = proof[used];
      if (encoded === undefined) {
        throw new VerificationError('PROOF_MISSING_NODE', 'proof ends before the path is resolved', {
          expected: 'a node hashing to ' + bytesToHex(ref),
          got: `${proof.length} nodes`,
        });
      }
      if (encoded.length > maxNodeBytes) {
        throw new VerificationError('PROOF_TOO_LARGE', 'proof node exceeds the size limit', {
          expected: `<= ${maxNodeBytes} bytes`,
          got: `${encoded.length} bytes`,
        });
      }
      const hash = keccak256(encoded);
      if (!equalBytes(hash, ref)) {
        throw new VerificationError(
          used === 0 ? 'PROOF_ROOT_MISMATCH' : 'PROOF_NODE_HASH_MISMATCH',
          used === 0 ? 'first proof node does not hash to the root' : `proof node ${used} does not hash to its parent's reference`,
          { expected: bytesToHex(ref), got: bytesToHex(hash) },
        );
      }
      // Below the root, a node under 32 bytes must have been inlined by its parent.
      if (used > 0 && encoded.length < 32) {
        throw new VerificationError('PROOF_INVALID_NODE', `proof node ${used} is under 32 bytes but referenced by hash`);
      }
      used++;
      node = decodeRlp(encoded, { maxDepth: 4 });
    } else {
      node = ref;
      // Geth leaves inlined nodes out of proofs; other provers (ethereumjs) repeat them as
      // their own element. That element is the parent's bytes again, so it adds no trust.
      const next = proof[used];
      if (next !== undefined && next.length < 32 && equalBytes(next, encodeRlp(ref))) used++;
    }

    if (!Array.isArray(node)) {
      // Only the root of an empty trie is the empty string.
      if (used === 1 && node.length === 0 && !mustBeBranch) return finish(null);
      throw new VerificationError('PROOF_INVALID_NODE', 'trie node is not a list');
    }

    if (node.length === 17) {
      mustBeBranch = false;
      if (pos === path.length) {
        const value = nodeBytes(node[16], 'branch value');
        return finish(value.length === 0 ? null : value);
      }
      const child = node[path[pos]!]!;
      pos++;
      if (child instanceof Uint8Array && child.length === 0) return finish(null);
      ref = childRef(child);
      continue;
    }

    if (node.length !== 2 || mustBeBranch) {
      throw new VerificationError('PROOF_INVALID_NODE', mustBeBranch ? 'extension does not point at a branch' : 'trie node has neither 2 nor 17 items', {
        expected: mustBeBranch ? 'a branch (17 items)' : '2 or 17 items',
        got: `${node.length} items`,
      });
    }
    const { nibbles, isLeaf } = decodeHexPrefix(nodeBytes(node[0], 'node path'));
    const matches = startsWith(path, pos, nibbles);
    if (isLeaf) {
      const value = nodeBytes(node[1], 'leaf value');
      if (value.length === 0) throw new VerificationError('PROOF_INVALID_NODE', 'leaf holds an empty value');
      // The leaf proves the key only on an exact match; any other leaf here proves it absent.
      return finish(matches && pos + nibbles.length === path.length ? value : null);
    }
    if (nibbles.length === 0) throw new VerificationError('PROOF_INVALID_NODE', 'extension has an empty path');
    if (!matches) return finish(null);
    pos += nibbles.length;
    ref = childRef(node[1]!);
    mustBeBranch = true;
  }
}

function nodeBytes(item: RlpItem | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array)) {
    throw new VerificationError('PROOF_INVALID_NODE', `${what} must be a byte string`);
  }
  return item;
}

/** A child is a 32-byte hash, or a node inlined because its encoding is under 32 bytes. */
function childRef(child: RlpItem): RlpItem {
  if (child instanceof Uint8Array) {
    if (child.length !== 32) {
      throw new VerificationError('PROOF_INVALID_NODE', 'child reference is neither a hash nor an inline node', {
        expected: '32 bytes',
        got: `${child.length} bytes`,
      });
    }
    return child;
  }
  // Strict decoding makes re-encoding exact, so this is the inline node's real size.
  if (encodeRlp(child).length >= 32) {
    throw new VerificationError('PROOF_INVALID_NODE', 'inline node is 32 bytes or more and should have been hashed');
  }
  return child;
}

function startsWith(path: Uint8Array, pos: number, prefix: Uint8Array): boolean {
  if (pos + prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[pos + i] !== prefix[i]) return false;
  return true;
}
