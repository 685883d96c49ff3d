/**
 * The pure half of ENS (src/wallet/ens): ENSIP-15 normalization on the reference implementation's
 * own vectors, ENSIP-1 namehash and the DNS encoding on known values and against viem's
 * (namehash, packetToBytes, normalize) on generated names, the UniversalResolver's calldata against
 * viem's encoding, and the reverse record's forward check.
 */
import { describe, expect, it } from 'vitest';
import { encodeFunctionData, parseAbi } from 'viem';
import { namehash as viemNamehash, normalize as viemNormalize, packetToBytes } from 'viem/ens';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError } from '../../../../src/core/errors.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { dnsEncode, labelhash, namehashHex } from '../../../../src/wallet/ens/namehash.ts';
import { looksLikeName } from '../../../../src/wallet/ens/looks-like-name.ts';
import { isNormalized, normalizeName } from '../../../../src/wallet/ens/normalize.ts';
import { checkReverse } from '../../../../src/wallet/ens/reverse.ts';
import { addrCalldata, decodeResolveAddr, decodeReverse, LOCAL_BATCH_GATEWAY, resolveAddrCalldata, reverseCalldata, universalResolverError } from '../../../../src/wallet/ens/universal-resolver.ts';
import { ENSIP15_VECTORS } from './ensip15-vectors.ts';

describe('normalizeName (ENSIP-15)', () => {
  it.each(ENSIP15_VECTORS.map((v) => [v.comment, v] as const))('%s', (_, v) => {
    if (v.error) expect(() => normalizeName(v.name)).toThrow(InputError);
    else expect(normalizeName(v.name)).toBe(v.norm ?? v.name);
  });

  it('refuses what is not a name with an InputError that says why', () => {
    expect(() => normalizeName('')).toThrow(/empty/);
    expect(() => normalizeName(42)).toThrow(InputError);
    expect(() => normalizeName('a'.repeat(2000))).toThrow(/at most/);
    const err = (() => {
      try {
        normalizeName('a_b.eth');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).shortMessage).toMatch(/not a valid ENS name \(ENSIP-15\): .*underscore/i);
  });

  it('tells a normalized name and a name from an address', () => {
    expect(isNormalized('nick.eth')).toBe(true);
    expect(isNormalized('Nick.eth')).toBe(false);
    expect(isNormalized('a_b.eth')).toBe(false);
    expect(looksLikeName('vitalik.eth')).toBe(true);
    expect(looksLikeName('0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045')).toBe(false);
    expect(looksLikeName('vitalik')).toBe(false);
  });
});

describe('namehash and the DNS encoding', () => {
  it('gives the values of EIP-137 / ENSIP-1', () => {
    expect(namehashHex('')).toBe('0x' + '00'.repeat(32));
    expect(namehashHex('eth')).toBe('0x93cdeb708b7545dc668eb9280176169d1c33cfd8ed6f04690a0bcc88a93fc4ae');
    expect(namehashHex('foo.eth')).toBe('0xde9b09fd7c5f901e23a3f19fecc54828e9c848539801e86591bd9801b019f84f');
    expect(bytesToHex(labelhash('eth'))).toBe('0x4f5b812789fc606be1b3b16908db13fc7a9adf7ca72641f84d75b47069d3d7f0');
  });

  it('encodes labels length-prefixed, a long label as its encoded labelhash, and refuses an empty label', () => {
    expect(bytesToHex(dnsEncode('nick.eth'))).toBe('0x046e69636b0365746800');
    expect(bytesToHex(dnsEncode(''))).toBe('0x00');
    const long = 'a'.repeat(300);
    const encoded = dnsEncode(`${long}.eth`);
    expect(encoded[0]).toBe(66);
    expect(new TextDecoder().decode(encoded.subarray(1, 67))).toBe(`[${bytesToHex(labelhash(long)).slice(2)}]`);
    expect(() => dnsEncode('a..eth')).toThrow(InputError);
    // An encoded labelhash is read back as the hash it carries.
    expect(namehashHex(`[${bytesToHex(labelhash('nick')).slice(2)}].eth`)).toBe(namehashHex('nick.eth'));
  });

  it("agrees with viem's namehash, packetToBytes and normalize on generated names", () => {
    // A small deterministic generator (xorshift) over letters, digits, hyphens, accents, emoji and upper case.
    let s = 0x9e3779b9;
    const next = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 2 ** 32;
    };
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789-', '\u00E9', '\u00F6', '\u00DF', '\u{1F4A9}', '\u{1F308}', '\u03B1', '\u0436', '\u00C9'];
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const labels = Array.from({ length: 1 + Math.floor(next() * 3) }, () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
      const raw = `${labels.join('.')}.eth`;
      let ours: string | undefined;
      let theirs: string | undefined;
      try {
        ours = normalizeName(raw);
      } catch {
        ours = undefined;
      }
      try {
        theirs = viemNormalize(raw);
      } catch {
        theirs = undefined;
      }
      expect(ours, raw).toBe(theirs);
      if (ours === undefined) continue;
      compared++;
      expect(namehashHex(ours)).toBe(viemNamehash(ours));
      expect(bytesToHex(dnsEncode(ours))).toBe(bytesToHex(packetToBytes(ours)));
    }
    expect(compared).toBeGreaterThan(100);
  });
});

/** As viem 2.57.20 declares them (node_modules/viem/_esm/constants/abis.js universalResolverResolveAbi, universalResolverReverseAbi). */
const universalResolverResolveAbi = parseAbi(['function resolveWithGateways(bytes name, bytes data, string[] gateways) view returns (bytes, address)']);
const universalResolverReverseAbi = parseAbi(['function reverseWithGateways(bytes reverseName, uint256 coinType, string[] gateways) view returns (string resolvedName, address resolver, address reverseResolver)']);

describe('the UniversalResolver calls', () => {
  const ADDRESS = '0xd8da6bf26964af9d7eed9e03e53415d37aa96045';

  it("builds resolveWithGateways and reverseWithGateways as viem does", () => {
    const name = 'nick.eth';
    expect(resolveAddrCalldata(name)).toBe(
      encodeFunctionData({ abi: universalResolverResolveAbi, functionName: 'resolveWithGateways', args: [bytesToHex(packetToBytes(name)) as `0x${string}`, addrCalldata(name) as `0x${string}`, ['x-batch-gateway:true']] }),
    );
    expect(reverseCalldata(ADDRESS)).toBe(encodeFunctionData({ abi: universalResolverReverseAbi, functionName: 'reverseWithGateways', args: [ADDRESS, 60n, [LOCAL_BATCH_GATEWAY]] }));
  });

  it('reads the answers: an address, none (empty or zero), a primary name', () => {
    const resolver = '0x' + '11'.repeat(20);
    const answer = (inner: string) => bytesToHex(encodeAbi(['bytes', 'address'], [inner, resolver]));
    expect(decodeResolveAddr(answer(bytesToHex(encodeAbi(['address'], [ADDRESS]))))).toEqual({ address: ADDRESS, resolver });
    expect(decodeResolveAddr(answer('0x')).address).toBeNull();
    expect(decodeResolveAddr(answer(bytesToHex(encodeAbi(['address'], ['0x' + '00'.repeat(20)])))).address).toBeNull();
    expect(decodeReverse(bytesToHex(encodeAbi(['string', 'address', 'address'], ['nick.eth', resolver, resolver]))).name).toBe('nick.eth');
  });

  it("names the contract's errors and nothing else", () => {
    const notFound = '0x77209fe8' + bytesToHex(encodeAbi(['bytes'], [dnsEncode('x.eth')])).slice(2);
    expect(universalResolverError(notFound)?.name).toBe('ResolverNotFound');
    expect(universalResolverError('0x08c379a0' + bytesToHex(encodeAbi(['string'], ['no'])).slice(2))).toBeUndefined();
    // A known selector with data that does not decode is not read as that error.
    expect(universalResolverError('0x77209fe8')).toBeUndefined();
  });
});

describe('checkReverse', () => {
  const A = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045';
  it('shows a name only when normalized and its forward address is the address', () => {
    expect(checkReverse(A, 'vitalik.eth', A.toLowerCase())).toEqual({ name: 'vitalik.eth' });
    expect(checkReverse(A, '', A)).toEqual({ name: null, why: 'no-record' });
    expect(checkReverse(A, 'Vitalik.eth', A)).toEqual({ name: null, why: 'not-normalized' });
    expect(checkReverse(A, 'vitalik.eth', '0x' + '22'.repeat(20))).toEqual({ name: null, why: 'forward-mismatch' });
    expect(checkReverse(A, 'vitalik.eth', null)).toEqual({ name: null, why: 'forward-mismatch' });
  });
});
