/**
 * process_light_client_store_force_update: after UPDATE_TIMEOUT without finality, apply the best
 * valid update so the store can move into later committee periods.
 * consensus-specs v1.6 altair/light-client/sync-protocol.md.
 * @module
 */
import { slotsPerSyncCommitteePeriod } from '../config.ts';
import type { AnyLightClientHeader } from '../containers.ts';
import type { LightClientStore } from '../store.ts';
import type { LightClientSpecContext } from './helpers.ts';
import { applyLightClientUpdate } from './applyLightClientUpdate.ts';

export function processLightClientStoreForceUpdate<H extends AnyLightClientHeader>(
  ctx: LightClientSpecContext,
  store: LightClientStore<H>,
  currentSlot: bigint,
): LightClientStore<H> {
  // UPDATE_TIMEOUT = SLOTS_PER_EPOCH * EPOCHS_PER_SYNC_COMMITTEE_PERIOD
  const updateTimeout = slotsPerSyncCommitteePeriod(ctx.config);
  if (!(currentSlot > store.finalizedHeader.beacon.slot + updateTimeout && store.bestValidUpdate !== null)) return store;
  const next: LightClientStore<H> = { ...store };
  let best = store.bestValidUpdate;
  // The attested header stands in for the finalized one in long periods of non-finality.
  if (best.finalizedHeader.beacon.slot <= store.finalizedHeader.beacon.slot) {
    best = { ...best, finalizedHeader: best.attestedHeader };
  }
  applyLightClientUpdate(ctx, next, best);
  next.bestValidUpdate = null;
  return next;
}
