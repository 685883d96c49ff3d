/** BIP-39 mnemonics (src/wallet/mnemonic.ts). */
import { readFileSync } from 'node:fs';
import { HDKey } from '@scure/bip32';
import { wordlist as WORDS } from '@scure/bip39/wordlists/english.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { deriveHdKey } from '../../../src/wallet/hd.ts';
import { generateMnemonic, MnemonicError, mnemonicToEntropy, mnemonicToSeed, mnemonicToSeedSync, normalizeMnemonic, validateMnemonic } from '../../../src/wallet/mnemonic.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/wallet/${name}`, import.meta.url), 'utf8'));
const BIP39: [string, string, string, string][] = fixture('bip39-vectors.json').english;

/** Hardhat's and Anvil's development mnemonic and its first accounts (their docs and node output). */
const HARDHAT = 'test test test test test test test test test test test junk';

const hex = (b: Uint8Array) => bytesToHex(b).slice(2);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

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
