/**
 * What a signature rests on, shared by a transaction and a batch (./requests.ts,
 * ./batches/call-batches.ts): who asks as the policy sees it, the nonces the sender holds (./pending.ts, re-exported), and
 * the check just before signing (the sender proven again, the policy, the snapshot rule).
 * @module
 */
import type { WalletRepo } from '../../storage/wallet.ts';
import { maxCost } from '../../wallet/transaction.ts';
import { WalletError } from '../../wallet/errors.ts';
import { effectsRefusals, type PendingTransaction, type PolicyNetwork, refusalError, type RequestOrigin } from '../../wallet/policy.ts';
import type { ReplacedTransaction } from '../../wallet/replacement-fees.ts';
import type { TransactionEffects } from '../../wallet/transaction-effects.ts';
import type { Activity } from './activity.ts';
import type { Approvals, NetworkInfo } from './approvals.ts';
import type { KeyringSession } from './keyring-session.ts';
import { type Permissions, WALLET_ORIGIN } from './permissions.ts';
import type { TransactionHost } from './transaction-host.ts';
import { judgeTransaction, type PreparedTransaction, type WalletChain } from './transactions.ts';

/** What a transaction and a batch both rest on (./wallet.ts gives both the same). */
export interface SigningDeps {
  repo: WalletRepo;
  keyring: KeyringSession;
  permissions: Permissions;
  approvals: Approvals;
  activity: Activity;
  now(): number;
  /** The current network's verified chain for transactions; undefined when it cannot prove. */
  chain(): WalletChain | undefined;
  network(): NetworkInfo | undefined;
  /** Network ids by chain id, of networks Vigil can verify (a profile with a beacon API). */
  networkForChain(chainId: bigint): string | undefined;
  /**
   * Where a transaction is filled, simulated, and proven again before it is signed
   * (./transaction-host.ts; the app host in the extension).
   */
  transactions: TransactionHost;
  /** How much less the user may receive at approval than the window showed before it asks again (basis points; default 50). */
  incomingToleranceBps?(): number | undefined;
}

export function originOf(origin: string, permitted: boolean): RequestOrigin {
  return origin === WALLET_ORIGIN ? { kind: 'wallet' } : { kind: 'site', origin, permitted };
}

/** A transaction as it was prepared for its window: what is signed and who set its gas limit. */
export type Approved = Pick<PreparedTransaction, 'tx' | 'gasSource'>;

export interface SigningCheck {
  origin: RequestOrigin;
  /** The sender's transactions not yet settled (the batch's own calls are added in order). */
  pending: readonly PendingTransaction[];
  /** A speed-up or cancel: not simulated again (it moves a nonce, not new effects). */
  replaces?: ReplacedTransaction;
  /** What the window showed; undefined when its effects could not be proven then. */
  seen: TransactionEffects | undefined;
}

/**
 * What is about to be signed, checked again at the newest head in one call to the transaction host:
 * the sender proven anew and each transaction judged by the signing policy on it (a batch's calls
 * with the ones before them pending), then the transactions simulated again and held to what the
 * window showed (src/wallet/effects-snapshot.ts). Nothing is refilled: what the user approved is
 * what is signed, or nothing.
 * @returns the effects it is signed against (undefined: not simulated)
 * @throws the first refusal's WalletError; EFFECTS_OUTGOING_UNREAD (the new effects have the user
 *   send a token whose balance was not read); EFFECTS_CHANGED (the new effects and the reasons in
 *   `details`: the approval queue asks again), EFFECTS_NOT_PROVEN
 */
export async function checkBeforeSigning(deps: Pick<SigningDeps, 'transactions' | 'incomingToleranceBps' | 'now'>, network: PolicyNetwork, from: string, approved: readonly Approved[], check: SigningCheck): Promise<TransactionEffects | undefined> {
  const now = Math.floor(deps.now() / 1000);
  // Approved while its effects could not be proven (the window refused; the user cannot have seen them): shown first.
  const against = check.replaces === undefined ? { seen: check.seen ?? null, toleranceBps: deps.incomingToleranceBps?.() } : undefined;
  const { facts, preview } = await deps.transactions.recheck(from, approved.map((a) => a.tx), { now, ...(against ? { against } : {}) });
  const n = approved.length;
  for (const [k, a] of approved.entries()) {
    const pending = [...check.pending, ...approved.slice(0, k).map((p) => ({ nonce: p.tx.nonce, maxCost: maxCost(p.tx) }))];
    const verdict = judgeTransaction(network, { ...a, verifiedTip: 0n, facts }, from, { origin: check.origin, pending, now, ...(check.replaces ? { replaces: check.replaces } : {}) });
    if (!verdict.ok) throw refusalError(n > 1 ? verdict.refusals.map((r) => ({ ...r, message: `Call ${k + 1} of ${n}: ${r.message}` })) : verdict.refusals);
  }
  if (preview === undefined) return undefined;
  // A token it now has the user send unread: refused outright (asking again would show a refusal).
  const unread = effectsRefusals(preview.effects);
  if (unread.length > 0) throw refusalError(unread);
  const reasons = preview.changed ?? [];
  if (reasons.length > 0) {
    throw new WalletError('EFFECTS_CHANGED', `since you approved, at block ${preview.effects.at.blockNumber}: ${reasons.join('; ')}`, { details: JSON.stringify({ effects: preview.effects, effectsChanged: reasons }) });
  }
  return preview.effects;
}

export { pendingOf } from './pending.ts';
