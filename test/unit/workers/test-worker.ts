/** The verifier tasks plus a few that misbehave on purpose, for the pool tests. */
import { VerificationError } from '../../../src/core/errors.ts';
import { nodeWorkerPort } from '../../../src/workers/node.ts';
import { serveTasks } from '../../../src/workers/serve.ts';
import { verifierHandlers, type VerifierTasks } from '../../../src/workers/tasks.ts';

export type TestTasks = VerifierTasks & {
  echo: { params: { value: unknown }; result: unknown };
  /** Busy for `ms` (synchronous: only terminating the worker stops it). */
  spin: { params: { ms: number }; result: number };
  crash: { params: null; result: never };
  exit: { params: null; result: never };
  lie: { params: null; result: never };
  bug: { params: null; result: never };
  threadId: { params: null; result: number };
};

const { threadId } = await import('node:worker_threads');

serveTasks<TestTasks>(
  {
    ...verifierHandlers,
    echo: ({ value }) => value,
    spin: ({ ms }) => {
      const end = Date.now() + ms;
      while (Date.now() < end);
      return ms;
    },
    crash: () => {
      setTimeout(() => {
        throw new Error('boom');
      });
      return new Promise<never>(() => {});
    },
    exit: () => process.exit(3),
    lie: () => {
      throw new VerificationError('PROOF_VALUE_MISMATCH', 'balance differs from what the proof proves', { expected: '0x1', got: '0x2' });
    },
    bug: () => {
      throw new TypeError('x is not a function');
    },
    threadId: () => threadId,
  },
  nodeWorkerPort(),
);
