/**
 * Offscreen document (Chrome): hosts the verifier pool's Web Workers for the service worker and
 * runs the tasks it sends as runtime messages (./offscreen-pool.ts), and the app host
 * (./app-host.ts: the followed rollups, the L2 wallet, forced exits) on the same pool, linked to
 * the service worker. Both answer only Vigil's service worker (./link.ts isServiceWorkerSender).
 * @module
 */
import browser from 'webextension-polyfill';
import { WorkerPool } from '../workers/pool.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import { type ExecutionTasks, isExecutionTask } from '../workers/execution-task-names.ts';
import { SplitRunner } from '../workers/split-runner.ts';
import { WORKER_ROLES, webWorkerFactory } from '../workers/web.ts';
import { startAppHost } from './app-start.ts';
import { type AppEnd, runtimeLink } from './link.ts';
import { servePool } from './offscreen-pool.ts';

const pool = new SplitRunner<VerifierTasks, ExecutionTasks>(
  new WorkerPool<VerifierTasks>({
    factory: webWorkerFactory(browser.runtime.getURL('worker.js'), { name: WORKER_ROLES.verifier }),
    size: Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)),
  }),
  // One execution worker: it keeps the state it proved, so every call lands where that state is.
  () => new WorkerPool<ExecutionTasks>({ factory: webWorkerFactory(browser.runtime.getURL('worker.js'), { name: WORKER_ROLES.execution }), size: 1 }),
  isExecutionTask,
);
servePool(browser.runtime, pool);

void startAppHost({ link: runtimeLink(browser.runtime, 'app') as AppEnd, runner: pool });
