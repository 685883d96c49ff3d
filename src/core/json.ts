/**
 * Guards for JSON read from files and servers.
 * @module
 */
import { describe } from './bytes.ts';
import { InputError } from './errors.ts';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `obj[name]`, or throws InputError when it is missing or null. */
export function field(obj: Record<string, unknown>, name: string, parent?: string): unknown {
  const value = obj[name];
  if (value === undefined || value === null) {
    throw new InputError(`missing field "${parent ? parent + '.' : ''}${name}"`);
  }
  return value;
}

/** Returns `value` as an array, or throws InputError naming `title`. */
export function aarray(value: unknown, title: string, maxLength = Infinity): unknown[] {
  if (!Array.isArray(value)) throw new InputError(`"${title}" expected an array, got ${describe(value)}`);
  if (value.length > maxLength) {
    throw new InputError(`"${title}" expected at most ${maxLength} entries, got ${value.length}`);
  }
  return value;
}

/** Returns `value` as an object, or throws InputError naming `title`. */
export function aobject(value: unknown, title: string): Record<string, unknown> {
  if (!isObject(value)) throw new InputError(`"${title}" expected an object, got ${describe(value)}`);
  return value;
}

/**
 * Accepts a bare result or a JSON-RPC response around it; a JSON-RPC error is unusable input.
 * @example unwrapJsonRpc({ jsonrpc: '2.0', id: 1, result: [] }, 'eth_getBlockReceipts') // []
 */
export function unwrapJsonRpc(json: unknown, what: string): unknown {
  if (isObject(json) && ('jsonrpc' in json || 'result' in json || 'error' in json)) {
    if (json.error !== undefined && json.error !== null) {
      const msg = isObject(json.error) && typeof json.error.message === 'string' ? json.error.message : 'unknown error';
      throw new InputError(`${what}: the JSON-RPC response is an error: ${msg}`);
    }
    if (!('result' in json)) throw new InputError(`${what}: the JSON-RPC response has no result`);
    return json.result;
  }
  return json;
}
