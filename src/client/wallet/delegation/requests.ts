/**
 * The popup's "make this a smart account" and "revoke delegation" (EIP-7702), in their own approval
 * window (kind `delegation`): planned and simulated over proven state (./delegate.ts, the
 * authorization run unsigned), judged by the signing policy as any send, and only once approved
 * re-planned, re-judged, its authorization and then the transaction signed (./authorization.ts
 * holds the signed tuple to the plan), written down, broadcast; the activity verifies its
 * receipt like any transaction's, and {@link DelegationRequests.confirm} reads the delegation again
 * proven at a head past it. Only the wallet's own origin reaches this: no page method leads here
 * (a page's authorizationList stays refused: src/wallet/transaction-request.ts, src/execution/call-request.ts).
 * @module
 */
import { InputError } from '../../../core/errors.ts';
import type { ApprovalRow } from '../../../storage/wallet.ts';
import { WalletError } from '../../../wallet/errors.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../wallet/eip7702-pin.ts';
import { refusalError } from '../../../wallet/policy.ts';
import { maxCost } from '../../../wallet/transaction.ts';
import { toChecksumAddress } from '../../../wallet/keys.ts';
import type { AccountDelegation } from './delegation.ts';
import type { CodeState, DelegationAction, DelegationHost, PreparedDelegation } from './delegate.ts';
import { authorizedTransaction, policyView } from './authorization.ts';
import { WALLET_ORIGIN } from '../permissions.ts';
import { originOf, pendingOf, type SigningDeps } from '../signing-checks.ts';
import { toJson } from '../transaction-details.ts';
import { judgeTransaction } from '../transactions.ts';

export interface DelegationRequestsDeps extends Omit<SigningDeps, 'transactions' | 'permissions'> {
  /** The followed network's pinned delegate address (its profile's `delegator`); undefined: not offered there. */
  delegator(): string | undefined;
  /** Where the proofs and runs happen (./delegate.ts delegationHost; the app host in the extension); absent: delegating is not offered. */
  host: DelegationHost | undefined;
}

/** What the delegation window shows (JSON). */
export interface DelegationDetails {
  from: string;
  action: DelegationAction;
  chainId: number;
  chainName: string;
  before: CodeState;
  after: CodeState;
  /** The pinned delegate (the zero address for a revocation) and its name. */
  delegate: string;
  delegateName: string;
}

export class DelegationRequests {
  /** Prepared delegations by approval id (nothing signed yet): memory only. */
  private readonly prepared = new Map<string, PreparedDelegation>();

  constructor(private readonly deps: DelegationRequestsDeps) {}

  /**
   * Opens the delegation window for `from` and resolves to the transaction's hash once approved,
   * signed and sent.
   * @throws WalletError DISCONNECTED, DELEGATION_NOT_OFFERED, DELEGATE_NOT_PINNED, AUTHORIZATION_REFUSED,
   *   WOULD_REVERT, EFFECTS_NOT_PROVEN, the policy's refusals, USER_REJECTED; InputError (a contract, nothing to revoke)
   */
  async request(params: { from: string; action: DelegationAction }): Promise<string> {
    const { keyring } = this.deps;
    await keyring.ready();
    if (params.action !== 'delegate' && params.action !== 'revoke') throw new InputError(`"action" expected "delegate" or "revoke", got ${String(params.action)}`);
    const from = toChecksumAddress(params.from);
    if (!keyring.addresses().includes(from)) throw new WalletError('UNKNOWN_ACCOUNT', `the wallet holds no account ${from}`);
    const ctx = { origin: WALLET_ORIGIN };
    return (await this.deps.approvals.approve(ctx, 'delegation', { from, action: params.action }, async (id) => {
      const { chain, network, host } = this.connected();
      const now = Math.floor(this.deps.now() / 1000);
      const pending = await pendingOf(this.deps.repo, network.chainId, from, this.deps.now());
      const plan = await host.plan({ from, action: params.action, delegator: this.deps.delegator(), pending, now });
      // Simulated unsigned: the authorization is signed in `perform`, after the click, or never.
      const prepared = await host.prepare(plan, now);
      const verdict = judgeTransaction(chain.network, { ...prepared, tx: policyView(prepared.tx) }, from, { origin: originOf(WALLET_ORIGIN, true), pending, now });
      this.prepared.set(id, prepared);
      const details: DelegationDetails & Record<string, unknown> = {
        from,
        action: plan.action,
        chainId: network.chainId,
        chainName: network.name,
        before: plan.beforeState,
        after: prepared.after,
        delegate: plan.authorization.address,
        delegateName: plan.action === 'delegate' ? SIMPLE_7702_ACCOUNT.name : 'none (address 0 clears the code)',
      };
      return toJson({
        ...details,
        tx: { type: 4, chainId: prepared.tx.chainId, nonce: prepared.tx.nonce, gasLimit: prepared.tx.gasLimit, maxFeePerGas: prepared.tx.maxFeePerGas, maxPriorityFeePerGas: prepared.tx.maxPriorityFeePerGas, to: prepared.tx.to, value: 0n },
        authorizationNonce: plan.authorization.nonce,
        maxCost: maxCost(policyView(prepared.tx)),
        tipSource: prepared.tipSource,
        at: plan.facts.head,
        effects: prepared.effects,
        verdict,
      });
    })) as string;
  }

  /** The approved delegation signed, written down and sent (the approval queue calls this once it is ours). */
  async perform(row: ApprovalRow): Promise<string> {
    const stored = row.request as { details: Record<string, unknown>; signed?: { raw: string; hash: string } };
    const { chain, network, host } = this.connected();
    let signed = stored.signed;
    if (signed === undefined) {
      const prepared = this.prepared.get(row.id);
      this.prepared.delete(row.id);
      // The prepared delegation is held in memory only: after a restart it is asked again, never rebuilt unseen (nothing was signed).
      if (prepared === undefined) throw new WalletError('EFFECTS_NOT_PROVEN', 'Vigil restarted since this delegation was shown: start it again from the popup');
      const from = prepared.plan.from;
      const now = Math.floor(this.deps.now() / 1000);
      // The account and the delegate proven again at the newest signing head: the same plan or nothing.
      const pending = await pendingOf(this.deps.repo, network.chainId, from, this.deps.now());
      const again = await host.plan({ from, action: prepared.plan.action, delegator: this.deps.delegator(), pending, now });
      if (again.nonce !== prepared.plan.nonce) throw new WalletError('NONCE_NOT_VERIFIED', `the account's nonce moved since the window (${prepared.plan.nonce} → ${again.nonce}): start it again`);
      if (again.authorization.address.toLowerCase() !== prepared.plan.authorization.address.toLowerCase()) {
        throw new WalletError('DELEGATE_NOT_PINNED', `the network's delegate moved since the window (${prepared.plan.authorization.address} → ${again.authorization.address}): start it again`);
      }
      const verdict = judgeTransaction(chain.network, { ...prepared, tx: policyView(prepared.tx), facts: again.facts }, from, { origin: originOf(WALLET_ORIGIN, true), pending, now });
      if (!verdict.ok) throw refusalError(verdict.refusals);
      // Signed now that the user approved, where the keys are; never for chain 0 (src/wallet/set-code-authorization.ts).
      const authorization = await this.deps.keyring.signAuthorization(from, prepared.plan.authorization);
      const tx = authorizedTransaction(prepared.tx, prepared.plan.authorization, from, authorization);
      const s = await this.deps.keyring.signTransaction(from, tx);
      signed = { raw: s.raw, hash: s.hash };
      // Written down before it is sent: a restart sends these bytes, it never signs again.
      await this.deps.repo.putApproval({ ...row, request: toJson({ ...stored, signed }), updatedAt: this.deps.now() });
      const summary = prepared.plan.action === 'delegate' ? `Delegate to ${SIMPLE_7702_ACCOUNT.name}` : 'Revoke delegation';
      await this.deps.activity.recordSigned(network, s, tx, row.origin, summary, { effects: prepared.effects });
    }
    await this.deps.activity.broadcast(chain, signed.raw, { keepError: true }).catch(() => {});
    return signed.hash;
  }

  /**
   * The account's delegation proven at the newest signing head (one past the transaction's verified
   * receipt), held to what was asked.
   * @throws WalletError DELEGATE_NOT_PINNED when it is not
   */
  confirm(from: string, action: DelegationAction): Promise<AccountDelegation> {
    const { host } = this.connected();
    const delegate = action === 'delegate' ? this.deps.delegator() : undefined;
    if (action === 'delegate' && delegate === undefined) throw new WalletError('DELEGATION_NOT_OFFERED', 'this network has no pinned delegate');
    return host.confirm(from, action, delegate ?? '', Math.floor(this.deps.now() / 1000));
  }

  private connected() {
    const chain = this.deps.chain();
    const network = this.deps.network();
    const host = this.deps.host;
    if (!chain || !network) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    if (host === undefined) throw new WalletError('DELEGATION_NOT_OFFERED', 'this wallet offers no delegation');
    return { chain, network, host };
  }
}
