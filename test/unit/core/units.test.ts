/** A delay proven on L1 in words: exact to the unit below the largest, never rounded up. */
import { describe, expect, it } from 'vitest';
import { delayWords } from '../../../src/core/units.ts';

describe('delayWords', () => {
  it('says seconds, minutes, hours and days to the unit below the largest', () => {
    expect([0, 20, 59, 60, 90, 3599, 3600, 7200, 7259, 86_399, 86_400, 604_800, 3.5 * 86_400].map(delayWords)).toEqual([
      '0 s',
      '20 s',
      '59 s',
      '1 min 0 s',
      '1 min 30 s',
      '59 min 59 s',
      '1 h 0 min',
      '2 h 0 min',
      '2 h 0 min',
      '23 h 59 min',
      '1 d 0 h',
      '7 d 0 h',
      '3 d 12 h',
    ]);
  });

  it('never says less than nothing, nor more than was proven', () => {
    expect(delayWords(-5)).toBe('0 s');
    expect(delayWords(119.9)).toBe('1 min 59 s');
  });
});
