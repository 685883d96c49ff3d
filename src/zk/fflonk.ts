/**
 * FFLONK over BN254 as snarkjs 0.7 verifies it (src/fflonk_verify.js; Gabizon, Khovratovich,
 * "fflonk", eprint 2021/1167). The prover commits to three combined polynomials, C₀ (the key's
 * eight selector and permutation polynomials, degree 8 interleaved), C₁ (a, b, c, T₀) and C₂
 * (z, T₁, T₂), and opens them at the roots of
 *   h₀⁸ = ξ (set S₀, 8 points), h₁⁴ = ξ (S₁, 4 points), h₂³ = ξ and h₃³ = ξ·ω (S₂, 6 points)
 * with h₀ = s³, h₁ = s⁶, h₂ = s⁸, h₃ = h₂·w_r and ξ = s²⁴ for the transcript's seed s.
 *
 * The verifier (steps as snarkjs numbers them):
 * 4. challenges β, γ, s (ξ), α, y from the transcript;
 * 5–7. Z_H(ξ), L₁…L_m(ξ), PI(ξ);
 * 8–9. r₀(y), r₁(y), r₂(y): the interpolants of C₀, C₁, C₂ on S₀, S₁, S₂ at y, from the claimed
 *      evaluations (T₀, T₁, T₂ at ξ follow from the gate and permutation identities);
 * then F = C₀ + q₁·C₁ + q₂·C₂, E = (r₀ + q₁·r₁ + q₂·r₂)·G, J = Z_S₀(y)·W₁ with
 * q₁ = α·Z_S₀(y)/Z_S₁(y), q₂ = α²·Z_S₀(y)/Z_S₂(y), and the KZG check
 *   e(−(F − E − J + y·W₂), [1]₂) · e(W₂, [x]₂) = 1.
 *
 * DIFF FROM SNARKJS (stricter): evaluations below r (snarkjs reduces them mod r); no proof
 * point or C₀ at infinity; X_2 in the G2 subgroup; the key's roots are checked (snarkjs leaves
 * them unchecked): w is the domain's root of unity, w₈, w₄, w₃ are primitive 8th, 4th, 3rd roots
 * and w_r³ = w. The proof's `inv` field (a hint for Solidity verifiers) is not read.
 * @module
 */
import { VerificationError } from '../core/errors.ts';
import { field } from '../core/json.ts';
import { type G1, type G2, Fr, G1_GENERATOR, G2_GENERATOR, g1Msm, g1Neg, pairingCheck, rootOfUnity } from './curve.ts';
import { checkDomain, checkOmega, invertAll, lagrangeAt, powerOfTwoPower, prod, publicInputAt, sum } from './domain.ts';
import {
  checkPublicSignals,
  MAX_PUBLIC_SIGNALS,
  readCount,
  readCurve,
  readDecimal,
  readG1,
  readG2,
  readProtocol,
  readRoot,
  toFr,
  toG1,
  toG2,
} from './format.ts';
import { Transcript } from './transcript.ts';

const PROOF_POINTS = ['C1', 'C2', 'W1', 'W2'] as const;
/** In transcript order (snarkjs computeChallenges, the α round). */
const PROOF_EVALUATIONS = ['ql', 'qr', 'qm', 'qo', 'qc', 's1', 's2', 's3', 'a', 'b', 'c', 'z', 'zw', 't1w', 't2w'] as const;

type Evaluations = Readonly<Record<(typeof PROOF_EVALUATIONS)[number], bigint>>;

export interface FflonkVerificationKey {
  readonly nPublic: number;
  readonly power: number;
  readonly k1: bigint;
  readonly k2: bigint;
  /** Primitive 3rd, 4th and 8th roots of unity, and a cube root of the domain's ω. */
  readonly w3: bigint;
  readonly w4: bigint;
  readonly w8: bigint;
  readonly wr: bigint;
  readonly C0: G1;
  readonly X_2: G2;
}

export interface FflonkProof {
  readonly commitments: Readonly<Record<(typeof PROOF_POINTS)[number], G1>>;
  readonly evaluations: Evaluations;
}

function checkRoot(value: bigint, holds: boolean, title: string, what: string): bigint {
  if (!holds) throw new VerificationError('ZK_VKEY_INVALID', `"${title}" is not ${what}`, { got: `${value}` });
  return value;
}

/**
 * A snarkjs `verification_key.json` for FFLONK (points and roots checked once: keep the result).
 * @example const vk = parseFflonkVerificationKey(JSON.parse(readFileSync('verification_key.json', 'utf8')))
 */
export function parseFflonkVerificationKey(json: unknown): FflonkVerificationKey {
  const vk = readRoot(json, 'vkey');
  readProtocol(vk, 'vkey', 'fflonk');
  readCurve(vk, 'vkey', true);
  const nPublic = readCount(field(vk, 'nPublic', 'vkey'), 'vkey.nPublic', MAX_PUBLIC_SIGNALS);
  const power = readCount(field(vk, 'power', 'vkey'), 'vkey.power', 1024);
  const scalar = (name: string): bigint => readDecimal(field(vk, name, 'vkey'), `vkey.${name}`);
  const [k1, k2, w, w3, w4, w8, wr] = ['k1', 'k2', 'w', 'w3', 'w4', 'w8', 'wr'].map(scalar) as [
    bigint, bigint, bigint, bigint, bigint, bigint, bigint,
  ];
  const c0 = readG1(field(vk, 'C0', 'vkey'), 'vkey.C0');
  const x2 = readG2(field(vk, 'X_2', 'vkey'), 'vkey.X_2');

  checkDomain(nPublic, power);
  checkOmega(w, power, 'vkey.w');
  const { pow, neg } = Fr;
  const minusOne = neg(1n);
  toFr(w3, 'vkey.w3');
  toFr(w4, 'vkey.w4');
  toFr(w8, 'vkey.w8');
  toFr(wr, 'vkey.wr');
  return {
    nPublic,
    power,
    k1: toFr(k1, 'vkey.k1'),
    k2: toFr(k2, 'vkey.k2'),
    w3: checkRoot(w3, w3 !== 1n && pow(w3, 3n) === 1n, 'vkey.w3', 'a primitive cube root of unity'),
    w4: checkRoot(w4, pow(w4, 2n) === minusOne, 'vkey.w4', 'a primitive 4th root of unity'),
    w8: checkRoot(w8, pow(w8, 4n) === minusOne, 'vkey.w8', 'a primitive 8th root of unity'),
    wr: checkRoot(wr, pow(wr, 3n) === rootOfUnity(power), 'vkey.wr', 'a cube root of w'),
    C0: toG1(c0, 'vkey.C0'),
    X_2: toG2(x2, 'vkey.X_2'),
  };
}

/** A snarkjs `proof.json` for FFLONK ({polynomials: {C1, C2, W1, W2}, evaluations: {…}}). */
export function parseFflonkProof(json: unknown): FflonkProof {
  const proof = readRoot(json, 'proof');
  readProtocol(proof, 'proof', 'fflonk');
  readCurve(proof, 'proof', false);
  const polys = readRoot(field(proof, 'polynomials', 'proof'), 'proof.polynomials');
  const evals = readRoot(field(proof, 'evaluations', 'proof'), 'proof.evaluations');
  const points = PROOF_POINTS.map((n) => readG1(field(polys, n, 'proof.polynomials'), `proof.polynomials.${n}`));
  const values = PROOF_EVALUATIONS.map((n) => readDecimal(field(evals, n, 'proof.evaluations'), `proof.evaluations.${n}`));
  // snarkjs converts every entry of both maps, used or not (the `inv` hint too): one it could not
  // read makes the document no proof there, so here too (read for its form only, never used).
  for (const [n, v] of Object.entries(polys)) if (!(PROOF_POINTS as readonly string[]).includes(n)) readG1(v, `proof.polynomials.${n}`);
  for (const [n, v] of Object.entries(evals)) if (!(PROOF_EVALUATIONS as readonly string[]).includes(n)) readDecimal(v, `proof.evaluations.${n}`);

  const commitments = {} as Record<(typeof PROOF_POINTS)[number], G1>;
  PROOF_POINTS.forEach((n, i) => (commitments[n] = toG1(points[i]!, `proof.polynomials.${n}`)));
  const evaluations = {} as Record<(typeof PROOF_EVALUATIONS)[number], bigint>;
  PROOF_EVALUATIONS.forEach((n, i) => (evaluations[n] = toFr(values[i]!, `proof.evaluations.${n}`)));
  return { commitments, evaluations };
}

/** h·ωⁱ for i < count. */
function coset(h: bigint, omega: bigint, count: number): bigint[] {
  const out = [h];
  for (let i = 1; i < count; i++) out.push(Fr.mul(out[i - 1]!, omega));
  return out;
}

/** Σᵢ cᵢ·xⁱ (Horner). */
function evalPoly(coefficients: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let i = coefficients.length - 1; i >= 0; i--) acc = Fr.add(Fr.mul(acc, x), coefficients[i]!);
  return acc;
}

/**
 * Verifies an FFLONK proof for `publicSignals`. Returns nothing; throws VerificationError
 * (`ZK_PUBLIC_INPUT_COUNT`, `ZK_FIELD_OUT_OF_RANGE`, `ZK_PROOF_INVALID`) when it does not verify.
 * Pure: no I/O, no clock; safe to run in a worker.
 * @example verifyFflonk(vk, parseFflonkProof(proofJson), parsePublicSignals(publicJson))
 */
export function verifyFflonk(vk: FflonkVerificationKey, proof: FflonkProof, publicSignals: readonly bigint[]): void {
  const signals = checkPublicSignals(publicSignals, vk.nPublic);
  const { add, sub, mul, sqr, neg } = Fr;
  const ev = proof.evaluations;
  const { C1, C2, W1, W2 } = proof.commitments;

  // Step 4: challenges (snarkjs computeChallenges).
  const t = new Transcript().addPoint(vk.C0);
  for (const s of signals) t.addScalar(s);
  const beta = t.addPoint(C1).challenge();
  const gamma = t.reset().addScalar(beta).challenge();
  const seed = t.reset().addScalar(gamma).addPoint(C2).challenge();
  t.reset().addScalar(seed);
  for (const name of PROOF_EVALUATIONS) t.addScalar(ev[name]);
  const alpha = t.challenge();
  const y = t.reset().addScalar(alpha).addPoint(W1).challenge();

  const omega = rootOfUnity(vk.power);
  const h0 = mul(sqr(seed), seed);
  const h1 = sqr(h0);
  const h2 = mul(h1, sqr(seed));
  const h3 = mul(h2, vk.wr);
  const S0 = coset(h0, vk.w8, 8);
  const S1 = coset(h1, vk.w4, 4);
  const S2a = coset(h2, vk.w3, 3);
  const S2b = coset(h3, vk.w3, 3);
  const xi = mul(sqr(h2), h2);
  const xiw = mul(xi, omega);

  // Steps 5–7.
  const zh = sub(powerOfTwoPower(xi, vk.power), 1n);
  const lagrange = lagrangeAt(xi, zh, vk.power, vk.nPublic);
  const pi = publicInputAt(signals, lagrange);

  // Every remaining denominator, inverted at once:
  //  - Z_H(ξ);
  //  - the Lagrange basis of a coset {h·ωᵢ} of size m at y: Lᵢ(y) = (yᵐ − hᵐ) / (m·hᵐ⁻¹·ω⁻ⁱ·(y − h·ωⁱ)),
  //    written as snarkjs writes it, m·h^(m−2)·(h·ω^((m−1)i)) ·(y − h·ωⁱ);
  //  - the same for S₂ = S₂a ∪ S₂b (two cosets, of ξ and ξω);
  //  - Z_S₁(y) and Z_S₂(y).
  const vanish = (roots: readonly bigint[]): bigint => roots.reduce((acc, x) => mul(acc, sub(y, x)), 1n);
  const zS0 = vanish(S0);
  const zS1 = vanish(S1);
  const zS2 = mul(vanish(S2a), vanish(S2b));
  const cosetDenominators = (roots: readonly bigint[], scale: bigint): bigint[] => {
    const m = roots.length;
    return roots.map((root, i) => mul(mul(scale, roots[((m - 1) * i) % m]!), sub(y, root)));
  };
  const den0 = cosetDenominators(S0, mul(8n, pow6(h0)));
  const den1 = cosetDenominators(S1, mul(4n, sqr(h1)));
  const den2a = cosetDenominators(S2a, mul(mul(3n, h2), sub(xi, xiw)));
  const den2b = cosetDenominators(S2b, mul(mul(3n, h3), sub(xiw, xi)));
  const inv = invertAll([zh, zS1, zS2, ...den0, ...den1, ...den2a, ...den2b], 'y or ξ hits a root');
  const [invZh, invZS1, invZS2] = inv as [bigint, bigint, bigint];
  const invDen0 = inv.slice(3, 11);
  const invDen1 = inv.slice(11, 15);
  const invDen2 = inv.slice(15, 21);

  // Step 8: r₀(y) = Σ C₀(h₀ω₈ⁱ)·Lᵢ(y), C₀(x) = ql + qr·x + qo·x² + qm·x³ + qc·x⁴ + s1·x⁵ + s2·x⁶ + s3·x⁷.
  const num0 = sub(pow8(y), xi);
  const c0Coefficients = [ev.ql, ev.qr, ev.qo, ev.qm, ev.qc, ev.s1, ev.s2, ev.s3];
  let r0 = 0n;
  S0.forEach((x, i) => (r0 = add(r0, mul(evalPoly(c0Coefficients, x), mul(num0, invDen0[i]!)))));

  // Step 9: r₁(y), C₁(x) = a + b·x + c·x² + T₀(ξ)·x³.
  const t0 = mul(sum(mul(ev.ql, ev.a), mul(ev.qr, ev.b), prod(ev.qm, ev.a, ev.b), mul(ev.qo, ev.c), ev.qc, pi), invZh);
  const num1 = sub(sqr(sqr(y)), xi);
  const c1Coefficients = [ev.a, ev.b, ev.c, t0];
  let r1 = 0n;
  S1.forEach((x, i) => (r1 = add(r1, mul(evalPoly(c1Coefficients, x), mul(num1, invDen1[i]!)))));

  // r₂(y): C₂(x) = z + T₁(ξ)·x + T₂(ξ)·x² on S₂a and z_ω + T₁(ξω)·x + T₂(ξω)·x² on S₂b.
  const t1 = prod(sub(ev.z, 1n), lagrange[0]!, invZh);
  const betaXi = mul(beta, xi);
  const lhs = prod(
    sum(ev.a, betaXi, gamma),
    sum(ev.b, mul(betaXi, vk.k1), gamma),
    sum(ev.c, mul(betaXi, vk.k2), gamma),
    ev.z,
  );
  const rhs = prod(
    sum(ev.a, mul(beta, ev.s1), gamma),
    sum(ev.b, mul(beta, ev.s2), gamma),
    sum(ev.c, mul(beta, ev.s3), gamma),
    ev.zw,
  );
  const t2 = mul(sub(lhs, rhs), invZh);
  const y3 = mul(sqr(y), y);
  const num2 = add(sub(sqr(y3), mul(add(xi, xiw), y3)), mul(xi, xiw));
  let r2 = 0n;
  S2a.forEach((x, i) => (r2 = add(r2, mul(evalPoly([ev.z, t1, t2], x), mul(num2, invDen2[i]!)))));
  S2b.forEach((x, i) => (r2 = add(r2, mul(evalPoly([ev.zw, ev.t1w, ev.t2w], x), mul(num2, invDen2[i + 3]!)))));

  // F − E − J + y·W₂ as one multi-scalar multiplication, then the KZG check.
  const alpha2 = sqr(alpha);
  const q1 = prod(alpha, zS0, invZS1);
  const q2 = prod(alpha2, zS0, invZS2);
  const e = sum(r0, mul(q1, r1), mul(q2, r2));
  const a1 = g1Msm([vk.C0, C1, C2, G1_GENERATOR, W1, W2], [1n, q1, q2, neg(e), neg(zS0), y]);
  if (!pairingCheck([[g1Neg(a1), G2_GENERATOR], [W2, vk.X_2]])) {
    throw new VerificationError('ZK_PROOF_INVALID', 'the FFLONK opening (KZG pairing) check fails');
  }
}

function pow6(x: bigint): bigint {
  const x2 = Fr.sqr(x);
  return Fr.mul(Fr.sqr(x2), x2);
}

function pow8(x: bigint): bigint {
  return Fr.sqr(Fr.sqr(Fr.sqr(x)));
}
