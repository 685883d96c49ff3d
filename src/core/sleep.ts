/**
 * The one abortable wait. It uses a timer, which is why it sits apart in core: the I/O and
 * application layers (src/rpc, src/client, src/cli, src/extension) wait with it, and no
 * verification code calls it (verification never reads a clock; time is passed in).
 * @module
 */

/**
 * Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts (at
 * once when it already has). The abort listener is removed either way, so a loop that waits
 * thousands of times on one long-lived signal leaves none behind.
 * @example
 * while (!signal.aborted) {
 *   await poll();
 *   await sleep(1000, signal); // throws signal.reason when stopped
 * }
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
