/**
 * The user's cap on what a forced-exit step may cost without asking (Settings.maxUnattendedCost):
 * kept when it is a positive amount up to 10 ETH, refused when set otherwise, a stored value out
 * of bounds falling back to the policy's default.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { checkSettings, checkUnattendedCost, defaultSettings } from '../../../src/client/settings.ts';

describe('maxUnattendedCost', () => {
  it('takes wei as a decimal string, more than 0 and at most 10 ETH', () => {
    expect(checkUnattendedCost('1')).toBe('1');
    expect(checkUnattendedCost('10000000000000000000')).toBe('10000000000000000000');
    for (const bad of ['0', '-1', '10000000000000000001', '0x10', '1.5', ' 5', '', 5, null]) expect(() => checkUnattendedCost(bad), String(bad)).toThrow(InputError);
  });

  it('is kept across a reload when valid; a stored value out of bounds is the default again', () => {
    const s = { ...defaultSettings(), maxUnattendedCost: '200000000000000000' };
    expect(checkSettings(structuredClone(s)).maxUnattendedCost).toBe('200000000000000000');
    expect(checkSettings({ ...s, maxUnattendedCost: '99999999999999999999' }).maxUnattendedCost).toBeUndefined();
    expect(checkSettings({ ...s, maxUnattendedCost: 7 }).maxUnattendedCost).toBeUndefined();
    expect(checkSettings(defaultSettings()).maxUnattendedCost).toBeUndefined();
  });
});
