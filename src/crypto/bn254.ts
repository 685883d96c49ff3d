/**
 * BN254 (alt_bn128, EIP-196/197): G1 and G2 arithmetic, multi-scalar multiplication, the optimal
 * ate pairing and product-of-pairings checks, for the validity-proof verifiers in src/zk.
 *
 * Everything is synchronous, in plain bigints (affine points, (0, 0) = infinity as in EIP-196),
 * and backed by our WebAssembly kernel (wasm/bn254.ts via ./bn254/kernel.ts) once it is
 * instantiated, by @noble/curves otherwise; src/crypto/backend.ts chooses (the kernel is
 * instantiated at the first operation or `bn254Ready()`, never at import). Both backends give
 * identical results, including `pairing` values (the same final-exponent multiple as noble).
 *
 * A verification key's G2 points are validated (curve and subgroup) and prepared for the
 * Miller loop once, then kept in a small cache keyed by their coordinates: repeated checks
 * against the same key pay only for the proof's own points.
 *
 * Errors: arguments of the wrong type, coordinates not below p and scalars not below r throw
 * `InputError`; so do points that are not on their curve and G2 points outside the subgroup,
 * wherever a point is used as one. The predicates (`g1IsOnCurve`, `g2IsOnCurve`,
 * `g2IsInSubgroup`) return false for those instead, for callers that want a verdict.
 * @module
 */
import { describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { LazyKernel, WASM_KERNELS } from './backend.ts';
import { type Bn254Kernel, instantiateBn254, instantiateBn254Sync } from './bn254/kernel.ts';
import { NobleBn254 } from './bn254/noble.ts';
import {
  BN254_P,
  BN254_R,
  type Bn254Backend,
  type Fp12,
  type Fp2,
  type G1Point,
  type G2Point,
  FP12_ONE,
  fp12ToArray,
  isG1Zero,
  isG2Zero,
  notOnCurve,
} from './bn254/types.ts';

export type { Fp2, Fp6, Fp12, G1Point, G2Point } from './bn254/types.ts';
export { BN254_P, BN254_R } from './bn254/types.ts';
/** Field square roots (point decompression) and the twist's b': small, rare operations, on @noble/curves' fields whatever the backend. */
export { nobleFp2Sqrt as fp2Sqrt, nobleFpSqrt as fpSqrt, TWIST_B } from './bn254/noble.ts';

/** A pair for {@link pairingCheck} and {@link millerLoop}: e(pair[0], pair[1]). */
export type PairingPair = readonly [G1Point, G2Point];

/** The G1 generator (1, 2) (EIP-196). */
export const G1_GENERATOR: G1Point = { x: 1n, y: 2n };
/** The G2 generator of EIP-197. */
export const G2_GENERATOR: G2Point = {
  x: {
    c0: 10857046999023057135944570762232829481370756359578518086990519993285655852781n,
    c1: 11559732032986387107991004021392285783925812861821192530917403151452391805634n,
  },
  y: {
    c0: 8495653923123431417604973247489272438418190587263600148770280649306958101930n,
    c1: 4082367875863433681332203403145435568316851327593401208105741076214120093531n,
  },
};
/** The point at infinity of G1, (0, 0). */
export const G1_ZERO: G1Point = { x: 0n, y: 0n };
/** The point at infinity of G2, all zero. */
export const G2_ZERO: G2Point = { x: { c0: 0n, c1: 0n }, y: { c0: 0n, c1: 0n } };
/** The identity of GT. */
export const GT_ONE: Fp12 = FP12_ONE;

// ---------------------------------------------------------------------------------------------
// Backend selection

const noble = new NobleBn254();
const kernel = WASM_KERNELS ? /* @__PURE__ */ new LazyKernel<Bn254Kernel>(instantiateBn254Sync, instantiateBn254) : new LazyKernel<Bn254Kernel>();
/** The backend of an operation now (src/crypto/backend.ts decides). */
const active = (): Bn254Backend => kernel.get() ?? noble;

/**
 * Resolves once the backend is settled (WASM in place, or @noble final), starting the kernel's
 * instantiation if no operation has. Never rejects. Code need not wait (it is correct either
 * way); await it before timing anything.
 * @example await bn254Ready(); bn254Backend() // 'wasm'
 */
export function bn254Ready(): Promise<void> {
  return kernel.ready();
}

/** The implementation BN254 operations run on right now. */
export function bn254Backend(): 'wasm' | 'noble' {
  return active().name;
}

// ---------------------------------------------------------------------------------------------
// Argument guards: each returns what it checked.

function aFp(value: unknown, title: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= BN254_P) {
    const got = typeof value === 'bigint' ? (value < 0n ? 'a negative value' : 'a value ≥ p') : describe(value);
    throw new InputError(`"${title}" expected a bigint in [0, p), got ${got}`);
  }
  return value;
}

function aObject(value: unknown, title: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new InputError(`"${title}" expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function aFp2(value: unknown, title: string): Fp2 {
  const o = aObject(value, title);
  aFp(o.c0, `${title}.c0`);
  aFp(o.c1, `${title}.c1`);
  return value as Fp2;
}

function aG1(value: unknown, title: string): G1Point {
  const o = aObject(value, title);
  aFp(o.x, `${title}.x`);
  aFp(o.y, `${title}.y`);
  return value as G1Point;
}

function aG2(value: unknown, title: string): G2Point {
  const o = aObject(value, title);
  aFp2(o.x, `${title}.x`);
  aFp2(o.y, `${title}.y`);
  return value as G2Point;
}

function aScalar(value: unknown, title: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= BN254_R) {
    const got = typeof value === 'bigint' ? (value < 0n ? 'a negative value' : 'a value ≥ r') : describe(value);
    throw new InputError(`"${title}" expected a bigint scalar in [0, r), got ${got}`);
  }
  return value;
}

function aArray(value: unknown, title: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new InputError(`"${title}" expected an array, got ${describe(value)}`);
  return value;
}

function aFp12(value: unknown, title: string): Fp12 {
  const o = aObject(value, title);
  for (const h of ['c0', 'c1'] as const) {
    const six = aObject(o[h], `${title}.${h}`);
    for (const c of ['c0', 'c1', 'c2'] as const) aFp2(six[c], `${title}.${h}.${c}`);
  }
  return value as Fp12;
}

function aPairs(value: unknown, title: string): readonly PairingPair[] {
  aArray(value, title).forEach((pair, i) => {
    const t = `${title}[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) throw new InputError(`"${t}" expected a [G1Point, G2Point] pair, got ${describe(pair)}`);
    aG1(pair[0], `${t}[0]`);
    aG2(pair[1], `${t}[1]`);
  });
  return value as readonly PairingPair[];
}

// ---------------------------------------------------------------------------------------------
// G1

/**
 * a + b in G1.
 * @example g1Add(G1_GENERATOR, G1_GENERATOR) // equals g1Double(G1_GENERATOR)
 */
export function g1Add(a: G1Point, b: G1Point): G1Point {
  return active().g1Add(aG1(a, 'a'), aG1(b, 'b'));
}

/** 2a in G1. */
export function g1Double(a: G1Point): G1Point {
  return active().g1Double(aG1(a, 'a'));
}

/** −a in G1: (x, p − y); infinity stays infinity. */
export function g1Neg(a: G1Point): G1Point {
  aG1(a, 'a');
  if (!active().g1IsOnCurve(a)) throw notOnCurve('a', 'G1');
  return isG1Zero(a) ? G1_ZERO : { x: a.x, y: a.y === 0n ? 0n : BN254_P - a.y };
}

/**
 * [k]p for 0 ≤ k < r.
 * @example g1Mul(G1_GENERATOR, 2n) // equals g1Double(G1_GENERATOR)
 */
export function g1Mul(p: G1Point, k: bigint): G1Point {
  return active().g1Mul(aG1(p, 'p'), aScalar(k, 'k'));
}

/**
 * Σ [scalars[i]]points[i] (multi-scalar multiplication), e.g. Groth16's public-input
 * combination IC[0] + Σ s_i·IC[i+1]. Empty input gives infinity.
 * @example g1Msm([G1_GENERATOR, G1_GENERATOR], [2n, 3n]) // equals g1Mul(G1_GENERATOR, 5n)
 */
export function g1Msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  aArray(points, 'points').forEach((p, i) => aG1(p, `points[${i}]`));
  aArray(scalars, 'scalars').forEach((k, i) => aScalar(k, `scalars[${i}]`));
  if (points.length !== scalars.length) {
    throw new InputError(`"scalars" expected as many scalars as points (${points.length}), got ${scalars.length}`);
  }
  return active().g1Msm(points, scalars);
}

/** Whether p is on y² = x³ + 3 (infinity included); false for coordinates not below p. */
export function g1IsOnCurve(p: G1Point): boolean {
  const o = aObject(p, 'p');
  if (!inField(o.x, 'p.x') || !inField(o.y, 'p.y')) return false;
  return active().g1IsOnCurve(p);
}

/** Whether a coordinate is below p; throws unless it is a bigint at all. */
function inField(x: unknown, title: string): boolean {
  if (typeof x !== 'bigint') throw new InputError(`"${title}" expected a bigint, got ${describe(x)}`);
  return x >= 0n && x < BN254_P;
}

// ---------------------------------------------------------------------------------------------
// G2

/** a + b in G2. */
export function g2Add(a: G2Point, b: G2Point): G2Point {
  return active().g2Add(aG2(a, 'a'), aG2(b, 'b'));
}

/** 2a in G2. */
export function g2Double(a: G2Point): G2Point {
  return active().g2Double(aG2(a, 'a'));
}

/** −a in G2; infinity stays infinity. */
export function g2Neg(a: G2Point): G2Point {
  aG2(a, 'a');
  if (!active().g2IsOnCurve(a)) throw notOnCurve('a', 'G2');
  const neg = (v: bigint): bigint => (v === 0n ? 0n : BN254_P - v);
  return isG2Zero(a) ? G2_ZERO : { x: a.x, y: { c0: neg(a.y.c0), c1: neg(a.y.c1) } };
}

/** [k]p for 0 ≤ k < r (p on the twist; it need not be in the subgroup). */
export function g2Mul(p: G2Point, k: bigint): G2Point {
  return active().g2Mul(aG2(p, 'p'), aScalar(k, 'k'));
}

/** Whether p is on the twist y² = x³ + 3/(9 + u) (infinity included). */
export function g2IsOnCurve(p: G2Point): boolean {
  const o = aObject(p, 'p');
  const x = aObject(o.x, 'p.x');
  const y = aObject(o.y, 'p.y');
  const coords = [inField(x.c0, 'p.x.c0'), inField(x.c1, 'p.x.c1'), inField(y.c0, 'p.y.c0'), inField(y.c1, 'p.y.c1')];
  if (coords.includes(false)) return false;
  return active().g2IsOnCurve(p);
}

/**
 * Whether p is in G2, the order-r subgroup of the twist (infinity included): on the curve and
 * [x+1]p + ψ([x]p) + ψ²([x]p) = ψ³([2x]p) (WASM; ePrint 2022/348 §5.1) or noble's test.
 * Points that fail it must not reach a pairing; {@link pairingCheck} checks it itself.
 */
export function g2IsInSubgroup(p: G2Point): boolean {
  return g2IsOnCurve(p) && active().g2IsInSubgroup(p);
}

// ---------------------------------------------------------------------------------------------
// Pairings

/**
 * e(p, q), the reduced optimal ate pairing, as an Fp12 element equal to @noble/curves'
 * `bn254.pairing(p, q)`. Infinity on either side gives {@link GT_ONE}.
 * @example pairing(g1Mul(G1_GENERATOR, 2n), G2_GENERATOR) // equals pairing(G1_GENERATOR, g2Mul(G2_GENERATOR, 2n))
 */
export function pairing(p: G1Point, q: G2Point): Fp12 {
  const pair = [aG1(p, 'p'), aG2(q, 'q')] as const;
  const be = active();
  return be.finalExponentiate(be.millerLoop([pair]));
}

/**
 * The product of the Miller loops of `pairs`, before the final exponentiation: a value to
 * precompute for a pair that never changes (Groth16's e(α, β)) and pass to
 * {@link pairingCheck} as `extra`. Only its final exponentiation is canonical; values from
 * either backend work with both.
 */
export function millerLoop(pairs: readonly PairingPair[]): Fp12 {
  return active().millerLoop(aPairs(pairs, 'pairs'));
}

/** The final exponentiation of a Miller-loop value: an element of GT. */
export function finalExponentiate(f: Fp12): Fp12 {
  return active().finalExponentiate(aFp12(f, 'f'));
}

/**
 * Whether Π e(pairs[i][0], pairs[i][1]) · FE(extra) = 1, with one shared Miller loop and one
 * final exponentiation (`extra` from {@link millerLoop}). Pairs with a point at infinity
 * contribute 1. This is Groth16's check, e.g. with e(α, β) precomputed:
 * `pairingCheck([[negA, B], [vkX, gamma], [C, delta]], alphaBetaMiller)`.
 * Throws `InputError` for points off their curve or G2 points outside the subgroup.
 * @example pairingCheck([[G1_GENERATOR, G2_GENERATOR], [g1Neg(G1_GENERATOR), G2_GENERATOR]]) // true
 */
export function pairingCheck(pairs: readonly PairingPair[], extra?: Fp12): boolean {
  aPairs(pairs, 'pairs');
  if (extra !== undefined) aFp12(extra, 'extra');
  return active().pairingCheck(pairs, extra);
}

/** Whether two Fp12 values are equal (e.g. pairing results). */
export function fp12Equal(a: Fp12, b: Fp12): boolean {
  const x = fp12ToArray(aFp12(a, 'a'));
  const y = fp12ToArray(aFp12(b, 'b'));
  return x.every((v, i) => v === y[i]);
}
