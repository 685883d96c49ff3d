/**
 * Storage errors: what went wrong reading or writing the browser database.
 * @module
 */
import { registerErrorClass } from '../core/error-registry.ts';
import { InputError, VigilError, type VigilErrorOptions } from '../core/errors.ts';

export type StorageErrorCode =
  /** A save would move the stored finalized header backwards; the stored record is unchanged. */
  | 'FINALIZED_REGRESSION'
  /** A save names another checkpoint than the stored record; changing it takes `replace`. */
  | 'CHECKPOINT_MISMATCH'
  /** A stored record is not of the expected form (written by other code, or damaged). */
  | 'CORRUPT_RECORD'
  /** The database could not be opened (no IndexedDB, blocked, a newer schema, quota). */
  | 'DB_OPEN_FAILED'
  /** A read or write failed inside IndexedDB; nothing of that operation was written. */
  | 'DB_ERROR';

export class StorageError extends VigilError {
  override name = 'StorageError';
  override readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, shortMessage: string, options: VigilErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
  }
}

registerErrorClass(StorageError, 'StorageError', { rebuild: (code) => new StorageError(code as StorageErrorCode, '') });

export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError;
}

/**
 * Runs one database operation: StorageError and InputError pass through, any other failure
 * inside IndexedDB becomes `DB_ERROR` naming `what` ("light-client store save", …).
 */
export async function guardDb<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof StorageError || cause instanceof InputError) throw cause;
    const name = cause instanceof Error ? cause.name : typeof cause;
    throw new StorageError('DB_ERROR', `${what} failed (${name})`, { cause });
  }
}
