/**
 * Trust on first use, counted by host: without a user checkpoint the sync loop takes the
 * finalized root only when beacon APIs on at least two different hosts answer it and none
 * answers another; two URLs on one host are one operator. Where the checkpoint came from is kept
 * with the store (Dexie) and said again after a restart.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { type CheckpointOrigin, checkpointSourceHost, L1Sync, type CheckpointSource, type SyncEvent } from '../../../../src/client/light-client/sync.ts';
import { beaconApiFor } from '../../../../src/client/light-client/beacon-api.ts';
import { dexiePersistence, memoryPersistence, type StorePersistence } from '../../../../src/client/light-client/store-persistence.ts';
import { networkConfig } from '../../../../src/l1/networks.ts';
import { ReplayBeaconApi, type ReplayData } from '../../../../src/rpc/beacon-replay.ts';
import { openVigilDb } from '../../../../src/storage/db.ts';
import { LightClientStoreRepo } from '../../../../src/storage/light-client-stores.ts';
import { mainnetJson } from '../../l1/helpers.ts';
import { localProcessorFor } from '../../../../src/l1/processor.ts';

const config = networkConfig('mainnet');
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const OTHER = '0x' + '11'.repeat(32);
const now = () => (config.genesisTime + 7109433 * 12) * 1000;

const recording = (finalizedRoot?: string): ReplayData => ({
  bootstraps: { [CHECKPOINT]: mainnetJson('bootstrap.json') },
  ...(finalizedRoot === undefined ? {} : { finalizedRoot: { root: finalizedRoot, slot: 7069376 } }),
});

/** A beacon API at `url` answering `root` as its finalized root (none: NOT_AVAILABLE). */
const at = (url: string, root?: string): CheckpointSource => ({ api: new ReplayBeaconApi(recording(root)), url });

function sync(sources: CheckpointSource[], options: { persistence?: StorePersistence; checkpoint?: string; quorum?: number; origin?: CheckpointOrigin } = {}) {
  const events: SyncEvent[] = [];
  const s = new L1Sync({
    processor: localProcessorFor(config),
    network: 'mainnet',
    config,
    api: new ReplayBeaconApi(recording(CHECKPOINT)),
    persistence: options.persistence ?? memoryPersistence(),
    now,
    allowOldCheckpoint: true,
    checkpointSources: sources,
    onEvent: (e) => events.push(e),
    ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
    ...(options.quorum === undefined ? {} : { checkpointQuorum: options.quorum }),
    ...(options.origin === undefined ? {} : { checkpointOrigin: options.origin }),
  });
  const checkpoint = () => events.find((e): e is Extract<SyncEvent, { type: 'checkpoint' }> => e.type === 'checkpoint');
  return { s, events, checkpoint };
}

async function dexie() {
  return dexiePersistence(new LightClientStoreRepo(await openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange })));
}

describe('checkpoint agreement', () => {
  it('names a source by the host name of its URL: lower case, no port, no path', () => {
    expect(checkpointSourceHost(beaconApiFor(config, ['https://Beacon.Example:5052/prefix/']))).toBe('beacon.example');
    expect(checkpointSourceHost({ api: new ReplayBeaconApi({}), url: 'http://127.0.0.1:5052' })).toBe('127.0.0.1');
    expect(checkpointSourceHost(new ReplayBeaconApi({}))).toBeUndefined();
    expect(checkpointSourceHost({ api: new ReplayBeaconApi({}), url: 'not a url' })).toBeUndefined();
  });

  it('takes the root two hosts agree on; one that does not answer has no say', async () => {
    const t = sync([at('https://a.example', CHECKPOINT), at('https://b.example', CHECKPOINT.toUpperCase().replace('0X', '0x')), at('https://down.example')]);
    await t.s.init();
    expect(t.checkpoint()).toMatchObject({ root: CHECKPOINT, source: 'beacon-apis', agreedBy: ['a.example', 'b.example'], origin: { kind: 'agreed', by: ['a.example', 'b.example'] } });
  });

  it('two URLs on one host are one operator: with the other host silent, nothing is trusted', async () => {
    const t = sync([at('https://a.example/v1', CHECKPOINT), at('https://a.example:8443', CHECKPOINT), at('https://b.example')]);
    // The silent host's own error is what the loop reports (and retries).
    await expect(t.s.init()).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    expect(t.checkpoint()).toBeUndefined();
  });

  it('one host answering alone is not enough when two hosts are configured', async () => {
    const t = sync([at('https://a.example', CHECKPOINT), at('https://b.example')]);
    await expect(t.s.init()).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
  });

  it('a host that answers another root stops it, however many agree, and is named', async () => {
    const t = sync([at('https://a.example', CHECKPOINT), at('https://b.example', CHECKPOINT), at('https://c.example', OTHER)]);
    const err = await t.s.init().then(
      () => undefined,
      (e: unknown) => e as { code: string; got?: string },
    );
    expect(err).toMatchObject({ code: 'LC_CHECKPOINT_DISAGREEMENT' });
    expect(err!.got).toContain(`${OTHER} (c.example)`);
    expect(err!.got).toContain(`${CHECKPOINT} (a.example, b.example)`);
  });

  it('the quorum is at most the number of configured hosts: a single configured host is trusted alone, and said so', async () => {
    const t = sync([at('https://only.example', CHECKPOINT), at('https://only.example:9000', CHECKPOINT)]);
    await t.s.init();
    expect(t.checkpoint()).toMatchObject({ origin: { kind: 'agreed', by: ['only.example'] } });
    const stricter = sync([at('https://a.example', CHECKPOINT), at('https://b.example', CHECKPOINT), at('https://c.example')], { quorum: 3 });
    await expect(stricter.s.init()).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
  });

  it('a user checkpoint asks no beacon API for a root', async () => {
    const a = new ReplayBeaconApi(recording(OTHER));
    const t = sync([{ api: a, url: 'https://a.example' }], { checkpoint: CHECKPOINT });
    await t.s.init();
    expect(a.calls).toEqual([]);
    expect(t.checkpoint()).toMatchObject({ source: 'user', origin: { kind: 'user' } });
  });

  it('a given checkpoint is said as given: the devnet, the beacon APIs as the network was added; kept with the store across a restart', async () => {
    const persistence = await dexie();
    const devnet = sync([], { persistence, checkpoint: CHECKPOINT, origin: { kind: 'devnet' } });
    await devnet.s.init();
    expect(devnet.checkpoint()).toMatchObject({ source: 'user', origin: { kind: 'devnet' } });
    const added = sync([], { persistence, checkpoint: CHECKPOINT, origin: { kind: 'added', by: ['127.0.0.1'] } });
    await added.s.init();
    expect(added.checkpoint()).toMatchObject({ source: 'stored', origin: { kind: 'added', by: ['127.0.0.1'] } });
    // Resumed with no checkpoint given: the store says where its checkpoint came from.
    const resumed = sync([at('https://a.example', OTHER), at('https://b.example', OTHER)], { persistence });
    await resumed.s.init();
    expect(resumed.checkpoint()).toMatchObject({ source: 'stored', origin: { kind: 'devnet' } });
  });

  it('keeps where the checkpoint came from with the store, and says it after a restart', async () => {
    const persistence = await dexie();
    const first = sync([at('https://a.example', CHECKPOINT), at('https://b.example', CHECKPOINT)], { persistence });
    await first.s.init();
    const resumed = sync([at('https://a.example', OTHER), at('https://b.example', OTHER)], { persistence });
    await resumed.s.init();
    expect(resumed.checkpoint()).toMatchObject({ root: CHECKPOINT, source: 'stored', agreedBy: ['a.example', 'b.example'], origin: { kind: 'agreed', by: ['a.example', 'b.example'] } });
    // The same root given by the user is the user's from now on.
    const vouched = sync([], { persistence, checkpoint: CHECKPOINT });
    await vouched.s.init();
    expect(vouched.checkpoint()).toMatchObject({ source: 'stored', origin: { kind: 'user' } });
  });

  it('a store saved before origins were recorded resumes with none, and a malformed one is dropped, not the store', async () => {
    const repo = new LightClientStoreRepo(await openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange }));
    const persistence = dexiePersistence(repo);
    await sync([], { persistence, checkpoint: CHECKPOINT }).s.init();
    const saved = (await repo.load('mainnet'))!;
    expect(saved.origin).toEqual({ kind: 'user' });
    const { origin: _dropped, ...old } = saved;
    await repo.replace(old, { allowRegression: true });
    const resumed = sync([], { persistence });
    await resumed.s.init();
    expect(resumed.checkpoint()).toMatchObject({ source: 'stored', origin: null });
    await repo.replace({ ...old, origin: { kind: 'agreed', by: 'a.example' } as never }, { allowRegression: true });
    expect((await repo.load('mainnet'))!.origin).toBeUndefined();
  });
});
