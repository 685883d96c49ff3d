/**
 * What holds the sender's nonces as the service worker counts them (the policy's pending set): its
 * unsettled transactions, its batches' calls signed for later, and the fillers due for the ones a
 * stopped batch left (./batches/fillers.ts). Apart from ./signing-checks.ts so that the activity
 * (./activity.ts) can say which row waits for a nonce nothing holds.
 * @module
 */
import type { WalletRepo } from '../../storage/wallet.ts';
import type { PendingTransaction } from '../../wallet/policy.ts';
import { maxCost } from '../../wallet/transaction.ts';
import { batchSendable } from './batches/expiry.ts';
import { fillersOf, fillerTx } from './batches/fillers.ts';
import { transactionFromDetails } from './transaction-details.ts';

/**
 * The sender's transactions on this chain not yet settled, the calls of its EIP-5792 batches
 * signed for later (until they expire: ./batches/expiry.ts), and the fillers of stopped batches
 * that are due (./batches/fillers.ts: the app host sends them): the policy counts their nonces and
 * costs, so that a new send never takes a nonce a batch's later call or a filler holds. A nonce a
 * stopped batch left with nothing above it is free: the next send takes it.
 */
export async function pendingOf(repo: WalletRepo, chainId: number, from: string, now: number): Promise<PendingTransaction[]> {
  // Read together: a call or filler sent meanwhile is in the one or the other (CallBatchStore.claim, .fill).
  const { unsettled, batches } = await repo.unsettledWithBatches(chainId, from);
  const sent = unsettled.map((r) => ({ nonce: BigInt(r.nonce), maxCost: BigInt(r.maxCost) }));
  const signedForLater = batches
    .filter((b) => b.stopped === undefined && batchSendable(b, now))
    .flatMap((b) => b.calls.slice(b.sent).filter((c) => c.raw !== undefined))
    .map((c) => ({ nonce: BigInt(c.nonce), maxCost: maxCost(transactionFromDetails({ tx: c.tx })) }));
  const fillers = fillersOf(batches, unsettled, now).due.map(({ batch, call }) => {
    const c = batch.calls[call]!;
    return { nonce: BigInt(c.nonce), maxCost: maxCost(fillerTx(transactionFromDetails({ tx: c.tx }), batch.from)) };
  });
  return [...sent, ...signedForLater, ...fillers];
}
