/**
 * What the wallet's vault is sealed with: scrypt to derive a key from a password (@noble/hashes),
 * AES-256-GCM to seal under it (the platform's WebCrypto, `crypto.subtle`: the service worker, the
 * extension's pages and Node ≥ 20 all have it, so no AES code ships in a bundle). The vault
 * (src/wallet/vault.ts) chooses and bounds the parameters; this module is their one front door.
 * WebCrypto's AES-GCM is NIST SP 800-38D's, as @noble/ciphers' gcm was: the same bytes for the same
 * inputs (test/unit/crypto/vault-cipher.test.ts checks one against the other).
 * @module
 */
import { abytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
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

/** AES-256's key bytes. */
const KEY_LENGTH = 32;
/** GCM's nonce (IV) bytes: 96 bits, the length GCM uses as is (SP 800-38D §8.2). */
const NONCE_LENGTH = 12;
/** GCM's tag: 128 bits, at the end of the sealed bytes. */
const TAG_BITS = 128;

/**
 * The bytes as WebCrypto's BufferSource. Vigil's byte arrays are views of plain ArrayBuffers; a
 * SharedArrayBuffer's view would be refused by WebCrypto itself (TypeError), never read.
 */
const source = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

function gcmParams(nonce: Uint8Array, associatedData: Uint8Array): AesGcmParams {
  return { name: 'AES-GCM', iv: source(nonce), additionalData: source(associatedData), tagLength: TAG_BITS };
}

/** The key as a non-extractable WebCrypto key for one use. WebCrypto copies the bytes: the caller still wipes its own. */
function gcmKey(key: Uint8Array, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', source(key), { name: 'AES-GCM' }, false, [usage]);
}

/**
 * AES-256-GCM: ciphertext ‖ 16-byte tag.
 * @example const sealed = await aesGcmSeal(key32, nonce12, associatedData, plaintext);
 */
export async function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  abytes(key, KEY_LENGTH, 'key');
  abytes(nonce, NONCE_LENGTH, 'nonce');
  abytes(associatedData, undefined, 'associatedData');
  abytes(plaintext, undefined, 'plaintext');
  const sealed = await crypto.subtle.encrypt(gcmParams(nonce, associatedData), await gcmKey(key, 'encrypt'), source(plaintext));
  return new Uint8Array(sealed);
}

/**
 * AES-256-GCM open: the plaintext, or undefined when the tag does not verify (a wrong key or
 * changed bytes, which GCM cannot tell apart). Malformed input (a key, nonce or sealed bytes of the
 * wrong length) throws.
 * @example const plaintext = await aesGcmOpen(key32, nonce12, associatedData, sealed); // undefined: wrong key or tampered
 */
export async function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, sealed: Uint8Array): Promise<Uint8Array | undefined> {
  abytes(key, KEY_LENGTH, 'key');
  abytes(nonce, NONCE_LENGTH, 'nonce');
  abytes(associatedData, undefined, 'associatedData');
  abytes(sealed, undefined, 'sealed');
  if (sealed.length < TAG_BITS / 8) throw new InputError(`"sealed" expected Uint8Array of at least ${TAG_BITS / 8} bytes (the tag), got length=${sealed.length}`);
  const cryptoKey = await gcmKey(key, 'decrypt');
  try {
    return new Uint8Array(await crypto.subtle.decrypt(gcmParams(nonce, associatedData), cryptoKey, source(sealed)));
  } catch (err) {
    // WebCrypto's answer to a tag that does not verify (and to nothing else here: the inputs were checked).
    if ((err as { name?: unknown } | null)?.name === 'OperationError') return undefined;
    throw err;
  }
}
