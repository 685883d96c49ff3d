// @vitest-environment happy-dom
/**
 * The home's value from a price feed (src/ui/components/home/price-line.ts, issue 57): under the
 * ETH balance "≈ $… · Chainlink ETH/USD at block N, updated 4 min ago" with what it rests on in
 * its tooltip; stale (by the head's rules, or by the popup's clock past the heartbeat), refused,
 * unreachable, non-positive or malformed: a short reason and no value; token rows a fresh feed
 * prices show their value; the lines wrap between words at 360 px.
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountBalances, PriceView } from '../../../src/ui/api.ts';
import { priceWords, usdValue } from '../../../src/ui/components/home/price-line.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, balances, CAROL, fakeWallet, NOW } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
/** The text as read: the age's no-break spaces as spaces. */
const words = (el: Element) => el.textContent!.replace(/\u00a0/g, ' ');
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const NOW_S = NOW / 1000;
const FEED = '0x5f4ec3df9cbd43714fe2740f5e3616155c5b8419';
const USDC_FEED = '0x8fffffd4afb6115b954bd326cbe7b4ba576818f6';

function ethUsd(over: Partial<Record<string, unknown>> = {}): PriceView {
  return {
    feed: { chainId: 1337, address: FEED, pair: 'ETH/USD', oracle: 'Chainlink', base: 'native', quote: 'USD', heartbeat: 3600, source: 'https://docs.chain.link/' },
    blockNumber: 1234,
    blockHash: '0x' + 'ab'.repeat(32),
    blockTimestamp: NOW_S - 12,
    ok: true,
    answer: '301200000000',
    decimals: 8,
    roundId: '7',
    updatedAt: NOW_S - 240,
    ...over,
  } as PriceView;
}

function usdc(over: Partial<Record<string, unknown>> = {}): PriceView {
  return ethUsd({ feed: { ...ethUsd().feed, address: USDC_FEED, pair: 'USDC/USD', base: { token: CAROL.toLowerCase() }, heartbeat: 86_400 }, answer: '99990000', ...over });
}

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(`${process.cwd()}/extension/popup.css`, 'utf8');
  document.head.appendChild(style);
});

afterEach(() => {
  cleanup();
  localStorage.clear();
});

async function home(prices: PriceView[] | undefined, now = NOW) {
  const api = fakeWallet();
  const b: AccountBalances = { ...balances(), ...(prices ? { prices } : {}) };
  api.balances = vi.fn(async () => b);
  const el = document.body.appendChild(document.createElement('div'));
  el.style.width = '360px';
  await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, network: { label: 'Devnet', chainId: 1337 }, now }), el));
  await flush();
  return el;
}

describe('usdValue', () => {
  it('is the amount at the answer, to the cent, rounded down; under a cent is "< $0.01"', () => {
    expect(usdValue(10n ** 18n, 18, 301_200_000_000n, 8)).toBe('$3,012.00');
    expect(usdValue(2n * 10n ** 18n, 18, 301_200_000_000n, 8)).toBe('$6,024.00');
    expect(usdValue(1_500_000n, 6, 99_990_000n, 8)).toBe('$1.49');
    expect(usdValue(123_456_789n * 10n ** 18n, 18, 301_299_999_999n, 8)).toBe('$371,975,305,255.76');
    expect(usdValue(1n, 18, 301_200_000_000n, 8)).toBe('< $0.01');
    expect(usdValue(0n, 18, 301_200_000_000n, 8)).toBe('$0.00');
  });
});

describe('the value under the ETH balance', () => {
  it("shows the balance's worth, the feed and its block, the round's age from now; the tooltip says what it rests on", async () => {
    const el = await home([ethUsd()]);
    const line = byTestId(el, 'home-price')!;
    expect(words(line)).toBe('≈ $6,024.00 · Chainlink ETH/USD at block 1,234, updated 4 min ago');
    expect(line.getAttribute('data-kind')).toBe('value');
    const title = line.getAttribute('title')!;
    for (const part of [FEED, 'Round 7', '3,012 USD', '0x' + 'ab'.repeat(32), 'https://docs.chain.link/', 'verified eth_call at block 1,234']) expect(title).toContain(part);
  });

  it("names the devnet's feed by its own name, not Chainlink's", async () => {
    const el = await home([ethUsd({ feed: { ...ethUsd().feed, oracle: 'devnet' } })]);
    expect(words(byTestId(el, 'home-price')!)).toBe('≈ $6,024.00 · devnet ETH/USD at block 1,234, updated 4 min ago');
  });

  it('shows no line without a reading, nor under a balance that is not proven', async () => {
    expect(byTestId(await home(undefined), 'home-price')).toBeNull();
    cleanup();
    const api = fakeWallet();
    api.balances = vi.fn(async () => ({ ...balances(), accounts: [{ address: ALICE, error: 'TIMEOUT: no answer' }], prices: [ethUsd()] }));
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, now: NOW }), el));
    await flush();
    expect(byTestId(el, 'home-price')).toBeNull();
  });

  const noValue: [string, PriceView, string][] = [
    ['stale at its head', ethUsd({ ok: false, reason: 'stale', message: 'ETH/USD was last updated 2 h before block 1234', updatedAt: NOW_S - 7200 }), 'ETH/USD feed last updated 2 h ago: stale, no value shown'],
    ['fresh at its head, past its heartbeat by the clock', ethUsd({ updatedAt: NOW_S - 3601 }), 'ETH/USD feed last updated 60 min ago: stale, no value shown'],
    ['non-positive', ethUsd({ ok: false, reason: 'non-positive', message: 'answer -1' }), 'ETH/USD feed answered no positive price: no value shown'],
    ['incomplete', ethUsd({ ok: false, reason: 'incomplete', message: 'updatedAt 0' }), 'ETH/USD feed gave an incomplete round: no value shown'],
    ['unreadable', ethUsd({ ok: false, reason: 'unreadable', message: 'the call reverted' }), 'ETH/USD feed could not be read: no value shown'],
    ['refused by its proof', ethUsd({ ok: false, reason: 'failed', message: 'PROOF_VALUE_MISMATCH: the storage value differs from the proof' }), "ETH/USD feed's answer did not verify: no value shown"],
    ['unreachable', ethUsd({ ok: false, reason: 'failed', message: 'TIMEOUT: no answer in 10 s' }), 'ETH/USD feed not read (endpoint unreachable)'],
    ['a zero answer marked ok', ethUsd({ answer: '0' }), 'ETH/USD feed answered in a form Vigil does not read: no value shown'],
    ['a negative answer marked ok', ethUsd({ answer: '-5' }), 'ETH/USD feed answered in a form Vigil does not read: no value shown'],
    ['no heartbeat', ethUsd({ feed: { ...ethUsd().feed, heartbeat: undefined } }), 'ETH/USD feed answered in a form Vigil does not read: no value shown'],
  ];
  for (const [name, view, says] of noValue) {
    it(`says why and shows no value: ${name}`, async () => {
      const line = byTestId(await home([view]), 'home-price')!;
      expect(words(line)).toBe(says);
      expect(line.textContent).not.toMatch(/\$/);
      expect(line.getAttribute('data-kind')).not.toBe('value');
    });
  }

  it('wraps between words at 360 px, never clipped', async () => {
    const line = byTestId(await home([ethUsd()]), 'home-price')!;
    const style = getComputedStyle(line);
    expect(style.whiteSpace).not.toBe('nowrap');
    expect(style.wordBreak).not.toBe('break-all');
    expect(style.textOverflow).not.toBe('ellipsis');
    expect(style.overflow === 'hidden' || style.overflowX === 'hidden').toBe(false);
  });
});

describe('token rows', () => {
  it("show a followed token's value where a fresh feed prices it, and none where its feed is stale", async () => {
    const el = await home([ethUsd(), usdc()]);
    const value = byTestId(byTestId(el, 'followed-token')!, 'token-value')!;
    expect(value.textContent).toBe('≈ $1.49');
    expect(value.getAttribute('title')).toContain(USDC_FEED);
    cleanup();
    const stale = byTestId(byTestId(await home([ethUsd(), usdc({ updatedAt: NOW_S - 90_000 })]), 'followed-token')!, 'token-value')!;
    expect(stale.textContent).toBe('no value');
    expect(stale.getAttribute('title')).toContain('stale');
  });

  it('show nothing for a token no feed prices', async () => {
    expect(byTestId(await home([ethUsd()]), 'token-value')).toBeNull();
  });
});

describe('priceWords', () => {
  it('refuses a view whose feed address is not an address', () => {
    const w = priceWords(ethUsd({ feed: { ...ethUsd().feed, address: 'nowhere' } }), NOW_S);
    expect(w.price).toBeUndefined();
  });
});
