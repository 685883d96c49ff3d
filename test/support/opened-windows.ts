/**
 * The approval windows a test's wallet opened, in order, and the wait for the n-th: woken by each
 * opening, never polling, bounded in time against a hang (a preview on a loaded 2-core CI took past
 * 5 s), not as a pace.
 */
export class OpenedWindows {
  /** Approval ids in the order their windows opened. */
  readonly ids: string[] = [];
  private readonly waiters = new Set<() => void>();

  /** Records that approval `id`'s window opened, waking whoever waits. */
  opened(id: string): void {
    this.ids.push(id);
    for (const wake of this.waiters) wake();
  }

  /** The index-th window's approval id, once it has opened. */
  async nth(index: number, boundMs = 120_000): Promise<string> {
    if (this.ids.length <= index) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          if (this.ids.length <= index) return;
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiters.delete(wake);
          reject(new Error(`approval window ${index} never opened (${this.ids.length} opened in ${boundMs / 1000} s)`));
        }, boundMs);
        this.waiters.add(wake);
      });
    }
    return this.ids[index]!;
  }
}
