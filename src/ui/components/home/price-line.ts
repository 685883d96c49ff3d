/**
 * What the account's money is worth, from a price feed on chain (issue 57): under the ETH balance
 * "≈ $3,012.00 · Chainlink ETH/USD at block N, updated 4 min ago", and "≈ $12.34" beside a token
 * that a feed prices. A value only from a round the app host proved at the balances' head, fresh
 * then (src/wallet/prices) and still within its heartbeat by the popup's clock; otherwise a short
 * reason and no value ("ETH/USD feed last updated 2 h ago: stale, no value shown"). The tooltip
 * says what the value rests on: the feed's address and source, its round, the block.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { AccountBalances, PriceView } from '../../api.ts';
import { formatAge, formatNumber, formatUnits, formatUtc, isAddressLike } from '../../format.ts';
import { dollars, usdCents } from '../../../core/usd.ts';
import { failureKind } from './failure-kind.ts';

/**
 * `amount` (base units, `decimals`) in dollars at `answer` (`feedDecimals`) per whole unit, to the
 * cent, rounded down; a non-zero value under a cent is "< $0.01".
 * @example usdValue(10n ** 18n, 18, 301_200_000_000n, 8) // '$3,012.00'
 */
export function usdValue(amount: bigint, decimals: number, answer: bigint, feedDecimals: number): string {
  const cents = usdCents(amount, decimals, answer, feedDecimals);
  return cents === 0n && amount > 0n ? '< $0.01' : dollars(cents);
}

export interface PriceWords {
  /** A proven, fresh round's answer and decimals; absent: no value is shown. */
  price?: { answer: bigint; decimals: number };
  /** The line (with the value, when `price`) or the reason there is none. */
  text: (value: string) => string;
  /** What the line rests on (a tooltip). */
  title: string;
  tone: 'good' | 'warn' | 'bad' | 'muted';
}

const reasonWords: Record<string, string> = {
  'non-positive': 'answered no positive price',
  incomplete: 'gave an incomplete round',
  unreadable: 'could not be read',
  stale: 'is stale',
};

/** The words of `view` at `nowSeconds` (the popup's clock: the age counts from it). */
export function priceWords(view: PriceView, nowSeconds: number): PriceWords {
  const pair = typeof view.feed?.pair === 'string' ? view.feed.pair : 'price';
  const feed = `${pair} feed`;
  // Whose answers: "Chainlink ETH/USD"; the devnet's own feed by the name its profile gives it.
  const name = `${typeof view.feed?.oracle === 'string' ? view.feed.oracle : 'an unnamed'} ${pair}`;
  const where = `Feed ${view.feed?.address} (${name}; source: ${view.feed?.source}), read by verified eth_call at block ${formatNumber(view.blockNumber)} (${view.blockHash}).`;
  const no = (why: string, tone: PriceWords['tone'], detail: string): PriceWords => ({ text: () => `${feed} ${why}`, title: `${detail} ${where}`, tone });
  const stale = (age: number) => `last updated ${ago(age)}: stale, no value shown`;
  if (!isAddressLike(String(view.feed?.address)) || !Number.isSafeInteger(view.blockNumber) || !Number.isSafeInteger(view.feed.heartbeat) || view.feed.heartbeat <= 0) return no('answered in a form Vigil does not read: no value shown', 'bad', 'The app host\'s answer was not understood.');
  if (!view.ok) {
    if (view.reason === 'failed') {
      const kind = failureKind(view.message);
      const why = kind === 'refused' ? 'answer did not verify' : kind === 'unreachable' ? 'not read (endpoint unreachable)' : 'not read yet';
      return { text: () => (kind === 'refused' ? `${feed}'s ${why}: no value shown` : `${feed} ${why}`), title: `${view.message}. ${where}`, tone: kind === 'refused' ? 'bad' : 'warn' };
    }
    if (view.reason === 'stale' && typeof view.updatedAt === 'number') return no(stale(nowSeconds - view.updatedAt), 'warn', view.message);
    return no(`${reasonWords[view.reason] ?? String(view.reason)}: no value shown`, view.reason === 'stale' ? 'warn' : 'bad', view.message);
  }
  const answer = /^\d{1,80}$/.test(view.answer) ? BigInt(view.answer) : 0n;
  if (answer <= 0n || !Number.isInteger(view.decimals) || view.decimals < 0 || view.decimals > 36 || !Number.isSafeInteger(view.updatedAt)) return no('answered in a form Vigil does not read: no value shown', 'bad', 'The round was not understood.');
  const age = nowSeconds - view.updatedAt;
  const round = `Round ${view.roundId}: ${formatUnits(answer, view.decimals)} USD, updated ${formatUtc(view.updatedAt)}.`;
  // Fresh at the head it was read at; a head that stopped coming does not keep it fresh.
  if (age > view.feed.heartbeat) return no(stale(age), 'warn', `${round} Older than its heartbeat (${formatNumber(view.feed.heartbeat)} s).`);
  return {
    price: { answer, decimals: view.decimals },
    text: (value) => `≈ ${value} · ${name} at block ${formatNumber(view.blockNumber)}, updated ${ago(age)}`,
    title: `${round} ${where}`,
    tone: 'muted',
  };
}

/** "4 min ago" kept on one line (a narrow popup wrapped "4" from "s ago"). */
const ago = (seconds: number) => formatAge(seconds).replace(/ /g, '\u00a0');

/** The reading pricing `base` ('native' or a token address), if any was read. */
export function priceOf(prices: AccountBalances['prices'], base: 'native' | string): PriceView | undefined {
  if (!Array.isArray(prices)) return undefined;
  return prices.find((p) => (base === 'native' ? p?.feed?.base === 'native' : typeof p?.feed?.base === 'object' && p.feed.base.token?.toLowerCase() === base.toLowerCase()));
}

/** Under the ETH balance: the value of `wei` by the ether feed's reading, or why there is none. */
export function PriceLine({ view, wei, nowMs }: { view: PriceView; wei: string; nowMs: number }): ComponentChild {
  const words = priceWords(view, Math.floor(nowMs / 1000));
  const value = words.price && /^\d{1,80}$/.test(wei) ? usdValue(BigInt(wei), 18, words.price.answer, words.price.decimals) : '';
  return h('p', { class: `small price-line ${words.tone}`, title: words.title, 'data-testid': 'home-price', 'data-kind': words.price ? 'value' : view.ok ? 'stale' : view.reason }, words.text(value));
}

/** Beside a token's balance: its value where a fresh proven round prices it, else a short mark with the reason on hover. */
export function TokenValue({ view, balance, decimals, nowMs }: { view: PriceView; balance: string; decimals: number; nowMs: number }): ComponentChild {
  const words = priceWords(view, Math.floor(nowMs / 1000));
  if (!words.price || !/^\d{1,80}$/.test(balance)) return h('span', { class: 'muted small token-value', title: `${words.text('')}. ${words.title}`, 'data-testid': 'token-value', 'data-kind': 'none' }, 'no value');
  return h('span', { class: 'muted small token-value', title: words.title, 'data-testid': 'token-value', 'data-kind': 'value' }, `≈ ${usdValue(BigInt(balance), decimals, words.price.answer, words.price.decimals)}`);
}
