/**
 * The home's prices in the app host (issue 57): the feeds of the current network that price the
 * chain's ether and the tokens the popup shows (src/client/wallet/prices.ts pricesFor), each read
 * by verified eth_call at the head the balances are proven at. One read per feed and head, shared
 * among the asks for that head (the popup asks at each head, and a busy machine must not stack
 * verified calls ahead of an approval window's); a new head forgets the old one's. A read that
 * fails is a view that says why, never a value.
 * @module
 */
import type { WalletChain, WalletHead } from '../client/wallet/transactions.ts';
import type { ChainFeeds } from '../client/wallet/prices.ts';
import { priceFailure, priceView, type PriceView } from '../client/wallet/price-view.ts';
import type { PriceFeed, PriceReading } from '../wallet/prices/types.ts';

export interface PriceHostDeps {
  /** The current network's feeds for its ether and for `tokens` (pricesFor over its profile); none without a network. */
  feeds(tokens: readonly string[]): ChainFeeds;
  /** The verified read of one feed at a head (src/client/wallet/prices.ts readPrice). */
  read(chain: WalletChain, at: WalletHead, feed: PriceFeed): Promise<PriceReading>;
}

export class PriceHost {
  /** The head the asks below were made at, and each feed's ask there. */
  private head: string | undefined;
  private readonly asks = new Map<string, Promise<PriceView>>();

  constructor(private readonly deps: PriceHostDeps) {}

  /** The readings at `at` of the feeds pricing ether and `tokens` (addresses, any case): never rejects. */
  prices(chain: WalletChain, at: WalletHead, tokens: readonly string[]): Promise<PriceView[]> {
    const { native, tokens: byToken } = this.deps.feeds(tokens);
    const wanted = [...(native ? [native] : []), ...byToken.values()];
    return Promise.all(wanted.map((feed) => this.reading(chain, at, feed)));
  }

  private reading(chain: WalletChain, at: WalletHead, feed: PriceFeed): Promise<PriceView> {
    if (this.head !== at.head.blockHash) {
      this.head = at.head.blockHash;
      this.asks.clear();
    }
    const key = `${feed.chainId}:${feed.address.toLowerCase()}`;
    const asked = this.asks.get(key);
    if (asked) return asked;
    const answer = this.deps.read(chain, at, feed).then(priceView, (err: unknown) => priceFailure(feed, at, err));
    this.asks.set(key, answer);
    return answer;
  }
}
