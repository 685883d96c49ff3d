/**
 * BN254 as the verifiers in src/zk see it: the one switch point between them and a curve
 * implementation, today src/crypto/bn254.ts (our WASM kernel, @noble/curves as its fallback).
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
import { VerificationError } from '../core/errors.ts';
import {
  BN254_P,
  BN254_R,
  type Fp12,
  G1_GENERATOR as BN_G1_GENERATOR,
  G1_ZERO as BN_G1_ZERO,
  type G1Point,
  G2_GENERATOR as BN_G2_GENERATOR,
  type G2Point,
  g1Add as bnG1Add,
  g1IsOnCurve,
  g1Msm as bnG1Msm,
  g1Mul as bnG1Mul,
  g1Neg as bnG1Neg,
  g2IsInSubgroup,
  g2IsOnCurve,
  millerLoop,
  pairingCheck as bnPairingCheck,
  fpSqrt,
  fp2Sqrt as bnFp2Sqrt,
  TWIST_B as BN_TWIST_B,
} from '../crypto/bn254.ts';

/** A point of G1: affine bigints, (0, 0) the point at infinity. */
export type G1 = G1Point;
/** A point of G2: affine Fp2 bigints, all zero the point at infinity. */
export type G2 = G2Point;
/** An element of Fp2 as [c0, c1] = c0 + c1·u, the order snarkjs writes them in. */
export type Fp2Coords = readonly [bigint, bigint];
/** A Miller-loop value (before the final exponentiation), e.g. e(α, β)'s, computed once per key. */
export type MillerValue = Fp12;

/** The base-field modulus p. */
export const FIELD_MODULUS: bigint = BN254_P;
/** The scalar-field modulus r (the group order). */
export const SCALAR_MODULUS: bigint = BN254_R;

export const G1_ZERO: G1 = BN_G1_ZERO;

/** √a in Fp (either root), or null when a is not a square. */
export { fpSqrt };
/** √a in Fp2 (either root), or null when a is not a square. */
export function fp2Sqrt(a: Fp2Coords): Fp2Coords | null {
  const r = bnFp2Sqrt(a[0], a[1]);
  return r === null ? null : [r.c0, r.c1];
}
/** G2's curve constant b' = 3/(9 + u). */
export const TWIST_B: Fp2Coords = [BN_TWIST_B.c0, BN_TWIST_B.c1];
export const G1_GENERATOR: G1 = BN_G1_GENERATOR;
export const G2_GENERATOR: G2 = BN_G2_GENERATOR;

function coordinateBelowP(value: bigint, title: string): void {
  if (value < 0n || value >= FIELD_MODULUS) {
    throw new VerificationError('ZK_FIELD_OUT_OF_RANGE', `"${title}" is not below the field modulus p`, {
      expected: '< p',
      got: value.toString(),
    });
  }
}

const isG1Zero = (p: G1): boolean => p.x === 0n && p.y === 0n;
const isG2Zero = (q: G2): boolean => q.x.c0 === 0n && q.x.c1 === 0n && q.y.c0 === 0n && q.y.c1 === 0n;

/**
 * The G1 point (x, y), checked: coordinates below p and on the curve (G1 = E(Fp): cofactor 1).
 * @example g1FromAffine(1n, 2n, 'generator') // the generator
 */
export function g1FromAffine(x: bigint, y: bigint, title = 'point'): G1 {
  coordinateBelowP(x, `${title}.x`);
  coordinateBelowP(y, `${title}.y`);
  const point = { x, y };
  // (0, 0) is not on y² = x³ + 3, so it never passes as a real point here.
  if (isG1Zero(point) || !g1IsOnCurve(point)) {
    throw new VerificationError('ZK_POINT_NOT_ON_CURVE', `"${title}" is not on the curve y² = x³ + 3`);
  }
  return point;
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
  const point = { x: { c0: x[0], c1: x[1] }, y: { c0: y[0], c1: y[1] } };
  if (isG2Zero(point) || !g2IsOnCurve(point)) {
    throw new VerificationError('ZK_POINT_NOT_ON_CURVE', `"${title}" is not on the twist y² = x³ + 3/(9+u)`);
  }
  if (!g2IsInSubgroup(point)) {
    throw new VerificationError('ZK_POINT_NOT_IN_SUBGROUP', `"${title}" is not in the order-r subgroup of G2`);
  }
  return point;
}

export const g1Add = (a: G1, b: G1): G1 => bnG1Add(a, b);
export const g1Neg = (a: G1): G1 => bnG1Neg(a);
export const g1Equals = (a: G1, b: G1): boolean => a.x === b.x && a.y === b.y;

/** k·P for a scalar k in [0, r). */
export function g1Mul(point: G1, scalar: bigint): G1 {
  return bnG1Mul(point, scalar);
}

/** Σ kᵢ·Pᵢ (scalars in [0, r)); the empty sum is the point at infinity. */
export function g1Msm(points: readonly G1[], scalars: readonly bigint[]): G1 {
  if (points.length !== scalars.length) throw new RangeError('g1Msm: points and scalars differ in length');
  if (points.length === 0) return G1_ZERO;
  return bnG1Msm(points, scalars);
}

/** Affine coordinates of P, or null for the point at infinity. */
export function g1ToAffine(point: G1): { x: bigint; y: bigint } | null {
  return isG1Zero(point) ? null : point;
}

/** The Miller loop of fixed pairs (a key's e(α, β)), to pass to `pairingCheck` as `extra`. */
export function millerValue(pairs: readonly (readonly [G1, G2])[]): MillerValue {
  return millerLoop(pairs);
}

/**
 * Whether e(P₁, Q₁)·…·e(Pₙ, Qₙ)·extra = 1: one Miller loop over the pairs, one shared final
 * exponentiation. A pair with a point at infinity contributes 1. Points must come from
 * `g1FromAffine` / `g2FromAffine` or arithmetic on them (G2 in the subgroup).
 * @example pairingCheck([[g1Neg(P), Q], [P, Q]]) // true
 */
export function pairingCheck(pairs: readonly (readonly [G1, G2])[], extra?: MillerValue): boolean {
  const live = pairs.filter(([p, q]) => !isG1Zero(p) && !isG2Zero(q));
  return bnPairingCheck(live, extra);
}

const r = SCALAR_MODULUS;

/** a^e mod r by square-and-multiply (public data: variable time is fine). */
function modPow(a: bigint, e: bigint): bigint {
  let base = a % r;
  let result = 1n;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) result = (result * base) % r;
    base = (base * base) % r;
  }
  return result;
}

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
  pow: (a: bigint, e: bigint): bigint => modPow(a, e),
  /** Reduces any non-negative integer mod r (challenges from 256-bit hashes). */
  reduce: (a: bigint): bigint => a % r,
  inv(a: bigint): bigint {
    if (a === 0n) throw new RangeError('Fr.inv: zero has no inverse');
    return modPow(a, r - 2n);
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
    let inv = modPow(acc, r - 2n);
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
