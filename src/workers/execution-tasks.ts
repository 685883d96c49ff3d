/**
 * The execution worker's tasks: one step of a verified call (src/execution/engine.ts; the worker
 * keeps one engine, so the state it proved for a block serves every later call at that block),
 * and a pinned verifier contract run alone (src/execution/verifier-contract.ts).
 * Its own pool of one worker (worker.js in its execution role, ./entry-web.ts), started on the
 * first call: the EVM stays out of the service worker, the app host and the popup.
 * @module
 */
import { cryptoReady } from '../crypto/backend.ts';
import { bn254Ready } from '../crypto/bn254.ts';
import { ExecutionEngine } from '../execution/engine.ts';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { readPinnedView, runPinnedVerifierHex } from '../execution/verifier-contract.ts';
import type { ExecutionTasks } from './execution-task-names.ts';
import type { TaskHandlers } from './protocol.ts';

export type { ExecutionTasks } from './execution-task-names.ts';

const engine = new ExecutionEngine();

export const executionHandlers: TaskHandlers<ExecutionTasks> = {
  async 'evm.step'(task) {
    await cryptoReady();
    return engine.step(task);
  },

  async 'evm.view'({ code, calldata }) {
    await cryptoReady();
    const returned = await readPinnedView(hexToBytes(code, undefined, 'code'), hexToBytes(calldata, undefined, 'calldata'));
    return { returned: returned === null ? null : bytesToHex(returned) };
  },

  async 'evm.verifier'(params) {
    await Promise.all([cryptoReady(), bn254Ready()]);
    return runPinnedVerifierHex(params);
  },
};
