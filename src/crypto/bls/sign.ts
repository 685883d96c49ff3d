/**
 * BLS12-381 key generation, signing and aggregation (draft-irtf-cfrg-bls-signature-04, the POP
 * ciphersuite Ethereum uses): what the devnet's sync committee and the tests need. The light
 * client itself only verifies (src/crypto/bls.ts); these are re-exported there.
 * @module
 */
import { extract as hkdfExtract, expand as hkdfExpand } from '@noble/hashes/hkdf.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { abytes, bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { activeBls, decodePublicKey, DST_POP, PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH, SIGNATURE_LENGTH } from './active.ts';
import { CURVE_ORDER } from './backend.ts';

const KEYGEN_SALT = /* @__PURE__ */ new TextEncoder().encode('BLS-SIG-KEYGEN-SALT-');

/**
 * KeyGen (draft-irtf-cfrg-bls-signature-04 §2.3): a secret key derived from at least 32 bytes
 * of input keying material by HKDF-SHA256, reduced mod r. With an empty `keyInfo` this is
 * EIP-2333's derive_master_SK; deterministic, so the devnet's committee is reproducible from
 * its seeds. Returns the 32-byte big-endian secret key.
 * @example keygen(sha256(utf8('vigil devnet validator 7')))
 */
export function keygen(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array()): Uint8Array {
  abytes(ikm, undefined, 'ikm');
  abytes(keyInfo, undefined, 'keyInfo');
  if (ikm.length < 32) throw new InputError(`"ikm" expected at least 32 bytes, got length=${ikm.length}`);
  const input = concatBytes(ikm, Uint8Array.of(0)); // IKM ‖ I2OSP(0, 1)
  const info = concatBytes(keyInfo, Uint8Array.of(0, 48)); // key_info ‖ I2OSP(L, 2), L = 48
  let salt = KEYGEN_SALT;
  for (;;) {
    salt = nobleSha256(salt);
    const okm = hkdfExpand(nobleSha256, hkdfExtract(nobleSha256, input, salt), info, 48);
    const sk = bytesToBigInt(okm) % CURVE_ORDER;
    if (sk !== 0n) return bigIntToBytesPadded(sk, SECRET_KEY_LENGTH);
  }
}

/** 32 big-endian bytes in 1..r-1. The value is never echoed in the error. */
function secretScalar(secretKey: Uint8Array): bigint {
  abytes(secretKey, SECRET_KEY_LENGTH, 'secretKey');
  const sk = bytesToBigInt(secretKey);
  if (sk === 0n || sk >= CURVE_ORDER) {
    throw new InputError(`"secretKey" expected an integer in 1..r-1, got ${sk === 0n ? 'zero' : 'a value ≥ r'}`);
  }
  return sk;
}

/**
 * SkToPk: the 48-byte compressed public key of a secret key.
 * @example getPublicKey(keygen(seed)) // Uint8Array(48)
 */
export function getPublicKey(secretKey: Uint8Array): Uint8Array {
  const be = activeBls();
  return be.g1Compress(be.g1MulBase(secretScalar(secretKey)));
}

/**
 * Sign: [sk]·H(message) with the POP ciphersuite's hash to G2; 96 bytes compressed.
 * @example sign(secretKey, signingRoot) // Uint8Array(96)
 */
export function sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  const sk = secretScalar(secretKey);
  abytes(message, undefined, 'message');
  const be = activeBls();
  return be.g2Compress(be.g2Mul(be.hashToG2(message, DST_POP), sk));
}

/**
 * Aggregate (draft §2.8): the sum of the signatures, each decoded and subgroup-checked.
 * @throws InputError on an empty list or a wrong length; VerificationError BLS_INVALID_SIGNATURE
 *   naming the first signature that does not decode
 * @example aggregateSignatures(members.map((sk) => sign(sk, root)))
 */
export function aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(signatures) || signatures.length === 0) throw new InputError('"signatures" expected a non-empty array');
  const be = activeBls();
  const points: unknown[] = [];
  for (let i = 0; i < signatures.length; i++) {
    const title = `signatures[${i}]`;
    const bytes = abytes(signatures[i], SIGNATURE_LENGTH, title);
    const decoded = be.g2Decompress(bytes);
    if ('error' in decoded) {
      throw new VerificationError('BLS_INVALID_SIGNATURE', `${title} is not a valid BLS signature (${decoded.error})`, {
        expected: 'a compressed G2 point',
        got: bytesToHex(bytes),
      });
    }
    points.push(decoded.point);
  }
  return be.g2Compress(be.g2Combine(points));
}

/**
 * The sum of the public keys, each KeyValidate'd (as consensus-specs `eth_aggregate_pubkeys`
 * asserts): what a SyncCommittee's `aggregate_pubkey` holds.
 * @throws InputError on an empty list or a wrong length; VerificationError BLS_INVALID_PUBKEY
 * @example aggregatePublicKeys(committee.pubkeys) // equals committee.aggregatePubkey
 */
export function aggregatePublicKeys(pubkeys: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(pubkeys) || pubkeys.length === 0) throw new InputError('"pubkeys" expected a non-empty array');
  const be = activeBls();
  const points = pubkeys.map((pk, i) => decodePublicKey(be, abytes(pk, PUBLIC_KEY_LENGTH, `pubkeys[${i}]`), true, `pubkeys[${i}]`));
  return be.g1Compress(be.g1Combine(points, []));
}
