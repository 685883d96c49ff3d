/**
 * The execution worker's tasks: one step of a verified call (src/execution/engine.ts; the worker
 * keeps one engine, so the state it proved for a block serves every later call at that block),
 * and a pinned verifier contract run alone (src/execution/verifier-contract.ts).
 * Its own worker (execution-worker.js in the extension), loaded on the first call: the EVM stays
 * out of the verifier workers, the service worker and the popup.
 * @module
 */
import { cryptoReady } from '../crypto/backend.ts';
import { bn254Ready } from '../crypto/bn254.ts';
import { ExecutionEngine } from '../execution/engine.ts';
import { runPinnedVerifierHex } from '../execution/verifier-contract.ts';
import type { ExecutionTasks } from './execution-task-names.ts';
import type { TaskHandlers } from './protocol.ts';

export type { ExecutionTasks } from './execution-task-names.ts';

const engine = new ExecutionEngine();

export const executionHandlers: TaskHandlers<ExecutionTasks> = {
  async 'evm.step'(task) {
    await cryptoReady();
    return engine.step(task);
  },

  async 'evm.verifier'(params) {
    await Promise.all([cryptoReady(), bn254Ready()]);
    return runPinnedVerifierHex(params);
  },
};
