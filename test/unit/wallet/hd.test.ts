/** BIP-32 and Ethereum's accounts (src/wallet/hd.ts), and their private keys and addresses. */
import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HDKey } from '@scure/bip32';
import fc from 'fast-check';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { deriveAccount, deriveAccounts, deriveHdKey } from '../../../src/wallet/hd.ts';
import { addressOf, importPrivateKey, publicKeyToAddress } from '../../../src/wallet/keys.ts';
import { mnemonicToSeedSync } from '../../../src/wallet/mnemonic.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/wallet/${name}`, import.meta.url), 'utf8'));
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
