/**
 * What PLONK and FFLONK share about the evaluation domain H = {1, ω, …, ω^(n−1)}, n = 2^power:
 * the vanishing polynomial Z_H(ξ) = ξⁿ − 1, the Lagrange basis at the challenge ξ, and the
 * public-input polynomial PI(ξ) = −Σᵢ wᵢ·Lᵢ(ξ) (snarkjs 0.7: calculateLagrangeEvaluations,
 * calculatePI in plonk_verify.js and fflonk_verify.js), and the checks of a key's domain.
 * @module
 */
import { VerificationError } from '../core/errors.ts';
import { Fr, rootOfUnity } from './curve.ts';
import { toFr } from './format.ts';

/** Σ xᵢ in Fr. */
export const sum = (...xs: bigint[]): bigint => xs.reduce(Fr.add, 0n);
/** Π xᵢ in Fr. */
export const prod = (...xs: bigint[]): bigint => xs.reduce(Fr.mul, 1n);

/** Largest domain: 2²⁸ is the largest power of two dividing r − 1. */
export const MAX_POWER = 28;

/** Shared by PLONK and FFLONK keys: power within 0..28 and nPublic within the domain. */
export function checkDomain(nPublic: number, power: number): void {
  if (power > MAX_POWER) {
    throw new VerificationError('ZK_VKEY_INVALID', 'vkey.power exceeds the two-adicity of Fr', {
      expected: `<= ${MAX_POWER}`,
      got: `${power}`,
    });
  }
  if (nPublic > 2 ** power) {
    throw new VerificationError('ZK_VKEY_INVALID', 'vkey.nPublic exceeds the domain size 2^power', {
      expected: `<= ${2 ** power}`,
      got: `${nPublic}`,
    });
  }
}

/** Checks an optional `vkey.w` against the domain's root of unity. */
export function checkOmega(w: bigint | undefined, power: number, title: string): void {
  if (w !== undefined && toFr(w, title) !== rootOfUnity(power)) {
    throw new VerificationError('ZK_VKEY_INVALID', `"${title}" is not the 2^power-th root of unity`, {
      expected: `${rootOfUnity(power)}`,
      got: `${w}`,
    });
  }
}

/**
 * Inverses of `values` in one batch; a zero among them means a challenge fell on a root it must
 * avoid (probability ~n/r for an honest transcript), which Vigil treats as "does not verify".
 */
export function invertAll(values: readonly bigint[], what: string): bigint[] {
  try {
    return Fr.batchInv(values);
  } catch {
    throw new VerificationError('ZK_PROOF_INVALID', `a challenge makes a denominator zero (${what})`);
  }
}

/** ξ^(2^power), by repeated squaring. */
export function powerOfTwoPower(xi: bigint, power: number): bigint {
  let x = xi;
  for (let i = 0; i < power; i++) x = Fr.sqr(x);
  return x;
}

/**
 * L₁(ξ) … L_m(ξ), m = max(1, count), where Lᵢ(ξ) = ω^(i−1)·Z_H(ξ) / (n·(ξ − ω^(i−1))).
 * Index 0 of the result is L₁.
 */
export function lagrangeAt(xi: bigint, zh: bigint, power: number, count: number): bigint[] {
  const m = Math.max(1, count);
  const omega = rootOfUnity(power);
  const n = BigInt(2 ** power) % Fr.ORDER;
  const numerators: bigint[] = [];
  const denominators: bigint[] = [];
  let w = 1n;
  for (let i = 0; i < m; i++) {
    numerators.push(Fr.mul(w, zh));
    denominators.push(Fr.mul(n, Fr.sub(xi, w)));
    w = Fr.mul(w, omega);
  }
  const inv = invertAll(denominators, 'ξ is in the evaluation domain');
  return numerators.map((num, i) => Fr.mul(num, inv[i]!));
}

/** PI(ξ) = −Σᵢ wᵢ·Lᵢ₊₁(ξ). */
export function publicInputAt(publicSignals: readonly bigint[], lagrange: readonly bigint[]): bigint {
  let pi = 0n;
  for (let i = 0; i < publicSignals.length; i++) pi = Fr.sub(pi, Fr.mul(publicSignals[i]!, lagrange[i]!));
  return pi;
}
