/** EIP-55 addresses (src/wallet/keys.ts). */
import fc from 'fast-check';
import { getAddress as viemGetAddress, isAddress as viemIsAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { isAddress, toChecksumAddress } from '../../../src/wallet/keys.ts';

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
