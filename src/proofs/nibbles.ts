/**
 * Nibble paths and the hex-prefix encoding of trie node keys (Yellow Paper, appendix C).
 * @module
 */
import { VerificationError } from '../core/errors.ts';

export function bytesToNibbles(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    out[2 * i] = bytes[i]! >> 4;
    out[2 * i + 1] = bytes[i]! & 15;
  }
  return out;
}

export interface HexPrefixPath {
  nibbles: Uint8Array;
  isLeaf: boolean;
}

/**
 * Decodes a hex-prefix path. The first nibble is the flag (bit 1: leaf, bit 0: odd length);
 * an even path pads the flag byte with a zero nibble. Anything else is not a node key.
 */
export function decodeHexPrefix(encoded: Uint8Array): HexPrefixPath {
  if (encoded.length === 0) {
    throw new VerificationError('PROOF_INVALID_NODE', 'trie node has an empty hex-prefix path');
  }
  const flag = encoded[0]! >> 4;
  if (flag > 3) {
    throw new VerificationError('PROOF_INVALID_NODE', 'trie node path has an invalid hex-prefix flag', {
      expected: '0..3',
      got: `${flag}`,
    });
  }
  const odd = (flag & 1) === 1;
  if (!odd && (encoded[0]! & 15) !== 0) {
    throw new VerificationError('PROOF_INVALID_NODE', 'even hex-prefix path has a non-zero padding nibble');
  }
  const all = bytesToNibbles(encoded);
  return { nibbles: all.subarray(odd ? 1 : 2), isLeaf: flag >= 2 };
}

/** Hex-prefix encodes `nibbles` as a leaf or extension key. */
export function encodeHexPrefix(nibbles: Uint8Array, isLeaf: boolean): Uint8Array {
  const odd = nibbles.length % 2 === 1;
  const out = new Uint8Array(Math.floor(nibbles.length / 2) + 1);
  out[0] = ((isLeaf ? 2 : 0) + (odd ? 1 : 0)) << 4;
  let i = 0;
  if (odd) out[0] |= nibbles[i++]!;
  for (let o = 1; i < nibbles.length; i += 2, o++) out[o] = (nibbles[i]! << 4) | nibbles[i + 1]!;
  return out;
}
