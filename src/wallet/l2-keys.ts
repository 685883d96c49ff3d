/**
 * Rollup keys from the wallet's own keys: the Baby Jubjub secret of an L1 account on a rollup is
 * keccak256 of that account's personal_sign signature of a fixed message naming the rollup's chain
 * id. The signature is deterministic (RFC 6979), so the same seed gives the same L2 key on every
 * device, nothing new needs a backup, and a key for one rollup says nothing of another's. (The
 * same construction as exchanges' "sign to derive your L2 key", so a hardware signer works too.)
 * @module
 */
import { hexToBytes } from '../core/bytes.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { type BabyJubPublicKey, derivePublicKey } from '../crypto/babyjub.ts';
import { parsePersonalMessage, signPersonalMessage } from './personal-message.ts';

const KEY_MESSAGE_PREFIX = 'Vigil rollup key';

/** The message signed, with the rollup's chain id (decimal). */
export function l2KeyMessage(rollupChainId: bigint): string {
  return `${KEY_MESSAGE_PREFIX}\n\nchain: ${rollupChainId}\n\nSign only in Vigil: this signature is your key on that rollup.`;
}

/**
 * Whether a personal_sign message could be a key message: its signature would hand a page the
 * L2 secret, so the wallet never signs one for anyone (checked on the bytes, whatever their encoding).
 */
export function isL2KeyMessage(bytes: Uint8Array): boolean {
  const prefix = new TextEncoder().encode(KEY_MESSAGE_PREFIX);
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * The 32-byte L2 secret of `l1PrivateKey` on the rollup `rollupChainId`. A secret: keep it where
 * the L1 key is kept. (No curve work: the keyring derives it where Baby Jubjub is not loaded.)
 */
export function deriveL2Secret(l1PrivateKey: Uint8Array, rollupChainId: bigint): Uint8Array {
  const signature = signPersonalMessage(parsePersonalMessage(l2KeyMessage(rollupChainId)), l1PrivateKey);
  return keccak256(hexToBytes(signature, 65, 'signature'));
}

/**
 * The L2 secret of `l1PrivateKey` on the rollup `rollupChainId`, and its public key.
 * @example deriveL2Key(privateKey, 1001n).publicKey // { ax, ay }
 */
export function deriveL2Key(l1PrivateKey: Uint8Array, rollupChainId: bigint): { secret: Uint8Array; publicKey: BabyJubPublicKey } {
  return l2KeyOfSecret(deriveL2Secret(l1PrivateKey, rollupChainId));
}

/** An L2 secret with its public key. */
export function l2KeyOfSecret(secret: Uint8Array): { secret: Uint8Array; publicKey: BabyJubPublicKey } {
  return { secret, publicKey: derivePublicKey(secret) };
}
