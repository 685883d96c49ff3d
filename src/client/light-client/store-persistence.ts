/**
 * Where the sync loop keeps its verified store between runs: Dexie in the browser, a file for the
 * CLI, memory in tests. Writes are atomic and the finalized slot never moves backwards.
 * @module
 */
import type { LightClientStoreRepo } from '../../storage/light-client-stores.ts';
import type { LightClientStoreRecord } from '../../storage/db.ts';

export type { LightClientStoreRecord };

export interface StorePersistence {
  load(network: string): Promise<LightClientStoreRecord | undefined>;
  /** Refuses (and keeps the old record) when `finalizedSlot` would move backwards. */
  save(record: LightClientStoreRecord): Promise<void>;
  /** An explicit new checkpoint from the user: may move backwards. */
  replace(record: LightClientStoreRecord): Promise<void>;
}

/** The Dexie repository as a StorePersistence. */
export function dexiePersistence(repo: LightClientStoreRepo): StorePersistence {
  return {
    load: (network) => repo.load(network),
    save: (record) => repo.save(record),
    replace: async (record) => {
      await repo.replace(record, { allowRegression: true });
    },
  };
}

/** Keeps records in memory (tests, one-shot commands). */
export function memoryPersistence(): StorePersistence & { records: Map<string, LightClientStoreRecord> } {
  const records = new Map<string, LightClientStoreRecord>();
  return {
    records,
    async load(network) {
      return records.get(network);
    },
    async save(record) {
      const old = records.get(record.network);
      if (old && record.finalizedSlot < old.finalizedSlot) {
        throw new Error(`finalized slot would move backwards: ${old.finalizedSlot} → ${record.finalizedSlot}`);
      }
      records.set(record.network, record);
    },
    async replace(record) {
      records.set(record.network, record);
    },
  };
}
