/** The one abortable wait: it leaves no abort listener behind, and rejects with the abort reason. */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../../src/core/sleep.ts';

/** A signal and the abort listeners it holds now (node's own view of the EventTarget). */
function countedSignal() {
  const controller = new AbortController();
  return { controller, signal: controller.signal, listeners: () => getEventListeners(controller.signal, 'abort').length };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it('resolves after the time given and removes its abort listener', async () => {
    const { signal, listeners } = countedSignal();
    for (let i = 0; i < 1000; i++) {
      const done = sleep(10, signal);
      expect(listeners()).toBe(1);
      await vi.advanceTimersByTimeAsync(10);
      await done;
    }
    expect(listeners()).toBe(0);
  });

  it('does not resolve early', async () => {
    let resolved = false;
    void sleep(100).then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
  });

  it('rejects with signal.reason when aborted, clears its timer and leaves no listener', async () => {
    const { controller, signal, listeners } = countedSignal();
    const reason = new Error('stopped');
    const waiting = sleep(60_000, signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once, with no timer and no listener, when the signal has already aborted', async () => {
    const { controller, signal, listeners } = countedSignal();
    controller.abort('gone');
    await expect(sleep(10, signal)).rejects.toBe('gone');
    expect(listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
