/**
 * What a signature rests on, shared by a transaction and a batch (./wallet-requests.ts,
 * ./call-batches.ts): who asks as the policy sees it, the sender's unsettled transactions, and
 * the snapshot rule's re-simulation just before signing.
 * @module
 */
import { VerificationError } from '../core/errors.ts';
import { TransportError } from '../rpc/errors.ts';
import type { WalletRepo } from '../storage/wallet.ts';
import { WalletError } from '../wallet/errors.ts';
import type { PendingTransaction, RequestOrigin } from '../wallet/policy.ts';
import type { TransactionEffects } from '../wallet/transaction-effects.ts';
import type { TransactionRequest } from '../wallet/transaction-request.ts';
import type { UnsignedTransaction } from '../wallet/transaction.ts';
import type { Activity } from './activity.ts';
import type { Approvals, NetworkInfo } from './approvals.ts';
import type { KeyringSession } from './keyring-session.ts';
import { type Permissions, WALLET_ORIGIN } from './permissions.ts';
import type { Preview, SeenEffects } from './transaction-preview.ts';
import type { WalletChain } from './wallet-transactions.ts';

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
   * What a transaction (or a batch) will do, simulated over proven state at the head signatures
   * rest on (./transaction-preview.ts; the app host in the extension). Absent: transactions are
   * shown without their effects (a wallet with no simulation, as in older tests).
   */
  previewTransactions?(requests: TransactionRequest[], against?: SeenEffects): Promise<Preview>;
  /** How much less the user may receive at approval than the window showed before it asks again (basis points; default 50). */
  incomingToleranceBps?(): number | undefined;
}

export function originOf(origin: string, permitted: boolean): RequestOrigin {
  return origin === WALLET_ORIGIN ? { kind: 'wallet' } : { kind: 'site', origin, permitted };
}

/**
 * What is signed, simulated again at the newest head: the effects it is signed against, when they
 * are what the user saw (src/wallet/effects-snapshot.ts). Otherwise the window asks again with the
 * new effects (EFFECTS_CHANGED, which the approval queue turns back into a pending approval), and
 * nothing is signed. Without a simulation (`previewTransactions` absent): undefined.
 * @throws WalletError EFFECTS_CHANGED (the new effects and the reasons in `details`), EFFECTS_NOT_PROVEN
 */
export async function effectsAtSigning(
  deps: Pick<SigningDeps, 'previewTransactions' | 'incomingToleranceBps'>,
  requests: TransactionRequest[],
  seen: TransactionEffects | undefined,
): Promise<TransactionEffects | undefined> {
  if (deps.previewTransactions === undefined) return undefined;
  let now: Preview;
  try {
    // Approved while its effects could not be proven (the window refused; the user cannot have seen them): shown first.
    now = await deps.previewTransactions(requests, { seen: seen ?? null, toleranceBps: deps.incomingToleranceBps?.() });
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError)) throw err;
    throw new WalletError('EFFECTS_NOT_PROVEN', `what it does could not be simulated again over proven state: ${err.shortMessage}`, { cause: err });
  }
  const reasons = now.changed ?? [];
  if (reasons.length > 0) {
    throw new WalletError('EFFECTS_CHANGED', `since you approved, at block ${now.effects.at.blockNumber}: ${reasons.join('; ')}`, { details: JSON.stringify({ effects: now.effects, effectsChanged: reasons }) });
  }
  return now.effects;
}

/** The sender's transactions on this chain not yet settled: the policy counts their nonces and costs. */
export async function pendingOf(repo: WalletRepo, chainId: number, from: string): Promise<PendingTransaction[]> {
  return (await repo.unsettled(chainId, from)).map((r) => ({ nonce: BigInt(r.nonce), maxCost: BigInt(r.maxCost) }));
}

/** The request a signed-to-be transaction amounts to (what a simulation of it runs: its fees and gas limit included, as the next block charges them). */
export function requestOfTx(tx: UnsignedTransaction): Omit<TransactionRequest, 'from'> {
  return {
    type: tx.type,
    to: tx.to,
    value: tx.value,
    data: tx.data,
    accessList: 'accessList' in tx ? tx.accessList : [],
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    gasPrice: tx.type === 2 ? undefined : tx.gasPrice,
    maxFeePerGas: tx.type === 2 ? tx.maxFeePerGas : undefined,
    maxPriorityFeePerGas: tx.type === 2 ? tx.maxPriorityFeePerGas : undefined,
    chainId: tx.chainId,
    fixed: [],
    toFill: [],
  };
}
