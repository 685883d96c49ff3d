/**
 * The fee rule of a replacement (a speed-up, a cancel, an unattended step re-signed when it was not
 * included): nodes take a transaction with a nonce already pending only when both its fees are
 * high enough above the pending one's. geth's txpool asks 10% (PriceBump), OpenEthereum's lineage
 * 12.5% (web3.py raised its own bump to 12.5% for it: ethereum/web3.py#1570); Vigil bumps both
 * fees by 12.5% (one eighth, rounded up), so no node it may be talking to drops a replacement it
 * signs on arrival. One rule, for the popup's replacements (src/client/wallet/replacement.ts) and the
 * wallet's unattended ones (src/client/wallet/tip.ts).
 * @module
 */

/** The pending transaction a replacement takes the nonce of. */
export interface ReplacedTransaction {
  nonce: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** How much higher both fees of a replacement must be: one part in this many (12.5%). */
export const REPLACEMENT_BUMP_DIVISOR = 8n;

/** The least fee a replacement may offer over `fee`: +12.5%, rounded up (and at least 1 wei more). */
export function bumpedFee(fee: bigint): bigint {
  const bump = (fee + REPLACEMENT_BUMP_DIVISOR - 1n) / REPLACEMENT_BUMP_DIVISOR;
  return fee + (bump > 0n ? bump : 1n);
}

/** A fee cap of twice the next base fee plus the tip, as for any new transaction (src/client/wallet/transactions.ts). */
const BASE_FEE_MULTIPLIER = 2n;

/**
 * The fees a replacement of `replaced` offers: both bumped by the rule, and no lower than what a
 * new transaction would pay now (`now`: the verified next base fee and the tip a new one would
 * take), whichever is higher.
 * @example replacementFees({ nonce: 0n, maxFeePerGas: 80n, maxPriorityFeePerGas: 8n }, { nextBaseFee: 10n, tip: 1n }) // { maxFeePerGas: 90n, maxPriorityFeePerGas: 9n }
 */
export function replacementFees(replaced: ReplacedTransaction, now: { nextBaseFee: bigint; tip: bigint }): { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } {
  const tip = max(bumpedFee(replaced.maxPriorityFeePerGas), now.tip);
  return { maxPriorityFeePerGas: tip, maxFeePerGas: max(bumpedFee(replaced.maxFeePerGas), BASE_FEE_MULTIPLIER * now.nextBaseFee + tip) };
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
    message: 'A replacement must offer at least 12.5% more in both fees than the transaction it replaces',
    expected: `maxFeePerGas >= ${least.maxFeePerGas}, maxPriorityFeePerGas >= ${least.maxPriorityFeePerGas}`,
    got: `maxFeePerGas ${maxFeePerGas}, maxPriorityFeePerGas ${maxPriorityFeePerGas}`,
  };
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
