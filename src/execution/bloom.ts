/**
 * The 2048-bit logs bloom (Yellow Paper §4.3.1, M3:2048): each log's address and topics set
 * three bits each, taken from the low 11 bits of the first three byte pairs of their keccak256.
 * A bloom can say "certainly absent", never "present": Vigil uses the verified header's bloom to
 * skip blocks, and always confirms a match against verified receipts.
 * @module
 */
import { abytes } from '../core/bytes.ts';
import { keccak256 } from '../crypto/keccak.ts';
import type { Log } from '../proofs/receipts.ts';

const BLOOM_BYTES = 256;

/** The three (byte index, bit mask) pairs `value` sets. */
function bloomBits(value: Uint8Array): [number, number][] {
  const h = keccak256(value);
  const out: [number, number][] = [];
  for (let i = 0; i < 6; i += 2) {
    const bit = ((h[i]! << 8) | h[i + 1]!) & 2047;
    out.push([BLOOM_BYTES - 1 - (bit >> 3), 1 << (bit & 7)]);
  }
  return out;
}

/** Adds `value` (an address or a topic) to `bloom` in place. */
function bloomAdd(bloom: Uint8Array, value: Uint8Array): void {
  for (const [i, mask] of bloomBits(value)) bloom[i] = bloom[i]! | mask;
}

/**
 * The bloom of a receipt's (or a block's) logs.
 * @example equalBytes(logsBloom(receipt.logs), receipt.logsBloom)
 */
export function logsBloom(logs: readonly Log[]): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const log of logs) {
    bloomAdd(bloom, log.address);
    for (const topic of log.topics) bloomAdd(bloom, topic);
  }
  return bloom;
}

/** False when `value` is certainly not in `bloom`. */
export function bloomContains(bloom: Uint8Array, value: Uint8Array): boolean {
  abytes(bloom, BLOOM_BYTES, 'bloom');
  return bloomBits(value).every(([i, mask]) => (bloom[i]! & mask) === mask);
}
