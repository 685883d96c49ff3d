/**
 * A feed's price read by verified call (src/client/wallet/prices.ts readPrice): a good round is a
 * reading at the head it was proven at; a revert or an answer that does not decode is
 * `unreadable`; a stale, non-positive or incomplete round no value; a proof that does not verify
 * (a lying endpoint) throws its VerificationError, never a reading. And which feeds apply where.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { encodeAbi, functionSelector } from '../../../../src/execution/abi.ts';
import type { ExecutionOutcome } from '../../../../src/execution/engine.ts';
import { type PriceChain, pricesFor, readPrice } from '../../../../src/client/wallet/prices.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import type { PriceFeed } from '../../../../src/wallet/prices/types.ts';

const HEAD_TIME = 1_800_000_000;
const HEAD = { head: { blockNumber: 120n, blockHash: '0x' + 'ab'.repeat(32), timestamp: BigInt(HEAD_TIME), signedBy: null }, env: {}, nextBaseFee: 1n } as unknown as WalletHead;
const FEED: PriceFeed = { chainId: 31337, address: '0x' + '11'.repeat(20), pair: 'ETH/USD', oracle: 'Vigil devnet', base: 'native', quote: 'USD', heartbeat: 3600, source: 'the devnet' };
const DECIMALS = functionSelector('decimals()');
const LATEST = functionSelector('latestRoundData()');

const round = (answer: bigint, updatedAt: number, roundId = 7n, answeredInRound = roundId) =>
  bytesToHex(encodeAbi(['uint80', 'int256', 'uint256', 'uint256', 'uint80'], [roundId, answer, BigInt(updatedAt), BigInt(updatedAt), answeredInRound]));
const uint8 = (n: bigint) => bytesToHex(encodeAbi(['uint8'], [n]));

/** A chain whose verified calls answer `answers` by selector (a function: it throws, as a failed proof does). */
function chain(answers: Record<string, Partial<ExecutionOutcome> | (() => never)>): PriceChain & { calls: { to: string; data: string; env: unknown }[] } {
  const calls: { to: string; data: string; env: unknown }[] = [];
  return {
    calls,
    execution: {
      run: async (params) => {
        const call = params.call as { to: string; data: string };
        calls.push({ ...call, env: params.env });
        const a = answers[call.data];
        if (a === undefined) throw new Error(`unexpected call ${call.data}`);
        if (typeof a === 'function') a();
        return { outcome: { status: 'success', returnData: '0x', gasUsed: '0x0', ...a } as ExecutionOutcome, steps: 1, proven: { accounts: 1, slots: 1 }, endpoints: [] };
      },
    } as PriceChain['execution'],
  };
}

describe('readPrice', () => {
  it('reads decimals() and latestRoundData() at the head, to the feed, and gives the round proven there', async () => {
    const c = chain({ [DECIMALS]: { returnData: uint8(8n) }, [LATEST]: { returnData: round(3012n * 10n ** 8n, HEAD_TIME - 240) } });
    const r = await readPrice(c, HEAD, FEED);
    expect(r).toEqual({ ok: true, feed: FEED, answer: 301_200_000_000n, decimals: 8, roundId: 7n, updatedAt: HEAD_TIME - 240, blockNumber: 120n, blockHash: HEAD.head.blockHash, blockTimestamp: HEAD_TIME });
    expect(c.calls.map((x) => [x.to, x.data, x.env])).toEqual([
      [FEED.address, DECIMALS, HEAD.env],
      [FEED.address, LATEST, HEAD.env],
    ]);
  });

  it('judges the round at the head: stale past the heartbeat, a non-positive answer refused, an incomplete round refused', async () => {
    const at = async (answer: bigint, updatedAt: number, roundId?: bigint, answeredIn?: bigint) =>
      readPrice(chain({ [DECIMALS]: { returnData: uint8(8n) }, [LATEST]: { returnData: round(answer, updatedAt, roundId, answeredIn) } }), HEAD, FEED);
    expect((await at(1n, HEAD_TIME - 3600)).ok).toBe(true);
    const stale = await at(3012n, HEAD_TIME - 3601);
    expect(stale).toMatchObject({ ok: false, reason: 'stale', updatedAt: HEAD_TIME - 3601, blockNumber: 120n });
    expect(await at(0n, HEAD_TIME)).toMatchObject({ ok: false, reason: 'non-positive' });
    expect(await at(-5n, HEAD_TIME)).toMatchObject({ ok: false, reason: 'non-positive' });
    expect(await at(3012n, 0)).toMatchObject({ ok: false, reason: 'incomplete' });
    expect(await at(3012n, HEAD_TIME + 1)).toMatchObject({ ok: false, reason: 'incomplete' });
    expect(await at(3012n, HEAD_TIME, 9n, 8n)).toMatchObject({ ok: false, reason: 'incomplete' });
  });

  it('calls a revert, a short answer or decimals out of uint8 unreadable, and says why', async () => {
    const reverted = await readPrice(chain({ [DECIMALS]: { returnData: uint8(8n) }, [LATEST]: { status: 'reverted', message: 'No data present' } }), HEAD, FEED);
    expect(reverted).toMatchObject({ ok: false, reason: 'unreadable', blockNumber: 120n });
    expect((reverted as { message: string }).message).toContain('reverted (No data present)');
    const short = await readPrice(chain({ [DECIMALS]: { returnData: uint8(8n) }, [LATEST]: { returnData: round(1n, HEAD_TIME).slice(0, -2) } }), HEAD, FEED);
    expect(short).toMatchObject({ ok: false, reason: 'unreadable' });
    const wide = await readPrice(chain({ [DECIMALS]: { returnData: bytesToHex(encodeAbi(['uint256'], [256n])) }, [LATEST]: { returnData: round(1n, HEAD_TIME) } }), HEAD, FEED);
    expect(wide).toMatchObject({ ok: false, reason: 'unreadable' });
    const empty = await readPrice(chain({ [DECIMALS]: { returnData: '0x' }, [LATEST]: { returnData: '0x' } }), HEAD, FEED);
    expect(empty).toMatchObject({ ok: false, reason: 'unreadable' });
  });

  it('throws the VerificationError of a proof that does not verify: a lie is never a reading', async () => {
    const lie = () => {
      throw new VerificationError('PROOF_VALUE_MISMATCH', 'the storage proof of slot 0 does not verify');
    };
    await expect(readPrice(chain({ [DECIMALS]: { returnData: uint8(8n) }, [LATEST]: lie }), HEAD, FEED)).rejects.toMatchObject({ name: 'VerificationError', code: 'PROOF_VALUE_MISMATCH' });
  });
});

describe('pricesFor', () => {
  it("gives mainnet's ether and its priced tokens Chainlink's feeds, and nothing for a token it has none for", () => {
    const f = pricesFor(1, ['0xA0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', '0x2260fac5e5542a773aa44fbcfedf7c193bc2c599']);
    expect(f.native?.address).toBe('0x5f4ec3df9cbd43714fe2740f5e3616155c5b8419');
    expect([...f.tokens.entries()].map(([t, x]) => [t, x.pair])).toEqual([['0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', 'USDC/USD']]);
  });

  it("gives a network's own feed first, and nothing on a chain with none", () => {
    expect(pricesFor(31337, [], [FEED]).native).toBe(FEED);
    expect(pricesFor(31337)).toEqual({ tokens: new Map() });
    expect(pricesFor(1, [], [{ ...FEED, chainId: 1 }]).native).toEqual({ ...FEED, chainId: 1 });
  });
});
