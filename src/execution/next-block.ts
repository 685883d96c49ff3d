/**
 * What the next block holds that Vigil cannot know before it is made, and the second run that
 * tests whether a transaction depends on it. The light client proves the head; the block after it
 * has a number and a base fee that follow from the head (EIP-1559), but its fee recipient
 * (COINBASE), its randomness (PREVRANDAO), the slot it is proposed in (TIMESTAMP: the next slot
 * can be missed, the transaction can wait a block) and so its base fee (BASEFEE, and GASPRICE
 * where the price follows it) are only plausible values. A run records which of these opcodes the
 * code executed (./call.ts wraps those opcodes' handlers: nothing is paid on the others); only when
 * it read one is the transaction run again, in {@link alternateBlockEnv}, and the wallet compares
 * what the user would get in each (src/wallet/block-dependence.ts). Pure.
 *
 * The other values, one of each it read:
 * - COINBASE: another address (derived from the head's: deterministic, never the head's own).
 * - PREVRANDAO: another value (the hash of the head's).
 * - TIMESTAMP: the slot after the next (the next slot missed, or the transaction a block late).
 * - BASEFEE: the lower bound of the block after the next, next − next/8 (EIP-1559: an empty next
 *   block lowers it by an eighth at most). The lower bound, not the upper: a block at the lower
 *   bound can always hold the transaction (its fee cap covers the next base fee, so it covers
 *   less), while the upper one may pass a tight fee cap and be no block the transaction could be
 *   in at all; and it moves towards zero, where code that tells a free eth_call from a real block
 *   (basefee == 0, gasprice == 0) looks.
 * - GASPRICE: what the transaction pays at that base fee (unchanged for a legacy price, or a
 *   price at its cap: then reading it tells nothing of the block, and it asks for no second run).
 * @module
 */
import { concatBytes } from '../core/bytes.ts';
import { keccak256 } from '../crypto/keccak.ts';
import type { BlockEnv } from './block-env.ts';
import type { CallRequest } from './call-request.ts';
import { lowestNextBaseFee } from './fees.ts';

/** The opcodes that read what the next block holds, by name. */
export const BLOCK_READ_OPCODES = { coinbase: 0x41, timestamp: 0x42, prevRandao: 0x44, baseFee: 0x48, gasPrice: 0x3a } as const;
export type BlockRead = keyof typeof BLOCK_READ_OPCODES;
export const BLOCK_READS = Object.keys(BLOCK_READ_OPCODES) as BlockRead[];

const tag = (text: string) => new TextEncoder().encode(text);

/** The gas price `request` pays in a block of `baseFee` (./call.ts charges it; 0 for a call with no fee fields, as eth_call). */
export function effectiveGasPrice(request: Pick<CallRequest, 'gasPrice' | 'maxFeePerGas' | 'maxPriorityFeePerGas'>, baseFee: bigint): bigint {
  if (request.gasPrice !== undefined) return request.gasPrice;
  const cap = request.maxFeePerGas ?? 0n;
  const tip = request.maxPriorityFeePerGas ?? 0n;
  if (cap === 0n && tip === 0n) return 0n;
  return baseFee + tip < cap ? baseFee + tip : cap;
}

/**
 * The block a second run uses: `env` with another plausible value of each thing the first run
 * read (see the module comment), or undefined when none of them would differ (then the first
 * run's effects are the only ones there are). `calls` decide whether GASPRICE follows the base fee.
 */
export function alternateBlockEnv(env: BlockEnv, reads: ReadonlySet<BlockRead>, calls: readonly CallRequest[]): BlockEnv | undefined {
  const alt: BlockEnv = { ...env };
  let differs = false;
  if (reads.has('coinbase')) {
    alt.coinbase = keccak256(concatBytes(tag('vigil: another fee recipient'), env.coinbase)).slice(12);
    differs = true;
  }
  if (reads.has('prevRandao')) {
    alt.prevRandao = keccak256(concatBytes(tag('vigil: another prevRandao'), env.prevRandao));
    differs = true;
  }
  if (reads.has('timestamp')) {
    alt.timestamp = env.timestamp + (env.upcoming?.slotSeconds ?? 12n);
    differs = true;
  }
  const lower = lowestNextBaseFee(env.baseFeePerGas);
  const priceMoves = reads.has('gasPrice') && calls.some((c) => effectiveGasPrice(c, lower) !== effectiveGasPrice(c, env.baseFeePerGas));
  if ((reads.has('baseFee') || priceMoves) && lower !== env.baseFeePerGas) {
    alt.baseFeePerGas = lower;
    differs = true;
  }
  return differs ? alt : undefined;
}

/** The block values a second run changed, for the window ("in another block: …"). */
export interface AlternateBlockJson {
  coinbase: string;
  prevRandao: string;
  timestamp: string;
  baseFeePerGas: string;
}

/** Every read a run made, in a fixed order (the names a refusal and the window show). */
export function sortedReads(reads: Iterable<BlockRead>): BlockRead[] {
  const set = new Set(reads);
  return BLOCK_READS.filter((r) => set.has(r));
}
