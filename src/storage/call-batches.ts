/**
 * The EIP-5792 call batches sites sent (Dexie table `callBatches`): each call signed once, at the
 * batch's approval, and sent only when the one before it is proven included; a restarted
 * background goes on from here. The bytes of a call that will never be sent are erased; until
 * then a call not sent holds its nonce (the service worker counts it as pending when it picks the
 * next nonce: {@link CallBatchRepo.waiting}).
 * @module
 */
import type { Dexie, EntityTable } from 'dexie';
import { StorageError } from './errors.ts';
import type { TransactionEffects } from '../wallet/transaction-effects.ts';

export interface BatchCallRow {
  /** The signed transaction's hash (its activity row's key once it is sent). */
  hash: string;
  nonce: string;
  /** The signed bytes while the call waits to be sent; erased once sent or never to be. */
  raw?: string;
  /** The transaction as signed (src/client/wallet/transaction-details.ts JSON): its activity row is written from it when it is sent. */
  tx: Record<string, unknown>;
  summary: string;
}

export interface CallBatchRow {
  /** `${origin} ${id}`: ids are the site's own, unique per site (the primary key). */
  key: string;
  id: string;
  /** The approval it was signed under (a second approval with the same id is refused). */
  approval: string;
  origin: string;
  chainId: number;
  networkId: string;
  from: string;
  calls: BatchCallRow[];
  /**
   * An atomic batch (src/client/wallet/batches/atomic.ts): its one call row is the transaction that
   * runs these `calls` page calls through the account's delegate, all or nothing.
   */
  atomic?: { calls: number };
  /** Calls [0, sent) are sent (written in the activity). */
  sent: number;
  /** Why the calls from `call` on are not sent, when the batch stopped. */
  stopped?: { call: number; reason: string };
  /** What the whole batch was simulated to do, at the head it was signed against. */
  effects?: TransactionEffects;
  /** Entry k−1: what calls k … n−1 were to do after the ones before them, taken when the first went out (the snapshot a later call is held to). */
  expected?: TransactionEffects[];
  /** How much less the user may receive than `expected` before the batch stops (basis points; the setting at approval). */
  toleranceBps?: number;
  /** When its calls not yet sent stop being sendable (ms: its approval plus the setting then); rows before it: an hour after createdAt. */
  expiresAt?: number;
  createdAt: number;
  updatedAt: number;
}

const MAX_ROWS = 200;

/** The table this repository keeps (the `vigil` database has it: src/storage/db.ts). */
export type CallBatchTables = Dexie & { callBatches: EntityTable<CallBatchRow, 'key'> };

export const batchKey = (origin: string, id: string): string => `${origin} ${id}`;

/** What the service worker does with batches: record one at its approval, read one. */
export class CallBatchRepo {
  constructor(protected readonly db: CallBatchTables) {}

  get(origin: string, id: string): Promise<CallBatchRow | undefined> {
    return wrap('get', () => this.db.callBatches.get(batchKey(origin, id)));
  }

  /** This sender's batches on this chain with calls not yet sent and not stopped, oldest first. */
  async waiting(chainId: number, from: string): Promise<CallBatchRow[]> {
    const rows = await wrap('waiting', () => this.db.callBatches.orderBy('createdAt').toArray());
    return rows.filter((r) => r.chainId === chainId && r.from.toLowerCase() === from.toLowerCase() && r.stopped === undefined && r.sent < r.calls.length);
  }

  /** Writes a new batch; false when the site used the id already (nothing written). */
  add(row: CallBatchRow): Promise<boolean> {
    return wrap('add', () =>
      this.db.transaction('rw', this.db.callBatches, async () => {
        if (await this.db.callBatches.get(row.key)) return false;
        await this.db.callBatches.add(row);
        return true;
      }),
    );
  }
}

/** What the app host does with them: move them on (src/client/wallet/batches/progress.ts) and keep the table bounded. */
export class CallBatchStore extends CallBatchRepo {
  async put(row: CallBatchRow): Promise<void> {
    await wrap('put', () => this.db.callBatches.put(row));
  }

  /**
   * Takes call `k` of batch `key` to be sent: only if the batch is not stopped, its call `k` is the
   * next, and `sendable` says yes of the row as it is now. In the same write as the call is marked
   * sent (its bytes gone from the row), `record` writes its activity row (the same database): the
   * service worker counting pending nonces (WalletRepo.unsettledWithBatches) sees the call in one or
   * the other. False when it may not be sent; then nothing is written.
   */
  async claim(key: string, k: number, sendable: (row: CallBatchRow) => boolean, record: () => Promise<void>, updatedAt: number): Promise<boolean> {
    return wrap('claim', () =>
      this.db.transaction('rw', ['callBatches', 'activity'], async () => {
        const row = await this.db.callBatches.get(key);
        if (row === undefined || row.stopped !== undefined || row.sent !== k || row.calls[k]?.raw === undefined || !sendable(row)) return false;
        await record();
        const { raw: _raw, ...sent } = row.calls[k]!;
        await this.db.callBatches.put({ ...row, calls: row.calls.map((c, i) => (i === k ? sent : c)), sent: k + 1, updatedAt });
        return true;
      }),
    );
  }

  /** Stops batch `key` from call `sent` on (its calls not sent erased), unless it moved on or stopped meanwhile. */
  async stop(key: string, sent: number, reason: string, updatedAt: number): Promise<boolean> {
    return wrap('stop', () =>
      this.db.transaction('rw', this.db.callBatches, async () => {
        const row = await this.db.callBatches.get(key);
        if (row === undefined || row.stopped !== undefined || row.sent !== sent) return false;
        await this.db.callBatches.put({ ...row, calls: row.calls.map(({ raw: _raw, ...c }) => c), stopped: { call: sent, reason }, updatedAt });
        return true;
      }),
    );
  }

  /** Batches with calls left to send, oldest first. */
  async open(): Promise<CallBatchRow[]> {
    const rows = await wrap('open', () => this.db.callBatches.orderBy('createdAt').toArray());
    return rows.filter((r) => r.stopped === undefined && r.sent < r.calls.length);
  }

  /** The oldest finished batches go past MAX_ROWS (one still sending is kept). */
  async prune(): Promise<void> {
    const count = await wrap('count', () => this.db.callBatches.count());
    if (count <= MAX_ROWS) return;
    const old = (await wrap('prune', () => this.db.callBatches.orderBy('createdAt').limit(count - MAX_ROWS).toArray())).filter((r) => r.stopped !== undefined || r.sent === r.calls.length);
    await wrap('prune', () => this.db.callBatches.bulkDelete(old.map((r) => r.key)));
  }
}

async function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : typeof cause;
    throw new StorageError('DB_ERROR', `call batches ${what} failed (${name})`, { cause });
  }
}
