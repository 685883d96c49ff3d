/**
 * The forced exits the wallet runs (Dexie table `exits`): each the exit state machine's record
 * (src/l2/vigil-zk/exit-legacy.ts) with the signed bytes of the transaction it last sent, so a restarted
 * background sends those same bytes again and never signs a step twice.
 * @module
 */
import type { ExitRecord } from '../l2/vigil-zk/exit-legacy.ts';
import type { VigilDb } from './db.ts';
import { StorageError } from './errors.ts';

export interface ExitRow extends ExitRecord {
  /** The network whose verified heads move it. */
  networkId: string;
  /** The last signed transaction's bytes (0x-hex), kept until its receipt is verified. */
  raw?: string;
  /** `error` is the background's (a locked wallet, an RPC down), not the exit machine's: cleared by the next tick that goes through. */
  errorFromTick?: boolean;
}

export class ExitRepo {
  constructor(private readonly db: VigilDb) {}

  put(row: ExitRow): Promise<string> {
    return wrap('put', () => this.db.exits.put(row));
  }

  /** Moves a finished exit to `${id}@${createdAt}` (kept, listed) so the account can exit again. */
  archive(row: ExitRow): Promise<void> {
    return wrap('archive', () =>
      this.db.transaction('rw', this.db.exits, async () => {
        await this.db.exits.put({ ...row, id: `${row.id}@${row.createdAt}` });
        await this.db.exits.delete(row.id);
      }),
    );
  }

  get(id: string): Promise<ExitRow | undefined> {
    return wrap('get', () => this.db.exits.get(id));
  }

  /** Newest first. */
  async list(): Promise<ExitRow[]> {
    return wrap('list', () => this.db.exits.orderBy('createdAt').reverse().toArray());
  }
}

async function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : typeof cause;
    throw new StorageError('DB_ERROR', `exits ${what} failed (${name})`, { cause });
  }
}
