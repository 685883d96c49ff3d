/**
 * Reading from the background on a timer, written once for the popup's status, the wallet's state
 * and the approval window's queue: read now and every `pollMs` while mounted; an answer that comes
 * after the component went away is dropped.
 * @module
 */
import { useEffect } from 'preact/hooks';

/** `onValue` with each read's result, `onError` with each refusal; the effect restarts when `deps` or `pollMs` change. */
export function usePoll<T>(read: () => Promise<T>, onValue: (value: T) => void, onError: (err: unknown) => void, pollMs: number, deps: readonly unknown[]): void {
  useEffect(() => {
    let alive = true;
    const tick = async () => {
      try {
        const value = await read();
        if (alive) onValue(value);
      } catch (err) {
        if (alive) onError(err);
      }
    };
    void tick();
    const timer = setInterval(tick, pollMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
    // The callers name what the read depends on.
  }, [...deps, pollMs]);
}
