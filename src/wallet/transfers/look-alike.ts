/**
 * Address poisoning among proven transfers (issue 56): a zero-value or dust transfer whose other
 * side is a look-alike of an address the user sent to before (the rule is src/core/look-alike.ts,
 * shared with the popup's send form and the approval window) is marked in the activity, never
 * hidden: it is proven, and the user should see who tries to slip into their history. Pure.
 * @module
 */
import { lookAlikeOf, type SentTo } from '../../core/look-alike.ts';
import type { ProvenTransfer } from './types.ts';

export { LOOK_ALIKE_CHARS, lookAlikeOf, type SentRow, type SentTo, sentToOf } from '../../core/look-alike.ts';

/**
 * An amount below 1/10^DUST_PLACES of one whole unit (10^(decimals − 4) base units) is dust:
 * 0.0001 ETH, or 0.0001 of a token. Vigil knows no prices, so the line is a fraction of the unit
 * itself, the same for ether and every token: under it no one pays anyone (0.0001 ETH is cents),
 * while a poisoner's transfer costs them only the gas. Tokens of 4 decimals or fewer have no
 * amount under it but zero.
 */
export const DUST_PLACES = 4;

/**
 * Whether `transfer` carries no value worth a payment: zero always (the fake `transferFrom(victim,
 * lookalike, 0)` any contract can emit, a zero-value token or ether transfer); ether and ERC-20
 * below {@link DUST_PLACES} places of one unit, for a token only when its `decimals` are known
 * (proven: without them no amount but zero can be called small); ERC-721 and ERC-1155 items only
 * when zero (an item's worth cannot be weighed by count).
 * @example isDust({ standard: 'native', amount: 99_999_999_999_999n, … }) // true (just under 0.0001 ETH)
 * @example isDust({ standard: 'erc20', amount: 100n, … }, { decimals: 6 }) // false (0.0001 USDC is the line)
 */
export function isDust(transfer: Pick<ProvenTransfer, 'standard' | 'amount'>, options: { decimals?: number } = {}): boolean {
  if (transfer.amount === 0n) return true;
  const decimals = transfer.standard === 'native' ? 18 : transfer.standard === 'erc20' ? options.decimals : undefined;
  if (decimals === undefined || !Number.isInteger(decimals) || decimals < 0) return false;
  // amount < 10^(decimals − 4), in integers: amount × 10^4 < 10^decimals.
  return transfer.amount * 10n ** BigInt(DUST_PLACES) < 10n ** BigInt(decimals);
}

/**
 * The address a transfer of `account`'s poses as: for a zero-value or dust transfer
 * ({@link isDust}), its other side (the sender of an incoming one; the recipient of an outgoing
 * one, as a zero-value `transferFrom` from the account writes it) when that is a look-alike of an
 * address in `sentTo` ({@link lookAlikeOf}); else undefined.
 * @example poisoningOf(dustFromLookAlike, '0xMe…', sentToOf(rows)) // { address: '0x1234…abcd', at: 1731400000000 }
 */
export function poisoningOf(transfer: ProvenTransfer, account: string, sentTo: readonly SentTo[], options: { decimals?: number } = {}): SentTo | undefined {
  if (!isDust(transfer, options)) return undefined;
  const me = account.toLowerCase();
  const other = transfer.to.toLowerCase() === me ? transfer.from : transfer.from.toLowerCase() === me ? transfer.to : undefined;
  return other === undefined ? undefined : lookAlikeOf(other, sentTo);
}
