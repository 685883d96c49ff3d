/**
 * The names a call's or typed data's words may show for addresses that are the user's
 * (./clear-signing.ts WordsBindings.names): each account of the keyring by the name the popup shows
 * it by, marked as the user's ("Account 2 (yours)", "Savings (yours)": a name the user gave is their
 * own word, not a proof, so it is never shown as if it were one), and the recipient's name the user
 * chose in the send form once proven again for the window, for that recipient only. Both come from
 * the service worker (the keyring's state; the send form's name resolved by proof), never from a
 * page or a contract: a call cannot name an address in its own words. Pure.
 * @module
 */
import { accountName, type NamedAccount, YOURS } from '../../../core/account-name.ts';

/** The keyring's accounts as the service worker states them (./keyring-session.ts KeyringState). */
export interface OwnAccounts {
  locked: boolean;
  accounts: readonly (NamedAccount & { address: string })[];
}

/** A name proven for the window (./recipient-name.ts ProvenName, its address found). */
export interface ProvenRecipient {
  name: string;
  address: string;
}

/** The names the user gave are at most 64 characters (./keyring-session.ts renameAccount). */
const MAX_NAME = 64;

const isAddress = (a: unknown): a is string => typeof a === 'string' && /^0x[0-9a-fA-F]{40}$/.test(a);
const isIndex = (n: unknown) => n === undefined || (Number.isSafeInteger(n) && (n as number) >= 0);

/** An own account as the words show it. @example ownLabel({ kind: 'hd', index: 1 }) // 'Account 2 (yours)' */
export function ownLabel(a: NamedAccount): string {
  return `${accountName(a)}${YOURS}`;
}

/**
 * Lower-case address → label of each account in `state` (what crossed the link, read with care: a
 * row that is not an account is left out). While locked only the addresses and the names the user
 * gave are in clear, so an account without a name is left out then (its place is not known).
 * @example ownNames({ locked: false, accounts: [{ address: '0xAb…', kind: 'hd', index: 0, phrase: 0, name: 'Savings' }] }) // Map { '0xab…' => 'Savings (yours)' }
 */
export function ownNames(state: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof state !== 'object' || state === null) return out;
  const { locked, accounts } = state as Partial<OwnAccounts>;
  if (typeof locked !== 'boolean' || !Array.isArray(accounts)) return out;
  for (const a of accounts as unknown[]) {
    if (typeof a !== 'object' || a === null) continue;
    const { address, kind, index, phrase, name } = a as Record<string, unknown>;
    if (!isAddress(address) || (kind !== 'hd' && kind !== 'imported') || !isIndex(index) || !isIndex(phrase)) continue;
    const named = typeof name === 'string' && name.trim() !== '' ? name.slice(0, MAX_NAME) : undefined;
    if (locked && named === undefined) continue;
    out.set(address.toLowerCase(), ownLabel({ kind, index: index as number | undefined, phrase: phrase as number | undefined, name: named }));
  }
  return out;
}

/**
 * The names for one transaction's words: `own` and, when `recipient` was proven to be the address
 * the transaction pays (`paid`: src/core/recipient.ts recipientOf), its name for that address
 * alone. An own account keeps its label (that it is the user's says more than a name).
 */
export function withRecipient(own: ReadonlyMap<string, string> | undefined, recipient: ProvenRecipient | undefined, paid: string | null): ReadonlyMap<string, string> | undefined {
  if (recipient === undefined || paid === null || !isAddress(recipient.address) || recipient.address.toLowerCase() !== paid.toLowerCase()) return own;
  const a = paid.toLowerCase();
  if (own?.has(a)) return own;
  return new Map([...(own ?? []), [a, recipient.name]]);
}
