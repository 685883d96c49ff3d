/**
 * The fields every rollup config reads alike (src/l2/*\/config.ts): non-empty strings, integers in
 * a range, addresses, the identity (kind, name, chain ids, the optional L2 RPC) and closed field
 * sets; each refusal an InputError naming the field.
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { aobject, field, isObject } from '../core/json.ts';
import type { NativeCurrency } from './adapter.ts';

export function astring(value: unknown, title: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InputError(`"${title}" expected a non-empty string, got ${describe(value)}`);
  return value;
}

export function ainteger(value: unknown, title: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new InputError(`"${title}" expected an integer ${range}, got ${typeof value === 'number' ? value : describe(value)}`);
  }
  return value;
}

/** A 20-byte address as lower-case 0x-hex. */
export function aaddress(value: unknown, title: string): string {
  return bytesToHex(hexToBytes(value, 20, title));
}

/** Refuses a key not in `allowed` (a typo must not pass for a default). */
export function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], title: string, kind: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new InputError(`"${title}.${key}" is not a field of a ${kind} config (expected one of ${allowed.join(', ')})`);
  }
}

export interface RollupIdentityFields {
  name: string;
  chainId: number;
  l1ChainId: number;
  l2Rpc: string | undefined;
  /** Absent: Ether. */
  nativeCurrency?: NativeCurrency | undefined;
}

/** `{ name, symbol, decimals }` as EIP-3085 has it: a symbol of 2–11 characters, decimals 0–36. */
export function nativeCurrencyField(value: unknown, title: string): NativeCurrency {
  if (!isObject(value)) throw new InputError(`"${title}" expected { name, symbol, decimals }, got ${describe(value)}`);
  onlyKeys(value, ['name', 'symbol', 'decimals'], title, 'rollup');
  const name = astring(field(value, 'name'), `${title}.name`);
  const symbol = astring(field(value, 'symbol'), `${title}.symbol`);
  if (!/^[A-Za-z0-9.\-]{2,11}$/.test(symbol)) throw new InputError(`"${title}.symbol" expected 2–11 letters or digits, got ${describe(symbol)}`);
  if (name.length > 64) throw new InputError(`"${title}.name" expected at most 64 characters`);
  return { name, symbol, decimals: ainteger(field(value, 'decimals'), `${title}.decimals`, 0, 36) };
}

/** `kind` (must be `kind`), `name`, `chainId`, `l1ChainId` and the optional http(s) `l2Rpc`. */
export function identityFields(c: Record<string, unknown>, kind: string): RollupIdentityFields {
  if (field(c, 'kind') !== kind) throw new InputError(`"kind" expected "${kind}", got ${describe(c.kind)}`);
  const name = astring(field(c, 'name'), 'name');
  const chainId = ainteger(field(c, 'chainId'), 'chainId', 1);
  const l1ChainId = ainteger(field(c, 'l1ChainId'), 'l1ChainId', 1);
  let l2Rpc: string | undefined;
  if (c.l2Rpc !== undefined && c.l2Rpc !== null) {
    l2Rpc = astring(c.l2Rpc, 'l2Rpc');
    if (!/^https?:\/\/[^\s]+$/.test(l2Rpc)) throw new InputError(`"l2Rpc" expected an http(s) URL, got ${describe(l2Rpc)}`);
  }
  const nativeCurrency = c.nativeCurrency === undefined || c.nativeCurrency === null ? undefined : nativeCurrencyField(c.nativeCurrency, 'nativeCurrency');
  return { name, chainId, l1ChainId, l2Rpc, ...(nativeCurrency ? { nativeCurrency } : {}) };
}

/** `liveness`: `{ delayedAfterSeconds, stalledAfterSeconds }`, stalled no sooner than delayed. */
export function livenessField(c: Record<string, unknown>): { delayedAfterSeconds: number; stalledAfterSeconds: number } {
  const l = aobject(field(c, 'liveness'), 'liveness');
  const delayedAfterSeconds = ainteger(field(l, 'delayedAfterSeconds', 'liveness'), 'liveness.delayedAfterSeconds', 0);
  const stalledAfterSeconds = ainteger(field(l, 'stalledAfterSeconds', 'liveness'), 'liveness.stalledAfterSeconds', delayedAfterSeconds);
  return { delayedAfterSeconds, stalledAfterSeconds };
}

/** `sources`: where each pinned fact comes from, in words. */
export function sourcesField(c: Record<string, unknown>): Record<string, string> {
  const s = aobject(field(c, 'sources'), 'sources');
  return Object.fromEntries(Object.entries(s).map(([key, value]) => [key, astring(value, `sources.${key}`)]));
}
