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

export interface StorageErrorOptions extends VigilErrorOptions {
  /** What the check expected (a slot, a root). */
  expected?: string;
  /** What it got instead. */
  got?: string;
}

export class StorageError extends VigilError {
  override name = 'StorageError';
  readonly code: StorageErrorCode;
  readonly expected: string | undefined;
  readonly got: string | undefined;

  constructor(code: StorageErrorCode, shortMessage: string, options: StorageErrorOptions = {}) {
    const diff =
      options.expected !== undefined || options.got !== undefined
        ? `${shortMessage}: expected ${options.expected ?? '?'}, got ${options.got ?? '?'}`
        : shortMessage;
    super(diff, options);
    this.code = code;
    this.expected = options.expected;
    this.got = options.got;
  }
}

export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError;
}
