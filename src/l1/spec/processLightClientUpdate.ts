/**
 * process_light_client_update, plus the finality and optimistic
 * variants. consensus-specs v1.6 altair/light-client/sync-protocol.md.
 *
 * DIFF FROM SPEC: functions return a new store instead of mutating theirs, so a caller swaps
 * in the result only when every check passed; a rejected update leaves the old store as it was.
 * @module
 */
import {
  type AnyLightClientHeader,
  defaultGloasLightClientHeader,
  defaultLightClientHeader,
  GLOAS_FINALITY_BRANCH_DEPTH,
  GLOAS_SYNC_COMMITTEE_BRANCH_DEPTH,
  isGloasHeader,
  type LightClientFinalityUpdate,
  type LightClientOptimisticUpdate,
  type LightClientUpdate,
} from '../containers.ts';
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

export function processLightClientUpdate<H extends AnyLightClientHeader>(
  ctx: LightClientContext,
  store: LightClientStore<H>,
  update: LightClientUpdate<H>,
  currentSlot: bigint,
): LightClientStore<H> {
  validateLightClientUpdate(ctx, store, update, currentSlot);
  const next: LightClientStore<H> = { ...store };
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
export function processLightClientFinalityUpdate<H extends AnyLightClientHeader>(
  ctx: LightClientContext,
  store: LightClientStore<H>,
  finalityUpdate: LightClientFinalityUpdate<H>,
  currentSlot: bigint,
): LightClientStore<H> {
  return processLightClientUpdate(ctx, store, finalityUpdateToUpdate(ctx, finalityUpdate), currentSlot);
}

/** process_light_client_optimistic_update */
export function processLightClientOptimisticUpdate<H extends AnyLightClientHeader>(
  ctx: LightClientContext,
  store: LightClientStore<H>,
  optimisticUpdate: LightClientOptimisticUpdate<H>,
  currentSlot: bigint,
): LightClientStore<H> {
  return processLightClientUpdate(ctx, store, optimisticUpdateToUpdate(ctx, optimisticUpdate), currentSlot);
}

export function finalityUpdateToUpdate<H extends AnyLightClientHeader>(ctx: LightClientContext, u: LightClientFinalityUpdate<H>): LightClientUpdate<H> {
  // The committee branch is one node shorter than the finality branch through Fulu (5/6, 6/7);
  // Gloas's are 11 and 9.
  const committeeDepth = isGloasHeader(u.attestedHeader) ? GLOAS_SYNC_COMMITTEE_BRANCH_DEPTH : u.finalityBranch.length - 1;
  return {
    attestedHeader: u.attestedHeader,
    nextSyncCommittee: ctx.types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: zeroBranch(committeeDepth),
    finalizedHeader: u.finalizedHeader,
    finalityBranch: u.finalityBranch,
    syncAggregate: u.syncAggregate,
    signatureSlot: u.signatureSlot,
  };
}

export function optimisticUpdateToUpdate<H extends AnyLightClientHeader>(ctx: LightClientContext, u: LightClientOptimisticUpdate<H>): LightClientUpdate<H> {
  const gloas = isGloasHeader(u.attestedHeader);
  return {
    attestedHeader: u.attestedHeader,
    nextSyncCommittee: ctx.types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: zeroBranch(gloas ? GLOAS_SYNC_COMMITTEE_BRANCH_DEPTH : 5),
    // The default header of the attested header's own shape.
    finalizedHeader: (gloas ? defaultGloasLightClientHeader() : defaultLightClientHeader()) as H,
    finalityBranch: zeroBranch(gloas ? GLOAS_FINALITY_BRANCH_DEPTH : 6),
    syncAggregate: u.syncAggregate,
    signatureSlot: u.signatureSlot,
  };
}

const zeroBranch = (length: number): Uint8Array[] => Array.from({ length }, () => new Uint8Array(32));
