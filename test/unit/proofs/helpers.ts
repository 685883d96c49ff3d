/** Shared by the proof tests: fixtures and a reference trie (@ethereumjs/trie, dev-only). */
import { readFileSync } from 'node:fs';
import { Trie } from '@ethereumjs/trie';
import { InputError, VerificationError } from '../../../src/core/errors.ts';

export const fixtureText = (path: string): string =>
  readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
export const fixture = (path: string): any => JSON.parse(fixtureText(path));

/** The typed error code `fn` throws, or undefined when it returns. Untyped errors fail the test. */
export function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) return err.code;
    throw err;
  }
  return undefined;
}

export async function referenceTrie(secure: boolean): Promise<Trie> {
  return Trie.create({ useKeyHashing: secure });
}
