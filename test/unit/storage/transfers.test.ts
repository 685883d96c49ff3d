/**
 * Schema version 12 and the transfer repository: a version-11 database opens with the two new
 * tables and keeps what it held; rows are keyed by chain, block hash, log index and token id, so
 * a log stored twice is one row; the oldest blocks are pruned first.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { openVigilDb, VIGIL_SCHEMA, type VigilDb } from '../../../src/storage/db.ts';
import { MAX_TRANSFER_ROWS, TransferRepo, transferKey, transferRow, unloggedKey } from '../../../src/storage/transfers.ts';
import type { ProvenTransfer } from '../../../src/wallet/transfers/types.ts';

const opened: VigilDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});
async function open(indexedDB: IDBFactory, upTo?: number) {
  const db = await openVigilDb({ indexedDB, IDBKeyRange, ...(upTo ? { schema: VIGIL_SCHEMA.filter((v) => v.version <= upTo) } : {}) });
  opened.push(db);
  return db;
}

const hash = (n: number) => '0x' + n.toString(16).padStart(64, '0');
const transfer = (over: Partial<ProvenTransfer> = {}): ProvenTransfer => ({
  asset: '0x' + 'aa'.repeat(20),
  standard: 'erc20',
  from: '0x' + '11'.repeat(20),
  to: '0x' + '22'.repeat(20),
  amount: 5n,
  block: 100n,
  blockHash: hash(100),
  transactionHash: hash(9),
  transactionIndex: 0,
  logIndex: 0,
  timestamp: 1_700_000_000,
  found: 'bloom-scan',
  ...over,
});

describe('schema version 12: transfers', () => {
  it('opens a version-11 database with the transfer tables, its records kept', async () => {
    const indexedDB = new IDBFactory();
    const v11 = await open(indexedDB, 11);
    expect(v11.tables.map((t) => t.name)).not.toContain('transfers');
    await v11.table('settings').put({ key: 'endpoints', value: ['http://127.0.0.1:8545'] });
    v11.close();
    const v12 = await open(indexedDB);
    expect(v12.verno).toBeGreaterThanOrEqual(12);
    expect(await v12.table('settings').get('endpoints')).toEqual({ key: 'endpoints', value: ['http://127.0.0.1:8545'] });
    const repo = new TransferRepo(v12);
    await repo.put([transferRow(1, transfer(), false)]);
    expect(await repo.list(1)).toHaveLength(1);
    expect(await v12.transfers.where('chainId').equals(1).count()).toBe(1);
  });

  it('one log is one row however often it is stored; another chain, block hash or token id is another', async () => {
    const repo = new TransferRepo(await open(new IDBFactory()));
    await repo.put([transferRow(1, transfer(), false)]);
    await repo.put([transferRow(1, transfer(), true), transferRow(1, transfer({ tokenId: 3n, standard: 'erc1155' }), false)]);
    await repo.put([transferRow(1, transfer({ blockHash: hash(101) }), false), transferRow(5, transfer(), false)]);
    const rows = await repo.list(1);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.key === transferKey(1, transfer()))!.final).toBe(true);
    expect(await repo.list(5)).toHaveLength(1);
    await repo.remove([transferKey(1, transfer())]);
    expect(await repo.list(1)).toHaveLength(2);
  });

  it('keeps bigints as decimal strings and lists newest first', async () => {
    const repo = new TransferRepo(await open(new IDBFactory()));
    await repo.put([transferRow(1, transfer({ amount: 10n ** 30n }), false), transferRow(1, transfer({ block: 200n, blockHash: hash(200), logIndex: 2 }), false)]);
    const [newest, older] = await repo.list(1);
    expect(newest!.block).toBe(200);
    expect(older!.amount).toBe('1000000000000000000000000000000');
  });

  it('prunes the oldest blocks past its bound', async () => {
    const repo = new TransferRepo(await open(new IDBFactory()));
    const rows = Array.from({ length: MAX_TRANSFER_ROWS + 2 }, (_, i) => transferRow(1, transfer({ block: BigInt(i + 1), blockHash: hash(i + 1) }), true));
    await repo.put(rows);
    const kept = await repo.list(1);
    expect(kept).toHaveLength(MAX_TRANSFER_ROWS);
    expect(Math.min(...kept.map((r) => r.block))).toBe(3);
  });

  it('keeps a cursor per chain and account', async () => {
    const repo = new TransferRepo(await open(new IDBFactory()));
    await repo.putCursor({ key: '1:0xab', chainId: 1, account: '0xab', fromBlock: 1, toBlock: 9, toHash: hash(9) });
    await repo.putCursor({ key: '1:0xab', chainId: 1, account: '0xab', fromBlock: 1, toBlock: 12, toHash: hash(12) });
    expect(await repo.cursors(1)).toEqual([{ key: '1:0xab', chainId: 1, account: '0xab', fromBlock: 1, toBlock: 12, toHash: hash(12) }]);
    expect(await repo.cursors(2)).toEqual([]);
  });
});

describe('ether without a log in the transfer tables (no new schema: unindexed fields)', () => {
  it("keeps a cursor's ether mark and an unlogged row as written, beside the logged ones", async () => {
    const repo = new TransferRepo(await open(new IDBFactory()));
    const account = '0x' + '22'.repeat(20);
    const mark = { block: 120, hash: hash(120), balance: '1500000000000000000', nonce: '3' };
    await repo.putCursor({ key: `1:${account}`, chainId: 1, account, fromBlock: 10, toBlock: 120, toHash: hash(120), ether: mark });
    expect((await repo.cursors(1))[0]!.ether).toEqual(mark);
    const unlogged = { ...transferRow(1, transfer({ asset: 'native', standard: 'native', from: '', to: account, block: 120n, blockHash: hash(120), transactionHash: '', logIndex: -1 }), false), key: unloggedKey(1, hash(120), account), unlogged: { fromBlock: 111, beforeHash: hash(110), because: 'received by a withdrawal', missing: 1 } };
    await repo.put([unlogged, transferRow(1, transfer(), false)]);
    const rows = await repo.list(1);
    expect(rows.map((r) => r.key)).toEqual([unloggedKey(1, hash(120), account), transferKey(1, transfer())]);
    expect(rows[0]).toEqual(unlogged);
  });
});
