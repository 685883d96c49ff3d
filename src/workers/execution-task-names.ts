/**
 * The execution worker's task map and names, apart from its handlers: whatever routes tasks there
 * (the background, the offscreen document) imports this and never the EVM.
 * @module
 */
import type { ExecutionReply, ExecutionTask } from '../execution/engine.ts';
import type { VerifierAcceptance } from '../execution/verifier-contract.ts';

export type ExecutionTasks = {
  'evm.step': { params: ExecutionTask; result: ExecutionReply };
  /** Proven code run alone (a getter of an immutable: src/execution/verifier-contract.ts readPinnedView): its return data, or null. */
  'evm.view': { params: { code: string; calldata: string }; result: { returned: string | null } };
  /** A pinned verifier contract run alone (src/execution/verifier-contract.ts): code, calldata and pin as 0x-hex. */
  'evm.verifier': {
    params: { code: string; codeHash: string; accept: VerifierAcceptance; calldata: string };
    result: { valid: true; summary: string } | { valid: false; reason: string };
  };
};

/** Task names of the execution worker, so a runner can route them there. */
export const isExecutionTask = (task: string): boolean => task.startsWith('evm.');
