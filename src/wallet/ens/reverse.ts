/**
 * A reverse record is only a claim: anyone can set their reverse name to any name. A primary name
 * is shown for an address only when it is normalized (ENSIP-15: a name that is not would resolve
 * as another) and the name's own forward address is that address (ENSIP-19's forward check; the
 * UniversalResolver does it too, here it is done again over Vigil's own forward resolution).
 * @module
 */
import { isNormalized } from './normalize.ts';

export type ReverseVerdict = { name: string } | { name: null; why: 'no-record' | 'not-normalized' | 'forward-mismatch' };

/**
 * The primary name of `address` when `claimed` (the reverse record, '' for none) is normalized and
 * `forward` (its forward address, null for none) is `address`.
 * @example checkReverse('0xd8da…', 'vitalik.eth', '0xd8da…') // { name: 'vitalik.eth' }
 */
export function checkReverse(address: string, claimed: string, forward: string | null): ReverseVerdict {
  if (claimed === '') return { name: null, why: 'no-record' };
  if (!isNormalized(claimed)) return { name: null, why: 'not-normalized' };
  if (forward === null || forward.toLowerCase() !== address.toLowerCase()) return { name: null, why: 'forward-mismatch' };
  return { name: claimed };
}
