/**
 * BN254 as the verifiers in src/zk see it: the one switch point between them and a curve
 * implementation. Today every line below the imports calls @noble/curves' `bn254`; pointing
 * this file at src/crypto/bn254.ts (the WASM front door) changes nothing in the verifiers.
 *
 * What it offers, and nothing more:
 * - `g1FromAffine` / `g2FromAffine`: points from coordinates, checked (each coordinate below
 *   the field modulus, on the curve, G2 in the order-r subgroup; G1's cofactor is 1);
 * - G1 add / neg / mul / MSM, affine coordinates (for transcripts);
 * - `pairingCheck`: whether a product of pairings is 1, with one shared final exponentiation;
 * - `Fr`: the scalar field (add, sub, mul, neg, inverse, pow, batch inverse) on bigints in [0, r).
 *
 * Scalars and points here are public data (proofs, keys, challenges): variable-time code is fine.
 * Curve: y² = x³ + 3 over Fp; twist y² = x³ + 3/(9 + u) over Fp2 = Fp[u]/(u² + 1) (EIP-196/197).
 * @module
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bn254 } from '@noble/curves/bn254.js';
import { VerificationError } from '../core/errors.ts';

const { fields, millerLoopBatch, utils } = bn254;
const { Fp, Fp2, Fp12 } = fields;
const NobleFr = fields.Fr;
const G1Point = bn254.G1.Point;
const G2Point = bn254.G2.Point;

/** A point of G1 (opaque: only this file looks inside). */
export type G1 = InstanceType<typeof G1Point>;
/** A point of G2 (opaque: only this file looks inside). */
export type G2 = InstanceType<typeof G2Point>;
/** An element of Fp2 as [c0, c1] = c0 + c1·u, the order snarkjs writes them in. */
export type Fp2Coords = readonly [bigint, bigint];

/** The base-field modulus p. */
export const FIELD_MODULUS: bigint = Fp.ORDER;
/** The scalar-field modulus r (the group order). */
export const SCALAR_MODULUS: bigint = NobleFr.ORDER;

export const G1_ZERO: G1 = G1Point.ZERO;
export const G1_GENERATOR: G1 = G1Point.BASE;
export const G2_GENERATOR: G2 = G2Point.BASE;

const B1 = 3n;
const B2 = G2Point.CURVE().b;

function coordinateBelowP(value: bigint, title: string): void {
  if (value < 0n || value >= FIELD_MODULUS) {
    throw new VerificationError('ZK_FIELD_OUT_OF_RANGE', `"${title}" is not below the field modulus p`, {
      expected: '< p',
      got: value.toString(),
    });
  }
}

/**
 * The G1 point (x, y), checked: coordinates below p and on the curve (G1 = E(Fp): cofactor 1).
 * @example g1FromAffine(1n, 2n, 'generator') // the generator
 */
export function g1FromAffine(x: bigint, y: bigint, title = 'point'): G1 {
  coordinateBelowP(x, `${title}.x`);
  coordinateBelowP(y, `${title}.y`);
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), B1)) {
    throw new VerificationError('ZK_POINT_NOT_ON_CURVE', `"${title}" is not on the curve y² = x³ + 3`);
  }
  return G1Point.fromAffine({ x, y });
}

/**
 * The G2 point (x, y), checked: coordinates below p, on the twist, and in the order-r subgroup
 * (the twist's cofactor is not 1, so "on the curve" alone is not enough).
 */
export function g2FromAffine(x: Fp2Coords, y: Fp2Coords, title = 'point'): G2 {
  coordinateBelowP(x[0], `${title}.x.c0`);
  coordinateBelowP(x[1], `${title}.x.c1`);
  coordinateBelowP(y[0], `${title}.y.c0`);
  coordinateBelowP(y[1], `${title}.y.c1`);
  const px = Fp2.fromBigTuple([x[0], x[1]]);
  const py = Fp2.fromBigTuple([y[0], y[1]]);
  if (!Fp2.eql(Fp2.sqr(py), Fp2.add(Fp2.mul(Fp2.sqr(px), px), B2))) {
    throw new VerificationError('ZK_POINT_NOT_ON_CURVE', `"${title}" is not on the twist y² = x³ + 3/(9+u)`);
  }
  const point = G2Point.fromAffine({ x: px, y: py });
  if (!point.isTorsionFree()) {
    throw new VerificationError('ZK_POINT_NOT_IN_SUBGROUP', `"${title}" is not in the order-r subgroup of G2`);
  }
  return point;
}

export const g1Add = (a: G1, b: G1): G1 => a.add(b);
export const g1Neg = (a: G1): G1 => a.negate();
export const g1Equals = (a: G1, b: G1): boolean => a.equals(b);

/** k·P for a scalar k in [0, r). */
export function g1Mul(point: G1, scalar: bigint): G1 {
  return point.multiplyUnsafe(scalar);
}

/** Σ kᵢ·Pᵢ (scalars in [0, r)); the empty sum is the point at infinity. */
export function g1Msm(points: readonly G1[], scalars: readonly bigint[]): G1 {
  if (points.length !== scalars.length) throw new RangeError('g1Msm: points and scalars differ in length');
  if (points.length === 0) return G1_ZERO;
  // noble's Pippenger pays for its buckets; below a handful of terms single products win.
  if (points.length < 4) {
    let acc = G1_ZERO;
    for (let i = 0; i < points.length; i++) acc = acc.add(points[i]!.multiplyUnsafe(scalars[i]!));
    return acc;
  }
  return pippenger(G1Point, points as G1[], scalars as bigint[]);
}

/** Affine coordinates of P, or null for the point at infinity. */
export function g1ToAffine(point: G1): { x: bigint; y: bigint } | null {
  return point.is0() ? null : point.toAffine();
}

// Line coefficients of a G2 point depend on nothing else: keys are prepared once per point.
type Precompute = ReturnType<typeof utils.calcPairingPrecomputes>;
const precomputes = new WeakMap<G2, Precompute>();
function prepared(q: G2): Precompute {
  let pc = precomputes.get(q);
  if (pc === undefined) {
    pc = utils.calcPairingPrecomputes(q);
    precomputes.set(q, pc);
  }
  return pc;
}

/**
 * Whether e(P₁, Q₁)·…·e(Pₙ, Qₙ) = 1: one Miller loop per pair, one shared final
 * exponentiation. A pair with a point at infinity contributes 1. Points must come from
 * `g1FromAffine` / `g2FromAffine` or arithmetic on them (G2 in the subgroup).
 * @example pairingCheck([[g1Neg(P), Q], [P, Q]]) // true
 */
export function pairingCheck(pairs: readonly (readonly [G1, G2])[]): boolean {
  const batch: [Precompute, bigint, bigint][] = [];
  for (const [p, q] of pairs) {
    if (p.is0() || q.is0()) continue;
    const { x, y } = p.toAffine();
    batch.push([prepared(q), x, y]);
  }
  if (batch.length === 0) return true;
  return Fp12.eql(Fp12.finalExponentiate(millerLoopBatch(batch)), Fp12.ONE);
}

const r = SCALAR_MODULUS;

/**
 * The scalar field Fr of BN254 on bigints in [0, r). `inv(0)` and `batchInv` with a zero
 * throw RangeError: callers decide what a zero denominator means.
 */
export const Fr = {
  ORDER: r,
  /** True for a bigint in [0, r). */
  isValid: (a: bigint): boolean => a >= 0n && a < r,
  add: (a: bigint, b: bigint): bigint => {
    const s = a + b;
    return s >= r ? s - r : s;
  },
  sub: (a: bigint, b: bigint): bigint => {
    const d = a - b;
    return d < 0n ? d + r : d;
  },
  neg: (a: bigint): bigint => (a === 0n ? 0n : r - a),
  mul: (a: bigint, b: bigint): bigint => (a * b) % r,
  sqr: (a: bigint): bigint => (a * a) % r,
  pow: (a: bigint, e: bigint): bigint => NobleFr.pow(a, e),
  /** Reduces any non-negative integer mod r (challenges from 256-bit hashes). */
  reduce: (a: bigint): bigint => a % r,
  inv(a: bigint): bigint {
    if (a === 0n) throw new RangeError('Fr.inv: zero has no inverse');
    return NobleFr.inv(a);
  },
  /** Inverses of every element, with one field inversion (Montgomery's trick). */
  batchInv(values: readonly bigint[]): bigint[] {
    const prefix: bigint[] = new Array(values.length);
    let acc = 1n;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === 0n) throw new RangeError(`Fr.batchInv: element ${i} is zero`);
      prefix[i] = acc;
      acc = (acc * values[i]!) % r;
    }
    let inv = NobleFr.inv(acc);
    const out: bigint[] = new Array(values.length);
    for (let i = values.length - 1; i >= 0; i--) {
      out[i] = (inv * prefix[i]!) % r;
      inv = (inv * values[i]!) % r;
    }
    return out;
  },
} as const;

/**
 * ω₂₈: the primitive 2²⁸-th root of unity snarkjs (ffjavascript) uses, 5^((r−1)/2²⁸), 5 being
 * the least quadratic non-residue of Fr. 2²⁸ is the largest power of two dividing r − 1.
 */
const OMEGA_28 = 0x2a3c09f0a58a7e8500e0a7eb8ef62abc402d111e41112ed49bd61b6e725b19f0n;
const FR_TWO_ADICITY = 28;

/** The primitive 2^power-th root of unity of ffjavascript's `Fr.w[power]` (0 ≤ power ≤ 28). */
export function rootOfUnity(power: number): bigint {
  if (!Number.isInteger(power) || power < 0 || power > FR_TWO_ADICITY) {
    throw new RangeError(`rootOfUnity: power expected 0..${FR_TWO_ADICITY}, got ${power}`);
  }
  let w = OMEGA_28;
  for (let i = power; i < FR_TWO_ADICITY; i++) w = Fr.sqr(w);
  return w;
}
