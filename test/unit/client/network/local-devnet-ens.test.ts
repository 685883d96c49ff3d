/**
 * The well-known object's ENS UniversalResolver (src/client/network/local-devnet.ts): read back as
 * the devnet serves it, lower-cased, optional, and anything but an address refused by name.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { localDevnetObject, parseLocalDevnet } from '../../../../src/client/network/local-devnet.ts';

const UR = '0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0';
const base = { chainId: 1337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545' };
const wellKnown = (over: Record<string, unknown> = {}) => ({ kind: 'vigil-devnet-v1', label: 'Vigil devnet', ...base, ...over });

describe("the local devnet's ENS UniversalResolver", () => {
  it('is read back as the devnet serves it, lower case; absent when the devnet has no ENS', () => {
    const served = localDevnetObject({ ...base, ensUniversalResolver: UR });
    expect(served.ensUniversalResolver).toBe(UR.toLowerCase());
    expect(parseLocalDevnet(JSON.parse(JSON.stringify(served)))).toEqual(served);
    expect(parseLocalDevnet(wellKnown())).not.toHaveProperty('ensUniversalResolver');
    expect(localDevnetObject(base)).not.toHaveProperty('ensUniversalResolver');
  });

  it.each([
    ['a number', 42],
    ['a short address', '0x1234'],
    ['not hex', `0x${'zz'.repeat(20)}`],
    ['an array', [UR]],
    ['null', null],
  ])('refuses %s with an InputError naming the field', (_, ensUniversalResolver) => {
    expect(() => parseLocalDevnet(wellKnown({ ensUniversalResolver }))).toThrow(InputError);
    expect(() => parseLocalDevnet(wellKnown({ ensUniversalResolver }))).toThrow(/ensUniversalResolver/);
  });
});
