/**
 * What the wallet's vault is sealed with: scrypt to derive a key from a password, AES-256-GCM to
 * seal under it (@noble/hashes and @noble/ciphers underneath). The vault (src/wallet/vault.ts)
 * chooses and bounds the parameters; this module is their one front door.
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  dkLen: number;
  /** Refuse to allocate more than this many bytes (noble counts 128·r·(N + p + 1)). */
  maxmem: number;
  onProgress?: (progress: number) => void;
}

/** scrypt (RFC 7914) of a password, yielding to the event loop as it goes. */
export const scrypt = (password: Uint8Array | string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> => scryptAsync(password, salt, params);

/** AES-256-GCM: ciphertext ‖ 16-byte tag. */
export const aesGcmSeal = (key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Uint8Array => gcm(key, nonce, associatedData).encrypt(plaintext);

/** AES-256-GCM open. Throws when the tag does not verify (a wrong key or changed bytes, which GCM cannot tell apart). */
export const aesGcmOpen = (key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, sealed: Uint8Array): Uint8Array => gcm(key, nonce, associatedData).decrypt(sealed);
