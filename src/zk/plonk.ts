/**
 * PLONK over BN254 as snarkjs 0.7 verifies it (src/plonk_verify.js; Gabizon, Williamson,
 * Ciobotaru, "PLONK", eprint 2019/953, §8.3 with snarkjs's Keccak transcript, ./transcript.ts):
 *
 * 1. challenges β, γ, α, ξ, v, u from the transcript (rounds as in `challenges` below);
 * 2. Z_H(ξ), L₁…L_m(ξ), PI(ξ) (./domain.ts);
 * 3. r₀ = PI − α²·L₁ − α·(a + β·s₁ + γ)(b + β·s₂ + γ)(c + γ)·z_ω;
 * 4. the batched commitment F = D + v·A + v²·B + v³·C + v⁴·S₁ + v⁵·S₂ with the linearization
 *    D = ab·Qm + a·Ql + b·Qr + c·Qo + Qc + (α·(a+βξ+γ)(b+βk₁ξ+γ)(c+βk₂ξ+γ) + α²L₁ + u)·Z
 *        − α·β·z_ω·(a+βs₁+γ)(b+βs₂+γ)·S₃ − Z_H(ξ)·(T₁ + ξⁿ·T₂ + ξ²ⁿ·T₃);
 * 5. the batched evaluation E = (−r₀ + v·a + v²·b + v³·c + v⁴·s₁ + v⁵·s₂ + u·z_ω)·G;
 * 6. the KZG check e(−(W_ξ + u·W_ξω), [x]₂) · e(ξ·W_ξ + u·ξ·ω·W_ξω + F − E, [1]₂) = 1.
 * Steps 4–6 are one G1 multi-scalar multiplication and one two-pair pairing check.
 *
 * DIFF FROM SNARKJS (stricter): evaluations must be below r (snarkjs reduces them mod r: its
 * range check looks at the already-reduced value); proof points may not be at infinity; X_2 must
 * be in the G2 subgroup; `w`, when the key has it, must be the domain's root of unity.
 * @module
 */
import { VerificationError } from '../core/errors.ts';
import { field } from '../core/json.ts';
import { type G1, type G2, Fr, G1_GENERATOR, G2_GENERATOR, g1Add, g1Msm, g1Mul, g1Neg, pairingCheck, rootOfUnity } from './curve.ts';
import { checkDomain, checkOmega, lagrangeAt, powerOfTwoPower, prod, publicInputAt, sum } from './domain.ts';
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
  type RawG1,
  toFr,
  toG1,
  toG2,
} from './format.ts';
import { Transcript } from './transcript.ts';

const KEY_POINTS = ['Qm', 'Ql', 'Qr', 'Qo', 'Qc', 'S1', 'S2', 'S3'] as const;
/** Selector commitments may be the point at infinity: a circuit without constants has Qc = 0. */
const SELECTORS: ReadonlySet<string> = new Set(['Qm', 'Ql', 'Qr', 'Qo', 'Qc']);
const PROOF_POINTS = ['A', 'B', 'C', 'Z', 'T1', 'T2', 'T3', 'Wxi', 'Wxiw'] as const;
const PROOF_EVALUATIONS = ['eval_a', 'eval_b', 'eval_c', 'eval_s1', 'eval_s2', 'eval_zw'] as const;

export interface PlonkVerificationKey {
  readonly nPublic: number;
  /** The domain has 2^power points. */
  readonly power: number;
  readonly k1: bigint;
  readonly k2: bigint;
  readonly commitments: Readonly<Record<(typeof KEY_POINTS)[number], G1>>;
  /** [x]₂ of the setup. */
  readonly X_2: G2;
}

export interface PlonkProof {
  readonly commitments: Readonly<Record<(typeof PROOF_POINTS)[number], G1>>;
  readonly evaluations: Readonly<Record<(typeof PROOF_EVALUATIONS)[number], bigint>>;
}

/**
 * A snarkjs `verification_key.json` for PLONK (points checked once: keep the result to verify many proofs).
 * @example const vk = parsePlonkVerificationKey(JSON.parse(readFileSync('verification_key.json', 'utf8')))
 */
export function parsePlonkVerificationKey(json: unknown): PlonkVerificationKey {
  const vk = readRoot(json, 'vkey');
  readProtocol(vk, 'vkey', 'plonk');
  readCurve(vk, 'vkey', true);
  const nPublic = readCount(field(vk, 'nPublic', 'vkey'), 'vkey.nPublic', MAX_PUBLIC_SIGNALS);
  const power = readCount(field(vk, 'power', 'vkey'), 'vkey.power', 1024);
  const k1 = readDecimal(field(vk, 'k1', 'vkey'), 'vkey.k1');
  const k2 = readDecimal(field(vk, 'k2', 'vkey'), 'vkey.k2');
  const raw = {} as Record<string, RawG1>;
  for (const name of KEY_POINTS) raw[name] = readG1(field(vk, name, 'vkey'), `vkey.${name}`);
  const x2 = readG2(field(vk, 'X_2', 'vkey'), 'vkey.X_2');
  const w = vk.w === undefined || vk.w === null ? undefined : readDecimal(vk.w, 'vkey.w');

  checkDomain(nPublic, power);
  checkOmega(w, power, 'vkey.w');
  const commitments = {} as Record<(typeof KEY_POINTS)[number], G1>;
  for (const name of KEY_POINTS) commitments[name] = toG1(raw[name]!, `vkey.${name}`, SELECTORS.has(name));
  return {
    nPublic,
    power,
    k1: toFr(k1, 'vkey.k1'),
    k2: toFr(k2, 'vkey.k2'),
    commitments,
    X_2: toG2(x2, 'vkey.X_2'),
  };
}

/** A snarkjs `proof.json` for PLONK. */
export function parsePlonkProof(json: unknown): PlonkProof {
  const proof = readRoot(json, 'proof');
  readProtocol(proof, 'proof', 'plonk');
  readCurve(proof, 'proof', false);
  const points = PROOF_POINTS.map((name) => readG1(field(proof, name, 'proof'), `proof.${name}`));
  const evals = PROOF_EVALUATIONS.map((name) => readDecimal(field(proof, name, 'proof'), `proof.${name}`));

  const commitments = {} as Record<(typeof PROOF_POINTS)[number], G1>;
  PROOF_POINTS.forEach((name, i) => (commitments[name] = toG1(points[i]!, `proof.${name}`)));
  const evaluations = {} as Record<(typeof PROOF_EVALUATIONS)[number], bigint>;
  PROOF_EVALUATIONS.forEach((name, i) => (evaluations[name] = toFr(evals[i]!, `proof.${name}`)));
  return { commitments, evaluations };
}

interface Challenges {
  beta: bigint;
  gamma: bigint;
  alpha: bigint;
  xi: bigint;
  v: bigint;
  u: bigint;
}

/** The transcript rounds of snarkjs's plonk_verify.js calculatechallenges. */
function challenges(vk: PlonkVerificationKey, proof: PlonkProof, publicSignals: readonly bigint[]): Challenges {
  const { A, B, C, Z, T1, T2, T3, Wxi, Wxiw } = proof.commitments;
  const e = proof.evaluations;
  const t = new Transcript();
  for (const name of KEY_POINTS) t.addPoint(vk.commitments[name]);
  for (const s of publicSignals) t.addScalar(s);
  const beta = t.addPoint(A).addPoint(B).addPoint(C).challenge();
  const gamma = t.reset().addScalar(beta).challenge();
  const alpha = t.reset().addScalar(beta).addScalar(gamma).addPoint(Z).challenge();
  const xi = t.reset().addScalar(alpha).addPoint(T1).addPoint(T2).addPoint(T3).challenge();
  t.reset().addScalar(xi);
  for (const s of [e.eval_a, e.eval_b, e.eval_c, e.eval_s1, e.eval_s2, e.eval_zw]) t.addScalar(s);
  const v = t.challenge();
  const u = t.reset().addPoint(Wxi).addPoint(Wxiw).challenge();
  return { beta, gamma, alpha, xi, v, u };
}

/**
 * Verifies a PLONK proof for `publicSignals`. Returns nothing; throws VerificationError
 * (`ZK_PUBLIC_INPUT_COUNT`, `ZK_FIELD_OUT_OF_RANGE`, `ZK_PROOF_INVALID`) when it does not verify.
 * Pure: no I/O, no clock; safe to run in a worker.
 * @example verifyPlonk(vk, parsePlonkProof(proofJson), parsePublicSignals(publicJson))
 */
export function verifyPlonk(vk: PlonkVerificationKey, proof: PlonkProof, publicSignals: readonly bigint[]): void {
  const signals = checkPublicSignals(publicSignals, vk.nPublic);
  const { beta, gamma, alpha, xi, v, u } = challenges(vk, proof, signals);
  const { add, sub, mul, sqr } = Fr;
  const { eval_a: a, eval_b: b, eval_c: c, eval_s1: s1, eval_s2: s2, eval_zw: zw } = proof.evaluations;
  const q = vk.commitments;
  const p = proof.commitments;

  const xin = powerOfTwoPower(xi, vk.power);
  const zh = sub(xin, 1n);
  const lagrange = lagrangeAt(xi, zh, vk.power, vk.nPublic);
  const l1 = lagrange[0]!;
  const pi = publicInputAt(signals, lagrange);
  const alpha2 = sqr(alpha);

  // Permutation factors: (a + β·s₁ + γ)(b + β·s₂ + γ) is shared by r₀ and the S₃ term of D.
  const perm12 = prod(sum(a, mul(beta, s1), gamma), sum(b, mul(beta, s2), gamma));
  const betaXi = mul(beta, xi);
  const permId = prod(sum(a, betaXi, gamma), sum(b, mul(betaXi, vk.k1), gamma), sum(c, mul(betaXi, vk.k2), gamma));

  const r0 = sub(sub(pi, mul(l1, alpha2)), prod(perm12, add(c, gamma), zw, alpha));
  const zCoeff = sum(mul(permId, alpha), mul(l1, alpha2), u);
  const s3Coeff = prod(perm12, alpha, beta, zw);
  const v2 = sqr(v);
  const v3 = mul(v2, v);
  const v4 = sqr(v2);
  const v5 = mul(v4, v);
  const e = sum(Fr.neg(r0), mul(v, a), mul(v2, b), mul(v3, c), mul(v4, s1), mul(v5, s2), mul(u, zw));
  const omega = rootOfUnity(vk.power);

  // B₁ = ξ·W_ξ + u·ξ·ω·W_ξω + F − E, as one multi-scalar multiplication (term by term).
  const terms: [G1, bigint][] = [
    [p.Wxi, xi],
    [p.Wxiw, prod(u, xi, omega)],
    [q.Qm, mul(a, b)],
    [q.Ql, a],
    [q.Qr, b],
    [q.Qo, c],
    [q.Qc, 1n],
    [p.Z, zCoeff],
    [q.S3, Fr.neg(s3Coeff)],
    [p.T1, Fr.neg(zh)],
    [p.T2, Fr.neg(mul(zh, xin))],
    [p.T3, Fr.neg(prod(zh, xin, xin))],
    [p.A, v],
    [p.B, v2],
    [p.C, v3],
    [q.S1, v4],
    [q.S2, v5],
    [G1_GENERATOR, Fr.neg(e)],
  ];
  const points = terms.map(([point]) => point);
  const scalars = terms.map(([, k]) => k);
  const b1 = g1Msm(points, scalars);
  const a1 = g1Add(p.Wxi, g1Mul(p.Wxiw, u));
  if (!pairingCheck([[g1Neg(a1), vk.X_2], [b1, G2_GENERATOR]])) {
    throw new VerificationError('ZK_PROOF_INVALID', 'the PLONK opening (KZG pairing) check fails');
  }
}
