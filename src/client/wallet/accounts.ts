/**
 * The popup's account management, over the keyring session and what the wallet keeps per account:
 * a recovery phrase or a key imported at any time, accounts added from a chosen phrase, renamed,
 * removed (an imported key, or an imported phrase with all its accounts: the sites that had them
 * lose them), and the wallet forgotten.
 *
 * Forgetting asks the word {@link FORGET_WORD} typed by the user (the popup shows the phrase-backup
 * reminder first) and an unlocked wallet. It fails every request waiting in a window, tells every
 * site it sees no account, then deletes, in one storage transaction, the vault and what was kept
 * of its accounts: the sites' permissions, approvals, activity, call batches, followed tokens and
 * the wrong-password count (src/storage/wallet.ts deleteVault); the session locks, every key
 * overwritten. Kept: the network settings, and the rollups' forced exits and L2 transfers (the app
 * host's tables): an exit holds the signed L1 bytes of funds on their way out, which only a
 * re-import of the same phrase can carry on, and deleting them under a running exit would lose
 * track of that money; they name public addresses only and sign nothing while the wallet is gone.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import type { AccountInfo } from '../../wallet/keyring.ts';
import type { Approvals } from './approvals.ts';
import type { KeyringSession } from './keyring-session.ts';
import type { Permissions } from './permissions.ts';

/** What the user types to confirm that the wallet is forgotten. */
export const FORGET_WORD = 'forget';

export interface WalletAccountsDeps {
  keyring: KeyringSession;
  permissions: Permissions;
  approvals: Approvals;
}

export class WalletAccounts {
  constructor(private readonly deps: WalletAccountsDeps) {}

  /**
   * A recovery phrase or a private key, as the import field holds it: a key is 64 hex digits
   * (0x optional), anything else is read as a phrase.
   * @throws WalletError INVALID_MNEMONIC, INVALID_PRIVATE_KEY, DUPLICATE_PHRASE, DUPLICATE_ACCOUNT, WRONG_PASSWORD, PASSWORD_BACKOFF, VAULT_INVALID
   */
  async import(secret: string, password: string): Promise<AccountInfo> {
    if (typeof secret !== 'string') throw new InputError(`"secret" expected a string, got ${typeof secret}`);
    const t = secret.trim();
    return /^(0x)?[0-9a-fA-F]{64}$/.test(t) ? this.deps.keyring.importKey(t.startsWith('0x') ? t : `0x${t}`, password) : this.deps.keyring.importPhrase(t, password);
  }

  /** The next account of phrase `phrase` (0: the wallet's own). @throws WalletError WRONG_PASSWORD, DUPLICATE_ACCOUNT; InputError for no such phrase */
  add(password: string, phrase = 0): Promise<AccountInfo> {
    return this.deps.keyring.addAccount(password, phrase);
  }

  /** @throws WalletError UNKNOWN_ACCOUNT, WRONG_PASSWORD; InputError for a name of more than 64 characters */
  rename(address: string, name: string, password: string): Promise<void> {
    return this.deps.keyring.renameAccount(address, name, password);
  }

  /** Removes an imported key; the sites that had it lose it. @throws WalletError UNKNOWN_ACCOUNT, WRONG_PASSWORD */
  async removeKey(address: string, password: string): Promise<void> {
    await this.deps.keyring.removeImportedKey(address, password);
    await this.deps.permissions.dropAccounts([address]);
  }

  /**
   * Removes the imported phrase `address` is an account of, with all its accounts; the sites that
   * had them lose them.
   * @returns the addresses removed.
   * @throws WalletError UNKNOWN_ACCOUNT, WRONG_PASSWORD; InputError for the wallet's own phrase
   */
  async removePhrase(address: string, password: string): Promise<string[]> {
    const removed = await this.deps.keyring.removePhrase(address, password);
    await this.deps.permissions.dropAccounts(removed);
    return removed;
  }

  /**
   * Forgets the wallet (see the module comment); `confirm` must be {@link FORGET_WORD}.
   * @throws InputError for another word (nothing is touched); WalletError LOCKED, VAULT_INVALID (no vault)
   */
  async forget(confirm: string): Promise<void> {
    if (typeof confirm !== 'string' || confirm.trim().toLowerCase() !== FORGET_WORD) {
      throw new InputError(`type "${FORGET_WORD}" to confirm that the wallet is forgotten`);
    }
    const keyring = this.deps.keyring;
    await keyring.ready();
    keyring.requireUnlocked();
    await this.deps.approvals.expirePending('the wallet was forgotten in Vigil');
    await this.deps.permissions.announceNone();
    await keyring.forget();
  }
}
