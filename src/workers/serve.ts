/**
 * The worker side of the pool: runs the tasks its handlers name, one at a time, and answers
 * each with its result or its error (typed errors keep their class and code). The same code
 * runs in a Web Worker and under worker_threads; only the `WorkerPort` adapter differs.
 * @module
 */
import { errorToWire } from './errors.ts';
import { isTaskRequest, type TaskHandlers, type TaskMap, type WorkerToPool } from './protocol.ts';

/** What the worker side needs of its thread: send a message, receive messages. */
export interface WorkerPort {
  post(message: WorkerToPool): void;
  listen(onMessage: (message: unknown) => void): void;
}

/**
 * Installs `handlers` on `port` and announces them.
 * @example serveTasks(verifierHandlers, webWorkerPort()) // in a Web Worker entry
 */
export function serveTasks<T extends TaskMap>(handlers: TaskHandlers<T>, port: WorkerPort): void {
  port.listen(async (message) => {
    if (!isTaskRequest(message)) return;
    const { id, task, params } = message;
    const handler = Object.hasOwn(handlers, task) ? (handlers as Record<string, (p: unknown) => unknown>)[task] : undefined;
    if (handler === undefined) {
      port.post({
        kind: 'result',
        id,
        ok: false,
        error: { name: 'PoolError', code: 'UNKNOWN_TASK', message: `the worker has no task "${task.slice(0, 60)}"` },
      });
      return;
    }
    try {
      const result = await handler(params);
      port.post({ kind: 'result', id, ok: true, result });
    } catch (err) {
      port.post({ kind: 'result', id, ok: false, error: errorToWire(err) });
    }
  });
  port.post({ kind: 'ready', tasks: Object.keys(handlers) });
}

/** The port of a Web Worker (dedicated worker global scope). */
export function webWorkerPort(scope: { postMessage(m: unknown): void; addEventListener(t: 'message', l: (e: MessageEvent) => void): void } = globalThis as never): WorkerPort {
  return {
    post: (m) => scope.postMessage(m),
    listen: (fn) => scope.addEventListener('message', (e) => fn(e.data)),
  };
}
