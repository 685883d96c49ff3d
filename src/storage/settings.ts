/**
 * Key/value settings (the `settings` table): small structured-cloneable values such as the
 * user's chosen endpoints or checkpoint overrides. Callers check what they read back.
 * @module
 */
import { describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import type { VigilDb } from './db.ts';
import { guardDb } from './errors.ts';

/**
 * @example
 * const settings = new SettingsRepo(db);
 * await settings.set('beaconEndpoints.mainnet', ['https://…']);
 * const endpoints = await settings.get('beaconEndpoints.mainnet'); // unknown: check it
 */
export class SettingsRepo {
  constructor(private readonly db: VigilDb) {}

  async get(key: string): Promise<unknown> {
    checkKey(key);
    const row = await wrap('get', () => this.db.settings.get(key));
    return row?.value;
  }

  async set(key: string, value: unknown): Promise<void> {
    checkKey(key);
    if (value === undefined) throw new InputError(`"value" of setting "${key}" expected a value, got undefined; use delete()`);
    await wrap('set', () => this.db.settings.put({ key, value }));
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await wrap('delete', () => this.db.settings.delete(key));
  }
}

function checkKey(key: unknown): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    throw new InputError(`"key" expected a string of 1 to 200 characters, got ${describe(key)}`);
  }
}

/** One database operation of this store (./errors.ts guardDb): a failure inside IndexedDB is `DB_ERROR` naming it. */
function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  return guardDb(`settings ${what}`, fn);
}
