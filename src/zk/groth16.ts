/**
 * Groth16 over BN254 as snarkjs 0.7 verifies it (src/groth16_verify.js; Groth, "On the Size of
 * Pairing-based Non-interactive Arguments", eprint 2016/260): with the public-input point
 *   vk_x = IC₀ + Σᵢ sᵢ·ICᵢ₊₁,
 * a proof (A, B, C) verifies when
 *   e(−A, B) · e(vk_x, γ) · e(C, δ) · e(α, β) = 1,
 * one multi-pairing with a single final exponentiation.
 *
 * DIFF FROM SNARKJS (stricter; src/zk/README.md lists them):
 * - the number of public signals must equal nPublic (snarkjs uses as many ICs as there are
 *   signals, so dropping trailing zero signals still verifies there);
 * - B, β, γ, δ must be in the order-r subgroup of G2 (snarkjs only checks B is on the curve);
 * - no point of the proof or the key may be the point at infinity (snarkjs accepts them);
 * - the key's points are checked too, and IC must hold nPublic + 1 points.
 * @module
 */
import { VerificationError } from '../core/errors.ts';
import { aarray, field } from '../core/json.ts';
import { type G1, type G2, g1Add, g1Msm, g1Neg, type MillerValue, millerValue, pairingCheck } from './curve.ts';
import {
  checkPublicSignals,
  MAX_PUBLIC_SIGNALS,
  readCount,
  readCurve,
  readG1,
  readG2,
  readProtocol,
  readRoot,
  toG1,
  toG2,
} from './format.ts';

export interface Groth16VerificationKey {
  readonly nPublic: number;
  readonly alpha: G1;
  readonly beta: G2;
  readonly gamma: G2;
  readonly delta: G2;
  /** IC₀ … IC_nPublic. */
  readonly ic: readonly G1[];
  /** e(α, β)'s Miller loop, computed once when the key is parsed. */
  readonly alphaBeta: MillerValue;
}

export interface Groth16Proof {
  readonly a: G1;
  readonly b: G2;
  readonly c: G1;
}

/**
 * A snarkjs `verification_key.json` for Groth16. `vk_alphabeta_12` is not read: it is
 * e(α, β), which the verifier recomputes rather than trusts.
 * @example parseGroth16VerificationKey(JSON.parse(readFileSync('verification_key.json', 'utf8')))
 */
export function parseGroth16VerificationKey(json: unknown): Groth16VerificationKey {
  const vk = readRoot(json, 'vkey');
  readProtocol(vk, 'vkey', 'groth16');
  readCurve(vk, 'vkey', true);
  const nPublic = readCount(field(vk, 'nPublic', 'vkey'), 'vkey.nPublic', MAX_PUBLIC_SIGNALS);
  const alpha = readG1(field(vk, 'vk_alpha_1', 'vkey'), 'vkey.vk_alpha_1');
  const beta = readG2(field(vk, 'vk_beta_2', 'vkey'), 'vkey.vk_beta_2');
  const gamma = readG2(field(vk, 'vk_gamma_2', 'vkey'), 'vkey.vk_gamma_2');
  const delta = readG2(field(vk, 'vk_delta_2', 'vkey'), 'vkey.vk_delta_2');
  const ic = aarray(field(vk, 'IC', 'vkey'), 'vkey.IC', MAX_PUBLIC_SIGNALS + 1).map((p, i) =>
    readG1(p, `vkey.IC[${i}]`),
  );

  if (ic.length !== nPublic + 1) {
    throw new VerificationError('ZK_VKEY_INVALID', 'vkey.IC does not hold nPublic + 1 points', {
      expected: `${nPublic + 1}`,
      got: `${ic.length}`,
    });
  }
  const alphaPoint = toG1(alpha, 'vkey.vk_alpha_1');
  const betaPoint = toG2(beta, 'vkey.vk_beta_2');
  return {
    nPublic,
    alpha: alphaPoint,
    beta: betaPoint,
    gamma: toG2(gamma, 'vkey.vk_gamma_2'),
    delta: toG2(delta, 'vkey.vk_delta_2'),
    ic: ic.map((p, i) => toG1(p, `vkey.IC[${i}]`)),
    alphaBeta: millerValue([[alphaPoint, betaPoint]]),
  };
}

/** A snarkjs `proof.json` for Groth16 (pi_a, pi_b, pi_c; other fields are ignored). */
export function parseGroth16Proof(json: unknown): Groth16Proof {
  const proof = readRoot(json, 'proof');
  readProtocol(proof, 'proof', 'groth16');
  readCurve(proof, 'proof', false);
  const a = readG1(field(proof, 'pi_a', 'proof'), 'proof.pi_a');
  const b = readG2(field(proof, 'pi_b', 'proof'), 'proof.pi_b');
  const c = readG1(field(proof, 'pi_c', 'proof'), 'proof.pi_c');
  return { a: toG1(a, 'proof.pi_a'), b: toG2(b, 'proof.pi_b'), c: toG1(c, 'proof.pi_c') };
}

/**
 * Verifies a Groth16 proof for `publicSignals`. Returns nothing; throws VerificationError
 * (`ZK_PUBLIC_INPUT_COUNT`, `ZK_FIELD_OUT_OF_RANGE`, `ZK_PROOF_INVALID`) when it does not verify.
 * Pure: no I/O, no clock; safe to run in a worker.
 * @example verifyGroth16(parseGroth16VerificationKey(vk), parseGroth16Proof(proof), [35n])
 */
export function verifyGroth16(vk: Groth16VerificationKey, proof: Groth16Proof, publicSignals: readonly bigint[]): void {
  const scalars = checkPublicSignals(publicSignals, vk.nPublic);
  const vkX = g1Add(vk.ic[0]!, g1Msm(vk.ic.slice(1), scalars));
  const ok = pairingCheck(
    [
      [g1Neg(proof.a), proof.b],
      [vkX, vk.gamma],
      [proof.c, vk.delta],
    ],
    vk.alphaBeta,
  );
  if (!ok) throw new VerificationError('ZK_PROOF_INVALID', 'the Groth16 pairing check fails');
}
