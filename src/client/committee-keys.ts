/**
 * Where the sync loop keeps the sync-committee keys the BLS front door decoded, so that a woken
 * service worker or a restarted browser does not decode them again: Dexie in the browser, memory
 * in tests. Only a cache: the front door checks every stored point against the committee's own
 * compressed key before using it, and a load or save that fails costs decompressions, nothing else.
 * @module
 */
import type { PreparedKeysSnapshot } from '../crypto/bls.ts';
import type { BlsCommitteeRepo } from '../storage/bls-committees.ts';

/** One committee's decoded keys, by the 0x-hex hash_tree_root of its SyncCommittee. */
export interface CommitteeKeys {
  root: string;
  snapshot: PreparedKeysSnapshot;
}

export interface CommitteeKeysPersistence {
  /** The stored records among `roots` (any subset, in any order). */
  load(network: string, roots: readonly string[]): Promise<CommitteeKeys[]>;
  /** Stores each record, merged with what is stored for its root (union of keys by index). */
  save(network: string, records: readonly CommitteeKeys[]): Promise<void>;
}

/**
 * The Dexie repository as a CommitteeKeysPersistence.
 * @example new L1Sync({ …, committeeKeys: dexieCommitteeKeys(new BlsCommitteeRepo(db)) })
 */
export function dexieCommitteeKeys(repo: BlsCommitteeRepo, now: () => number = Date.now): CommitteeKeysPersistence {
  return {
    load: async (network, roots) =>
      (await repo.load(network, roots)).map((r) => ({
        root: r.root,
        snapshot: { ...(r.aggregate !== undefined ? { aggregate: r.aggregate } : {}), keys: r.keys },
      })),
    save: async (network, records) => {
      for (const { root, snapshot } of records) {
        await repo.save({ root, network, ...(snapshot.aggregate !== undefined ? { aggregate: snapshot.aggregate } : {}), keys: snapshot.keys, savedAt: now() });
      }
    },
  };
}

/** Keeps records in memory (tests, one-shot commands); `records` is network → root → snapshot. */
export function memoryCommitteeKeys(): CommitteeKeysPersistence & { records: Map<string, Map<string, PreparedKeysSnapshot>> } {
  const records = new Map<string, Map<string, PreparedKeysSnapshot>>();
  return {
    records,
    async load(network, roots) {
      const stored = records.get(network);
      return [...new Set(roots.map((r) => r.toLowerCase()))].flatMap((root) => {
        const snapshot = stored?.get(root);
        return snapshot === undefined ? [] : [{ root, snapshot }];
      });
    },
    async save(network, saved) {
      let stored = records.get(network);
      if (stored === undefined) records.set(network, (stored = new Map()));
      for (const { root, snapshot } of saved) {
        const old = stored.get(root.toLowerCase());
        const keys = new Map(old?.keys);
        for (const [i, point] of snapshot.keys) keys.set(i, point);
        const aggregate = snapshot.aggregate ?? old?.aggregate;
        stored.set(root.toLowerCase(), { ...(aggregate !== undefined ? { aggregate } : {}), keys: [...keys].sort((a, b) => a[0] - b[0]) });
      }
    },
  };
}
