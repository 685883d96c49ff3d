/**
 * An account's EIP-7702 delegation as the popup and the approval window show it (read from
 * proven state with the balances: src/client/wallet/delegation/delegation.ts). The account row says to whom
 * it is delegated, the delegate's proven code hash on hover and whether Vigil knows it; a screen
 * that signs for an account delegated to code Vigil does not know says so in a warning, since
 * that code acts for the account. Until the account's delegation is proven (its balances not come
 * yet, or its proof or code refused) the screen says it is not checked: the warning fails closed,
 * and a signature request waits for it (./approval/view.ts).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { AccountBalances, AccountDelegation } from '../api.ts';
import { shortAddress } from '../format.ts';

/** The signing account's delegation as a window knows it: proven, or not checked (why, or null while it is being proven). */
export type DelegationCheck = { checked: true; delegation: AccountDelegation } | { checked: false; why: string | null };

/**
 * The account's delegation from its balances row; not checked while the balances have not come
 * (`failure`: why asking for them failed), when its row carries an error, or when it has no row.
 */
export function delegationCheck(balances: AccountBalances | null | undefined, address: string, failure: string | null = null): DelegationCheck {
  const row = balances?.accounts.find((a) => typeof a?.address === 'string' && a.address.toLowerCase() === address.toLowerCase());
  if (row !== undefined && 'delegation' in row && typeof row.delegation?.kind === 'string') return { checked: true, delegation: row.delegation };
  if (row !== undefined && 'error' in row) return { checked: false, why: String(row.error) };
  if (failure !== null) return { checked: false, why: failure };
  return { checked: false, why: balances ? 'the account is not among the proven balances' : null };
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

/**
 * What a signing screen says of the account's delegation: a warning for code Vigil does not know,
 * "delegation not checked" while it is not proven (with why, when known); nothing for an account
 * proven not delegated or delegated to the pinned delegate.
 */
export function DelegationFlag({ address, check }: { address: string; check: DelegationCheck }): ComponentChild {
  if (!check.checked) {
    return h(
      'p',
      { class: 'warning', role: 'status', 'data-testid': 'approval-delegation-unchecked', ...(check.why !== null ? { title: check.why } : {}) },
      check.why === null
        ? `Delegation not checked yet: Vigil is proving whether ${shortAddress(address)} is delegated (EIP-7702). A signature waits for it.`
        : `Delegation not checked: Vigil could not prove whether ${shortAddress(address)} is delegated (EIP-7702) (${check.why}). Code it is delegated to would act for this account; a signature waits until it is proven.`,
    );
  }
  const delegation = check.delegation;
  if (delegation.kind !== 'delegated' || knownName(delegation) !== null) return null;
  return h(
    'p',
    { class: 'warning strong', role: 'alert', 'data-testid': 'approval-unknown-delegate', title: delegation.delegate },
    `${shortAddress(address)} is delegated (EIP-7702) to ${shortAddress(delegation.delegate)}, code Vigil does not know. That code acts for this account and can move its funds; sign only if you made this delegation yourself.`,
  );
}

/**
 * A personal message of exactly 32 bytes for a delegated account: a smart account that validates
 * user operations (ERC-4337) by a signed message of their hash (EntryPoint ≤ v0.7 style) takes
 * this signature as a transaction of the account. Said plainly for any delegation, the pinned one
 * included (its code could change by a later delegation; the signature stays valid for it).
 */
export function BareHashFlag({ address, check }: { address: string; check: DelegationCheck }): ComponentChild {
  if (!check.checked || check.delegation.kind !== 'delegated') return null;
  const d = check.delegation;
  return h(
    'p',
    { class: 'warning strong', role: 'alert', 'data-testid': 'approval-bare-hash', title: d.delegate },
    `This message is exactly 32 bytes, the size of a hash, and ${shortAddress(address)} is delegated (EIP-7702) to ${knownName(d) ?? shortAddress(d.delegate)}. If it is the hash of a user operation (ERC-4337), this signature may authorize a transaction from this account, moving its funds. Sign only if you know what this hash is.`,
  );
}
