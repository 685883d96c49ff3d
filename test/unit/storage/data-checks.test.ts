/**
 * The remembered blob samplings (src/storage/data-checks.ts): the Dexie table on fake-indexeddb
 * and the memory of the CLI, one contract: the newest sampling and the newest verified one per
 * network and transaction, round-tripped (the slot a bigint again).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataAvailability } from '../../../src/l2/data/availability.ts';
import { openVigilDb, type VigilDb } from '../../../src/storage/db.ts';
import { DataCheckRepo, type DataChecks, MemoryDataChecks } from '../../../src/storage/data-checks.ts';

const opened: VigilDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const TX = '0x' + 'AB'.repeat(32);
const sampling = (status: DataAvailability['status'], checkedAt: number): DataAvailability => ({
  status,
  slot: 2n ** 40n + 7n,
  beaconRoot: '0x' + '11'.repeat(32),
  blobs: 2,
  columns: { asked: 16, verified: status === 'verified' ? 16 : 0, total: 128 },
  endpoints: [{ url: 'http://a', asked: 16, served: 16, verified: 16, bad: 0, demoted: false, ...(status === 'unsampled' ? { error: { code: 'HTTP_STATUS', message: 'down' } } : {}) }],
  checkedAt,
  expiresAt: checkedAt + 1000,
  words: `${status} at ${checkedAt}`,
});

const stores: [string, () => Promise<DataChecks>][] = [
  [
    'DataCheckRepo (Dexie)',
    async () => {
      const db = await openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange });
      opened.push(db);
      return new DataCheckRepo(db);
    },
  ],
  ['MemoryDataChecks', async () => new MemoryDataChecks()],
];

describe.each(stores)('%s', (_name, make) => {
  it('keeps the newest sampling and the newest verified one, by network and transaction (any case)', async () => {
    const checks = await make();
    expect(await checks.get('devnet', TX)).toBeUndefined();
    await checks.put('devnet', TX, sampling('verified', 100), 1);
    expect(await checks.get('devnet', TX.toLowerCase())).toEqual({ last: sampling('verified', 100), verified: sampling('verified', 100) });
    await checks.put('devnet', TX, sampling('unsampled', 200), 2);
    const got = await checks.get('devnet', TX);
    expect(got?.last).toEqual(sampling('unsampled', 200));
    expect(got?.verified).toEqual(sampling('verified', 100));
    expect(typeof got?.last.slot).toBe('bigint');
    expect(await checks.get('mainnet', TX)).toBeUndefined();
  });
});

it('the memory keeps at most its rows, the oldest written going first', async () => {
  const checks = new MemoryDataChecks(2);
  for (const t of ['0x01', '0x02', '0x03']) await checks.put('devnet', t, sampling('verified', 1), 1);
  expect(await checks.get('devnet', '0x01')).toBeUndefined();
  expect(await checks.get('devnet', '0x03')).toBeDefined();
});
