/**
 * Who a transaction pays, in one rule for every layer that asks (the approval window's details in
 * the background, the activity's rows in the popup, the look-alike check of both): a token
 * transfer's recipient as the call decodes (src/client/wallet/call-summary.ts), else the address a
 * call without data pays. A token approval or any other call pays no one this rule names. In
 * src/core because the popup and the approval window run it too.
 * @module
 */

/**
 * The recipient of a transaction sent to `to` whose call decoded as `decoded` (null: no data;
 * undefined: a row from before calls were decoded, taken as a plain send), or null for none.
 * @example recipientOf('0xToken…', { kind: 'erc20-transfer', recipient: '0xBob…' }) // '0xBob…'
 * @example recipientOf('0xBob…', null) // '0xBob…'
 * @example recipientOf('0xToken…', { kind: 'erc20-approve', spender: '0xDex…' }) // null
 */
export function recipientOf(to: unknown, decoded: unknown): string | null {
  if (decoded === null || decoded === undefined) return typeof to === 'string' ? to : null;
  const recipient = typeof decoded === 'object' ? (decoded as { recipient?: unknown }).recipient : undefined;
  return typeof recipient === 'string' ? recipient : null;
}
