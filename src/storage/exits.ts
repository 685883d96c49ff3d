/**
 * The forced exits the wallet runs, of every rollup (Dexie table `exits`): each an exit plan's
 * record (src/l2/exit-plan.ts, JSON-safe) with the network whose heads move it and the bytes of
 * the L1 transaction it last signed, so a restarted background sends those same bytes again and
 * never signs a step twice. A new exit of an account on a rollup is refused while one stands in
 * its way (under way, or one that closed the account); finished and abandoned ones are archived
 * (kept, listed); a record is never overwritten by another exit's.
 *
 * Schema version 7 (src/storage/db.ts) moved the devnet rollup's rows of version 5, which had a
 * shape of their own, into this one ({@link devnetExitRowV7}).
 * @module
 */
import type { Dexie, EntityTable } from 'dexie';
import type { ExitPlanRecord, ExitTxSent } from '../l2/exit-plan.ts';
import { guardDb } from './errors.ts';

export interface ExitRow extends ExitPlanRecord {
  /** The network whose verified heads move it. */
  networkId: string;
  /** The last signed L1 transaction (hash and 0x-hex bytes), kept until its receipt is verified. */
  signed?: { hash: string; raw: string };
  /** `error` is the background's (a locked wallet, an RPC down), not the plan's: cleared by the next tick that goes through. */
  errorFromTick?: boolean;
  /** What the exit waits for at the last head, in the plan's words, and until when (seconds), if it said. */
  waiting?: { reason: string; until?: number };
  /** When (ms) a newer exit of the same account on the same rollup began, or the user abandoned this one: kept, listed as past. */
  archivedAt?: number;
  /** When (ms) the user abandoned it (archived then too): never moved again; a new exit of the account may start. */
  abandonedAt?: number;
  /**
   * A step the signing policy held back as costing more than Vigil spends without asking
   * (FEE_ABOVE_CAP): what the popup offers to allow for it (wei, decimal: the proven cost with a
   * fifth more for the base fee's moves).
   */
  feeAsked?: { step: string; maxCost: string };
  /** What the user allowed one step to cost (wei, decimal); for that step only. */
  feeAllowance?: { step: string; maxCost: string };
}

/** The table this repository keeps (the `vigil` database has it: src/storage/db.ts). */
export type ExitTables = Dexie & { exits: EntityTable<ExitRow, 'id'> };

export class ExitRepo {
  constructor(private readonly db: ExitTables) {}

  /**
   * Stores a new exit, unless one of the same owner on the same rollup (and network) `blocks` it:
   * that one is answered and nothing is written. The others of that account there are archived
   * (`archivedAt`). An id already stored is never overwritten.
   * @returns the exit in the way, or null when `row` was stored.
   */
  create(row: ExitRow, blocks: (row: ExitRow) => boolean, now: number): Promise<ExitRow | null> {
    return guardDb('exit create', () =>
      this.db.transaction('rw', this.db.exits, async () => {
        const same = (await this.db.exits.where('[rollupChainId+owner]').equals([row.rollupChainId, row.owner]).toArray()).filter(
          (r) => r.networkId === row.networkId && r.archivedAt === undefined,
        );
        const inTheWay = same.find(blocks);
        if (inTheWay) return inTheWay;
        const taken = await this.db.exits.get(row.id);
        if (taken) return taken;
        for (const r of same) await this.db.exits.put({ ...r, archivedAt: now });
        await this.db.exits.add(row);
        return null;
      }),
    );
  }

  /** Saves a step of an exit already stored. */
  put(row: ExitRow): Promise<string> {
    return guardDb('exit save', () => this.db.exits.put(row));
  }

  get(id: string): Promise<ExitRow | undefined> {
    return guardDb('exit read', () => this.db.exits.get(id));
  }

  /** Newest first. */
  list(): Promise<ExitRow[]> {
    return guardDb('exit list', () => this.db.exits.orderBy('createdAt').reverse().toArray());
  }
}

/**
 * The devnet rollup's exit as it was kept before ExitPlan (the state machine's own record): in the
 * wallet's version-5/6 rows and in `vigil exit`'s old state files alike.
 */
export interface OldDevnetExit {
  rollupChainId: number;
  contract: string;
  index: number;
  owner: string;
  step: string;
  /** The L2 balance proven when the exit started (decimal wei): the whole of it leaves. */
  startBalance: string;
  request?: { hash: string; at: number; queueIndex?: string; queuedAt?: number };
  freeze?: { hash: string; at: number };
  escape?: { hash: string; at: number; amount?: string };
  deadline?: number;
  error?: { code: string; message: string };
  reverts: number;
  history: { step: string; at: number; note?: string }[];
  createdAt: number;
  updatedAt: number;
}

/** A devnet rollup exit as schema versions 5 and 6 stored it. */
export interface DevnetExitRowV6 extends OldDevnetExit {
  /** `${rollupChainId}:${index}`, or `${that}@${createdAt}` once a newer exit of the account began. */
  id: string;
  networkId: string;
  /** The last signed transaction's bytes. */
  raw?: string;
  errorFromTick?: boolean;
}

/**
 * An exit kept before ExitPlan as the devnet plan's record (src/l2/vigil-zk/exit.ts): the L2 index
 * and contract, the queue entry, its time and the deadline become facts; each sent transaction
 * keeps its hash and time under its label. `last`: the one sent last, whose saved bytes a restart
 * sends again while no receipt shows it. Steps and history keep their names.
 */
export function devnetExitPlanRecord(old: OldDevnetExit, kind = 'vigil-zk-v1'): { record: ExitPlanRecord; last: ExitTxSent | undefined } {
  const owner = old.owner.toLowerCase();
  const sent: Record<string, ExitTxSent> = {};
  for (const label of ['request', 'freeze', 'escape'] as const) {
    const tx = old[label];
    if (tx !== undefined) sent[label] = { hash: tx.hash.toLowerCase(), at: tx.at };
  }
  const facts: Record<string, string> = { index: String(old.index), contract: old.contract.toLowerCase() };
  if (old.request?.queueIndex !== undefined) facts.queueIndex = old.request.queueIndex;
  if (old.request?.queuedAt !== undefined) facts.queuedAt = String(old.request.queuedAt);
  if (old.deadline !== undefined) facts.deadline = String(old.deadline);
  if (old.escape?.amount !== undefined) {
    facts.escapeAmount = old.escape.amount;
    if (old.step === 'escaped') facts.recovered = old.escape.amount;
  }
  const last = Object.values(sent).reduce<ExitTxSent | undefined>((a, b) => (a === undefined || b.at >= a.at ? b : a), undefined);
  const record: ExitPlanRecord = {
    id: `${kind}:${old.rollupChainId}:${owner}:${old.createdAt}`,
    kind,
    rollupChainId: old.rollupChainId,
    owner,
    amount: old.startBalance,
    step: old.step,
    sent,
    facts,
    ...(old.error !== undefined ? { error: old.error } : {}),
    reverts: old.reverts,
    history: old.history.map((h) => ({ step: h.step, at: h.at, ...(h.note !== undefined ? { note: h.note } : {}) })),
    createdAt: old.createdAt,
    updatedAt: old.updatedAt,
  };
  return { record, last };
}

/** A version-6 devnet exit row as a version-7 one (the wallet's database moves its rows). */
export function devnetExitRowV7(old: DevnetExitRowV6): ExitRow {
  const { record, last } = devnetExitPlanRecord(old);
  return {
    ...record,
    networkId: old.networkId,
    ...(old.errorFromTick ? { errorFromTick: true } : {}),
    ...(old.raw !== undefined && last !== undefined ? { signed: { hash: last.hash, raw: old.raw } } : {}),
    // Archived when a newer exit began: its time is not kept; the record's last change (ms) stands in.
    ...(old.id.includes('@') ? { archivedAt: old.updatedAt * 1000 } : {}),
  };
}
