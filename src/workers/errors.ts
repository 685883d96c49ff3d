/**
 * Worker-pool errors, and how any error crosses a worker boundary (structured clone and
 * extension messaging both drop class identity): as a plain `WireError`, rebuilt on the other
 * side into the same class with the same `code`, so callers keep branching on `code`.
 * @module
 */
import { InputError, VerificationError, VigilError, type VerificationCode, type VigilErrorOptions } from '../core/errors.ts';

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

/** An error as it crosses a thread or extension-message boundary. */
export interface WireError {
  name: string;
  code: string;
  /** The one-sentence message (VigilError's `shortMessage`, else `message`). */
  message: string;
  expected?: string;
  got?: string;
  details?: string;
}

/** Any thrown value as a WireError (class name and `code` kept; stacks dropped). */
export function errorToWire(err: unknown): WireError {
  if (err instanceof VigilError) {
    return {
      name: err.name,
      code: err.code,
      message: err.shortMessage,
      ...(err.expected !== undefined ? { expected: err.expected } : {}),
      ...(err.got !== undefined ? { got: err.got } : {}),
      ...(err.details !== undefined ? { details: err.details } : {}),
    };
  }
  if (err instanceof Error) return { name: err.name, code: 'TASK_FAILED', message: err.message };
  return { name: 'Error', code: 'TASK_FAILED', message: String(err) };
}

/**
 * Rebuilds the error a WireError describes. VerificationError and InputError come back as
 * themselves; PoolError too; any other typed Vigil error comes back as a VigilError whose `code`
 * is the original one (its class is not known here).
 */
export function errorFromWire(wire: WireError, task?: string): VigilError {
  // The one-sentence message already holds "expected …, got …"; pass them for the fields only.
  const options: VigilErrorOptions = { ...(wire.details !== undefined ? { details: wire.details } : {}) };
  let err: VigilError;
  switch (wire.name) {
    case 'VerificationError':
      err = new VerificationError(wire.code as VerificationCode, wire.message, options);
      break;
    case 'InputError':
      err = new InputError(wire.message, options);
      break;
    case 'PoolError':
      err = new PoolError(wire.code as PoolErrorCode, wire.message, { ...options, ...(task !== undefined ? { task } : {}) });
      break;
    default:
      if (wire.code === 'TASK_FAILED') {
        err = new PoolError('TASK_FAILED', `${wire.name}: ${wire.message}`, { ...options, ...(task !== undefined ? { task } : {}) });
      } else {
        err = new VigilError(wire.message, options);
        Object.defineProperty(err, 'code', { value: wire.code, enumerable: true });
        err.name = wire.name;
      }
  }
  Object.defineProperty(err, 'expected', { value: wire.expected, enumerable: true });
  Object.defineProperty(err, 'got', { value: wire.got, enumerable: true });
  return err;
}
