/**
 * What changes a keyring: the next HD account of a phrase, a recovery phrase or a private key
 * imported (every address held once), an imported phrase or key removed, an account named. Each
 * returns a new keyring and leaves the one it was given as it was. {@link applyKeyringChange}
 * reads a change as the popup asks it (JSON), and {@link resealChange} applies it to a sealed vault:
 * the one re-seal of a change (./keyring-vault.ts resealKeyring). With a new vault sealed
 * ({@link sealNew}), a new password ({@link rekeyKeyring}), the unlock ({@link unlockVault}), a
 * phrase shown again ({@link revealPhrase}) and a new phrase's words, this is the vault work a popup
 * asks for ({@link VaultWork}): run where the extension's app host runs, away from the service
 * worker, which holds the unlocked keys and signs (src/client/wallet/keyring-session.ts), and whose
 * whole bundle a wake parses: the KDF, the BIP-39 word list and the HD derivation are not in it.
 *
 * Pure and deterministic (the nonce is the caller's). All of a keyring is secret.
 * @module
 */
import { bytesToHex, describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { WalletError } from './errors.ts';
import { aindex, deriveAccount } from './hd.ts';
import { type AccountInfo, createKeyring, type Keyring, type KeyringPhrase, listAccounts, MAX_ACCOUNTS, MAX_NAME_LENGTH, MAX_PHRASES, phraseSeed } from './keyring.ts';
import { encodeUnlockedKeys, unlockKeys, wipeUnlockedKeys } from './keyring-keys.ts';
import { openKeyring, rekeyKeyring, resealKeyring, sealKeyring, type SealRandom, wipeKeyring } from './keyring-vault.ts';
import { addressOf, aprivateKey, importPrivateKey, isAddress, toChecksumAddress } from './keys.ts';
import { apassphrase, generateMnemonic, validateMnemonic } from './mnemonic.ts';
import type { VaultRecord } from './vault.ts';

function accountCount(keyring: Keyring): number {
  return keyring.phrases.reduce((n, p) => n + p.hdAccounts.length, 0) + keyring.imported.length;
}

function aroom(keyring: Keyring, adding: number): void {
  if (accountCount(keyring) + adding > MAX_ACCOUNTS) throw new InputError(`the keyring holds the maximum of ${MAX_ACCOUNTS} accounts`);
}


/** The keyring with `names`, left out when empty (so encoding is the same either way). */
function withNames(keyring: Keyring, names: Record<string, string>): Keyring {
  const { names: _old, ...rest } = keyring;
  return Object.keys(names).length === 0 ? rest : { ...rest, names };
}


function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether an imported key has this address: the one way a new HD account can already be in the
 * wallet (two phrases share no account unless they are one phrase with one passphrase, which
 * {@link addPhrase} refuses), checked without deriving every account.
 */
function isImported(keyring: Keyring, address: string): boolean {
  return keyring.imported.some((k) => sameAddress(addressOf(k), address));
}

function aaddress(address: string): string {
  if (!isAddress(address)) throw new InputError(`"address" expected an address (0x, 40 hex digits, valid EIP-55 case), got ${describe(address)}`);
  return toChecksumAddress(address);
}


/**
 * Adds the next HD account of a phrase (one past its highest index shown).
 * @param phrase the phrase's place in the keyring (0: the wallet's own).
 * @throws InputError when the keyring has no such phrase; WalletError DUPLICATE_ACCOUNT when that
 * account is in the wallet already (imported as a key: remove the imported copy first, since
 * skipping the index would break the consecutive indices a restore scans).
 */
export function addHdAccount(keyring: Keyring, phrase = 0): { keyring: Keyring; account: AccountInfo } {
  const p = keyring.phrases[phrase];
  if (!Number.isSafeInteger(phrase) || p === undefined) {
    throw new InputError(keyring.phrases.length === 0 ? 'the keyring has no recovery phrase to derive accounts from' : `"phrase" expected 0 … ${keyring.phrases.length - 1}, got ${describe(phrase)}`);
  }
  aroom(keyring, 1);
  const index = aindex(p.hdAccounts.length === 0 ? 0 : Math.max(...p.hdAccounts) + 1);
  const seed = phraseSeed(p);
  const account = deriveAccount(seed, index);
  seed.fill(0);
  account.privateKey.fill(0);
  if (isImported(keyring, account.address)) {
    throw new WalletError('DUPLICATE_ACCOUNT', 'the next account of this phrase is already in the wallet as an imported key', { got: account.address });
  }
  const name = keyring.names?.[account.address];
  const phrases = keyring.phrases.map((q, i) => (i === phrase ? { ...q, hdAccounts: [...q.hdAccounts, index] } : q));
  return {
    keyring: { ...keyring, phrases },
    account: { address: account.address, kind: 'hd', index, phrase, ...(name !== undefined && { name }) },
  };
}

/**
 * Adds a recovery phrase (with its account 0) after those the keyring holds: a second wallet's
 * phrase imported into this one, or the first phrase of a wallet of imported keys.
 * @throws MnemonicError (INVALID_MNEMONIC) for a phrase BIP-39 refuses; WalletError
 * DUPLICATE_PHRASE when the keyring holds this phrase (with this passphrase) already;
 * DUPLICATE_ACCOUNT when its account 0 is in the wallet as an imported key; InputError past
 * {@link MAX_PHRASES} or {@link MAX_ACCOUNTS}.
 */
export function addPhrase(keyring: Keyring, mnemonic: string, passphrase = ''): { keyring: Keyring; account: AccountInfo } {
  const phrase: KeyringPhrase = { mnemonic: validateMnemonic(mnemonic), passphrase: apassphrase(passphrase), hdAccounts: [0] };
  if (keyring.phrases.some((p) => p.mnemonic === phrase.mnemonic && p.passphrase === phrase.passphrase)) {
    throw new WalletError('DUPLICATE_PHRASE', 'this recovery phrase is in the wallet already');
  }
  if (keyring.phrases.length >= MAX_PHRASES) throw new InputError(`the keyring holds the maximum of ${MAX_PHRASES} recovery phrases`);
  aroom(keyring, 1);
  const seed = phraseSeed(phrase);
  const account = deriveAccount(seed, 0);
  seed.fill(0);
  account.privateKey.fill(0);
  if (isImported(keyring, account.address)) {
    throw new WalletError('DUPLICATE_ACCOUNT', "this phrase's first account is already in the wallet as an imported key: remove that key first", { got: account.address });
  }
  const name = keyring.names?.[account.address];
  return {
    keyring: { ...keyring, phrases: [...keyring.phrases, phrase] },
    account: { address: account.address, kind: 'hd', index: 0, phrase: keyring.phrases.length, ...(name !== undefined && { name }) },
  };
}

/**
 * Removes an imported phrase with all its accounts (and their names), named by one of its
 * accounts. The wallet's own phrase (the first) is not removed this way: forgetting the wallet is.
 * @returns the new keyring and the accounts it no longer holds.
 * @throws WalletError UNKNOWN_ACCOUNT when no HD account has this address; InputError for an
 * account of the first phrase.
 */
export function removePhrase(keyring: Keyring, address: string): { keyring: Keyring; removed: AccountInfo[] } {
  const wanted = aaddress(address);
  const accounts = listAccounts(keyring);
  const account = accounts.find((a) => a.kind === 'hd' && a.address === wanted);
  if (account === undefined) throw new WalletError('UNKNOWN_ACCOUNT', 'the wallet holds no account of a recovery phrase with this address', { got: wanted });
  if (account.phrase === 0) throw new InputError("the wallet's own recovery phrase (the first) cannot be removed: forget the wallet instead");
  const removed = accounts.filter((a) => a.kind === 'hd' && a.phrase === account.phrase);
  const names = { ...keyring.names };
  for (const a of removed) delete names[a.address];
  return { keyring: withNames({ ...keyring, phrases: keyring.phrases.filter((_, i) => i !== account.phrase) }, names), removed };
}

/**
 * Adds an imported private key (hex as users paste it, or 32 bytes).
 * @throws WalletError INVALID_PRIVATE_KEY; DUPLICATE_ACCOUNT when its address is already in the
 * wallet (imported before, or one of the HD accounts shown).
 */
export function importAccount(keyring: Keyring, privateKey: string | Uint8Array): { keyring: Keyring; account: AccountInfo } {
  const key = typeof privateKey === 'string' ? importPrivateKey(privateKey) : Uint8Array.from(aprivateKey(privateKey));
  const address = addressOf(key);
  if (listAccounts(keyring).some((a) => sameAddress(a.address, address))) {
    throw new WalletError('DUPLICATE_ACCOUNT', 'this account is already in the wallet', { got: address });
  }
  aroom(keyring, 1);
  const name = keyring.names?.[address];
  return { keyring: { ...keyring, imported: [...keyring.imported, key] }, account: { address, kind: 'imported', ...(name !== undefined && { name }) } };
}

/**
 * Removes an imported key (HD accounts come from a phrase and are not removed this way). The
 * removed key's bytes are left as they are: the caller wipes them once the new keyring is stored.
 * @throws WalletError UNKNOWN_ACCOUNT when no imported key has this address.
 */
export function removeImportedAccount(keyring: Keyring, address: string): Keyring {
  const wanted = aaddress(address);
  const i = keyring.imported.findIndex((k) => sameAddress(addressOf(k), wanted));
  if (i < 0) throw new WalletError('UNKNOWN_ACCOUNT', 'the wallet holds no imported key with this address', { got: wanted });
  const names = { ...keyring.names };
  delete names[wanted];
  return withNames({ ...keyring, imported: keyring.imported.filter((_, j) => j !== i) }, names);
}

/**
 * Names an account (trimmed, at most 64 characters; '' removes the name).
 * @throws WalletError UNKNOWN_ACCOUNT
 */
export function renameAccount(keyring: Keyring, address: string, name: string): Keyring {
  const wanted = aaddress(address);
  if (typeof name !== 'string') throw new InputError(`"name" expected a string, got ${typeof name}`);
  const trimmed = name.normalize('NFC').trim();
  if ([...trimmed].length > MAX_NAME_LENGTH) throw new InputError(`"name" expected at most ${MAX_NAME_LENGTH} characters, got ${[...trimmed].length}`);
  if (!listAccounts(keyring).some((a) => a.address === wanted)) {
    throw new WalletError('UNKNOWN_ACCOUNT', 'the wallet holds no account with this address', { got: wanted });
  }
  const names = { ...keyring.names };
  if (trimmed === '') delete names[wanted];
  else names[wanted] = trimmed;
  return withNames(keyring, names);
}

/** A change of the keyring as the popup asks it (JSON-safe): what {@link applyKeyringChange} does. */
export type KeyringChange =
  | { kind: 'addAccount'; phrase: number }
  | { kind: 'importKey'; privateKey: string }
  | { kind: 'importPhrase'; mnemonic: string }
  | { kind: 'rename'; address: string; name: string }
  | { kind: 'removeKey'; address: string }
  | { kind: 'removePhrase'; address: string };

/** The changed keyring, the account a change added and the addresses it removed. */
export interface ChangedKeyring {
  keyring: Keyring;
  added?: AccountInfo;
  removed?: string[];
}

/**
 * Applies a change read from a message (its fields checked by the functions it calls).
 * @throws InputError for an unknown change; what each change throws.
 */
export function applyKeyringChange(keyring: Keyring, change: KeyringChange): ChangedKeyring {
  switch (change?.kind) {
    case 'addAccount': {
      const r = addHdAccount(keyring, change.phrase);
      return { keyring: r.keyring, added: r.account };
    }
    case 'importKey': {
      if (typeof change.privateKey !== 'string') throw new InputError('"privateKey" expected a string');
      const r = importAccount(keyring, change.privateKey);
      return { keyring: r.keyring, added: r.account };
    }
    case 'importPhrase': {
      if (typeof change.mnemonic !== 'string') throw new InputError('"mnemonic" expected a string');
      const r = addPhrase(keyring, change.mnemonic);
      return { keyring: r.keyring, added: r.account };
    }
    case 'rename':
      return { keyring: renameAccount(keyring, change.address, change.name) };
    case 'removeKey':
      return { keyring: removeImportedAccount(keyring, change.address), removed: [aaddress(change.address)] };
    case 'removePhrase': {
      const r = removePhrase(keyring, change.address);
      return { keyring: r.keyring, removed: r.removed.map((a) => a.address) };
    }
    default:
      throw new InputError(`unknown keyring change ${describe((change as { kind?: unknown } | undefined)?.kind)}`);
  }
}

/** What {@link resealChange} answers: JSON-safe, to cross from the app host to the service worker. */
export interface ResealedChange {
  record: VaultRecord;
  /** The changed keyring's unlocked keys (./keyring-keys.ts encodeUnlockedKeys, 0x hex): a secret. */
  keys: string;
  /** The keyring's account names, kept in clear beside the vault for the locked popup. */
  names: Record<string, string>;
  added?: AccountInfo;
  removed?: string[];
}

/**
 * Opens the vault with the password, applies `change` and seals the result with `nonce` under the
 * same derived key (./keyring-vault.ts resealKeyring: the new record is opened again before it is
 * answered); the changed keyring itself is wiped here, only its unlocked keys leave.
 * @throws WalletError WRONG_PASSWORD, VAULT_INVALID; what the change throws.
 */
export async function resealChange(record: unknown, password: string, change: KeyringChange, nonce: Uint8Array): Promise<ResealedChange> {
  // A typo in a phrase being imported is said before the password is tried (and counted).
  if (change?.kind === 'importPhrase') validateMnemonic(change.mnemonic);
  const { record: fresh, keyring, result } = await resealKeyring(record, password, (k) => applyKeyringChange(k, change), nonce);
  try {
    return {
      record: fresh,
      keys: answeredKeys(keyring),
      names: { ...keyring.names },
      ...(result.added ? { added: result.added } : {}),
      ...(result.removed ? { removed: result.removed } : {}),
    };
  } finally {
    wipeKeyring(keyring);
  }
}

/** The keyring's unlocked keys as they cross to the service worker (./keyring-keys.ts encodeUnlockedKeys, 0x hex: a secret); the keyring is the caller's to wipe. */
function answeredKeys(keyring: Keyring): string {
  const keys = unlockKeys(keyring);
  const encoded = encodeUnlockedKeys(keys);
  wipeUnlockedKeys(keys);
  try {
    return bytesToHex(encoded);
  } finally {
    encoded.fill(0);
  }
}

/** A new vault's secret: a recovery phrase (its account 0) or a private key. */
export type NewSecret = { mnemonic: string } | { privateKey: string };

/**
 * A new vault: the keyring of `secret` sealed under a new password (./keyring-vault.ts
 * sealKeyring), answered with its unlocked keys (0x hex, a secret); the keyring itself is wiped.
 * @throws WalletError WEAK_PASSWORD, INVALID_MNEMONIC, INVALID_PRIVATE_KEY; InputError for neither secret
 */
export async function sealNew(secret: NewSecret, password: string, random: SealRandom): Promise<{ record: VaultRecord; keys: string }> {
  const keyring: Keyring =
    'mnemonic' in secret && typeof secret.mnemonic === 'string'
      ? createKeyring({ mnemonic: secret.mnemonic })
      : 'privateKey' in secret && typeof secret.privateKey === 'string'
        ? { phrases: [], imported: [importPrivateKey(secret.privateKey)] }
        : (() => {
            throw new InputError('a new vault expected a mnemonic or a private key');
          })();
  try {
    const record = await sealKeyring(keyring, password, random);
    return { record, keys: answeredKeys(keyring) };
  } finally {
    wipeKeyring(keyring);
  }
}

/**
 * The unlock: the vault opened with the password (./keyring-vault.ts openKeyring: every phrase
 * checked against BIP-39, each account's key derived), answered with its accounts' unlocked keys
 * (0x hex, a secret). The keyring, its phrases and seeds, never leaves: it is wiped here.
 * @throws WalletError WRONG_PASSWORD, VAULT_INVALID
 */
export async function unlockVault(record: unknown, password: string): Promise<string> {
  const keyring = await openKeyring(record, password);
  try {
    return answeredKeys(keyring);
  } finally {
    wipeKeyring(keyring);
  }
}

/**
 * A recovery phrase shown again (`phrase`: its place in the keyring, 0 the wallet's own): the vault
 * opened with the password, that phrase answered (a secret), the keyring wiped.
 * @throws WalletError WRONG_PASSWORD, VAULT_INVALID; InputError for a phrase the wallet does not hold
 */
export async function revealPhrase(record: unknown, password: string, phrase: number): Promise<string> {
  const keyring = await openKeyring(record, password);
  wipeKeyring(keyring);
  // Not an index (-1, 0.5, NaN) reads as undefined too; a wallet of imported keys holds none.
  const chosen = keyring.phrases[phrase];
  if (chosen === undefined) throw new InputError(`this wallet holds no recovery phrase #${phrase + 1}`);
  return chosen.mnemonic;
}

/**
 * The vault work the popup asks of the keyring session, each but the last a KDF run over the
 * password: a new vault, a change, a new password, the unlock, a phrase shown again; and a new
 * phrase's words from the session's entropy (the BIP-39 word list lives with the vault work). The
 * extension's app host does it (src/extension/app-host.ts), the CLI and tests do it in place
 * ({@link localVaultWork}). Their refusals are typed (WRONG_PASSWORD is counted by the session).
 */
export interface VaultWork {
  seal(secret: NewSecret, password: string, random: SealRandom): Promise<{ record: VaultRecord; keys: string }>;
  reseal(record: unknown, password: string, change: KeyringChange, nonce: Uint8Array): Promise<ResealedChange>;
  rekey(record: unknown, password: string, newPassword: string, random: SealRandom): Promise<VaultRecord>;
  /** {@link unlockVault}: the unlocked keys, 0x hex. */
  open(record: unknown, password: string): Promise<string>;
  /** {@link revealPhrase}. */
  reveal(record: unknown, password: string, phrase: number): Promise<string>;
  /** ./mnemonic.ts generateMnemonic of the entropy (16 bytes: 12 words, 32: 24). */
  newMnemonic(entropy: Uint8Array): Promise<string>;
}

/** The vault work done in place. */
export const localVaultWork: VaultWork = {
  seal: sealNew,
  reseal: resealChange,
  rekey: rekeyKeyring,
  open: unlockVault,
  reveal: revealPhrase,
  newMnemonic: async (entropy) => generateMnemonic(entropy),
};
