/**
 * The unlocked keyring: what an unlocked session keeps — each account's private key, derived once
 * at unlock, and its account info. Never the mnemonic, its passphrase or the seed: the seed is
 * wiped as soon as the keys are derived, and whatever needs the phrase (an account added, the
 * phrase shown again) opens the vault with the password (./keyring-vault.ts). Encoded for the
 * browser's session store, so that a woken service worker signs without asking again; wiped (each
 * key's bytes overwritten) when the session locks.
 *
 * Pure. Every key is secret: never log one; wipe what you decode when you are done with it.
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { isObject } from '../core/json.ts';
import { WalletError } from './errors.ts';
import { aindex } from './hd.ts';
import { type AccountInfo, accountKeys, hasPhrase, type Keyring, MAX_ACCOUNTS, MAX_PHRASES } from './keyring.ts';
import { addressOf, aprivateKey, toChecksumAddress } from './keys.ts';

export interface UnlockedKeys {
  /** HD accounts by index, then imported keys, as listAccounts orders them. */
  accounts: { info: AccountInfo; privateKey: Uint8Array }[];
  /** Whether the vault holds a recovery phrase (the popup offers to show it, with the password). */
  hasMnemonic: boolean;
}

/** Format of the encoded keys (a session store from an older version is not read: it locks). */
const VERSION = 'unlocked-keys-1';

/** The keys of every account of `keyring` (the keyring itself is the caller's to wipe). */
export function unlockKeys(keyring: Keyring): UnlockedKeys {
  return { accounts: accountKeys(keyring), hasMnemonic: hasPhrase(keyring) };
}

/** Overwrites every key held: after a lock nothing of them is left in the buffers. */
export function wipeUnlockedKeys(keys: UnlockedKeys): void {
  for (const a of keys.accounts) a.privateKey.fill(0);
}

/** UTF-8 JSON `{ version, hasMnemonic, accounts: [{ address, kind, index?, phrase?, name?, key }] }`: secret, wipe the bytes. */
export function encodeUnlockedKeys(keys: UnlockedKeys): Uint8Array {
  const accounts = keys.accounts.map(({ info, privateKey }) => ({ ...info, key: bytesToHex(privateKey) }));
  return new TextEncoder().encode(JSON.stringify({ version: VERSION, hasMnemonic: keys.hasMnemonic, accounts }));
}

/**
 * Reads {@link encodeUnlockedKeys}'s bytes back, each key checked to be its account's.
 * @throws WalletError VAULT_INVALID naming what is wrong.
 */
export function decodeUnlockedKeys(bytes: Uint8Array): UnlockedKeys {
  const invalid = (what: string) => new WalletError('VAULT_INVALID', `the unlocked keys are not readable: ${what}`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('not UTF-8 JSON');
  }
  if (!isObject(json) || json.version !== VERSION) throw invalid(`unknown version ${describe(isObject(json) ? json.version : json)}`);
  if (typeof json.hasMnemonic !== 'boolean' || !Array.isArray(json.accounts) || json.accounts.length > MAX_ACCOUNTS) throw invalid(`expected hasMnemonic and at most ${MAX_ACCOUNTS} accounts`);
  const accounts: UnlockedKeys['accounts'] = [];
  try {
    for (const a of json.accounts as unknown[]) {
      if (!isObject(a) || typeof a.address !== 'string' || (a.kind !== 'hd' && a.kind !== 'imported')) throw invalid('an account without an address or kind');
      const privateKey = aprivateKey(hexToBytes(a.key, 32, 'key'));
      accounts.push({ info: { address: a.address, kind: a.kind }, privateKey });
      const info = accounts.at(-1)!.info;
      info.address = addressOf(privateKey);
      if (info.address !== toChecksumAddress(a.address)) throw invalid(`the key of ${a.address.slice(0, 42)} is another account's`);
      if (a.kind === 'hd') {
        info.index = aindex(a.index as number);
        // Absent from a store written before a keyring held several phrases: it had one.
        const phrase = a.phrase ?? 0;
        if (!Number.isSafeInteger(phrase) || (phrase as number) < 0 || (phrase as number) >= MAX_PHRASES) throw invalid('an account names no phrase of the keyring');
        info.phrase = phrase as number;
      }
      if (typeof a.name === 'string') info.name = a.name.slice(0, 64);
    }
  } catch (err) {
    wipeUnlockedKeys({ accounts, hasMnemonic: false });
    if (err instanceof WalletError && err.code === 'VAULT_INVALID') throw err;
    throw invalid('an account key, address or index is malformed');
  }
  return { accounts, hasMnemonic: json.hasMnemonic };
}
