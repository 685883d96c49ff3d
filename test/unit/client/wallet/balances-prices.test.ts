/**
 * The balances carry the feeds' readings at the head they are proven at (src/client/wallet/
 * balances.ts over the app host's src/extension/price-host.ts and readPrice, on a fake verified
 * chain): ether's feed and those of the followed and held tokens, one read per feed for both asks
 * of one balances; a feed whose read is refused is a reading with its code beside a balance that
 * stays proven.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { encodeAbi, functionSelector } from '../../../../src/execution/abi.ts';
import { WalletBalances } from '../../../../src/client/wallet/balances.ts';
import { pricesFor, readPrice } from '../../../../src/client/wallet/prices.ts';
import type { WalletChain, WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { PriceHost } from '../../../../src/extension/price-host.ts';
import type { PriceFeed } from '../../../../src/wallet/prices/types.ts';

const HEAD_TIME = 1_800_000_000;
const HEAD = { head: { blockNumber: 120n, blockHash: '0x' + 'ab'.repeat(32), timestamp: BigInt(HEAD_TIME), signedBy: null }, env: {}, nextBaseFee: 1n } as unknown as WalletHead;
const ALICE = '0x' + 'a1'.repeat(20);
const FOLLOWED = '0x' + '22'.repeat(20);
const HELD = '0x' + '44'.repeat(20);
const EMPTY_CODE_HASH = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';
const feed = (address: string, pair: string, base: PriceFeed['base']): PriceFeed => ({ chainId: 31337, address, pair, oracle: 'Vigil devnet', base, quote: 'USD', heartbeat: 3600, source: 'the devnet' });
const FEEDS = [feed('0x' + '11'.repeat(20), 'ETH/USD', 'native'), feed('0x' + '33'.repeat(20), 'VUSD/USD', { token: FOLLOWED }), feed('0x' + '55'.repeat(20), 'VFEE/USD', { token: HELD }), feed('0x' + '66'.repeat(20), 'NONE/USD', { token: '0x' + '77'.repeat(20) })];
const DECIMALS = functionSelector('decimals()');
const LATEST = functionSelector('latestRoundData()');

function setup(lying?: string) {
  const reads: string[] = [];
  const chain = {
    signingHead: () => HEAD,
    proveAccount: async () => ({ balance: 2n * 10n ** 18n, nonce: 1n, codeHash: EMPTY_CODE_HASH, code: '0x' }),
    execution: {
      run: async ({ call }: { call: { to: string; data: string } }) => {
        const isFeed = FEEDS.some((f) => f.address === call.to);
        if (isFeed) reads.push(`${call.to}:${call.data}`);
        if (call.to === lying) throw new VerificationError('PROOF_VALUE_MISMATCH', 'the storage value differs from its proof');
        const returnData = !isFeed
          ? bytesToHex(encodeAbi(['uint256'], [5n]))
          : call.data === DECIMALS
            ? bytesToHex(encodeAbi(['uint8'], [8n]))
            : call.data === LATEST
              ? bytesToHex(encodeAbi(['uint80', 'int256', 'uint256', 'uint256', 'uint80'], [3n, 301_200_000_000n, BigInt(HEAD_TIME - 60), BigInt(HEAD_TIME - 60), 3n]))
              : '0x';
        return { outcome: { status: 'success', returnData, gasUsed: '0x0' }, steps: 1, proven: { accounts: 1, slots: 1 }, endpoints: [] };
      },
    },
  } as unknown as WalletChain;
  const prices = new PriceHost({ feeds: (tokens) => pricesFor(31337, tokens, FEEDS), read: readPrice });
  const balances = new WalletBalances({
    repo: { tokens: async () => [{ address: FOLLOWED, symbol: 'VUSD', decimals: 6 }] } as never,
    addresses: async () => [ALICE],
    chain: () => chain,
    network: () => ({ id: 'devnet', chainId: 31337, name: 'Devnet' }),
    proveToken: async () => {
      throw new Error('not asked');
    },
    held: async () => [{ address: HELD, symbol: 'VFEE', decimals: 18, listed: true, balances: [{ account: ALICE, balance: '7' }] }] as never,
    prices: (c, at, tokens) => prices.prices(c, at, tokens),
  });
  return { balances, reads };
}

describe('WalletBalances with prices', () => {
  it("carries ether's, the followed and the held tokens' readings at the balances' head, each feed read once", async () => {
    const { balances, reads } = setup();
    const b = await balances.balances();
    expect(b.prices?.map((p) => [p.feed.pair, p.ok, p.blockHash])).toEqual([
      ['ETH/USD', true, HEAD.head.blockHash],
      ['VUSD/USD', true, HEAD.head.blockHash],
      ['VFEE/USD', true, HEAD.head.blockHash],
    ]);
    expect(b.at?.blockHash).toBe(HEAD.head.blockHash);
    // Two calls per feed, three feeds: the second ask (with the held tokens) shared the first's.
    expect(reads.length).toBe(6);
    expect(reads.some((r) => r.startsWith('0x' + '66'.repeat(20)))).toBe(false);
  });

  it("keeps the balance proven when the ether feed's proof is refused, and says so in its reading", async () => {
    const { balances } = setup(FEEDS[0]!.address);
    const b = await balances.balances();
    expect(b.accounts[0]).toMatchObject({ address: ALICE, balance: (2n * 10n ** 18n).toString() });
    const eth = b.prices?.find((p) => p.feed.pair === 'ETH/USD');
    expect(eth).toMatchObject({ ok: false, reason: 'failed', message: 'PROOF_VALUE_MISMATCH: the storage value differs from its proof' });
  });
});
