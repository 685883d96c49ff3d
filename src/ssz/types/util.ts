/**
 * Small checks shared by the type constructors and path walkers.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { fault, show } from '../fault.ts';
import type { PathItem } from './type.ts';

/** Schema parameters (lengths, limits) are programmer input: a bad one throws `InputError` at once. */
export function checkLength(n: number, min: number, title: string): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new InputError(`${title} expected an integer ≥ ${min}, got ${String(n)}`);
  }
}

/** An element index in a path: an integer below `bound` (a vector's length or a list's limit). */
export function elementIndex(item: PathItem, bound: number): number {
  if (typeof item !== 'number' || !Number.isSafeInteger(item) || item < 0 || item >= bound) {
    return fault('expected an element index', `integer in [0, ${bound})`, show(item));
  }
  return item;
}
