/**
 * Tasks run one after another per key: what must be read and written as one step (a check and the
 * insert it allows, a record read and written back) without a lock of the store's own.
 * @module
 */

export class Lanes {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `task` once every earlier task of `key` has settled (a failed one does not stop the lane);
   * answers what it answers.
   * @example await lanes.run(origin, async () => { if (await pending(origin)) throw busy(); await insert(); })
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const run = before.then(task);
    const tail = run.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
