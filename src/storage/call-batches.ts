/**
 * The EIP-5792 call batches sites sent (Dexie table `callBatches`): each call signed once, at the
 * batch's approval, and sent only when the one before it is proven included; a restarted
 * background goes on from here. The bytes of a call that will never be sent are erased; until
 * then a call not sent holds its nonce (the service worker counts it as pending when it picks the
 * next nonce: {@link CallBatchRepo.waiting}). Beside each call its filler is kept (a transfer of 0
 * to the sender at the same nonce, src/client/wallet/batches/fillers.ts): gone once the call is
 * sent, kept after the batch stops, until it is sent ({@link CallBatchStore.fill}) or the
 * account's nonce passed it, so a stopped batch never strands what was signed above it.
 * @module
 */
import type { Dexie, EntityTable } from 'dexie';
import { guardDb } from './errors.ts';
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
  /**
   * The call's filler, signed with it at approval: sent in its place only if the call never is and
   * a transaction waits above its nonce. `raw` is erased once it is sent or can never be needed.
   */
  filler?: { hash: string; raw?: string };
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

  /**
   * This sender's batches on this chain that can still take a nonce, oldest first: with calls not
   * yet sent and not stopped, or with fillers not yet sent.
   */
  async waiting(chainId: number, from: string): Promise<CallBatchRow[]> {
    const rows = await wrap('waiting', () => this.db.callBatches.orderBy('createdAt').toArray());
    return rows.filter((r) => r.chainId === chainId && r.from.toLowerCase() === from.toLowerCase() && (open(r) || hasFillers(r)));
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
        // Sent: neither its bytes nor its filler's are needed again.
        const { raw: _raw, filler: _filler, ...sent } = row.calls[k]!;
        await this.db.callBatches.put({ ...row, calls: row.calls.map((c, i) => (i === k ? sent : c)), sent: k + 1, updatedAt });
        return true;
      }),
    );
  }

  /** Stops batch `key` from call `sent` on (its calls not sent erased, their fillers kept), unless it moved on or stopped meanwhile. */
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
    return rows.filter(open);
  }

  /** The senders on this chain with batches whose fillers are not all sent or erased. */
  async fillerSenders(chainId: number): Promise<string[]> {
    const rows = await wrap('fillers', () => this.db.callBatches.toArray());
    return [...new Set(rows.filter((r) => r.chainId === chainId && hasFillers(r)).map((r) => r.from.toLowerCase()))];
  }

  /**
   * One write for the fillers of `from` on this chain: `decide` (src/client/wallet/batches/fillers.ts
   * fillersOf) reads its batches and its transactions in the activity as they are now; each due
   * filler is written in the activity by `record` and marked sent, each obsolete one erased. The
   * service worker choosing a nonce sees a filler in the one table or the other, never in neither.
   * @returns the due fillers' signed bytes, to send
   */
  async fill<Row extends { chainId: number }>(
    chainId: number,
    from: string,
    decide: (batches: CallBatchRow[], rows: Row[]) => { due: FillerAt[]; obsolete: FillerAt[] },
    record: (batch: CallBatchRow, k: number) => Promise<void>,
    updatedAt: number,
  ): Promise<string[]> {
    return wrap('fill', () =>
      this.db.transaction('rw', ['callBatches', 'activity'], async () => {
        const batches = (await this.db.callBatches.orderBy('createdAt').toArray()).filter((r) => r.chainId === chainId && r.from.toLowerCase() === from.toLowerCase());
        const rows = (await this.db.table<Row, string>('activity').where('from').equalsIgnoreCase(from).toArray()).filter((r) => r.chainId === chainId);
        const { due, obsolete } = decide(batches, rows);
        const raws: string[] = [];
        const changed = new Map<string, CallBatchRow>();
        const erase = (at: FillerAt, sent: boolean) => {
          const row = changed.get(at.batch.key) ?? at.batch;
          const filler = row.calls[at.call]!.filler!;
          if (sent) raws.push(filler.raw!);
          changed.set(row.key, { ...row, calls: row.calls.map((c, i) => (i === at.call ? { ...c, filler: { hash: filler.hash } } : c)), updatedAt });
        };
        for (const at of due) {
          await record(at.batch, at.call);
          erase(at, true);
        }
        for (const at of obsolete) erase(at, false);
        await this.db.callBatches.bulkPut([...changed.values()]);
        return raws;
      }),
    );
  }

  /** The oldest finished batches go past MAX_ROWS (one still sending, or with a filler that may still be due, is kept). */
  async prune(): Promise<void> {
    const count = await wrap('count', () => this.db.callBatches.count());
    if (count <= MAX_ROWS) return;
    const old = (await wrap('prune', () => this.db.callBatches.orderBy('createdAt').limit(count - MAX_ROWS).toArray())).filter((r) => (r.stopped !== undefined || r.sent === r.calls.length) && !hasFillers(r));
    await wrap('prune', () => this.db.callBatches.bulkDelete(old.map((r) => r.key)));
  }
}

/** A filler of batch `batch` (as read in the same write), by its call's index. */
export interface FillerAt {
  batch: CallBatchRow;
  call: number;
}

/** Calls left to send and not stopped. */
const open = (r: CallBatchRow): boolean => r.stopped === undefined && r.sent < r.calls.length;
/** Fillers not yet sent nor erased. */
const hasFillers = (r: CallBatchRow): boolean => r.calls.some((c) => c.filler?.raw !== undefined);

/** One database operation of this store (./errors.ts guardDb): a failure inside IndexedDB is `DB_ERROR` naming it. */
function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  return guardDb(`call batches ${what}`, fn);
}
