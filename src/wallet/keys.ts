/**
 * Keys: BIP-39 mnemonics, BIP-32 accounts on Ethereum's path m/44'/60'/0'/0/i, imported private
 * keys, EIP-55 addresses, and the keyring (what the vault encrypts) with its account list.
 *
 * Pure: randomness comes from the caller (the I/O layer calls `crypto.getRandomValues`), so every
 * function here is deterministic and testable. Mnemonic words, seeds and private keys are secrets:
 * the caller must never log them, put them in an error report or send them to a worker it does not
 * need to. They are `Uint8Array` where the format allows it (seeds, private keys) so the caller can
 * `fill(0)` them after use; the mnemonic and its passphrase stay strings because BIP-39 defines
 * them as text. Errors thrown here never carry key material (see {@link MnemonicError}).
 *
 * Built on @scure/bip39 and @scure/bip32 (audited, on the same @noble versions as the rest of
 * Vigil); keccak through src/crypto/keccak.ts, the project's one front door.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HDKey } from '@scure/bip32';
import {
  entropyToMnemonic,
  mnemonicToEntropy as scureMnemonicToEntropy,
  mnemonicToSeed as scureMnemonicToSeed,
  mnemonicToSeedSync as scureMnemonicToSeedSync,
} from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { abytes, anumber, bytesToBigInt, bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { WalletError } from './errors.ts';

// ---------------------------------------------------------------------------------------------
// BIP-39 mnemonics (https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki)
// ---------------------------------------------------------------------------------------------

/** Word counts BIP-39 defines (128…256 bits of entropy in steps of 32). */
const WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];
/** English word → its 11-bit index. */
const WORD_INDEX: ReadonlyMap<string, number> = /* @__PURE__ */ new Map(english.map((w, i) => [w, i]));
/** A lone UTF-16 surrogate: not encodable as UTF-8, so not a BIP-39 passphrase. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Which rule of BIP-39 a refused mnemonic breaks. */
export type MnemonicProblem = 'WORD_COUNT' | 'UNKNOWN_WORD' | 'CHECKSUM';

/**
 * INVALID_MNEMONIC with what is wrong, for the import screen to point at it: `problem`, and for
 * unknown words their 1-based `positions`.
 *
 * The unknown words themselves are never in the error. A mistyped word is usually one letter away
 * from the user's real word, and each word of a seed is 11 of its bits: an error text travels
 * (console, logs, bug reports, screenshots) where the seed must not. The positions are enough for
 * the UI to highlight the words the user is typing anyway.
 */
export class MnemonicError extends WalletError {
  override name = 'MnemonicError';
  readonly problem: MnemonicProblem;
  /** For UNKNOWN_WORD: the 1-based positions of the words not in the English list. */
  readonly positions: readonly number[];

  constructor(problem: MnemonicProblem, shortMessage: string, options: { expected?: string; got?: string; positions?: number[] } = {}) {
    super('INVALID_MNEMONIC', shortMessage, { expected: options.expected, got: options.got });
    this.problem = problem;
    this.positions = options.positions ?? [];
  }
}

/**
 * A mnemonic as BIP-39 reads it: NFKD (BIP-39's form, which also folds full-width letters typed
 * through an IME), lower case, words separated by one ASCII space, no leading or trailing blanks.
 * It does not check the words; see {@link validateMnemonic}.
 * @example normalizeMnemonic('  Legal  WINNER\tthank ') // 'legal winner thank'
 */
export function normalizeMnemonic(mnemonic: string): string {
  if (typeof mnemonic !== 'string') throw new InputError(`"mnemonic" expected a string, got ${typeof mnemonic}`);
  const words = mnemonic.normalize('NFKD').toLowerCase().trim();
  return words === '' ? '' : words.split(/\s+/u).join(' ');
}

/**
 * Checks a mnemonic against BIP-39 (English list) and returns its normalized form. Every length
 * BIP-39 defines is accepted (12, 15, 18, 21, 24 words) since other wallets export them; Vigil
 * itself generates 12 or 24.
 * @throws MnemonicError (INVALID_MNEMONIC) naming the problem: word count, unknown words (by
 * position), or checksum.
 * @example validateMnemonic('Test test test test test test test test test test test junk')
 * // 'test test test test test test test test test test test junk'
 */
export function validateMnemonic(mnemonic: string): string {
  const normalized = normalizeMnemonic(mnemonic);
  const words = normalized === '' ? [] : normalized.split(' ');
  if (!WORD_COUNTS.includes(words.length)) {
    throw new MnemonicError('WORD_COUNT', 'the recovery phrase has the wrong number of words', {
      expected: '12, 15, 18, 21 or 24 words',
      got: `${words.length} word${words.length === 1 ? '' : 's'}`,
    });
  }
  const positions: number[] = [];
  words.forEach((w, i) => {
    if (!WORD_INDEX.has(w)) positions.push(i + 1);
  });
  if (positions.length > 0) {
    throw new MnemonicError('UNKNOWN_WORD', 'the recovery phrase has words that are not in the BIP-39 English list', {
      expected: 'BIP-39 English words',
      got: `unknown word${positions.length > 1 ? 's' : ''} at position${positions.length > 1 ? 's' : ''} ${positions.join(', ')}`,
      positions,
    });
  }
  try {
    scureMnemonicToEntropy(normalized, english);
  } catch {
    // Length and words are fine: only the checksum can be left. scure's message is not forwarded.
    throw new MnemonicError('CHECKSUM', 'the recovery phrase has a wrong checksum (a word is wrong or words are swapped)', {
      expected: 'the last word to match the checksum of the others',
      got: 'a checksum mismatch',
    });
  }
  return normalized;
}

/**
 * A new mnemonic from entropy the caller drew (16 bytes: 12 words, 32 bytes: 24 words).
 * @example generateMnemonic(crypto.getRandomValues(new Uint8Array(16))) // 12 words
 */
export function generateMnemonic(entropy: Uint8Array): string {
  abytes(entropy, undefined, 'entropy');
  if (entropy.length !== 16 && entropy.length !== 32) {
    throw new InputError(`"entropy" expected Uint8Array of length 16 or 32, got length=${entropy.length}`);
  }
  return entropyToMnemonic(entropy, english);
}

/** The entropy a valid mnemonic encodes (the inverse of {@link generateMnemonic}). */
export function mnemonicToEntropy(mnemonic: string): Uint8Array {
  return Uint8Array.from(scureMnemonicToEntropy(validateMnemonic(mnemonic), english));
}

function apassphrase(passphrase: string): string {
  if (typeof passphrase !== 'string') throw new InputError(`"passphrase" expected a string, got ${typeof passphrase}`);
  if (LONE_SURROGATE.test(passphrase)) throw new InputError('"passphrase" expected well-formed Unicode (it has a lone surrogate)');
  return passphrase;
}

/**
 * The 64-byte BIP-39 seed (PBKDF2-HMAC-SHA512, 2048 rounds) of a valid mnemonic and an optional
 * passphrase (the "25th word", NFKD-normalized as BIP-39 says). A secret: wipe it after use.
 * @example await mnemonicToSeed('abandon … about', 'TREZOR') // c55257c3…
 */
export async function mnemonicToSeed(mnemonic: string, passphrase = ''): Promise<Uint8Array> {
  return Uint8Array.from(await scureMnemonicToSeed(validateMnemonic(mnemonic), apassphrase(passphrase)));
}

/** {@link mnemonicToSeed} without yielding (a few ms of PBKDF2), for the keyring's account list. */
export function mnemonicToSeedSync(mnemonic: string, passphrase = ''): Uint8Array {
  return Uint8Array.from(scureMnemonicToSeedSync(validateMnemonic(mnemonic), apassphrase(passphrase)));
}

// ---------------------------------------------------------------------------------------------
// Addresses (EIP-55) and private keys
// ---------------------------------------------------------------------------------------------

/** secp256k1's group order: private keys are 1 … n−1. */
const CURVE_N = /* @__PURE__ */ secp256k1.Point.CURVE().n;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const utf8 = /* @__PURE__ */ new TextEncoder();

/**
 * EIP-55 mixed-case form of an address given in any case
 * (https://eips.ethereum.org/EIPS/eip-55): hex digit i is upper case when nibble i of
 * keccak256(lower-case hex) is 8 or more. It reformats; it does not check an existing checksum.
 * @example toChecksumAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
 * // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 */
export function toChecksumAddress(address: string): string {
  if (typeof address !== 'string' || !ADDRESS_RE.test(address)) {
    throw new InputError(`"address" expected 0x and 40 hex digits, got ${describe(address)}`);
  }
  const lower = address.slice(2).toLowerCase();
  const hash = keccak256(utf8.encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 15;
    out += nibble >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  }
  return out;
}

/**
 * True for `0x` and 40 hex digits whose case is all lower, all upper, or a valid EIP-55 checksum
 * (a mixed-case address with a wrong checksum is a typo to refuse, not an address).
 * @example isAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266') // true
 */
export function isAddress(value: unknown): value is string {
  if (typeof value !== 'string' || !ADDRESS_RE.test(value)) return false;
  const digits = value.slice(2);
  if (digits === digits.toLowerCase() || digits === digits.toUpperCase()) return true;
  return toChecksumAddress(value) === value;
}

/**
 * Checks a private key: 32 bytes, 1 ≤ k < n. Returns it. The error never shows the key.
 * @throws WalletError INVALID_PRIVATE_KEY
 */
export function aprivateKey(privateKey: Uint8Array): Uint8Array {
  abytes(privateKey, undefined, 'privateKey');
  if (privateKey.length !== 32) {
    throw new WalletError('INVALID_PRIVATE_KEY', 'not a secp256k1 private key', { expected: '32 bytes', got: `${privateKey.length} bytes` });
  }
  const k = bytesToBigInt(privateKey);
  if (k === 0n || k >= CURVE_N) {
    throw new WalletError('INVALID_PRIVATE_KEY', 'not a secp256k1 private key', {
      expected: 'an integer 1 … n−1 (n: the secp256k1 group order)',
      got: k === 0n ? 'zero' : 'an integer ≥ n',
    });
  }
  return privateKey;
}

/**
 * Parses a private key as users paste it (64 hex digits, with or without 0x, surrounding blanks
 * ignored) and checks its range. The result is a secret the caller wipes after use.
 * @throws WalletError INVALID_PRIVATE_KEY (the message never contains the input)
 * @example importPrivateKey('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
 */
export function importPrivateKey(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new InputError(`"privateKey" expected a hex string, got ${typeof hex}`);
  const trimmed = hex.trim();
  const digits = trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]{64}$/.test(digits)) {
    throw new WalletError('INVALID_PRIVATE_KEY', 'not a secp256k1 private key', {
      expected: '64 hex digits',
      got: /^[0-9a-fA-F]*$/.test(digits) ? `${digits.length} hex digits` : 'a string with characters that are not hex digits',
    });
  }
  return aprivateKey(hexToBytes('0x' + digits.toLowerCase(), 32, 'privateKey'));
}

/**
 * The address of a secp256k1 public key (33-byte compressed or 65-byte uncompressed): the last
 * 20 bytes of keccak256 of the uncompressed point without its 0x04 prefix, EIP-55 checksummed.
 */
export function publicKeyToAddress(publicKey: Uint8Array): string {
  abytes(publicKey, undefined, 'publicKey');
  if (publicKey.length !== 33 && publicKey.length !== 65) {
    throw new InputError(`"publicKey" expected Uint8Array of length 33 or 65, got length=${publicKey.length}`);
  }
  const uncompressed = publicKey.length === 65 ? publicKey : secp256k1.Point.fromBytes(publicKey).toBytes(false);
  if (uncompressed[0] !== 4) throw new InputError(`"publicKey" expected an uncompressed point (0x04 prefix), got 0x${uncompressed[0]!.toString(16)}`);
  return toChecksumAddress(bytesToHex(keccak256(uncompressed.subarray(1)).subarray(12)));
}

/**
 * The checksummed address of a private key.
 * @example addressOf(importPrivateKey('0xac09…ff80')) // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 */
export function addressOf(privateKey: Uint8Array): string {
  return publicKeyToAddress(secp256k1.getPublicKey(aprivateKey(privateKey), false));
}

// ---------------------------------------------------------------------------------------------
// BIP-32 accounts (https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki), BIP-44 path
// ---------------------------------------------------------------------------------------------

/** The parent of Ethereum's accounts (BIP-44: purpose 44', coin 60', account 0', external chain 0). */
export const ETH_ACCOUNTS_PATH = "m/44'/60'/0'/0";
/** Account indices are non-hardened BIP-32 indices: 0 … 2^31−1. */
export const MAX_ACCOUNT_INDEX = 0x7fffffff;
const PATH_RE = /^m(\/\d+'?)*$/;

/** A key of the BIP-32 tree. `privateKey` is a secret. */
export interface HdKeyParts {
  privateKey: Uint8Array;
  /** 33 bytes, compressed. */
  publicKey: Uint8Array;
  chainCode: Uint8Array;
}

/** An account derived from the seed. `privateKey` is a secret: never log it; wipe it after use. */
export interface HdAccount {
  index: number;
  /** m/44'/60'/0'/0/index */
  path: string;
  /** EIP-55 checksummed. */
  address: string;
  privateKey: Uint8Array;
}

function aseed(seed: Uint8Array): Uint8Array {
  abytes(seed, undefined, 'seed');
  // BIP-32: a seed is 128 to 512 bits.
  if (seed.length < 16 || seed.length > 64) throw new InputError(`"seed" expected 16 to 64 bytes, got length=${seed.length}`);
  return seed;
}

function aindex(index: number): number {
  anumber(index, 'index');
  if (index > MAX_ACCOUNT_INDEX) throw new InputError(`"index" expected at most ${MAX_ACCOUNT_INDEX} (non-hardened), got ${index}`);
  return index;
}

/** The node at BIP-32 indices (hardened ones ≥ 2^31), wiping each intermediate private key. */
function nodeAt(seed: Uint8Array, indices: readonly number[]): HDKey {
  let node = HDKey.fromMasterSeed(seed);
  for (const i of indices) {
    const child = node.deriveChild(i);
    node.wipePrivateData();
    node = child;
  }
  return node;
}

/** m/44'/60'/0'/0 as BIP-32 indices. */
const ETH_ACCOUNTS_INDICES = [44 + 0x80000000, 60 + 0x80000000, 0x80000000, 0];

function partsOf(node: HDKey): HdKeyParts {
  // Copies: the caller may wipe them, and wiping the node must not wipe them.
  return { privateKey: Uint8Array.from(node.privateKey!), publicKey: Uint8Array.from(node.publicKey!), chainCode: Uint8Array.from(node.chainCode!) };
}

/**
 * The BIP-32 key at `path` ("m", "m/0'/1", hardened steps marked with an apostrophe) from a
 * 16–64-byte seed. The intermediate private keys are wiped.
 * @example deriveHdKey(seed, "m/44'/60'/0'/0/0").privateKey
 */
export function deriveHdKey(seed: Uint8Array, path: string): HdKeyParts {
  aseed(seed);
  if (typeof path !== 'string' || !PATH_RE.test(path)) {
    throw new InputError(`"path" expected a BIP-32 path such as m/44'/60'/0'/0/0, got ${describe(path)}`);
  }
  const steps = path === 'm' ? [] : path.slice(2).split('/');
  const indices = steps.map((s) => {
    const hardened = s.endsWith("'");
    const i = Number(hardened ? s.slice(0, -1) : s);
    if (i > MAX_ACCOUNT_INDEX) throw new InputError(`"path" step ${s} expected an index below 2^31, got ${describe(path)}`);
    return hardened ? i + 0x80000000 : i;
  });
  const node = nodeAt(seed, indices);
  const parts = partsOf(node);
  node.wipePrivateData();
  return parts;
}

/**
 * Accounts `indices` on m/44'/60'/0'/0/i: the parent is derived once. (A child key that BIP-32
 * declares invalid, probability below 2^-127, throws rather than skipping to the next index.)
 */
export function deriveAccounts(seed: Uint8Array, indices: readonly number[]): HdAccount[] {
  aseed(seed);
  indices.forEach(aindex);
  const parent = nodeAt(seed, ETH_ACCOUNTS_INDICES);
  try {
    return indices.map((index) => {
      const child = parent.deriveChild(index);
      const privateKey = Uint8Array.from(child.privateKey!);
      const address = publicKeyToAddress(child.publicKey!);
      child.wipePrivateData();
      return { index, path: `${ETH_ACCOUNTS_PATH}/${index}`, address, privateKey };
    });
  } finally {
    parent.wipePrivateData();
  }
}

/**
 * Account `index` on m/44'/60'/0'/0/index.
 * @example deriveAccount(mnemonicToSeedSync('test test … junk'), 0).address
 * // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 */
export function deriveAccount(seed: Uint8Array, index: number): HdAccount {
  return deriveAccounts(seed, [index])[0]!;
}

// ---------------------------------------------------------------------------------------------
// The keyring: what the vault encrypts
// ---------------------------------------------------------------------------------------------

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
 * The private key of one account, as a copy the caller wipes after signing.
 * @throws WalletError UNKNOWN_ACCOUNT
 */
export function accountPrivateKey(keyring: Keyring, address: string): Uint8Array {
  const wanted = aaddress(address);
  const resolved = resolve(keyring);
  const hit = resolved.find((r) => sameAddress(r.info.address, wanted));
  const key = hit === undefined ? undefined : Uint8Array.from(hit.privateKey);
  wipeDerived(resolved);
  if (key === undefined) throw new WalletError('UNKNOWN_ACCOUNT', 'the wallet holds no account with this address', { got: wanted });
  return key;
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
