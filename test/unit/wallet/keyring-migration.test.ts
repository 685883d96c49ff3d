/**
 * Vaults written before a keyring held several phrases (keyring format 1), opened by today's code:
 * the bytes in fixtures/vault-v1.json were made by Vigil at commit 158b218 (its `made` field says
 * how) and are never regenerated. They open with the same accounts and keys, move to format 2 with
 * their next change and keep opening after it; hostile keyrings inside a well-sealed vault are
 * refused with typed errors and replace nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { KeyringSession, memoryAttemptStore, memorySessionStore, type StoredVault, type VaultStore } from '../../../src/client/wallet/keyring-session.ts';
import { accountKeys, decodeKeyring, encodeKeyring, listAccounts } from '../../../src/wallet/keyring.ts';
import { addPhrase, localVaultWork, renameAccount } from '../../../src/wallet/keyring-changes.ts';
import { openKeyring, resealKeyring } from '../../../src/wallet/keyring-vault.ts';
import { decryptVault, encryptVault, parseVaultRecord, type VaultRecord } from '../../../src/wallet/vault.ts';

interface FixtureVault {
  record: VaultRecord;
  accounts: { address: string; kind: 'hd' | 'imported'; index?: number; name?: string; privateKey: string }[];
  plaintext: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/vault-v1.json', import.meta.url), 'utf8')) as { password: string; vaults: Record<'extension' | 'extensionFast' | 'keysOnly' | 'withPassphrase', FixtureVault> };
const { password } = fixture;
const SMALL = { N: 2 ** 10, r: 8, p: 1 };
const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

/** The accounts as today's code lists them: the fixture's, each HD one on the first phrase. */
const expected = (v: FixtureVault) => v.accounts.map(({ privateKey: _, ...info }) => (info.kind === 'hd' ? { ...info, phrase: 0 } : info));
const keysOf = (keys: { info: { address: string }; privateKey: Uint8Array }[]) => keys.map((k) => [k.info.address, bytesToHex(k.privateKey)]);

function store(record: unknown): VaultStore & { row(): StoredVault | undefined; puts: number } {
  let row: StoredVault | undefined = { record, addresses: (record as VaultRecord).addresses ?? [], names: {} };
  const s = {
    puts: 0,
    row: () => row,
    get: async () => row,
    put: async (r: VaultRecord, _fresh: boolean, names?: Readonly<Record<string, string>>) => {
      s.puts++;
      row = { record: JSON.parse(JSON.stringify(r)), addresses: r.addresses ?? [], names: { ...(names ?? row?.names ?? {}) } };
    },
  };
  return s;
}

function session(vault: VaultStore) {
  let n = 0;
  return new KeyringSession({ vault, session: memorySessionStore(), attempts: memoryAttemptStore(), random: (length) => bytes(length, ++n), now: () => 1_000_000, scrypt: SMALL, ...localVaultWork });
}

describe('vaults of keyring format 1 (Vigil before issue 40)', () => {
  it('hold format-1 plaintext, as the fixture says', async () => {
    const v = fixture.vaults.withPassphrase;
    const plain = new TextDecoder().decode(await decryptVault(v.record, password));
    expect(plain).toBe(v.plaintext);
    expect(JSON.parse(plain)).toMatchObject({ version: 1, mnemonic: expect.any(String), passphrase: 'TREZOR', hdAccounts: [0], imported: [] });
  });

  it('open with the same accounts, names and keys: the extension\'s vault (its default scrypt cost, and a fast one), keys only, a passphrase', async () => {
    for (const v of Object.values(fixture.vaults)) {
      const keyring = await openKeyring(v.record, password);
      expect(listAccounts(keyring)).toEqual(expected(v));
      expect(keysOf(accountKeys(keyring))).toEqual(v.accounts.map((a) => [a.address, a.privateKey]));
      expect(listAccounts(keyring).map((a) => a.address)).toEqual(v.record.addresses);
    }
    expect(expected(fixture.vaults.extension).map((a) => a.name)).toContain('Savings');
  });

  it('move to format 2 with their next change, and open again with the same accounts and keys', async () => {
    const v = fixture.vaults.withPassphrase;
    const { record } = await resealKeyring(v.record, password, (k) => addPhrase(k, OTHER), bytes(12, 9));
    const plain = JSON.parse(new TextDecoder().decode(await decryptVault(record, password))) as { version: number; phrases: unknown[] };
    expect(plain.version).toBe(2);
    expect(plain.phrases).toHaveLength(2);
    const reopened = await openKeyring(JSON.parse(JSON.stringify(record)), password);
    expect(listAccounts(reopened).slice(0, v.accounts.length)).toEqual(expected(v));
    expect(keysOf(accountKeys(reopened)).slice(0, v.accounts.length)).toEqual(v.accounts.map((a) => [a.address, a.privateKey]));
    expect(listAccounts(reopened)[v.accounts.length]).toMatchObject({ kind: 'hd', index: 0, phrase: 1 });
  });

  it('unlock in the keyring session as they are (nothing rewritten), and are upgraded by the next change it stores', async () => {
    const v = fixture.vaults.extensionFast;
    const vault = store(v.record);
    const k = session(vault);
    await k.unlock(password);
    expect(vault.puts).toBe(0);
    const state = await k.state();
    expect(state.accounts).toEqual(expected(v));
    expect(state.hasMnemonic).toBe(true);
    await k.renameAccount(v.accounts[0]!.address, 'Main', password);
    expect(vault.puts).toBe(1);
    const stored = vault.row()!;
    expect(JSON.parse(new TextDecoder().decode(await decryptVault(stored.record, password)))).toMatchObject({ version: 2 });
    // The names are kept in clear beside it now, for the locked popup; the old one stays.
    expect(stored.names).toEqual({ [v.accounts[0]!.address]: 'Main', [v.accounts.find((a) => a.name)!.address]: 'Savings' });
    await k.lock();
    await k.unlock(password);
    expect((await k.state()).accounts.map((a) => a.name)).toEqual(['Main', 'Savings', undefined, undefined]);
  });

  it('a format-1 keyring reads the same through today\'s decoder as its accounts say, and today\'s encoder writes format 2 for it', () => {
    const v = fixture.vaults.keysOnly;
    const keyring = decodeKeyring(new TextEncoder().encode(v.plaintext));
    expect(keyring).toMatchObject({ phrases: [] });
    expect(JSON.parse(new TextDecoder().decode(encodeKeyring(keyring)))).toEqual({ version: 2, phrases: [], imported: [v.accounts[0]!.privateKey] });
  });
});

describe('today\'s vaults (keyring format 2)', () => {
  it('round-trip: several phrases, keys and names sealed, opened, listed the same', async () => {
    let keyring = await openKeyring(fixture.vaults.extensionFast.record, password);
    keyring = addPhrase(keyring, OTHER, 'pass').keyring;
    keyring = renameAccount(keyring, listAccounts(keyring).at(-1)!.address, 'Other wallet');
    const { record } = await resealKeyring(fixture.vaults.withPassphrase.record, password, () => ({ keyring }), bytes(12, 7));
    const back = await openKeyring(JSON.parse(JSON.stringify(record)), password);
    expect(back).toEqual(keyring);
    expect(listAccounts(back)).toEqual(listAccounts(keyring));
    expect(record.addresses).toEqual(listAccounts(keyring).map((a) => a.address));
  });
});

describe('hostile keyrings inside a well-sealed vault', () => {
  const seal = (plaintext: string | Uint8Array, addresses?: string[]) =>
    encryptVault(typeof plaintext === 'string' ? new TextEncoder().encode(plaintext) : plaintext, password, { salt: bytes(32, 1), nonce: bytes(12, 2), params: SMALL, ...(addresses ? { addresses } : {}) });
  const good = fixture.vaults.extension.plaintext;
  const json = JSON.parse(good) as Record<string, unknown>;

  it('are refused by a typed error, and the stored vault is left as it was', async () => {
    const hostile: [string, string][] = [
      ['truncated', good.slice(0, good.length - 7)],
      ['empty', ''],
      ['a future version', JSON.stringify({ ...json, version: 3 })],
      ['no version', JSON.stringify({ ...json, version: undefined })],
      ['version 2 in version 1 fields', JSON.stringify({ ...json, version: 2 })],
      ['the same phrase twice', JSON.stringify({ version: 2, phrases: [{ mnemonic: json.mnemonic, passphrase: '', hdAccounts: [0] }, { mnemonic: json.mnemonic, passphrase: '', hdAccounts: [1] }], imported: [] })],
      // Account 0 of the phrase imported again as a key: the same address twice.
      ['an address twice', JSON.stringify({ ...json, imported: [...(json.imported as string[]), fixture.vaults.extension.accounts[0]!.privateKey] })],
    ];
    for (const [what, plaintext] of hostile) {
      const record = await seal(plaintext);
      const vault = store(record);
      const before = JSON.stringify(vault.row());
      const k = session(vault);
      const err = await k.unlock(password).then(() => null, (e: unknown) => e);
      expect(err, what).toMatchObject({ name: 'WalletError', code: 'VAULT_INVALID' });
      await expect(k.importPhrase(OTHER, password), what).rejects.toMatchObject({ code: 'VAULT_INVALID' });
      await expect(k.renameAccount(fixture.vaults.extension.accounts[0]!.address, 'x', password), what).rejects.toMatchObject({ code: 'VAULT_INVALID' });
      expect(vault.puts, what).toBe(0);
      expect(JSON.stringify(vault.row()), what).toBe(before);
      expect(k.isUnlocked(), what).toBe(false);
    }
  });

  it('a record that is not one (truncated ciphertext, unknown record version) is VAULT_INVALID or WRONG_PASSWORD, never opened', async () => {
    const record = await seal(good);
    await expect(openKeyring({ ...record, version: 2 }, password)).rejects.toMatchObject({ code: 'VAULT_INVALID' });
    await expect(openKeyring({ ...record, ciphertext: record.ciphertext.slice(0, 20) }, password)).rejects.toMatchObject({ code: expect.stringMatching(/^(VAULT_INVALID|WRONG_PASSWORD)$/) });
    const { ciphertext: _, ...noCiphertext } = record;
    await expect(openKeyring(noCiphertext, password)).rejects.toMatchObject({ code: 'VAULT_INVALID' });
    expect(parseVaultRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });
});
