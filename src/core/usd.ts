/**
 * Dollars from a price: exact bigint arithmetic, rounded down to the cent (a value never shows more
 * than is there). One rule for the popup (which may import only src/core and src/ui) and for the
 * CLI's and the app host's words (src/wallet/prices/value.ts).
 * @module
 */
import { formatUnits } from './units.ts';

/**
 * `amount` base units of an asset of `decimals` at `answer` (in `answerDecimals`) dollars per
 * whole unit, in whole cents rounded down: amount × answer × 100 / 10^(decimals + answerDecimals).
 * @example usdCents(10n ** 18n, 18, 301_200_000_000n, 8) // 301200n
 */
export function usdCents(amount: bigint, decimals: number, answer: bigint, answerDecimals: number): bigint {
  return (amount * answer * 100n) / 10n ** BigInt(decimals + answerDecimals);
}

/** Cents as dollars: "$3,012.00". */
export function dollars(cents: bigint): string {
  return `$${formatUnits(cents / 100n, 0)}.${(cents % 100n).toString().padStart(2, '0')}`;
}
