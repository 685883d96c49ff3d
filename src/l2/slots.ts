/**
 * Solidity storage keys: a fixed slot, or a `mapping(uint256 ⇒ …)` entry at
 * keccak256(pad32(key) ‖ pad32(slot)) (Solidity's layout for value-type keys).
 * @module
 */
import { bigIntToBytesPadded, bytesToHex, concatBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import type { SlotRef } from './adapter.ts';

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
  return bytesToHex(keccak256(concatBytes(word(ref.key, 'key'), word(ref.mapping, 'mapping'))));
}
