/**
 * An account's EIP-7702 delegation, read from proven state: the account's code fetched with its
 * proof and checked against the proven code hash (again here, whatever chain reads it: a code
 * that does not hash to it is refused, CODE_HASH_MISMATCH), classified (src/wallet/eip7702.ts),
 * and for a delegation, the delegate's own proven code hash, known when it is the pinned
 * delegator's (src/wallet/eip7702-pin.ts). Read where the balances are (../balances.ts), at the
 * same head and with the same proof: no poll of its own.
 * @module
 */
import { hexToBytes } from '../../../core/bytes.ts';
import { InputError, VigilError } from '../../../core/errors.ts';
import { verifyCode } from '../../../proofs/account.ts';
import { classifyCode, knownDelegate } from '../../../wallet/eip7702.ts';
import { PINNED_DELEGATES } from '../../../wallet/eip7702-pin.ts';
import type { WalletChain, WalletHead } from '../transactions.ts';

/** What the popup and the approval window show of an account's delegation (JSON: it crosses messages). */
export type AccountDelegation =
  | { kind: 'none' }
  /** The account has code that is not a delegation indicator. */
  | { kind: 'contract' }
  | {
      kind: 'delegated';
      /** Lower-case 0x hex. */
      delegate: string;
      /** The delegate's proven code hash, or why it could not be proven (the delegation itself is). */
      delegateCode: { codeHash: string; known: string | null } | { error: string };
    };

/**
 * The delegation of an account proven with its code (`proveAccount(address, head, { code: true })`).
 * @throws VerificationError CODE_HASH_MISMATCH when the code does not hash to the proven code hash
 */
export async function delegationOf(chain: Pick<WalletChain, 'proveAccount'>, account: { codeHash: string; code?: string }, head: WalletHead): Promise<AccountDelegation> {
  if (account.code === undefined) throw new InputError('the account was proven without its code');
  const code = hexToBytes(account.code, undefined, 'code');
  verifyCode(hexToBytes(account.codeHash, 32, 'codeHash'), code);
  const kind = classifyCode(code);
  if (kind.kind !== 'delegated') return kind;
  try {
    const { codeHash } = await chain.proveAccount(kind.delegate, head);
    return { kind: 'delegated', delegate: kind.delegate, delegateCode: { codeHash, known: knownDelegate(codeHash, PINNED_DELEGATES)?.name ?? null } };
  } catch (err) {
    return { kind: 'delegated', delegate: kind.delegate, delegateCode: { error: err instanceof VigilError ? `${err.code}: ${err.shortMessage}` : String(err) } };
  }
}
