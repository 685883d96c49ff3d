/**
 * The beacon devnet with the mainnet preset: a 512-member sync committee (one signature per
 * slot all the same), 32-slot epochs, the mainnet state's vector sizes. Vigil's light client
 * verifies bootstrap, the period-0 update, finality and optimistic updates, and per-slot work
 * stays far below a 1 s slot.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { elBlock } from './beacon/fake-el.ts';
import { rejectedCodes, startHarness } from './beacon/harness.ts';

describe('beacon devnet, mainnet preset', () => {
  it('serves a 512-member committee that L1Sync verifies in JSON and SSZ', async () => {
    const h = await startHarness({ fork: 'fulu', preset: 'mainnet' });
    try {
      expect(h.config.preset.SYNC_COMMITTEE_SIZE).toBe(512);
      const head = 4 * 32 + 3; // epoch 4: epoch 2 is finalized
      // How fast it builds slots is bench/devnet-coldstart.ts's to say, not a test's on a shared machine.
      await h.advanceTo(head);

      for (const encoding of ['json', 'ssz'] as const) {
        const { sync, events } = h.sync(encoding, { checkpoint: h.genesisRoot });
        await sync.init();
        await sync.step();
        expect(rejectedCodes(events)).toEqual([]);
        expect(sync.lightClientStore!.nextSyncCommittee.pubkeys).toHaveLength(512);
        expect(sync.finalized!.slot).toBe(64n);
        expect(sync.optimistic!.slot).toBe(BigInt(head - 1));
        expect(bytesToHex(sync.finalized!.root)).toBe(h.devnet.checkpoint());
        const block = elBlock(h.el, sync.optimistic!.execution.blockNumber);
        expect(bytesToHex(sync.optimistic!.execution.stateRoot)).toBe(bytesToHex(block.stateRoot));
      }
    } finally {
      await h.close();
    }
  });
});
