/**
 * Fillers: what keeps a stopped EIP-5792 batch from stranding a nonce. A sequential batch holds
 * the nonces of its calls not yet sent, so a send approved meanwhile takes a nonce above them
 * (../signing-checks.ts pendingOf). When the batch stops (a call would fail, its effects drift, it
 * expires, the network changes: ./progress.ts) those calls are never sent, and without something
 * at their nonces every transaction above them could never be included.
 *
 * So each call is signed at the batch's approval together with its filler: a transfer of 0 to the
 * sender itself at the same nonce, with the call's own fee caps and 21,000 gas (it costs at most
 * what the user approved for that nonce, and only one of the two is ever sent). A filler is sent
 * only for a call that was never sent, when a transaction of this wallet waits above its nonce
 * and none of this wallet's takes that nonce: the transactions the user approved then go in as
 * approved, exactly once (re-signing them at lower nonces would leave their first bytes, already
 * broadcast, valid for when the account reaches their nonce again). A batch the user never
 * outran costs nothing more. The decision is made from the stored tables alone, the same way by
 * the service worker choosing a nonce and by the app host sending, so it holds across restarts.
 * @module
 */
import type { CallBatchRow, FillerAt } from '../../../storage/call-batches.ts';
import type { ActivityStatus } from '../../../storage/wallet.ts';
import type { UnsignedTransaction } from '../../../wallet/transaction.ts';
import { parseAddress } from '../../../wallet/transaction-request.ts';
import { batchSendable } from './expiry.ts';

/** The gas of a plain transfer: all a filler needs. */
const FILLER_GAS = 21_000n;

/** The filler of a call: 0 to `from` at the call's nonce, with its fee caps (never more than the call may cost). */
export function fillerTx(call: UnsignedTransaction, from: string): UnsignedTransaction {
  const common = { chainId: call.chainId, nonce: call.nonce, gasLimit: FILLER_GAS, to: parseAddress(from, 'from'), value: 0n, data: new Uint8Array(0) };
  switch (call.type) {
    case 0:
      return { ...common, type: 0, gasPrice: call.gasPrice };
    case 1:
      return { ...common, type: 1, gasPrice: call.gasPrice, accessList: [] };
    default:
      return { ...common, type: 2, maxFeePerGas: call.maxFeePerGas, maxPriorityFeePerGas: call.maxPriorityFeePerGas, accessList: [] };
  }
}

/** A transaction of the sender as the activity keeps it (its nonce in decimal). */
export interface NonceHolder {
  nonce: string;
  status: ActivityStatus;
}

/** Whether call `k` of the batch will never be sent: it stopped at or before it, or expired before it was sent. */
function neverSent(batch: CallBatchRow, k: number, now: number): boolean {
  return k >= batch.sent && (batch.stopped !== undefined ? k >= batch.stopped.call : !batchSendable(batch, now));
}

/**
 * Which fillers of the sender's `batches` are due, and which are obsolete, given its transactions
 * in the activity (`rows`: the service worker passes the unsettled ones, the app host all).
 * Due: a call never to be sent, its filler not sent, no transaction of the sender at its nonce
 * (nor a call of a batch still to send, nor another filler), and one waiting above it (unsettled,
 * or a call of a batch still to send). Obsolete: a settled
 * transaction at or above its nonce (the account's nonce passed it).
 */
export function fillersOf(batches: readonly CallBatchRow[], rows: readonly NonceHolder[], now: number): { due: FillerAt[]; obsolete: FillerAt[] } {
  const taken = new Set(rows.map((r) => BigInt(r.nonce)));
  let used = -1n;
  let waiting = -1n;
  for (const r of rows) {
    const n = BigInt(r.nonce);
    if (r.status === 'signed' || r.status === 'pending') waiting = n > waiting ? n : waiting;
    else used = n > used ? n : used;
  }
  for (const b of batches) {
    if (b.stopped !== undefined || !batchSendable(b, now)) continue;
    // A later batch's calls still to send hold their nonces (one may reuse a nonce an earlier batch left).
    for (const c of b.calls.slice(b.sent)) {
      const n = BigInt(c.nonce);
      taken.add(n);
      waiting = n > waiting ? n : waiting;
    }
  }
  const due: FillerAt[] = [];
  const obsolete: FillerAt[] = [];
  for (const batch of batches) {
    for (const [k, c] of batch.calls.entries()) {
      if (c.filler?.raw === undefined || !neverSent(batch, k, now)) continue;
      const n = BigInt(c.nonce);
      if (n <= used) obsolete.push({ batch, call: k });
      else if (!taken.has(n) && n < waiting) {
        due.push({ batch, call: k });
        // One filler a nonce, when two stopped batches left the same one.
        taken.add(n);
      }
    }
  }
  return { due, obsolete };
}
