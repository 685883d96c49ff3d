/**
 * One wire form for every error that crosses a context: a worker's postMessage (structured clone),
 * the offscreen document's and the app host's runtime messages and the popup's (JSON), both ends of
 * the in-page link (JSON). Structured clone and JSON both drop an error's class; the wire keeps its
 * class name, the names of the registered classes it extends, its `code`, one sentence, expected /
 * got / details, its class's own fields (as strings) and its cause (itself a wire error, to a
 * bounded depth). `errorFromWire` rebuilds the class by that name from ./error-registry.ts, so
 * callers on the other side keep branching on `code` and `instanceof`.
 *
 * Who can rebuild what: a class registers itself where it is defined (a call at that module's
 * load; this module registers core's own four below, since ./errors.ts cannot import it without a
 * cycle). So a context rebuilds exactly the classes whose modules it loaded, and never imports
 * another layer to do so. Every context that reads a wire error loads this module, and with it
 * VigilError, VerificationError, InputError and TransportError. The rest, by bundle (as built):
 * - workers (worker.js, in either role) throw core's classes (an unknown task is
 *   answered as a PoolError wire, src/workers/serve.ts); every pool's host (background.js,
 *   offscreen.js) loads src/workers/errors.ts (PoolError);
 * - the service worker (background.js) also loads WalletError, StorageError, QuotaError,
 *   SimulateRequestError and ProviderRpcError: what the app host or the offscreen pool sends back
 *   comes out as it was thrown, but for the vault work's MnemonicError (BIP-39 is the app host's),
 *   which comes out as a WalletError with its code, INVALID_MNEMONIC;
 * - the app host (offscreen.js in Chrome, app.js in Firefox) loads WalletError, MnemonicError,
 *   StorageError, QuotaError, QueryError and ProviderRpcError; QueryError lives there only (the pages' chain
 *   reads run there, test/unit/extension/bundle-budget.test.ts keeps it out of the service worker);
 *   app.js names no PoolError: a pool's failure reaches it as a VigilError with the pool's code;
 * - the popup and approval windows (popup.js, approval.js) load core's four: a wallet's refusal
 *   comes out as a VigilError with its code, which is all they branch on.
 * A bundle keeps a class's registration only when it uses something of the class's module
 * (package.json says `"sideEffects": false`): a context that must rebuild a class it never names
 * has to import it. The list above is what `npm run build:extension` holds.
 * A class not loaded on the receiving side comes out as its nearest registered ancestor (VigilError
 * at worst) with the same `code` and `wireName` holding its class's name: nothing is lost that a
 * caller branches on, and errorFromWire never throws.
 *
 * Firefox runs background.js and app.js on one page, each bundle with its own copy of every class.
 * The registered name is kept on each class's prototype under a Symbol.for key, so errorToWire
 * writes an error of either copy by its name; app.js rebuilds what background.js's pool and link
 * end throw as its own classes (src/extension/app-rendezvous.ts withOwnErrors).
 *
 * The page's side is not this wire: a page gets EIP-1193's `{ code, message, data }` and rebuilds
 * a ProviderRpcError (src/provider/errors.ts), the error form every dApp reads.
 *
 * A wire error is data, possibly from a compromised context: only string fields are read (anything
 * else is dropped), each bounded; only own properties; at most {@link MAX_CAUSE_DEPTH} causes; a
 * name reaches only the table of registered classes (never `__proto__`, `constructor` or any of
 * Object's members); a class's rebuild that refuses its fields falls back to the ancestor.
 * @module
 */
import { errorClassNamed, errorClassNamesOf, MAX_WIRE_TEXT, registerErrorClass, toWireJson, wireJson, wireNumber, type WireFields } from './error-registry.ts';
import { fullMessage, InputError, TransportError, VerificationError, VigilError, type TransportErrorCode, type VerificationCode } from './errors.ts';

/** An error as it crosses a context (structured clone or JSON carry it unchanged). */
export interface WireError {
  /** Its class's name, as registered. */
  name: string;
  /** The registered classes it extends, nearest first, without VigilError. */
  kinds?: string[];
  /** Its `code` (ProviderRpcError's number in decimal). */
  code: string;
  /** The one sentence (VigilError's `shortMessage`). */
  message: string;
  expected?: string;
  got?: string;
  details?: string;
  /** Its class's own fields. */
  fields?: Record<string, string>;
  cause?: WireError;
}

/** Causes kept below the error itself. */
export const MAX_CAUSE_DEPTH = 4;
const MAX_CODE = 64;
const MAX_KINDS = 8;
const MAX_FIELDS = 16;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,31}$/;

/**
 * Any thrown value as a WireError: a VigilError by its nearest registered class (its fields and
 * cause kept, stacks dropped); anything else as `Error` with code INTERNAL, its name in the message.
 * @example port.post({ ok: false, error: errorToWire(err) })
 */
export function errorToWire(err: unknown): WireError {
  try {
    return toWire(err, 0);
  } catch {
    // A thrown value whose reading throws (a getter, a proxy): nothing of it crosses.
    return { name: 'Error', code: 'INTERNAL', message: 'an error that could not be read' };
  }
}

function toWire(err: unknown, depth: number): WireError {
  let wire: WireError;
  const names = errorClassNamesOf(err);
  if (names.length > 0) {
    // A Vigil error, maybe of another bundle's copy of its class (read by its fields, not by instanceof).
    const e = err as VigilError;
    const entry = names.map(errorClassNamed).find((x) => x !== undefined);
    wire = { name: names[0]!, code: cut(String(e.code), MAX_CODE), message: cut(String(e.shortMessage)) };
    const kinds = names.slice(1).filter((n) => n !== 'VigilError');
    if (kinds.length > 0) wire.kinds = kinds.slice(0, MAX_KINDS);
    if (typeof e.expected === 'string') wire.expected = cut(e.expected);
    if (typeof e.got === 'string') wire.got = cut(e.got);
    if (typeof e.details === 'string') wire.details = cut(e.details);
    const fields = readFields(entry?.fields?.(e));
    if (fields !== undefined) wire.fields = { ...fields };
  } else {
    wire = { name: 'Error', code: 'INTERNAL', message: cut(err instanceof Error ? `${err.name}: ${err.message}` : describe(err)) };
  }
  const cause = typeof err === 'object' && err !== null ? (err as { cause?: unknown }).cause : undefined;
  if (cause !== undefined && depth < MAX_CAUSE_DEPTH) wire.cause = toWire(cause, depth + 1);
  return wire;
}

/**
 * The error a wire error describes, as its class when this context loaded it (else its nearest
 * registered ancestor, `wireName` naming the class). Never throws, whatever `wire` holds.
 * @example const err = errorFromWire(reply.error); if (err instanceof WalletError) …
 */
export function errorFromWire(wire: unknown): VigilError {
  try {
    return fromWire(wire, 0);
  } catch {
    // Not JSON or structured-clone data (a getter that throws, a proxy): nothing of it is read.
    return withCode(new VigilError('an error that could not be read'), 'VIGIL_ERROR');
  }
}

function fromWire(wire: unknown, depth: number): VigilError {
  const o = isRecord(wire) ? wire : {};
  const name = text(own(o, 'name'), 64) ?? 'VigilError';
  const code = text(own(o, 'code'), MAX_CODE) ?? 'VIGIL_ERROR';
  const kindsIn = own(o, 'kinds');
  const kinds = Array.isArray(kindsIn) ? kindsIn.slice(0, MAX_KINDS).filter((k): k is string => typeof k === 'string') : [];
  const fields = readFields(own(o, 'fields')) ?? Object.create(null);
  let err: VigilError | undefined;
  let exact = false;
  for (const [i, candidate] of [name, ...kinds, 'VigilError'].entries()) {
    const entry = errorClassNamed(candidate);
    if (entry === undefined) continue;
    try {
      err = entry.rebuild(code, fields);
      exact = i === 0;
      break;
    } catch {
      // Fields this class refuses: its ancestor is rebuilt instead.
    }
  }
  err ??= new VigilError('');
  if (!exact) {
    setOwn(err, 'code', code);
    setOwn(err, 'wireName', name);
  }
  const shortMessage = text(own(o, 'message')) ?? '';
  const details = text(own(o, 'details'));
  setOwn(err, 'shortMessage', shortMessage);
  setOwn(err, 'message', fullMessage(shortMessage, details));
  setOwn(err, 'details', details);
  setOwn(err, 'expected', text(own(o, 'expected')));
  setOwn(err, 'got', text(own(o, 'got')));
  const cause = own(o, 'cause');
  if (cause !== undefined && depth < MAX_CAUSE_DEPTH) setOwn(err, 'cause', fromWire(cause, depth + 1));
  else if (Object.hasOwn(err, 'cause')) delete (err as { cause?: unknown }).cause;
  return err;
}

/** A class's fields as they may cross: at most 16, named as identifiers, string values cut to size. */
function readFields(value: unknown): WireFields | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = Object.create(null);
  let n = 0;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v !== 'string' || !FIELD_NAME.test(key) || key === 'constructor' || key === 'prototype' || Object.hasOwn(Object.prototype, key)) continue;
    if (++n > MAX_FIELDS) break;
    out[key] = cut(v);
  }
  return n > 0 ? out : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function text(value: unknown, max = MAX_WIRE_TEXT): string | undefined {
  return typeof value === 'string' ? cut(value, max) : undefined;
}

function cut(s: string, max = MAX_WIRE_TEXT): string {
  return s.length > max ? s.slice(0, max) : s;
}

function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** Sets a field the constructor set (its attributes kept), or adds one (`cause` hidden, as Error has it). */
function setOwn(err: VigilError, key: string, value: unknown): void {
  if (value === undefined && !Object.hasOwn(err, key)) return;
  Object.defineProperty(err, key, Object.hasOwn(err, key) ? { value } : { value, writable: true, configurable: true, enumerable: key !== 'cause' });
}

// ------------------------------------------------------------------- core's own classes

/** Each failed attempt of ALL_ENDPOINTS_FAILED: at most 8, no causes, short messages. */
const MAX_ATTEMPTS = 8;

const withCode = (err: VigilError, code: string): VigilError => {
  setOwn(err, 'code', code);
  return err;
};

registerErrorClass(VigilError, 'VigilError', { rebuild: (code) => withCode(new VigilError(''), code) });
registerErrorClass(VerificationError, 'VerificationError', { rebuild: (code) => new VerificationError(code as VerificationCode, '') });
registerErrorClass(InputError, 'InputError', { rebuild: () => new InputError('') });
registerErrorClass(TransportError, 'TransportError', {
  rebuild: (code, f) => {
    const attempts = wireJson(f.errors);
    return new TransportError(code as TransportErrorCode, '', {
      url: f.url,
      status: wireNumber(f.status),
      rpcCode: wireNumber(f.rpcCode),
      rpcData: wireJson(f.rpcData),
      errors: Array.isArray(attempts) ? attempts.slice(0, MAX_ATTEMPTS).map((a) => fromWire(a, MAX_CAUSE_DEPTH)).filter((e): e is TransportError => e instanceof TransportError) : [],
    });
  },
  fields: (e) => ({
    url: e.url,
    status: e.status?.toString(),
    rpcCode: e.rpcCode?.toString(),
    rpcData: toWireJson(e.rpcData),
    errors: e.errors.length > 0 ? toWireJson(e.errors.slice(0, MAX_ATTEMPTS).map((a) => ({ ...toWire(a, MAX_CAUSE_DEPTH), message: cut(a.shortMessage, 512) }))) : undefined,
  }),
});
