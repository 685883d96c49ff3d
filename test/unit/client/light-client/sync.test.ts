/**
 * The sync loop over the replay transport (real mainnet responses) and a Dexie store on
 * fake-indexeddb: bootstrap, catch-up, finality, optimistic, restart without bootstrap,
 * rejection of lies with the verified state kept.
 */
import { getEventListeners } from 'node:events';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { L1Sync, type SyncEvent } from '../../../../src/client/light-client/sync.ts';
import { dexiePersistence, memoryPersistence } from '../../../../src/client/light-client/store-persistence.ts';
import { parseNetworkConfig } from '../../../../src/l1/config.ts';
import { NETWORKS, networkConfig } from '../../../../src/l1/networks.ts';
import { ReplayBeaconApi, type ReplayData } from '../../../../src/rpc/beacon-replay.ts';
import { openVigilDb } from '../../../../src/storage/db.ts';
import { LightClientStoreRepo } from '../../../../src/storage/light-client-stores.ts';
import { mainnetJson } from '../../l1/helpers.ts';
import { localProcessorFor } from '../../../../src/l1/processor.ts';
import { until } from '../../../support/until.ts';

const config = networkConfig('mainnet');
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
/** A clock just after the optimistic update's signature slot. */
const now = () => (config.genesisTime + 7109433 * 12) * 1000;

const recording = (): ReplayData => ({
  bootstraps: { [CHECKPOINT]: mainnetJson('bootstrap.json') },
  updates: mainnetJson('updates.json'),
  finality: mainnetJson('finality.json'),
  optimistic: mainnetJson('optimistic.json'),
});

async function dexie() {
  return dexiePersistence(new LightClientStoreRepo(await openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange })));
}

describe('L1Sync', () => {
  it('bootstraps, catches up 862 → 867, follows finality and optimistic updates, and resumes after a restart without a bootstrap', async () => {
    const persistence = await dexie();
    const events: SyncEvent[] = [];
    const api = new ReplayBeaconApi(recording());
    const sync = new L1Sync({ processor: localProcessorFor(config), network: 'mainnet', config, api, persistence, checkpoint: CHECKPOINT, now, allowOldCheckpoint: true, onEvent: (e) => events.push(e) });
    await sync.init();
    expect(sync.finalized!.slot).toBe(7069376n);
    await sync.step();
    expect(sync.finalized!.slot).toBe(7109344n);
    expect(sync.finalized!.execution.blockNumber).toBe(17923026n);
    expect(sync.optimistic!.slot).toBe(7109431n);
    expect(sync.optimistic!.execution.blockNumber).toBe(17923113n);
    expect(api.calls.filter((c) => c.startsWith('getBootstrap'))).toHaveLength(1);
    expect(events.filter((e) => e.type === 'rejected')).toEqual([]);
    const heads = events.filter((e) => e.type === 'head').map((e) => (e.type === 'head' ? `${e.kind}:${e.head.slot}` : ''));
    expect(heads).toEqual(['finalized:7069376', 'optimistic:7069376', 'finalized:7109344', 'optimistic:7109431', 'signing:7109431']);
    expect(events.some((e) => e.type === 'progress' && e.period === 862 && e.headPeriod === 867 && e.catchingUp)).toBe(true);

    // Restart: a new loop over the same database never asks for a bootstrap.
    const api2 = new ReplayBeaconApi(recording());
    const again = new L1Sync({ processor: localProcessorFor(config), network: 'mainnet', config, api: api2, persistence, now, allowOldCheckpoint: true });
    await again.init();
    expect(api2.calls).toEqual([]);
    expect(again.finalized!.slot).toBe(7109344n);
    expect(again.optimistic!.slot).toBe(7109431n);
    expect(bytesToHex(again.finalized!.execution.stateRoot)).toBe(bytesToHex(sync.finalized!.execution.stateRoot));
  });

  it('runs a step a slot until stopped: a stop between slots ends the loop and leaves no abort listener', async () => {
    let stepped!: () => void;
    const firstStep = new Promise<void>((resolve) => (stepped = resolve));
    const sync = new L1Sync({
      processor: localProcessorFor(config),
      network: 'mainnet', config, api: new ReplayBeaconApi(recording()), persistence: memoryPersistence(), checkpoint: CHECKPOINT, now, allowOldCheckpoint: true,
      onEvent: (e) => e.type === 'head' && e.kind === 'optimistic' && e.head.slot === 7109431n && stepped(),
    });
    const stop = new AbortController();
    const running = sync.run(stop.signal);
    await firstStep;
    // The loop waits for the next slot, holding one listener on the signal.
    await until('the loop to listen on the signal', () => getEventListeners(stop.signal, 'abort').length > 0, 60_000, 10);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    stop.abort(new Error('stopped'));
    await expect(running).resolves.toBeUndefined();
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('rejects a lying finality update, demotes the endpoint and keeps its verified state', async () => {
    const data = recording();
    const api = new ReplayBeaconApi(data);
    const events: SyncEvent[] = [];
    const sync = new L1Sync({ processor: localProcessorFor(config), network: 'mainnet', config, api, persistence: memoryPersistence(), checkpoint: CHECKPOINT, now, allowOldCheckpoint: true, onEvent: (e) => events.push(e) });
    await sync.init();
    const lie = structuredClone(data.finality) as any;
    lie.data.finalized_header.beacon.state_root = '0x' + '42'.repeat(32);
    data.finality = lie;
    await sync.step();
    expect(sync.finalized!.slot).toBe(7104096n); // the last update's, not the lie's
    const rejected = events.filter((e) => e.type === 'rejected');
    expect(rejected.map((e) => (e.type === 'rejected' ? (e.error as any).code : ''))).toContain('LC_INVALID_FINALITY_BRANCH');
    expect(api.calls).toContain('demote(replay:)');
  });

  it('reads the clock when an update arrives: one signed in the slot that began while it was fetched is not "from the future"', async () => {
    // The step starts in slot 7109431; the optimistic update (signed at 7109432) arrives after that slot began.
    let clock = (config.genesisTime + 7109431 * 12) * 1000;
    const api = new ReplayBeaconApi(recording());
    const getOptimisticUpdate = api.getOptimisticUpdate.bind(api);
    api.getOptimisticUpdate = async () => {
      const r = await getOptimisticUpdate();
      clock = (config.genesisTime + 7109432 * 12) * 1000 + 50;
      return r;
    };
    const events: SyncEvent[] = [];
    const sync = new L1Sync({ processor: localProcessorFor(config), network: 'mainnet', config, api, persistence: memoryPersistence(), checkpoint: CHECKPOINT, now: () => clock, allowOldCheckpoint: true, onEvent: (e) => events.push(e) });
    await sync.init();
    await sync.step();
    expect(sync.optimistic!.slot).toBe(7109431n);
    expect(events.filter((e) => e.type === 'rejected')).toEqual([]);
  });

  it('refuses a checkpoint older than the weak-subjectivity period unless allowed, and an aged-out store', async () => {
    const persistence = memoryPersistence();
    // The checkpoint is 5.5 days old at `now`; twenty days later it is past the 14-day period.
    const later = () => now() + 20 * 24 * 3600 * 1000;
    const make = (allowOldCheckpoint: boolean) =>
      new L1Sync({ processor: localProcessorFor(config), network: 'mainnet', config, api: new ReplayBeaconApi(recording()), persistence, checkpoint: CHECKPOINT, now: later, allowOldCheckpoint });
    await expect(make(false).init()).rejects.toMatchObject({ code: 'LC_CHECKPOINT_TOO_OLD' });
    await make(true).init();
    const resumed = new L1Sync({ processor: localProcessorFor(config), network: 'mainnet', config, api: new ReplayBeaconApi(recording()), persistence, now: later });
    await expect(resumed.init()).rejects.toMatchObject({ code: 'LC_STORE_AGED_OUT' });
  });

  it("the period follows the fork: seven days is too old once Gloas's is in force, not before (a store too)", async () => {
    // The checkpoint's epoch (slot 7069376) and a clock 1,575 epochs (seven days) after it.
    const epoch = 7069376n / 32n;
    const sevenDays = () => (config.genesisTime + (7069376 + 1575 * 32) * 12) * 1000;
    // Gloas follows Fulu: the forks between the fixture's Capella and it are pulled in front of it where needed (the ages are judged before any of their data is read).
    const gloasAt = (fork: bigint) => {
      const at = (key: 'DENEB' | 'ELECTRA' | 'FULU') => String(BigInt(NETWORKS.mainnet[`${key}_FORK_EPOCH`]) < fork ? NETWORKS.mainnet[`${key}_FORK_EPOCH`] : fork);
      return parseNetworkConfig({ ...NETWORKS.mainnet, DENEB_FORK_EPOCH: at('DENEB'), ELECTRA_FORK_EPOCH: at('ELECTRA'), FULU_FORK_EPOCH: at('FULU'), GLOAS_FORK_EPOCH: String(fork) });
    };
    const make = (c: typeof config, persistence = memoryPersistence(), checkpoint: string | undefined = CHECKPOINT) =>
      new L1Sync({ processor: localProcessorFor(c), network: 'mainnet', config: c, api: new ReplayBeaconApi(recording()), persistence, now: sevenDays, ...(checkpoint ? { checkpoint } : {}) });
    // No Gloas, or Gloas still ahead: 1,575 of Fulu's 3,150 epochs.
    await make(config).init();
    await make(gloasAt(epoch + 2000n)).init();
    // Gloas from the epoch after the checkpoint: 1,574 epochs of Gloas's churn pass its 1,484.
    const afterFork = gloasAt(epoch + 1n);
    await expect(make(afterFork).init()).rejects.toMatchObject({ code: 'LC_CHECKPOINT_TOO_OLD', message: expect.stringContaining('expected at most 3150 epochs old, got 1575') });
    // The same for the stored store's finalized header: kept without Gloas, aged out with it.
    const persistence = memoryPersistence();
    await make(config, persistence).init();
    await make(config, persistence, undefined).init();
    await expect(make(afterFork, persistence, undefined).init()).rejects.toMatchObject({ code: 'LC_STORE_AGED_OUT' });
  });

  it('takes the checkpoint from the beacon APIs only when they agree', async () => {
    const withRoot = (root: string) => new ReplayBeaconApi({ ...recording(), finalizedRoot: { root, slot: 7069376 } });
    const events: SyncEvent[] = [];
    const api = withRoot(CHECKPOINT);
    const agreed = new L1Sync({
      processor: localProcessorFor(config),
      network: 'mainnet', config, api, persistence: memoryPersistence(), now, allowOldCheckpoint: true,
      checkpointSources: [api, withRoot(CHECKPOINT)], onEvent: (e) => events.push(e),
    });
    await agreed.init();
    expect(events.find((e) => e.type === 'checkpoint')).toMatchObject({ source: 'beacon-apis', root: CHECKPOINT });
    const disagree = new L1Sync({
      processor: localProcessorFor(config),
      network: 'mainnet', config, api, persistence: memoryPersistence(), now, allowOldCheckpoint: true,
      checkpointSources: [api, withRoot('0x' + '11'.repeat(32))],
    });
    await expect(disagree.init()).rejects.toMatchObject({ code: 'LC_CHECKPOINT_DISAGREEMENT' });
  });
});
