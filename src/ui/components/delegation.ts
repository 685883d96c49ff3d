/**
 * An account's EIP-7702 delegation as the popup and the approval window show it (read from
 * proven state with the balances: src/client/wallet/delegation.ts). The account row says to whom
 * it is delegated, the delegate's proven code hash on hover and whether Vigil knows it; a screen
 * that signs for an account delegated to code Vigil does not know says so in a warning, since
 * that code acts for the account.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { AccountBalances, AccountDelegation } from '../api.ts';
import { shortAddress } from '../format.ts';

/** The delegation carried by an account's balances row, when it was proven. */
export function delegationIn(balances: AccountBalances | null | undefined, address: string): AccountDelegation | undefined {
  const row = balances?.accounts.find((a) => typeof a?.address === 'string' && a.address.toLowerCase() === address.toLowerCase());
  return row !== undefined && 'delegation' in row ? row.delegation : undefined;
}

/** The name Vigil knows the delegate by (its proven code hash is the pinned one), or null: unknown, or its code not proven. */
function knownName(delegation: Extract<AccountDelegation, { kind: 'delegated' }>): string | null {
  return 'codeHash' in delegation.delegateCode ? delegation.delegateCode.known : null;
}

/** "Delegated to …" for an account row; nothing for an account without a delegation. */
export function DelegationBadge({ delegation }: { delegation: AccountDelegation | undefined }): ComponentChild {
  if (delegation?.kind !== 'delegated') return null;
  const code = delegation.delegateCode;
  const known = knownName(delegation);
  const hover =
    'codeHash' in code
      ? `EIP-7702: this account runs the code of ${delegation.delegate} (code hash ${code.codeHash}, proven). ${known !== null ? `Vigil knows it: ${known}.` : 'Vigil does not know this code.'}`
      : `EIP-7702: this account runs the code of ${delegation.delegate}; its code could not be proven (${code.error}).`;
  return h(
    'div',
    { class: `note ${known !== null ? 'good' : 'warn'}`, 'data-testid': 'account-delegation', 'data-known': String(known !== null), title: hover },
    `Delegated to ${known ?? shortAddress(delegation.delegate)}`,
    known === null ? ' · unknown delegate' : ' · known to Vigil',
  );
}

/** The warning a signing screen shows for an account delegated to code Vigil does not know; nothing otherwise. */
export function DelegationFlag({ address, delegation }: { address: string; delegation: AccountDelegation | undefined }): ComponentChild {
  if (delegation?.kind !== 'delegated' || knownName(delegation) !== null) return null;
  return h(
    'p',
    { class: 'warning strong', role: 'alert', 'data-testid': 'approval-unknown-delegate', title: delegation.delegate },
    `${shortAddress(address)} is delegated (EIP-7702) to ${shortAddress(delegation.delegate)}, code Vigil does not know. That code acts for this account and can move its funds; sign only if you made this delegation yourself.`,
  );
}
