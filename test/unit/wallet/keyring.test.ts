/** The keyring (src/wallet/keyring.ts): accounts, duplicates, names, the codec. */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { accountKeys, addHdAccount, createKeyring, decodeKeyring, encodeKeyring, importAccount, listAccounts, removeImportedAccount, renameAccount } from '../../../src/wallet/keyring.ts';
import { addressOf, importPrivateKey } from '../../../src/wallet/keys.ts';
import { generateMnemonic, mnemonicToSeedSync } from '../../../src/wallet/mnemonic.ts';
import { deriveAccount } from '../../../src/wallet/hd.ts';

/** Hardhat's and Anvil's development mnemonic and its first accounts (their docs and node output). */
const HARDHAT = 'test test test test test test test test test test test junk';
const HARDHAT_ADDRESSES = ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'];
const HARDHAT_KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

const walletCode = (fn: () => unknown) => {
  const err = thrown(fn);
  if (err instanceof WalletError) return err.code;
  if (err instanceof InputError) return err.code;
  throw err;
};

describe('keyring', () => {
  const other = generateMnemonic(new Uint8Array(16).fill(7));
  const foreignKey = importPrivateKey('0x' + '11'.repeat(32));
  const foreignAddress = addressOf(foreignKey);

  it('lists HD accounts by index, then imported keys, without key material', () => {
    let k = createKeyring({ mnemonic: ` ${HARDHAT.toUpperCase()} ` });
    expect(k.mnemonic).toBe(HARDHAT);
    expect(listAccounts(k)).toEqual([{ address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0 }]);
    k = addHdAccount(k).keyring;
    const added = addHdAccount(k);
    expect(added.account).toEqual({ address: HARDHAT_ADDRESSES[2], kind: 'hd', index: 2 });
    k = importAccount(added.keyring, bytesToHex(foreignKey)).keyring;
    expect(listAccounts(k)).toEqual([
      { address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0 },
      { address: HARDHAT_ADDRESSES[1], kind: 'hd', index: 1 },
      { address: HARDHAT_ADDRESSES[2], kind: 'hd', index: 2 },
      { address: foreignAddress, kind: 'imported' },
    ]);
    expect(JSON.stringify(listAccounts(k))).not.toMatch(/privateKey|ac0974/);
    const keyOf = (address: string) => accountKeys(k).find((a) => a.info.address.toLowerCase() === address.toLowerCase())?.privateKey;
    expect(bytesToHex(keyOf(HARDHAT_ADDRESSES[0]!)!)).toBe(HARDHAT_KEY0);
    expect(bytesToHex(keyOf(foreignAddress)!)).toBe(bytesToHex(foreignKey));
    // Copies: the session overwrites them on lock without touching the keyring.
    keyOf(foreignAddress)!.fill(0);
    expect(bytesToHex(keyOf(foreignAddress)!)).toBe(bytesToHex(foreignKey));
    expect(keyOf(addressOf(importPrivateKey('0x' + '22'.repeat(32))))).toBeUndefined();
  });

  it('does not change the keyring it is given', () => {
    const k = createKeyring({ mnemonic: HARDHAT });
    const before = bytesToHex(encodeKeyring(k));
    addHdAccount(k);
    importAccount(k, foreignKey);
    renameAccount(k, HARDHAT_ADDRESSES[0]!, 'main');
    expect(bytesToHex(encodeKeyring(k))).toBe(before);
  });

  it('refuses duplicates: a key imported twice, an HD account imported, the next HD account already imported', () => {
    const k = importAccount(createKeyring({ mnemonic: HARDHAT }), foreignKey).keyring;
    expect(walletCode(() => importAccount(k, foreignKey))).toBe('DUPLICATE_ACCOUNT');
    expect(walletCode(() => importAccount(k, HARDHAT_KEY0))).toBe('DUPLICATE_ACCOUNT');
    const account1 = deriveAccount(mnemonicToSeedSync(HARDHAT), 1).privateKey;
    const k2 = importAccount(k, account1).keyring;
    expect(walletCode(() => addHdAccount(k2))).toBe('DUPLICATE_ACCOUNT');
    // Removing the imported copy lets the HD account in.
    expect(addHdAccount(removeImportedAccount(k2, HARDHAT_ADDRESSES[1]!)).account.address).toBe(HARDHAT_ADDRESSES[1]);
  });

  it('removes imported keys only; names follow accounts', () => {
    let k = importAccount(createKeyring({ mnemonic: HARDHAT }), foreignKey).keyring;
    k = renameAccount(k, foreignAddress.toLowerCase(), '  savings ');
    k = renameAccount(k, HARDHAT_ADDRESSES[0]!, 'main');
    expect(listAccounts(k).map((a) => a.name)).toEqual(['main', 'savings']);
    expect(walletCode(() => removeImportedAccount(k, HARDHAT_ADDRESSES[0]!))).toBe('UNKNOWN_ACCOUNT');
    expect(walletCode(() => renameAccount(k, HARDHAT_ADDRESSES[1]!, 'x'))).toBe('UNKNOWN_ACCOUNT');
    expect(walletCode(() => renameAccount(k, foreignAddress, 'x'.repeat(65)))).toBe('INVALID_INPUT');
    k = removeImportedAccount(k, foreignAddress);
    expect(listAccounts(k)).toEqual([{ address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0, name: 'main' }]);
    k = renameAccount(k, HARDHAT_ADDRESSES[0]!, '');
    expect(listAccounts(k)[0]!.name).toBeUndefined();
    expect(k.names).toBeUndefined();
    expect(decodeKeyring(encodeKeyring(k))).toEqual(k);
  });

  it('imported keys only: no mnemonic, no HD accounts', () => {
    const k = importAccount(createKeyring(), foreignKey).keyring;
    expect(listAccounts(k)).toEqual([{ address: foreignAddress, kind: 'imported' }]);
    expect(walletCode(() => addHdAccount(k))).toBe('INVALID_INPUT');
    expect(walletCode(() => createKeyring({ mnemonic: 'test test' }))).toBe('INVALID_MNEMONIC');
  });

  it('encodes and decodes (the vault\'s plaintext), with a passphrase and names', () => {
    let k = createKeyring({ mnemonic: other, passphrase: 'TREZOR' });
    k = addHdAccount(addHdAccount(k).keyring).keyring;
    k = importAccount(k, foreignKey).keyring;
    k = renameAccount(k, foreignAddress, 'ünïcode ✓');
    const back = decodeKeyring(encodeKeyring(k));
    expect(back).toEqual(k);
    expect(listAccounts(back)).toEqual(listAccounts(k));
    expect(listAccounts(back)[0]!.address).toBe(deriveAccount(mnemonicToSeedSync(other, 'TREZOR'), 0).address);
    expect(decodeKeyring(encodeKeyring(createKeyring()))).toEqual(createKeyring());
  });

  it('refuses a malformed keyring as VAULT_INVALID', () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const good = { version: 1, mnemonic: HARDHAT, passphrase: '', hdAccounts: [0, 3], imported: [bytesToHex(foreignKey)] };
    expect(listAccounts(decodeKeyring(enc(good))).map((a) => a.index)).toEqual([0, 3, undefined]);
    const bad: unknown[] = [
      { ...good, version: 2 },
      { ...good, mnemonic: 'test test test test test test test test test test test test' },
      { ...good, passphrase: undefined },
      { ...good, hdAccounts: [1, 0] },
      { ...good, hdAccounts: [0, 0] },
      { ...good, hdAccounts: [-1] },
      { ...good, hdAccounts: [2 ** 31] },
      { ...good, hdAccounts: 'x' },
      { ...good, imported: ['0x' + '00'.repeat(32)] },
      { ...good, imported: ['0x1234'] },
      { ...good, imported: Array(1001).fill(bytesToHex(foreignKey)) },
      { version: 1, hdAccounts: [0], imported: [] },
      { ...good, names: { [HARDHAT_ADDRESSES[0]!.toLowerCase()]: 'lower-case key' } },
      { ...good, names: { [HARDHAT_ADDRESSES[0]!]: 7 } },
      [],
      null,
    ];
    for (const v of bad) expect(walletCode(() => decodeKeyring(enc(v)))).toBe('VAULT_INVALID');
    expect(walletCode(() => decodeKeyring(new Uint8Array([0xff, 0xfe])))).toBe('VAULT_INVALID');
  });
});
