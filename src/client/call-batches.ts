/**
 * EIP-5792 call batches (wallet_sendCalls, wallet_getCallsStatus, wallet_getCapabilities) for an
 * externally owned account: one approval for the whole batch, one transaction per call.
 *
 * - Before the window: the calls are simulated in order over proven state (later calls' gas limits
 *   come from that run, then the batch runs again with the limits it will be signed with); a call
 *   that fails there refuses the batch (WOULD_REVERT, naming the call).
 * - At approval: every call is checked by the signing policy (nonces following each other), the
 *   batch simulated again against what the window showed (the snapshot rule), and all calls signed
 *   at once, while the light client is fresh; the signed bytes are written down (src/storage/call-batches.ts).
 * - Then in order: a call is sent only once the one before it has a verified receipt with status 1
 *   and the calls left still succeed in a simulation at the newest head. A call that reverts on
 *   chain, whose nonce another transaction used, or that would fail now stops the batch: the calls
 *   after it are never sent and their bytes are erased.
 * - Its status comes from the activity (src/client/activity.ts, which settles each sent call on
 *   verified receipts) and the receipts proven again when asked.
 * @module
 */
import { bigIntToHex, hexToBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import { TransportError } from '../rpc/errors.ts';
import { type CallBatchRepo, type CallBatchRow, batchKey } from '../storage/call-batches.ts';
import type { ActivityRow, ApprovalRow, WalletRepo } from '../storage/wallet.ts';
import { batchStatusCode, type CallState, CALLS_VERSION, parseSendCalls, walletCapabilities } from '../wallet/call-batch.ts';
import { WalletError } from '../wallet/errors.ts';
import { type PendingTransaction, type PolicyVerdict, refusalError } from '../wallet/policy.ts';
import type { TransactionEffects } from '../wallet/transaction-effects.ts';
import { parseTransactionRequest, type TransactionRequest } from '../wallet/transaction-request.ts';
import { maxCost } from '../wallet/transaction.ts';
import type { Activity, ActivityReader } from './activity.ts';
import type { Approvals, NetworkInfo, RequestContext } from './approvals.ts';
import type { KeyringSession } from './keyring-session.ts';
import type { Permissions } from './permissions.ts';
import { toJson, transactionDetails, transactionFromDetails } from './transaction-details.ts';
import type { Preview, SeenEffects } from './transaction-preview.ts';
import { originOf, requestOfTx } from './wallet-requests.ts';
import { prepareTransaction, type PreparedTransaction, recheckTransaction, type WalletChain } from './wallet-transactions.ts';

export interface CallBatchesDeps {
  repo: WalletRepo;
  batches: CallBatchRepo;
  keyring: KeyringSession;
  permissions: Permissions;
  approvals: Approvals;
  activity: Activity;
  now(): number;
  chain(): WalletChain | undefined;
  chainReader(): ActivityReader | undefined;
  network(): NetworkInfo | undefined;
  /** Chain ids Vigil can sign on (networks it can verify). */
  networkForChain(chainId: bigint): string | undefined;
  previewTransactions?(requests: TransactionRequest[], against?: SeenEffects): Promise<Preview>;
  incomingToleranceBps?(): number | undefined;
}

/** What the approval window shows of a batch (JSON), beside each call's transaction details. */
interface BatchDetails {
  batchId: string;
  from: string;
  calls: Record<string, unknown>[];
  effects?: TransactionEffects;
}

/** A receipt as EIP-5792 returns it: a subset of eth_getTransactionReceipt's. */
export interface CallReceipt {
  logs: { address: string; topics: string[]; data: string }[];
  status: string;
  blockHash: string;
  blockNumber: string;
  gasUsed: string;
  transactionHash: string;
}

export interface CallsStatus {
  version: string;
  id: string;
  chainId: string;
  status: number;
  atomic: false;
  receipts: CallReceipt[];
  /** Vigil's account of each call (EIP-5792 lets a wallet attach its own metadata). */
  capabilities: { vigil: { calls: { state: CallState; transactionHash?: string }[]; stopped?: { call: number; reason: string } } };
}

const EXPECTED = [VerificationError, TransportError];
const unproven = (err: unknown) => EXPECTED.some((E) => err instanceof E);

export class CallBatches {
  /** One pass at a time: heads can come faster than calls are sent. */
  private advancing: Promise<void> | undefined;

  constructor(private readonly deps: CallBatchesDeps) {}

  /** wallet_getCapabilities: atomic batches unsupported on each chain Vigil can sign on. @throws WalletError NOT_PERMITTED for an account the site was not given. */
  async capabilities(origin: string, address: string | undefined, chainIds: readonly bigint[] | undefined): Promise<Record<string, unknown>> {
    if (address !== undefined && !(await this.deps.permissions.permitted(origin, address))) throw new WalletError('NOT_PERMITTED', `${origin} has not been given ${address}`);
    const current = this.deps.network()?.chainId;
    const asked = chainIds ?? (current !== undefined ? [BigInt(current)] : []);
    return walletCapabilities(asked.filter((c) => (current !== undefined && c === BigInt(current)) || this.deps.networkForChain(c) !== undefined));
  }

  /**
   * wallet_sendCalls: the batch waits for the user in one approval; resolves to its id once every
   * call is signed and the first is sent.
   * @throws WalletError (see src/wallet/call-batch.ts parseSendCalls), BATCH_CHAIN_UNSUPPORTED,
   *   BATCH_ID_EXISTS, NOT_PERMITTED, WOULD_REVERT (naming the call), EFFECTS_NOT_PROVEN
   */
  async send(ctx: RequestContext, params: unknown): Promise<{ id: string }> {
    await this.deps.keyring.ready();
    const batch = parseSendCalls(params);
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
    if (batch.id !== undefined && !joining && (await this.deps.batches.get(ctx.origin, batch.id))) throw new WalletError('BATCH_ID_EXISTS', `this site sent a batch with id ${batch.id.slice(0, 80)} already`);
    const requests = batch.calls.map((c) => parseTransactionRequest({ from, ...(c.to !== null ? { to: c.to } : {}), value: bigIntToHex(c.value), data: c.data }));
    return (await this.deps.approvals.approve(ctx, 'calls', params, async (approvalId) => {
      const prepared = await this.prepare(ctx.origin, from, requests);
      const effects = await this.preview(from, prepared);
      this.deps.approvals.prepared.set(approvalId, prepared);
      const now = this.deps.now();
      return toJson({
        batchId: batch.id ?? `0x${approvalId}`,
        from,
        calls: prepared.map((p) => transactionDetails(p, from, now)),
        verdict: batchVerdict(prepared),
        maxCost: prepared.reduce((sum, p) => sum + maxCost(p.tx), 0n),
        ...(effects !== undefined ? { effects } : {}),
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
      if (existing.approval !== row.id) throw new WalletError('BATCH_ID_EXISTS', `this site sent a batch with id ${details.batchId.slice(0, 80)} already`);
      void this.advance().catch(() => {});
      return { id: details.batchId };
    }
    const from = details.from;
    const prepared =
      (this.deps.approvals.prepared.get(row.id) as PreparedTransaction[] | undefined) ??
      details.calls.map((c) => ({ tx: transactionFromDetails(c), gasSource: c.gasSource }) as PreparedTransaction);
    const pending = await this.pending(network.chainId, from);
    const now = Math.floor(this.deps.now() / 1000);
    const origin = originOf(row.origin, await this.deps.permissions.permitted(row.origin, from));
    for (const [k, p] of prepared.entries()) {
      const verdict = await recheckTransaction(chain, p, from, { origin, pending: [...pending, ...asPending(prepared.slice(0, k))], now });
      if (!verdict.ok) throw refusalError(verdict.refusals.map((r) => ({ ...r, message: `Call ${k + 1} of ${prepared.length}: ${r.message}` })));
    }
    const effects = await this.signedAgainst(details, prepared, from);
    const calls = [];
    for (const [k, p] of prepared.entries()) {
      const s = await this.deps.keyring.signTransaction(from, p.tx);
      calls.push({ hash: s.hash, nonce: p.tx.nonce.toString(), raw: s.raw, tx: toJson(transactionDetails(p, from, 0).tx), summary: String(details.calls[k]?.summary ?? 'Transaction') });
    }
    const at = this.deps.now();
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
      ...(effects !== undefined ? { effects } : {}),
      createdAt: at,
      updatedAt: at,
    };
    if (!(await this.deps.batches.add(batch))) throw new WalletError('BATCH_ID_EXISTS', `this site sent a batch with id ${details.batchId.slice(0, 80)} already`);
    await this.sendNext(batch, chain, network);
    return { id: details.batchId };
  }

  /** wallet_getCallsStatus, from the activity's verified settlements and receipts proven now. @throws WalletError BATCH_NOT_FOUND */
  async status(origin: string, id: string): Promise<CallsStatus> {
    const row = await this.deps.batches.get(origin, id);
    if (!row) throw new WalletError('BATCH_NOT_FOUND', `this site has no batch with id ${id.slice(0, 80)}`);
    const network = this.deps.network();
    const reader = this.deps.chainReader();
    if (!network || network.chainId !== row.chainId || !reader) {
      throw new WalletError('BATCH_CHAIN_UNSUPPORTED', `the batch was sent on chain ${bigIntToHex(BigInt(row.chainId))}: its receipts are proven only while Vigil is on that network`);
    }
    const states: CallState[] = [];
    const receipts: CallReceipt[] = [];
    for (const [k, call] of row.calls.entries()) {
      if (k >= row.sent) {
        states.push(row.stopped !== undefined ? 'not-sent' : 'waiting');
        continue;
      }
      const state = callState(await this.deps.repo.getActivity(call.hash));
      states.push(state);
      if (state === 'included' || state === 'reverted') receipts.push(await provenReceipt(reader, call.hash));
    }
    return {
      version: CALLS_VERSION,
      id: row.id,
      chainId: bigIntToHex(BigInt(row.chainId)),
      status: batchStatusCode(states),
      atomic: false,
      receipts,
      capabilities: {
        vigil: {
          calls: states.map((state, k) => ({ state, ...(k < row.sent ? { transactionHash: row.calls[k]!.hash } : {}) })),
          ...(row.stopped !== undefined ? { stopped: row.stopped } : {}),
        },
      },
    };
  }

  /** Moves each open batch of this network on: the next call sent, or the batch stopped (called after each activity pass). */
  advance(): Promise<void> {
    this.advancing ??= this.advanceOnce().finally(() => (this.advancing = undefined));
    return this.advancing;
  }

  private async advanceOnce(): Promise<void> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) return;
    for (const batch of await this.deps.batches.open()) {
      if (batch.chainId !== network.chainId) continue;
      try {
        await this.step(batch, chain, network);
      } catch {
        // Not provable now (a lying or slow endpoint): tried again after the next activity pass.
      }
    }
  }

  private async step(batch: CallBatchRow, chain: WalletChain, network: NetworkInfo): Promise<void> {
    if (batch.sent === 0) return this.sendNext(batch, chain, network);
    const k = batch.sent - 1;
    const state = callState(await this.deps.repo.getActivity(batch.calls[k]!.hash));
    const of = `call ${k + 1} of ${batch.calls.length}`;
    if (state === 'reverted') return this.stop(batch, `${of} reverted on chain`);
    if (state === 'dropped') return this.stop(batch, `${of} was never included: another transaction used its nonce`);
    if (state !== 'included') return;
    if (this.deps.previewTransactions !== undefined) {
      // The calls left, run at the newest head on what the sent ones did: one that fails now is not sent.
      const left = batch.calls.slice(batch.sent).map((c) => ({ ...requestOfTx(transactionFromDetails({ tx: c.tx })), from: batch.from as TransactionRequest['from'] }));
      const { effects } = await this.deps.previewTransactions(left);
      if (!effects.ok) {
        const failing = batch.sent + (effects.revert?.call ?? 0);
        return this.stop(batch, `call ${failing + 1} of ${batch.calls.length} would fail at block ${effects.at.blockNumber}: ${effects.revert?.reason ?? 'reverted'}`);
      }
    }
    await this.sendNext(batch, chain, network);
  }

  /** Writes call `sent` in the activity (unless a restart already did), marks it sent, then sends its bytes. */
  private async sendNext(batch: CallBatchRow, chain: WalletChain, network: NetworkInfo): Promise<void> {
    const k = batch.sent;
    const call = batch.calls[k]!;
    if (call.raw === undefined) return;
    if ((await this.deps.repo.getActivity(call.hash)) === undefined) {
      const tx = transactionFromDetails({ tx: call.tx });
      const summary = batch.calls.length > 1 ? `${call.summary} (${k + 1} of ${batch.calls.length})` : call.summary;
      await this.deps.activity.recordSigned(network, { raw: call.raw as `0x${string}`, hash: call.hash as `0x${string}`, from: batch.from as `0x${string}` }, tx, batch.origin, summary, k === 0 && batch.effects ? { effects: batch.effects } : {});
    }
    const { raw, ...sentCall } = call;
    await this.deps.batches.put({ ...batch, calls: batch.calls.map((c, i) => (i === k ? sentCall : c)), sent: k + 1, updatedAt: this.deps.now() });
    await this.deps.activity.broadcast(chain, raw, { keepError: true }).catch(() => {});
  }

  /** The calls from `sent` on are never sent: their signed bytes go. */
  private async stop(batch: CallBatchRow, reason: string): Promise<void> {
    const calls = batch.calls.map(({ raw: _raw, ...c }) => c);
    await this.deps.batches.put({ ...batch, calls, stopped: { call: batch.sent, reason }, updatedAt: this.deps.now() });
  }

  /**
   * Each call prepared from verified state, nonces following each other: the calls after the
   * first depend on what the ones before them do, so their gas limits come from one simulation
   * of the batch in order.
   */
  private async prepare(origin: string, from: string, requests: TransactionRequest[]): Promise<PreparedTransaction[]> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    let gas: bigint[] | undefined;
    if (requests.length > 1 && this.deps.previewTransactions !== undefined) {
      const effects = await this.simulate(requests);
      gas = effects.gasUsed?.map((used, k) => gasLimitOf(BigInt(used), requests[k]!));
    }
    const pending = await this.pending(network.chainId, from);
    const out: PreparedTransaction[] = [];
    const permitted = await this.deps.permissions.permitted(origin, from);
    for (const [k, r] of requests.entries()) {
      out.push(
        await prepareTransaction(chain, gas ? { ...r, gasLimit: gas[k]! } : r, {
          origin: originOf(origin, permitted),
          pending: [...pending, ...asPending(out)],
          now: Math.floor(this.deps.now() / 1000),
          ...(gas ? { gasSource: 'verified-estimate' as const } : {}),
        }),
      );
    }
    return out;
  }

  /** The batch as it will be signed (gas limits and nonces set), simulated in order: its effects for the window. */
  private async preview(from: string, prepared: PreparedTransaction[]): Promise<TransactionEffects | undefined> {
    if (this.deps.previewTransactions === undefined) return undefined;
    return this.simulate(prepared.map((p) => ({ ...requestOfTx(p.tx), from: from as TransactionRequest['from'] })));
  }

  /** @throws WalletError WOULD_REVERT naming the failing call; EFFECTS_NOT_PROVEN when the run cannot be proven */
  private async simulate(requests: TransactionRequest[]): Promise<TransactionEffects> {
    let effects: TransactionEffects;
    try {
      ({ effects } = await this.deps.previewTransactions!(requests));
    } catch (err) {
      if (!unproven(err)) throw err;
      throw new WalletError('EFFECTS_NOT_PROVEN', `what the batch does could not be simulated over proven state: ${(err as VerificationError).shortMessage}`, { cause: err });
    }
    if (!effects.ok) {
      const k = effects.revert?.call ?? 0;
      throw new WalletError('WOULD_REVERT', `call ${k + 1} of ${requests.length} fails on the verified state of block ${effects.at.blockNumber}: ${effects.revert?.reason ?? 'reverted'}`);
    }
    return effects;
  }

  /** The batch simulated again at the newest head before it is signed (as src/client/wallet-requests.ts does for one transaction). */
  private async signedAgainst(details: BatchDetails, prepared: PreparedTransaction[], from: string): Promise<TransactionEffects | undefined> {
    if (this.deps.previewTransactions === undefined) return undefined;
    const requests = prepared.map((p) => ({ ...requestOfTx(p.tx), from: from as TransactionRequest['from'] }));
    let now: Preview;
    try {
      now = await this.deps.previewTransactions(requests, { seen: details.effects ?? null, toleranceBps: this.deps.incomingToleranceBps?.() });
    } catch (err) {
      if (!unproven(err)) throw err;
      throw new WalletError('EFFECTS_NOT_PROVEN', `what the batch does could not be simulated again over proven state: ${(err as VerificationError).shortMessage}`, { cause: err });
    }
    const reasons = now.changed ?? [];
    if (reasons.length > 0) {
      throw new WalletError('EFFECTS_CHANGED', `since you approved, at block ${now.effects.at.blockNumber}: ${reasons.join('; ')}`, { details: JSON.stringify({ effects: now.effects, effectsChanged: reasons }) });
    }
    return now.effects;
  }

  private async pending(chainId: number, from: string): Promise<PendingTransaction[]> {
    return (await this.deps.repo.unsettled(chainId, from)).map((r) => ({ nonce: BigInt(r.nonce), maxCost: BigInt(r.maxCost) }));
  }
}

/** A sent call as its activity row settles it. */
function callState(row: ActivityRow | undefined): CallState {
  switch (row?.status) {
    case 'included':
    case 'final':
      return 'included';
    case 'failed':
      return 'reverted';
    case 'dropped':
    case 'replaced':
      return 'dropped';
    default:
      return 'pending';
  }
}

/** The verified receipt of `hash`, in EIP-5792's subset. @throws TransportError when none is served now; the reader's VerificationError */
async function provenReceipt(reader: ActivityReader, hash: string): Promise<CallReceipt> {
  const r = (await reader.getTransactionReceipt(hexToBytes(hash, 32, 'hash'))) as (CallReceipt & { logs: { address: string; topics: string[]; data: string }[] }) | null;
  // Settled on a verified receipt, yet none is served now (a reorg the activity has not seen yet, or silent endpoints).
  if (r === null) throw new TransportError('NOT_AVAILABLE', `no endpoint serves the receipt of ${hash} now`, { url: 'wallet_getCallsStatus' });
  return {
    logs: r.logs.map((l) => ({ address: l.address, topics: l.topics, data: l.data })),
    status: r.status,
    blockHash: r.blockHash,
    blockNumber: r.blockNumber,
    gasUsed: r.gasUsed,
    transactionHash: hash,
  };
}

const asPending = (prepared: readonly PreparedTransaction[]): PendingTransaction[] => prepared.map((p) => ({ nonce: p.tx.nonce, maxCost: maxCost(p.tx) }));

/** A gas limit from the gas a call used in the batch's simulation: refunds and the 63/64 rule need room above it (the batch is run again with it). */
function gasLimitOf(used: bigint, request: TransactionRequest): bigint {
  if (request.data.length === 0 && used <= 21_000n) return 21_000n;
  return (used * 3n) / 2n;
}

/** The window's verdict on the batch: every call's refusals and warnings, named by call; the facts of the last (its balance after all of them). */
function batchVerdict(prepared: readonly PreparedTransaction[]): PolicyVerdict {
  const n = prepared.length;
  const named = <T extends { message: string }>(r: T, k: number): T => (n > 1 ? { ...r, message: `Call ${k + 1} of ${n}: ${r.message}` } : r);
  const refusals = prepared.flatMap((p, k) => (p.verdict.ok ? [] : p.verdict.refusals.map((r) => named(r, k))));
  const warnings = prepared.flatMap((p, k) => p.verdict.warnings.map((r) => named(r, k)));
  const last = prepared[n - 1]!.verdict;
  return refusals.length > 0 ? { ok: false, refusals, warnings, facts: last.facts } : { ok: true, warnings, facts: (last as Extract<PolicyVerdict, { ok: true }>).facts };
}
