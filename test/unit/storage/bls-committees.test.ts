/**
 * BlsCommitteeRepo on fake-indexeddb: decoded sync-committee keys survive a restart, two saves of
 * one committee merge, each network keeps its newest few, and a damaged record is a cache miss.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { COMMITTEES_KEPT, BlsCommitteeRepo } from '../../../src/storage/bls-committees.ts';
import { type BlsCommitteeRecord, type LightClientStoreRecord, VIGIL_SCHEMA, type VigilDb, openVigilDb } from '../../../src/storage/db.ts';
import { StorageError } from '../../../src/storage/errors.ts';
import { LightClientStoreRepo } from '../../../src/storage/light-client-stores.ts';

const opened: VigilDb[] = [];
async function fresh(indexedDB = new IDBFactory(), schema = VIGIL_SCHEMA) {
  const db = await openVigilDb({ indexedDB, IDBKeyRange, schema });
  opened.push(db);
  return { db, repo: new BlsCommitteeRepo(db), indexedDB };
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A committee id: 48 bytes of hex (the aggregate key, in the real thing). */
const id = (n: number) => '0x' + n.toString(16).padStart(2, '0').repeat(48);
const point = (fill: number) => new Uint8Array(96).fill(fill);
const record = (over: Partial<BlsCommitteeRecord> = {}): BlsCommitteeRecord => ({
  id: id(1),
  network: 'mainnet',
  aggregate: point(0xaa),
  keys: [
    [3, point(3)],
    [300, point(44)],
  ],
  savedAt: 1_700_000_000_000,
  ...over,
});

describe('BlsCommitteeRepo', () => {
  it('saves and loads a record, surviving a reopen; an id with nothing stored is absent', async () => {
    const first = await fresh();
    await first.repo.save(record());
    first.db.close();
    const { repo } = await fresh(first.indexedDB);
    const got = await repo.load('mainnet', [id(1), id(2)]);
    expect(got).toEqual([record()]);
    expect(got[0]!.keys[0]![1]).toBeInstanceOf(Uint8Array);
    expect(await repo.load('mainnet', [])).toEqual([]);
  });

  it('stores the id in lower case and exactly the bytes of a view; loads by any case', async () => {
    const { repo } = await fresh();
    const big = new Uint8Array(1000).fill(7);
    await repo.save(record({ id: id(0xab).toUpperCase().replace('0X', '0x'), keys: [[5, big.subarray(100, 196)]] }));
    const [got] = await repo.load('mainnet', [id(0xab).toUpperCase().replace('0X', '0x')]);
    expect(got!.id).toBe(id(0xab));
    expect(got!.keys[0]![1].buffer.byteLength).toBe(96);
  });

  it('merges two saves of the same id: the union of keys by index, the newer point winning, the aggregate kept', async () => {
    const { repo } = await fresh();
    await repo.save(record());
    await repo.save(record({ aggregate: undefined, keys: [[300, point(45)], [7, point(7)]], savedAt: 1_700_000_000_100 }));
    const [got] = await repo.load('mainnet', [id(1)]);
    expect(got).toEqual(
      record({
        keys: [
          [3, point(3)],
          [7, point(7)],
          [300, point(45)],
        ],
        savedAt: 1_700_000_000_100,
      }),
    );
  });

  it(`keeps the ${COMMITTEES_KEPT} newest committees per network, never dropping the one just saved`, async () => {
    const { repo } = await fresh();
    for (let i = 1; i <= 6; i++) await repo.save(record({ id: id(i), savedAt: 1000 + i }));
    await repo.save(record({ id: id(0x51), network: 'sepolia', savedAt: 1 }));
    const all = [1, 2, 3, 4, 5, 6].map(id);
    expect((await repo.load('mainnet', all)).map((r) => r.id).sort()).toEqual([3, 4, 5, 6].map(id));
    // Another network's records are not counted against mainnet's, nor pruned by its saves.
    expect(await repo.load('sepolia', [id(0x51)])).toHaveLength(1);
    // A save with an older clock (a clock set back) still keeps what it saved.
    await repo.save(record({ id: id(7), savedAt: 5 }));
    expect((await repo.load('mainnet', [...all, id(7)])).map((r) => r.id).sort()).toEqual([4, 5, 6, 7].map(id));
  });

  it('skips malformed stored records on load, and prunes them at the next save', async () => {
    const { db, repo } = await fresh();
    const raw = (over: object) => db.blsCommittees.put({ ...record(), ...over } as BlsCommitteeRecord);
    await raw({ id: id(1), keys: [[3, point(3).subarray(1)]] }); // a short point
    await raw({ id: id(2), aggregate: 'garbage' });
    await raw({ id: id(3), keys: [[3, point(3)], [3, point(4)]] }); // an index twice
    await raw({ id: id(4), keys: [[-1, point(3)]] });
    await raw({ id: id(5), savedAt: 'yesterday' });
    await raw({ id: id(6), keys: 'none' });
    await repo.save(record({ id: id(9) }));
    expect(await repo.load('mainnet', [1, 2, 3, 4, 5, 6, 9].map(id))).toEqual([record({ id: id(9) })]);
    expect(await db.blsCommittees.count()).toBe(1);
    // A malformed record of the same id is replaced, not merged.
    await raw({ id: id(8), keys: [[3, 'x']] });
    await repo.save(record({ id: id(8), keys: [[1, point(1)]] }));
    expect(await repo.load('mainnet', [id(8)])).toEqual([record({ id: id(8), keys: [[1, point(1)]] })]);
  });

  it("does not return another network's record, nor merge with it", async () => {
    const { repo } = await fresh();
    await repo.save(record({ network: 'sepolia' }));
    expect(await repo.load('mainnet', [id(1)])).toEqual([]);
    await repo.save(record({ keys: [[9, point(9)]] }));
    expect(await repo.load('mainnet', [id(1)])).toEqual([record({ keys: [[9, point(9)]] })]);
    expect(await repo.load('sepolia', [id(1)])).toEqual([]);
  });

  it.each([
    ['a short id', { id: '0x1234' }],
    ['an empty network', { network: '' }],
    ['a 48-byte point', { keys: [[1, new Uint8Array(48)]] }],
    ['an index past the largest committee', { keys: [[512, point(1)]] }],
    ['an index twice', { keys: [[1, point(1)], [1, point(2)]] }],
    ['a fractional index', { keys: [[1.5, point(1)]] }],
    ['an aggregate that is not bytes', { aggregate: [1, 2] }],
    ['a missing savedAt', { savedAt: undefined }],
  ])('refuses to save a record with %s (InputError), storing nothing', async (_name, over) => {
    const { repo } = await fresh();
    await expect(repo.save(record(over as Partial<BlsCommitteeRecord>))).rejects.toBeInstanceOf(InputError);
    expect(await repo.load('mainnet', [id(1)])).toEqual([]);
  });

  it('refuses malformed ids and networks to load as InputError', async () => {
    const { repo } = await fresh();
    await expect(repo.load('mainnet', ['0x12'])).rejects.toBeInstanceOf(InputError);
    await expect(repo.load('', [id(1)])).rejects.toBeInstanceOf(InputError);
  });

  it('reports a closed database as DB_ERROR', async () => {
    const { db, repo } = await fresh();
    db.close();
    const err = await repo.load('mainnet', [id(1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('DB_ERROR');
    await expect(repo.save(record())).rejects.toMatchObject({ code: 'DB_ERROR' });
  });

  it('upgrades a version-1 database (no blsCommittees table) keeping its light-client store', async () => {
    const v1 = await fresh(new IDBFactory(), VIGIL_SCHEMA.slice(0, 1));
    expect(v1.db.verno).toBe(1);
    const stored: LightClientStoreRecord = {
      network: 'mainnet',
      schema: 1,
      finalizedSlot: 7069376,
      optimisticSlot: 7069400,
      data: Uint8Array.of(1, 2, 3),
      checkpoint: '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275',
      savedAt: 1,
    };
    await new LightClientStoreRepo(v1.db).save(stored);
    v1.db.close();

    const { db, repo } = await fresh(v1.indexedDB);
    expect(db.verno).toBe(VIGIL_SCHEMA[VIGIL_SCHEMA.length - 1]!.version);
    // Version 9 marks who signed its heads as not known (src/client/light-client/head-signers.ts).
    expect(await new LightClientStoreRepo(db).load('mainnet')).toEqual({ ...stored, signers: null });
    expect(await repo.load('mainnet', [id(1)])).toEqual([]);
    await repo.save(record());
    expect(await repo.load('mainnet', [id(1)])).toEqual([record()]);
  });
});
