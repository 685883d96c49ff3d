/**
 * EIP-5792 call batches (wallet_sendCalls, wallet_getCallsStatus, wallet_getCapabilities): one
 * approval for the whole batch; one transaction per call for an externally owned account, ONE
 * transaction for an account proven delegated to the pinned EIP-7702 delegate (./atomic.ts).
 *
 * Atomic batches: an account whose proven delegation is the pinned Simple7702Account runs a batch
 * of two or more calls as one transaction to itself calling the delegate's `executeBatch`
 * (src/wallet/smart-account/atomic-batch.ts), simulated as one over proven state (the local EVM runs the
 * delegate's code), signed once, all or nothing. With `atomicRequired: false` such an account's
 * batch runs atomically too: EIP-5792 lets the wallet choose, and one signature, one fee and no
 * half-done batch is what the user wants; only a batch with a contract creation (which the batch
 * call cannot make) then goes one transaction per call. `atomicRequired: true` on any other
 * account (an unknown delegate, no delegation) is refused with 5760. The delegation is proven
 * again before signing: an account no longer delegated to the pin is not signed for.
 *
 * Sequential batches:
 * - Before the window: the calls are simulated in order over proven state (later calls' gas limits
 *   come from that run, then the batch runs again with the limits it will be signed with); a call
 *   that fails there refuses the batch (WOULD_REVERT, naming the call). Their nonces follow the
 *   sender's pending transactions and the calls of its other batches not yet sent.
 * - At approval: every call is checked by the signing policy (nonces following each other), the
 *   batch simulated again against what the window showed (the snapshot rule), and all calls signed
 *   at once, while the light client is fresh; the signed bytes are written down (src/storage/call-batches.ts).
 * - Then in order (./progress.ts): a call is sent only once the one before it has a
 *   verified receipt with status 1 and the calls left still succeed in a simulation at the newest
 *   head; a call that reverts on chain, whose nonce another transaction used, or that would fail
 *   now stops the batch: the calls after it are never sent and their bytes are erased. So does
 *   the batch's expiry (an hour after approval unless the user set another: ./expiry.ts)
 *   and a change of network. Until then its calls not sent count as pending when the next nonce
 *   of the sender is chosen (../signing-checks.ts pendingOf): a send approved meanwhile takes a
 *   nonce above them.
 * - Nothing above a stopped batch is stranded: each call is signed with its filler (0 to the
 *   sender at the same nonce, within the call's fee caps: ./fillers.ts), sent in the call's place
 *   when a transaction of the wallet waits above a nonce the batch left unused.
 * - Its status comes from the activity (src/client/wallet/activity.ts, which settles each sent call on
 *   verified receipts) and the receipts proven again when asked (./calls-status.ts).
 * @module
 */
import { bigIntToHex } from '../../../core/bytes.ts';
import { type CallBatchRepo, type CallBatchRow, batchKey } from '../../../storage/call-batches.ts';
import type { ApprovalRow } from '../../../storage/wallet.ts';
import { type AtomicBatchAsk, type AtomicStatus, walletCapabilities } from '../../../wallet/call-batch.ts';
import type { BatchCall, CallBatchRequest } from '../../../wallet/send-calls.ts';
import { WalletError } from '../../../wallet/errors.ts';
import type { PendingTransaction, RequestOrigin } from '../../../wallet/policy.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { maxCost } from '../../../wallet/transaction.ts';
import type { CallsStatus } from './calls-status.ts';
import type { RequestContext } from '../approvals.ts';
import { toJson, transactionDetails, transactionFromDetails } from '../transaction-details.ts';
import { checkBeforeSigning, originOf, pendingOf, type SigningDeps } from '../signing-checks.ts';
import { DEFAULT_BATCH_EXPIRY_MINUTES } from '../../network/settings.ts';
import type { PreparedTransaction } from '../transactions.ts';
import { fillerTx } from './fillers.ts';
import type { PreparedBatch } from './prepare.ts';

export interface CallBatchesDeps extends SigningDeps {
  batches: CallBatchRepo;
  /** A page's wallet_sendCalls request, read and checked (src/wallet/send-calls.ts; the app host runs it in the extension). */
  readCalls(params: unknown): Promise<CallBatchRequest>;
  /** The batch prepared for its window (./prepare.ts; the app host runs it in the extension, beside the simulation). */
  prepareCalls(origin: RequestOrigin, from: string, calls: readonly BatchCall[], pending: readonly PendingTransaction[], toleranceBps?: number, atomic?: boolean): Promise<PreparedBatch>;
  /**
   * Whether the account is proven delegated to the pinned delegate at the signing head; with
   * `batch`, whether that batch runs as one transaction through it (./atomic.ts provenAtomic; the
   * app host runs it in the extension, with its refusals' words).
   * @throws WalletError DELEGATION_NOT_PROVEN; with `batch`, ATOMICITY_NOT_SUPPORTED
   */
  atomic(address: string, batch?: AtomicBatchAsk): Promise<boolean>;
  /** wallet_getCallsStatus (./calls-status.ts; the app host answers it in the extension). */
  callsStatus(origin: string, id: string): Promise<CallsStatus>;
  /** Moves the open batches on (./progress.ts; the app host runs it in the extension), after each activity pass. */
  advanceBatches(): Promise<void>;
  /** How long a batch's signed calls may still be sent after its approval (minutes, the user's setting); undefined: 60. */
  batchExpiryMinutes?(): number | undefined;
}

/** What the approval window shows of a batch (JSON), beside each call's transaction details. */
interface BatchDetails {
  batchId: string;
  from: string;
  calls: Record<string, unknown>[];
  effects?: TransactionEffects;
  /** An atomic batch: its one transaction (`calls[0]`) runs these calls through the delegate, all or nothing. */
  atomic?: { calls: { to: string; value: string; data: string }[] };
}

export class CallBatches {
  constructor(private readonly deps: CallBatchesDeps) {}

  /**
   * wallet_getCapabilities, per account: on the current network, `atomic: supported` when the
   * account is proven delegated to the pinned delegate at the signing head, else `unsupported`
   * (src/wallet/call-batch.ts AtomicStatus says why never `ready`). On another chain Vigil can verify, and for
   * no account named, `unsupported`: a batch is sent only on the current network, from an account.
   * @throws WalletError NOT_PERMITTED for an account the site was not given; DELEGATION_NOT_PROVEN
   *   when the account's delegation cannot be proven now (never guessed)
   */
  async capabilities(origin: string, address: string | undefined, chainIds: readonly bigint[] | undefined): Promise<Record<string, unknown>> {
    if (address !== undefined && !(await this.deps.permissions.permitted(origin, address))) throw new WalletError('NOT_PERMITTED', `${origin} has not been given ${address}`);
    const current = this.deps.network()?.chainId;
    const asked = chainIds ?? (current !== undefined ? [BigInt(current)] : []);
    const chains = asked.filter((c) => c === BigInt(current ?? -1) || this.deps.networkForChain(c) !== undefined);
    let here: AtomicStatus = 'unsupported';
    if (address !== undefined && current !== undefined && chains.includes(BigInt(current)) && (await this.deps.atomic(address))) here = 'supported';
    return walletCapabilities(chains.map((chainId) => ({ chainId, atomic: chainId === BigInt(current ?? -1) ? here : 'unsupported' })));
  }

  /**
   * wallet_sendCalls: the batch waits for the user in one approval; resolves to its id once every
   * call is signed and the first is sent.
   * @throws WalletError (see src/wallet/call-batch.ts parseSendCalls), BATCH_CHAIN_UNSUPPORTED,
   *   BATCH_ID_EXISTS, NOT_PERMITTED, WOULD_REVERT (naming the call), EFFECTS_NOT_PROVEN
   */
  async send(ctx: RequestContext, params: unknown): Promise<{ id: string }> {
    await this.deps.keyring.ready();
    const batch = await this.deps.readCalls(params);
    const network = this.deps.network();
    if (!network || !this.deps.chain()) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    if (batch.chainId !== BigInt(network.chainId)) {
      throw new WalletError('BATCH_CHAIN_UNSUPPORTED', `the batch is for chain ${bigIntToHex(batch.chainId)}; Vigil is on ${network.name} (chain ${bigIntToHex(BigInt(network.chainId))}): switch first`);
    }
    const from = batch.from ?? (await this.deps.permissions.accounts(ctx.origin))[0];
    if (from === undefined) throw new WalletError('NOT_PERMITTED', `${ctx.origin} has not been given any account: call eth_requestAccounts first`);
    if (!(await this.deps.permissions.permitted(ctx.origin, from))) throw new WalletError('NOT_PERMITTED', `${ctx.origin} may not use ${from}`);
    // A resend of this very request joins its approval; another request with a used id is refused.
    const joining = ctx.requestKey !== undefined && (await this.deps.repo.findApproval(ctx.requestKey)) !== undefined;
    if (batch.id !== undefined && !joining && (await this.deps.batches.get(ctx.origin, batch.id))) throw idInUse(batch.id);
    const origin = originOf(ctx.origin, true);
    // One call is one transaction, atomic by itself: nothing to prove.
    const atomic = batch.calls.length > 1 && (await this.deps.atomic(from, batch));
    // What the calls move out of the account inside the one transaction (its own value is 0).
    const inner = atomic ? batch.calls.reduce((sum, c) => sum + c.value, 0n) : 0n;
    return (await this.deps.approvals.approve(ctx, 'calls', params, async (approvalId) => {
      const { prepared, verdict, effects } = await this.deps.prepareCalls(origin, from, batch.calls, await pendingOf(this.deps.repo, network.chainId, from, this.deps.now()), this.deps.incomingToleranceBps?.(), atomic);
      this.deps.approvals.prepared.set(approvalId, prepared);
      const now = this.deps.now();
      return toJson({
        batchId: batch.id ?? `0x${approvalId}`,
        from,
        calls: prepared.map((p) => transactionDetails(p, from, now)),
        verdict,
        maxCost: prepared.reduce((sum, p) => sum + maxCost(p.tx), inner),
        ...(effects !== undefined ? { effects } : {}),
        // The page's calls (their values in decimal, as toJson writes them).
        ...(atomic ? { atomic: { calls: batch.calls } } : {}),
      });
    })) as { id: string };
  }

  /** The approved batch: checked again, signed whole, written down, its first call sent. */
  async perform(row: ApprovalRow): Promise<{ id: string }> {
    const details = (row.request as { details: BatchDetails }).details;
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    const existing = await this.deps.batches.get(row.origin, details.batchId);
    if (existing !== undefined) {
      // This approval's batch, written before a restart: it goes on from its row, never signed again.
      if (existing.approval !== row.id) throw idInUse(details.batchId);
      void this.deps.advanceBatches().catch(() => {});
      return { id: details.batchId };
    }
    const from = details.from;
    if (details.atomic !== undefined) {
      // Signed only while the account is still proven delegated to the pin: else its transaction to itself would do nothing, or another delegate's will.
      if (!(await this.deps.atomic(from))) throw new WalletError('ATOMICITY_NOT_SUPPORTED', `${from} is no longer delegated to the delegate Vigil pins: the batch was not signed`);
    }
    const prepared =
      (this.deps.approvals.prepared.get(row.id) as PreparedTransaction[] | undefined) ??
      details.calls.map((c) => ({ tx: transactionFromDetails(c), gasSource: c.gasSource }) as PreparedTransaction);
    // One call to the transaction host: the sender proven again at the newest head, the batch simulated again.
    const effects = await checkBeforeSigning(this.deps, chain.network, from, prepared, {
      origin: originOf(row.origin, await this.deps.permissions.permitted(row.origin, from)),
      pending: await pendingOf(this.deps.repo, network.chainId, from, this.deps.now()),
      seen: details.effects,
    });
    const calls = [];
    for (const [k, p] of prepared.entries()) {
      const s = await this.deps.keyring.signTransaction(from, p.tx);
      // Its filler (./fillers.ts): the same nonce and fee caps, 0 to the sender, 21,000 gas, so it
      // costs at most what the policy just passed for this nonce; sent only if the call never is.
      const f = await this.deps.keyring.signTransaction(from, fillerTx(p.tx, from));
      // The transaction as the window wrote it down (the same one signed here).
      const shown = details.calls[k]!;
      calls.push({ hash: s.hash, nonce: p.tx.nonce.toString(), raw: s.raw, tx: shown.tx as Record<string, unknown>, summary: String(shown.summary ?? 'Transaction'), filler: { hash: f.hash, raw: f.raw } });
    }
    const at = this.deps.now();
    const toleranceBps = this.deps.incomingToleranceBps?.();
    const batch: CallBatchRow = {
      key: batchKey(row.origin, details.batchId),
      id: details.batchId,
      approval: row.id,
      origin: row.origin,
      chainId: network.chainId,
      networkId: network.id,
      from,
      calls,
      sent: 0,
      ...(details.atomic !== undefined ? { atomic: { calls: details.atomic.calls.length } } : {}),
      ...(effects !== undefined ? { effects } : {}),
      ...(toleranceBps !== undefined ? { toleranceBps } : {}),
      expiresAt: at + (this.deps.batchExpiryMinutes?.() ?? DEFAULT_BATCH_EXPIRY_MINUTES) * 60_000,
      createdAt: at,
      updatedAt: at,
    };
    if (!(await this.deps.batches.add(batch))) throw idInUse(details.batchId);
    // Its first call goes out now; an endpoint that fails here is tried again after the next activity pass.
    await this.deps.advanceBatches().catch(() => {});
    return { id: details.batchId };
  }

  /** wallet_getCallsStatus. @throws WalletError BATCH_NOT_FOUND, BATCH_CHAIN_UNSUPPORTED */
  status(origin: string, id: string): Promise<CallsStatus> {
    return this.deps.callsStatus(origin, id);
  }
}

const idInUse = (id: string) => new WalletError('BATCH_ID_EXISTS', `this site sent a batch with id ${id.slice(0, 80)} already`);

