/** The keyring sealed in its vault, opened, and re-sealed after a change (src/wallet/keyring-vault.ts). */
import { describe, expect, it } from 'vitest';
import { createKeyring, listAccounts } from '../../../src/wallet/keyring.ts';
import { addHdAccount, importAccount } from '../../../src/wallet/keyring-changes.ts';
import { openKeyring, resealKeyring, sealKeyring } from '../../../src/wallet/keyring-vault.ts';
import { parseVaultRecord } from '../../../src/wallet/vault.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
/** Hardhat's account #2. */
const KEY2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const ACCOUNT2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const PASSWORD = 'correct horse';
const SMALL = { N: 2 ** 10, r: 8, p: 1 };
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('keyring vault', () => {
  it('seals a new keyring with its addresses in clear, and opens it with the password only', async () => {
    const record = await sealKeyring(createKeyring({ mnemonic: MNEMONIC }), PASSWORD, { salt: bytes(32, 1), nonce: bytes(12, 2), params: SMALL });
    expect(record.addresses).toEqual([ACCOUNT0]);
    expect(listAccounts(await openKeyring(record, PASSWORD)).map((a) => a.address)).toEqual([ACCOUNT0]);
    await expect(openKeyring(record, 'wrong password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(sealKeyring(createKeyring({ mnemonic: MNEMONIC }), 'short', { salt: bytes(32, 1), nonce: bytes(12, 2), params: SMALL })).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
  });

  it('re-seals a change under the same salt with a fresh nonce, and returns a keyring whose keys are intact', async () => {
    const first = await sealKeyring(importAccount(createKeyring({ mnemonic: MNEMONIC }), KEY2).keyring, PASSWORD, { salt: bytes(32, 1), nonce: bytes(12, 2), params: SMALL });
    const { record, keyring, result } = await resealKeyring(first, PASSWORD, (k) => addHdAccount(k), bytes(12, 3));
    expect(result.account.address).toBe(ACCOUNT1);
    expect(record.kdf).toEqual(first.kdf);
    expect(record.nonce).not.toBe(first.nonce);
    expect(record.addresses).toEqual([ACCOUNT0, ACCOUNT1, ACCOUNT2]);
    // The imported key survives the old keyring's wipe: it is the new keyring's too.
    expect(listAccounts(keyring).map((a) => a.address)).toEqual([ACCOUNT0, ACCOUNT1, ACCOUNT2]);
    expect(listAccounts(await openKeyring(parseVaultRecord(JSON.parse(JSON.stringify(record))), PASSWORD)).map((a) => a.address)).toEqual([ACCOUNT0, ACCOUNT1, ACCOUNT2]);
  });

  it('changes nothing on a wrong password or a refused change', async () => {
    const first = await sealKeyring(createKeyring({ mnemonic: MNEMONIC }), PASSWORD, { salt: bytes(32, 1), nonce: bytes(12, 2), params: SMALL });
    const copy = JSON.stringify(first);
    await expect(resealKeyring(first, 'wrong password', (k) => addHdAccount(k), bytes(12, 3))).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    const withKey = await resealKeyring(first, PASSWORD, (k) => importAccount(k, KEY2), bytes(12, 4));
    await expect(resealKeyring(withKey.record, PASSWORD, (k) => importAccount(k, KEY2), bytes(12, 5))).rejects.toMatchObject({ code: 'DUPLICATE_ACCOUNT' });
    expect(JSON.stringify(first)).toBe(copy);
  });
});
