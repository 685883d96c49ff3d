import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { type LightClientStoreRecord, type SchemaVersion, VIGIL_SCHEMA, type VigilDb, openVigilDb } from '../../../src/storage/db.ts';
import { StorageError } from '../../../src/storage/errors.ts';
import { LightClientStoreRepo } from '../../../src/storage/light-client-stores.ts';
import { SettingsRepo } from '../../../src/storage/settings.ts';

const opened: VigilDb[] = [];
async function open(indexedDB: IDBFactory, schema?: readonly SchemaVersion[]) {
  const db = await openVigilDb({ indexedDB, IDBKeyRange, ...(schema ? { schema } : {}) });
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const record = (over: Partial<LightClientStoreRecord> = {}): LightClientStoreRecord => ({
  network: 'mainnet',
  schema: 1,
  finalizedSlot: 64,
  optimisticSlot: 70,
  data: Uint8Array.of(1, 2, 3),
  checkpoint: '0x' + '11'.repeat(32),
  savedAt: 1,
  ...over,
});

const LATEST = VIGIL_SCHEMA[VIGIL_SCHEMA.length - 1]!.version;

/** A hypothetical next version: an index on savedAt, and every store record marked as migrated. */
let upgradeRuns = 0;
const NEXT: SchemaVersion = {
  version: LATEST + 1,
  stores: { lightClientStores: 'network, savedAt', settings: 'key' },
  upgrade: async (tx) => {
    upgradeRuns++;
    await tx
      .table('lightClientStores')
      .toCollection()
      .modify((r: LightClientStoreRecord) => {
        r.schema = 2;
      });
  },
};

describe('openVigilDb', () => {
  it('creates the "vigil" database at the latest version with every table', async () => {
    const indexedDB = new IDBFactory();
    const db = await open(indexedDB);
    expect(db.name).toBe('vigil');
    expect(db.verno).toBe(LATEST);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['activity', 'approvals', 'blsCommittees', 'callBatches', 'dataChecks', 'exits', 'l2Transfers', 'lightClientStores', 'permissions', 'settings', 'transferCursors', 'transfers', 'vault']);
    expect(db.lightClientStores.schema.primKey.keyPath).toBe('network');
    const names = await indexedDB.databases();
    expect(names.map((d) => d.name)).toEqual(['vigil']);
  });

  it('migrates a database written by the previous version, keeping its records, once', async () => {
    const indexedDB = new IDBFactory();
    const v1 = await open(indexedDB);
    await new LightClientStoreRepo(v1).save(record());
    await new SettingsRepo(v1).set('endpoints', ['http://127.0.0.1:5052']);
    v1.close();

    upgradeRuns = 0;
    const next = await open(indexedDB, [...VIGIL_SCHEMA, NEXT]);
    expect(next.verno).toBe(LATEST + 1);
    expect(upgradeRuns).toBe(1);
    expect(await new LightClientStoreRepo(next).load('mainnet')).toEqual(record({ schema: 2 }));
    expect(await new SettingsRepo(next).get('endpoints')).toEqual(['http://127.0.0.1:5052']);
    expect(await next.lightClientStores.where('savedAt').equals(1).count()).toBe(1);
    next.close();

    await open(indexedDB, [...VIGIL_SCHEMA, NEXT]);
    expect(upgradeRuns).toBe(1);
  });

  it('a failing migration leaves the old database as it was', async () => {
    const indexedDB = new IDBFactory();
    const v1 = await open(indexedDB);
    await new LightClientStoreRepo(v1).save(record());
    v1.close();

    const broken: SchemaVersion = {
      ...NEXT,
      upgrade: async (tx) => {
        await tx.table('lightClientStores').clear();
        throw new Error('migration bug');
      },
    };
    const err = await openVigilDb({ indexedDB, IDBKeyRange, schema: [...VIGIL_SCHEMA, broken] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('DB_OPEN_FAILED');

    const again = await open(indexedDB);
    expect(again.verno).toBe(LATEST);
    expect(await new LightClientStoreRepo(again).load('mainnet')).toEqual(record());
  });

  it('an open connection gives way to a newer version opened elsewhere (extension update)', async () => {
    const indexedDB = new IDBFactory();
    const old = await open(indexedDB);
    await new LightClientStoreRepo(old).save(record());
    const next = await open(indexedDB, [...VIGIL_SCHEMA, NEXT]);
    expect(next.verno).toBe(LATEST + 1);
    expect(old.isOpen()).toBe(false);
  });

  it('opens a database left by a newer version of Vigil (a rolled-back extension) without losing it', async () => {
    // Dexie 4 opens an installed database of a higher version with the tables it knows;
    // the records' own `schema` field lets src/l1 refuse a serialization it does not know.
    const indexedDB = new IDBFactory();
    const newer = await open(indexedDB, [...VIGIL_SCHEMA, NEXT]);
    await new LightClientStoreRepo(newer).save(record());
    newer.close();
    const older = await open(indexedDB);
    expect(await new LightClientStoreRepo(older).load('mainnet')).toEqual(record());
    older.close();
    const reopened = await open(indexedDB, [...VIGIL_SCHEMA, NEXT]);
    expect(await new LightClientStoreRepo(reopened).load('mainnet')).toEqual(record());
  });

  it('fails with DB_OPEN_FAILED when IndexedDB is unusable', async () => {
    const unusable = {
      open() {
        throw new DOMException('The user denied permission', 'SecurityError');
      },
    };
    const err = await openVigilDb({ indexedDB: unusable, IDBKeyRange }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('DB_OPEN_FAILED');
    expect((err as StorageError).cause).toBeDefined();
  });

  it('refuses a malformed schema history', async () => {
    await expect(openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange, schema: [] })).rejects.toBeInstanceOf(InputError);
    await expect(openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange, schema: [NEXT, VIGIL_SCHEMA[0]!] })).rejects.toBeInstanceOf(
      InputError,
    );
  });

  it('takes another database name (one profile per test, or per network)', async () => {
    const indexedDB = new IDBFactory();
    const db = await openVigilDb({ indexedDB, IDBKeyRange, name: 'vigil-test' });
    opened.push(db);
    expect(db.name).toBe('vigil-test');
  });
});

describe('SettingsRepo', () => {
  it('sets, gets and deletes structured values', async () => {
    const settings = new SettingsRepo(await open(new IDBFactory()));
    expect(await settings.get('theme')).toBeUndefined();
    await settings.set('theme', 'dark');
    await settings.set('checkpoints', { mainnet: '0x' + '22'.repeat(32), at: 5n, raw: Uint8Array.of(1) });
    expect(await settings.get('theme')).toBe('dark');
    expect(await settings.get('checkpoints')).toEqual({ mainnet: '0x' + '22'.repeat(32), at: 5n, raw: Uint8Array.of(1) });
    await settings.delete('theme');
    expect(await settings.get('theme')).toBeUndefined();
  });

  it('refuses bad keys and undefined values as input', async () => {
    const settings = new SettingsRepo(await open(new IDBFactory()));
    await expect(settings.get('')).rejects.toBeInstanceOf(InputError);
    await expect(settings.set('x', undefined)).rejects.toBeInstanceOf(InputError);
  });

  it('reports values that cannot be stored as DB_ERROR', async () => {
    const settings = new SettingsRepo(await open(new IDBFactory()));
    const err = await settings.set('fn', () => 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('DB_ERROR');
  });
});
