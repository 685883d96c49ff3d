/**
 * Decoded sync-committee keys kept across restarts, on the real mainnet chain: a woken loop
 * verifies with the keys an earlier run stored (decoding only what that run never needed), a
 * damaged record costs decompressions and never a wrong key, and a failing cache is reported
 * without costing verified state. The same records through Dexie (fake-indexeddb).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dexieCommitteeKeys, memoryCommitteeKeys } from '../../../../src/client/light-client/committee-keys.ts';
import type { CommitteeKeysPersistence } from '../../../../src/client/light-client/committee-keys.ts';
import { L1Sync, type L1SyncOptions, type SyncEvent } from '../../../../src/client/light-client/sync.ts';
import { type LightClientStoreRecord, memoryPersistence } from '../../../../src/client/light-client/store-persistence.ts';
import { BlsKeyCache, type PreparedKeysSnapshot } from '../../../../src/crypto/bls.ts';
import { networkConfig } from '../../../../src/l1/networks.ts';
import { committeeKeyId } from '../../../../src/l1/spec/helpers.ts';
import { ReplayBeaconApi, type ReplayData } from '../../../../src/rpc/beacon-replay.ts';
import { BlsCommitteeRepo } from '../../../../src/storage/bls-committees.ts';
import { openVigilDb } from '../../../../src/storage/db.ts';
import { StorageError } from '../../../../src/storage/errors.ts';
import { mainnetJson } from '../../l1/helpers.ts';
import { localProcessorFor } from '../../../../src/l1/processor.ts';

const config = networkConfig('mainnet');
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
/** A clock just after the optimistic update's signature slot. */
const now = () => (config.genesisTime + 7109433 * 12) * 1000;
/** Members of period 867's committee absent from the optimistic update (the finality update had all 512). */
const OPTIMISTIC_ABSENT = [72, 268];

const recording = (over: Partial<ReplayData> = {}): ReplayData => ({
  bootstraps: { [CHECKPOINT]: mainnetJson('bootstrap.json') },
  updates: mainnetJson('updates.json'),
  finality: mainnetJson('finality.json'),
  optimistic: mainnetJson('optimistic.json'),
  ...over,
});

function loop(options: Partial<L1SyncOptions> & Pick<L1SyncOptions, 'persistence'>) {
  const events: SyncEvent[] = [];
  const keys = new BlsKeyCache();
  const sync = new L1Sync({
    network: 'mainnet',
    config,
    api: new ReplayBeaconApi(recording()),
    now,
    allowOldCheckpoint: true,
    processor: localProcessorFor(config, keys),
    onEvent: (e) => events.push(e),
    ...options,
  });
  const rejected = () => events.flatMap((e) => (e.type === 'rejected' ? [(e.error as { code: string }).code] : []));
  return { sync, keys, events, rejected };
}

/** Deep copies, so that a test may damage them. */
const cloneRecords = (m: Map<string, Map<string, PreparedKeysSnapshot>>) => structuredClone(m);

describe('committee keys across restarts (mainnet chain)', () => {
  /** The store after bootstrap → updates 862…867 → finality, the optimistic update not out yet. */
  let storeRecord: LightClientStoreRecord;
  /** What that first run stored. */
  let firstRecords: Map<string, Map<string, PreparedKeysSnapshot>>;
  /** Period 867's committee: the store's current one, which signs the finality and optimistic updates. */
  let current: string;
  let next: string;

  beforeAll(async () => {
    const persistence = memoryPersistence();
    const committeeKeys = memoryCommitteeKeys();
    const first = loop({ persistence, committeeKeys, api: new ReplayBeaconApi(recording({ optimistic: undefined })), checkpoint: CHECKPOINT });
    await first.sync.init();
    await first.sync.step();
    expect(first.sync.finalized!.slot).toBe(7109344n);
    expect(first.sync.optimistic!.slot).toBe(7109430n);
    expect(first.rejected()).toEqual(['NOT_AVAILABLE']); // the optimistic update
    const store = first.sync.lightClientStore!;
    current = committeeKeyId(store.currentSyncCommittee);
    next = committeeKeyId(store.nextSyncCommittee);
    storeRecord = structuredClone(persistence.records.get('mainnet')!);
    firstRecords = cloneRecords(committeeKeys.records);
    // Stored: what the cache decoded, committee by committee (the last four it held).
    const snapshots = first.keys.snapshots();
    expect(snapshots).toHaveLength(4);
    for (const { id, snapshot } of snapshots) expect(firstRecords.get('mainnet')!.get(id)).toEqual(snapshot);
    // Period 867's committee: its aggregate only (the updates it signed had every member).
    expect(firstRecords.get('mainnet')!.get(current)).toEqual({ aggregate: expect.any(Uint8Array), keys: [] });
  });

  it('a woken loop verifies the next update with the stored keys, decoding only what the first run never needed', async () => {
    const committeeKeys = memoryCommitteeKeys();
    for (const [network, m] of cloneRecords(firstRecords)) committeeKeys.records.set(network, m);
    const loads: string[][] = [];
    const load = committeeKeys.load.bind(committeeKeys);
    committeeKeys.load = (network, ids) => (loads.push([...ids]), load(network, ids));
    const persistence = memoryPersistence();
    persistence.records.set('mainnet', structuredClone(storeRecord));

    const woken = loop({ persistence, committeeKeys });
    await woken.sync.init();
    expect(loads).toEqual([[current, next]]);
    expect(woken.keys.size).toBe(0); // offered, prepared only when an update needs them
    await woken.sync.step();
    expect(woken.rejected()).toEqual([]);
    expect(woken.sync.optimistic!.slot).toBe(7109431n);
    expect(woken.sync.optimistic!.execution.blockNumber).toBe(17923113n);
    const [prepared] = woken.keys.snapshots();
    expect(prepared!.id).toBe(current);
    // The aggregate came from storage; only the optimistic update's two absent members were decoded.
    expect(prepared!.decodedHere).toBe(OPTIMISTIC_ABSENT.length);
    expect(prepared!.snapshot.keys.map(([i]) => i)).toEqual(OPTIMISTIC_ABSENT);
    // …and stored with the aggregate, for the next wake.
    const stored = committeeKeys.records.get('mainnet')!.get(current)!;
    expect(stored).toEqual(prepared!.snapshot);

    // The next wake re-verifies both updates and decodes nothing at all.
    const again = loop({ persistence, committeeKeys });
    await again.sync.init();
    await again.sync.step();
    expect(again.rejected()).toEqual([]);
    expect(again.keys.has(current)).toBe(true);
    expect(again.keys.snapshots().map((s) => s.decodedHere)).toEqual([0]);
    expect(again.keys.takeChanges()).toEqual([]);
  });

  describe('a damaged record still verifies, and is repaired', () => {
    /** Period 867's committee with its aggregate and the two absent members, as a wake stored them. */
    let good: PreparedKeysSnapshot;
    beforeAll(async () => {
      const committeeKeys = memoryCommitteeKeys();
      const persistence = memoryPersistence();
      persistence.records.set('mainnet', structuredClone(storeRecord));
      const woken = loop({ persistence, committeeKeys });
      await woken.sync.init();
      await woken.sync.step();
      good = structuredClone(committeeKeys.records.get('mainnet')!.get(current)!);
      expect(good.keys.map(([i]) => i)).toEqual(OPTIMISTIC_ABSENT);
      expect(good.aggregate).toBeDefined();
    });

    const flip = (point: Uint8Array, at: number) => {
      const out = point.slice();
      out[at]! ^= 0x01;
      return out;
    };

    it.each<[string, (s: PreparedKeysSnapshot) => PreparedKeysSnapshot, number]>([
      ['a flipped byte in a point (x)', (s) => ({ ...s, keys: [[72, flip(s.keys[0]![1], 20)], s.keys[1]!] }), 1],
      ['a flipped byte in a point (y)', (s) => ({ ...s, keys: [s.keys[0]!, [268, flip(s.keys[1]![1], 95)]] }), 1],
      ['a point filed under another index', (s) => ({ ...s, keys: [s.keys[0]!, [5, s.keys[1]![1]]] }), 1],
      ['two points swapped', (s) => ({ ...s, keys: [[72, s.keys[1]![1]], [268, s.keys[0]![1]]] }), 2],
      ['a flipped byte in the aggregate', (s) => ({ ...s, aggregate: flip(s.aggregate!, 50) }), 1],
      ['a member key given as the aggregate', (s) => ({ ...s, aggregate: s.keys[0]![1] }), 1],
      ['points of the wrong length', (s) => ({ aggregate: s.aggregate!.subarray(0, 48), keys: [[72, new Uint8Array(97)], s.keys[1]!] }), 2],
      ['no snapshot at all', () => null as unknown as PreparedKeysSnapshot, 3],
    ])('%s', async (_name, damage, decoded) => {
      const committeeKeys = memoryCommitteeKeys();
      committeeKeys.records.set('mainnet', new Map([[current, damage(structuredClone(good))]]));
      const persistence = memoryPersistence();
      persistence.records.set('mainnet', structuredClone(storeRecord));
      const woken = loop({ persistence, committeeKeys });
      await woken.sync.init();
      await woken.sync.step();
      expect(woken.rejected()).toEqual([]);
      expect(woken.sync.optimistic!.slot).toBe(7109431n);
      const [prepared] = woken.keys.snapshots();
      expect(prepared!.decodedHere).toBe(decoded);
      // What was stored again holds the right points (a misfiled one may stay: it is never taken).
      const repaired = committeeKeys.records.get('mainnet')!.get(current)!;
      expect(repaired.aggregate).toEqual(good.aggregate);
      expect(repaired.keys.filter(([i]) => OPTIMISTIC_ABSENT.includes(i))).toEqual(good.keys);
    });
  });

  it('a cache that fails to load or save is reported, and costs nothing verified', async () => {
    const failing: CommitteeKeysPersistence = {
      load: async () => {
        throw new StorageError('DB_ERROR', 'committee keys load failed (UnknownError)');
      },
      save: async () => {
        throw new TypeError('quota');
      },
    };
    const persistence = memoryPersistence();
    const first = loop({ persistence, committeeKeys: failing, checkpoint: CHECKPOINT });
    await first.sync.init();
    await first.sync.step();
    expect(first.sync.finalized!.slot).toBe(7109344n);
    expect(first.sync.optimistic!.slot).toBe(7109431n);
    // The load at init, the save after the catch-up, the save after the step (keys 72 and 268).
    expect(first.rejected()).toEqual(['DB_ERROR', 'DB_ERROR', 'DB_ERROR']);
    const errors = first.events.flatMap((e) => (e.type === 'rejected' ? [e.error] : []));
    expect(errors[1]).toBeInstanceOf(StorageError);
    expect((errors[1] as StorageError).cause).toBeInstanceOf(TypeError);
    expect(first.events.filter((e) => e.type === 'rejected').every((e) => e.type === 'rejected' && e.endpoint === undefined)).toBe(true);
    expect(persistence.records.get('mainnet')!.optimisticSlot).toBe(7109431);
  });

  it('goes through Dexie the same way', async () => {
    const db = await openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    let clock = 1_700_000_000_000;
    const committeeKeys = dexieCommitteeKeys(new BlsCommitteeRepo(db), () => clock++);
    await committeeKeys.save('mainnet', [...firstRecords.get('mainnet')!].map(([id, snapshot]) => ({ id, snapshot })));
    expect(await committeeKeys.load('mainnet', [current, next])).toEqual([{ id: current, snapshot: firstRecords.get('mainnet')!.get(current) }]);

    const persistence = memoryPersistence();
    persistence.records.set('mainnet', structuredClone(storeRecord));
    const woken = loop({ persistence, committeeKeys });
    await woken.sync.init();
    await woken.sync.step();
    expect(woken.rejected()).toEqual([]);
    expect(woken.keys.snapshots()[0]!.decodedHere).toBe(OPTIMISTIC_ABSENT.length);
    const [stored] = await committeeKeys.load('mainnet', [current]);
    expect(stored!.snapshot.keys.map(([i]) => i)).toEqual(OPTIMISTIC_ABSENT);
    expect(stored!.snapshot.aggregate).toEqual(firstRecords.get('mainnet')!.get(current)!.aggregate);
    db.close();
  });
});
