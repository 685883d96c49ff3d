import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { type LightClientStoreRecord, type VigilDb, openVigilDb, VIGIL_SCHEMA } from '../../../src/storage/db.ts';
import { StorageError } from '../../../src/storage/errors.ts';
import { LightClientStoreRepo } from '../../../src/storage/light-client-stores.ts';

const opened: VigilDb[] = [];
/** A fresh, private in-memory IndexedDB per call. */
async function fresh(indexedDB = new IDBFactory()) {
  const db = await openVigilDb({ indexedDB, IDBKeyRange });
  opened.push(db);
  return { db, repo: new LightClientStoreRepo(db), indexedDB };
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const record = (over: Partial<LightClientStoreRecord> = {}): LightClientStoreRecord => ({
  network: 'mainnet',
  schema: 1,
  finalizedSlot: 7069376,
  optimisticSlot: 7069400,
  data: Uint8Array.of(1, 2, 3),
  checkpoint: CHECKPOINT,
  savedAt: 1_700_000_000_000,
  ...over,
});

async function storageCode(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof StorageError || err instanceof InputError) return err.code;
  throw new Error(`expected a typed error, got ${String(err)}`);
}

describe('LightClientStoreRepo', () => {
  it('saves and loads a record per network', async () => {
    const { repo } = await fresh();
    expect(await repo.load('mainnet')).toBeUndefined();
    await repo.save(record());
    await repo.save(record({ network: 'sepolia', finalizedSlot: 5, optimisticSlot: 6, data: Uint8Array.of(9) }));
    const got = await repo.load('mainnet');
    expect(got).toEqual(record());
    expect(got!.data).toBeInstanceOf(Uint8Array);
    expect((await repo.load('sepolia'))!.data).toEqual(Uint8Array.of(9));
  });

  it('stores the checkpoint in lower case and exactly the bytes of a view', async () => {
    const { repo } = await fresh();
    const big = new Uint8Array(1000).map((_, i) => i & 0xff);
    await repo.save(record({ checkpoint: CHECKPOINT.toUpperCase().replace('0X', '0x'), data: big.subarray(10, 20) }));
    const got = (await repo.load('mainnet'))!;
    expect(got.checkpoint).toBe(CHECKPOINT);
    expect(got.data).toEqual(big.slice(10, 20));
    expect(got.data.buffer.byteLength).toBe(10);
  });

  it('survives closing and reopening the database', async () => {
    const first = await fresh();
    await first.repo.save(record());
    first.db.close();
    const second = await fresh(first.indexedDB);
    expect(await second.repo.load('mainnet')).toEqual(record());
  });

  it('moves forward: a higher finalized slot, or the same one with a newer optimistic header', async () => {
    const { repo } = await fresh();
    await repo.save(record());
    await repo.save(record({ optimisticSlot: 7069500, data: Uint8Array.of(4) }));
    expect((await repo.load('mainnet'))!.optimisticSlot).toBe(7069500);
    await repo.save(record({ finalizedSlot: 7069440, optimisticSlot: 7069440, data: Uint8Array.of(5) }));
    expect((await repo.load('mainnet'))!.finalizedSlot).toBe(7069440);
  });

  it('refuses a finalized regression and leaves the stored record intact', async () => {
    const { repo } = await fresh();
    await repo.save(record());
    const err = await repo.save(record({ finalizedSlot: 7069375, data: Uint8Array.of(66) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('FINALIZED_REGRESSION');
    expect((err as StorageError).shortMessage).toBe(
      'mainnet: the finalized header would move backwards: expected finalizedSlot >= 7069376, got 7069375',
    );
    expect(await repo.load('mainnet')).toEqual(record());
  });

  it('refuses a record grown from another checkpoint; replace() changes it', async () => {
    const { repo } = await fresh();
    await repo.save(record());
    const other = '0x' + 'ab'.repeat(32);
    expect(await storageCode(repo.save(record({ checkpoint: other, finalizedSlot: 8_000_000, optimisticSlot: 8_000_000 })))).toBe(
      'CHECKPOINT_MISMATCH',
    );
    expect(await repo.load('mainnet')).toEqual(record());
    const previous = await repo.replace(record({ checkpoint: other, finalizedSlot: 100, optimisticSlot: 100 }), { allowRegression: true });
    expect(previous).toEqual(record());
    expect((await repo.load('mainnet'))!.finalizedSlot).toBe(100);
    expect(await repo.replace(record({ network: 'hoodi' }), { allowRegression: true })).toBeUndefined();
  });

  it('replace() needs allowRegression: true', async () => {
    const { repo } = await fresh();
    expect(await storageCode(repo.replace(record(), {} as { allowRegression: true }))).toBe('INVALID_INPUT');
    expect(await repo.load('mainnet')).toBeUndefined();
  });

  it('deletes', async () => {
    const { repo } = await fresh();
    await repo.save(record());
    expect(await repo.delete('mainnet')).toBe(true);
    expect(await repo.delete('mainnet')).toBe(false);
    expect(await repo.load('mainnet')).toBeUndefined();
    await repo.save(record({ finalizedSlot: 1, optimisticSlot: 1 })); // nothing to regress from
  });

  it('a transaction that throws after the save writes nothing (crash mid-update)', async () => {
    const { db, repo } = await fresh();
    await repo.save(record());
    const crash = new Error('crash mid-update');
    const err = await db
      .transaction('rw', db.lightClientStores, db.settings, async () => {
        await repo.save(record({ finalizedSlot: 7069500, optimisticSlot: 7069500, data: Uint8Array.of(7) }));
        await db.settings.put({ key: 'lastSync', value: 1 });
        expect((await repo.load('mainnet'))!.finalizedSlot).toBe(7069500); // visible inside…
        throw crash;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(crash);
    expect(await repo.load('mainnet')).toEqual(record()); // …and gone after the abort
    expect(await db.settings.get('lastSync')).toBeUndefined();
  });

  it('a transaction aborted between the read and the write leaves the previous record', async () => {
    const { db, repo } = await fresh();
    await repo.save(record());
    const err = await db
      .transaction('rw', db.lightClientStores, async (tx) => {
        await db.lightClientStores.put(record({ finalizedSlot: 9_000_000, optimisticSlot: 9_000_000 }));
        tx.abort();
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(await repo.load('mainnet')).toEqual(record());
  });

  it('concurrent saves are serialized: the finalized slot only grows', async () => {
    const { repo } = await fresh();
    await repo.save(record({ finalizedSlot: 100, optimisticSlot: 100 }));
    const slots = [300, 200, 400, 150, 400, 350];
    const results = await Promise.allSettled(slots.map((s) => repo.save(record({ finalizedSlot: s, optimisticSlot: s }))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((await repo.load('mainnet'))!.finalizedSlot).toBe(400);
  });

  it('property: after any sequence of saves the stored finalized slot is the highest accepted one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(1000), { minLength: 1, maxLength: 12 }), async (slots) => {
        const { db, repo } = await fresh();
        let max = -1;
        for (const s of slots) {
          const ok = await repo.save(record({ finalizedSlot: s, optimisticSlot: s + 1, data: Uint8Array.of(s & 0xff) })).then(
            () => true,
            (e: unknown) => {
              expect((e as StorageError).code).toBe('FINALIZED_REGRESSION');
              return false;
            },
          );
          expect(ok).toBe(s >= max);
          if (ok) max = s;
          expect((await repo.load('mainnet'))!.finalizedSlot).toBe(max);
        }
        db.close();
      }),
      { numRuns: 30 },
    );
  });

  it.each([
    ['an empty network', { network: '' }],
    ['a negative slot', { finalizedSlot: -1 }],
    ['a fractional schema', { schema: 1.5 }],
    ['optimistic below finalized', { optimisticSlot: 7069000 }],
    ['data that is not bytes', { data: [1, 2, 3] as unknown as Uint8Array }],
    ['a short checkpoint', { checkpoint: '0x1234' }],
    ['a missing savedAt', { savedAt: undefined as unknown as number }],
  ])('refuses a record with %s as input', async (_name, over) => {
    const { repo } = await fresh();
    expect(await storageCode(repo.save(record(over)))).toBe('INVALID_INPUT');
    expect(await storageCode(repo.replace(record(over), { allowRegression: true }))).toBe('INVALID_INPUT');
    expect(await repo.load('mainnet')).toBeUndefined();
  });

  it('reports a damaged stored record as CORRUPT_RECORD; replace() recovers', async () => {
    const { db, repo } = await fresh();
    await db.lightClientStores.put({ network: 'mainnet', data: 'garbage' } as unknown as LightClientStoreRecord);
    expect(await storageCode(repo.load('mainnet'))).toBe('CORRUPT_RECORD');
    expect(await storageCode(repo.save(record()))).toBe('CORRUPT_RECORD');
    expect(await repo.replace(record(), { allowRegression: true })).toBeUndefined();
    expect(await repo.load('mainnet')).toEqual(record());
  });

  it('keeps who signed the heads; one that does not parse is dropped as not known (null), never losing the store', async () => {
    const { repo } = await fresh();
    const signers = {
      optimistic: { participants: 16, committeeSize: 32 },
      finalized: 'checkpoint' as const,
      signing: { header: '0x' + 'ab'.repeat(40), signedBy: { participants: 30, committeeSize: 32 } },
      final: { header: '0x' + 'cd'.repeat(40), signedBy: 'checkpoint' as const },
    };
    await repo.save(record({ signers }));
    expect((await repo.load('mainnet'))!.signers).toEqual(signers);
    for (const bad of [
      { ...signers, optimistic: { participants: 33, committeeSize: 32 } },
      { ...signers, finalized: { participants: -1, committeeSize: 32 } },
      { ...signers, signing: { header: 'ab', signedBy: signers.optimistic } },
      { ...signers, signing: { header: signers.signing.header, signedBy: 'checkpoint' } },
      { ...signers, final: { header: '0x' + 'ab'.repeat(5000), signedBy: 'checkpoint' } },
      { ...signers, final: undefined },
      'all of them',
    ]) {
      await repo.replace(record({ signers: bad as never }), { allowRegression: true });
      expect((await repo.load('mainnet'))!.signers, JSON.stringify(bad).slice(0, 80)).toBeNull();
    }
    // A record of older code has none: it stays without (not known either).
    await repo.replace(record(), { allowRegression: true });
    expect('signers' in (await repo.load('mainnet'))!).toBe(false);
  });

  it('version 9: records of older code get signers null (not known), the rest as it was', async () => {
    const indexedDB = new IDBFactory();
    const v8 = await openVigilDb({ indexedDB, IDBKeyRange, schema: VIGIL_SCHEMA.filter((v) => v.version <= 8) });
    await new LightClientStoreRepo(v8).save(record());
    await new LightClientStoreRepo(v8).save(record({ network: 'sepolia' }));
    v8.close();
    const { db, repo } = await fresh(indexedDB);
    expect(db.verno).toBe(VIGIL_SCHEMA.at(-1)!.version);
    expect(await repo.load('mainnet')).toEqual({ ...record(), signers: null });
    expect(await repo.load('sepolia')).toEqual({ ...record({ network: 'sepolia' }), signers: null });
  });

  it('wraps IndexedDB failures as DB_ERROR', async () => {
    const { db, repo } = await fresh();
    db.close();
    const err = await repo.load('mainnet').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('DB_ERROR');
    expect((err as StorageError).cause).toBeInstanceOf(Error);
  });
});
