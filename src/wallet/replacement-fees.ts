/**
 * The fee rule of a replacement (speed-up, cancel): nodes take a transaction with a nonce already
 * pending only when both its fees are at least 10% higher (geth's txpool PriceBump), so Vigil
 * signs no replacement that would be dropped on arrival.
 * @module
 */

/** The pending transaction a replacement takes the nonce of. */
export interface ReplacedTransaction {
  nonce: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** How much higher (percent) both fees of a replacement must be. */
export const REPLACEMENT_BUMP_PERCENT = 10n;

/** The least fee a replacement may offer over `fee`: +10%, rounded up. */
export function bumpedFee(fee: bigint): bigint {
  return (fee * (100n + REPLACEMENT_BUMP_PERCENT) + 99n) / 100n;
}

/** Why these fees are too low to replace `replaced` (undefined when they are not). */
export function underpriced(
  replaced: ReplacedTransaction,
  maxFeePerGas: bigint,
  maxPriorityFeePerGas: bigint,
): { least: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }; message: string; expected: string; got: string } | undefined {
  const least = { maxFeePerGas: bumpedFee(replaced.maxFeePerGas), maxPriorityFeePerGas: bumpedFee(replaced.maxPriorityFeePerGas) };
  if (maxFeePerGas >= least.maxFeePerGas && maxPriorityFeePerGas >= least.maxPriorityFeePerGas) return undefined;
  return {
    least,
    message: `A replacement must offer at least ${REPLACEMENT_BUMP_PERCENT}% more in both fees than the transaction it replaces`,
    expected: `maxFeePerGas >= ${least.maxFeePerGas}, maxPriorityFeePerGas >= ${least.maxPriorityFeePerGas}`,
    got: `maxFeePerGas ${maxFeePerGas}, maxPriorityFeePerGas ${maxPriorityFeePerGas}`,
  };
}
