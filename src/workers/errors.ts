/**
 * Worker-pool errors, and the pool's reading of the one error wire (src/core/error-wire.ts):
 * structured clone drops an error's class, the wire keeps it; a task's bug comes back as
 * TASK_FAILED naming the task.
 * @module
 */
import { registerErrorClass } from '../core/error-registry.ts';
import { errorFromWire as coreErrorFromWire } from '../core/error-wire.ts';
import { VigilError, type VigilErrorOptions } from '../core/errors.ts';

export type PoolErrorCode =
  /** The task ran past its deadline; its worker was terminated and replaced. */
  | 'TASK_TIMEOUT'
  /** The caller aborted the task; a running one's worker was terminated and replaced. */
  | 'TASK_CANCELLED'
  /** The worker died (uncaught error, exit, out of memory) while running the task. */
  | 'WORKER_CRASHED'
  /** The pool was closed before the task could finish. */
  | 'POOL_CLOSED'
  /** No handler of that name in the worker. */
  | 'UNKNOWN_TASK'
  /** The task threw something that is not one of Vigil's typed errors (a bug). */
  | 'TASK_FAILED';

export class PoolError extends VigilError {
  override name = 'PoolError';
  override readonly code: PoolErrorCode;
  /** The task's name. */
  readonly task: string | undefined;

  constructor(code: PoolErrorCode, shortMessage: string, options: VigilErrorOptions & { task?: string } = {}) {
    super(shortMessage, options);
    this.code = code;
    this.task = options.task;
  }
}

export function isPoolError(err: unknown): err is PoolError {
  return err instanceof PoolError;
}

registerErrorClass(PoolError, 'PoolError', {
  rebuild: (code, f) => new PoolError(code as PoolErrorCode, '', { task: f.task }),
  fields: (e) => ({ task: e.task }),
});

export { errorToWire, type WireError } from '../core/error-wire.ts';

/**
 * Rebuilds the error a WireError describes (src/core/error-wire.ts), naming `task` in a PoolError
 * that did not name its own. A value thrown that was no Vigil error (a bug in the task) comes back
 * as PoolError TASK_FAILED, its name and message in the short message.
 */
export function errorFromWire(wire: unknown, task?: string): VigilError {
  const err = coreErrorFromWire(wire);
  if (err.wireName === 'Error' && err.code === 'INTERNAL') {
    return new PoolError('TASK_FAILED', err.shortMessage, { ...(err.details !== undefined ? { details: err.details } : {}), ...(err.cause !== undefined ? { cause: err.cause } : {}), ...(task !== undefined ? { task } : {}) });
  }
  if (err instanceof PoolError && err.task === undefined && task !== undefined) Object.defineProperty(err, 'task', { value: task });
  return err;
}
