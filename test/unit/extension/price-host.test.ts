/**
 * src/extension/price-host.ts over readPrice and a fake verified chain: the home's asks at one
 * head share one read per feed (the ether feed read once however many asks and tokens), a new
 * head reads again; only the feeds pricing ether and the tokens asked are read; a proof that does
 * not verify or an endpoint that does not answer is a view with its code, never a value; the
 * views travel as JSON.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { encodeAbi, functionSelector } from '../../../src/execution/abi.ts';
import { pricesFor, readPrice } from '../../../src/client/wallet/prices.ts';
import type { WalletChain, WalletHead } from '../../../src/client/wallet/transactions.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { PriceHost } from '../../../src/extension/price-host.ts';
import type { PriceFeed } from '../../../src/wallet/prices/types.ts';

const HEAD_TIME = 1_800_000_000;
const head = (hash: string, number = 120n) => ({ head: { blockNumber: number, blockHash: hash, timestamp: BigInt(HEAD_TIME), signedBy: null }, env: {}, nextBaseFee: 1n }) as unknown as WalletHead;
const TOKEN = '0x' + '22'.repeat(20);
const ETH_FEED: PriceFeed = { chainId: 31337, address: '0x' + '11'.repeat(20), pair: 'ETH/USD', oracle: 'Vigil devnet', base: 'native', quote: 'USD', heartbeat: 3600, source: 'the devnet' };
const TOKEN_FEED: PriceFeed = { ...ETH_FEED, address: '0x' + '33'.repeat(20), pair: 'VUSD/USD', base: { token: TOKEN } };
const DECIMALS = functionSelector('decimals()');
const LATEST = functionSelector('latestRoundData()');
const round = (answer: bigint, updatedAt: number) => bytesToHex(encodeAbi(['uint80', 'int256', 'uint256', 'uint256', 'uint80'], [7n, answer, BigInt(updatedAt), BigInt(updatedAt), 7n]));
const uint8 = (n: bigint) => bytesToHex(encodeAbi(['uint8'], [n]));

/** A verified chain answering each feed's calls; `fail` throws as a lying or silent endpoint would. */
function fakeChain(fail?: () => never) {
  const calls: string[] = [];
  const chain = {
    execution: {
      run: async (params: { call: { to: string; data: string } }) => {
        calls.push(`${params.call.to}:${params.call.data}`);
        await new Promise((r) => setTimeout(r, 5));
        if (fail) fail();
        const returnData = params.call.data === DECIMALS ? uint8(8n) : params.call.data === LATEST ? round(params.call.to === ETH_FEED.address ? 301_200_000_000n : 100_000_000n, HEAD_TIME - 240) : '0x';
        return { outcome: { status: 'success', returnData, gasUsed: '0x0' }, steps: 1, proven: { accounts: 1, slots: 1 }, endpoints: [] };
      },
    },
  };
  return { chain: chain as unknown as WalletChain, calls };
}

const host = () => new PriceHost({ feeds: (tokens) => pricesFor(31337, tokens, [ETH_FEED, TOKEN_FEED]), read: readPrice });

describe('PriceHost', () => {
  it('reads each feed once per head, shared among asks; a new head reads again', async () => {
    const prices = host();
    const { chain, calls } = fakeChain();
    const [a, b] = await Promise.all([prices.prices(chain, head('0xaa'), []), prices.prices(chain, head('0xaa'), [TOKEN.toUpperCase().replace('0X', '0x')])]);
    expect(a.map((v) => v.feed.pair)).toEqual(['ETH/USD']);
    expect(b.map((v) => v.feed.pair)).toEqual(['ETH/USD', 'VUSD/USD']);
    expect(b[0]).toBe(a[0]);
    // decimals() and latestRoundData() of each feed, once.
    expect(calls.length).toBe(4);
    await prices.prices(chain, head('0xaa'), [TOKEN]);
    expect(calls.length).toBe(4);
    await prices.prices(chain, head('0xbb', 121n), []);
    expect(calls.length).toBe(6);
  });

  it('answers the reading as JSON-safe view at its head: the answer and round as decimal strings', async () => {
    const [view] = await host().prices(fakeChain().chain, head('0xaa'), []);
    expect(JSON.parse(JSON.stringify(view))).toEqual({ feed: ETH_FEED, blockNumber: 120, blockHash: '0xaa', blockTimestamp: HEAD_TIME, ok: true, answer: '301200000000', decimals: 8, roundId: '7', updatedAt: HEAD_TIME - 240 });
  });

  it('reads no feed for a token not asked, nor any on a chain without feeds', async () => {
    const { chain, calls } = fakeChain();
    const none = new PriceHost({ feeds: (tokens) => pricesFor(5, tokens, []), read: readPrice });
    expect(await none.prices(chain, head('0xaa'), [TOKEN])).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('says a refused proof or a silent endpoint by its code, never with a value', async () => {
    const lying = fakeChain(() => {
      throw new VerificationError('PROOF_VALUE_MISMATCH', 'the storage value differs from its proof');
    });
    const [refused] = await host().prices(lying.chain, head('0xaa'), []);
    expect(refused).toMatchObject({ ok: false, reason: 'failed', message: 'PROOF_VALUE_MISMATCH: the storage value differs from its proof', blockNumber: 120, blockHash: '0xaa' });
    expect(refused).not.toHaveProperty('answer');
    const silent = fakeChain(() => {
      throw new TransportError('TIMEOUT', 'no answer in 10 s', { url: 'http://127.0.0.1:8545' });
    });
    const [unreachable] = await host().prices(silent.chain, head('0xaa'), []);
    expect(unreachable).toMatchObject({ ok: false, reason: 'failed' });
    expect((unreachable as { message: string }).message).toMatch(/^TIMEOUT: /);
  });
});
