/**
 * The user's cap on what a forced-exit step may cost without asking (Settings.maxUnattendedCost):
 * kept when it is a positive amount up to 10 ETH, refused when set otherwise, a stored value out
 * of bounds falling back to the policy's default. Likewise how long a batch's signed calls may
 * still be sent (Settings.batchExpiryMinutes: 5 to 1440 whole minutes, 60 by default).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { checkBatchExpiry, checkSettings, checkUnattendedCost, DEFAULT_BATCH_EXPIRY_MINUTES, defaultSettings } from '../../../../src/client/network/settings.ts';

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

describe('batchExpiryMinutes', () => {
  it('takes whole minutes from 5 to 1440; kept across a reload when valid, the default (60) otherwise', () => {
    expect(DEFAULT_BATCH_EXPIRY_MINUTES).toBe(60);
    for (const ok of [5, 60, 1440]) expect(checkBatchExpiry(ok)).toBe(ok);
    for (const bad of [4, 1441, 0, -5, 30.5, '60', null, Number.NaN]) expect(() => checkBatchExpiry(bad), String(bad)).toThrow(InputError);
    const s = { ...defaultSettings(), batchExpiryMinutes: 15 };
    expect(checkSettings(structuredClone(s)).batchExpiryMinutes).toBe(15);
    expect(checkSettings({ ...s, batchExpiryMinutes: 100_000 }).batchExpiryMinutes).toBeUndefined();
    expect(checkSettings(defaultSettings()).batchExpiryMinutes).toBeUndefined();
  });
});
