/**
 * The one exits table (src/storage/exits.ts) on fake-indexeddb: schema version 6 added the real
 * rollups' `exitPlans` beside the devnet's `exits`; version 7 moves both into `exits`, the devnet's
 * rows in the plans' shape (a version-6 database built with the old schema, with a devnet exit under
 * way, an archived one and a plan's). Then the repository: a new exit archives the finished ones of
 * the same account and rollup, is refused while one stands in the way, never overwrites a stored
 * id; records round-trip as JSON-safe values.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { newExitRecord } from '../../../src/l2/exit-plan.ts';
import { openVigilDb, VIGIL_SCHEMA, type VigilDb } from '../../../src/storage/db.ts';
import { type DevnetExitRowV6, devnetExitRowV7, ExitRepo, type ExitRow } from '../../../src/storage/exits.ts';
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
const upTo = (version: number) => VIGIL_SCHEMA.filter((v) => v.version <= version);

const OWNER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const CONTRACT = '0x' + '5f'.repeat(20);
const underWay = (r: ExitRow) => r.step !== 'done' && r.step !== 'failed';
const row = (over: Partial<ExitRow> = {}, now = 1_800_000_000): ExitRow => ({
  ...newExitRecord({ kind: 'op-stack-v1', rollupChainId: 10, owner: OWNER, amount: 10n ** 18n, step: 'initiate', now }),
  networkId: 'mainnet',
  ...over,
});

/** A devnet exit as versions 5 and 6 stored it: waiting on its request, the request's bytes kept. */
const devnetV6 = (over: Partial<DevnetExitRowV6> = {}): DevnetExitRowV6 => ({
  id: '901:3',
  rollupChainId: 901,
  contract: CONTRACT.toUpperCase().replace('0X', '0x'),
  index: 3,
  owner: OWNER.toUpperCase().replace('0X', '0x'),
  step: 'waiting',
  startBalance: '7',
  request: { hash: '0x' + 'AB'.repeat(32), at: 100, queueIndex: '7', queuedAt: 112 },
  deadline: 3700,
  reverts: 1,
  error: { code: 'EXIT_TX_REVERTED', message: 'requestForcedWithdrawal reverted on L1' },
  history: [
    { step: 'request', at: 100 },
    { step: 'requesting', at: 100 },
    { step: 'waiting', at: 124 },
  ],
  createdAt: 100,
  updatedAt: 124,
  networkId: 'devnet',
  raw: '0x02aa',
  ...over,
});

describe('schema version 6', () => {
  it('adds exitPlans to a version-5 database, keeping its devnet exits and settings', async () => {
    const indexedDB = new IDBFactory();
    const v5 = await open(indexedDB, upTo(5));
    expect(v5.verno).toBe(5);
    await v5.table('exits').put(devnetV6());
    await new SettingsRepo(v5).set('current', 'devnet');
    v5.close();

    const v6 = await open(indexedDB, upTo(6));
    expect(v6.verno).toBe(6);
    expect(await v6.table('exits').toArray()).toEqual([devnetV6()]);
    expect(await new SettingsRepo(v6).get('current')).toBe('devnet');
    expect(await v6.table('exitPlans').toArray()).toEqual([]);
  });
});

describe('schema version 7', () => {
  it("moves a version-6 database's devnet exits (in the plans' shape) and its plans' exits into one table", async () => {
    const indexedDB = new IDBFactory();
    const v6 = await open(indexedDB, upTo(6));
    const underWay = devnetV6();
    const archived = devnetV6({ id: '901:3@50', step: 'failed', createdAt: 50, updatedAt: 60, request: undefined, deadline: undefined, raw: undefined, history: [{ step: 'request', at: 50 }, { step: 'failed', at: 60, note: 'the account escaped already' }] });
    const escaping = devnetV6({
      id: '901:4',
      index: 4,
      owner: '0x' + '11'.repeat(20),
      step: 'escaping',
      freeze: { hash: '0x' + 'f1'.repeat(32), at: 4000 },
      escape: { hash: '0x' + 'e1'.repeat(32), at: 4100, amount: '6' },
      errorFromTick: true,
      error: { code: 'LOCKED', message: 'the wallet is locked' },
      raw: '0x02ee',
    });
    for (const r of [underWay, archived, escaping]) await v6.table('exits').put(r);
    const plan = row();
    await v6.table('exitPlans').put(plan);
    await new SettingsRepo(v6).set('current', 'devnet');
    v6.close();

    const v7 = await open(indexedDB);
    expect(v7.verno).toBeGreaterThanOrEqual(7);
    expect(v7.tables.map((t) => t.name)).not.toContain('exitPlans');
    const repo = new ExitRepo(v7);
    const byId = new Map((await repo.list()).map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual([plan.id, `vigil-zk-v1:901:${OWNER}:100`, `vigil-zk-v1:901:${OWNER}:50`, `vigil-zk-v1:901:0x${'11'.repeat(20)}:100`].sort());
    expect(byId.get(plan.id)).toEqual(plan);
    expect(byId.get(`vigil-zk-v1:901:${OWNER}:100`)).toEqual({
      id: `vigil-zk-v1:901:${OWNER}:100`,
      kind: 'vigil-zk-v1',
      rollupChainId: 901,
      owner: OWNER,
      amount: '7',
      step: 'waiting',
      sent: { request: { hash: '0x' + 'ab'.repeat(32), at: 100 } },
      facts: { index: '3', contract: CONTRACT, queueIndex: '7', queuedAt: '112', deadline: '3700' },
      reverts: 1,
      error: { code: 'EXIT_TX_REVERTED', message: 'requestForcedWithdrawal reverted on L1' },
      history: underWay.history,
      createdAt: 100,
      updatedAt: 124,
      networkId: 'devnet',
      signed: { hash: '0x' + 'ab'.repeat(32), raw: '0x02aa' },
    });
    expect(byId.get(`vigil-zk-v1:901:${OWNER}:50`)).toMatchObject({ step: 'failed', archivedAt: 60_000, sent: {} });
    expect(byId.get(`vigil-zk-v1:901:${OWNER}:50`)).not.toHaveProperty('signed');
    // The bytes go with the transaction sent last (the escape), the escape's proven amount kept.
    expect(byId.get(`vigil-zk-v1:901:0x${'11'.repeat(20)}:100`)).toMatchObject({
      step: 'escaping',
      sent: { request: { hash: '0x' + 'ab'.repeat(32), at: 100 }, freeze: { hash: '0x' + 'f1'.repeat(32), at: 4000 }, escape: { hash: '0x' + 'e1'.repeat(32), at: 4100 } },
      facts: { index: '4', escapeAmount: '6' },
      signed: { hash: '0x' + 'e1'.repeat(32), raw: '0x02ee' },
      errorFromTick: true,
    });
    // The index on [rollupChainId+owner] serves both kinds.
    expect((await v7.exits.where('[rollupChainId+owner]').equals([901, OWNER]).toArray()).length).toBe(2);
    expect(await new SettingsRepo(v7).get('current')).toBe('devnet');
  });

  it('an escaped devnet exit keeps its recovered amount; two exits begun in one second by one owner keep apart', async () => {
    expect(devnetExitRowV7(devnetV6({ step: 'escaped', escape: { hash: '0x' + 'e1'.repeat(32), at: 5, amount: '9' } })).facts).toMatchObject({ escapeAmount: '9', recovered: '9' });
    const indexedDB = new IDBFactory();
    const v6 = await open(indexedDB, upTo(6));
    await v6.table('exits').put(devnetV6());
    await v6.table('exits').put(devnetV6({ id: '901:5', index: 5 }));
    v6.close();
    const ids = (await new ExitRepo(await open(indexedDB)).list()).map((r) => r.id).sort();
    expect(ids).toEqual([`vigil-zk-v1:901:${OWNER}:100`, `vigil-zk-v1:901:${OWNER}:100:5`]);
  });
});

describe('ExitRepo', () => {
  it('round-trips a record with its signed bytes and history', async () => {
    const repo = new ExitRepo(await open(new IDBFactory()));
    const r = row({ step: 'proving', sent: { initiate: { hash: '0x' + 'ab'.repeat(32), at: 5 } }, facts: { withdrawalHash: '0x' + 'cd'.repeat(32) }, signed: { hash: '0x' + 'ab'.repeat(32), raw: '0x02ff' }, error: { code: 'TIMEOUT', message: 'slow' }, errorFromTick: true });
    expect(await repo.create(r, underWay, 1)).toBeNull();
    expect(await repo.get(r.id)).toEqual(r);
    await repo.put({ ...r, step: 'finalizing' });
    expect((await repo.get(r.id))!.step).toBe('finalizing');
  });

  it('refuses a second exit of the same account on the same rollup while one stands in the way, answering it', async () => {
    const repo = new ExitRepo(await open(new IDBFactory()));
    const first = row();
    await repo.create(first, underWay, 1);
    const second = row({}, 1_800_000_100);
    expect(await repo.create(second, underWay, 2)).toEqual(first);
    expect((await repo.list()).map((r) => r.id)).toEqual([first.id]);
    // Another rollup, another owner or another network: their own exits.
    expect(await repo.create(row({ rollupChainId: 8453, id: 'b' }), underWay, 3)).toBeNull();
    expect(await repo.create(row({ owner: '0x' + '11'.repeat(20), id: 'c' }), underWay, 3)).toBeNull();
    expect(await repo.create(row({ networkId: 'sepolia', id: 'd' }), underWay, 3)).toBeNull();
    expect((await repo.list()).length).toBe(4);
  });

  it('archives finished exits when a new one starts, keeping them listed, newest first', async () => {
    const repo = new ExitRepo(await open(new IDBFactory()));
    const old = row({ step: 'done' }, 1_700_000_000);
    const failed = row({ step: 'failed' }, 1_750_000_000);
    await repo.create(old, underWay, 1);
    await repo.create(failed, underWay, 2);
    const fresh = row({}, 1_800_000_000);
    expect(await repo.create(fresh, underWay, 3)).toBeNull();
    const listed = await repo.list();
    expect(listed.map((r) => [r.id, r.archivedAt])).toEqual([
      [fresh.id, undefined],
      [failed.id, 3],
      [old.id, 2],
    ]);
  });

  it('never overwrites a stored id', async () => {
    const repo = new ExitRepo(await open(new IDBFactory()));
    const done = row({ step: 'done' });
    await repo.create(done, underWay, 1);
    const same = row({ amount: '5' });
    // Answered, and nothing written (not even the finished one archived).
    expect(await repo.create(same, underWay, 2)).toEqual(done);
    expect(await repo.list()).toEqual([done]);
  });
});
