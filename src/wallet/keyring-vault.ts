/**
 * The keyring in its vault: sealed under a new password, opened, changed (an account added, a
 * phrase or a key imported or removed, an account renamed) by re-sealing it under the same derived key, and sealed again under a new password
 * (a fresh salt). The one place a vault is re-sealed:
 * the extension's keyring session and `vigil wallet` both come here (src/client/wallet/keyring-session.ts).
 *
 * Pure: the salt and nonce are random bytes the caller draws. Every decrypted or encoded byte is
 * wiped here; a keyring returned is the caller's to wipe ({@link wipeKeyring}).
 * @module
 */
import { equalBytes } from '../core/bytes.ts';
import { decodeKeyring, encodeKeyring, type Keyring, listAccounts } from './keyring.ts';
import { deriveVaultKey, encryptVault, openVault, parseVaultRecord, type ScryptParams, sealVault, type VaultRecord } from './vault.ts';

/** Fresh random bytes for a new record: {@link SALT_LENGTH} of salt, {@link NONCE_LENGTH} of nonce (./vault.ts). */
export interface SealRandom {
  salt: Uint8Array;
  nonce: Uint8Array;
  /** scrypt cost; DEFAULT_SCRYPT unless given. */
  params?: ScryptParams;
}

/**
 * A new vault record for `keyring` under a new password (checked: WEAK_PASSWORD), its addresses
 * kept in clear for the locked popup.
 * @example const record = await sealKeyring(createKeyring({ mnemonic }), password, { salt, nonce });
 */
export async function sealKeyring(keyring: Keyring, password: string, random: SealRandom): Promise<VaultRecord> {
  const plaintext = encodeKeyring(keyring);
  try {
    return await encryptVault(plaintext, password, {
      salt: random.salt,
      nonce: random.nonce,
      ...(random.params !== undefined ? { params: random.params } : {}),
      addresses: listAccounts(keyring).map((a) => a.address),
    });
  } finally {
    plaintext.fill(0);
  }
}

/**
 * The keyring a record holds (the decrypted bytes wiped).
 * @throws WalletError WRONG_PASSWORD, VAULT_INVALID
 */
export async function openKeyring(record: unknown, password: string): Promise<Keyring> {
  const checked = parseVaultRecord(record);
  const key = await deriveVaultKey(password, checked.kdf);
  try {
    return await openWith(checked, key);
  } finally {
    key.fill(0);
  }
}

/**
 * Opens the vault, applies `change` to its keyring and seals the result under the same derived
 * key (one KDF run) with the fresh `nonce`; the new record is serialized, parsed and opened again
 * before it is returned, so the caller can replace the stored one knowing the replacement opens.
 * The keyring is written in today's format: a vault of an older one moves to it here.
 * @returns the new record, the changed keyring (the caller's to wipe) and what `change` returned
 * (the account added, the accounts removed).
 * @throws WalletError WRONG_PASSWORD, VAULT_INVALID; what `change` throws (DUPLICATE_ACCOUNT, …).
 */
export async function resealKeyring<R extends { keyring: Keyring }>(
  record: unknown,
  password: string,
  change: (keyring: Keyring) => R,
  nonce: Uint8Array,
): Promise<{ record: VaultRecord; keyring: Keyring; result: R }> {
  const checked = parseVaultRecord(record);
  const key = await deriveVaultKey(password, checked.kdf);
  let keyring: Keyring | undefined;
  let next: Keyring | undefined;
  let returned = false;
  let sealed: Uint8Array | undefined;
  try {
    keyring = await openWith(checked, key);
    const changed = change(keyring);
    next = changed.keyring;
    sealed = encodeKeyring(next);
    const fresh = await sealVault(key, checked.kdf, sealed, { nonce, addresses: listAccounts(next).map((a) => a.address) });
    const reopened = await openVault(parseVaultRecord(JSON.parse(JSON.stringify(fresh))), key);
    const same = equalBytes(reopened, sealed);
    reopened.fill(0);
    if (!same) throw new Error('the re-sealed vault does not give back its keyring');
    returned = true;
    return { record: fresh, keyring: next, result: changed };
  } finally {
    key.fill(0);
    sealed?.fill(0);
    // The old keyring's imported keys live on in the new one: only those it dropped are wiped.
    const kept = new Set(next?.imported ?? []);
    if (keyring) for (const k of keyring.imported) if (!kept.has(k)) k.fill(0);
    if (next && !returned) wipeKeyring(next);
  }
}

/**
 * The keyring sealed under a new password (checked: WEAK_PASSWORD) with a fresh salt and nonce;
 * the new record is opened with the new password before it is returned, so the caller can replace
 * the stored one knowing the replacement opens.
 * @throws WalletError WRONG_PASSWORD (the current password), WEAK_PASSWORD, VAULT_INVALID
 */
export async function rekeyKeyring(record: unknown, password: string, newPassword: string, random: SealRandom): Promise<VaultRecord> {
  const keyring = await openKeyring(record, password);
  let reopened: Keyring | undefined;
  try {
    const fresh = await sealKeyring(keyring, newPassword, random);
    reopened = await openKeyring(JSON.parse(JSON.stringify(fresh)), newPassword);
    if (listAccounts(reopened).map((a) => a.address).join() !== listAccounts(keyring).map((a) => a.address).join()) throw new Error('the re-sealed vault does not give back its keyring');
    return fresh;
  } finally {
    wipeKeyring(keyring);
    if (reopened) wipeKeyring(reopened);
  }
}

/** Wipes a keyring's imported keys (the mnemonic is a string: it goes with the object). */
export function wipeKeyring(keyring: Keyring): void {
  for (const k of keyring.imported) k.fill(0);
}

async function openWith(record: VaultRecord, key: Uint8Array): Promise<Keyring> {
  const plaintext = await openVault(record, key);
  try {
    return decodeKeyring(plaintext);
  } finally {
    plaintext.fill(0);
  }
}
