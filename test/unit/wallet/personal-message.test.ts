import { Wallet, hashMessage as ethersHashMessage, verifyMessage } from 'ethers';
import fc from 'fast-check';
import { hashMessage, recoverMessageAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { addressOf } from '../../../src/wallet/keys.ts';
import { hashPersonalMessage, parsePersonalMessage, recoverPersonalMessageAddress, signPersonalMessage } from '../../../src/wallet/personal-message.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const hex = (b: Uint8Array) => bytesToHex(b) as `0x${string}`;
const keyBytes = (k: bigint) => hexToBytes(`0x${k.toString(16).padStart(64, '0')}`);
const privateKey = fc.bigInt({ min: 1n, max: N - 1n }).map(keyBytes);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('personal_sign', () => {
  it('hashes as viem and ethers do (EIP-191 0x45)', () => {
    expect(bytesToHex(hashPersonalMessage(utf8('hello world')))).toBe('0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68');
    expect(bytesToHex(hashPersonalMessage(utf8('hello world')))).toBe(hashMessage('hello world'));
    expect(bytesToHex(hashPersonalMessage(new Uint8Array(0)))).toBe(ethersHashMessage(new Uint8Array(0)));
  });

  it('tells bytes from text: 0x + whole bytes is bytes, anything else is UTF-8 text', () => {
    expect(parsePersonalMessage('0x68656c6c6f').bytes).toEqual(utf8('hello'));
    expect(parsePersonalMessage('0x68656C6C6F').bytes).toEqual(utf8('hello'));
    for (const text of ['hello', 'cafe', '0xabc', '0x', '0xzz', ' 0x00', '0x00 ', 'Ωmega 🐄', '']) {
      expect(parsePersonalMessage(text).bytes, text).toEqual(utf8(text));
    }
    expect(parsePersonalMessage(Uint8Array.of(1, 2)).bytes).toEqual(Uint8Array.of(1, 2));
    for (const bad of [5, null, undefined, {}, ['0x00'], { bytes: new Uint8Array(1) }]) expect(() => parsePersonalMessage(bad)).toThrow(InputError);
    expect(() => parsePersonalMessage('a'.repeat((1 << 21) + 3))).toThrow(InputError);
  });

  it('previews printable UTF-8 as text, everything else as hex', () => {
    expect(parsePersonalMessage('0x68656c6c6f').preview).toEqual({ kind: 'text', text: 'hello' });
    expect(parsePersonalMessage('Sign in\n\tnonce: 5\r\n🐄').preview).toEqual({ kind: 'text', text: 'Sign in\n\tnonce: 5\r\n🐄' });
    expect(parsePersonalMessage('0xff00').preview).toEqual({ kind: 'hex', hex: '0xff00' });
    expect(parsePersonalMessage('0x0068').preview).toEqual({ kind: 'hex', hex: '0x0068' });
    expect(parsePersonalMessage('0x' + '00'.repeat(32)).preview.kind).toBe('hex');
    expect(parsePersonalMessage('pay \u202eevil').preview).toEqual({ kind: 'hex', hex: bytesToHex(utf8('pay \u202eevil')) });
    expect(parsePersonalMessage('bell\u0007').preview.kind).toBe('hex');
    expect(parsePersonalMessage('').preview).toEqual({ kind: 'hex', hex: '0x' });
  });

  it('signs as viem and ethers do, and each recovers the signer, on generated text and bytes', async () => {
    const message = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.uint8Array({ minLength: 1, maxLength: 60 }).map(bytesToHex));
    await fc.assert(
      fc.asyncProperty(message, privateKey, async (param, key) => {
        const signature = signPersonalMessage(parsePersonalMessage(param), key);
        expect(signature).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/);
        const account = privateKeyToAccount(hex(key));
        // The rule under test: whole-byte 0x hex is bytes, other strings text.
        const isBytes = /^0x(?:[0-9a-fA-F]{2})+$/.test(param);
        const viemMessage = isBytes ? { raw: param as `0x${string}` } : param;
        expect(signature).toBe(await account.signMessage({ message: viemMessage }));
        expect(signature).toBe(await new Wallet(hex(key)).signMessage(isBytes ? hexToBytes(param) : param));
        expect(await recoverMessageAddress({ message: viemMessage, signature })).toBe(account.address);
        expect(verifyMessage(isBytes ? hexToBytes(param) : param, signature)).toBe(account.address);
        expect(recoverPersonalMessageAddress(param, signature)).toBe(account.address);
      }),
      { numRuns: 100 },
    );
  });

  it('signs only what parsePersonalMessage returned (not a copy with another hash)', () => {
    const parsed = parsePersonalMessage('hello');
    const forged = { ...parsed, hash: new Uint8Array(32).fill(1) };
    expect(() => signPersonalMessage(forged, keyBytes(1n))).toThrow(InputError);
    expect(() => signPersonalMessage(structuredClone(parsed), keyBytes(1n))).toThrow(InputError);
  });

  it('recovery refuses malformed and high-s signatures', () => {
    const sig = signPersonalMessage(parsePersonalMessage('x'), keyBytes(7n));
    const s = BigInt('0x' + sig.slice(66, 130));
    const highS = sig.slice(0, 66) + (N - s).toString(16).padStart(64, '0') + (sig.endsWith('1b') ? '1c' : '1b');
    for (const bad of [highS, sig.slice(0, -2) + '1d', sig.slice(0, -2), '0x' + '00'.repeat(65), 5]) {
      expect(() => recoverPersonalMessageAddress('x', bad)).toThrow(InputError);
    }
    expect(recoverPersonalMessageAddress('x', sig.slice(0, -2) + (sig.endsWith('1b') ? '00' : '01'))).toBe(addressOf(keyBytes(7n)));
  });
});
