/**
 * The vault's AES-256-GCM front door (src/crypto/vault-cipher.ts, WebCrypto underneath) against
 * @noble/ciphers' gcm, the implementation it replaced: the same sealed bytes for random keys,
 * nonces, associated data and plaintexts (empty and the vault's largest included), each opening
 * what the other sealed, and every changed tag, ciphertext, associated data, nonce or key refused
 * by both. Plus the GCM specification's AES-256 test case and the front door's input checks.
 */
import { gcm } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { aesGcmOpen, aesGcmSeal } from '../../../src/crypto/vault-cipher.ts';

const nobleSeal = (key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, plaintext: Uint8Array) => gcm(key, nonce, ad).encrypt(plaintext);

/** noble's verdict: the plaintext, or undefined when it refuses the tag. */
function nobleOpen(key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  try {
    return gcm(key, nonce, ad).decrypt(sealed);
  } catch {
    return undefined;
  }
}

const flipBit = (bytes: Uint8Array, bit: number) => {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
};

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const inputs = fc.record({ key: bytes(32, 32), nonce: bytes(12, 12), ad: bytes(0, 300), plaintext: bytes(0, 2048) });

describe('vault cipher: WebCrypto AES-256-GCM against @noble/ciphers', () => {
  it("the GCM specification's test case 16 (AES-256, 60 bytes, 20 bytes of associated data)", async () => {
    const key = hexToBytes('0xfeffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
    const nonce = hexToBytes('0xcafebabefacedbaddecaf888');
    const ad = hexToBytes('0xfeedfacedeadbeeffeedfacedeadbeefabaddad2');
    const plaintext = hexToBytes('0xd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39');
    const sealed =
      '0x522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' + '76fc6ece0f4e1768cddf8853bb2d551b';
    expect(bytesToHex(await aesGcmSeal(key, nonce, ad, plaintext))).toBe(sealed);
    expect(bytesToHex(nobleSeal(key, nonce, ad, plaintext))).toBe(sealed);
    expect(await aesGcmOpen(key, nonce, ad, hexToBytes(sealed))).toEqual(plaintext);
  });

  it('seals to the same bytes and opens what the other sealed', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async ({ key, nonce, ad, plaintext }) => {
        const ours = await aesGcmSeal(key, nonce, ad, plaintext);
        expect(bytesToHex(ours)).toBe(bytesToHex(nobleSeal(key, nonce, ad, plaintext)));
        expect(ours.length).toBe(plaintext.length + 16);
        expect(await aesGcmOpen(key, nonce, ad, ours)).toEqual(plaintext);
        expect(nobleOpen(key, nonce, ad, ours)).toEqual(plaintext);
      }),
      { numRuns: 200 },
    );
  });

  it('empty plaintext and associated data, and the largest plaintext a vault holds (1 MiB)', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const empty = new Uint8Array(0);
    const tagOnly = await aesGcmSeal(key, nonce, empty, empty);
    expect(tagOnly.length).toBe(16);
    expect(bytesToHex(tagOnly)).toBe(bytesToHex(nobleSeal(key, nonce, empty, empty)));
    expect(await aesGcmOpen(key, nonce, empty, tagOnly)).toEqual(empty);

    const large = new Uint8Array(2 ** 20);
    for (let i = 0; i < large.length; i += 65_536) crypto.getRandomValues(large.subarray(i, i + 65_536));
    const ad = crypto.getRandomValues(new Uint8Array(4096));
    const sealed = await aesGcmSeal(key, nonce, ad, large);
    expect(bytesToHex(sealed) === bytesToHex(nobleSeal(key, nonce, ad, large))).toBe(true);
    expect(nobleOpen(key, nonce, ad, sealed)?.length).toBe(large.length);
    expect((await aesGcmOpen(key, nonce, ad, sealed))!.every((b, i) => b === large[i])).toBe(true);
    expect(await aesGcmOpen(key, nonce, ad, flipBit(sealed, 8 * 2 ** 19))).toBeUndefined();
  });

  it('a changed tag, ciphertext, associated data, nonce or key: both refuse', async () => {
    const changes = fc.oneof(
      fc.record({ what: fc.constant('sealed' as const), bit: fc.nat() }),
      fc.record({ what: fc.constant('ad' as const), bit: fc.nat() }),
      fc.record({ what: fc.constant('nonce' as const), bit: fc.nat(12 * 8 - 1) }),
      fc.record({ what: fc.constant('key' as const), bit: fc.nat(32 * 8 - 1) }),
      fc.record({ what: fc.constant('truncated' as const), bit: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(inputs, changes, async ({ key, nonce, ad, plaintext }, change) => {
        const sealed = await aesGcmSeal(key, nonce, ad, plaintext);
        let [k, n, a, s] = [key, nonce, ad, sealed];
        if (change.what === 'sealed') s = flipBit(sealed, change.bit % (sealed.length * 8));
        if (change.what === 'nonce') n = flipBit(nonce, change.bit);
        if (change.what === 'key') k = flipBit(key, change.bit);
        // Associated data changed: a bit flipped, or a byte added when there is none.
        if (change.what === 'ad') a = ad.length === 0 ? new Uint8Array([change.bit & 255]) : flipBit(ad, change.bit % (ad.length * 8));
        // A byte cut from the end (the tag's last, or the start of the tag moved into it).
        if (change.what === 'truncated') s = sealed.subarray(0, sealed.length - 1 - (change.bit % Math.min(4, sealed.length - 16 + 1)));
        if (s.length < 16) return;
        expect(await aesGcmOpen(k, n, a, s)).toBeUndefined();
        expect(nobleOpen(k, n, a, s)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('malformed input throws (an AES-256 key, a 12-byte nonce, at least the tag), before any AES runs', async () => {
    const [k, n, e] = [new Uint8Array(32), new Uint8Array(12), new Uint8Array(0)];
    await expect(aesGcmSeal(new Uint8Array(16), n, e, e)).rejects.toThrow(new InputError('"key" expected Uint8Array of length 32, got length=16'));
    await expect(aesGcmSeal(k, new Uint8Array(16), e, e)).rejects.toThrow(new InputError('"nonce" expected Uint8Array of length 12, got length=16'));
    await expect(aesGcmSeal(k, n, 'ad' as unknown as Uint8Array, e)).rejects.toThrow(InputError);
    await expect(aesGcmOpen(new Uint8Array(31), n, e, new Uint8Array(16))).rejects.toThrow(InputError);
    await expect(aesGcmOpen(k, n, e, new Uint8Array(15))).rejects.toThrow(new InputError('"sealed" expected Uint8Array of at least 16 bytes (the tag), got length=15'));
  });
});
