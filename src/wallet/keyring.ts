/**
 * The keyring: every secret of the wallet (BIP-39 recovery phrases, each with the HD accounts shown
 * from it, imported private keys, account names), what the vault encrypts, with its account list
 * and its codec. Phrases are kept in the order they came: the first is the wallet's own (created or
 * restored at onboarding, or the first one imported into a wallet of keys), the others imported
 * later; every address appears once across all of them.
 *
 * What changes a keyring (an account added, a phrase or a key imported or removed, a name) is in
 * ./keyring-changes.ts: the popup's work, kept out of the service worker's bundle.
 *
 * Pure and deterministic. All of a keyring is secret: never log it; the encoded bytes are wiped
 * after encrypting them.
 * @module
 */
import { abytes, bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { isObject } from '../core/json.ts';
import { WalletError } from './errors.ts';
import { deriveAccounts, MAX_ACCOUNT_INDEX } from './hd.ts';
import { addressOf, aprivateKey, isAddress, toChecksumAddress } from './keys.ts';
import { apassphrase, mnemonicToSeedSync, validateMnemonic } from './mnemonic.ts';

const utf8 = /* @__PURE__ */ new TextEncoder();

/** A recovery phrase and the HD accounts shown from it. */
export interface KeyringPhrase {
  /** Normalized BIP-39 mnemonic. */
  mnemonic: string;
  /** BIP-39 passphrase ('' when none). */
  passphrase: string;
  /** Indices of the HD accounts shown (m/44'/60'/0'/0/i), ascending, distinct. */
  hdAccounts: number[];
}

/**
 * Every secret of the wallet, as the vault stores it (encoded by {@link encodeKeyring}). Values are
 * never changed in place: the functions below return a new keyring. All of it is secret.
 */
export interface Keyring {
  /** Recovery phrases, the wallet's own first; none for a wallet of imported keys only. */
  phrases: KeyringPhrase[];
  /** Imported private keys (32 bytes each), in import order. */
  imported: Uint8Array[];
  /** Names the user gave, by checksummed address. */
  names?: Record<string, string>;
}

/** An account as the UI lists it: no key material. */
export interface AccountInfo {
  address: string;
  kind: 'hd' | 'imported';
  /** For `hd`: its index on m/44'/60'/0'/0. */
  index?: number;
  /** For `hd`: its phrase's place in the keyring (0: the wallet's own phrase). */
  phrase?: number;
  name?: string;
}

/** Bounds on a keyring read back from a vault (and on what the functions below let it grow to). */
export const MAX_ACCOUNTS = 1000;
/** Recovery phrases a keyring holds at most (each costs a seed derivation at every unlock). */
export const MAX_PHRASES = 20;
export const MAX_NAME_LENGTH = 64;

/**
 * A keyring for a new or restored mnemonic (with account 0), or an empty one for imported keys.
 * @throws MnemonicError for a mnemonic BIP-39 refuses.
 */
export function createKeyring(options: { mnemonic?: string; passphrase?: string } = {}): Keyring {
  if (options.mnemonic === undefined) return { phrases: [], imported: [] };
  return { phrases: [{ mnemonic: validateMnemonic(options.mnemonic), passphrase: apassphrase(options.passphrase ?? ''), hdAccounts: [0] }], imported: [] };
}

/** Whether the keyring holds a recovery phrase. */
export function hasPhrase(keyring: Keyring): boolean {
  return keyring.phrases.length > 0;
}

/** The phrase's BIP-39 seed: a secret, the caller wipes it. */
export function phraseSeed(phrase: KeyringPhrase): Uint8Array {
  return mnemonicToSeedSync(phrase.mnemonic, phrase.passphrase);
}

interface Resolved {
  info: AccountInfo;
  privateKey: Uint8Array;
}

/**
 * Every account with its key: each phrase's HD accounts by index (phrases in order), then imported
 * keys in import order.
 * @throws WalletError VAULT_INVALID when an address appears twice (a keyring only a hostile or
 * buggy writer makes: the functions below refuse duplicates), its derived keys wiped.
 */
function resolve(keyring: Keyring): Resolved[] {
  const out: Resolved[] = [];
  const named = (address: string) => keyring.names?.[address];
  for (const [phrase, p] of keyring.phrases.entries()) {
    const seed = phraseSeed(p);
    for (const a of deriveAccounts(seed, p.hdAccounts)) {
      const name = named(a.address);
      out.push({ info: { address: a.address, kind: 'hd', index: a.index, phrase, ...(name !== undefined && { name }) }, privateKey: a.privateKey });
    }
    seed.fill(0);
  }
  for (const key of keyring.imported) {
    const address = addressOf(key);
    const name = named(address);
    out.push({ info: { address, kind: 'imported', ...(name !== undefined && { name }) }, privateKey: key });
  }
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(r.info.address)) {
      wipeDerived(out);
      throw new WalletError('VAULT_INVALID', `the keyring holds the account ${r.info.address} twice`, { got: r.info.address });
    }
    seen.add(r.info.address);
  }
  return out;
}

/** Wipes the derived keys of a resolved list (not the keyring's own imported keys). */
function wipeDerived(resolved: Resolved[]): void {
  for (const r of resolved) if (r.info.kind === 'hd') r.privateKey.fill(0);
}

/**
 * The accounts of a keyring, without keys (HD ones first, phrase by phrase, by index).
 * @example listAccounts(createKeyring({ mnemonic })) // [{ address: '0xf39F…', kind: 'hd', index: 0, phrase: 0 }]
 */
export function listAccounts(keyring: Keyring): AccountInfo[] {
  const resolved = resolve(keyring);
  wipeDerived(resolved);
  return resolved.map((r) => r.info);
}

/**
 * Every account with a copy of its private key, HD accounts first (each seed wiped once its keys
 * are derived): what an unlocked session keeps (./keyring-keys.ts). The caller wipes the keys.
 */
export function accountKeys(keyring: Keyring): { info: AccountInfo; privateKey: Uint8Array }[] {
  return resolve(keyring).map((r) => ({ info: r.info, privateKey: r.info.kind === 'hd' ? r.privateKey : Uint8Array.from(r.privateKey) }));
}

/**
 * Format of the encoded keyring (independent of the vault record's own version). 1: one phrase
 * at most (`mnemonic`, `passphrase`, `hdAccounts` at the top), written until issue 40; 2: a list
 * of phrases. Version 1 is still read; what is written is always the newest, so a vault of
 * version 1 moves to 2 with its next change (an account added, a key imported, a new password).
 */
const KEYRING_VERSION = 2;

/**
 * The keyring as the vault's plaintext: UTF-8 JSON `{ version: 2, phrases: [{ mnemonic,
 * passphrase, hdAccounts }], imported (0x hex), names? }`. A secret: wipe the bytes after
 * encrypting them.
 */
export function encodeKeyring(keyring: Keyring): Uint8Array {
  const json = {
    version: KEYRING_VERSION,
    phrases: keyring.phrases.map((p) => ({ mnemonic: p.mnemonic, passphrase: p.passphrase, hdAccounts: p.hdAccounts })),
    imported: keyring.imported.map((k) => bytesToHex(k)),
    ...(keyring.names !== undefined && Object.keys(keyring.names).length > 0 && { names: keyring.names }),
  };
  return utf8.encode(JSON.stringify(json));
}

/**
 * Reads back {@link encodeKeyring}'s bytes, and those of version 1, checking every field (the
 * vault authenticated them, but a keyring written by a buggy or older version must fail here, not
 * when signing). An address held twice across phrases and keys is refused when the accounts are
 * listed (it needs the keys derived): {@link listAccounts}, {@link accountKeys}.
 * @throws WalletError VAULT_INVALID naming the field.
 */
export function decodeKeyring(bytes: Uint8Array): Keyring {
  abytes(bytes, undefined, 'keyring');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('not UTF-8 JSON');
  }
  if (!isObject(json)) throw invalid('not an object');
  let phrases: KeyringPhrase[];
  if (json.version === 1) {
    // Version 1: the one phrase (if any) at the top level.
    if (json.mnemonic === undefined) {
      if (!Array.isArray(json.hdAccounts) || json.hdAccounts.length > 0) throw invalid('HD accounts without a mnemonic');
      phrases = [];
    } else phrases = [readPhrase(json)];
  } else if (json.version === KEYRING_VERSION) {
    if (!Array.isArray(json.phrases) || json.phrases.length > MAX_PHRASES) throw invalid(`phrases expected an array of at most ${MAX_PHRASES}`);
    phrases = json.phrases.map((p) => {
      if (!isObject(p)) throw invalid('a phrase is not an object');
      return readPhrase(p);
    });
    for (const [i, p] of phrases.entries()) {
      if (phrases.findIndex((q) => q.mnemonic === p.mnemonic && q.passphrase === p.passphrase) !== i) throw invalid('a recovery phrase is in it twice');
    }
  } else throw invalid(`unknown version ${describe(json.version)}`);
  const { imported, names } = json;
  if (!Array.isArray(imported) || phrases.reduce((n, p) => n + p.hdAccounts.length, 0) + imported.length > MAX_ACCOUNTS) {
    throw invalid(`imported expected an array, with at most ${MAX_ACCOUNTS} accounts in all`);
  }
  const keyring: Keyring = { phrases, imported: [] };
  const seen = new Set<string>();
  for (const hex of imported) {
    try {
      keyring.imported.push(aprivateKey(hexToBytes(hex, 32, 'imported key')));
    } catch {
      throw invalid('an imported key is not a secp256k1 private key');
    }
    if (seen.has(hex.toLowerCase())) throw invalid('an imported key is in it twice');
    seen.add(hex.toLowerCase());
  }
  if (names !== undefined) {
    if (!isObject(names)) throw invalid('names is not an object');
    for (const [address, name] of Object.entries(names)) {
      if (!isAddress(address) || toChecksumAddress(address) !== address || typeof name !== 'string' || [...name].length > MAX_NAME_LENGTH) {
        throw invalid('names expected checksummed addresses to strings of at most 64 characters');
      }
    }
    keyring.names = { ...(names as Record<string, string>) };
  }
  return keyring;
}

function invalid(what: string, cause?: unknown): WalletError {
  return new WalletError('VAULT_INVALID', `the vault's keyring is not readable: ${what}`, cause === undefined ? {} : { cause });
}

/** One phrase as either version writes it: `{ mnemonic, passphrase, hdAccounts }`. */
function readPhrase(json: Record<string, unknown>): KeyringPhrase {
  if (typeof json.mnemonic !== 'string' || typeof json.passphrase !== 'string') throw invalid('mnemonic or passphrase is not a string');
  let mnemonic: string;
  let passphrase: string;
  try {
    mnemonic = validateMnemonic(json.mnemonic);
    passphrase = apassphrase(json.passphrase);
  } catch (err) {
    throw invalid('the mnemonic is not valid BIP-39', err);
  }
  const { hdAccounts } = json;
  if (!Array.isArray(hdAccounts) || hdAccounts.length > MAX_ACCOUNTS) throw invalid(`hdAccounts expected an array of at most ${MAX_ACCOUNTS} entries`);
  for (const [i, index] of hdAccounts.entries()) {
    if (!Number.isSafeInteger(index) || index < 0 || index > MAX_ACCOUNT_INDEX || (i > 0 && index <= hdAccounts[i - 1])) {
      throw invalid('hdAccounts expected ascending distinct indices 0 … 2^31−1');
    }
  }
  return { mnemonic, passphrase, hdAccounts: hdAccounts as number[] };
}
