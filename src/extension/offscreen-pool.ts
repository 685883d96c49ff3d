/**
 * The offscreen document's side of ./offscreen-runner.ts: the verification tasks the service
 * worker sends as runtime messages, run on the document's worker pool and cancelled when it says
 * so. Only Vigil's service worker is answered (./link.ts isServiceWorkerSender): a runtime message
 * from a content script reaches every extension page, this one too, and gets FORBIDDEN.
 * @module
 */
import type Browser from 'webextension-polyfill';
import { errorToWire, PoolError } from '../workers/errors.ts';
import type { ExecutionTasks } from '../workers/execution-task-names.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import { isServiceWorkerSender } from './link.ts';
import { isOffscreenRequest, type Reply } from './messages.ts';

/** Listens on `runtime` for the service worker's tasks and runs them on `pool`. */
export function servePool(runtime: Pick<Browser.Runtime.Static, 'onMessage' | 'getURL' | 'id'>, pool: TaskRunner<VerifierTasks & ExecutionTasks>): void {
  const running = new Map<number, AbortController>();
  runtime.onMessage.addListener((message: unknown, sender: Browser.Runtime.MessageSender): Promise<Reply> | undefined => {
    if (!isOffscreenRequest(message)) return undefined;
    if (!isServiceWorkerSender(runtime, sender)) return Promise.resolve({ ok: false, error: { name: 'VigilError', code: 'FORBIDDEN', message: "only Vigil's service worker runs tasks here" } });
    if (message.type === 'pool-cancel') {
      running.get(message.id)?.abort(new PoolError('TASK_CANCELLED', 'cancelled by the background'));
      return Promise.resolve({ ok: true, result: null });
    }
    const abort = new AbortController();
    running.set(message.id, abort);
    return pool
      .run(message.task as never, message.params as never, { timeoutMs: message.timeoutMs, signal: abort.signal })
      .then(
        (result): Reply => ({ ok: true, result }),
        (err: unknown): Reply => ({ ok: false, error: errorToWire(err) }),
      )
      .finally(() => running.delete(message.id));
  });
}
