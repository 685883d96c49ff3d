/**
 * kzg_to_versioned_hash, on its own: it needs only sha256, so code that ties blobs to their
 * versioned hashes (src/l1/blobs, src/l2/vigil-zk) does not pull the KZG kernel into its bundle.
 * src/crypto/kzg.ts re-exports it as the front door's.
 * @module
 */
import { sha256 } from '../sha256.ts';
import { BYTES_PER_COMMITMENT, VERSIONED_HASH_VERSION_KZG } from './constants.ts';
import { checkLength } from './validate.ts';

/**
 * kzg_to_versioned_hash: VERSIONED_HASH_VERSION_KZG ‖ sha256(commitment)[1:] (a blob
 * transaction's blob_versioned_hashes).
 * @throws InputError unless `commitment` is 48 bytes
 * @example kzgToVersionedHash(commitment) // Uint8Array(32) [1, …]
 */
export function kzgToVersionedHash(commitment: Uint8Array): Uint8Array {
  checkLength(commitment, BYTES_PER_COMMITMENT, 'commitment');
  const hash = sha256(commitment);
  hash[0] = VERSIONED_HASH_VERSION_KZG;
  return hash;
}
