/**
 * The real rollups' exits table (src/storage/exit-plans.ts) on fake-indexeddb: schema version 6
 * adds it to a database of version 5 keeping the devnet's exits (and everything else) as they
 * were; a new exit archives the finished ones of the same account and rollup, is refused while
 * one is under way, and never overwrites a stored id; records round-trip as JSON-safe values.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { newExitRecord } from '../../../src/l2/exit-plan.ts';
import { startExit } from '../../../src/l2/vigil-zk/exit-legacy.ts';
import { openVigilDb, VIGIL_SCHEMA, type VigilDb } from '../../../src/storage/db.ts';
import { ExitPlanRepo, type ExitPlanRow } from '../../../src/storage/exit-plans.ts';
import { ExitRepo, type ExitRow } from '../../../src/storage/exits.ts';
import { SettingsRepo } from '../../../src/storage/settings.ts';

const opened: VigilDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});
async function open(indexedDB: IDBFactory, schema = VIGIL_SCHEMA) {
  const db = await openVigilDb({ indexedDB, IDBKeyRange, schema });
  opened.push(db);
  return db;
}

const OWNER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const finished = (r: ExitPlanRow) => r.step === 'done' || r.step === 'failed';
const row = (over: Partial<ExitPlanRow> = {}, now = 1_800_000_000): ExitPlanRow => ({
  ...newExitRecord({ kind: 'op-stack-v1', rollupChainId: 10, owner: OWNER, amount: 10n ** 18n, step: 'initiate', now }),
  networkId: 'mainnet',
  ...over,
});

describe('schema version 6', () => {
  it('adds exitPlans to a version-5 database, keeping its devnet exits and settings', async () => {
    const indexedDB = new IDBFactory();
    const v5 = await open(indexedDB, VIGIL_SCHEMA.filter((v) => v.version <= 5));
    expect(v5.verno).toBe(5);
    const devnet: ExitRow = { ...startExit({ rollupChainId: 901, contract: '0x' + '5f'.repeat(20), index: 3, owner: OWNER, balance: 7n, now: 100 }), networkId: 'devnet', raw: '0x02aa' };
    await new ExitRepo(v5).put(devnet);
    await new SettingsRepo(v5).set('current', 'devnet');
    v5.close();

    const v6 = await open(indexedDB);
    expect(v6.verno).toBe(6);
    expect(await new ExitRepo(v6).list()).toEqual([devnet]);
    expect(await new SettingsRepo(v6).get('current')).toBe('devnet');
    const plans = new ExitPlanRepo(v6);
    expect(await plans.list()).toEqual([]);
    expect(await plans.create(row(), finished, 1)).toBeNull();
    expect(await plans.list()).toEqual([row()]);
  });
});

describe('ExitPlanRepo', () => {
  it('round-trips a record with its signed bytes and history', async () => {
    const repo = new ExitPlanRepo(await open(new IDBFactory()));
    const r = row({ step: 'proving', sent: { initiate: { hash: '0x' + 'ab'.repeat(32), at: 5 } }, facts: { withdrawalHash: '0x' + 'cd'.repeat(32) }, signed: { hash: '0x' + 'ab'.repeat(32), raw: '0x02ff' }, error: { code: 'TIMEOUT', message: 'slow' }, errorFromTick: true });
    expect(await repo.create(r, finished, 1)).toBeNull();
    expect(await repo.get(r.id)).toEqual(r);
    await repo.put({ ...r, step: 'finalizing' });
    expect((await repo.get(r.id))!.step).toBe('finalizing');
  });

  it('refuses a second exit of the same account on the same rollup while one is under way, answering it', async () => {
    const repo = new ExitPlanRepo(await open(new IDBFactory()));
    const first = row();
    await repo.create(first, finished, 1);
    const second = row({}, 1_800_000_100);
    expect(await repo.create(second, finished, 2)).toEqual(first);
    expect((await repo.list()).map((r) => r.id)).toEqual([first.id]);
    // Another rollup, another owner or another network: their own exits.
    expect(await repo.create(row({ rollupChainId: 8453, id: 'b' }), finished, 3)).toBeNull();
    expect(await repo.create(row({ owner: '0x' + '11'.repeat(20), id: 'c' }), finished, 3)).toBeNull();
    expect(await repo.create(row({ networkId: 'sepolia', id: 'd' }), finished, 3)).toBeNull();
    expect((await repo.list()).length).toBe(4);
  });

  it('archives finished exits when a new one starts, keeping them listed, newest first', async () => {
    const repo = new ExitPlanRepo(await open(new IDBFactory()));
    const old = row({ step: 'done' }, 1_700_000_000);
    const failed = row({ step: 'failed' }, 1_750_000_000);
    await repo.create(old, finished, 1);
    await repo.create(failed, finished, 2);
    const fresh = row({}, 1_800_000_000);
    expect(await repo.create(fresh, finished, 3)).toBeNull();
    const listed = await repo.list();
    expect(listed.map((r) => [r.id, r.archivedAt])).toEqual([
      [fresh.id, undefined],
      [failed.id, 3],
      [old.id, 2],
    ]);
  });

  it('never overwrites a stored id', async () => {
    const repo = new ExitPlanRepo(await open(new IDBFactory()));
    const done = row({ step: 'done' });
    await repo.create(done, finished, 1);
    const same = row({ amount: '5' });
    // Answered, and nothing written (not even the finished one archived).
    expect(await repo.create(same, finished, 2)).toEqual(done);
    expect(await repo.list()).toEqual([done]);
  });
});
