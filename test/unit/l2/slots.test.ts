import { describe, expect, it } from 'vitest';
import { keccak256, encodeAbiParameters, pad, toHex } from 'viem';
import { storageKey } from '../../../src/l2/slots.ts';

describe('storageKey', () => {
  it('pads a fixed slot and hashes a mapping entry as Solidity lays it out', () => {
    expect(storageKey({ slot: 0n })).toBe('0x' + '00'.repeat(32));
    expect(storageKey({ slot: 12n })).toBe(pad(toHex(12n)));
    for (const [mapping, key] of [[5n, 0n], [7n, 1n], [10n, 63n], [6n, (1n << 255n) + 3n]] as const) {
      expect(storageKey({ mapping, key })).toBe(keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [key, mapping])));
    }
  });

  it('refuses values outside uint256', () => {
    expect(() => storageKey({ slot: -1n })).toThrow(/uint256/);
    expect(() => storageKey({ mapping: 1n, key: 1n << 256n })).toThrow(/uint256/);
  });
});
