/**
 * process_light_client_update, plus the finality and optimistic
 * variants. consensus-specs v1.6 altair/light-client/sync-protocol.md.
 *
 * DIFF FROM SPEC: functions return a new store instead of mutating theirs, so a caller swaps
 * in the result only when every check passed; a rejected update leaves the old store as it was.
 * @module
 */
import type {
  LightClientFinalityUpdate,
  LightClientOptimisticUpdate,
  LightClientUpdate,
} from '../containers.ts';
import { defaultLightClientHeader } from '../containers.ts';
import type { LightClientStore } from '../store.ts';
import {
  getSafetyThreshold,
  isFinalityUpdate,
  isNextSyncCommitteeKnown,
  isSyncCommitteeUpdate,
  type LightClientContext,
  periodAt,
  sumBits,
} from './helpers.ts';
import { applyLightClientUpdate } from './applyLightClientUpdate.ts';
import { isBetterUpdate } from './isBetterUpdate.ts';
import { validateLightClientUpdate } from './validateLightClientUpdate.ts';

export function processLightClientUpdate(
  ctx: LightClientContext,
  store: LightClientStore,
  update: LightClientUpdate,
  currentSlot: bigint,
): LightClientStore {
  validateLightClientUpdate(ctx, store, update, currentSlot);
  const next: LightClientStore = { ...store };
  const bits = update.syncAggregate.syncCommitteeBits;
  const participants = sumBits(bits);

  // Update the best update in case we have to force-update to it if the timeout elapses
  if (next.bestValidUpdate === null || isBetterUpdate(ctx, update, next.bestValidUpdate)) {
    next.bestValidUpdate = update;
  }

  // Track the maximum number of active participants in the committee signatures
  next.currentMaxActiveParticipants = Math.max(next.currentMaxActiveParticipants, participants);

  // Update the optimistic header
  if (participants > getSafetyThreshold(next) && update.attestedHeader.beacon.slot > next.optimisticHeader.beacon.slot) {
    next.optimisticHeader = update.attestedHeader;
  }

  // Update finalized header
  const hasFinalizedNextSyncCommittee =
    !isNextSyncCommitteeKnown(ctx, next) &&
    isSyncCommitteeUpdate(update) &&
    isFinalityUpdate(update) &&
    periodAt(ctx, update.finalizedHeader.beacon.slot) === periodAt(ctx, update.attestedHeader.beacon.slot);
  if (
    participants * 3 >= bits.length * 2 &&
    (update.finalizedHeader.beacon.slot > next.finalizedHeader.beacon.slot || hasFinalizedNextSyncCommittee)
  ) {
    // Normal update through 2/3 threshold
    applyLightClientUpdate(ctx, next, update);
    next.bestValidUpdate = null;
  }
  return next;
}

/** process_light_client_finality_update */
export function processLightClientFinalityUpdate(
  ctx: LightClientContext,
  store: LightClientStore,
  finalityUpdate: LightClientFinalityUpdate,
  currentSlot: bigint,
): LightClientStore {
  return processLightClientUpdate(ctx, store, finalityUpdateToUpdate(ctx, finalityUpdate), currentSlot);
}

/** process_light_client_optimistic_update */
export function processLightClientOptimisticUpdate(
  ctx: LightClientContext,
  store: LightClientStore,
  optimisticUpdate: LightClientOptimisticUpdate,
  currentSlot: bigint,
): LightClientStore {
  return processLightClientUpdate(ctx, store, optimisticUpdateToUpdate(ctx, optimisticUpdate), currentSlot);
}

export function finalityUpdateToUpdate(ctx: LightClientContext, u: LightClientFinalityUpdate): LightClientUpdate {
  return {
    attestedHeader: u.attestedHeader,
    nextSyncCommittee: ctx.types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: zeroBranch(u.finalityBranch.length - 1),
    finalizedHeader: u.finalizedHeader,
    finalityBranch: u.finalityBranch,
    syncAggregate: u.syncAggregate,
    signatureSlot: u.signatureSlot,
  };
}

export function optimisticUpdateToUpdate(ctx: LightClientContext, u: LightClientOptimisticUpdate): LightClientUpdate {
  return {
    attestedHeader: u.attestedHeader,
    nextSyncCommittee: ctx.types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: zeroBranch(5),
    finalizedHeader: defaultLightClientHeader(),
    finalityBranch: zeroBranch(6),
    syncAggregate: u.syncAggregate,
    signatureSlot: u.signatureSlot,
  };
}

const zeroBranch = (length: number): Uint8Array[] => Array.from({ length }, () => new Uint8Array(32));
