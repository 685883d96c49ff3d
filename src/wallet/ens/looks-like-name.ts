/**
 * Whether what was typed is asked as an ENS name or read as an address: the send form, the CLI and
 * vigil_getVerifiedBalance take either. Apart from ./normalize.ts so that a bundle that only tells
 * them apart (the service worker's provider) does not carry the normalizer's tables.
 * @module
 */

/**
 * A 0x-hex of 40 digits is an address; anything else with a dot is asked as a name.
 * @example looksLikeName('vitalik.eth') // true
 */
export function looksLikeName(value: string): boolean {
  return !/^0x[0-9a-fA-F]{40}$/.test(value.trim()) && value.includes('.');
}
