/**
 * Priority fees from verified blocks, as go-ethereum's price oracle computes them
 * (eth/gasprice/gasprice.go SuggestTipCap and getBlockValues; eth/gasprice/feehistory.go
 * processBlock), over bodies proven against their headers' transactionsRoot (and, for
 * eth_feeHistory's rewards, receipts proven against receiptsRoot). What no endpoint can inflate:
 * every number here is a transaction a block really holds.
 *
 * DIFF FROM GETH: the tip looks at the last {@link TIP_BLOCKS} verified blocks (geth: 20 for a
 * full node, querying up to 40 when blocks give one price or none); for a transaction a user
 * approves, the endpoints' advice then may lower it (and the tip is labelled advice), never raise
 * it (src/client/verified/execution-service.ts). A transaction signed with no window takes
 * {@link unattendedTip}: never below the {@link UNATTENDED_TIP_PERCENTILE}th percentile of every
 * effective tip those blocks paid, whatever any endpoint advises.
 * @module
 */
import { equalBytes } from '../core/bytes.ts';
import type { VerifiedBlock } from './block-body.ts';
import { effectiveGasPrice } from './transactions.ts';

/** Verified blocks the tip is sampled from, newest first. */
export const TIP_BLOCKS = 5;
/** Lowest tips taken per block (geth's sampleNumber). */
export const TIP_SAMPLES_PER_BLOCK = 3;
/** The percentile of the samples that is suggested (geth's Percentile default). */
export const TIP_PERCENTILE = 60;
/** Tips below this are not samples (geth's IgnorePrice default: 2 wei). */
export const TIP_IGNORE_UNDER = 2n;
/** The most ever suggested (geth's MaxPrice default: 500 gwei). */
export const TIP_MAX = 500n * 10n ** 9n;
/**
 * The least percentile of the tips the last {@link TIP_BLOCKS} verified blocks paid that an
 * unattended transaction offers: a quarter of what those blocks included paid no more, so such a
 * tip is one blocks include (no endpoint can advise it lower; nobody is there to speed it up).
 */
export const UNATTENDED_TIP_PERCENTILE = 25;

/**
 * A transaction's effective tip in a block of `baseFeePerGas`: what it pays the block's fee
 * recipient per gas (min(maxPriorityFeePerGas, maxFeePerGas − baseFee); gasPrice − baseFee for
 * legacy and access-list transactions). Negative only for a transaction the block could not hold.
 */
export function effectiveTip(tx: VerifiedBlock['transactions'][number]['tx'], baseFeePerGas: bigint): bigint {
  return effectiveGasPrice(tx, baseFeePerGas) - baseFeePerGas;
}

/**
 * geth's getBlockValues: the block's lowest effective tips, ascending, at most `limit`, leaving out
 * tips under {@link TIP_IGNORE_UNDER} and transactions sent by the block's fee recipient (a
 * builder paying itself says nothing about the market). `senderOf` recovers a transaction's sender
 * (asked only for the lowest tips, in order). Empty for a block before London or one with no
 * such transaction.
 */
export function blockTipSamples(block: VerifiedBlock, senderOf: (index: number) => Uint8Array, limit = TIP_SAMPLES_PER_BLOCK): bigint[] {
  const baseFee = block.header.baseFeePerGas;
  if (baseFee === undefined) return [];
  const byTip = block.transactions
    .map((t, index) => ({ index, tip: effectiveTip(t.tx, baseFee) }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : a.index - b.index));
  const coinbase = block.header.miner;
  const out: bigint[] = [];
  for (const { index, tip } of byTip) {
    if (out.length >= limit) break;
    if (tip < TIP_IGNORE_UNDER) continue;
    if (!equalBytes(senderOf(index), coinbase)) out.push(tip);
  }
  return out;
}

/**
 * geth's SuggestTipCap over blocks' samples, newest block first: a block that gave no sample
 * counts as `lastPrice` (the previous answer), then the {@link TIP_PERCENTILE}th percentile of
 * all samples (index ⌊(n − 1) · 60 / 100⌋ of the ascending list), at most {@link TIP_MAX}.
 * @example suggestTip([[1n, 2n, 3n], []], 5n) // samples 1, 2, 3, 5: 2n
 */
export function suggestTip(samplesPerBlock: readonly (readonly bigint[])[], lastPrice: bigint): bigint {
  const all = samplesPerBlock.flatMap((s) => (s.length === 0 ? [lastPrice] : [...s])).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const price = all.length === 0 ? lastPrice : all[Math.floor(((all.length - 1) * TIP_PERCENTILE) / 100)]!;
  return price > TIP_MAX ? TIP_MAX : price;
}

/**
 * Every effective tip a verified block paid, one per transaction in block order: what was included
 * at that tip (a transaction the block could not hold pays none, so negatives are left out). Empty
 * before London.
 */
export function blockEffectiveTips(block: VerifiedBlock): bigint[] {
  const baseFee = block.header.baseFeePerGas;
  if (baseFee === undefined) return [];
  return block.transactions.map((t) => effectiveTip(t.tx, baseFee)).filter((tip) => tip >= 0n);
}

/**
 * The `percentile`th percentile of `samples` by nearest rank: the least sample that at least
 * `percentile`% of the samples are at or below (so never below that share of them). Undefined for
 * no samples; a percentile outside 0 to 100 is taken as the nearer end.
 * @example tipPercentile([4n, 1n, 3n, 2n], 25) // 1n: one of four is at or below it
 */
export function tipPercentile(samples: readonly bigint[], percentile: number): bigint | undefined {
  const sorted = [...samples].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Nearest rank: the ⌈p·n/100⌉th smallest (the first for p ≤ 0, the last for p ≥ 100).
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((percentile * sorted.length) / 100))) - 1];
}

/**
 * The tip of a transaction signed with no window: the oracle's verified tip (`oracleTip`, from
 * {@link suggestTip}), raised to the {@link UNATTENDED_TIP_PERCENTILE}th percentile of every
 * effective tip the blocks paid (`tipsPerBlock`, from {@link blockEffectiveTips}) when that is
 * higher; at most {@link TIP_MAX} unless the blocks themselves paid more at that percentile.
 * @example unattendedTip([[1n, 5n, 9n, 9n]], 0n) // 5n
 */
export function unattendedTip(tipsPerBlock: readonly (readonly bigint[])[], oracleTip: bigint): bigint {
  const floor = tipPercentile(tipsPerBlock.flat(), UNATTENDED_TIP_PERCENTILE) ?? 0n;
  const oracle = oracleTip > TIP_MAX ? TIP_MAX : oracleTip;
  return floor > oracle ? floor : oracle;
}

/**
 * geth's feehistory processBlock rewards: the block's transactions sorted by effective tip (stable),
 * and for each percentile p the tip of the first transaction at which the gas used so far reaches
 * p% of the gas its receipts used. Zeros for a block with no transactions (or before London).
 * `gasUsed[i]` is transaction i's gas from its verified receipt.
 *
 * The threshold is the receipts' total, not the header's gasUsed: before Amsterdam the two are
 * equal; from Amsterdam the header's is before refunds (EIP-7778) and the larger of the regular
 * and state gas sums (EIP-8037), so weights and threshold would not be of one kind (reth #26067
 * made the same change; go-ethereum #35268 and Nethermind #13563 propose it).
 */
export function blockRewards(block: VerifiedBlock, gasUsed: readonly bigint[], percentiles: readonly number[]): bigint[] {
  const baseFee = block.header.baseFeePerGas;
  if (baseFee === undefined || block.transactions.length === 0) return percentiles.map(() => 0n);
  const sorted = block.transactions
    .map((t, i) => ({ gas: gasUsed[i] ?? 0n, reward: effectiveTip(t.tx, baseFee), i }))
    .sort((a, b) => (a.reward < b.reward ? -1 : a.reward > b.reward ? 1 : a.i - b.i));
  const blockGas = Number(gasUsed.reduce((a, g) => a + g, 0n));
  let index = 0;
  let sum = sorted[0]!.gas;
  return percentiles.map((p) => {
    // geth compares against uint64(float64(gasUsed) * p / 100).
    const threshold = BigInt(Math.floor((blockGas * p) / 100));
    while (sum < threshold && index < sorted.length - 1) {
      index++;
      sum += sorted[index]!.gas;
    }
    return sorted[index]!.reward;
  });
}
