/**
 * Solidity storage keys: a fixed slot, or a `mapping(uint256 ⇒ …)` entry at
 * keccak256(pad32(key) ‖ pad32(slot)) (Solidity's layout for value-type keys).
 * @module
 */
import { bigIntToBytesPadded, bytesToHex, concatBytes, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { eventTopic } from '../execution/abi.ts';
import type { ProvenL1Storage, SlotRef } from './adapter.ts';

const TWO_256 = 1n << 256n;

function word(x: bigint, title: string): Uint8Array {
  if (x < 0n || x >= TWO_256) throw new InputError(`"${title}" expected a uint256, got ${x}`);
  return bigIntToBytesPadded(x, 32);
}

/**
 * The 32-byte storage key (lower-case 0x-hex) of a slot reference.
 * @example storageKey({ slot: 0n }) // '0x0000…0000'
 * @example storageKey({ mapping: 7n, key: 1n }) // keccak256(pad32(1) ‖ pad32(7))
 */
export function storageKey(ref: SlotRef): string {
  if ('slot' in ref) return bytesToHex(word(ref.slot, 'slot'));
  if ('storageKey' in ref) return bytesToHex(hexToBytes(ref.storageKey, 32, 'storageKey'));
  return bytesToHex(keccak256(concatBytes(word(ref.key, 'key'), word(ref.mapping, 'mapping'))));
}

/**
 * The storage key of `mapping[key]` for a mapping whose own slot is `base` (a slot number or an
 * outer entry's key, for nested mappings): keccak256(pad32(key) ‖ base). Value-type keys only
 * (addresses, uints, bytes32), as the rollups' contracts use.
 * @example mappingKey(mappingKey(5n, a), b) // m[a][b] for a mapping declared at slot 5
 */
export function mappingKey(base: bigint | string, key: bigint): string {
  const baseWord = typeof base === 'string' ? hexToBytes(base, 32, 'base') : word(base, 'base');
  return bytesToHex(keccak256(concatBytes(word(key, 'key'), baseWord)));
}

/** The storage key of element `index` (one word each) of a dynamic array at `slot`: keccak256(pad32(slot)) + index. */
export function arrayElementKey(slot: bigint, index: bigint): string {
  const start = BigInt(bytesToHex(keccak256(word(slot, 'slot'))));
  return bytesToHex(word((start + index) % TWO_256, 'array element'));
}

/** `n` bytes at byte `offset` from the least significant end of a storage word (Solidity's packing). */
export function packedField(value: bigint, offset: number, n: number): bigint {
  return (value >> BigInt(8 * offset)) & ((1n << BigInt(8 * n)) - 1n);
}

/** The address in a storage word's low 20 bytes (an `address` slot, or the proxy part of a packed id), lower-case 0x-hex. */
export function addressOfWord(word: bigint): string {
  return '0x' + (word & ((1n << 160n) - 1n)).toString(16).padStart(40, '0');
}

/** EIP-1967's implementation slot: keccak256("eip1967.proxy.implementation") − 1. */
export const EIP1967_IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

/** EIP-1967's `Upgraded(address indexed implementation)`: a proxy's implementation changed. */
export const EIP1967_UPGRADED_TOPIC = eventTopic('Upgraded(address)');

/**
 * The value of `ref` in `address`'s proven storage.
 * @throws VerificationError L2_STORAGE_NOT_PROVEN when it was not among the proven slots.
 */
export function provenSlot(proven: ProvenL1Storage, address: string, ref: SlotRef, label = address): bigint {
  const key = storageKey(ref);
  const value = proven.accounts.get(address.toLowerCase())?.storage.get(key);
  if (value === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `slot ${key} of ${label} was not proven`);
  return value;
}
