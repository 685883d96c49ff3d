/**
 * What every CLI command shares: reading JSON input files and mapping errors to exit codes
 * (0 verified, 1 did not verify, 2 unusable input).
 * @module
 */
import { readFileSync } from 'node:fs';
import { InputError, VerificationError, VigilError } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_UNVERIFIED = 1;
export const EXIT_BAD_INPUT = 2;

/** Largest input file the CLI reads (a block's receipts can be tens of MiB). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${what} file ${path}: ${(err as Error).message}`);
  }
  if (text.length > MAX_FILE_BYTES) throw new InputError(`${what} file ${path} is larger than ${MAX_FILE_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${what} file ${path} is not JSON: ${(err as Error).message}`);
  }
}

/** One line for stderr: the code, what failed, and what differed; causes appended. */
export function errorLine(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && depth < 8; depth++) {
    if (e instanceof VigilError) parts.push(`${e.code}: ${e.shortMessage}`);
    else if (e instanceof Error) parts.push(e.message);
    else parts.push(String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  // Causes repeat their own code in the wrapper's text at most once; keep it one line.
  return [...new Set(parts)].join(' <- ').replace(/\s*\n\s*/g, ' ');
}

/** 1 for what does not verify; 2 for everything else (unusable input, transport, internal). */
export function exitCodeFor(err: unknown): number {
  return err instanceof VerificationError ? EXIT_UNVERIFIED : EXIT_BAD_INPUT;
}
