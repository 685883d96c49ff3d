import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HDKey } from '@scure/bip32';
import { wordlist as WORDS } from '@scure/bip39/wordlists/english.js';
import fc from 'fast-check';
import { getAddress as viemGetAddress, isAddress as viemIsAddress } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import {
  accountPrivateKey,
  addHdAccount,
  addressOf,
  createKeyring,
  decodeKeyring,
  deriveAccount,
  deriveAccounts,
  deriveHdKey,
  encodeKeyring,
  generateMnemonic,
  importAccount,
  importPrivateKey,
  isAddress,
  listAccounts,
  MnemonicError,
  mnemonicToEntropy,
  mnemonicToSeed,
  mnemonicToSeedSync,
  normalizeMnemonic,
  publicKeyToAddress,
  removeImportedAccount,
  renameAccount,
  toChecksumAddress,
  validateMnemonic,
} from '../../../src/wallet/keys.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/wallet/${name}`, import.meta.url), 'utf8'));
const BIP39: [string, string, string, string][] = fixture('bip39-vectors.json').english;
const BIP32: { name: string; seed: string; chains: { path: string; xpub: string; xprv: string }[] }[] = fixture('bip32-vectors.json').bip32;

/** Hardhat's and Anvil's development mnemonic and its first accounts (their docs and node output). */
const HARDHAT = 'test test test test test test test test test test test junk';
const HARDHAT_ADDRESSES = ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'];
const HARDHAT_KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const CURVE_N = secp256k1.Point.CURVE().n;

const hex = (b: Uint8Array) => bytesToHex(b).slice(2);

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

describe('BIP-39 (Trezor reference vectors, passphrase "TREZOR")', () => {
  it.each(BIP39.map((v, i) => [i, ...v] as const))('vector %i: entropy ↔ mnemonic, seed, root key', async (_i, entropy, mnemonic, seed, xprv) => {
    expect(validateMnemonic(mnemonic)).toBe(mnemonic);
    expect(hex(mnemonicToEntropy(mnemonic))).toBe(entropy);
    // Vigil generates 12 or 24 words only; the 15/18/21-word vectors are checked the other way.
    if (entropy.length === 32 || entropy.length === 64) expect(generateMnemonic(hexToBytes('0x' + entropy))).toBe(mnemonic);
    const s = await mnemonicToSeed(mnemonic, 'TREZOR');
    expect(hex(s)).toBe(seed);
    expect(hex(mnemonicToSeedSync(mnemonic, 'TREZOR'))).toBe(seed);
    const root = HDKey.fromExtendedKey(xprv);
    const ours = deriveHdKey(s, 'm');
    expect(hex(ours.privateKey)).toBe(hex(root.privateKey!));
    expect(hex(ours.chainCode)).toBe(hex(root.chainCode!));
  });

  it('normalizes case, blanks and compatibility characters (NFKD) before checking', () => {
    const m = BIP39[1]![1];
    expect(validateMnemonic(`  ${m.toUpperCase().split(' ').join(' \t\n ')}  `)).toBe(m);
    // Full-width letters and an ideographic space, as a CJK input method types them.
    const fullWidth = [...m].map((c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
    expect(normalizeMnemonic(fullWidth)).toBe(m);
    expect(validateMnemonic(fullWidth)).toBe(m);
    expect(normalizeMnemonic('')).toBe('');
  });

  it('refuses a wrong word count, naming the count', () => {
    for (const words of [0, 1, 11, 13, 23, 25]) {
      const err = thrown(() => validateMnemonic(Array(words).fill('abandon').join(' ')));
      expect(err).toBeInstanceOf(MnemonicError);
      expect((err as MnemonicError).code).toBe('INVALID_MNEMONIC');
      expect((err as MnemonicError).problem).toBe('WORD_COUNT');
      expect((err as MnemonicError).got).toBe(`${words} word${words === 1 ? '' : 's'}`);
    }
  });

  it('refuses unknown words by position, never repeating the words', () => {
    const words = HARDHAT.split(' ');
    words[2] = 'tesst';
    words[11] = 'junkk';
    const err = thrown(() => validateMnemonic(words.join(' '))) as MnemonicError;
    expect(err).toBeInstanceOf(MnemonicError);
    expect(err.problem).toBe('UNKNOWN_WORD');
    expect(err.positions).toEqual([3, 12]);
    expect(err.message).toContain('positions 3, 12');
    expect(err.message).not.toMatch(/tesst|junkk/);
  });

  it('refuses a wrong checksum', () => {
    const err = thrown(() => validateMnemonic('test test test test test test test test test test test test')) as MnemonicError;
    expect(err.problem).toBe('CHECKSUM');
    expect(err.code).toBe('INVALID_MNEMONIC');
    // Seeds are only made from valid mnemonics.
    expect(() => mnemonicToSeedSync('test test test test test test test test test test test test')).toThrow(MnemonicError);
  });

  it('generates from 16 or 32 bytes only', () => {
    expect(generateMnemonic(new Uint8Array(16)).split(' ')).toHaveLength(12);
    expect(generateMnemonic(new Uint8Array(32)).split(' ')).toHaveLength(24);
    for (const n of [0, 15, 20, 24, 28, 33]) expect(() => generateMnemonic(new Uint8Array(n))).toThrow(InputError);
    expect(() => generateMnemonic('00' as unknown as Uint8Array)).toThrow(InputError);
  });

  it('property: any 16- or 32-byte entropy round-trips through its mnemonic', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })), (entropy) => {
        const m = generateMnemonic(entropy);
        expect(validateMnemonic(m)).toBe(m);
        expect(hex(mnemonicToEntropy(m))).toBe(hex(entropy));
      }),
      { numRuns: 300 },
    );
  });

  it('property: one word changed is refused (checksum) or encodes other entropy', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })),
        fc.nat(),
        fc.integer({ min: 1, max: 2047 }),
        (entropy, at, shift) => {
          const words = generateMnemonic(entropy).split(' ');
          const i = at % words.length;
          // Any other word of the list: its index moved by 1…2047 (mod 2048).
          const index = WORDS.indexOf(words[i]!);
          words[i] = WORDS[(index + shift) % 2048]!;
          let other: Uint8Array;
          try {
            other = mnemonicToEntropy(words.join(' '));
          } catch (err) {
            expect(err).toBeInstanceOf(MnemonicError);
            expect((err as MnemonicError).problem).toBe('CHECKSUM');
            return;
          }
          expect(hex(other)).not.toBe(hex(entropy));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('BIP-32 (test vectors 1–3 of the BIP)', () => {
  const cases = BIP32.flatMap((v) => v.chains.map((c) => [v.name, c.path, v.seed, c.xprv, c.xpub] as const));
  it.each(cases)('%s, chain %s', (_name, path, seed, xprv, xpub) => {
    const ours = deriveHdKey(hexToBytes('0x' + seed), path);
    const prv = HDKey.fromExtendedKey(xprv);
    const pub = HDKey.fromExtendedKey(xpub);
    expect(hex(ours.privateKey)).toBe(hex(prv.privateKey!));
    expect(hex(ours.chainCode)).toBe(hex(prv.chainCode!));
    expect(hex(ours.publicKey)).toBe(hex(pub.publicKey!));
    expect(hex(ours.chainCode)).toBe(hex(pub.chainCode!));
  });

  it('refuses malformed paths and seeds', () => {
    const seed = new Uint8Array(16);
    for (const p of ['', 'm/', "m/0''", 'm/-1', 'M/0', 'm/0h', 'm/2147483648', "m/2147483648'", '44/60']) {
      expect(() => deriveHdKey(seed, p)).toThrow(InputError);
    }
    expect(() => deriveHdKey(new Uint8Array(15), 'm')).toThrow(InputError);
    expect(() => deriveHdKey(new Uint8Array(65), 'm')).toThrow(InputError);
  });
});

describe('Ethereum accounts', () => {
  it('the Hardhat/Anvil mnemonic gives its well-known first accounts', () => {
    const seed = mnemonicToSeedSync(HARDHAT);
    const accounts = deriveAccounts(seed, [0, 1, 2]);
    expect(accounts.map((a) => a.address)).toEqual(HARDHAT_ADDRESSES);
    expect(accounts.map((a) => a.path)).toEqual(["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/1", "m/44'/60'/0'/0/2"]);
    expect(bytesToHex(accounts[0]!.privateKey)).toBe(HARDHAT_KEY0);
    expect(deriveAccount(seed, 2)).toEqual(accounts[2]);
    expect(hex(deriveHdKey(seed, "m/44'/60'/0'/0/1").privateKey)).toBe(hex(accounts[1]!.privateKey));
    expect(addressOf(importPrivateKey(HARDHAT_KEY0))).toBe(HARDHAT_ADDRESSES[0]);
  });

  it('refuses indices outside 0 … 2^31−1', () => {
    const seed = mnemonicToSeedSync(HARDHAT);
    for (const i of [-1, 2 ** 31, 1.5, NaN]) expect(() => deriveAccount(seed, i)).toThrow(InputError);
    expect(deriveAccount(seed, 2 ** 31 - 1).path).toBe("m/44'/60'/0'/0/2147483647");
  });

  it('differential: viem mnemonicToAccount at random indices, with and without a passphrase', () => {
    const seed = mnemonicToSeedSync(HARDHAT);
    const withPass = mnemonicToSeedSync(HARDHAT, 'vigil');
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })), (index) => {
        const ours = deriveAccount(seed, index);
        const viem = mnemonicToAccount(HARDHAT, { addressIndex: index });
        expect(ours.address).toBe(viem.address);
        expect(bytesToHex(ours.privateKey)).toBe(bytesToHex(viem.getHdKey().privateKey!));
        expect(deriveAccount(withPass, index).address).toBe(mnemonicToAccount(HARDHAT, { addressIndex: index, passphrase: 'vigil' }).address);
      }),
      { numRuns: 25 },
    );
  });

  it('property: any private key in range gives viem privateKeyToAccount\'s address', () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 1n, max: CURVE_N - 1n }), fc.constantFrom(1n, 2n, CURVE_N - 1n, CURVE_N - 2n)), (k) => {
        const key = bigIntToBytesPadded(k, 32);
        const address = addressOf(key);
        expect(address).toBe(privateKeyToAccount(bytesToHex(key) as `0x${string}`).address);
        expect(publicKeyToAddress(secp256k1.getPublicKey(key, true))).toBe(address);
      }),
      { numRuns: 200 },
    );
  });

  it('importPrivateKey: hex as pasted, range checked, never echoed', () => {
    const bare = HARDHAT_KEY0.slice(2);
    expect(bytesToHex(importPrivateKey(bare))).toBe(HARDHAT_KEY0);
    expect(bytesToHex(importPrivateKey(`  0X${bare.toUpperCase()}\n`))).toBe(HARDHAT_KEY0);
    const n = CURVE_N.toString(16);
    const cases: [string, string][] = [
      ['0x' + '00'.repeat(32), 'zero'],
      ['0x' + n, 'an integer ≥ n'],
      ['0x' + (CURVE_N + 1n).toString(16), 'an integer ≥ n'],
      ['0x' + 'ff'.repeat(32), 'an integer ≥ n'],
      [bare.slice(2), '62 hex digits'],
      [bare + '00', '66 hex digits'],
      [bare.slice(1) + 'g', 'a string with characters that are not hex digits'],
    ];
    for (const [input, got] of cases) {
      const err = thrown(() => importPrivateKey(input)) as WalletError;
      expect(err).toBeInstanceOf(WalletError);
      expect(err.code).toBe('INVALID_PRIVATE_KEY');
      expect(err.got).toBe(got);
      expect(err.message).not.toContain(input.replace(/^0x/, '').slice(0, 20));
    }
    expect(bytesToHex(importPrivateKey('0x' + (CURVE_N - 1n).toString(16)))).toBe('0x' + (CURVE_N - 1n).toString(16));
    expect(walletCode(() => addressOf(new Uint8Array(31)))).toBe('INVALID_PRIVATE_KEY');
    expect(walletCode(() => addressOf(new Uint8Array(32)))).toBe('INVALID_PRIVATE_KEY');
  });
});

describe('EIP-55 addresses', () => {
  // The examples of https://eips.ethereum.org/EIPS/eip-55
  const EIP55 = [
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
    '0xde709f2102306220921060314715629080e2fb77',
    '0x27b1fdb04752bbc536007a920d24acb045561c26',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ];

  it('checksums the EIP\'s examples and accepts them', () => {
    for (const a of EIP55) {
      expect(toChecksumAddress(a.toLowerCase())).toBe(a);
      expect(isAddress(a)).toBe(true);
    }
  });

  it('refuses a mixed case with a wrong checksum, and non-addresses', () => {
    expect(isAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toBe(false);
    expect(isAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toBe(true);
    expect(isAddress('0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED')).toBe(true);
    for (const v of ['', '0x', '5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedd', '0xg aeb6053f3e94c9b9a09f33669435e7ef1beaed', 42, null]) {
      expect(isAddress(v)).toBe(false);
    }
    expect(() => toChecksumAddress('0x1234')).toThrow(InputError);
  });

  it('accepts one case throughout without a checksum, even when a single letter makes it all-upper', () => {
    // The case the property once drew: viem's strict check refuses it, EIP-55 and ethers accept it.
    expect(isAddress('0x00000000000300040000005A0002000002002000')).toBe(true);
    expect(isAddress('0x00000000000300040000005a0002000002002000')).toBe(true);
  });

  it('property: the same as viem getAddress / isAddress', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (bytes, upper) => {
        const lower = bytesToHex(bytes);
        const checksummed = toChecksumAddress(lower);
        expect(checksummed).toBe(viemGetAddress(lower));
        const mixed = '0x' + [...lower.slice(2)].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        // Mixed case must carry the checksum (as viem's strict check); one case throughout carries
        // none and is accepted (EIP-55's all-lower / all-upper, as ethers), where viem refuses all-upper.
        const digits = mixed.slice(2);
        const oneCase = digits === digits.toLowerCase() || digits === digits.toUpperCase();
        expect(isAddress(mixed)).toBe(oneCase || viemIsAddress(mixed, { strict: true }));
      }),
      { numRuns: 300 },
    );
  });
});

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
    expect(bytesToHex(accountPrivateKey(k, HARDHAT_ADDRESSES[0]!.toLowerCase()))).toBe(HARDHAT_KEY0);
    expect(bytesToHex(accountPrivateKey(k, foreignAddress))).toBe(bytesToHex(foreignKey));
    // A copy: the caller wipes it after signing without touching the keyring.
    accountPrivateKey(k, foreignAddress).fill(0);
    expect(bytesToHex(accountPrivateKey(k, foreignAddress))).toBe(bytesToHex(foreignKey));
    expect(walletCode(() => accountPrivateKey(k, addressOf(importPrivateKey('0x' + '22'.repeat(32)))))).toBe('UNKNOWN_ACCOUNT');
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
