/**
 * The keyring: every secret of the wallet (a BIP-39 mnemonic with the HD accounts shown, imported
 * private keys, account names), what the vault encrypts, with its account list and its codec.
 *
 * Pure and deterministic. All of a keyring is secret: never log it; the encoded bytes are wiped
 * after encrypting them.
 * @module
 */
import { abytes, bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { WalletError } from './errors.ts';
import { aindex, deriveAccount, deriveAccounts, MAX_ACCOUNT_INDEX } from './hd.ts';
import { addressOf, aprivateKey, importPrivateKey, isAddress, toChecksumAddress } from './keys.ts';
import { apassphrase, mnemonicToSeedSync, validateMnemonic } from './mnemonic.ts';

const utf8 = /* @__PURE__ */ new TextEncoder();


/**
 * Every secret of the wallet, as the vault stores it (encoded by {@link encodeKeyring}). Values are
 * never changed in place: the functions below return a new keyring. All of it is secret.
 */
export interface Keyring {
  /** Normalized BIP-39 mnemonic; absent for a wallet of imported keys only. */
  mnemonic?: string;
  /** BIP-39 passphrase ('' when none). */
  passphrase?: string;
  /** Indices of the HD accounts shown, ascending, distinct. */
  hdAccounts: number[];
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
  name?: string;
}

/** Bounds on a keyring read back from a vault (and on what the functions below let it grow to). */
export const MAX_ACCOUNTS = 1000;
const MAX_NAME_LENGTH = 64;

/**
 * A keyring for a new or restored mnemonic (with account 0), or an empty one for imported keys.
 * @throws MnemonicError for a mnemonic BIP-39 refuses.
 */
export function createKeyring(options: { mnemonic?: string; passphrase?: string } = {}): Keyring {
  if (options.mnemonic === undefined) return { hdAccounts: [], imported: [] };
  return { mnemonic: validateMnemonic(options.mnemonic), passphrase: apassphrase(options.passphrase ?? ''), hdAccounts: [0], imported: [] };
}

/** The keyring's BIP-39 seed (a secret), or undefined without a mnemonic. */
export function keyringSeed(keyring: Keyring): Uint8Array | undefined {
  return keyring.mnemonic === undefined ? undefined : mnemonicToSeedSync(keyring.mnemonic, keyring.passphrase ?? '');
}

interface Resolved {
  info: AccountInfo;
  privateKey: Uint8Array;
}

/** Every account with its key: HD accounts by index, then imported keys in import order. */
function resolve(keyring: Keyring): Resolved[] {
  const out: Resolved[] = [];
  const named = (address: string) => keyring.names?.[address];
  const seed = keyringSeed(keyring);
  if (seed !== undefined) {
    for (const a of deriveAccounts(seed, keyring.hdAccounts)) {
      const name = named(a.address);
      out.push({ info: { address: a.address, kind: 'hd', index: a.index, ...(name !== undefined && { name }) }, privateKey: a.privateKey });
    }
    seed.fill(0);
  }
  for (const key of keyring.imported) {
    const address = addressOf(key);
    const name = named(address);
    out.push({ info: { address, kind: 'imported', ...(name !== undefined && { name }) }, privateKey: key });
  }
  return out;
}

/** Wipes the derived keys of a resolved list (not the keyring's own imported keys). */
function wipeDerived(resolved: Resolved[]): void {
  for (const r of resolved) if (r.info.kind === 'hd') r.privateKey.fill(0);
}

/** The keyring with `names`, left out when empty (so encoding is the same either way). */
function withNames(keyring: Keyring, names: Record<string, string>): Keyring {
  const { names: _old, ...rest } = keyring;
  return Object.keys(names).length === 0 ? rest : { ...rest, names };
}

/**
 * The accounts of a keyring, without keys (HD ones first, by index).
 * @example listAccounts(createKeyring({ mnemonic })) // [{ address: '0xf39F…', kind: 'hd', index: 0 }]
 */
export function listAccounts(keyring: Keyring): AccountInfo[] {
  const resolved = resolve(keyring);
  wipeDerived(resolved);
  return resolved.map((r) => r.info);
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function aaddress(address: string): string {
  if (!isAddress(address)) throw new InputError(`"address" expected an address (0x, 40 hex digits, valid EIP-55 case), got ${describe(address)}`);
  return toChecksumAddress(address);
}

/**
 * Every account with a copy of its private key, HD accounts first (the seed wiped once they are
 * derived): what an unlocked session keeps (./keyring-keys.ts). The caller wipes the keys.
 */
export function accountKeys(keyring: Keyring): { info: AccountInfo; privateKey: Uint8Array }[] {
  return resolve(keyring).map((r) => ({ info: r.info, privateKey: r.info.kind === 'hd' ? r.privateKey : Uint8Array.from(r.privateKey) }));
}

/**
 * Adds the next HD account (one past the highest index shown).
 * @throws InputError when the keyring has no mnemonic; WalletError DUPLICATE_ACCOUNT when that
 * account's key was imported before (remove the imported copy first: skipping the index would
 * break the consecutive indices a restore scans).
 */
export function addHdAccount(keyring: Keyring): { keyring: Keyring; account: AccountInfo } {
  if (keyring.mnemonic === undefined) throw new InputError('the keyring has no mnemonic to derive accounts from');
  if (keyring.hdAccounts.length + keyring.imported.length >= MAX_ACCOUNTS) throw new InputError(`the keyring holds the maximum of ${MAX_ACCOUNTS} accounts`);
  const index = keyring.hdAccounts.length === 0 ? 0 : Math.max(...keyring.hdAccounts) + 1;
  aindex(index);
  const seed = keyringSeed(keyring)!;
  const account = deriveAccount(seed, index);
  seed.fill(0);
  account.privateKey.fill(0);
  if (keyring.imported.some((k) => sameAddress(addressOf(k), account.address))) {
    throw new WalletError('DUPLICATE_ACCOUNT', 'the next HD account is already in the wallet as an imported key', { got: account.address });
  }
  const name = keyring.names?.[account.address];
  return {
    keyring: { ...keyring, hdAccounts: [...keyring.hdAccounts, index] },
    account: { address: account.address, kind: 'hd', index, ...(name !== undefined && { name }) },
  };
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
  if (keyring.hdAccounts.length + keyring.imported.length >= MAX_ACCOUNTS) throw new InputError(`the keyring holds the maximum of ${MAX_ACCOUNTS} accounts`);
  const name = keyring.names?.[address];
  return { keyring: { ...keyring, imported: [...keyring.imported, key] }, account: { address, kind: 'imported', ...(name !== undefined && { name }) } };
}

/**
 * Removes an imported key (HD accounts come from the mnemonic and are not removed this way). The
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

/** Format of the encoded keyring (independent of the vault record's own version). */
const KEYRING_VERSION = 1;

/**
 * The keyring as the vault's plaintext: UTF-8 JSON `{ version, mnemonic?, passphrase?, hdAccounts,
 * imported (0x hex), names? }`. A secret: wipe the bytes after encrypting them.
 */
export function encodeKeyring(keyring: Keyring): Uint8Array {
  const json = {
    version: KEYRING_VERSION,
    ...(keyring.mnemonic !== undefined && { mnemonic: keyring.mnemonic, passphrase: keyring.passphrase ?? '' }),
    hdAccounts: keyring.hdAccounts,
    imported: keyring.imported.map((k) => bytesToHex(k)),
    ...(keyring.names !== undefined && Object.keys(keyring.names).length > 0 && { names: keyring.names }),
  };
  return utf8.encode(JSON.stringify(json));
}

/**
 * Reads back {@link encodeKeyring}'s bytes, checking every field (the vault authenticated them,
 * but a keyring written by a buggy or older version must fail here, not when signing).
 * @throws WalletError VAULT_INVALID naming the field.
 */
export function decodeKeyring(bytes: Uint8Array): Keyring {
  abytes(bytes, undefined, 'keyring');
  const invalid = (what: string, cause?: unknown) =>
    new WalletError('VAULT_INVALID', `the vault's keyring is not readable: ${what}`, cause === undefined ? {} : { cause });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('not UTF-8 JSON');
  }
  if (!isObject(json)) throw invalid('not an object');
  if (json.version !== KEYRING_VERSION) throw invalid(`unknown version ${describe(json.version)}`);
  const keyring: Keyring = { hdAccounts: [], imported: [] };
  if (json.mnemonic !== undefined) {
    if (typeof json.mnemonic !== 'string' || typeof json.passphrase !== 'string') throw invalid('mnemonic or passphrase is not a string');
    try {
      keyring.mnemonic = validateMnemonic(json.mnemonic);
      keyring.passphrase = apassphrase(json.passphrase);
    } catch (err) {
      throw invalid('the mnemonic is not valid BIP-39', err);
    }
  }
  const { hdAccounts, imported, names } = json;
  if (!Array.isArray(hdAccounts) || !Array.isArray(imported) || hdAccounts.length + imported.length > MAX_ACCOUNTS) {
    throw invalid(`hdAccounts and imported expected arrays of at most ${MAX_ACCOUNTS} entries together`);
  }
  if (hdAccounts.length > 0 && keyring.mnemonic === undefined) throw invalid('HD accounts without a mnemonic');
  for (const [i, index] of hdAccounts.entries()) {
    if (!Number.isSafeInteger(index) || index < 0 || index > MAX_ACCOUNT_INDEX || (i > 0 && index <= hdAccounts[i - 1])) {
      throw invalid('hdAccounts expected ascending distinct indices 0 … 2^31−1');
    }
  }
  keyring.hdAccounts = hdAccounts as number[];
  for (const hex of imported) {
    try {
      keyring.imported.push(aprivateKey(hexToBytes(hex, 32, 'imported key')));
    } catch {
      throw invalid('an imported key is not a secp256k1 private key');
    }
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
