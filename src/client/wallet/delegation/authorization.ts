/**
 * The popup's set-code transaction completed once the user approved it: the authorization signed
 * after the click (src/client/wallet/delegation/requests.ts `perform`) is held to the tuple that was
 * planned, simulated and shown (./delegate.ts), and to the account that approved it, before it
 * joins the transaction. Before the click no signature exists (./delegate.ts runs the tuple
 * unsigned), so a rejected delegation leaves nothing anyone could apply later. Small on purpose:
 * the service worker, which signs, carries it.
 * @module
 */
import { equalBytes, hexToBytes } from '../../../core/bytes.ts';
import { recoverAuthority } from '../../../execution/delegation-indicator.ts';
import { WalletError } from '../../../wallet/errors.ts';
import type { UnsignedAuthorization } from '../../../wallet/set-code-authorization.ts';
import type { SignedAuthorization, UnsignedDynamicFeeTransaction, UnsignedSetCodeTransaction } from '../../../wallet/transaction.ts';

/** The set-code transaction before its authorization is signed: everything but the list. */
export type UnauthorizedSetCodeTransaction = Omit<UnsignedSetCodeTransaction, 'authorizationList'>;

/**
 * What the signing policy and the window's cost read of the transaction while its list is not
 * signed: its nonce, value, gas and EIP-1559 fees, the fields a type-2 transaction has alike
 * (src/wallet/transaction.ts maxCost, feeCap). The tuple's own cost is inside its gas.
 */
export function policyView(tx: UnauthorizedSetCodeTransaction): UnsignedDynamicFeeTransaction {
  return { ...tx, type: 2 };
}

/**
 * The transaction with its one signed authorization, once the signature is the plan's: the same
 * chain, delegate and nonce, recovering (as the EVM recovers it) to `from`.
 * @throws WalletError AUTHORIZATION_REFUSED when it is not
 * @example
 * const signed = await keyring.signAuthorization(from, plan.authorization);
 * const tx = authorizedTransaction(prepared.tx, plan.authorization, from, signed);
 */
export function authorizedTransaction(
  tx: UnauthorizedSetCodeTransaction,
  planned: UnsignedAuthorization,
  from: string,
  signed: SignedAuthorization,
): UnsignedSetCodeTransaction {
  if (signed.chainId !== planned.chainId || signed.nonce !== planned.nonce || signed.address.toLowerCase() !== planned.address.toLowerCase()) {
    throw new WalletError('AUTHORIZATION_REFUSED', 'the signed authorization is not the planned one', {
      expected: `chain ${planned.chainId}, ${planned.address}, nonce ${planned.nonce}`,
      got: `chain ${signed.chainId}, ${signed.address}, nonce ${signed.nonce}`,
    });
  }
  const authority = recoverAuthority({ ...signed, address: hexToBytes(signed.address, 20, 'authorization address') });
  if (authority === undefined || !equalBytes(authority, hexToBytes(from, 20, 'from'))) {
    throw new WalletError('AUTHORIZATION_REFUSED', `the signed authorization does not recover to ${from}`);
  }
  return { ...tx, authorizationList: [signed] };
}
