/**
 * is_better_update: which of two valid updates a store should keep for a forced update.
 * consensus-specs v1.6 altair/light-client/sync-protocol.md.
 * @module
 */
import type { AnyLightClientHeader, LightClientUpdate } from '../containers.ts';

type SomeUpdate = LightClientUpdate<AnyLightClientHeader>;
import { isFinalityUpdate, isSyncCommitteeUpdate, type LightClientContext, periodAt, sumBits } from './helpers.ts';

export function isBetterUpdate(ctx: LightClientContext, newUpdate: SomeUpdate, oldUpdate: SomeUpdate): boolean {
  // Compare supermajority (> 2/3) sync committee participation
  const maxActive = newUpdate.syncAggregate.syncCommitteeBits.length;
  const newActive = sumBits(newUpdate.syncAggregate.syncCommitteeBits);
  const oldActive = sumBits(oldUpdate.syncAggregate.syncCommitteeBits);
  const newSupermajority = newActive * 3 >= maxActive * 2;
  const oldSupermajority = oldActive * 3 >= maxActive * 2;
  if (newSupermajority !== oldSupermajority) return newSupermajority;
  if (!newSupermajority && newActive !== oldActive) return newActive > oldActive;

  // Compare presence of relevant sync committee
  const relevantCommittee = (u: SomeUpdate) =>
    isSyncCommitteeUpdate(u) && periodAt(ctx, u.attestedHeader.beacon.slot) === periodAt(ctx, u.signatureSlot);
  const newRelevant = relevantCommittee(newUpdate);
  const oldRelevant = relevantCommittee(oldUpdate);
  if (newRelevant !== oldRelevant) return newRelevant;

  // Compare indication of any finality
  const newFinality = isFinalityUpdate(newUpdate);
  const oldFinality = isFinalityUpdate(oldUpdate);
  if (newFinality !== oldFinality) return newFinality;

  // Compare sync committee finality
  if (newFinality) {
    const committeeFinality = (u: SomeUpdate) =>
      periodAt(ctx, u.finalizedHeader.beacon.slot) === periodAt(ctx, u.attestedHeader.beacon.slot);
    const newCommitteeFinality = committeeFinality(newUpdate);
    const oldCommitteeFinality = committeeFinality(oldUpdate);
    if (newCommitteeFinality !== oldCommitteeFinality) return newCommitteeFinality;
  }

  // Tiebreaker 1: sync committee participation beyond supermajority
  if (newActive !== oldActive) return newActive > oldActive;
  // Tiebreaker 2: prefer older data (fewer changes to best)
  if (newUpdate.attestedHeader.beacon.slot !== oldUpdate.attestedHeader.beacon.slot) {
    return newUpdate.attestedHeader.beacon.slot < oldUpdate.attestedHeader.beacon.slot;
  }
  // Tiebreaker 3: prefer updates with earlier signature slots
  return newUpdate.signatureSlot < oldUpdate.signatureSlot;
}
