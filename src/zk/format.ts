/**
 * The pieces of snarkjs's JSON formats that Groth16, PLONK and FFLONK share: numbers as decimal
 * strings, G1 points as [x, y, z], G2 points as [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]],
 * public signals as an array of decimal strings, and the curve name.
 *
 * Reading is done in two steps so that an input which is not a proof at all is always told
 * apart from one that is a proof but does not verify, whatever order the fields come in:
 * - `read*` look only at the shape (types, array lengths, decimal digits) and throw InputError;
 * - `to*` check the values (below the modulus, on the curve, in the subgroup, not at infinity,
 *   affine) and throw VerificationError.
 * @module
 */
import { describe } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aarray, aobject } from '../core/json.ts';
import { type G1, type G2, FIELD_MODULUS, Fr, G1_ZERO, g1FromAffine, g2FromAffine, SCALAR_MODULUS } from './curve.ts';

/** Proof systems with a snarkjs JSON format. */
export type ZkSystem = 'groth16' | 'plonk' | 'fflonk';
export const ZK_SYSTEMS: readonly ZkSystem[] = ['groth16', 'plonk', 'fflonk'];

/** Longest decimal string read as a number (field elements have 77 digits; leading zeros pass). */
const MAX_DIGITS = 1024;
/** Most public signals (and nPublic) accepted: rollup proofs carry one to a few dozen. */
export const MAX_PUBLIC_SIGNALS = 1 << 16;
const DECIMAL_RE = /^[0-9]+$/;

/** A G1 point as written: three integers, not yet checked against the curve. */
export type RawG1 = readonly [bigint, bigint, bigint];
/** A G2 point as written: three Fp2 elements [c0, c1]. */
export type RawG2 = readonly [readonly [bigint, bigint], readonly [bigint, bigint], readonly [bigint, bigint]];

/**
 * A non-negative integer written as a decimal string, as snarkjs writes every number.
 * @example readDecimal('35', 'publicSignals[0]') // 35n
 */
export function readDecimal(value: unknown, title: string): bigint {
  if (typeof value !== 'string') {
    throw new InputError(`"${title}" expected a decimal string, got ${describe(value)}`);
  }
  if (value.length > MAX_DIGITS) {
    throw new InputError(`"${title}" expected at most ${MAX_DIGITS} digits, got ${value.length}`);
  }
  if (!DECIMAL_RE.test(value)) {
    throw new InputError(`"${title}" expected a decimal string, got ${describe(value)}`);
  }
  return BigInt(value);
}

/** A JSON integer count (nPublic, power): a safe non-negative integer up to `max`. */
export function readCount(value: unknown, title: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(`"${title}" expected a non-negative integer, got ${typeof value === 'number' ? value : describe(value)}`);
  }
  if (value > max) throw new InputError(`"${title}" expected at most ${max}, got ${value}`);
  return value;
}

export function readG1(value: unknown, title: string): RawG1 {
  const a = aarray(value, title);
  if (a.length !== 3) throw new InputError(`"${title}" expected a G1 point [x, y, z], got ${a.length} entries`);
  return [readDecimal(a[0], `${title}[0]`), readDecimal(a[1], `${title}[1]`), readDecimal(a[2], `${title}[2]`)];
}

function readFp2(value: unknown, title: string): readonly [bigint, bigint] {
  const a = aarray(value, title);
  if (a.length !== 2) throw new InputError(`"${title}" expected an Fp2 element [c0, c1], got ${a.length} entries`);
  return [readDecimal(a[0], `${title}[0]`), readDecimal(a[1], `${title}[1]`)];
}

export function readG2(value: unknown, title: string): RawG2 {
  const a = aarray(value, title);
  if (a.length !== 3) throw new InputError(`"${title}" expected a G2 point [x, y, z], got ${a.length} entries`);
  return [readFp2(a[0], `${title}[0]`), readFp2(a[1], `${title}[1]`), readFp2(a[2], `${title}[2]`)];
}

/**
 * Reads `curve` (snarkjs writes "bn128", gnark's exporters "bn254"); any other curve is not
 * something Vigil can verify.
 */
export function readCurve(obj: Record<string, unknown>, parent: string, required: boolean): void {
  const curve = obj.curve;
  if (curve === undefined || curve === null) {
    if (required) throw new InputError(`missing field "${parent}.curve"`);
    return;
  }
  if (curve !== 'bn128' && curve !== 'bn254') {
    throw new InputError(`"${parent}.curve" expected "bn128" or "bn254", got ${describe(curve)}`);
  }
}

/** Reads `protocol`, which must name `system` when present. */
export function readProtocol(obj: Record<string, unknown>, parent: string, system: ZkSystem): void {
  const protocol = obj.protocol;
  if (protocol === undefined || protocol === null) return;
  if (protocol !== system) {
    throw new InputError(`"${parent}.protocol" expected "${system}", got ${describe(protocol)}`);
  }
}

/** The public signals file: an array of decimal strings (shape only). */
export function readPublicSignals(json: unknown): bigint[] {
  const list = aarray(json, 'publicSignals', MAX_PUBLIC_SIGNALS);
  return list.map((v, i) => readDecimal(v, `publicSignals[${i}]`));
}

/** The object at the root of a key or proof file. */
export const readRoot = (json: unknown, title: string): Record<string, unknown> => aobject(json, title);

// ---- value checks ----------------------------------------------------------------------------

/** A scalar (evaluation, public signal, key constant) below r. */
export function toFr(value: bigint, title: string): bigint {
  if (!Fr.isValid(value)) {
    throw new VerificationError('ZK_FIELD_OUT_OF_RANGE', `"${title}" is not below the scalar field modulus r`, {
      expected: `< ${SCALAR_MODULUS}`,
      got: value.toString(),
    });
  }
  return value;
}

/** Public signals, each below r. */
export function toPublicSignals(values: readonly bigint[]): bigint[] {
  return values.map((v, i) => toFr(v, `publicSignals[${i}]`));
}

function notAffine(title: string, got: string): VerificationError {
  return new VerificationError('ZK_POINT_NOT_AFFINE', `"${title}" is neither affine (z = 1) nor the point at infinity`, {
    expected: 'z = 1, or [0, 1, 0] for infinity',
    got,
  });
}

function atInfinity(title: string): VerificationError {
  return new VerificationError('ZK_POINT_AT_INFINITY', `"${title}" is the point at infinity`);
}

function belowP(values: readonly bigint[], title: string): void {
  for (const v of values) {
    if (v >= FIELD_MODULUS) {
      throw new VerificationError('ZK_FIELD_OUT_OF_RANGE', `"${title}" has a coordinate not below the field modulus p`, {
        expected: '< p',
        got: v.toString(),
      });
    }
  }
}

/**
 * A checked G1 point. snarkjs writes affine points (z = 1) and infinity as [0, 1, 0]; other
 * projective forms are refused rather than normalized.
 */
export function toG1(raw: RawG1, title: string, allowInfinity = false): G1 {
  belowP(raw, title);
  const [x, y, z] = raw;
  if (z === 1n) return g1FromAffine(x, y, title);
  if (z === 0n && x === 0n && y === 1n) {
    if (!allowInfinity) throw atInfinity(title);
    return G1_ZERO;
  }
  throw notAffine(title, `z = ${z}`);
}

/** A checked G2 point (on the twist and in the subgroup); the point at infinity is refused. */
export function toG2(raw: RawG2, title: string): G2 {
  belowP(raw.flat(), title);
  const [x, y, z] = raw;
  if (z[0] === 1n && z[1] === 0n) return g2FromAffine(x, y, title);
  if (z[0] === 0n && z[1] === 0n && x[0] === 0n && x[1] === 0n && y[0] === 1n && y[1] === 0n) {
    throw atInfinity(title);
  }
  throw notAffine(title, `z = [${z[0]}, ${z[1]}]`);
}

/**
 * A snarkjs `public.json`: an array of decimal strings, each below r.
 * @example parsePublicSignals(['35']) // [35n]
 */
export function parsePublicSignals(json: unknown): bigint[] {
  return toPublicSignals(readPublicSignals(json));
}

/**
 * The public signals a verifier runs on: exactly `nPublic` of them, each below r.
 * DIFF FROM SNARKJS: its Groth16 verifier does not compare the count with nPublic.
 */
export function checkPublicSignals(publicSignals: readonly bigint[], nPublic: number): bigint[] {
  if (publicSignals.length !== nPublic) {
    throw new VerificationError('ZK_PUBLIC_INPUT_COUNT', "the number of public signals differs from the key's nPublic", {
      expected: `${nPublic}`,
      got: `${publicSignals.length}`,
    });
  }
  return toPublicSignals(publicSignals);
}
