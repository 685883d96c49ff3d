/**
 * How long an EIP-5792 batch's calls, signed all at once at its approval, may still be sent: until
 * its `expiresAt` (its approval plus the user's setting then, an hour unless set: ../../network/settings.ts).
 * The service worker counts a call not yet sent as pending until then (../signing-checks.ts
 * pendingOf), and the app host sends one only before then (./progress.ts, checked in the
 * write that marks it sent) and erases the calls left after: a new send never takes the nonce of
 * a call still to be sent, nor waits behind one that never will be.
 * @module
 */
import type { CallBatchRow } from '../../../storage/call-batches.ts';
import { DEFAULT_BATCH_EXPIRY_MINUTES } from '../../network/settings.ts';

/** When the batch's calls not yet sent stop being sendable (ms). */
export function batchExpiresAt(batch: Pick<CallBatchRow, 'expiresAt' | 'createdAt'>): number {
  return batch.expiresAt ?? batch.createdAt + DEFAULT_BATCH_EXPIRY_MINUTES * 60_000;
}

/** Whether its calls not yet sent still hold their nonces at `now` (ms). */
export function batchSendable(batch: Pick<CallBatchRow, 'expiresAt' | 'createdAt'>, now: number): boolean {
  return now < batchExpiresAt(batch);
}
