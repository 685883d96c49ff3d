import { describe, expect, it } from 'vitest';
import { keccak256, encodeAbiParameters, pad, toHex } from 'viem';
import { arrayElementKey, mappingKey, packedField, storageKey } from '../../../src/l2/slots.ts';

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

describe('computed storage keys', () => {
  const abi = (types: string[], values: bigint[]) => encodeAbiParameters(types.map((type) => ({ type })), values as never);

  it('takes a 32-byte storage key as it is, and refuses another length', () => {
    const key = keccak256('0x01');
    expect(storageKey({ storageKey: key.toUpperCase().replace('0X', '0x') })).toBe(key);
    expect(() => storageKey({ storageKey: '0x01' })).toThrow();
  });

  it('nests mappings as Solidity does: m[a][b] = keccak(b ‖ keccak(a ‖ slot))', () => {
    const outer = keccak256(abi(['uint256', 'uint256'], [3n, 9n]));
    expect(mappingKey(9n, 3n)).toBe(outer);
    expect(mappingKey(outer, 4n)).toBe(keccak256(abi(['uint256', 'uint256'], [4n, BigInt(outer)])));
    expect(mappingKey(9n, 3n)).toBe(storageKey({ mapping: 9n, key: 3n }));
  });

  it('finds array elements at keccak(slot) + i, wrapping past 2^256', () => {
    const start = BigInt(keccak256(pad(toHex(7n))));
    expect(arrayElementKey(7n, 0n)).toBe(pad(toHex(start)));
    expect(arrayElementKey(7n, 5n)).toBe(pad(toHex((start + 5n) % (1n << 256n))));
  });

  it('reads packed fields from the least significant end', () => {
    const word = (0xabn << 200n) | (0x1234n << 8n) | 0x7fn;
    expect(packedField(word, 0, 1)).toBe(0x7fn);
    expect(packedField(word, 1, 2)).toBe(0x1234n);
    expect(packedField(word, 25, 1)).toBe(0xabn);
  });
});
