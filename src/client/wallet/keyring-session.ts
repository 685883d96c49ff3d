/**
 * The keyring session: the vault (created, unlocked, locked, changed, its password changed,
 * forgotten) and
 * the unlocked keyring, with the password backoff, the auto-lock and the keys derived once per
 * unlock. Every password prompt (unlock, the phrase shown again, an account added, a phrase or a
 * key imported or removed, an account renamed, the password changed) goes through one counter of wrong passwords, kept where it survives a
 * browser restart ({@link AttemptStore}): a page or a thief with the unlocked popup cannot try a
 * prompt that does not count, nor restart the browser to reset the wait. The same session
 * serves the extension (the vault in Dexie, the unlocked keys also in storage.session so that a
 * stopped service worker wakes up unlocked until the browser closes or the auto-lock runs) and
 * `vigil wallet` (the vault in a file, the session in memory for one command).
 *
 * Unlocked, it keeps the accounts' derived keys only (src/wallet/keyring-keys.ts): never the
 * recovery phrase, its passphrase or the seed, in memory or in the session store. What needs the
 * phrase (an account added, the phrase shown again) asks for the password and opens the vault.
 * Locking overwrites every key it held.
 *
 * Keys never leave it: callers ask it to sign. Every change of the vault goes through
 * src/wallet/keyring-vault.ts, the one re-seal; a new vault, an account added, a phrase or a key
 * imported or removed, a name, a new password, the unlock, a phrase shown again and a new phrase's
 * words are vault work (src/wallet/keyring-changes.ts VaultWork) that the extension runs in its app
 * host: the password, the phrase or key being imported and the keyring's unlocked keys cross the
 * link between two of Vigil's own extension contexts (as the rollups' L2 secrets do), and the
 * service worker, which a wake parses whole, carries none of that code (no KDF, no BIP-39 word
 * list, no HD derivation). What comes back is checked before it is held or stored: keys that are
 * each their account's, and a record that parses, whose clear addresses are the keys' own.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import type { WalletRepo } from '../../storage/wallet.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { AccountInfo } from '../../wallet/keyring.ts';
import type { KeyringChange, ResealedChange, VaultWork } from '../../wallet/keyring-changes.ts';
import { decodeUnlockedKeys, encodeUnlockedKeys, type UnlockedKeys, wipeUnlockedKeys } from '../../wallet/keyring-keys.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';
import { deriveL2Secret } from '../../wallet/l2-keys.ts';
import { type PersonalMessage, signPersonalMessage } from '../../wallet/personal-message.ts';
import { signatureHex } from '../../wallet/signature.ts';
import { type SignedAuthorization, type SignedTransaction, signTransaction, type UnsignedTransaction } from '../../wallet/transaction.ts';
import { signAuthorization, type UnsignedAuthorization } from '../../wallet/set-code-authorization.ts';
import { assertAttemptAllowed, type FailureState, nextAttemptAt, NONCE_LENGTH, parseVaultRecord, SALT_LENGTH, type ScryptParams, type VaultRecord } from '../../wallet/vault.ts';

/** browser.storage.session, or a Map (tests, the CLI). */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The stored vault as the session reads it. */
export interface StoredVault {
  /** The record of src/wallet/vault.ts (checked when opened). */
  record: unknown;
  /** Its addresses in clear, shown while locked. */
  addresses: readonly string[];
  /** Names the user gave, by address: a copy of the keyring's, shown while locked. */
  names: Readonly<Record<string, string>>;
}

/** Where the vault is kept: Dexie in the extension ({@link repoVaultStore}), a file in the CLI. */
export interface VaultStore {
  get(): Promise<StoredVault | undefined>;
  /**
   * Stores a record: `fresh` for a new vault (never over one), else the replacement of the one
   * read; `names`, the keyring's account names, kept beside it in clear for the locked popup (a
   * store that shows none may drop them).
   */
  put(record: VaultRecord, fresh: boolean, names?: Readonly<Record<string, string>>): Promise<void>;
  /** Deletes the vault (forgetting the wallet); absent where a vault is never deleted this way (the CLI's file). */
  remove?(): Promise<void>;
}

/**
 * Where the wrong passwords in a row are counted: a store that outlives the browser session
 * (Dexie's settings table in the extension: {@link repoAttemptStore}; a file beside the vault in
 * the CLI). Whatever it holds is read defensively: an unreadable value counts as none.
 */
export interface AttemptStore {
  get(): Promise<unknown>;
  set(state: FailureState): Promise<void>;
}

export interface KeyringSessionDeps extends VaultWork {
  vault: VaultStore;
  session: SessionStore;
  /** The wrong-password counter, kept across browser restarts. */
  attempts: AttemptStore;
  random(length: number): Uint8Array;
  now(): number;
  /** scrypt cost of new vaults (tests pass a small one). */
  scrypt?: ScryptParams;
  /** Told after every unlock and lock (the pages' accounts change). */
  onLockChange?(): Promise<void>;
}

/** The session as the popup sees it. */
export interface KeyringState {
  exists: boolean;
  locked: boolean;
  /** While locked, every account reads as `hd` with no index: only the addresses are in clear. */
  accounts: { address: string; kind: 'hd' | 'imported'; index?: number; phrase?: number; name?: string }[];
  hasMnemonic: boolean;
  autoLockMinutes: number;
  /** When the next password try is allowed (ms), while a backoff runs. */
  retryAt: number | null;
}

const SESSION_KEYRING = 'vigil.wallet.keyring';
const SESSION_ACTIVE = 'vigil.wallet.lastActive';
const SESSION_AUTOLOCK = 'vigil.wallet.autoLockMinutes';
const DEFAULT_AUTOLOCK_MINUTES = 15;

export class KeyringSession {
  /** The unlocked accounts' keys; undefined when locked. */
  private keys: UnlockedKeys | undefined;
  private loaded: Promise<void> | undefined;
  /** Password tries run one after another: two at once would both count from the same number. */
  private tries: Promise<unknown> = Promise.resolve();
  /** Why nothing may be signed now ({@link refuseSigningWhile}); undefined: nothing bars it. */
  private signingBar: () => Error | undefined = () => undefined;

  constructor(private readonly deps: KeyringSessionDeps) {}

  /**
   * Every signature (transaction, authorization, message, typed data) is refused with the error
   * `why` answers, while it answers one: the background bars signing on a network whose chain id
   * is another chain's (src/client/network/network-settings.ts signingRefusal).
   */
  refuseSigningWhile(why: () => Error | undefined): void {
    this.signingBar = why;
  }

  private assertSigningAllowed(): void {
    const refusal = this.signingBar();
    if (refusal !== undefined) throw refusal;
  }

  /** Restores the unlocked keyring a stopped service worker left in the session store. */
  ready(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await this.deps.session.get(SESSION_KEYRING);
      if (typeof stored === 'string' && (await this.deps.vault.get()) !== undefined) {
        let bytes: Uint8Array | undefined;
        try {
          bytes = hexToBytes(stored);
          this.setKeys(decodeUnlockedKeys(bytes));
        } catch {
          // Unreadable (another version's, or a keyring with its phrase as older versions kept): locked.
          await this.deps.session.remove(SESSION_KEYRING);
        } finally {
          bytes?.fill(0);
        }
      }
    })();
    return this.loaded;
  }

  async state(): Promise<KeyringState> {
    await this.ready();
    const vault = await this.deps.vault.get();
    const failures = await this.failures();
    const names = vault?.names ?? {};
    const accounts = this.keys
      ? this.keys.accounts.map(({ info: a }) => ({ ...a, ...(names[a.address] ? { name: names[a.address] } : {}) }))
      : (vault?.addresses ?? []).map((address) => ({ address, kind: 'hd' as const, ...(names[address] ? { name: names[address] } : {}) }));
    return {
      exists: vault !== undefined,
      locked: this.keys === undefined,
      accounts,
      hasMnemonic: this.keys?.hasMnemonic ?? false,
      autoLockMinutes: await this.autoLockMinutes(),
      retryAt: failures.failures > 0 && nextAttemptAt(failures) > this.deps.now() ? nextAttemptAt(failures) : null,
    };
  }

  /**
   * A fresh mnemonic (12 words, or 24) from the session's randomness, in words by the vault work
   * (where the BIP-39 word list is); nothing is stored until `create`.
   */
  async newMnemonic(words: 12 | 24 = 12): Promise<string> {
    const entropy = this.deps.random(words === 12 ? 16 : 32);
    try {
      const mnemonic = await this.deps.newMnemonic(entropy);
      if (typeof mnemonic !== 'string' || mnemonic.split(' ').length !== words) throw new WalletError('INVALID_MNEMONIC', `the new recovery phrase is not ${words} words`);
      return mnemonic;
    } finally {
      entropy.fill(0);
    }
  }

  /**
   * Creates the vault from a mnemonic (new or restored) or a private key, and unlocks it.
   * @throws InputError when a vault exists; WalletError WEAK_PASSWORD, INVALID_MNEMONIC, INVALID_PRIVATE_KEY.
   */
  async create(params: { password: string; mnemonic?: string; privateKey?: string }): Promise<void> {
    if ((await this.deps.vault.get()) !== undefined) throw new InputError('a vault exists already: remove it first');
    // The phrase is checked against BIP-39 by the vault work, before its password is.
    const secret = params.mnemonic !== undefined ? { mnemonic: params.mnemonic } : params.privateKey !== undefined ? { privateKey: params.privateKey } : undefined;
    if (secret === undefined) throw new InputError('create expected a mnemonic or a private key');
    const { record, keys } = await this.deps.seal(secret, params.password, { salt: this.deps.random(SALT_LENGTH), nonce: this.deps.random(NONCE_LENGTH), ...(this.deps.scrypt ? { params: this.deps.scrypt } : {}) });
    await this.store(record, keys, true, {});
  }

  /**
   * Opens the vault with the password (after the backoff allows a try; a wrong one counts).
   * @throws WalletError VAULT_INVALID (no vault), PASSWORD_BACKOFF, WRONG_PASSWORD
   */
  async unlock(password: string): Promise<void> {
    const vault = await this.deps.vault.get();
    if (vault === undefined) throw new WalletError('VAULT_INVALID', 'there is no vault to unlock: create or import a wallet first');
    const keys = await this.withPassword(() => this.deps.open(vault.record, password));
    await this.hold(this.answeredKeys(parseVaultRecord(vault.record), keys, true));
  }

  /**
   * Re-seals the vault under a new password with a fresh salt and nonce (src/wallet/keyring-vault.ts
   * rekeyKeyring: the new record is opened again before it replaces the old one). The current
   * password counts as every prompt's does; the session stays as it was (unlocked or locked).
   * @throws WalletError VAULT_INVALID, PASSWORD_BACKOFF, WRONG_PASSWORD, WEAK_PASSWORD (the new one)
   */
  async changePassword(password: string, newPassword: string): Promise<void> {
    await this.ready();
    const vault = await this.deps.vault.get();
    if (vault === undefined) throw new WalletError('VAULT_INVALID', 'there is no vault');
    const salt = this.deps.random(SALT_LENGTH);
    const nonce = this.deps.random(NONCE_LENGTH);
    const record = await this.withPassword(() => this.deps.rekey(vault.record, password, newPassword, { salt, nonce, ...(this.deps.scrypt ? { params: this.deps.scrypt } : {}) }));
    await this.deps.vault.put(parseVaultRecord(record), false);
  }

  /** Forgets every key it held, their bytes overwritten. */
  async lock(): Promise<void> {
    this.setKeys(undefined);
    await this.deps.session.remove(SESSION_KEYRING);
    this.loaded = Promise.resolve();
    await this.deps.onLockChange?.();
  }

  /**
   * A recovery phrase again (`phrase`: its place in the keyring; 0, the default, the wallet's own),
   * only with the password again (a wrong one counts).
   * @throws InputError for a phrase the wallet does not hold
   */
  async revealMnemonic(password: string, phrase = 0): Promise<string> {
    const vault = await this.deps.vault.get();
    if (vault === undefined) throw new WalletError('VAULT_INVALID', 'there is no vault');
    const mnemonic = await this.withPassword(() => this.deps.reveal(vault.record, password, phrase));
    if (typeof mnemonic !== 'string') throw new WalletError('VAULT_INVALID', 'the vault work answered no recovery phrase');
    return mnemonic;
  }

  /**
   * The next HD account of a phrase (0: the wallet's own), added to the vault (the password opens
   * it); an unlocked session holds it at once.
   * @throws WalletError WRONG_PASSWORD, PASSWORD_BACKOFF, DUPLICATE_ACCOUNT; InputError for a phrase the wallet does not hold
   */
  async addAccount(password: string, phrase = 0): Promise<AccountInfo> {
    return (await this.change(password, { kind: 'addAccount', phrase })).added!;
  }

  /** A private key (hex as pasted) added to the vault, as {@link addAccount}. @throws WalletError INVALID_PRIVATE_KEY, DUPLICATE_ACCOUNT, … */
  async importKey(privateKey: string, password: string): Promise<AccountInfo> {
    return (await this.change(password, { kind: 'importKey', privateKey })).added!;
  }

  /**
   * Another recovery phrase added to the vault with its account 0, as {@link addAccount}.
   * @throws WalletError INVALID_MNEMONIC, DUPLICATE_PHRASE, DUPLICATE_ACCOUNT, WRONG_PASSWORD, …
   */
  async importPhrase(mnemonic: string, password: string): Promise<AccountInfo> {
    // A typo is said before the password is tried (and counted): the vault work checks the phrase first.
    return (await this.change(password, { kind: 'importPhrase', mnemonic })).added!;
  }

  /**
   * Names an account ('' removes its name): in the vault, and in clear beside it for the locked popup.
   * @throws WalletError UNKNOWN_ACCOUNT, WRONG_PASSWORD, …; InputError for a name of more than 64 characters
   */
  async renameAccount(address: string, name: string, password: string): Promise<void> {
    await this.change(password, { kind: 'rename', address, name });
  }

  /**
   * Removes an imported key from the vault (its bytes wiped once the new vault is stored).
   * @throws WalletError UNKNOWN_ACCOUNT (no imported key has this address), WRONG_PASSWORD, …
   */
  async removeImportedKey(address: string, password: string): Promise<void> {
    await this.change(password, { kind: 'removeKey', address });
  }

  /**
   * Removes an imported recovery phrase (not the wallet's own) with every account of it, named by
   * one of its accounts.
   * @returns the addresses removed.
   * @throws WalletError UNKNOWN_ACCOUNT, WRONG_PASSWORD, …; InputError for the first phrase
   */
  async removePhrase(address: string, password: string): Promise<string[]> {
    return (await this.change(password, { kind: 'removePhrase', address })).removed ?? [];
  }

  /**
   * Deletes the vault and locks, every key overwritten: only a recovery phrase (or a key) brings the
   * accounts back. Asked only of an unlocked session: a locked popup cannot wipe the wallet.
   * @throws WalletError LOCKED, VAULT_INVALID (no vault); InputError where the store cannot delete it
   */
  async forget(): Promise<void> {
    await this.ready();
    this.requireUnlocked();
    if ((await this.deps.vault.get()) === undefined) throw new WalletError('VAULT_INVALID', 'there is no vault');
    if (this.deps.vault.remove === undefined) throw new InputError('this vault is not deleted here: delete its file');
    await this.deps.attempts.set({ failures: 0, lastFailureAt: 0 });
    await this.deps.vault.remove();
    await this.deps.session.remove(SESSION_ACTIVE);
    await this.lock();
  }

  async setAutoLock(minutes: number): Promise<void> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new InputError('auto-lock expected 1 to 1440 minutes');
    await this.deps.session.set(SESSION_AUTOLOCK, minutes);
  }

  /** Called by the keep-alive alarm: locks after the idle time. */
  async checkAutoLock(): Promise<void> {
    await this.ready();
    if (!this.keys) return;
    const last = Number((await this.deps.session.get(SESSION_ACTIVE)) ?? 0);
    if (this.deps.now() - last > (await this.autoLockMinutes()) * 60_000) await this.lock();
  }

  /** The user did something that needs the keys: the auto-lock counts from now. */
  async touch(): Promise<void> {
    await this.deps.session.set(SESSION_ACTIVE, this.deps.now());
  }

  /** Whether the keyring is held (call {@link ready} first after a wake-up). */
  isUnlocked(): boolean {
    return this.keys !== undefined;
  }

  /** @throws WalletError LOCKED */
  requireUnlocked(): void {
    if (!this.keys) throw new WalletError('LOCKED', 'the wallet is locked: unlock it first');
  }

  /** The unlocked keyring's addresses (checksummed); none when locked. */
  addresses(): string[] {
    return this.keys ? this.keys.accounts.map((a) => a.info.address) : [];
  }

  /** The unlocked keyring's addresses, after a wake-up's restore; none when locked. */
  async unlockedAddresses(): Promise<string[]> {
    await this.ready();
    return this.addresses();
  }

  /** The addresses to show: the keyring's when unlocked, else the vault's clear list. */
  async shownAddresses(): Promise<string[]> {
    await this.ready();
    if (this.keys) return this.addresses();
    return [...((await this.deps.vault.get())?.addresses ?? [])];
  }

  /** @throws WalletError LOCKED, UNKNOWN_ACCOUNT, INVALID_TRANSACTION; the signing bar's error ({@link refuseSigningWhile}) */
  async signTransaction(from: string, tx: UnsignedTransaction): Promise<SignedTransaction> {
    await this.ready();
    this.assertSigningAllowed();
    return signTransaction(tx, this.keyOf(from));
  }

  /**
   * An EIP-7702 authorization of `from` (src/wallet/set-code-authorization.ts: never chain id 0).
   * @throws WalletError LOCKED, UNKNOWN_ACCOUNT, AUTHORIZATION_REFUSED; the signing bar's error
   */
  async signAuthorization(from: string, auth: UnsignedAuthorization): Promise<SignedAuthorization> {
    await this.ready();
    this.assertSigningAllowed();
    return signAuthorization(auth, this.keyOf(from));
  }

  /** personal_sign of a message parsePersonalMessage returned. @throws WalletError LOCKED, UNKNOWN_ACCOUNT; the signing bar's error */
  async signPersonalMessage(address: string, message: PersonalMessage): Promise<string> {
    await this.ready();
    this.assertSigningAllowed();
    return signPersonalMessage(message, this.keyOf(address));
  }

  /**
   * eth_signTypedData_v4: the signature over typed data's EIP-712 digest, as wallet/typed-data.ts
   * typedDataDigest computed it (in the extension, its app host) for the request the user approved.
   * @throws WalletError LOCKED, UNKNOWN_ACCOUNT; the signing bar's error; InputError for a digest that is not 32 bytes
   */
  async signTypedDataDigest(address: string, digest: string): Promise<string> {
    await this.ready();
    this.assertSigningAllowed();
    return signatureHex(hexToBytes(digest, 32, 'typed data digest'), this.keyOf(address));
  }

  /**
   * The L2 secret of `address` on the rollup `rollupChainId` (derived from its L1 key:
   * src/wallet/l2-keys.ts; its public key is l2KeyOfSecret's).
   * @throws WalletError LOCKED, UNKNOWN_ACCOUNT
   */
  async l2Secret(address: string, rollupChainId: number): Promise<Uint8Array> {
    await this.ready();
    return deriveL2Secret(this.keyOf(address), BigInt(rollupChainId));
  }

  /**
   * The vault re-sealed with `change` applied (one KDF run), stored, and its keys held when
   * unlocked. What comes back is checked first: a record that parses, whose clear addresses are
   * the keys' own; otherwise nothing is stored (VAULT_INVALID).
   */
  private async change(password: string, change: KeyringChange): Promise<ResealedChange> {
    await this.ready();
    const vault = await this.deps.vault.get();
    if (vault === undefined) throw new WalletError('VAULT_INVALID', 'there is no vault');
    const nonce = this.deps.random(NONCE_LENGTH);
    const result = await this.withPassword(() => this.deps.reseal(vault.record, password, change, nonce));
    await this.store(result.record, result.keys, false, result.names);
    return result;
  }

  /**
   * Stores a record the vault work answered, once it parses and its clear addresses are its keys'
   * (else VAULT_INVALID, nothing stored), and holds the keys when the session is unlocked (a new
   * vault unlocks it).
   */
  private async store(answered: unknown, encodedKeys: string, fresh: boolean, names: Record<string, string>): Promise<void> {
    const record = parseVaultRecord(answered);
    let keys: UnlockedKeys | undefined = this.answeredKeys(record, encodedKeys, false);
    try {
      await this.deps.vault.put(record, fresh, names);
      if (fresh || this.keys) await this.hold(keys);
      else wipeUnlockedKeys(keys);
      keys = undefined;
    } finally {
      if (keys) wipeUnlockedKeys(keys);
    }
  }

  /**
   * The keys the vault work answered for `record` (./keyring-keys.ts decodeUnlockedKeys: each key
   * its account's), once they are the record's clear addresses, in order (else VAULT_INVALID, the
   * keys wiped). `opened`: the record is the stored one the keys were opened from, which may keep
   * no addresses in clear (src/wallet/vault.ts VaultRecord); a record just sealed always has them.
   */
  private answeredKeys(record: VaultRecord, encodedKeys: string, opened: boolean): UnlockedKeys {
    let bytes: Uint8Array | undefined;
    let keys: UnlockedKeys;
    try {
      bytes = hexToBytes(encodedKeys);
      keys = decodeUnlockedKeys(bytes);
    } finally {
      bytes?.fill(0);
    }
    if ((!opened || record.addresses !== undefined) && (record.addresses ?? []).join() !== keys.accounts.map((a) => a.info.address).join()) {
      wipeUnlockedKeys(keys);
      throw new WalletError('VAULT_INVALID', "the vault's addresses are not its keys'");
    }
    return keys;
  }

  private async autoLockMinutes(): Promise<number> {
    const m = Number(await this.deps.session.get(SESSION_AUTOLOCK));
    return Number.isInteger(m) && m > 0 ? m : DEFAULT_AUTOLOCK_MINUTES;
  }

  /**
   * Runs a password try once the backoff allows one: a wrong password (WRONG_PASSWORD) is counted
   * before the error goes on, a right one clears the count. Tries run one at a time.
   */
  private withPassword<T>(attempt: () => Promise<T>): Promise<T> {
    const run = this.tries.then(async () => {
      const failures = await this.failures();
      assertAttemptAllowed(failures, this.deps.now());
      let result: T;
      try {
        result = await attempt();
      } catch (err) {
        if (err instanceof WalletError && err.code === 'WRONG_PASSWORD') await this.deps.attempts.set({ failures: failures.failures + 1, lastFailureAt: this.deps.now() });
        throw err;
      }
      if (failures.failures > 0) await this.deps.attempts.set({ failures: 0, lastFailureAt: 0 });
      return result;
    });
    this.tries = run.catch(() => {});
    return run;
  }

  private async failures(): Promise<FailureState> {
    const f = await this.deps.attempts.get();
    const n = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);
    return typeof f === 'object' && f !== null ? { failures: n((f as FailureState).failures), lastFailureAt: n((f as FailureState).lastFailureAt) } : { failures: 0, lastFailureAt: 0 };
  }

  /** Holds `keys` (the ones held before overwritten), in the session store too. */
  private async hold(keys: UnlockedKeys): Promise<void> {
    this.setKeys(keys);
    this.loaded = Promise.resolve();
    const encoded = encodeUnlockedKeys(keys);
    try {
      await this.deps.session.set(SESSION_KEYRING, bytesToHex(encoded));
    } finally {
      encoded.fill(0);
    }
    await this.touch();
    await this.deps.onLockChange?.();
  }

  /** Replaces the keys held, the old ones overwritten. */
  private setKeys(keys: UnlockedKeys | undefined): void {
    if (this.keys !== undefined && this.keys !== keys) wipeUnlockedKeys(this.keys);
    this.keys = keys;
  }

  /** The key of `address`, derived at unlock (signing stays in milliseconds). */
  private keyOf(address: string): Uint8Array {
    this.requireUnlocked();
    const a = toChecksumAddress(address);
    const found = this.keys!.accounts.find((x) => x.info.address === a);
    if (found === undefined) throw new WalletError('UNKNOWN_ACCOUNT', `the wallet holds no account ${a}`);
    return found.privateKey;
  }
}

/** The extension's vault: the one row of the wallet's Dexie table. */
export function repoVaultStore(repo: WalletRepo, now: () => number): VaultStore {
  return {
    get: () => repo.getVault(),
    put: async (record, fresh, names) => {
      const existing = await repo.getVault();
      if (fresh && existing !== undefined) throw new InputError('a vault exists already: remove it first');
      const at = now();
      await repo.putVault({ id: 'main', record, addresses: [...(record.addresses ?? [])], names: { ...(names ?? existing?.names ?? {}) }, createdAt: existing?.createdAt ?? at, updatedAt: at });
    },
    remove: () => repo.deleteVault(),
  };
}

/** The extension's wrong-password counter: a row of the settings table, beside the vault. */
export function repoAttemptStore(repo: WalletRepo): AttemptStore {
  return { get: () => repo.passwordFailures(), set: (state) => repo.setPasswordFailures(state) };
}

/** A counter in memory (tests; a CLI signature from a vault record read with no file to count beside). */
export function memoryAttemptStore(): AttemptStore {
  let state: FailureState | undefined;
  return { get: async () => state, set: async (s) => void (state = { ...s }) };
}

/** A session store in memory (the CLI's, for one command; tests). */
export function memorySessionStore(): SessionStore {
  const m = new Map<string, unknown>();
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v), remove: async (k) => void m.delete(k) };
}
