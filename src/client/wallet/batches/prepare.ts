/**
 * An EIP-5792 batch prepared for its approval window (the app host runs it, beside the
 * simulation). An atomic batch is one transaction (src/wallet/smart-account/atomic-batch.ts atomicBatchCall),
 * prepared and simulated as one: the effects of the whole, and a call that fails inside it refuses
 * the batch. Otherwise each call is filled from verified state with nonces following each other, the calls
 * after the first priced from one simulation of the batch in order (they depend on what the ones
 * before them do), then the batch run again with the limits it will be signed with: its effects
 * for the window, and a call that fails there refuses the batch, as does a token the batch has the
 * user send whose balance was not read (EFFECTS_OUTGOING_UNREAD, src/wallet/policy.ts effectsRefusals).
 * @module
 */
import { bigIntToHex } from '../../../core/bytes.ts';
import { VerificationError } from '../../../core/errors.ts';
import { TransportError } from '../../../rpc/errors.ts';
import type { BatchCall } from '../../../wallet/send-calls.ts';
import { atomicBatchCall } from '../../../wallet/smart-account/atomic-batch.ts';
import { WalletError } from '../../../wallet/errors.ts';
import { effectsRefusals, type PendingTransaction, type PolicyVerdict, type RequestOrigin, withRefusals } from '../../../wallet/policy.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { parseTransactionRequest, type TransactionRequest } from '../../../wallet/transaction-request.ts';
import { maxCost } from '../../../wallet/transaction.ts';
import { requestOfTx } from '../transaction-host.ts';
import { prepareTransaction, type PreparedTransaction, type WalletChain } from '../transactions.ts';

export interface PreparedBatch {
  prepared: PreparedTransaction[];
  /** Every call's refusals and warnings, named by call; the facts of the last (its balance after all of them). */
  verdict: PolicyVerdict;
  /** What the whole batch does, when a simulation is at hand. */
  effects?: TransactionEffects;
}

export interface BatchPrepareDeps {
  chain: WalletChain;
  /** The sender's transactions not yet settled (their nonces come first). */
  pending: readonly PendingTransaction[];
  /** Seconds. */
  now: number;
  /** The batch simulated in order over proven state (src/client/wallet/transaction-preview.ts); absent: no effects, each call estimated alone. */
  simulate?(requests: TransactionRequest[]): Promise<TransactionEffects>;
}

/**
 * @throws WalletError WOULD_REVERT naming the failing call; EFFECTS_NOT_PROVEN when the run cannot
 *   be proven; prepareTransaction's (STALE_HEAD, …)
 */
export async function prepareBatch(deps: BatchPrepareDeps, origin: RequestOrigin, from: string, pageCalls: readonly BatchCall[], options: { atomic?: boolean } = {}): Promise<PreparedBatch> {
  const calls = options.atomic ? [atomicBatchCall(from, pageCalls)] : pageCalls;
  const requests = calls.map((c) => parseTransactionRequest({ from, ...(c.to !== null ? { to: c.to } : {}), value: bigIntToHex(c.value), data: c.data }));
  let gas: bigint[] | undefined;
  // An atomic batch too: its simulation says which call fails inside it (the estimate alone would not).
  if ((requests.length > 1 || options.atomic) && deps.simulate !== undefined) {
    const effects = await simulated(deps, requests, options.atomic ? pageCalls.length : undefined);
    gas = effects.gasUsed?.map((used, k) => gasLimitOf(BigInt(used), requests[k]!));
  }
  const prepared: PreparedTransaction[] = [];
  for (const [k, r] of requests.entries()) {
    prepared.push(
      await prepareTransaction(deps.chain, gas ? { ...r, gasLimit: gas[k]! } : r, {
        origin,
        pending: [...deps.pending, ...asPending(prepared)],
        now: deps.now,
        ...(gas ? { gasSource: 'verified-estimate' as const } : {}),
      }),
    );
  }
  const effects = deps.simulate === undefined ? undefined : await simulated(deps, prepared.map((p) => requestOfTx(p.tx, from)), options.atomic ? pageCalls.length : undefined);
  // A token the batch has the user send whose balance was not read refuses it (EFFECTS_OUTGOING_UNREAD).
  return { prepared, verdict: withRefusals(batchVerdict(prepared), effectsRefusals(effects)), ...(effects !== undefined ? { effects } : {}) };
}

const asPending = (prepared: readonly PreparedTransaction[]): PendingTransaction[] => prepared.map((p) => ({ nonce: p.tx.nonce, maxCost: maxCost(p.tx) }));

/** `atomic`: the number of page calls the one transaction runs (its failure names the batch, ExecuteError the call). */
async function simulated(deps: BatchPrepareDeps, requests: TransactionRequest[], atomic?: number): Promise<TransactionEffects> {
  let effects: TransactionEffects;
  try {
    effects = await deps.simulate!(requests);
  } catch (err) {
    if (!(err instanceof VerificationError || err instanceof TransportError)) throw err;
    throw new WalletError('EFFECTS_NOT_PROVEN', `what the batch does could not be simulated over proven state: ${err.shortMessage}`, { cause: err });
  }
  if (!effects.ok) {
    const k = effects.revert?.call ?? 0;
    if (atomic !== undefined) {
      throw new WalletError('WOULD_REVERT', `the batch of ${atomic} calls (one transaction, all or nothing) fails on the verified state of block ${effects.at.blockNumber}: ${effects.revert?.reason ?? 'reverted'} (ExecuteError counts calls from 0)`);
    }
    throw new WalletError('WOULD_REVERT', `call ${k + 1} of ${requests.length} fails on the verified state of block ${effects.at.blockNumber}: ${effects.revert?.reason ?? 'reverted'}`);
  }
  return effects;
}

/** A gas limit from the gas a call used in the batch's simulation: refunds and the 63/64 rule need room above it (the batch is run again with it). */
function gasLimitOf(used: bigint, request: TransactionRequest): bigint {
  if (request.data.length === 0 && used <= 21_000n) return 21_000n;
  return (used * 3n) / 2n;
}

function batchVerdict(prepared: readonly PreparedTransaction[]): PolicyVerdict {
  const n = prepared.length;
  const named = <T extends { message: string }>(r: T, k: number): T => (n > 1 ? { ...r, message: `Call ${k + 1} of ${n}: ${r.message}` } : r);
  const refusals = prepared.flatMap((p, k) => (p.verdict.ok ? [] : p.verdict.refusals.map((r) => named(r, k))));
  const warnings = prepared.flatMap((p, k) => p.verdict.warnings.map((r) => named(r, k)));
  const last = prepared[n - 1]!.verdict;
  return refusals.length > 0 ? { ok: false, refusals, warnings, facts: last.facts } : { ok: true, warnings, facts: (last as Extract<PolicyVerdict, { ok: true }>).facts };
}
