/**
 * apply_light_client_update. consensus-specs v1.6 altair/light-client/sync-protocol.md. Apart
 * from the update's validation: the store's force update applies an update without checking a
 * signature again, and code that only does that need not carry the BLS verification.
 * @module
 */
import { VerificationError } from '../../core/errors.ts';
import type { AnyLightClientHeader, LightClientUpdate } from '../containers.ts';
import type { LightClientStore } from '../store.ts';
import { isNextSyncCommitteeKnown, type LightClientSpecContext, periodAt } from './helpers.ts';

/** apply_light_client_update; mutates `store`, which callers pass as their private copy. */
export function applyLightClientUpdate<H extends AnyLightClientHeader>(ctx: LightClientSpecContext, store: LightClientStore<H>, update: LightClientUpdate<H>): void {
  const storePeriod = periodAt(ctx, store.finalizedHeader.beacon.slot);
  const updateFinalizedPeriod = periodAt(ctx, update.finalizedHeader.beacon.slot);
  if (!isNextSyncCommitteeKnown(ctx, store)) {
    if (updateFinalizedPeriod !== storePeriod) {
      throw new VerificationError('LC_UNVERIFIABLE_PERIOD', 'update finalizes another period before the next committee is known', {
        expected: `period ${storePeriod}`,
        got: `period ${updateFinalizedPeriod}`,
      });
    }
    store.nextSyncCommittee = update.nextSyncCommittee;
  } else if (updateFinalizedPeriod === storePeriod + 1n) {
    store.currentSyncCommittee = store.nextSyncCommittee;
    store.nextSyncCommittee = update.nextSyncCommittee;
    store.previousMaxActiveParticipants = store.currentMaxActiveParticipants;
    store.currentMaxActiveParticipants = 0;
  }
  if (update.finalizedHeader.beacon.slot > store.finalizedHeader.beacon.slot) {
    store.finalizedHeader = update.finalizedHeader;
    if (store.finalizedHeader.beacon.slot > store.optimisticHeader.beacon.slot) {
      store.optimisticHeader = store.finalizedHeader;
    }
  }
}
