/**
 * Schema version 8: activity rows settled by a receipt follow finality. A version-7 database's
 * "confirmed" row becomes "included" in its receipt's block (not final: re-checked at each head),
 * a "failed" one keeps its status with the same block; pending and dropped rows stay as they were.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openVigilDb, VIGIL_SCHEMA } from '../../../src/storage/db.ts';
import { type ActivityRow, WalletRepo } from '../../../src/storage/wallet.ts';

const base = {
  chainId: 1,
  networkId: 'mainnet',
  from: '0x' + '11'.repeat(20),
  to: '0x' + '22'.repeat(20),
  value: '1',
  maxCost: '21000',
  raw: '0x02',
  origin: 'https://app.example',
  summary: 'Send',
  createdAt: 1,
  updatedAt: 1,
};
const receipt = (blockNumber: number, status: 0 | 1) => ({ blockNumber, blockHash: '0x' + blockNumber.toString(16).padStart(64, '0'), gasUsed: '21000', status });

describe('schema version 8', () => {
  it('turns confirmed rows into included ones in their receipt block, failed ones keep their block; the rest is untouched', async () => {
    const indexedDB = new IDBFactory();
    const v7 = await openVigilDb({ indexedDB, IDBKeyRange, schema: VIGIL_SCHEMA.filter((v) => v.version <= 7) });
    const rows = [
      { ...base, hash: '0x' + '01'.repeat(32), nonce: '0', status: 'confirmed', receipt: receipt(100, 1) },
      { ...base, hash: '0x' + '02'.repeat(32), nonce: '1', status: 'failed', receipt: receipt(101, 0) },
      { ...base, hash: '0x' + '03'.repeat(32), nonce: '2', status: 'pending' },
      { ...base, hash: '0x' + '04'.repeat(32), nonce: '3', status: 'dropped' },
    ];
    for (const r of rows) await v7.table('activity').put(r);
    v7.close();

    const v8 = await openVigilDb({ indexedDB, IDBKeyRange });
    const repo = new WalletRepo(v8 as never);
    const byHash = new Map((await repo.listActivity()).map((r) => [r.hash, r] as [string, ActivityRow]));
    expect(byHash.get(rows[0]!.hash)).toEqual({ ...rows[0], status: 'included', settledIn: { blockNumber: 100, blockHash: receipt(100, 1).blockHash, final: false } });
    expect(byHash.get(rows[1]!.hash)).toEqual({ ...rows[1], settledIn: { blockNumber: 101, blockHash: receipt(101, 0).blockHash, final: false } });
    expect(byHash.get(rows[2]!.hash)).toEqual(rows[2]);
    expect(byHash.get(rows[3]!.hash)).toEqual(rows[3]);
    // What a reorg can still change: the pending, the included and the failed one (not final), not the old dropped one.
    expect((await repo.notFinal(1)).map((r) => r.nonce).sort()).toEqual(['0', '1', '2']);
    v8.close();
  });
});
