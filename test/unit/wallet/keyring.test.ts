/** The keyring (src/wallet/keyring.ts): accounts, duplicates, names, the codec. */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { accountKeys, createKeyring, decodeKeyring, encodeKeyring, listAccounts, MAX_PHRASES } from '../../../src/wallet/keyring.ts';
import { addHdAccount, addPhrase, importAccount, removeImportedAccount, removePhrase, renameAccount } from '../../../src/wallet/keyring-changes.ts';
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
    expect(k.phrases.map((p) => p.mnemonic)).toEqual([HARDHAT]);
    expect(listAccounts(k)).toEqual([{ address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0, phrase: 0 }]);
    k = addHdAccount(k).keyring;
    const added = addHdAccount(k);
    expect(added.account).toEqual({ address: HARDHAT_ADDRESSES[2], kind: 'hd', index: 2, phrase: 0 });
    k = importAccount(added.keyring, bytesToHex(foreignKey)).keyring;
    expect(listAccounts(k)).toEqual([
      { address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0, phrase: 0 },
      { address: HARDHAT_ADDRESSES[1], kind: 'hd', index: 1, phrase: 0 },
      { address: HARDHAT_ADDRESSES[2], kind: 'hd', index: 2, phrase: 0 },
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
    expect(listAccounts(k)).toEqual([{ address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0, phrase: 0, name: 'main' }]);
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
    // Version 1, as Vigil wrote it until a keyring held several phrases: still read.
    const good = { version: 1, mnemonic: HARDHAT, passphrase: '', hdAccounts: [0, 3], imported: [bytesToHex(foreignKey)] };
    expect(listAccounts(decodeKeyring(enc(good))).map((a) => a.index)).toEqual([0, 3, undefined]);
    const bad: unknown[] = [
      { ...good, version: 3 },
      { ...good, version: '1' },
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

  it('holds several phrases, each with its own accounts, every address once', () => {
    let k = createKeyring({ mnemonic: HARDHAT });
    const second = addPhrase(k, ` ${other.toUpperCase()} `);
    const otherAccount = (i: number) => deriveAccount(mnemonicToSeedSync(other), i).address;
    expect(second.account).toEqual({ address: otherAccount(0), kind: 'hd', index: 0, phrase: 1 });
    k = second.keyring;
    // Accounts are added from the phrase chosen, each phrase counting its own indices.
    const added = addHdAccount(k, 1);
    expect(added.account).toEqual({ address: otherAccount(1), kind: 'hd', index: 1, phrase: 1 });
    k = addHdAccount(added.keyring, 0).keyring;
    k = importAccount(k, foreignKey).keyring;
    expect(listAccounts(k)).toEqual([
      { address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0, phrase: 0 },
      { address: HARDHAT_ADDRESSES[1], kind: 'hd', index: 1, phrase: 0 },
      { address: otherAccount(0), kind: 'hd', index: 0, phrase: 1 },
      { address: otherAccount(1), kind: 'hd', index: 1, phrase: 1 },
      { address: foreignAddress, kind: 'imported' },
    ]);
    expect(bytesToHex(accountKeys(k).find((a) => a.info.address === otherAccount(1))!.privateKey)).toBe(bytesToHex(deriveAccount(mnemonicToSeedSync(other), 1).privateKey));
    expect(decodeKeyring(encodeKeyring(k))).toEqual(k);
    // The same phrase again (however it is typed) is refused; with another passphrase it is another wallet.
    expect(walletCode(() => addPhrase(k, HARDHAT))).toBe('DUPLICATE_PHRASE');
    expect(walletCode(() => addPhrase(k, `  ${other}\n`))).toBe('DUPLICATE_PHRASE');
    expect(addPhrase(k, HARDHAT, 'TREZOR').account.phrase).toBe(2);
    expect(walletCode(() => addPhrase(k, 'test test test'))).toBe('INVALID_MNEMONIC');
    expect(walletCode(() => addHdAccount(k, 2))).toBe('INVALID_INPUT');
    expect(walletCode(() => addHdAccount(k, -1))).toBe('INVALID_INPUT');
  });

  it("refuses a phrase whose first account is an imported key, until that key is removed", () => {
    const account0 = bytesToHex(deriveAccount(mnemonicToSeedSync(other), 0).privateKey);
    const k = importAccount(createKeyring({ mnemonic: HARDHAT }), account0).keyring;
    expect(walletCode(() => addPhrase(k, other))).toBe('DUPLICATE_ACCOUNT');
    const without = removeImportedAccount(k, deriveAccount(mnemonicToSeedSync(other), 0).address);
    expect(addPhrase(without, other).account.address).toBe(deriveAccount(mnemonicToSeedSync(other), 0).address);
  });

  it('makes a wallet of imported keys a phrase wallet when a phrase is imported', () => {
    let k = importAccount(createKeyring(), foreignKey).keyring;
    k = addPhrase(k, HARDHAT).keyring;
    expect(listAccounts(k).map((a) => [a.kind, a.phrase])).toEqual([['hd', 0], ['imported', undefined]]);
    // Its first phrase is now the wallet's own: not removed with removePhrase.
    expect(walletCode(() => removePhrase(k, HARDHAT_ADDRESSES[0]!))).toBe('INVALID_INPUT');
  });

  it('removes an imported phrase with its accounts and their names, never the first, never by another account', () => {
    let k = createKeyring({ mnemonic: HARDHAT });
    k = addPhrase(k, other).keyring;
    k = addHdAccount(k, 1).keyring;
    k = importAccount(k, foreignKey).keyring;
    const others = listAccounts(k).filter((a) => a.phrase === 1).map((a) => a.address);
    k = renameAccount(k, others[1]!, 'second phrase');
    k = renameAccount(k, HARDHAT_ADDRESSES[0]!, 'main');
    expect(walletCode(() => removePhrase(k, HARDHAT_ADDRESSES[0]!))).toBe('INVALID_INPUT');
    expect(walletCode(() => removePhrase(k, foreignAddress))).toBe('UNKNOWN_ACCOUNT');
    expect(walletCode(() => removePhrase(k, HARDHAT_ADDRESSES[2]!))).toBe('UNKNOWN_ACCOUNT');
    expect(walletCode(() => removePhrase(k, 'not an address'))).toBe('INVALID_INPUT');
    const { keyring, removed } = removePhrase(k, others[1]!.toLowerCase());
    expect(removed.map((a) => a.address)).toEqual(others);
    expect(listAccounts(keyring)).toEqual([
      { address: HARDHAT_ADDRESSES[0], kind: 'hd', index: 0, phrase: 0, name: 'main' },
      { address: foreignAddress, kind: 'imported' },
    ]);
    expect(keyring.names).toEqual({ [HARDHAT_ADDRESSES[0]!]: 'main' });
    // Imported again later, it starts from its account 0 with no name.
    expect(addPhrase(keyring, other).account).toEqual({ address: others[0], kind: 'hd', index: 0, phrase: 1 });
  });

  it('caps the phrases a keyring holds', () => {
    let k = createKeyring();
    for (let i = 0; i < MAX_PHRASES; i++) k = addPhrase(k, generateMnemonic(new Uint8Array(16).fill(i + 20))).keyring;
    expect(walletCode(() => addPhrase(k, generateMnemonic(new Uint8Array(16).fill(99))))).toBe('INVALID_INPUT');
  });

  it('refuses a version 2 keyring that holds a phrase or a key twice, or is malformed, as VAULT_INVALID', () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const phrase = { mnemonic: HARDHAT, passphrase: '', hdAccounts: [0, 1] };
    const good = { version: 2, phrases: [phrase, { mnemonic: other, passphrase: 'x', hdAccounts: [0] }], imported: [bytesToHex(foreignKey)] };
    expect(listAccounts(decodeKeyring(enc(good)))).toHaveLength(4);
    const bad: unknown[] = [
      { ...good, phrases: [phrase, phrase] },
      { ...good, phrases: [phrase, { ...phrase, mnemonic: HARDHAT.toUpperCase() }] },
      { ...good, imported: [bytesToHex(foreignKey), bytesToHex(foreignKey).toUpperCase().replace('0X', '0x')] },
      { ...good, phrases: 'x' },
      { ...good, phrases: [null] },
      { ...good, phrases: [{ ...phrase, hdAccounts: [1, 1] }] },
      { ...good, phrases: [{ ...phrase, passphrase: 7 }] },
      { ...good, phrases: Array.from({ length: MAX_PHRASES + 1 }, (_, i) => ({ ...phrase, passphrase: String(i) })) },
      { ...good, phrases: [{ ...phrase, hdAccounts: Array.from({ length: 600 }, (_, i) => i) }, { ...phrase, passphrase: 'y', hdAccounts: Array.from({ length: 600 }, (_, i) => i) }] },
      { ...good, imported: undefined },
      // Version 1 fields under version 2 are not read as a phrase.
      { version: 2, mnemonic: HARDHAT, passphrase: '', hdAccounts: [0], imported: [] },
      { version: 1, phrases: [phrase], imported: [] },
    ];
    for (const v of bad) expect(walletCode(() => decodeKeyring(enc(v)))).toBe('VAULT_INVALID');
    // An imported key that is one of the HD accounts: read, but refused when the accounts are listed (keys derived), wiped.
    const dup = decodeKeyring(enc({ ...good, imported: [HARDHAT_KEY0] }));
    expect(walletCode(() => listAccounts(dup))).toBe('VAULT_INVALID');
    expect(walletCode(() => accountKeys(dup))).toBe('VAULT_INVALID');
  });
});
