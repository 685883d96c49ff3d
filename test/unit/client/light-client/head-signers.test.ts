/**
 * Who signed the light client's heads (src/client/light-client/head-signers.ts), on hand-made stores: what an
 * update moves takes its aggregate's participation, the same header signed again by more counts
 * the more, the signing head is the newest a supermajority signed, `final` moves only with a
 * supermajority's finality (never by a forced update), and the persisted form round-trips (a
 * header that does not decode counts as not known).
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import {
  afterForceUpdate,
  afterUpdate,
  bootstrapSigners,
  type HeadSigners,
  signersFromRecord,
  signersToRecord,
  thinlySigned,
  UNKNOWN_SIGNERS,
} from '../../../../src/client/light-client/head-signers.ts';
import { type AnyLightClientHeader, BeaconBlockHeader, defaultLightClientHeader, type LightClientHeader, lightClientTypes } from '../../../../src/l1/containers.ts';
import { PRESETS } from '../../../../src/l1/config.ts';
import type { LightClientStore } from '../../../../src/l1/store.ts';

const types = lightClientTypes(PRESETS.minimal);
const header = (slot: number): LightClientHeader => {
  const h = defaultLightClientHeader();
  return { ...h, beacon: { ...h.beacon, slot: BigInt(slot) }, execution: { ...h.execution, blockNumber: BigInt(slot) } };
};
const store = (finalized: number, optimistic: number, best: { participants: number } | null = null): LightClientStore => ({
  finalizedHeader: header(finalized),
  optimisticHeader: header(optimistic),
  currentSyncCommittee: types.SyncCommittee.defaultValue(),
  nextSyncCommittee: types.SyncCommittee.defaultValue(),
  bestValidUpdate:
    best === null
      ? null
      : {
          attestedHeader: header(optimistic + 1),
          nextSyncCommittee: types.SyncCommittee.defaultValue(),
          nextSyncCommitteeBranch: [],
          finalizedHeader: header(finalized + 1),
          finalityBranch: [],
          syncAggregate: { syncCommitteeBits: Array.from({ length: 32 }, (_, i) => i < best.participants), syncCommitteeSignature: new Uint8Array(96) },
          signatureSlot: BigInt(optimistic + 2),
        },
  previousMaxActiveParticipants: 0,
  currentMaxActiveParticipants: 32,
});
const of = (participants: number) => ({ participants, committeeSize: 32 });
const processed = (next: LightClientStore, attestedSlot: number, participants: number) => ({
  store: next,
  attested: { slot: BigInt(attestedSlot), root: BeaconBlockHeader.hashTreeRoot(header(attestedSlot).beacon) },
  participation: of(participants),
});
const slotOf = (s: { header: AnyLightClientHeader } | null) => (s === null ? null : Number(s.header.beacon.slot));

describe('head signers', () => {
  const booted = bootstrapSigners(store(8, 8));

  it('a bootstrapped store: the checkpoint is finalized, nothing is signed against', () => {
    expect(booted).toMatchObject({ optimistic: null, finalized: 'checkpoint', signing: null });
    expect(slotOf(booted.final)).toBe(8);
    expect(thinlySigned('checkpoint')).toBe(false);
    expect(thinlySigned(null)).toBe(true);
    expect(thinlySigned(of(21))).toBe(true);
    expect(thinlySigned(of(22))).toBe(false);
  });

  it('a head moved by a supermajority update is signed by it and becomes the signing head; a thin one does not', () => {
    const a = afterUpdate(booted, store(8, 8), processed(store(8, 20), 20, 30));
    expect(a.optimistic).toEqual(of(30));
    expect(slotOf(a.signing)).toBe(20);
    const b = afterUpdate(a, store(8, 20), processed(store(8, 21), 21, 17));
    expect(b.optimistic).toEqual(of(17));
    expect(slotOf(b.signing)).toBe(20); // stays where two thirds signed last
    expect(b.signing!.signedBy).toEqual(of(30));
  });

  it('the same header signed again by more counts the more (and so can become the signing head); by fewer, not less', () => {
    const thin = afterUpdate(booted, store(8, 8), processed(store(8, 20), 20, 17));
    expect(thin.signing).toBeNull();
    const again = afterUpdate(thin, store(8, 20), processed(store(8, 20), 20, 25));
    expect(again.optimistic).toEqual(of(25));
    expect(slotOf(again.signing)).toBe(20);
    const fewer = afterUpdate(again, store(8, 20), processed(store(8, 20), 20, 23));
    expect(fewer.optimistic).toEqual(of(25));
    // Another header's aggregate (an older attested one) says nothing of this head.
    expect(afterUpdate(thin, store(8, 20), processed(store(8, 20), 19, 32)).optimistic).toEqual(of(17));
  });

  it("finality moves `final` only with a supermajority's update; a thin one cannot (and the spec would not apply it)", () => {
    const a = afterUpdate(booted, store(8, 8), processed(store(16, 25), 25, 28));
    expect(a.finalized).toEqual(of(28));
    expect(slotOf(a.final)).toBe(16);
    const b = afterUpdate(a, store(16, 25), processed(store(24, 30), 30, 12));
    expect(b.finalized).toEqual(of(12));
    expect(slotOf(b.final)).toBe(16);
  });

  it('a forced update moves the store with its best update\'s signers and never moves `final`', () => {
    const a = afterUpdate(booted, store(8, 8), processed(store(16, 25), 25, 30));
    const before = store(16, 25, { participants: 9 });
    const after: LightClientStore = { ...before, finalizedHeader: header(40), optimisticHeader: header(40), bestValidUpdate: null };
    const forced = afterForceUpdate(a, before, after);
    expect(forced.finalized).toEqual(of(9));
    expect(forced.optimistic).toEqual(of(9));
    expect(slotOf(forced.final)).toBe(16);
    expect(slotOf(forced.signing)).toBe(25);
    // Even a supermajority's forced update (an attested header taken for a finalized one) is no finality.
    const strong = afterForceUpdate(a, store(16, 25, { participants: 31 }), after);
    expect(slotOf(strong.final)).toBe(16);
    expect(slotOf(strong.signing)).toBe(40);
    // Nothing forced: nothing changes.
    expect(afterForceUpdate(a, before, before)).toBe(a);
  });

  it('round-trips through its record; a record of older code, or one that does not fit the store, is not known', () => {
    const a = afterUpdate(booted, store(8, 8), processed(store(16, 25), 25, 30));
    const record = signersToRecord(a);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record); // JSON-safe: the CLI's file store
    const back = signersFromRecord(record);
    expect(signersToRecord(back)).toEqual(record);
    expect(bytesToHex(BeaconBlockHeader.hashTreeRoot(back.signing!.header.beacon))).toBe(bytesToHex(BeaconBlockHeader.hashTreeRoot(header(25).beacon)));
    expect(signersFromRecord(undefined)).toEqual(UNKNOWN_SIGNERS);
    expect(signersFromRecord(null)).toEqual(UNKNOWN_SIGNERS);
    // A header that does not decode: that head is not known.
    const misfit: HeadSigners = signersFromRecord({ ...record, signing: { header: '0x00', signedBy: of(30) } });
    expect(misfit.signing).toBeNull();
    expect(slotOf(misfit.final)).toBe(16);
  });
});
