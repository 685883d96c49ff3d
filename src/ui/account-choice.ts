/**
 * The account chosen on the popup's home, kept in the extension's own page storage (an address
 * only) so that the popup opens on it again and a site's connect window proposes it.
 * @module
 */

/** The storage key (the extension's pages share it: the popup writes it, the approval window reads it). */
export const ACCOUNT_KEY = 'vigil.home.account';

/** The address last chosen on the home, or null (none chosen, or storage unavailable). */
export function storedAccount(): string | null {
  try {
    return globalThis.localStorage?.getItem(ACCOUNT_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Keeps the home's choice; nothing happens where storage is unavailable. */
export function storeAccount(address: string): void {
  try {
    globalThis.localStorage?.setItem(ACCOUNT_KEY, address);
  } catch {
    // Not kept: the home shows the first account next time.
  }
}
