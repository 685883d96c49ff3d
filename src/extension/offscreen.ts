/**
 * Offscreen document (Chrome): hosts the verifier pool's Web Workers for the service worker and
 * runs the tasks it sends as runtime messages, and the app host (./app-host.ts: the followed
 * rollups, the L2 wallet, forced exits) on the same pool, linked to the service worker.
 * @module
 */
import browser from 'webextension-polyfill';
import { errorToWire, PoolError } from '../workers/errors.ts';
import { WorkerPool } from '../workers/pool.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import { type ExecutionTasks, isExecutionTask } from '../workers/execution-task-names.ts';
import { SplitRunner } from '../workers/split-runner.ts';
import { webWorkerFactory } from '../workers/web.ts';
import { startAppHost } from './app-start.ts';
import { type AppEnd, runtimeLink } from './link.ts';
import { isOffscreenRequest, type Reply } from './messages.ts';

const pool = new SplitRunner<VerifierTasks, ExecutionTasks>(
  new WorkerPool<VerifierTasks>({
    factory: webWorkerFactory(browser.runtime.getURL('verifier-worker.js')),
    size: Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)),
  }),
  // One execution worker: it keeps the state it proved, so every call lands where that state is.
  () => new WorkerPool<ExecutionTasks>({ factory: webWorkerFactory(browser.runtime.getURL('execution-worker.js')), size: 1 }),
  isExecutionTask,
);
const running = new Map<number, AbortController>();

browser.runtime.onMessage.addListener((message: unknown): Promise<Reply> | undefined => {
  if (!isOffscreenRequest(message)) return undefined;
  if (message.type === 'pool-cancel') {
    running.get(message.id)?.abort(new PoolError('TASK_CANCELLED', 'cancelled by the background'));
    return Promise.resolve({ ok: true, result: null });
  }
  const abort = new AbortController();
  running.set(message.id, abort);
  return pool
    .run(message.task as keyof (VerifierTasks & ExecutionTasks), message.params as never, { timeoutMs: message.timeoutMs, signal: abort.signal })
    .then(
      (result): Reply => ({ ok: true, result }),
      (err: unknown): Reply => ({ ok: false, error: errorToWire(err) }),
    )
    .finally(() => running.delete(message.id));
});

void startAppHost({ link: runtimeLink(browser.runtime, 'app') as AppEnd, runner: pool });
