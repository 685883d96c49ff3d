/**
 * A price reading as the popup reads it (JSON-safe: Chrome sends messages as JSON, so the
 * bigints travel as decimal strings): the feed's reading at the verified head the balances were
 * proven at (src/wallet/prices/types.ts PriceReading), or why the read gave none ("CODE: sentence",
 * as a balance row's error: a lying endpoint's answer refused by its proof, a timeout).
 * @module
 */
import { VigilError } from '../../core/errors.ts';
import type { PriceFeed, PriceReading } from '../../wallet/prices/types.ts';
import type { WalletHead } from './transactions.ts';

/** Where the reading was asked: the verified head's number, hash and time (seconds). */
interface ViewAt {
  blockNumber: number;
  blockHash: string;
  blockTimestamp: number;
}

export type PriceView = { feed: PriceFeed } & ViewAt &
  (
    | { ok: true; answer: string; decimals: number; roundId: string; updatedAt: number }
    | { ok: false; reason: Extract<PriceReading, { ok: false }>['reason']; message: string; updatedAt?: number }
    /** The read itself failed: `message` is "CODE: sentence" (a proof that did not verify, an endpoint that did not answer). */
    | { ok: false; reason: 'failed'; message: string }
  );

/** The popup's view of a reading. */
export function priceView(reading: PriceReading): PriceView {
  const at = { blockNumber: Number(reading.blockNumber), blockHash: reading.blockHash, blockTimestamp: reading.blockTimestamp };
  if (reading.ok) return { feed: reading.feed, ...at, ok: true, answer: reading.answer.toString(), decimals: reading.decimals, roundId: reading.roundId.toString(), updatedAt: reading.updatedAt };
  return { feed: reading.feed, ...at, ok: false, reason: reading.reason, message: reading.message, ...(reading.updatedAt !== undefined ? { updatedAt: reading.updatedAt } : {}) };
}

/** The view of a read that failed at `at`: no value, and why, as a balance row says it. */
export function priceFailure(feed: PriceFeed, at: WalletHead, err: unknown): PriceView {
  const message = err instanceof VigilError ? `${err.code}: ${err.shortMessage}` : String(err);
  return { feed, blockNumber: Number(at.head.blockNumber), blockHash: at.head.blockHash, blockTimestamp: Number(at.head.timestamp), ok: false, reason: 'failed', message };
}
