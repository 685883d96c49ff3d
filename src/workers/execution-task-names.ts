/**
 * The execution worker's task map and names, apart from its handlers: whatever routes tasks there
 * (the background, the offscreen document) imports this and never the EVM.
 * @module
 */
import type { ExecutionReply, ExecutionTask } from '../execution/engine.ts';

export type ExecutionTasks = {
  'evm.step': { params: ExecutionTask; result: ExecutionReply };
};

/** Task names of the execution worker, so a runner can route them there. */
export const isExecutionTask = (task: string): boolean => task.startsWith('evm.');
