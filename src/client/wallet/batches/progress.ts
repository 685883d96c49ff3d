/**
 * EIP-5792 batches moved on after each pass of the activity (the app host runs it; the service
 * worker signed every call at approval, src/client/wallet/batches/call-batches.ts): a call is sent only once the
 * one before it has a verified receipt with status 1 (src/client/wallet/activity.ts settles each sent
 * call) and the calls left, simulated at the newest head, still succeed and still do what they
 * were to do when the batch was signed (the snapshot rule, src/wallet/effects-snapshot.ts, against
 * what was taken before the first call went out). A call that reverts on chain, whose nonce
 * another transaction used, or that would fail or do something else now stops the batch: the
 * calls after it are never sent and their signed bytes are erased. So does its expiry
 * (./expiry.ts) and a change of network (a batch signed for a network the host had
 * already left): the status says which. A call is marked sent, and written in the activity, in one
 * write that checks the batch has not expired (CallBatchStore.claim): the service worker's count of
 * pending nonces sees it in one place or the other, and never a call sent after it stopped counting it. A sent call is written in the
 * activity before its bytes go out, as the wallet's own sends are; the activity sends them again
 * at each head until they settle. After each pass, a stopped batch's fillers that are due
 * (./fillers.ts: a transaction of the wallet waits above a nonce the batch left unused) are
 * written in the activity and sent the same way, so nothing signed above a stopped batch is stranded.
 * @module
 */
import type { CallBatchRow, CallBatchStore } from '../../../storage/call-batches.ts';
import type { ActivityRow, WalletRepo } from '../../../storage/wallet.ts';
import { DEFAULT_INCOMING_TOLERANCE_BPS, effectsChanged } from '../../../wallet/effects-snapshot.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import type { TransactionRequest } from '../../../wallet/transaction-request.ts';
import type { Activity } from '../activity.ts';
import type { NetworkInfo } from '../approvals.ts';
import { batchExpiresAt, batchSendable } from './expiry.ts';
import { fillersOf, fillerTx } from './fillers.ts';
import { callStateOf } from './calls-status.ts';
import { transactionFromDetails } from '../transaction-details.ts';
import { requestOfTx } from '../transaction-host.ts';
import type { WalletChain } from '../transactions.ts';

export interface CallBatchProgressDeps {
  batches: CallBatchStore;
  repo: Pick<WalletRepo, 'getActivity'>;
  activity: Pick<Activity, 'recordSigned' | 'broadcast'>;
  chain(): WalletChain | undefined;
  network(): NetworkInfo | undefined;
  now(): number;
  /** The calls left, simulated in order over proven state at the newest head; absent: sent without that check. */
  simulate?(requests: TransactionRequest[]): Promise<TransactionEffects>;
  /** What the calls after each one will do once it ran (../transaction-preview.ts previewRemainders), at the newest head. */
  remainders?(requests: TransactionRequest[]): Promise<TransactionEffects[]>;
}

export class CallBatchProgress {
  /** One pass at a time: heads can come faster than calls are sent. */
  private advancing: Promise<void> | undefined;
  /** The network of the last pass, and since when this host has been on it (ms). */
  private on: { id: string; since: number } | undefined;

  constructor(private readonly deps: CallBatchProgressDeps) {}

  /** Moves each open batch of the current network on: its next call sent, or the batch stopped. */
  advance(): Promise<void> {
    this.advancing ??= this.advanceOnce().finally(() => (this.advancing = undefined));
    return this.advancing;
  }

  private async advanceOnce(): Promise<void> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) return;
    const now = this.deps.now();
    if (this.on?.id !== network.id) this.on = { id: network.id, since: now };
    for (const batch of await this.deps.batches.open()) {
      try {
        if (batch.networkId !== network.id || batch.chainId !== network.chainId) {
          // Signed before this host moved to another network: never sent now. (One signed after is the
          // service worker's newer network, not yet adopted here: it waits.)
          if (batch.createdAt < this.on.since) await this.stop(batch, `the network changed from ${batch.networkId} to ${network.id}: the calls not sent were erased, never to be sent`);
          continue;
        }
        const expiresAt = batchExpiresAt(batch);
        if (!batchSendable(batch, now)) {
          await this.stop(batch, `it expired at ${new Date(expiresAt).toISOString()} (${Math.round((expiresAt - batch.createdAt) / 60_000)} minutes after its approval): the calls not sent were erased, never to be sent`);
          continue;
        }
        await this.step(batch, chain, network);
      } catch {
        // Not provable now (a lying or slow endpoint): tried again after the next activity pass.
      }
    }
    await this.fill(chain, network, now);
    await this.deps.batches.prune();
  }

  /**
   * Sends the fillers due on this chain (any network of it: a filler is a plain transfer), in one
   * write per sender with the activity rows they become (CallBatchStore.fill); obsolete ones erased.
   */
  private async fill(chain: WalletChain, network: NetworkInfo, now: number): Promise<void> {
    for (const from of await this.deps.batches.fillerSenders(network.chainId)) {
      const record = async (batch: CallBatchRow, k: number) => {
        const call = batch.calls[k]!;
        const tx = fillerTx(transactionFromDetails({ tx: call.tx }), batch.from);
        const summary = `Filler for nonce ${call.nonce}: call ${k + 1} of ${batch.calls.length} was not sent`;
        await this.deps.activity.recordSigned(network, { raw: call.filler!.raw as `0x${string}`, hash: call.filler!.hash as `0x${string}`, from: batch.from as `0x${string}` }, tx, batch.origin, summary);
      };
      try {
        const raws = await this.deps.batches.fill(network.chainId, from, (batches, rows: ActivityRow[]) => fillersOf(batches, rows, now), record, now);
        for (const raw of raws) await this.deps.activity.broadcast(chain, raw, { keepError: true }).catch(() => {});
      } catch {
        // A failed write sends nothing: tried again after the next activity pass.
      }
    }
  }

  private async step(batch: CallBatchRow, chain: WalletChain, network: NetworkInfo): Promise<void> {
    if (batch.sent === 0) {
      // Before the first call goes out: what each later call and those after it are to do, as signed (the snapshot each is held to).
      if (batch.calls.length > 1 && batch.expected === undefined && this.deps.remainders !== undefined) {
        batch = { ...batch, expected: await this.deps.remainders(requestsOf(batch)), updatedAt: this.deps.now() };
        await this.deps.batches.put(batch);
      }
      return this.sendNext(batch, chain, network);
    }
    const k = batch.sent - 1;
    const state = callStateOf((await this.deps.repo.getActivity(batch.calls[k]!.hash))?.status);
    const of = `call ${k + 1} of ${batch.calls.length}`;
    if (state === 'reverted') return this.stop(batch, `${of} reverted on chain`);
    if (state === 'dropped') return this.stop(batch, `${of} was never included: another transaction used its nonce`);
    if (state !== 'included') return;
    if (this.deps.simulate !== undefined) {
      // The calls left, run at the newest head on what the sent ones did: one that fails now is not sent.
      const effects = await this.deps.simulate(requestsOf(batch).slice(batch.sent));
      if (!effects.ok) {
        const failing = batch.sent + (effects.revert?.call ?? 0);
        return this.stop(batch, `call ${failing + 1} of ${batch.calls.length} would fail at block ${effects.at.blockNumber}: ${effects.revert?.reason ?? 'reverted'}`);
      }
      // Held to what they were to do when the batch was signed: sending more, receiving less (past the tolerance) or other tokens or approvals stops it.
      const expected = batch.expected?.[batch.sent - 1];
      const changed = expected === undefined ? [] : effectsChanged(expected, effects, batch.toleranceBps ?? DEFAULT_INCOMING_TOLERANCE_BPS);
      if (changed.length > 0) return this.stop(batch, `call ${batch.sent + 1} of ${batch.calls.length} was not sent: at block ${effects.at.blockNumber} the calls left would do something else than when you approved (${changed.join('; ')})`);
    }
    await this.sendNext(batch, chain, network);
  }

  /**
   * Writes call `sent` in the activity (unless a restart already did) and marks it sent, in one
   * write and only while the batch has not expired (CallBatchStore.claim), then sends its bytes.
   */
  private async sendNext(batch: CallBatchRow, chain: WalletChain, network: NetworkInfo): Promise<void> {
    const k = batch.sent;
    const call = batch.calls[k]!;
    const raw = call.raw;
    if (raw === undefined) return;
    const record = async () => {
      if ((await this.deps.repo.getActivity(call.hash)) !== undefined) return;
      const tx = transactionFromDetails({ tx: call.tx });
      const summary = batch.calls.length > 1 ? `${call.summary} (${k + 1} of ${batch.calls.length})` : call.summary;
      await this.deps.activity.recordSigned(network, { raw: raw as `0x${string}`, hash: call.hash as `0x${string}`, from: batch.from as `0x${string}` }, tx, batch.origin, summary, k === 0 && batch.effects ? { effects: batch.effects } : {});
    };
    const now = this.deps.now();
    if (!(await this.deps.batches.claim(batch.key, k, (row) => batchSendable(row, now), record, now))) return;
    await this.deps.activity.broadcast(chain, raw, { keepError: true }).catch(() => {});
  }

  /** The calls from `sent` on are never sent: their signed bytes go (unless it moved on meanwhile). */
  private async stop(batch: CallBatchRow, reason: string): Promise<void> {
    await this.deps.batches.stop(batch.key, batch.sent, reason, this.deps.now());
  }
}

/** The batch's calls as the requests a simulation runs. */
function requestsOf(batch: CallBatchRow): TransactionRequest[] {
  return batch.calls.map((c) => requestOfTx(transactionFromDetails({ tx: c.tx }), batch.from));
}
