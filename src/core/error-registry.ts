/**
 * The error classes that can be rebuilt after crossing a context, by the name they cross under.
 * Each class registers itself in the module that defines it, by a call at module load, so a context
 * can rebuild exactly the classes it has loaded and never imports another layer to do it. This
 * module holds only the table and each class's name on its prototype (the page's inpage script
 * loads it with ProviderRpcError and nothing more); the wire form and its reading are
 * ./error-wire.ts.
 * @module
 */
import type { VigilError } from './errors.ts';

/** A class's own fields on the wire: strings only, as ./error-wire.ts bounds them. */
export type WireFields = Readonly<Record<string, string>>;

export interface ErrorClassWire<E extends VigilError> {
  /**
   * The instance from its wire code and own fields (message, expected, got, details and cause are
   * set after, the same for every class). It may throw on fields it refuses: the error then comes out
   * as its nearest ancestor.
   */
  rebuild(code: string, fields: WireFields): E;
  /** Its own fields as strings (undefined: left out). */
  fields?(err: E): Record<string, string | undefined>;
}

export interface ErrorClassEntry {
  readonly name: string;
  readonly prototype: object;
  readonly rebuild: (code: string, fields: WireFields) => VigilError;
  readonly fields: ((err: VigilError) => Record<string, string | undefined>) | undefined;
}

/** Longest text field kept on the wire (message, details, expected, got, each field); longer is cut. */
export const MAX_WIRE_TEXT = 8192;

/** A class name as it may cross: an identifier of at most 64 characters, none of Object's own members. */
export const WIRE_NAME = /^[A-Za-z_$][\w$]{0,63}$/;

/** Names never looked up or registered, whatever the table holds (a hostile wire's favourites). */
export function isReservedName(name: string): boolean {
  return name === '__proto__' || name === 'constructor' || name === 'prototype' || Object.hasOwn(Object.prototype, name) || Object.hasOwn(Function.prototype, name);
}

const byName = new Map<string, ErrorClassEntry>();

/**
 * The registered name, on each registered class's prototype, under a key shared by every bundle of
 * a page (Symbol.for): Firefox's background page runs background.js and app.js, each with its own
 * copy of these classes, and an error of one copy must still cross as what it is.
 */
const WIRE_NAME_KEY = Symbol.for('vigil.error-wire-name');

/**
 * Registers `cls` under `name` (the class's own `name` property). Called once at the load of the
 * module that defines the class; a second class under one name is a bug and throws.
 * @example registerErrorClass(StorageError, 'StorageError', { rebuild: (code) => new StorageError(code as StorageErrorCode, '') })
 */
export function registerErrorClass<E extends VigilError>(cls: { readonly prototype: E }, name: string, wire: ErrorClassWire<E>): void {
  if (!WIRE_NAME.test(name) || isReservedName(name)) throw new TypeError(`"${name}" cannot name an error class on the wire`);
  const known = byName.get(name);
  if (known !== undefined && known.prototype !== cls.prototype) throw new TypeError(`two error classes are named ${name}`);
  byName.set(name, { name, prototype: cls.prototype, rebuild: wire.rebuild, fields: wire.fields as ErrorClassEntry['fields'] });
  Object.defineProperty(cls.prototype, WIRE_NAME_KEY, { value: name });
}

/** The class registered under `name`, if this context loaded it. */
export function errorClassNamed(name: string): ErrorClassEntry | undefined {
  return WIRE_NAME.test(name) && !isReservedName(name) ? byName.get(name) : undefined;
}

/**
 * The registered class names `err` is an instance of, nearest first, whichever bundle of the page
 * made it (empty: no Vigil error). An unregistered subclass crosses as its nearest registered ancestor.
 */
export function errorClassNamesOf(err: unknown): string[] {
  const out: string[] = [];
  if (typeof err !== 'object' || err === null) return out;
  for (let p: object | null = Object.getPrototypeOf(err), n = 0; p !== null && n < 32; p = Object.getPrototypeOf(p), n++) {
    const name = Object.getOwnPropertyDescriptor(p, WIRE_NAME_KEY)?.value;
    if (typeof name === 'string') out.push(name);
  }
  return out;
}

/** Every name registered in this context (tests check each class of src/ is among them). */
export function registeredErrorNames(): string[] {
  return [...byName.keys()];
}

// Helpers for a class's own fields.

/** A number field as it crossed, or undefined (absent, or not a finite number). */
export function wireNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A JSON field (`rpcData`, a provider error's `data`): undefined when absent or unparsable (one cut to size is). */
export function wireJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A value as a JSON field, or undefined when it has no JSON form that fits. */
export function toWireJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    const s = JSON.stringify(value);
    return s !== undefined && s.length <= MAX_WIRE_TEXT ? s : undefined;
  } catch {
    return undefined;
  }
}
