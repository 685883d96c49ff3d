/**
 * Real rollups' forced exits (Dexie table `exitPlans`): each an exit plan's record
 * (src/l2/exit-plan.ts, JSON-safe) with the network whose heads move it and the bytes of the L1
 * transaction it last signed, so a restarted background sends those same bytes again and never
 * signs a step twice. A new exit of the same account on the same rollup archives a finished one
 * (kept and listed) and is refused while one is under way; a record is never overwritten by
 * another exit's.
 *
 * A table of its own rather than the devnet's `exits`: those rows are the devnet machine's (an L2
 * account index, a contract, an id of `${rollup}:${index}`) and every reader of either would have
 * to tell the two apart.
 * @module
 */
import type { ExitPlanRecord } from '../l2/exit-plan.ts';
import type { VigilDb } from './db.ts';
import { guardDb } from './errors.ts';

export interface ExitPlanRow extends ExitPlanRecord {
  /** The network whose verified heads move it. */
  networkId: string;
  /** The last signed L1 transaction (hash and 0x-hex bytes), kept until its receipt is verified. */
  signed?: { hash: string; raw: string };
  /** `error` is the background's (a locked wallet, an RPC down), not the plan's: cleared by the next tick that goes through. */
  errorFromTick?: boolean;
  /** What the exit waits for at the last head, in the plan's words, and until when (seconds), if it said. */
  waiting?: { reason: string; until?: number };
  /** When (ms) a newer exit of the same account on the same rollup began: kept, listed as past. */
  archivedAt?: number;
}

export class ExitPlanRepo {
  constructor(private readonly db: VigilDb) {}

  /**
   * Stores a new exit, unless one of the same owner on the same rollup (and network) is under
   * way: that one is answered and nothing is written. Finished ones are archived (`archivedAt`).
   * An id already stored is never overwritten.
   * @returns the exit under way, or null when `row` was stored.
   */
  create(row: ExitPlanRow, finished: (row: ExitPlanRow) => boolean, now: number): Promise<ExitPlanRow | null> {
    return guardDb('exit plan create', () =>
      this.db.transaction('rw', this.db.exitPlans, async () => {
        const same = (await this.db.exitPlans.where('[rollupChainId+owner]').equals([row.rollupChainId, row.owner]).toArray()).filter(
          (r) => r.networkId === row.networkId && r.archivedAt === undefined,
        );
        const underWay = same.find((r) => !finished(r));
        if (underWay) return underWay;
        const taken = await this.db.exitPlans.get(row.id);
        if (taken) return taken;
        for (const r of same) await this.db.exitPlans.put({ ...r, archivedAt: now });
        await this.db.exitPlans.add(row);
        return null;
      }),
    );
  }

  /** Saves a step of an exit already stored. */
  put(row: ExitPlanRow): Promise<string> {
    return guardDb('exit plan save', () => this.db.exitPlans.put(row));
  }

  get(id: string): Promise<ExitPlanRow | undefined> {
    return guardDb('exit plan read', () => this.db.exitPlans.get(id));
  }

  /** Newest first. */
  list(): Promise<ExitPlanRow[]> {
    return guardDb('exit plan list', () => this.db.exitPlans.orderBy('createdAt').reverse().toArray());
  }
}
