/**
 * How SSZ code reports bad data with the path of the field at fault.
 *
 * Deep code throws an `SszFault` without building any path string (that would cost on every
 * element of the success path). Each composite it passes through appends its segment
 * (`.finalized_checkpoint`, `[3]`), and the public entry point turns it into the typed error:
 * a `VerificationError('SSZ_INVALID')` for bytes from outside, an `InputError` for values and
 * JSON handed to us.
 * @module
 */
import { InputError, VerificationError } from '../core/errors.ts';

/** @internal */
export class SszFault extends Error {
  override name = 'SszFault';
  /** Path segments, innermost first. */
  readonly segments: string[] = [];
  constructor(
    readonly reason: string,
    readonly expected?: string,
    readonly got?: string,
  ) {
    super(reason);
  }
}

/** @internal Throws a fault; `expected`/`got` end up on the typed error. */
export function fault(reason: string, expected?: string | number, got?: string | number): never {
  const str = (v: string | number | undefined) => (v === undefined ? undefined : String(v));
  throw new SszFault(reason, str(expected), str(got));
}

/** @internal Adds a path segment to a fault passing through a composite, and returns it to rethrow. */
export function atPath(err: unknown, segment: string | number): unknown {
  if (err instanceof SszFault) err.segments.push(typeof segment === 'number' ? `[${segment}]` : `.${segment}`);
  return err;
}

function pathOf(typeName: string, f: SszFault): string {
  let p = typeName;
  for (let i = f.segments.length - 1; i >= 0; i--) p += f.segments[i];
  return p;
}

/** @internal Turns a fault from bytes we were sent into `VerificationError('SSZ_INVALID')`. */
export function toVerificationError(err: unknown, typeName: string): unknown {
  if (!(err instanceof SszFault)) return err;
  return new VerificationError('SSZ_INVALID', `invalid SSZ at ${pathOf(typeName, err)}: ${err.reason}`, {
    expected: err.expected,
    got: err.got,
  });
}

/** @internal Turns a fault from a value or JSON we were handed into an `InputError`. */
export function toInputError(err: unknown, typeName: string): unknown {
  if (!(err instanceof SszFault)) return err;
  const hasDiff = err.expected !== undefined || err.got !== undefined;
  const diff = hasDiff ? `: expected ${err.expected ?? '?'}, got ${err.got ?? '?'}` : '';
  return new InputError(`invalid ${pathOf(typeName, err)}: ${err.reason}${diff}`);
}

/** @internal Short printable form of a value for fault messages. */
export function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value === null) return 'null';
  return typeof value;
}
