/**
 * A feed's price, proven (issue 57): decimals() and latestRoundData() run by verified eth_call at
 * a verified head, the round judged at that head's time (src/wallet/prices/feed-round.ts). What a
 * feed answers is shown only so proven; a proof that does not verify throws, never a reading. And
 * which feeds price a chain's ether and its tokens: the shipped table
 * (src/wallet/prices/feeds.ts) and a network's own (the devnet's, from its profile).
 * @module
 */
import { InputError, VerificationError } from '../../core/errors.ts';
import { decodeFeedDecimals, decodeRound, FEED_DECIMALS, judgeRound, LATEST_ROUND_DATA } from '../../wallet/prices/feed-round.ts';
import { PRICE_FEEDS } from '../../wallet/prices/feeds.ts';
import type { FeedRound, PriceFeed, PriceReading, ReadingProvenance } from '../../wallet/prices/types.ts';
import type { NetworkPriceFeed } from '../network/own-network.ts';
import type { ExecutionReader } from '../verified/execution-reader.ts';
import type { WalletHead } from './transactions.ts';

/** What a reading needs of the verified chain: its verified calls (a WalletChain is one). */
export type PriceChain = { execution: Pick<ExecutionReader, 'run'> };

/**
 * `feed`'s reading at the verified head `at`: its decimals() and latestRoundData() by verified
 * eth_call there, judged at the head's time. A call that reverts or answers what does not decode
 * is `unreadable` (the chain said so: proven, but no price).
 * @throws the calls' VerificationError (a proof that does not verify: a lying endpoint) or
 *   TransportError (no endpoint answered)
 * @example const r = await readPrice(chain, chain.signingHead()!, feed); if (r.ok) valueCents(r, balance, 18)
 */
export async function readPrice(chain: PriceChain, at: WalletHead, feed: PriceFeed): Promise<PriceReading> {
  const provenance: ReadingProvenance = { blockNumber: at.head.blockNumber, blockHash: at.head.blockHash, blockTimestamp: Number(at.head.timestamp) };
  const [decimals, round] = await Promise.all([
    feedCall(chain, at, feed.address, FEED_DECIMALS, decodeFeedDecimals),
    feedCall<FeedRound>(chain, at, feed.address, LATEST_ROUND_DATA, decodeRound),
  ]);
  if (typeof decimals === 'string' || typeof round === 'string') {
    const why = [typeof decimals === 'string' ? decimals : undefined, typeof round === 'string' ? round : undefined].filter((w) => w !== undefined).join('; ');
    return { ok: false, feed, reason: 'unreadable', message: `${feed.pair} at ${feed.address} gave no round at block ${at.head.blockNumber}: ${why}`, ...provenance };
  }
  return judgeRound(feed, round, decimals, provenance);
}

/** The decoded answer to `data`, or why there is none (a revert, or data that does not decode). */
async function feedCall<T>(chain: PriceChain, at: WalletHead, to: string, data: string, decode: (data: string) => T): Promise<T | string> {
  // Errors of the run itself (the proofs, the endpoints) pass through: they are no answer of the feed's.
  const { outcome } = await chain.execution.run({ env: at.env, mode: 'call', call: { to, data } });
  if (outcome.status !== 'success') return `the call ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}`;
  try {
    return decode(outcome.returnData);
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) return err.message;
    throw err;
  }
}

/**
 * A network's own feeds (its profile's `priceFeeds`: the devnet's, ../network/own-network.ts
 * checkPriceFeeds) as feeds to read, named by the network: the screen says whose price it is.
 */
export function ownPriceFeeds(network: { chainId: number; label: string; priceFeeds?: readonly NetworkPriceFeed[] }): PriceFeed[] {
  return (network.priceFeeds ?? []).map((f) => ({
    chainId: network.chainId,
    address: f.address,
    pair: f.pair,
    oracle: network.label,
    base: f.base,
    quote: 'USD',
    heartbeat: f.heartbeat,
    source: `${network.label}'s own description (its well-known object)`,
  }));
}

/** Which feeds price a chain's ether and which of its tokens. */
export interface ChainFeeds {
  native?: PriceFeed;
  /** By the token's lower-case address. */
  tokens: Map<string, PriceFeed>;
}

/**
 * The feeds for `chainId`'s ether and for `tokens` (addresses, any case) on it: the network's own
 * feeds (`own`, from its profile by {@link ownPriceFeeds}: the devnet's) first, then the shipped table's.
 * @example pricesFor(1, ['0xA0b86991c6218b36c1d19d4a2e9eb0ce3606eb48']).tokens.get('0xa0b8…') // USDC/USD
 */
export function pricesFor(chainId: number, tokens: readonly string[] = [], own: readonly PriceFeed[] = []): ChainFeeds {
  const feeds = [...own, ...PRICE_FEEDS].filter((f) => f.chainId === chainId);
  const wanted = new Set(tokens.map((t) => t.toLowerCase()));
  const out: ChainFeeds = { tokens: new Map() };
  for (const f of feeds) {
    if (f.base === 'native') out.native ??= f;
    else if (wanted.has(f.base.token) && !out.tokens.has(f.base.token)) out.tokens.set(f.base.token, f);
  }
  return out;
}
