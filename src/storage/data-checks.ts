/**
 * What blob sampling found about each batch, remembered (Dexie table `dataChecks` in the
 * extension, {@link MemoryDataChecks} in the CLI): keyed by network and L1 transaction, the newest
 * sampling and the newest that verified. Past the blob retention window nodes may drop the data,
 * so the card can then only say "available when checked (date)" or "not checked before it
 * expired": this is where that memory lives (src/client/blobs/retention.ts reads it).
 * @module
 */
import type { Dexie, EntityTable } from 'dexie';
import type { DataAvailability } from '../l2/data/availability.ts';
import { guardDb } from './errors.ts';

/** A DataAvailability as stored: the slot as a decimal string (structured clone and JSON alike). */
export type AvailabilityRecord = Omit<DataAvailability, 'slot'> & { slot?: string };

export interface DataCheckRow {
  /** `${network}:${tx}` (the primary key). */
  key: string;
  network: string;
  /** The L1 transaction carrying the blobs (lower-case 0x-hex). */
  tx: string;
  /** The newest sampling. */
  last: AvailabilityRecord;
  /** The newest sampling whose every asked column (or whole blob) verified. */
  verified?: AvailabilityRecord;
  /** ms since the epoch (the caller's clock); the oldest rows go first when pruning. */
  savedAt: number;
}

/** The remembered checks of one batch. */
export interface RememberedCheck {
  last: DataAvailability;
  verified?: DataAvailability;
}

/** What the retention rule needs of the memory: the extension's table and the CLI's map alike. */
export interface DataChecks {
  get(network: string, tx: string): Promise<RememberedCheck | undefined>;
  /** Keeps `availability` as the batch's newest sampling (and newest verified one, when it is). */
  put(network: string, tx: string, availability: DataAvailability, savedAt: number): Promise<void>;
}

/** Rows kept; a batch every few minutes on a few rollups stays well within weeks of them. */
const MAX_ROWS = 5000;

export const availabilityRecord = (a: DataAvailability): AvailabilityRecord => {
  const { slot, ...rest } = a;
  return { ...rest, ...(slot !== undefined ? { slot: slot.toString() } : {}) };
};

export const availabilityOfRecord = (r: AvailabilityRecord): DataAvailability => {
  const { slot, ...rest } = r;
  return { ...rest, ...(slot !== undefined ? { slot: BigInt(slot) } : {}) };
};

const keyOf = (network: string, tx: string) => `${network}:${tx.toLowerCase()}`;

/** The row `availability` makes of `before` (undefined: the first). */
export function nextRow(before: DataCheckRow | undefined, network: string, tx: string, availability: DataAvailability, savedAt: number): DataCheckRow {
  const record = availabilityRecord(availability);
  const verified = availability.status === 'verified' ? record : before?.verified;
  return { key: keyOf(network, tx), network, tx: tx.toLowerCase(), last: record, ...(verified ? { verified } : {}), savedAt };
}

function remembered(row: DataCheckRow | undefined): RememberedCheck | undefined {
  if (row === undefined) return undefined;
  return { last: availabilityOfRecord(row.last), ...(row.verified ? { verified: availabilityOfRecord(row.verified) } : {}) };
}

/** The table this repository keeps (the `vigil` database has it: src/storage/db.ts). */
export type DataCheckTables = Dexie & { dataChecks: EntityTable<DataCheckRow, 'key'> };

export class DataCheckRepo implements DataChecks {
  constructor(private readonly db: DataCheckTables) {}

  async get(network: string, tx: string): Promise<RememberedCheck | undefined> {
    return remembered(await wrap('get', () => this.db.dataChecks.get(keyOf(network, tx))));
  }

  async put(network: string, tx: string, availability: DataAvailability, savedAt: number): Promise<void> {
    await wrap('put', () =>
      this.db.transaction('rw', this.db.dataChecks, async () => {
        const before = await this.db.dataChecks.get(keyOf(network, tx));
        await this.db.dataChecks.put(nextRow(before, network, tx, availability, savedAt));
      }),
    );
    const count = await wrap('count', () => this.db.dataChecks.count());
    if (count > MAX_ROWS) {
      const old = await wrap('prune', () => this.db.dataChecks.orderBy('savedAt').limit(count - MAX_ROWS).primaryKeys());
      await wrap('prune', () => this.db.dataChecks.bulkDelete(old));
    }
  }
}

/** The same memory in a Map (the CLI: one run; tests). */
export class MemoryDataChecks implements DataChecks {
  private readonly rows = new Map<string, DataCheckRow>();

  constructor(private readonly maxRows = MAX_ROWS) {}

  get(network: string, tx: string): Promise<RememberedCheck | undefined> {
    return Promise.resolve(remembered(this.rows.get(keyOf(network, tx))));
  }

  put(network: string, tx: string, availability: DataAvailability, savedAt: number): Promise<void> {
    const key = keyOf(network, tx);
    const row = nextRow(this.rows.get(key), network, tx, availability, savedAt);
    this.rows.delete(key);
    this.rows.set(key, row);
    if (this.rows.size > this.maxRows) this.rows.delete(this.rows.keys().next().value!);
    return Promise.resolve();
  }
}

/** One database operation of this store (./errors.ts guardDb): a failure inside IndexedDB is `DB_ERROR` naming it. */
function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  return guardDb(`data checks ${what}`, fn);
}
