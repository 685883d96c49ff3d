/**
 * The pure rules of a price feed (src/wallet/prices/feed-round.ts, value.ts): decoding the round
 * and the decimals (a malformed answer is ABI_MALFORMED, never a RangeError or a wrong round),
 * the judgement at a head's time, and an amount's worth in cents, exact and rounded down.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { decodeFeedDecimals, decodeRound, judgeRound } from '../../../../src/wallet/prices/feed-round.ts';
import type { FeedRound, PriceFeed, PriceReading } from '../../../../src/wallet/prices/types.ts';
import { dollars } from '../../../../src/core/usd.ts';
import { usdText, valueCents } from '../../../../src/wallet/prices/value.ts';

const FEED: PriceFeed = { chainId: 1, address: '0x5f4ec3df9cbd43714fe2740f5e3616155c5b8419', pair: 'ETH/USD', oracle: 'Chainlink', base: 'native', quote: 'USD', heartbeat: 3600, source: 'docs.chain.link' };
const T = 1_800_000_000;
const AT = { blockNumber: 21_000_000n, blockHash: '0x' + 'cd'.repeat(32), blockTimestamp: T };
const ROUND: FeedRound = { roundId: 110680464442257320247n, answer: 301_200_000_000n, startedAt: BigInt(T - 240), updatedAt: BigInt(T - 240), answeredInRound: 110680464442257320247n };
const encode = (r: FeedRound) => bytesToHex(encodeAbi(['uint80', 'int256', 'uint256', 'uint256', 'uint80'], [r.roundId, r.answer, r.startedAt, r.updatedAt, r.answeredInRound]));
type Proven = Extract<PriceReading, { ok: true }>;
const proven = (answer: bigint, decimals: number): Proven => ({ ok: true, feed: FEED, answer, decimals, roundId: 1n, updatedAt: T - 240, ...AT });

describe('decodeRound and decodeFeedDecimals', () => {
  it('decode what an aggregator answers, a negative answer included', () => {
    expect(decodeRound(encode(ROUND))).toEqual(ROUND);
    expect(decodeRound(encode({ ...ROUND, answer: -1n })).answer).toBe(-1n);
    expect(decodeFeedDecimals(bytesToHex(encodeAbi(['uint8'], [8n])))).toBe(8);
  });

  it.each([
    ['nothing', '0x'],
    ['a word short', encode(ROUND).slice(0, -64)],
    ['a roundId past uint80', '0x' + (2n ** 80n).toString(16).padStart(64, '0') + encode(ROUND).slice(66)],
    ['odd hex', encode(ROUND) + '0'],
    ['not hex', '0x' + 'zz'.repeat(160)],
    ['no 0x', encode(ROUND).slice(2)],
  ])('refuse %s as ABI_MALFORMED', (_, data) => {
    expect(() => decodeRound(data)).toThrow(VerificationError);
    try {
      decodeRound(data);
    } catch (err) {
      expect((err as VerificationError).code).toBe('ABI_MALFORMED');
    }
  });

  it('refuse decimals past uint8', () => {
    expect(() => decodeFeedDecimals(bytesToHex(encodeAbi(['uint256'], [256n])))).toThrow(/decimals\(\) answered no uint8/);
  });

  it('never throw anything but ABI_MALFORMED on random bytes, and decode only words of the right types (property)', () => {
    const data = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => bytesToHex(b)),
      fc.array(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), { minLength: 5, maxLength: 6 }).map((w) => '0x' + w.map((x) => x.toString(16).padStart(64, '0')).join('')),
      fc.string(),
    );
    fc.assert(
      fc.property(data, (hex) => {
        for (const decode of [decodeRound, decodeFeedDecimals]) {
          let out: unknown;
          try {
            out = decode(hex);
          } catch (err) {
            expect(err).toBeInstanceOf(VerificationError);
            expect((err as VerificationError).code).toBe('ABI_MALFORMED');
            continue;
          }
          if (typeof out === 'number') expect(out >= 0 && out <= 255).toBe(true);
          else {
            const r = out as FeedRound;
            expect(r.roundId < 2n ** 80n && r.answeredInRound < 2n ** 80n && r.answer >= -(2n ** 255n) && r.answer < 2n ** 255n).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('judgeRound', () => {
  it('gives the price of a fresh round, with the head it was proven at', () => {
    expect(judgeRound(FEED, ROUND, 8, AT)).toEqual({ ok: true, feed: FEED, answer: ROUND.answer, decimals: 8, roundId: ROUND.roundId, updatedAt: T - 240, ...AT });
  });

  it('is stale one second past the heartbeat, counted from the head, not the clock', () => {
    expect(judgeRound(FEED, { ...ROUND, updatedAt: BigInt(T - 3600) }, 8, AT).ok).toBe(true);
    const stale = judgeRound(FEED, { ...ROUND, updatedAt: BigInt(T - 3601) }, 8, AT);
    expect(stale).toMatchObject({ ok: false, reason: 'stale', updatedAt: T - 3601, blockNumber: AT.blockNumber });
    expect((stale as { message: string }).message).toBe('ETH/USD is stale: updated 60 min before block 21000000, longer than its heartbeat of 60 min: no value is shown from it');
  });

  it('refuses a zero or negative answer, and a round never updated, from the future, or answered in an earlier round', () => {
    expect(judgeRound(FEED, { ...ROUND, answer: 0n }, 8, AT)).toMatchObject({ ok: false, reason: 'non-positive' });
    expect(judgeRound(FEED, { ...ROUND, answer: -(2n ** 255n) }, 8, AT)).toMatchObject({ ok: false, reason: 'non-positive' });
    expect(judgeRound(FEED, { ...ROUND, updatedAt: 0n }, 8, AT)).toMatchObject({ ok: false, reason: 'incomplete' });
    const future = judgeRound(FEED, { ...ROUND, updatedAt: 2n ** 256n - 1n }, 8, AT);
    expect(future).toMatchObject({ ok: false, reason: 'incomplete' });
    expect(future).not.toHaveProperty('updatedAt');
    expect(judgeRound(FEED, { ...ROUND, answeredInRound: ROUND.roundId - 1n }, 8, AT)).toMatchObject({ ok: false, reason: 'incomplete' });
  });
});

describe("an amount's worth", () => {
  it('is exact and rounded down to the cent', () => {
    expect(valueCents(proven(301_200_000_000n, 8), 10n ** 18n, 18)).toBe(301_200n);
    // 0.123456789 ETH at $3,012.00 is $371.851... : $371.85, never $371.86.
    expect(valueCents(proven(301_200_000_000n, 8), 123_456_789_000_000_000n, 18)).toBe(37_185n);
    // 1 wei is worth nothing shown; 2,500.5 USDC (6 decimals) at $0.99995 (8 decimals) is $2,500.37.
    expect(valueCents(proven(301_200_000_000n, 8), 1n, 18)).toBe(0n);
    expect(valueCents(proven(99_995_000n, 8), 2_500_500_000n, 6)).toBe(250_037n);
    // Large balances stay exact (no floating point).
    expect(valueCents(proven(301_200_000_000n, 8), 10n ** 30n, 18)).toBe(301_200_000_000_000_000n);
    expect(() => valueCents(proven(1n, 8), -1n, 18)).toThrow(InputError);
  });

  it('reads in words', () => {
    expect(usdText(301_200n)).toBe('3012.00');
    expect(usdText(5n)).toBe('0.05');
    expect(dollars(301_200n)).toBe('$3,012.00');
    expect(dollars(123_456_789_01n)).toBe('$123,456,789.01');
  });
});
