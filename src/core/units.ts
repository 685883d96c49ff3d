/**
 * Amounts and durations in words, exactly or short (bigint arithmetic for amounts, never floating
 * point): one place for the popup, the CLI and the exit plans' messages.
 * @module
 */

/** "12 s", "3 min", "2 h", "4 days". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(s / 3600);
  if (h < 36) return `${h} h`;
  return `${Math.round(s / 86400)} days`;
}

/**
 * An integer amount of base units as a decimal string with `decimals` places, exactly (no
 * rounding, trailing zeros dropped).
 * @example formatUnits(1_500_000_000_000_000_000n, 18) // '1.5'
 */
export function formatUnits(value: bigint | string, decimals: number): string {
  const v = typeof value === 'bigint' ? value : BigInt(value);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const frac = decimals === 0 ? '' : (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole.toLocaleString('en-US')}${frac ? `.${frac}` : ''}`;
}

/**
 * Which way a short amount leaves the exact one. 'down' (toward zero) for what the user has or
 * receives: never more than is there. 'up' (away from zero) for what leaves or may be spent
 * (an amount sent, a fee, a max cost): never less than goes. Either way the exact value is one
 * hover or focus away in the popup (src/ui/components/amount.ts).
 */
export type Rounding = 'down' | 'up';

/** Below this many decimal places a non-zero amount is shown as "<0.000001" (never as "0"). */
export const SHORT_FLOOR_PLACES = 6;

/**
 * An integer amount of base units in `decimals` places, short (bigint only, no floating point):
 * the integer part whole with thousands separators; at most 4 decimal places and at most 6
 * significant digits beside it (an integer part of more than 6 digits shows no fraction, and is
 * never cut); under 1, the first 4 significant digits; a non-zero amount under 0.000001 (in a
 * unit of more than 6 decimals) as "<0.000001". Truncated toward zero by default: the user never
 * sees more than there is. The shown value is within 1/1000 of the exact one (4 significant
 * digits), trailing zeros dropped.
 * @example shortUnits(1_234_567_891_000_000_000n, 18) // '1.2345'
 * @example shortUnits(12_345_000_000_000n, 18) // '0.00001234'
 * @example shortUnits(1n, 18) // '<0.000001'
 * @example shortUnits(1_234_567_891_000_000_000n, 18, 'up') // '1.2346'
 */
export function shortUnits(value: bigint | string, decimals: number, rounding: Rounding = 'down'): string {
  const v = typeof value === 'bigint' ? value : BigInt(value);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  if (abs === 0n) return '0';
  const digits = abs.toString().length;
  const whole = digits - decimals;
  let places: number;
  if (whole >= 1) places = Math.min(decimals, 4, Math.max(0, 6 - whole));
  else {
    // -whole zeros after the point before the first significant digit.
    if (decimals > SHORT_FLOOR_PLACES && -whole >= SHORT_FLOOR_PLACES) return `${negative ? '>-' : '<'}0.${'0'.repeat(SHORT_FLOOR_PLACES - 1)}1`;
    places = Math.min(decimals, -whole + 4);
  }
  const unit = 10n ** BigInt(decimals - places);
  let kept = abs / unit;
  if (rounding === 'up' && abs % unit !== 0n) kept += 1n;
  return formatUnits(negative ? -kept * unit : kept * unit, decimals);
}

/** An amount short and exact, each with its unit: what ./components/amount.ts shows and tells. */
export interface AmountWords {
  short: string;
  exact: string;
}

/**
 * An amount of `currency` short (see {@link shortUnits}) and exact; without decimals (a token
 * whose decimals are not proven) both in base units, whole.
 * @example amountWords(1_500_000_000_000_000_001n, { symbol: 'ETH', decimals: 18 }) // { short: '1.5 ETH', exact: '1.500000000000000001 ETH' }
 */
export function amountWords(value: bigint | string, currency: { symbol: string; decimals: number | undefined }, rounding: Rounding = 'down'): AmountWords {
  const unit = currency.symbol === '' ? '' : ` ${currency.symbol}`;
  if (currency.decimals === undefined) {
    const base = `${formatUnits(value, 0)} base units${currency.symbol === '' ? '' : ` of ${currency.symbol}`}`;
    return { short: base, exact: base };
  }
  return { short: `${shortUnits(value, currency.decimals, rounding)}${unit}`, exact: `${formatUnits(value, currency.decimals)}${unit}` };
}

/** Wei as ETH, exactly: '1.5 ETH', '0.000000000000000001 ETH'. */
export function formatEth(wei: bigint | string): string {
  return formatNative(wei, { symbol: 'ETH', decimals: 18 });
}

/** An amount of a chain's native currency (Mantle's MNT, else ETH), exactly. */
export function formatNative(value: bigint | string, currency: { symbol: string; decimals: number }): string {
  return `${formatUnits(value, currency.decimals)} ${currency.symbol}`;
}

/** Wei per gas in gwei, exactly: '1.000000007 gwei'. */
export function formatGwei(wei: bigint | string): string {
  return `${formatUnits(wei, 9)} gwei`;
}

/** "about 7 days", "about 3.5 days", "about 12 hours", "about 1 minute": a protocol delay in words. */
export function aboutDuration(seconds: number): string {
  const unit = (n: number, one: string) => `about ${n} ${one}${n === 1 ? '' : 's'}`;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  if (seconds >= 1.5 * 86_400) return unit(round1(seconds / 86_400), 'day');
  if (seconds >= 90 * 60) return unit(round1(seconds / 3600), 'hour');
  if (seconds >= 90) return unit(Math.round(seconds / 60), 'minute');
  return unit(Math.max(0, Math.round(seconds)), 'second');
}

/**
 * A delay read from L1, to the unit below the largest (never rounded up past what was proven):
 * "20 s", "1 min 30 s", "2 h 0 min", "7 d 0 h".
 * @example delayWords(7200) // '2 h 0 min'
 */
export function delayWords(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}
