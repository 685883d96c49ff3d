/**
 * Storage errors: what went wrong reading or writing the browser database.
 * @module
 */
import { VigilError, type VigilErrorOptions } from '../core/errors.ts';

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

export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError;
}
