/**
 * Waits until `fn` gives something truthy, asking again every `everyMs`; throws naming `what` once
 * `ms` of wall time have passed. The bound is in time, never in a count of tries, so that it says
 * what it promises and its error how long it waited, however slow each try is on a loaded machine.
 */
export async function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 60_000, everyMs = 250): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
