/**
 * A name's hashes and its DNS wire form: `labelhash` and `namehash` of ENSIP-1
 * (https://docs.ens.domains/ensip/1), and the DNS encoding the UniversalResolver and ENSIP-10
 * resolvers take (https://docs.ens.domains/ensip/10: each label as a length byte and its UTF-8
 * bytes, then a zero byte). A label of more than 255 bytes cannot be length-prefixed: it goes as
 * its encoded labelhash `[64 hex digits]`, which ENS's NameCoder reads back as that hash (so does
 * `namehash` here). Names come in normalized (./normalize.ts); nothing here normalizes.
 * @module
 */
import { bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';

const utf8 = new TextEncoder();

/** `[` 64 hex digits `]`: a label given by its hash (ENS's "encoded labelhash"). */
function encodedLabelhash(label: string): Uint8Array | undefined {
  if (label.length !== 66 || label[0] !== '[' || label[65] !== ']') return undefined;
  const hex = label.slice(1, 65);
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hexToBytes(`0x${hex}`, 32, 'labelhash') : undefined;
}

/** keccak256 of a label's UTF-8 bytes (or the hash an encoded labelhash carries). */
export function labelhash(label: string): Uint8Array {
  return encodedLabelhash(label) ?? keccak256(utf8.encode(label));
}

/**
 * ENSIP-1's namehash: 32 zero bytes for the empty name, else keccak256(namehash(parent) ‖ labelhash(label)).
 * @example bytesToHex(namehash('eth')) // 0x93cdeb708b7545dc668eb9280176169d1c33cfd8ed6f04690a0bcc88a93fc4ae
 */
export function namehash(name: string): Uint8Array {
  let node: Uint8Array = new Uint8Array(32);
  if (name === '') return node;
  const labels = name.split('.');
  for (let i = labels.length - 1; i >= 0; i--) node = keccak256(concatBytes(node, labelhash(labels[i]!)));
  return node;
}

/** `namehash` as 0x-hex. */
export function namehashHex(name: string): string {
  return bytesToHex(namehash(name));
}

/**
 * The DNS wire form of a name (the empty name: one zero byte).
 * @throws InputError for an empty label (`a..b`, a leading or trailing dot)
 * @example bytesToHex(dnsEncode('nick.eth')) // 0x046e69636b0365746800
 */
export function dnsEncode(name: string): Uint8Array {
  if (name === '') return new Uint8Array(1);
  const parts: Uint8Array[] = [];
  for (const label of name.split('.')) {
    if (label === '') throw new InputError(`"${name.slice(0, 80)}" has an empty label`);
    let bytes = utf8.encode(label);
    if (bytes.length > 255) bytes = utf8.encode(`[${bytesToHex(keccak256(bytes)).slice(2)}]`);
    parts.push(Uint8Array.of(bytes.length), bytes);
  }
  parts.push(new Uint8Array(1));
  return concatBytes(...parts);
}
