/**
 * The L2 transfers this wallet signed, kept until a verified batch applies them (Dexie table
 * `l2Transfers`): the popup lists them, and a restarted background goes on watching them.
 * @module
 */
import type { Dexie, EntityTable } from 'dexie';
import { guardDb } from './errors.ts';

export interface L2TransferRow {
  /** The L2 RPC's id for it (0x + 64 hex; the primary key). */
  id: string;
  rollupChainId: number;
  /** L1 addresses of the two accounts' owners (`to` null when the user gave an index). */
  from: string;
  to: string | null;
  fromIndex: number;
  toIndex: number;
  /** Decimal strings of wei and of the sender's L2 nonce it was signed with. */
  amount: string;
  nonce: string;
  /** 'confirmed': a batch whose validity proof Vigil re-verified moved the sender's nonce past it. */
  status: 'submitted' | 'confirmed' | 'dropped';
  /** The verified batch it was first seen applied at (confirmed only). */
  batch?: number;
  /**
   * The verified L1 head it was confirmed at (the root there accepted), while that head's block is
   * not finalized: checked at every head until it is (absent then, and in rows from before), and
   * the transfer back to 'submitted' if the block left the chain. Decimal number, 0x-hex hash.
   */
  confirmedAt?: { blockNumber: string; blockHash: string };
  /** Why the L2 RPC dropped it, when it says so. */
  reason?: string;
  createdAt: number;
  updatedAt: number;
}

const MAX_ROWS = 500;

/** The table this repository keeps (the `vigil` database has it: src/storage/db.ts). */
export type L2TransferTables = Dexie & { l2Transfers: EntityTable<L2TransferRow, 'id'> };

export class L2TransferRepo {
  constructor(private readonly db: L2TransferTables) {}

  async put(row: L2TransferRow): Promise<void> {
    await wrap('put', () => this.db.l2Transfers.put(row));
    const count = await wrap('count', () => this.db.l2Transfers.count());
    if (count > MAX_ROWS) {
      const old = await wrap('prune', () => this.db.l2Transfers.orderBy('createdAt').limit(count - MAX_ROWS).primaryKeys());
      await wrap('prune', () => this.db.l2Transfers.bulkDelete(old));
    }
  }

  get(id: string): Promise<L2TransferRow | undefined> {
    return wrap('get', () => this.db.l2Transfers.get(id));
  }

  /** Newest first. */
  async list(rollupChainIds?: readonly number[]): Promise<L2TransferRow[]> {
    const rows = await wrap('list', () => this.db.l2Transfers.orderBy('createdAt').reverse().toArray());
    return rollupChainIds ? rows.filter((r) => rollupChainIds.includes(r.rollupChainId)) : rows;
  }

  submitted(): Promise<L2TransferRow[]> {
    return wrap('submitted', () => this.db.l2Transfers.where('status').equals('submitted').toArray());
  }

  /** Confirmed at a head whose block is not yet finalized (`confirmedAt` kept). */
  async confirmedNotFinal(): Promise<L2TransferRow[]> {
    return (await wrap('confirmed', () => this.db.l2Transfers.where('status').equals('confirmed').toArray())).filter((r) => r.confirmedAt !== undefined);
  }
}

/** One database operation of this store (./errors.ts guardDb): a failure inside IndexedDB is `DB_ERROR` naming it. */
function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  return guardDb(`L2 transfers ${what}`, fn);
}
