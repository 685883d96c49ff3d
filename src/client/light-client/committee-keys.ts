/**
 * Where the sync loop keeps the sync-committee keys the BLS front door decoded, so that a woken
 * service worker or a restarted browser does not decode them again: Dexie in the browser, memory
 * in tests. Only a cache: the front door checks every stored point against the committee's own
 * compressed key before using it, and a load or save that fails costs decompressions, nothing else.
 * @module
 */
import type { PreparedKeysSnapshot } from '../../crypto/bls.ts';
import type { CommitteeKeys } from '../../l1/processor.ts';
import type { BlsCommitteeRepo } from '../../storage/bls-committees.ts';

export type { CommitteeKeys };

export interface CommitteeKeysPersistence {
  /** The stored records among `ids` (any subset, in any order). */
  load(network: string, ids: readonly string[]): Promise<CommitteeKeys[]>;
  /** Stores each record, merged with what is stored for its id (union of keys by index). */
  save(network: string, records: readonly CommitteeKeys[]): Promise<void>;
}

/**
 * The Dexie repository as a CommitteeKeysPersistence.
 * @example new L1Sync({ …, committeeKeys: dexieCommitteeKeys(new BlsCommitteeRepo(db)) })
 */
export function dexieCommitteeKeys(repo: BlsCommitteeRepo, now: () => number = Date.now): CommitteeKeysPersistence {
  return {
    load: async (network, ids) =>
      (await repo.load(network, ids)).map((r) => ({
        id: r.id,
        snapshot: { ...(r.aggregate !== undefined ? { aggregate: r.aggregate } : {}), keys: r.keys },
      })),
    save: async (network, records) => {
      for (const { id, snapshot } of records) {
        await repo.save({ id, network, ...(snapshot.aggregate !== undefined ? { aggregate: snapshot.aggregate } : {}), keys: snapshot.keys, savedAt: now() });
      }
    },
  };
}

/** Keeps records in memory (tests, one-shot commands); `records` is network → id → snapshot. */
export function memoryCommitteeKeys(): CommitteeKeysPersistence & { records: Map<string, Map<string, PreparedKeysSnapshot>> } {
  const records = new Map<string, Map<string, PreparedKeysSnapshot>>();
  return {
    records,
    async load(network, ids) {
      const stored = records.get(network);
      return [...new Set(ids.map((r) => r.toLowerCase()))].flatMap((id) => {
        const snapshot = stored?.get(id);
        return snapshot === undefined ? [] : [{ id, snapshot }];
      });
    },
    async save(network, saved) {
      let stored = records.get(network);
      if (stored === undefined) records.set(network, (stored = new Map()));
      for (const { id, snapshot } of saved) {
        const old = stored.get(id.toLowerCase());
        const keys = new Map(old?.keys);
        for (const [i, point] of snapshot.keys) keys.set(i, point);
        const aggregate = snapshot.aggregate ?? old?.aggregate;
        stored.set(id.toLowerCase(), { ...(aggregate !== undefined ? { aggregate } : {}), keys: [...keys].sort((a, b) => a[0] - b[0]) });
      }
    },
  };
}
