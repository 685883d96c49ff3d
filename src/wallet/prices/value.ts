/**
 * What an amount is worth by a proven reading (./feed-round.ts judgeRound), exactly: bigint
 * arithmetic, rounded down to the cent (never more than is there), and its words for the screen
 * and the CLI. Pure: `now` (seconds) is passed in.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { formatDuration } from '../../core/units.ts';
import { dollars, usdCents } from '../../core/usd.ts';
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

/** Cents in words: "≈ $3,012.00" (approximate: a feed's price, rounded down). */
export function usdWords(cents: bigint): string {
  return `≈ ${dollars(cents)}`;
}

/** "updated just now", "updated 4 min ago": the round's age at `now` (a clock behind it reads as just now). */
export function ageWords(updatedAt: number, now: number): string {
  const age = now - updatedAt;
  return age < 2 ? 'updated just now' : `updated ${formatDuration(age)} ago`;
}

/** "Chainlink ETH/USD at block 123, updated 4 min ago": where a value came from, in words. */
export function readingWords(reading: Proven, now: number): string {
  return `${reading.feed.oracle} ${reading.feed.pair} at block ${reading.blockNumber}, ${ageWords(reading.updatedAt, now)}`;
}
