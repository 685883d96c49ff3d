/**
 * Fee methods, from the chain's headers and receipts as go-ethereum computes them: eth_gasPrice
 * (the suggested tip plus the head's base fee), eth_maxPriorityFeePerGas, eth_blobBaseFee (the
 * head's), eth_feeHistory (base fees with the next block's, gas used ratios, blob fees and
 * ratios, and tip percentiles weighted by gas used).
 * @module
 */
import type { Block } from '@ethereumjs/block';
import { bigIntToHex } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { blockRef, count, findBlock, type MethodTable, paramsOf } from './params.ts';
import { headerNotFound } from './rpc-error.ts';
import type { DevChain } from './types.ts';

/**
 * The suggested tip: 1 gwei, what go-ethereum's oracle answers on an idle chain and Hardhat
 * answers always. Fixed rather than sampled, so that what tests send does not move it.
 */
export const SUGGESTED_TIP = 10n ** 9n;
/** go-ethereum's bound on eth_feeHistory's block count (larger counts are cut to it). */
const MAX_FEE_HISTORY = 1024;
const MAX_PERCENTILES = 100;

/** eth_gasPrice, eth_maxPriorityFeePerGas, eth_blobBaseFee, eth_feeHistory. */
export function feeMethods(chain: DevChain): MethodTable {
  return {
    eth_gasPrice: () => bigIntToHex((chain.head().header.baseFeePerGas ?? 0n) + SUGGESTED_TIP),
    eth_maxPriorityFeePerGas: () => bigIntToHex(SUGGESTED_TIP),
    eth_blobBaseFee: () => bigIntToHex(blobBaseFee(chain.head())),
    eth_feeHistory: (p) => feeHistory(chain, paramsOf(p, 3)),
  };
}

const blobBaseFee = (block: Block): bigint => (block.header.excessBlobGas === undefined ? 0n : block.header.getBlobGasPrice());

function feeHistory(chain: DevChain, params: unknown[]): Record<string, unknown> {
  let blocks = count(params[0], 'blockCount');
  const newest = findBlock(chain, blockRef(params[1], false, 'newestBlock'));
  if (newest === undefined) throw headerNotFound();
  const percentiles = rewardPercentiles(params[2]);
  if (blocks === 0) return { oldestBlock: '0x0', baseFeePerGas: [], gasUsedRatio: [], baseFeePerBlobGas: [], blobGasUsedRatio: [] };
  const last = newest.header.number;
  blocks = Math.min(blocks, MAX_FEE_HISTORY, Number(last) + 1);
  const oldest = last - BigInt(blocks) + 1n;
  const range: Block[] = [];
  for (let n = oldest; n <= last; n++) range.push(chain.blockByNumber(n)!);
  const next = newest.header;
  const result: Record<string, unknown> = {
    oldestBlock: bigIntToHex(oldest),
    baseFeePerGas: [...range.map((b) => b.header.baseFeePerGas ?? 0n), next.baseFeePerGas === undefined ? 0n : next.calcNextBaseFee()].map(bigIntToHex),
    gasUsedRatio: range.map((b) => ratio(b.header.gasUsed, b.header.gasLimit)),
    baseFeePerBlobGas: [...range.map(blobBaseFee), next.excessBlobGas === undefined ? 0n : next.calcNextBlobGasPrice(newest.common)].map(bigIntToHex),
    blobGasUsedRatio: range.map((b) => (b.header.blobGasUsed === undefined ? 0 : ratio(b.header.blobGasUsed, b.common.getBlobGasSchedule().maxBlobGasPerBlock))),
  };
  if (percentiles !== undefined) result.reward = range.map((b) => rewards(chain, b, percentiles).map(bigIntToHex));
  return result;
}

const ratio = (used: bigint, limit: bigint): number => (limit === 0n ? 0 : Number(used) / Number(limit));

function rewardPercentiles(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_PERCENTILES) throw new InputError(`"rewardPercentiles" expected an array of at most ${MAX_PERCENTILES} numbers`);
  value.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new InputError(`invalid reward percentile: #${i}:${String(p)}`);
    if (i > 0 && p < (value[i - 1] as number)) throw new InputError(`invalid reward percentile: #${i - 1}:${value[i - 1]} >= #${i}:${p}`);
  });
  return value as number[];
}

/**
 * The block's tips at each percentile of its gas used (go-ethereum's processBlock): transactions
 * sorted by tip, each weighing its gas used; an empty block's tips are all 0.
 */
function rewards(chain: DevChain, block: Block, percentiles: readonly number[]): bigint[] {
  const receipts = chain.receipts(block.hash()) ?? [];
  if (receipts.length === 0) return percentiles.map(() => 0n);
  const baseFee = block.header.baseFeePerGas ?? 0n;
  const sorted = receipts.map((r) => ({ gasUsed: r.gasUsed, tip: r.effectiveGasPrice - baseFee })).sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  const total = sorted.reduce((sum, r) => sum + r.gasUsed, 0n);
  return percentiles.map((p) => {
    // Weighed on what the receipts paid: from Amsterdam the header's gas used counts before refunds (EIP-7778).
    const threshold = BigInt(Math.floor((Number(total) * p) / 100));
    let i = 0;
    let sum = sorted[0]!.gasUsed;
    while (sum < threshold && i < sorted.length - 1) sum += sorted[++i]!.gasUsed;
    return sorted[i]!.tip;
  });
}
