/**
 * The per-fork scenario: Vigil's unchanged sync loop, in JSON and in SSZ, bootstraps from the
 * devnet's genesis checkpoint, catches up across three period rollovers, follows finality and
 * optimistic updates across another, and lands on exactly the fake EL's blocks; a third loop
 * bootstraps from a later finalized checkpoint.
 */
import { expect } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import type { DevnetFork } from '../../../../src/devnet/beacon/index.ts';
import { elBlock } from './fake-el.ts';
import { rejectedCodes, startHarness } from './harness.ts';

const SLOTS_PER_EPOCH = 8;
const SLOTS_PER_PERIOD = 64;

/** The finalized slot of the state after `slot` (full participation): epoch − 2 from epoch 4 on. */
export const finalizedSlotAt = (slot: number): number => {
  const epoch = Math.floor(slot / SLOTS_PER_EPOCH);
  return epoch >= 4 ? (epoch - 2) * SLOTS_PER_EPOCH : 0;
};

export async function syncScenario(fork: DevnetFork): Promise<void> {
  const h = await startHarness({ fork });
  try {
    // Each slot wraps the fake EL's block of the same number; pending transactions land in it.
    const raw = Uint8Array.from([0x02, 0xf8, 0x6e, ...Array.from({ length: 110 }, (_, i) => i)]);
    h.el.sendRaw(raw);
    const head = 3 * SLOTS_PER_PERIOD + 20;
    await h.advanceTo(head);
    expect(h.devnet.head()).toMatchObject({ slot: head, executionBlockNumber: head });
    expect(h.el.blocks[1]!.transactions).toHaveLength(1);

    const loops = (['json', 'ssz'] as const).map((encoding) => ({ encoding, ...h.sync(encoding, { checkpoint: h.genesisRoot }) }));
    for (const { sync, events } of loops) {
      await sync.init();
      expect(sync.finalized!.slot).toBe(0n);
      await sync.step();
      expect(rejectedCodes(events)).toEqual([]);
      // Catch-up: period 0 → 3 through the best update of each period.
      expect(events).toContainEqual({ type: 'progress', period: 0, headPeriod: 3, catchingUp: true, updatesVerified: 0 });
      // A progress event per verified update: the count up by one each time, the period never down.
      const counted = events.flatMap((e) => (e.type === 'progress' && e.updatesVerified > 0 ? [e] : []));
      const counts = [...new Set(counted.map((e) => e.updatesVerified))];
      expect(counts).toEqual(counts.map((_, i) => i + 1));
      expect(counts.length).toBeGreaterThanOrEqual(3);
      expect(counted.map((e) => e.period)).toEqual([...counted.map((e) => e.period)].sort((x, y) => x - y));
      expect(counted.at(-1)).toMatchObject({ period: 3, headPeriod: 3, catchingUp: false });
      expect(sync.finalized!.slot).toBe(BigInt(finalizedSlotAt(head - 1)));
      expect(sync.optimistic!.slot).toBe(BigInt(head - 1));
      expectElBlock(h.el, sync.optimistic!);
      expectElBlock(h.el, sync.finalized!);
    }

    // Follow the head, a step every 5 slots, across the period 3 → 4 rollover: the next committee
    // is known, so a boundary is no catch-up.
    const followedFrom = loops.map(({ events }) => events.length);
    for (let slot = head + 5; slot <= 4 * SLOTS_PER_PERIOD + 3 * SLOTS_PER_EPOCH; slot += 5) {
      await h.advanceTo(slot);
      for (const { sync, events } of loops) {
        await sync.step();
        expect(rejectedCodes(events)).toEqual([]);
        expect(sync.optimistic!.slot).toBe(BigInt(slot - 1));
        expect(sync.finalized!.slot).toBe(BigInt(finalizedSlotAt(slot - 1)));
        expectElBlock(h.el, sync.optimistic!);
      }
    }
    loops.forEach(({ events }, i) => {
      expect(events.slice(followedFrom[i]).filter((e) => e.type === 'progress' && e.catchingUp)).toEqual([]);
    });
    const { sync: a } = loops[0]!;
    const { sync: b } = loops[1]!;
    expect(bytesToHex(a.optimistic!.root)).toBe(bytesToHex(b.optimistic!.root));
    expect(bytesToHex(a.finalized!.root)).toBe(h.devnet.checkpoint());
    expect(a.finalized!.slot >= BigInt(4 * SLOTS_PER_PERIOD)).toBe(true);

    // A new client from today's checkpoint (not genesis).
    const later = h.sync('ssz');
    await later.sync.init();
    await later.sync.step();
    expect(rejectedCodes(later.events)).toEqual([]);
    expect(bytesToHex(later.sync.optimistic!.root)).toBe(bytesToHex(a.optimistic!.root));
  } finally {
    await h.close();
  }
}

function expectElBlock(el: Parameters<typeof elBlock>[0], head: { execution: { blockNumber: bigint; stateRoot: Uint8Array; blockHash: Uint8Array } }) {
  const block = elBlock(el, head.execution.blockNumber);
  expect(bytesToHex(head.execution.stateRoot)).toBe(bytesToHex(block.stateRoot));
  expect(bytesToHex(head.execution.blockHash)).toBe(bytesToHex(block.hash));
}
