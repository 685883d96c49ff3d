/**
 * The tip oracle over verified blocks (src/execution/fee-oracle.ts) as geth's price oracle computes
 * it: samples per block (lowest three effective tips, none under 2 wei, none the fee recipient's
 * own), the 60th percentile, an empty block's previous answer, the 500 gwei ceiling; and
 * eth_feeHistory's rewards by gas-weighted percentile. Real bodies: mainnet blocks 14,151,203 and
 * 15,571,241 (ethereumjs-monorepo fixtures), verified against their headers and senders recovered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/core/bytes.ts';
import { type VerifiedBlock, verifyBlockBody } from '../../../src/execution/block-body.ts';
import { blockEffectiveTips, blockRewards, blockTipSamples, effectiveTip, suggestTip, TIP_MAX, tipPercentile, UNATTENDED_TIP_PERCENTILE, unattendedTip } from '../../../src/execution/fee-oracle.ts';
import { parseRpcHeader } from '../../../src/execution/header.ts';
import { recoverSender, type Transaction } from '../../../src/execution/transactions.ts';
import { fixture } from './helpers.ts';

const GWEI = 10n ** 9n;
const MINER = hexToBytes('0x' + 'c0'.repeat(20));
const OTHER = hexToBytes('0x' + '0a'.repeat(20));

/** A block as the oracle reads it: base fee, fee recipient, gas used and transactions (only the fee fields matter). */
function block(baseFeePerGas: bigint | undefined, txs: Transaction[], gasUsed = 0n): VerifiedBlock {
  return { header: { baseFeePerGas, miner: MINER, gasUsed }, transactions: txs.map((tx) => ({ tx })) } as never;
}
const dynamic = (tip: bigint, cap: bigint) => ({ type: 2, maxPriorityFeePerGas: tip, maxFeePerGas: cap }) as Transaction;
const legacy = (gasPrice: bigint) => ({ type: 0, gasPrice }) as Transaction;
const from = (senders: Uint8Array[]) => (i: number) => senders[i]!;

function verifiedFixture(name: string): VerifiedBlock {
  const json = fixture(`ethereumjs-blocks/${name}.json`);
  const { header, hash } = parseRpcHeader(json);
  return verifyBlockBody(header, hash!, json, { recoverSenders: true });
}

describe('effective tips', () => {
  it('is min(tip cap, fee cap − base fee) for EIP-1559 kinds, gasPrice − base fee for the older ones', () => {
    expect(effectiveTip(dynamic(2n * GWEI, 100n * GWEI), 50n * GWEI)).toBe(2n * GWEI);
    expect(effectiveTip(dynamic(10n * GWEI, 51n * GWEI), 50n * GWEI)).toBe(1n * GWEI);
    expect(effectiveTip(legacy(53n * GWEI), 50n * GWEI)).toBe(3n * GWEI);
    expect(effectiveTip({ type: 1, gasPrice: 50n * GWEI } as Transaction, 50n * GWEI)).toBe(0n);
  });
});

describe('samples per block (geth getBlockValues)', () => {
  it('takes the three lowest tips, ascending, skipping tips under 2 wei and the fee recipient’s own transactions', () => {
    const b = block(10n, [dynamic(9n, 100n), dynamic(1n, 100n), legacy(15n), dynamic(4n, 100n), dynamic(3n, 100n), dynamic(7n, 100n)]);
    // Ascending tips: 1 (ignored, under 2 wei), 3 (the miner's own), 4, 5, 7, 9.
    expect(blockTipSamples(b, from([OTHER, OTHER, OTHER, OTHER, MINER, OTHER]))).toEqual([4n, 5n, 7n]);
    expect(blockTipSamples(b, from([OTHER, OTHER, OTHER, OTHER, OTHER, OTHER]), 2)).toEqual([3n, 4n]);
  });

  it('asks for senders only of the transactions it looks at, lowest first', () => {
    const asked: number[] = [];
    const b = block(10n, [dynamic(9n, 100n), dynamic(8n, 100n), dynamic(2n, 100n), dynamic(5n, 100n), dynamic(3n, 100n)]);
    blockTipSamples(b, (i) => (asked.push(i), OTHER));
    expect(asked).toEqual([2, 4, 3]);
  });

  it('gives nothing for an empty block, one before London, or one with only the fee recipient’s transactions', () => {
    expect(blockTipSamples(block(10n, []), from([]))).toEqual([]);
    expect(blockTipSamples(block(undefined, [legacy(5n)]), from([OTHER]))).toEqual([]);
    expect(blockTipSamples(block(10n, [dynamic(5n, 100n)]), from([MINER]))).toEqual([]);
  });

  it('matches the fixture blocks, their bodies verified and senders recovered', () => {
    const older = verifiedFixture('mainnet-14151203');
    const newer = verifiedFixture('mainnet-15571241');
    const senderOf = (b: VerifiedBlock) => (i: number) => b.transactions[i]!.from ?? recoverSender(b.transactions[i]!.tx);
    // Three EIP-1559 transactions tipping exactly 1 gwei; three legacy ones at gasPrice − base fee.
    expect(blockTipSamples(older, senderOf(older))).toEqual([GWEI, GWEI, GWEI]);
    expect(blockTipSamples(newer, senderOf(newer))).toEqual([202_776_969n, 202_776_969n, 202_776_969n]);
    // Newest first; six samples: index ⌊5 · 60 / 100⌋ = 3 of the ascending list.
    expect(suggestTip([blockTipSamples(newer, senderOf(newer)), blockTipSamples(older, senderOf(older))], 0n)).toBe(GWEI);
  });
});

describe('the suggested tip (geth SuggestTipCap)', () => {
  it('is the 60th percentile of all samples, an empty block counting as the previous answer', () => {
    expect(suggestTip([[1n, 2n, 3n], [4n, 5n, 6n]], 0n)).toBe(4n); // index ⌊5·60/100⌋ = 3
    expect(suggestTip([[1n, 2n, 3n], []], 5n)).toBe(2n); // 1, 2, 3, 5: index ⌊3·60/100⌋ = 1
  });

  it('never exceeds 500 gwei, and with no block at all is the previous answer', () => {
    expect(suggestTip([[10_000n * GWEI]], 0n)).toBe(TIP_MAX);
    expect(suggestTip([], 7n)).toBe(7n);
  });

  it('property: the answer is one of the samples (or the previous answer), within the ceiling, and at most the samples’ maximum', () => {
    const tip = fc.bigInt({ min: 0n, max: 1000n * GWEI });
    fc.assert(
      fc.property(fc.array(fc.array(tip, { maxLength: 3 }), { maxLength: 8 }), tip, (blocks, last) => {
        const answer = suggestTip(blocks, last);
        const pool = blocks.flatMap((s) => (s.length === 0 ? [last] : s));
        expect(answer <= TIP_MAX).toBe(true);
        if (pool.length === 0) expect(answer).toBe(last > TIP_MAX ? TIP_MAX : last);
        else expect(pool.includes(answer) || answer === TIP_MAX).toBe(true);
        if (pool.length > 0) expect(pool.every((p) => p < answer)).toBe(false);
      }),
    );
  });
});

describe('eth_feeHistory rewards (geth processBlock)', () => {
  it('weights by each transaction’s gas: the tip at which the gas so far reaches p% of the block’s', () => {
    // Tips 1, 2, 3 gwei (sorted), gas 21000, 50000, 29000 of 100000 used.
    const b = block(10n * GWEI, [dynamic(3n * GWEI, 100n * GWEI), dynamic(1n * GWEI, 100n * GWEI), dynamic(2n * GWEI, 100n * GWEI)], 100_000n);
    const gas = [29_000n, 21_000n, 50_000n];
    expect(blockRewards(b, gas, [0, 21, 22, 71, 72, 100])).toEqual([1n, 1n, 2n, 2n, 3n, 3n].map((g) => g * GWEI));
  });

  it('weights against the receipts\' gas, not the header\'s: equal before Amsterdam, apart from it (EIP-7778, EIP-8037)', () => {
    const txs = () => [dynamic(3n * GWEI, 100n * GWEI), dynamic(1n * GWEI, 100n * GWEI), dynamic(2n * GWEI, 100n * GWEI)];
    const gas = [29_000n, 21_000n, 50_000n];
    const percentiles = [0, 21, 22, 71, 72, 100];
    const expected = [1n, 1n, 2n, 2n, 3n, 3n].map((g) => g * GWEI);
    // Before Amsterdam the last receipt's cumulative gas is the header's gasUsed.
    expect(blockRewards(block(10n * GWEI, txs(), 100_000n), gas, percentiles)).toEqual(expected);
    // Amsterdam: the header's gasUsed is before refunds (160000 here; a threshold of it would give
    // 2 gwei at the 21st percentile), or the state-gas sum when larger, or below the receipts' sum.
    expect(blockRewards(block(10n * GWEI, txs(), 160_000n), gas, percentiles)).toEqual(expected);
    expect(blockRewards(block(10n * GWEI, txs(), 60_000n), gas, percentiles)).toEqual(expected);
  });

  it('is zeros for an empty block', () => {
    expect(blockRewards(block(10n, [], 0n), [], [10, 50, 90])).toEqual([0n, 0n, 0n]);
  });

  it('property: rewards never fall as the percentile rises, and each is a transaction’s tip', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ tip: fc.bigInt({ min: 0n, max: 100n }), gas: fc.bigInt({ min: 21_000n, max: 1_000_000n }) }), { minLength: 1, maxLength: 20 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { maxLength: 6 }).map((ps) => ps.sort((a, b) => a - b)),
        (txs, percentiles) => {
          const gasUsed = txs.reduce((a, t) => a + t.gas, 0n);
          const rewards = blockRewards(block(1000n, txs.map((t) => dynamic(t.tip, 10_000n)), gasUsed), txs.map((t) => t.gas), percentiles);
          rewards.forEach((r, i) => {
            expect(txs.some((t) => t.tip === r)).toBe(true);
            if (i > 0) expect(r >= rewards[i - 1]!).toBe(true);
          });
        },
      ),
    );
  });
});

describe('the unattended tip (never below the 25th percentile of what the blocks paid)', () => {
  it('every effective tip a block paid, in order, none negative; none before London', () => {
    const b = block(50n * GWEI, [dynamic(2n * GWEI, 100n * GWEI), legacy(49n * GWEI), legacy(50n * GWEI), dynamic(10n * GWEI, 51n * GWEI)]);
    expect(blockEffectiveTips(b)).toEqual([2n * GWEI, 0n, 1n * GWEI]);
    expect(blockEffectiveTips(block(undefined, [legacy(GWEI)]))).toEqual([]);
  });

  it('is the nearest-rank percentile: the least sample at least p% of the samples are at or below', () => {
    expect(tipPercentile([4n, 1n, 3n, 2n], 25)).toBe(1n);
    expect(tipPercentile([4n, 1n, 3n, 2n, 5n], 25)).toBe(2n);
    expect(tipPercentile([7n], 25)).toBe(7n);
    expect(tipPercentile([], 25)).toBeUndefined();
    expect(tipPercentile([3n, 1n], 0)).toBe(1n);
    expect(tipPercentile([3n, 1n], 100)).toBe(3n);
    expect(tipPercentile([1n, 2n], 101)).toBe(2n);
  });

  it("takes the oracle's tip unless a quarter of what the blocks paid is above it; a tip of 0 advised by nobody counts", () => {
    // The blocks paid 1, 2, 3, 4, 5, 6, 7, 8 gwei: the 25th percentile is 2 gwei.
    const paid = [[1n, 2n, 3n, 4n].map((g) => g * GWEI), [5n, 6n, 7n, 8n].map((g) => g * GWEI)];
    expect(unattendedTip(paid, 0n)).toBe(2n * GWEI);
    expect(unattendedTip(paid, 3n * GWEI)).toBe(3n * GWEI);
    // Empty blocks: the oracle's answer alone.
    expect(unattendedTip([[], []], 5n)).toBe(5n);
    // Blocks that paid more than the ceiling at that percentile: what they paid.
    expect(unattendedTip([[TIP_MAX + 1n]], 0n)).toBe(TIP_MAX + 1n);
  });

  it('property: never below the 25th percentile of the samples, whatever the oracle says', () => {
    const tip = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(
      fc.property(fc.array(fc.array(tip, { maxLength: 12 }), { maxLength: 5 }), tip, (blocks, oracle) => {
        const all = blocks.flat();
        const out = unattendedTip(blocks, oracle);
        expect(out >= (oracle > TIP_MAX ? TIP_MAX : oracle)).toBe(true);
        if (all.length > 0) {
          // At least a quarter of the samples are at or below it: it is at or above their 25th percentile.
          expect(all.filter((t) => t <= out).length * 100 >= all.length * UNATTENDED_TIP_PERCENTILE).toBe(true);
          const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(out >= sorted[Math.ceil(all.length / 4) - 1]!).toBe(true);
        }
      }),
    );
  });
});
