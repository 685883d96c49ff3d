/**
 * The shipped feed table (src/wallet/prices/feeds.ts): each feed on a chain Vigil ships, at a
 * lower-case address whose checksummed form (as Chainlink's page writes it) is the one in its
 * comment, with a positive heartbeat and a source; each token base in the shipped list with the
 * pair's symbol; one feed per base; no wrapped-asset stand-ins (WBTC priced as BTC).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { toChecksumAddress } from '../../../../src/wallet/keys.ts';
import { PRICE_FEEDS } from '../../../../src/wallet/prices/feeds.ts';
import { shippedTokens } from '../../../../src/wallet/tokens/shipped.ts';

const source = readFileSync(new URL('../../../../src/wallet/prices/feeds.ts', import.meta.url), 'utf8');
const shippedChains = new Set(Object.values(NETWORKS).map((n) => Number(n.DEPOSIT_CHAIN_ID)));

describe('the shipped price feeds', () => {
  it.each(PRICE_FEEDS.map((f) => [`${f.pair} on ${f.chainId}`, f] as const))('%s: on a shipped chain, its address as its comment writes it, a heartbeat and a source', (_, f) => {
    expect(shippedChains.has(f.chainId)).toBe(true);
    expect(f.address).toMatch(/^0x[0-9a-f]{40}$/);
    expect(source).toContain(`: ${toChecksumAddress(f.address)}, heartbeat`);
    expect(Number.isSafeInteger(f.heartbeat) && f.heartbeat > 0 && f.heartbeat <= 86_400).toBe(true);
    expect(f.source).toMatch(/^https:\/\/docs\.chain\.link\//);
    expect(f.oracle).toBe('Chainlink');
    expect(f.quote).toBe('USD');
    expect(f.pair).toMatch(/^[A-Z]+\/USD$/);
  });

  it("prices each token base as itself: in the shipped list, under the pair's symbol", () => {
    for (const f of PRICE_FEEDS) {
      if (f.base === 'native') {
        expect(f.pair).toBe('ETH/USD');
        continue;
      }
      const listed = shippedTokens(f.chainId).get(f.base.token);
      expect(listed, `${f.pair}'s base ${f.base.token}`).toBeDefined();
      expect(`${listed!.symbol}/USD`).toBe(f.pair);
    }
  });

  it('has one feed per base and per address on each chain, and ether priced on mainnet and Sepolia', () => {
    const bases = PRICE_FEEDS.map((f) => `${f.chainId}:${f.base === 'native' ? 'native' : f.base.token}`);
    expect(new Set(bases).size).toBe(bases.length);
    expect(new Set(PRICE_FEEDS.map((f) => f.address)).size).toBe(PRICE_FEEDS.length);
    expect(PRICE_FEEDS.filter((f) => f.base === 'native').map((f) => f.chainId).sort()).toEqual([1, 11_155_111]);
    expect(PRICE_FEEDS.filter((f) => f.chainId === 1 && f.base !== 'native').map((f) => f.pair).sort()).toEqual(['DAI/USD', 'LINK/USD', 'USDC/USD', 'USDT/USD']);
  });
});
