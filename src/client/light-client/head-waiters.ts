/**
 * Callers waiting for the verified heads to reach something (a first head, a block number): each
 * checks its condition whenever a new head comes and gives up after its time. The L1 session's
 * light client and the app host's adopted snapshots (../rollups/session.ts) both wake them, so a
 * receipt an endpoint places just above the verified head is looked up again wherever the read runs.
 * @module
 */
export class HeadWaiters {
  private waiters: (() => void)[] = [];

  /** A new head: every waiter checks its condition. */
  wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves true once `reached()` holds at a new head, false after `timeoutMs` (the caller checks the heads it has first). */
  next(reached: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (!reached()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(check);
    });
  }
}
