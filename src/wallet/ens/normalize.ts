/**
 * ENSIP-15 name normalization (https://docs.ens.domains/ensip/15) through @adraffy/ens-normalize,
 * the reference implementation by ENSIP-15's author and the one viem uses. A name is resolved only
 * in its normalized form, and only that form is shown; a name the standard refuses (a disallowed
 * or confusable character, an empty label, a misplaced combining mark) is an InputError whose
 * message is the library's reason.
 * @module
 */
import { ens_normalize } from '@adraffy/ens-normalize';
import { InputError } from '../../core/errors.ts';

/** Longest name accepted before normalizing (the DNS encoding's own limits come later). */
export const MAX_NAME_CHARS = 1024;

/**
 * The ENSIP-15 normalized form of `name`.
 * @throws InputError when ENSIP-15 refuses the name (the reason in the message)
 * @example normalizeName('Nick.ETH') // 'nick.eth'
 */
export function normalizeName(name: unknown): string {
  if (typeof name !== 'string') throw new InputError(`"name" expected a string, got ${typeof name}`);
  if (name.length === 0) throw new InputError('"name" is empty');
  if (name.length > MAX_NAME_CHARS) throw new InputError(`"name" expected at most ${MAX_NAME_CHARS} characters, got ${name.length}`);
  try {
    return ens_normalize(name);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InputError(`"${name.slice(0, 80)}" is not a valid ENS name (ENSIP-15): ${reason}`, { cause: err });
  }
}

/** Whether `name` is already in its normalized form (a reverse record's name must be, to be shown). */
export function isNormalized(name: string): boolean {
  try {
    return normalizeName(name) === name;
  } catch (err) {
    if (err instanceof InputError) return false;
    throw err;
  }
}
