// @vitest-environment happy-dom
/**
 * Short amounts (src/ui/format.ts shortUnits, src/ui/components/amount.ts Amount): 4–6
 * significant digits, truncated toward zero (a balance never shows more than there is), or away
 * from it for what leaves the account; a non-zero amount never shown as 0; the exact value in the
 * title and aria-label of a focusable span. Properties over random amounts and decimals.
 */
import fc from 'fast-check';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { Amount } from '../../../src/ui/components/amount.ts';
import { amountWords, formatUnits, parseUnits, shortUnits } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';

const ETH = 10n ** 18n;

/** The shown text back in base units (its separators dropped), by the popup's own parser; rounded up past 2^256, by hand. */
function back(text: string, decimals: number): bigint {
  const negative = text.startsWith('-');
  const plain = text.replace(/^-/, '').replace(/,/g, '');
  const parsed = parseUnits(plain, decimals);
  let value: bigint;
  if (parsed.ok) value = parsed.value;
  else {
    expect(parsed.reason).toBe('the amount is too large');
    const [whole, frac = ''] = plain.split('.');
    value = BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
  }
  return negative ? -value : value;
}

/** Significant digits of a shown number (leading zeros not counted, trailing ones dropped already). */
function significant(text: string): number {
  return text.replace(/[-,.]/g, '').replace(/^0+/, '').length;
}

const amounts = fc.tuple(fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }), fc.integer({ min: 0, max: 36 }));

describe('shortUnits', () => {
  it('says the examples', () => {
    expect(shortUnits(1_234_567_891_000_000_000n, 18)).toBe('1.2345');
    expect(shortUnits(1_234_567_891_000_000_000n, 18, 'up')).toBe('1.2346');
    expect(shortUnits(12_345_000_000_000n, 18)).toBe('0.00001234');
    expect(shortUnits(12_345_000_000_000n, 18, 'up')).toBe('0.00001235');
    expect(shortUnits(1_940_123_456_789_000_000_000n, 18)).toBe('1,940.12');
    expect(shortUnits(1_234_567n * ETH + ETH / 3n, 18)).toBe('1,234,567');
    expect(shortUnits(123_456n * ETH + ETH / 3n, 18)).toBe('123,456');
    expect(shortUnits(12n * ETH + ETH / 3n, 18)).toBe('12.3333');
    expect(shortUnits(ETH / 2n, 18)).toBe('0.5');
    expect(shortUnits(25n * 10n ** 16n, 18)).toBe('0.25');
    expect(shortUnits(0n, 18)).toBe('0');
    expect(shortUnits(10n ** 12n, 18)).toBe('0.000001');
    expect(shortUnits(10n ** 12n - 1n, 18)).toBe('<0.000001');
    expect(shortUnits(1n, 18)).toBe('<0.000001');
    expect(shortUnits(1n, 18, 'up')).toBe('<0.000001');
    expect(shortUnits(-(ETH + ETH / 3n), 18)).toBe('-1.3333');
    expect(shortUnits(-(ETH + ETH / 3n), 18, 'up')).toBe('-1.3334');
    // A 6-decimal token (USDC): its smallest unit is shown, never "<".
    expect(shortUnits(1n, 6)).toBe('0.000001');
    expect(shortUnits(1_234_567_891n, 6)).toBe('1,234.56');
    expect(shortUnits(42n, 0)).toBe('42');
    expect(shortUnits('999999999999999999', 18, 'up')).toBe('1');
  });

  it('down: never more than the exact value, within 4 significant digits of it, at most 6 beside a whole integer part, parsed back', () => {
    fc.assert(
      fc.property(amounts, ([value, decimals]) => {
        const text = shortUnits(value, decimals);
        if (text.startsWith('<')) {
          // Only a non-zero amount under 0.000001 of a unit with more places than that.
          expect(decimals).toBeGreaterThan(6);
          expect(value).toBeLessThan(10n ** BigInt(decimals - 6));
          return;
        }
        const shown = back(text, decimals);
        expect(shown).toBeLessThanOrEqual(value);
        expect(shown).toBeGreaterThan(0n);
        // Within a thousandth: four significant digits at least.
        expect((value - shown) * 1000n).toBeLessThan(value);
        const whole = formatUnits(value, decimals).split('.')[0]!.replace(/,/g, '');
        expect(significant(text)).toBeLessThanOrEqual(Math.max(6, whole === '0' ? 0 : whole.length));
        // The integer part is never cut, and is what the exact one shows (with its separators).
        if (whole !== '0') expect(text.split('.')[0]).toBe(formatUnits(value, decimals).split('.')[0]);
        // At most 4 decimal places beside an integer part; under 1, 4 significant digits at most.
        const frac = text.split('.')[1] ?? '';
        if (whole !== '0') expect(frac.length).toBeLessThanOrEqual(4);
        else expect(frac.replace(/^0+/, '').length).toBeLessThanOrEqual(4);
      }),
      { numRuns: 2000 },
    );
  });

  it('up: never less than the exact value, within a thousandth above it', () => {
    fc.assert(
      fc.property(amounts, ([value, decimals]) => {
        const text = shortUnits(value, decimals, 'up');
        if (text.startsWith('<')) return void expect(value).toBeLessThan(10n ** BigInt(decimals - 6));
        const shown = back(text, decimals);
        expect(shown).toBeGreaterThanOrEqual(value);
        expect((shown - value) * 1000n).toBeLessThan(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('an exact short amount is the exact one, and negatives mirror positives', () => {
    fc.assert(
      fc.property(amounts, ([value, decimals]) => {
        const text = shortUnits(value, decimals);
        if (!text.startsWith('<') && back(text, decimals) === value) expect(text).toBe(formatUnits(value, decimals));
        expect(shortUnits(-value, decimals)).toBe(text.startsWith('<') ? '>-0.000001' : `-${text}`);
      }),
    );
  });
});

describe('amountWords', () => {
  it('gives the unit to both, and base units whole where the decimals are not proven', () => {
    expect(amountWords(ETH + 1n, { symbol: 'ETH', decimals: 18 })).toEqual({ short: '1 ETH', exact: '1.000000000000000001 ETH' });
    expect(amountWords(1234567n, { symbol: 'XYZ', decimals: undefined })).toEqual({ short: '1,234,567 base units of XYZ', exact: '1,234,567 base units of XYZ' });
    expect(amountWords(5n, { symbol: '', decimals: 0 })).toEqual({ short: '5', exact: '5' });
  });
});

describe('Amount', () => {
  afterEach(cleanup);

  it('shows the short value, the exact one in its title and aria-label, and takes the keyboard focus', async () => {
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(Amount, { value: 1_234_567_891_000_000_000n, symbol: 'ETH', decimals: 18, testid: 'x' }), el));
    const span = el.querySelector('[data-testid="x"]') as HTMLElement;
    expect(span.textContent).toBe('1.2345 ETH');
    expect(span.title).toBe('1.234567891 ETH');
    expect(span.getAttribute('aria-label')).toBe('1.234567891 ETH');
    expect(span.getAttribute('data-exact')).toBe('1.234567891 ETH');
    expect(span.tabIndex).toBe(0);
    span.focus();
    expect(document.activeElement).toBe(span);
    await act(async () => render(null, el));
  });

  it('rounds what leaves the account up', async () => {
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(Amount, { value: '1234567891000000000', symbol: 'ETH', decimals: 18, rounding: 'up' }), el));
    expect(el.textContent).toBe('1.2346 ETH');
    await act(async () => render(null, el));
  });
});
