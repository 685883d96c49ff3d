/**
 * Amounts and durations in words, exactly (bigint arithmetic for amounts): one place for the popup,
 * the CLI and the exit plans' messages.
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
