/**
 * secp256k1, Ethereum's signature curve: the one front door for keys, signing and recovery
 * (@noble/curves underneath). Callers keep their own checks and error types (the wallet's
 * WalletError, a transaction's INVALID_SIGNATURE); this module only names what they need.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';

/** The group order n. */
export const SECP256K1_N: bigint = /* @__PURE__ */ secp256k1.Point.CURVE().n;

/** A private key's public key: 65 bytes uncompressed (0x04 ‖ x ‖ y), or 33 compressed. Throws for a key outside [1, n). */
export const secp256k1PublicKey = (privateKey: Uint8Array, compressed = false): Uint8Array => secp256k1.getPublicKey(privateKey, compressed);

/** A 33- or 65-byte public key as 65 bytes uncompressed. Throws for bytes that are no point of the curve. */
export const secp256k1Uncompressed = (publicKey: Uint8Array): Uint8Array => secp256k1.Point.fromBytes(publicKey).toBytes(false);

/** A signature of a 32-byte digest (no hashing here), low s (EIP-2), with its recovery id (0–3). */
export function secp256k1Sign(digest: Uint8Array, privateKey: Uint8Array): { r: bigint; s: bigint; recovery: number | undefined } {
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(digest, privateKey, { prehash: false, lowS: true, format: 'recovered' }), 'recovered');
  return { r: sig.r, s: sig.s, recovery: sig.recovery };
}

/** The 65-byte uncompressed public key that signed `digest` as (r, s, recovery). Throws when none recovers. */
export const secp256k1Recover = (digest: Uint8Array, r: bigint, s: bigint, recovery: number): Uint8Array =>
  new secp256k1.Signature(r, s, recovery).recoverPublicKey(digest).toBytes(false);
