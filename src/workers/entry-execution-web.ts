/**
 * Web Worker entry (built to dist/extension/execution-worker.js): the EVM over proven state.
 * @module
 */
import { executionHandlers, type ExecutionTasks } from './execution-tasks.ts';
import { serveTasks, webWorkerPort } from './serve.ts';

serveTasks<ExecutionTasks>(executionHandlers, webWorkerPort());
