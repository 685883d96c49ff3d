/**
 * An account of the keyring by the name the user reads it by: the one they gave it, else its place
 * ("Account 2"; an imported phrase's say which wallet they came from: "Wallet 2 · Account 1"; an
 * imported key: "Imported key"). One rule for the popup, the approval window and the words of a
 * call that name the user's own account (src/client/wallet/names/own-names.ts). Pure.
 * @module
 */

/** An account as the keyring session states it (src/client/wallet/keyring-session.ts KeyringState). */
export interface NamedAccount {
  kind: 'hd' | 'imported';
  /** Its index in its phrase (hd). */
  index?: number | undefined;
  /** Which of the keyring's phrases (0: the wallet's own). */
  phrase?: number | undefined;
  /** The name the user gave it. */
  name?: string | undefined;
}

/** @example accountName({ kind: 'hd', index: 1, phrase: 0 }) // 'Account 2' */
export function accountName(a: NamedAccount): string {
  if (a.name) return a.name;
  if (a.kind === 'imported') return 'Imported key';
  const n = `Account ${(a.index ?? 0) + 1}`;
  return a.phrase ? `Wallet ${a.phrase + 1} · ${n}` : n;
}

/**
 * What marks a name in a call's words as one of the user's own accounts ("Savings (yours)"): a name
 * the user gave is their word, not a proof. No ENS name carries it (ENSIP-15 refuses spaces and
 * parentheses) and Vigil's known contracts' names do not.
 */
export const YOURS = ' (yours)';

