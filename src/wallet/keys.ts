/**
 * Keys and addresses: EIP-55 addresses, secp256k1 private keys (checked, parsed as users paste
 * them) and the address a key or public key belongs to.
 *
 * Private keys are secrets: `Uint8Array`s the caller wipes (`fill(0)`) after use; errors thrown
 * here never carry key material. Keccak through src/crypto/keccak.ts, the project's one front door.
 * @module
 */
import { abytes, bytesToBigInt, bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { WalletError } from './errors.ts';
import { SECP256K1_N, secp256k1PublicKey, secp256k1Uncompressed } from '../crypto/secp256k1.ts';

/** secp256k1's group order: private keys are 1 … n−1. */
const CURVE_N = SECP256K1_N;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const utf8 = /* @__PURE__ */ new TextEncoder();

/**
 * EIP-55 mixed-case form of an address given in any case
 * (https://eips.ethereum.org/EIPS/eip-55): hex digit i is upper case when nibble i of
 * keccak256(lower-case hex) is 8 or more. It reformats; it does not check an existing checksum.
 * @example toChecksumAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
 * // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 */
export function toChecksumAddress(address: string): string {
  if (typeof address !== 'string' || !ADDRESS_RE.test(address)) {
    throw new InputError(`"address" expected 0x and 40 hex digits, got ${describe(address)}`);
  }
  const lower = address.slice(2).toLowerCase();
  const hash = keccak256(utf8.encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 15;
    out += nibble >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  }
  return out;
}

/**
 * True for `0x` and 40 hex digits whose case is all lower, all upper, or a valid EIP-55 checksum
 * (a mixed-case address with a wrong checksum is a typo to refuse, not an address).
 * @example isAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266') // true
 */
export function isAddress(value: unknown): value is string {
  if (typeof value !== 'string' || !ADDRESS_RE.test(value)) return false;
  const digits = value.slice(2);
  if (digits === digits.toLowerCase() || digits === digits.toUpperCase()) return true;
  return toChecksumAddress(value) === value;
}

/**
 * Checks a private key: 32 bytes, 1 ≤ k < n. Returns it. The error never shows the key.
 * @throws WalletError INVALID_PRIVATE_KEY
 */
export function aprivateKey(privateKey: Uint8Array): Uint8Array {
  abytes(privateKey, undefined, 'privateKey');
  if (privateKey.length !== 32) {
    throw new WalletError('INVALID_PRIVATE_KEY', 'not a secp256k1 private key', { expected: '32 bytes', got: `${privateKey.length} bytes` });
  }
  const k = bytesToBigInt(privateKey);
  if (k === 0n || k >= CURVE_N) {
    throw new WalletError('INVALID_PRIVATE_KEY', 'not a secp256k1 private key', {
      expected: 'an integer 1 … n−1 (n: the secp256k1 group order)',
      got: k === 0n ? 'zero' : 'an integer ≥ n',
    });
  }
  return privateKey;
}

/**
 * Parses a private key as users paste it (64 hex digits, with or without 0x, surrounding blanks
 * ignored) and checks its range. The result is a secret the caller wipes after use.
 * @throws WalletError INVALID_PRIVATE_KEY (the message never contains the input)
 * @example importPrivateKey('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
 */
export function importPrivateKey(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new InputError(`"privateKey" expected a hex string, got ${typeof hex}`);
  const trimmed = hex.trim();
  const digits = trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]{64}$/.test(digits)) {
    throw new WalletError('INVALID_PRIVATE_KEY', 'not a secp256k1 private key', {
      expected: '64 hex digits',
      got: /^[0-9a-fA-F]*$/.test(digits) ? `${digits.length} hex digits` : 'a string with characters that are not hex digits',
    });
  }
  return aprivateKey(hexToBytes('0x' + digits.toLowerCase(), 32, 'privateKey'));
}

/**
 * The address of a secp256k1 public key (33-byte compressed or 65-byte uncompressed): the last
 * 20 bytes of keccak256 of the uncompressed point without its 0x04 prefix, EIP-55 checksummed.
 */
export function publicKeyToAddress(publicKey: Uint8Array): string {
  abytes(publicKey, undefined, 'publicKey');
  if (publicKey.length !== 33 && publicKey.length !== 65) {
    throw new InputError(`"publicKey" expected Uint8Array of length 33 or 65, got length=${publicKey.length}`);
  }
  const uncompressed = publicKey.length === 65 ? publicKey : secp256k1Uncompressed(publicKey);
  if (uncompressed[0] !== 4) throw new InputError(`"publicKey" expected an uncompressed point (0x04 prefix), got 0x${uncompressed[0]!.toString(16)}`);
  return toChecksumAddress(bytesToHex(keccak256(uncompressed.subarray(1)).subarray(12)));
}

/**
 * The checksummed address of a private key.
 * @example addressOf(importPrivateKey('0xac09…ff80')) // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 */
export function addressOf(privateKey: Uint8Array): string {
  return publicKeyToAddress(secp256k1PublicKey(aprivateKey(privateKey)));
}
