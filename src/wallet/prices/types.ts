/**
 * What Vigil knows of an asset's worth: a price feed on chain (Chainlink's aggregators, the
 * devnet's VigilPriceFeed) read by verified eth_call at a verified head. No price API: a value is
 * shown only from a round the chain proves, fresh within the feed's heartbeat, with a positive
 * answer. Types only; the rules are ./feed-round.ts, a value ./value.ts, the feeds ./feeds.ts.
 * @module
 */

/** A feed Vigil reads: where it is, what it prices, how often it must update (public facts, with their source). */
export interface PriceFeed {
  /** The chain the feed lives on (an L1 Vigil verifies). */
  chainId: number;
  /** The feed's address (the proxy Chainlink publishes), lower-case. */
  address: string;
  /** "ETH/USD", "USDC/USD": what Chainlink's page names it. */
  pair: string;
  /** Whose answers these are, as the screen names them: "Chainlink", or the network's own name for its feed (the devnet's). */
  oracle: string;
  /** What it prices: the chain's native ether, or a token by lower-case address on `chainId`. */
  base: 'native' | { token: string };
  /** The currency of its answers (Vigil shows USD only). */
  quote: 'USD';
  /** Seconds: a round older than this is stale (Chainlink's "heartbeat" for the feed). */
  heartbeat: number;
  /** Where the address and the heartbeat are written: a page or a package, for the reader to check. */
  source: string;
}

/** One latestRoundData() answer, decoded (AggregatorV3Interface). */
export interface FeedRound {
  roundId: bigint;
  answer: bigint;
  startedAt: bigint;
  updatedAt: bigint;
  answeredInRound: bigint;
}

/** Where a reading was proven: the verified head its eth_call ran at. */
export interface ReadingProvenance {
  blockNumber: bigint;
  blockHash: string;
  /** The head's time (seconds): a round's age is counted from it, not from the clock. */
  blockTimestamp: number;
}

/**
 * A feed's reading at a verified head: a price (`answer` / 10^`decimals` per whole unit of the
 * base) or why no value is shown from it.
 */
export type PriceReading =
  | ({ ok: true; feed: PriceFeed; answer: bigint; decimals: number; roundId: bigint; updatedAt: number } & ReadingProvenance)
  | ({
      ok: false;
      feed: PriceFeed;
      /**
       * stale: updated longer ago than its heartbeat before the head; non-positive: its answer is
       * zero or negative; incomplete: updatedAt is zero, in the future of the head, or the round
       * answered in an earlier one; unreadable: the call reverted or answered no round.
       */
      reason: 'stale' | 'non-positive' | 'incomplete' | 'unreadable';
      /** In words, for the screen and the CLI. */
      message: string;
      updatedAt?: number;
    } & ReadingProvenance);
