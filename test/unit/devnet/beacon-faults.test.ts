/**
 * The beacon devnet's faults, each flipped at runtime as the switchboard does, against Vigil's
 * unchanged sync loop: it must reject or stall, never accept a header the chain did not make,
 * and recover once the fault is lifted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import type { SyncEvent } from '../../../src/client/light-client/sync.ts';
import { type Harness, rejectedCodes, startHarness } from './beacon/harness.ts';
import { finalizedSlotAt } from './beacon/scenario.ts';

let h: Harness;
let slot = 0;

/** Every head a loop accepted is the devnet's own block at that slot. */
async function expectOnlyChainHeads(events: SyncEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type !== 'head') continue;
    const res = await fetch(`${h.devnet.url}/eth/v1/beacon/headers/${e.head.slot}`);
    const json = (await res.json()) as { data: { root: string } };
    expect(bytesToHex(e.head.root)).toBe(json.data.root);
  }
}

/** A loop bootstrapped from genesis and synced to the current head. */
async function syncedLoop(options: { timeoutMs?: number } = {}) {
  const loop = h.sync('json', { checkpoint: h.genesisRoot, ...options });
  await loop.sync.init();
  await loop.sync.step();
  expect(rejectedCodes(loop.events)).toEqual([]);
  expect(loop.sync.optimistic!.slot).toBe(BigInt(slot - 1));
  return loop;
}

async function advance(slots: number): Promise<void> {
  slot += slots;
  await h.advanceTo(slot);
}

beforeAll(async () => {
  h = await startHarness({ fork: 'fulu' });
  await advance(70); // period 1, finality on
});
afterAll(() => h.close());

describe('beacon devnet faults', () => {
  it('withholdUpdates: 404s and empty update lists stall the loop, which reports staleness; lifting it resumes', async () => {
    const { sync, events, api } = await syncedLoop();
    const before = { f: sync.finalized!.root, o: sync.optimistic!.root };
    h.devnet.faults.withholdUpdates = true;
    expect(await api.getUpdates(0, 2)).toEqual([]);
    for (let i = 0; i < 6; i++) {
      await advance(1);
      await sync.step();
    }
    expect(rejectedCodes(events)).toContain('NOT_AVAILABLE');
    expect(events.some((e) => e.type === 'stale')).toBe(true);
    expect(bytesToHex(sync.finalized!.root)).toBe(bytesToHex(before.f));
    expect(bytesToHex(sync.optimistic!.root)).toBe(bytesToHex(before.o));

    h.devnet.faults.withholdUpdates = false;
    await sync.step();
    expect(sync.optimistic!.slot).toBe(BigInt(slot - 1));
    expect((await api.getUpdates(0, 2)).length).toBe(2);
    await expectOnlyChainHeads(events);
  });

  it('delayUpdatesMs: a client with a shorter timeout gives up and keeps its state; a patient one gets the data late', async () => {
    const hasty = await syncedLoop({ timeoutMs: 150 });
    const before = hasty.sync.optimistic!.root;
    h.devnet.faults.delayUpdatesMs = 400;
    await advance(1);
    await hasty.sync.step();
    expect(rejectedCodes(hasty.events)).toContain('ALL_ENDPOINTS_FAILED');
    expect(bytesToHex(hasty.sync.optimistic!.root)).toBe(bytesToHex(before));

    const patient = h.sync('json', { timeoutMs: 5000 });
    const t0 = performance.now();
    const update = await patient.api.getOptimisticUpdate();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    expect(update.fork).toBe('fulu');
    h.devnet.faults.delayUpdatesMs = 0;
    await hasty.sync.step();
    expect(hasty.sync.optimistic!.slot).toBe(BigInt(slot - 1));
  });

  it('invalidSignature: every update is rejected with SYNC_SIGNATURE_INVALID and nothing is accepted; lifting it resumes', async () => {
    const { sync, events } = await syncedLoop();
    const before = { f: sync.finalized!.root, o: sync.optimistic!.root };
    h.devnet.faults.invalidSignature = true;
    await advance(9); // past an epoch boundary: finality would move
    await sync.step();
    const codes = rejectedCodes(events);
    expect(codes.filter((c) => c === 'SYNC_SIGNATURE_INVALID').length).toBeGreaterThanOrEqual(2); // finality and optimistic
    expect(codes.every((c) => c === 'SYNC_SIGNATURE_INVALID')).toBe(true);
    expect(bytesToHex(sync.finalized!.root)).toBe(bytesToHex(before.f));
    expect(bytesToHex(sync.optimistic!.root)).toBe(bytesToHex(before.o));

    // A new client catching up from genesis: the bootstrap is fine, every update is refused.
    const fresh = h.sync('ssz', { checkpoint: h.genesisRoot });
    await fresh.sync.init();
    await fresh.sync.step();
    expect(rejectedCodes(fresh.events)).toContain('SYNC_SIGNATURE_INVALID');
    expect(fresh.sync.finalized!.slot).toBe(0n);
    expect(fresh.sync.optimistic!.slot).toBe(0n);
    expect(fresh.sync.lightClientStore!.nextSyncCommittee.pubkeys.every((k) => k.every((b) => b === 0))).toBe(true);

    h.devnet.faults.invalidSignature = false;
    await sync.step();
    await fresh.sync.step();
    for (const s of [sync, fresh.sync]) {
      expect(s.optimistic!.slot).toBe(BigInt(slot - 1));
      expect(s.finalized!.slot).toBe(BigInt(finalizedSlotAt(slot - 1)));
    }
    await expectOnlyChainHeads(events);
    await expectOnlyChainHeads(fresh.events);
  });

  it('finalityStall: the finalized head freezes while the optimistic head moves on; finality resumes two epochs after', async () => {
    const { sync, events } = await syncedLoop();
    h.devnet.faults.finalityStall = true;
    await advance(8); // the next epoch transition already justifies nothing
    await sync.step();
    const frozen = sync.finalized!.slot;
    const checkpoint = h.devnet.checkpoint();
    for (let i = 0; i < 3; i++) {
      await advance(8);
      await sync.step();
      expect(sync.finalized!.slot).toBe(frozen);
      expect(sync.optimistic!.slot).toBe(BigInt(slot - 1));
    }
    expect(h.devnet.checkpoint()).toBe(checkpoint);
    expect(rejectedCodes(events)).toEqual([]);

    h.devnet.faults.finalityStall = false;
    await advance(3 * 8);
    await sync.step();
    expect(rejectedCodes(events)).toEqual([]);
    expect(sync.finalized!.slot > frozen).toBe(true);
    expect(sync.finalized!.slot).toBe(BigInt(finalizedSlotAt(slot - 1)));
    await expectOnlyChainHeads(events);
  });
});
