/**
 * The rules of a price feed's round (Chainlink's AggregatorV3Interface, docs.chain.link "Using
 * Data Feeds" and "Selecting quality data feeds": check the answer, its time and the heartbeat):
 * decoding latestRoundData() and decimals() as returned by a verified eth_call, and the judgement
 * of a round at a verified head. Pure: the head's time is passed in, no clock is read.
 * @module
 */
import { InputError, VerificationError } from '../../core/errors.ts';
import { formatDuration } from '../../core/units.ts';
import { decodeAbi, functionSelector } from '../../execution/abi.ts';
import type { FeedRound, PriceFeed, PriceReading, ReadingProvenance } from './types.ts';

/** The calls a reading makes: latestRoundData() and decimals(). */
export const LATEST_ROUND_DATA = functionSelector('latestRoundData()');
export const FEED_DECIMALS = functionSelector('decimals()');

const ROUND_TYPES = ['uint80', 'int256', 'uint256', 'uint256', 'uint80'] as const;

/** `decodeAbi`, with every way it refuses as ABI_MALFORMED (bad hex is an InputError there). */
function decodeAnswer(types: readonly string[], data: string, what: string): bigint[] {
  try {
    return decodeAbi(types, data) as bigint[];
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) throw new VerificationError('ABI_MALFORMED', `${what} answered no ${types.length === 1 ? types[0] : `(${types.join(',')})`}`, { cause: err });
    throw err;
  }
}

/**
 * latestRoundData()'s return data: (uint80 roundId, int256 answer, uint256 startedAt, uint256
 * updatedAt, uint80 answeredInRound), each value within its type.
 * @throws VerificationError ABI_MALFORMED (short, badly padded, out of range, or not hex)
 * @example decodeRound(returnData).answer // 301200000000n
 */
export function decodeRound(data: string): FeedRound {
  const [roundId, answer, startedAt, updatedAt, answeredInRound] = decodeAnswer(ROUND_TYPES, data, 'latestRoundData()');
  return { roundId: roundId!, answer: answer!, startedAt: startedAt!, updatedAt: updatedAt!, answeredInRound: answeredInRound! };
}

/**
 * decimals()'s return data: a uint8.
 * @throws VerificationError ABI_MALFORMED
 * @example decodeFeedDecimals(returnData) // 8
 */
export function decodeFeedDecimals(data: string): number {
  return Number(decodeAnswer(['uint8'], data, 'decimals()')[0]);
}

/**
 * A round of `feed` judged at the verified head `at` (its time, not the clock's): a price when its
 * answer is positive, its round complete and its age within the heartbeat; else why not.
 * Checks, in order: non-positive (the answer is zero or negative), incomplete (updatedAt is zero
 * or after the head, or the round was answered in an earlier one), stale (head time − updatedAt
 * > heartbeat).
 * @example judgeRound(feed, decodeRound(data), 8, { blockNumber, blockHash, blockTimestamp }).ok
 */
export function judgeRound(feed: PriceFeed, round: FeedRound, decimals: number, at: ReadingProvenance): PriceReading {
  const name = `${feed.pair} at ${feed.address}`;
  const refuse = (reason: 'non-positive' | 'incomplete' | 'stale', message: string, updatedAt?: number): PriceReading => ({
    ok: false,
    feed,
    reason,
    message,
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    ...at,
  });
  const head = BigInt(at.blockTimestamp);
  // updatedAt is a uint256 from the chain: a number only once it is known to be no later than the head.
  const updatedAt = round.updatedAt <= head ? Number(round.updatedAt) : undefined;
  if (round.answer <= 0n) return refuse('non-positive', `${name} answered ${round.answer} in round ${round.roundId}: a price is positive, no value is shown from it`, updatedAt);
  if (round.updatedAt === 0n) return refuse('incomplete', `${name}'s round ${round.roundId} was never updated: no value is shown from it`);
  if (updatedAt === undefined) return refuse('incomplete', `${name}'s round ${round.roundId} says it was updated at ${round.updatedAt}, after block ${at.blockNumber} (time ${at.blockTimestamp}): no value is shown from it`);
  if (round.answeredInRound < round.roundId) return refuse('incomplete', `${name}'s round ${round.roundId} was answered in the earlier round ${round.answeredInRound}: no value is shown from it`, updatedAt);
  const age = at.blockTimestamp - updatedAt;
  if (age > feed.heartbeat) return refuse('stale', `${feed.pair} is stale: updated ${formatDuration(age)} before block ${at.blockNumber}, longer than its heartbeat of ${formatDuration(feed.heartbeat)}: no value is shown from it`, updatedAt);
  return { ok: true, feed, answer: round.answer, decimals, roundId: round.roundId, updatedAt, ...at };
}
