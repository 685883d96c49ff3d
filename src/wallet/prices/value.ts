/**
 * What an amount is worth by a proven reading (./feed-round.ts judgeRound), exactly: bigint
 * arithmetic, rounded down to the cent (never more than is there), and the CLI's text of it. The
 * popup words it itself (src/ui/components/home/price-line.ts, with src/core/usd.ts's rule). Pure.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { usdCents } from '../../core/usd.ts';
import type { PriceReading } from './types.ts';

type Proven = Extract<PriceReading, { ok: true }>;

/**
 * `amount` base units of an asset of `decimals` (18 for wei) at the reading's price, in whole
 * cents rounded down: amount × answer × 100 / 10^(decimals + feed decimals).
 * @throws InputError for a negative amount
 * @example valueCents(ethUsd, 10n ** 18n, 18) // 301200n at an answer of 3012e8 in 8 decimals
 */
export function valueCents(reading: Proven, amount: bigint, decimals: number): bigint {
  if (amount < 0n) throw new InputError(`"amount" expected a non-negative integer, got ${amount}`);
  return usdCents(amount, decimals, reading.answer, reading.decimals);
}

/** Cents as dollars with two places, no separators (the CLI's JSON). @example usdText(301200n) // '3012.00' */
export function usdText(cents: bigint): string {
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}
