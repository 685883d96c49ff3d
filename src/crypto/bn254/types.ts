/**
 * Shared shapes of the BN254 front door (src/crypto/bn254.ts) and its two backends (the WASM
 * kernel in ./kernel.ts, @noble/curves in ./noble.ts). Values are plain bigints in the same
 * nesting as @noble/curves' bn254 fields, so results compare with noble's directly.
 * @module
 */
import { InputError } from '../../core/errors.ts';

/** The base-field modulus p (EIP-196). */
export const BN254_P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
/** The group order r, also the scalar field of Groth16/PLONK circuits (EIP-196). */
export const BN254_R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;

/** c0 + c1·u in Fp2 = Fp[u]/(u² + 1). */
export interface Fp2 {
  readonly c0: bigint;
  readonly c1: bigint;
}
/** c0 + c1·v + c2·v² in Fp6 = Fp2[v]/(v³ − (9 + u)). */
export interface Fp6 {
  readonly c0: Fp2;
  readonly c1: Fp2;
  readonly c2: Fp2;
}
/** c0 + c1·w in Fp12 = Fp6[w]/(w² − v): the target group GT of the pairing. */
export interface Fp12 {
  readonly c0: Fp6;
  readonly c1: Fp6;
}
/** Affine G1 point on y² = x³ + 3 over Fp; (0, 0) is the point at infinity (EIP-196). */
export interface G1Point {
  readonly x: bigint;
  readonly y: bigint;
}
/** Affine G2 point on the twist y² = x³ + 3/(9 + u) over Fp2; all-zero is infinity (EIP-197). */
export interface G2Point {
  readonly x: Fp2;
  readonly y: Fp2;
}

/** What the front door asks of an implementation. Inputs are type- and range-checked already. */
export interface Bn254Backend {
  readonly name: 'wasm' | 'noble';
  g1Add(a: G1Point, b: G1Point): G1Point;
  g1Double(a: G1Point): G1Point;
  g1Mul(p: G1Point, k: bigint): G1Point;
  g1Msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point;
  g1IsOnCurve(p: G1Point): boolean;
  g2Add(a: G2Point, b: G2Point): G2Point;
  g2Double(a: G2Point): G2Point;
  g2Mul(p: G2Point, k: bigint): G2Point;
  g2IsOnCurve(p: G2Point): boolean;
  g2IsInSubgroup(p: G2Point): boolean;
  millerLoop(pairs: readonly (readonly [G1Point, G2Point])[]): Fp12;
  finalExponentiate(f: Fp12): Fp12;
  pairingCheck(pairs: readonly (readonly [G1Point, G2Point])[], extra?: Fp12): boolean;
}

export const FP12_ONE: Fp12 = /* @__PURE__ */ fp12FromArray([1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);

/** The 12 base-field coefficients of f, in storage order (c0.c0.c0, c0.c0.c1, c0.c1.c0, …). */
export function fp12ToArray(f: Fp12): bigint[] {
  const out: bigint[] = [];
  for (const h of [f.c0, f.c1]) for (const e of [h.c0, h.c1, h.c2]) out.push(e.c0, e.c1);
  return out;
}

export function fp12FromArray(a: readonly bigint[]): Fp12 {
  const e = (i: number): Fp2 => ({ c0: a[i]!, c1: a[i + 1]! });
  return {
    c0: { c0: e(0), c1: e(2), c2: e(4) },
    c1: { c0: e(6), c1: e(8), c2: e(10) },
  };
}

export function isG1Zero(p: G1Point): boolean {
  return p.x === 0n && p.y === 0n;
}

export function isG2Zero(p: G2Point): boolean {
  return p.x.c0 === 0n && p.x.c1 === 0n && p.y.c0 === 0n && p.y.c1 === 0n;
}

/** The error both backends throw for a point that is not on its curve. */
export function notOnCurve(title: string, group: 'G1' | 'G2'): InputError {
  return new InputError(`"${title}" is not a point of BN254 ${group}: not on the curve`);
}

/** The error both backends throw for a G2 point outside the order-r subgroup. */
export function notInSubgroup(title: string): InputError {
  return new InputError(`"${title}" is not a point of BN254 G2: not in the order-r subgroup`);
}
