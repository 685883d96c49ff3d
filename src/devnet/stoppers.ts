/**
 * What a devnet part started, stopped newest first, once, on failure or stop(): a stop that throws
 * is logged and the others still run. Written once for the devnet and its rollup.
 * @module
 */

export class Stoppers {
  private readonly started: (() => Promise<void>)[] = [];
  private stopping: Promise<void> | undefined;

  /** `after` runs once everything is stopped (the devnet removes its temp dir). */
  constructor(
    private readonly log: (line: string) => void,
    private readonly after?: () => void,
  ) {}

  push(stop: () => Promise<void>): void {
    this.started.push(stop);
  }

  /** Bound: handed out as the part's own stop(). Every call after the first gets the first's promise. */
  readonly stop = (): Promise<void> => {
    this.stopping ??= (async () => {
      for (const s of this.started.reverse()) {
        try {
          await s();
        } catch (err) {
          this.log(`stop: ${(err as Error).message}`);
        }
      }
      this.after?.();
    })();
    return this.stopping;
  };
}
