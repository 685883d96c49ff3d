/**
 * Web Worker entry (built to dist/extension/worker.js): one script for both pools, its role the
 * name the pool gives each worker (`WorkerOptions.name`, ./web.ts WORKER_ROLES): the verifier
 * tasks, or the EVM over proven state (./execution-tasks.ts, started on a dApp's first call).
 * One file rather than two because both carry the same crypto and WASM kernels: as two bundles
 * the packages held that code twice (about 70 KiB gzipped of a Chrome package held to 1 MiB).
 * A worker started without a known role throws at once, which its pool counts as a crash.
 * @module
 */
import { executionHandlers, type ExecutionTasks } from './execution-tasks.ts';
import { serveTasks, webWorkerPort } from './serve.ts';
import { primeVerifier, verifierHandlers, type VerifierTasks } from './tasks.ts';
import { WORKER_ROLES } from './web.ts';

const role = (globalThis as { name?: unknown }).name;
if (role === WORKER_ROLES.verifier) {
  serveTasks<VerifierTasks>(verifierHandlers, webWorkerPort());
  void primeVerifier();
} else if (role === WORKER_ROLES.execution) {
  serveTasks<ExecutionTasks>(executionHandlers, webWorkerPort());
} else {
  throw new Error(`worker.js: started as ${JSON.stringify(role)}, expected one of ${Object.values(WORKER_ROLES).join(', ')}`);
}
