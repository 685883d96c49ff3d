/**
 * Address poisoning (issue 56): an address made to share the first and last characters people
 * check with one the user sent to before, so that copying it from the history pays the attacker.
 * The rule: 0x and 40 hex digits whose first {@link LOOK_ALIKE_CHARS} and last
 * {@link LOOK_ALIKE_CHARS} hex characters (after 0x, case-insensitive) equal those of an address
 * the wallet sent to, and which is not that address nor any other it sent to. Wallets show
 * addresses as 0x1234…abcd; 4 + 4 hex characters are what an attacker's vanity search matches
 * (16^8 tries, minutes on a GPU) and what a glance compares. In src/core because the popup's send
 * form runs it on what is typed, and the background on the approval window's recipient and on
 * incoming transfers (src/wallet/transfers/look-alike.ts).
 * @module
 */
import { recipientOf } from './recipient.ts';

/** Hex characters compared at each end (after 0x): what a short address shows. */
export const LOOK_ALIKE_CHARS = 4;

/** An address the wallet sent to, and when (ms since the epoch: the activity row's createdAt). */
export interface SentTo {
  address: string;
  at: number;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The address `address` mimics among `sentTo`: the most recent entry sharing its first and last
 * {@link LOOK_ALIKE_CHARS} hex characters that is another address; undefined when there is none,
 * when `address` itself was sent to (an exact match is the user's own recipient, not a look-alike),
 * or when `address` is not 0x and 40 hex digits. Malformed entries are skipped.
 * @example lookAlikeOf('0x1234' + '9'.repeat(32) + 'abcd', [{ address: '0x1234' + '0'.repeat(32) + 'ABCD', at: 1 }]) // that entry
 */
export function lookAlikeOf(address: string, sentTo: readonly SentTo[]): SentTo | undefined {
  if (!ADDRESS.test(address)) return undefined;
  const a = address.toLowerCase();
  const head = a.slice(2, 2 + LOOK_ALIKE_CHARS);
  const tail = a.slice(-LOOK_ALIKE_CHARS);
  let match: SentTo | undefined;
  for (const s of sentTo) {
    if (typeof s.address !== 'string' || !ADDRESS.test(s.address)) continue;
    const b = s.address.toLowerCase();
    if (b === a) return undefined;
    if (b.slice(2, 2 + LOOK_ALIKE_CHARS) !== head || b.slice(-LOOK_ALIKE_CHARS) !== tail) continue;
    if (match === undefined || s.at > match.at) match = s;
  }
  return match;
}

/** What a row of the wallet's own activity says it sent (src/storage/wallet.ts ActivityRow, or its view). */
export interface SentRow {
  to: string | null;
  /** The call as the approval window decoded it (null: no data; absent in older rows). */
  decoded?: unknown;
  createdAt: number;
}

/**
 * Every address the wallet's own transactions paid ({@link recipientOf}: a token transfer's
 * recipient, else the address a plain send paid), with when each was signed. Pass this network's
 * rows only: an address is someone's on one chain.
 */
export function sentToOf(rows: readonly SentRow[]): SentTo[] {
  const out: SentTo[] = [];
  for (const r of rows) {
    const to = recipientOf(r.to, r.decoded);
    if (to !== null && typeof r.createdAt === 'number') out.push({ address: to, at: r.createdAt });
  }
  return out;
}
