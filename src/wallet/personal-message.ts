/**
 * personal_sign (EIP-191 version 0x45).
 *
 * The message is first parsed into what the approval window shows (a preview built from the very
 * bytes that are hashed, never from the dApp's own description) and only then signed
 * (./signature.ts: r ‖ s ‖ v).
 *
 * personal_sign's message: a string that is `0x` followed by an even, non-zero number of hex
 * digits is bytes, as MetaMask reads it; any other string is UTF-8 text.
 * DIFF FROM MetaMask: MetaMask also takes unprefixed hex ("cafe", "deadbeef") as bytes; here
 * every string that is not whole-byte `0x` hex is text (odd-length `0x` hex too), so that the
 * preview shows exactly the characters the dApp sent and the user reads what is signed (viem
 * and ethers sign every string as text; a dApp that means bytes sends `0x`).
 * @module
 */
import { bytesToHex, concatBytes, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { recoverAddress, signatureHex } from './signature.ts';
import type { Address } from './transaction-request.ts';
import type { Hex } from './transaction.ts';

/** What the approval window shows of a personal message. */
export type MessagePreview =
  /** The message decodes as UTF-8 and has no control characters (other than tab and newlines). */
  | { kind: 'text'; text: string }
  /** Anything else, shown as hex. */
  | { kind: 'hex'; hex: Hex };

export interface PersonalMessage {
  /** The bytes that are signed (after the EIP-191 prefix). */
  bytes: Uint8Array;
  preview: MessagePreview;
  /** keccak256("\x19Ethereum Signed Message:\n" + length + bytes): the digest signed. */
  hash: Uint8Array;
}

/** Bound on a personal message (a sign-in message is well under 1 KiB). */
export const MAX_MESSAGE_BYTES = 1 << 20;

/**
 * What parsePersonalMessage returned: only these are signed, so that no digest or preview built
 * elsewhere (a page's object passed through by mistake) can reach the key.
 */
const parsedMessages = /* @__PURE__ */ new WeakSet<object>();

const HEX_MESSAGE = /^0x(?:[0-9a-fA-F]{2})+$/;

/**
 * Reads personal_sign's message parameter: bytes (a Uint8Array, or `0x` hex of whole bytes) or
 * UTF-8 text (any other string).
 * @throws InputError for anything that is not a string or bytes, or larger than MAX_MESSAGE_BYTES.
 * @example parsePersonalMessage('0x68656c6c6f').preview // { kind: 'text', text: 'hello' }
 */
export function parsePersonalMessage(message: unknown): PersonalMessage {
  let bytes: Uint8Array;
  if (message instanceof Uint8Array) bytes = message.slice();
  else if (typeof message === 'string') {
    if (message.length > 2 * MAX_MESSAGE_BYTES + 2) throw tooLarge(message.length);
    bytes = HEX_MESSAGE.test(message) ? hexToBytes(message, undefined, 'message') : new TextEncoder().encode(message);
  } else throw new InputError(`"message" expected a string or bytes, got ${describe(message)}`);
  if (bytes.length > MAX_MESSAGE_BYTES) throw tooLarge(bytes.length);
  const parsed: PersonalMessage = Object.freeze({ bytes, preview: Object.freeze(previewBytes(bytes)), hash: hashPersonalMessage(bytes) });
  parsedMessages.add(parsed);
  return parsed;
}

/**
 * A message of exactly 32 bytes, the size of a hash: signed as a personal message it is what an
 * ERC-4337 account of EntryPoint ≤ v0.7 style (SimpleAccount's `_validateSignature` over
 * `toEthSignedMessageHash(userOpHash)`) takes as the owner's approval of a user operation. For an
 * account delegated (EIP-7702) to such code, signing it may authorize a transaction, whatever the
 * bytes look like; the approval window says so (src/ui/components/delegation.ts).
 * @example isBareHash(parsePersonalMessage('0x' + '11'.repeat(32))) // true
 */
export function isBareHash(message: PersonalMessage): boolean {
  return message.bytes.length === 32;
}

function tooLarge(got: number): InputError {
  return new InputError(`"message" expected at most ${MAX_MESSAGE_BYTES} bytes, got ${got}`);
}

/**
 * The digest personal_sign signs: keccak256(0x19 ‖ "Ethereum Signed Message:\n" ‖ decimal length ‖ bytes).
 * @example hashPersonalMessage(new TextEncoder().encode('hello world')) // d9eba16e…cf807d68
 */
export function hashPersonalMessage(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new InputError(`"message" expected Uint8Array, got ${describe(bytes)}`);
  const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${bytes.length}`);
  return keccak256(concatBytes(prefix, bytes));
}

/**
 * personal_sign: the 65-byte signature r ‖ s ‖ v (v 27/28) over the message's digest.
 * @param message what parsePersonalMessage returned (and the approval window showed); any
 *   other object, such as a structured clone of one from a page, is refused.
 * @throws InputError for a message not parsed here, WalletError INVALID_PRIVATE_KEY for a bad key.
 * @example signPersonalMessage(parsePersonalMessage('hello world'), privateKey) // '0x…1b' or '0x…1c'
 */
export function signPersonalMessage(message: PersonalMessage, privateKey: Uint8Array): Hex {
  if (!parsedMessages.has(message)) throw new InputError('"message" was not returned by parsePersonalMessage');
  return signatureHex(message.hash, privateKey);
}

/**
 * The address whose key made `signature` (65 bytes r ‖ s ‖ v, low s, v 27/28 or 0/1) over a
 * personal message (the dApp's parameter, as parsePersonalMessage reads it).
 * @throws InputError for a malformed message or signature, or one from which no key recovers.
 */
export function recoverPersonalMessageAddress(message: unknown, signature: unknown): Address {
  return recoverAddress(parsePersonalMessage(message).hash, signature);
}

/** Bidirectional controls (U+202A–202E, U+2066–2069) can make text read as other text. */
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const strictUtf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text when the bytes are UTF-8 without control characters (tab, LF, CR allowed); hex otherwise. */
function previewBytes(bytes: Uint8Array): MessagePreview {
  if (bytes.length > 0) {
    let text: string | undefined;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      text = undefined;
    }
    if (text !== undefined && !UNPRINTABLE.test(text)) return { kind: 'text', text };
  }
  return { kind: 'hex', hex: bytesToHex(bytes) as Hex };
}
