/**
 * The slot timers' producer on a loaded machine: a devnet more than LATE_SLOTS behind the clock
 * misses the slots in between, as a chain with late proposers has empty slots, instead of building
 * each one and leaving its head ever older. Vigil's unchanged sync loop follows across the gap
 * (an update signed several slots after its attested block, epochs and a period boundary with no
 * first block), finality goes on, and a loop bootstraps from a checkpoint that is not an epoch's
 * first slot. A slow tick within LATE_SLOTS still builds every slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSyncCommitteePeriodAtSlot } from '../../../src/l1/config.ts';
import { LATE_SLOTS } from '../../../src/devnet/beacon/index.ts';
import { type Harness, rejectedCodes, startHarness } from './beacon/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ fork: 'fulu' });
  await h.advanceTo(40);
});
afterAll(() => h.close());

describe('a late devnet misses slots', () => {
  it('within LATE_SLOTS of the clock every slot gets its block; past them only the clock\'s slot does', async () => {
    const first = h.devnet.head();
    await h.advanceTo(40 + Number(LATE_SLOTS), { missLate: true });
    const inOrder = h.devnet.head();
    expect(inOrder.slot).toBe(40 + Number(LATE_SLOTS));
    expect(inOrder.executionBlockNumber - first.executionBlockNumber).toBe(Number(LATE_SLOTS));

    // 30 slots behind, across epoch boundaries and the period 0 → 1 boundary (slot 64 of the minimal preset): one block, at the clock's slot.
    const late = inOrder.slot + 30;
    await h.advanceTo(late, { missLate: true });
    const jumped = h.devnet.head();
    expect(jumped.slot).toBe(late);
    expect(jumped.executionBlockNumber).toBe(inOrder.executionBlockNumber + 1);
    expect(computeSyncCommitteePeriodAtSlot(h.config, BigInt(late)) > computeSyncCommitteePeriodAtSlot(h.config, BigInt(inOrder.slot))).toBe(true);
  });

  it("Vigil's sync loop follows across the missed slots; finality goes on; a checkpoint off an epoch's first slot bootstraps", async () => {
    const loop = h.sync('ssz', { checkpoint: h.genesisRoot });
    await loop.sync.init();
    await loop.sync.step();
    expect(rejectedCodes(loop.events)).toEqual([]);
    // The newest update's attested block is the last before the gap (its signature is 30 slots later) ...
    const afterGap = h.devnet.head().slot;
    expect(loop.sync.optimistic!.slot).toBe(BigInt(afterGap - 30));

    // ... and once blocks come again, the head is the newest block.
    for (let s = afterGap + 1; s <= afterGap + 20; s++) await h.advanceTo(s, { missLate: true });
    await loop.sync.step();
    expect(rejectedCodes(loop.events)).toEqual([]);
    expect(loop.sync.optimistic!.slot).toBe(BigInt(afterGap + 19));
    // Finalized two epochs back: an epoch whose first slot was missed has the block before the gap as its checkpoint.
    expect(loop.sync.finalized!.slot).toBe(BigInt(afterGap - 30));

    // A checkpoint off an epoch's first slot bootstraps.
    const checkpoint = h.devnet.checkpoint();
    const fresh = h.sync('json', { checkpoint });
    await fresh.sync.init();
    expect(fresh.sync.finalized!.slot).toBe(BigInt(afterGap - 30));
    await fresh.sync.step();
    expect(rejectedCodes(fresh.events)).toEqual([]);
    expect(fresh.sync.optimistic!.slot).toBe(BigInt(afterGap + 19));

    // Finality passes the gap once the blocks after it are two epochs old.
    for (let s = afterGap + 21; s <= afterGap + 40; s++) await h.advanceTo(s, { missLate: true });
    await loop.sync.step();
    expect(rejectedCodes(loop.events)).toEqual([]);
    expect(loop.sync.finalized!.slot > BigInt(afterGap)).toBe(true);
  });
});
