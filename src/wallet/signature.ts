/**
 * Message signatures: 65 bytes r ‖ s ‖ v with v = 27 + y-parity, RFC 6979 deterministic with low
 * s (see signHash in ./transaction.ts, where the serializer decision is explained: Vigil's own
 * keccak and secp256k1 front doors rather than micro-eth-signer), and the address a signature
 * recovers to. Shared by personal_sign (./personal-message.ts) and EIP-712 (./typed-data.ts).
 * @module
 */
import { bigIntToBytesPadded, bytesToHex, concatBytes, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { type Address, checksumAddress } from './transaction-request.ts';
import { type Hex, signHash } from './transaction.ts';
import { SECP256K1_N, secp256k1Recover } from '../crypto/secp256k1.ts';

/** r ‖ s ‖ v (v 27/28) over a 32-byte digest. */
export function signatureHex(hash: Uint8Array, privateKey: Uint8Array): Hex {
  const sig = signHash(hash, privateKey);
  return bytesToHex(concatBytes(bigIntToBytesPadded(sig.r, 32), bigIntToBytesPadded(sig.s, 32), Uint8Array.of(27 + sig.recovery))) as Hex;
}

const N = SECP256K1_N;

/**
 * The address whose key made `signature` (65 bytes r ‖ s ‖ v, low s, v 27/28 or 0/1) over `hash`.
 * @throws InputError for a malformed signature or one from which no key recovers.
 */
export function recoverAddress(hash: Uint8Array, signature: unknown): Address {
  const bytes = typeof signature === 'string' ? hexToBytes(signature, 65, 'signature') : signature;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 65) throw new InputError(`"signature" expected 65 bytes, got ${describe(bytes)}`);
  const v = bytes[64]!;
  const recovery = v >= 27 ? v - 27 : v;
  if (recovery !== 0 && recovery !== 1) throw new InputError(`"signature" v expected 27 or 28, got ${v}`);
  const r = BigInt(bytesToHex(bytes.subarray(0, 32)));
  const s = BigInt(bytesToHex(bytes.subarray(32, 64)));
  if (r <= 0n || r >= N || s <= 0n || s > N >> 1n) throw new InputError('"signature" r or s out of range (s must be low, EIP-2)');
  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1Recover(hash, r, s, recovery);
  } catch (cause) {
    throw new InputError('"signature": no public key recovers from it', { cause });
  }
  return checksumAddress(keccak256(publicKey.subarray(1)).slice(12));
}
