/**
 * The one sha256 of Vigil.
 * @module
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** sha256(left ‖ right) of two 32-byte chunks: the SSZ merkleization step. */
export function sha256Pair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64);
  buf.set(left, 0);
  buf.set(right, 32);
  return nobleSha256(buf);
}
