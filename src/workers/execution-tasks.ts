/**
 * The execution worker's task: one step of a verified call (src/execution/engine.ts). The worker
 * keeps one engine, so the state it proved for a block serves every later call at that block.
 * Its own worker (execution-worker.js in the extension), loaded on the first call: the EVM stays
 * out of the verifier workers, the service worker and the popup.
 * @module
 */
import { cryptoReady } from '../crypto/backend.ts';
import { ExecutionEngine } from '../execution/engine.ts';
import type { ExecutionTasks } from './execution-task-names.ts';
import type { TaskHandlers } from './protocol.ts';

export type { ExecutionTasks } from './execution-task-names.ts';

const engine = new ExecutionEngine();

export const executionHandlers: TaskHandlers<ExecutionTasks> = {
  async 'evm.step'(task) {
    await cryptoReady();
    return engine.step(task);
  },
};
