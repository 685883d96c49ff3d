/**
 * The oracles' pieces: a call's verdict (a value, a typed error's code, or an untyped error that
 * is a finding in itself), and comparisons of Vigil's answer with the reference's.
 */
import { bytesToHex } from '../../src/core/bytes.ts';
import { VigilError } from '../../src/core/errors.ts';
import type { Outcome } from './target.ts';

export type Verdict<T> = { ok: true; value: T } | { ok: false; code: string; error: unknown };

/** The code a thrown value stands for: a VigilError's code, else UNTYPED. */
export function codeOf(error: unknown): string {
  return error instanceof VigilError ? String(error.code) : 'UNTYPED';
}

export function attempt<T>(fn: () => T): Verdict<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, code: codeOf(error), error };
  }
}

export async function attemptAsync<T>(fn: () => Promise<T> | T): Promise<Verdict<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, code: codeOf(error), error };
  }
}

/** A reference's verdict: its value, or `rejected` however it refused (a throw, false, null). */
export type Reference<T> = { ok: true; value: T } | { ok: false };

export async function reference<T>(fn: () => Promise<T> | T): Promise<Reference<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch {
    return { ok: false };
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]!.slice(0, 200)}`;
  return String(error).slice(0, 200);
}

/** The outcome's verdict and the untyped-error finding, when there is one. */
export function verdictOf(v: Verdict<unknown>): { verdict: string; wrong?: string } {
  if (v.ok) return { verdict: 'accepted' };
  if (v.code === 'UNTYPED') return { verdict: 'UNTYPED', wrong: `untyped error: ${describeError(v.error)}` };
  return { verdict: v.code };
}

/**
 * Vigil's verdict against the reference's on one input: wrong when Vigil accepts what the
 * reference refuses, or gives another value; a stricter class (Vigil's code) when Vigil refuses
 * what the reference accepts.
 */
export function againstReference<T, R = T>(op: string, ours: Verdict<T>, theirs: Reference<R>, same: (a: T, b: R) => boolean = sameValue): Outcome {
  const out: Outcome = { op, ...verdictOf(ours) };
  if (out.wrong) return out;
  if (ours.ok && !theirs.ok) return { ...out, wrong: 'Vigil accepted what the reference refuses' };
  if (ours.ok && theirs.ok && !same(ours.value, theirs.value)) return { ...out, wrong: 'Vigil gave another value than the reference' };
  if (!ours.ok && theirs.ok) return { ...out, stricter: out.verdict };
  return out;
}

/** Deep equality of plain data (bigint, Uint8Array, arrays, objects), for comparing answers. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && bytesToHex(a) === bytesToHex(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameValue(ka, kb) && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
