/**
 * Real Groth16 proofs (test/fixtures/groth16: an SP1 v6 wrapper proof and gnark's cubic circuit,
 * snarkjs JSON) checked with nothing but the BN254 front door, on both backends:
 * e(−A, B)·e(α, β)·e(X, γ)·e(C, δ) = 1 with X = IC[0] + Σ sᵢ·IC[i]. Valid as given; changing
 * any public signal or any proof coordinate, or swapping keys, makes them fail (or, for points
 * knocked off their curve, throw).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { forceNoble } from '../../../src/crypto/backend.ts';
import {
  BN254_P,
  type Fp12,
  type G1Point,
  type G2Point,
  G1_GENERATOR,
  g1Add,
  g1Msm,
  g1Neg,
  g2IsInSubgroup,
  millerLoop,
  pairingCheck,
} from '../../../src/crypto/bn254.ts';

interface Vk { vk_alpha_1: string[]; vk_beta_2: string[][]; vk_gamma_2: string[][]; vk_delta_2: string[][]; IC: string[][] }
interface Proof { pi_a: string[]; pi_b: string[][]; pi_c: string[] }

const load = (dir: string, name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/groth16/${dir}/${name}`, import.meta.url), 'utf8'));
const fixtures = {
  sp1: { vk: load('sp1-arithmetic', 'verification_key.json') as Vk, proof: load('sp1-arithmetic', 'proof.json') as Proof, signals: load('sp1-arithmetic', 'public.json') as string[] },
  gnark: { vk: load('gnark-cubic', 'verification_key_bn254.json') as Vk, proof: load('gnark-cubic', 'proof_bn254.json') as Proof, signals: load('gnark-cubic', 'public.json') as string[] },
};

const g1 = (p: string[]): G1Point => ({ x: BigInt(p[0]!), y: BigInt(p[1]!) });
const g2 = (p: string[][]): G2Point => ({
  x: { c0: BigInt(p[0]![0]!), c1: BigInt(p[0]![1]!) },
  y: { c0: BigInt(p[1]![0]!), c1: BigInt(p[1]![1]!) },
});

function verify(vk: Vk, proof: Proof, signals: string[], alphaBeta?: Fp12): boolean {
  const x = g1Msm(vk.IC.map(g1), [1n, ...signals.map(BigInt)]);
  const rest = [
    [x, g2(vk.vk_gamma_2)],
    [g1(proof.pi_c), g2(vk.vk_delta_2)],
  ] as const;
  const negA = g1Neg(g1(proof.pi_a));
  if (alphaBeta) return pairingCheck([[negA, g2(proof.pi_b)], ...rest], alphaBeta);
  return pairingCheck([[negA, g2(proof.pi_b)], [g1(vk.vk_alpha_1), g2(vk.vk_beta_2)], ...rest]);
}

afterEach(() => forceNoble(false));

describe.each([false, true])('real Groth16 proofs through the BN254 front door (noble forced: %s)', (noble) => {
  it.each(Object.entries(fixtures))('%s: valid, with and without e(α, β) precomputed', (_, { vk, proof, signals }) => {
    forceNoble(noble);
    expect(g2IsInSubgroup(g2(proof.pi_b))).toBe(true);
    for (const p of [vk.vk_beta_2, vk.vk_gamma_2, vk.vk_delta_2]) expect(g2IsInSubgroup(g2(p))).toBe(true);
    expect(verify(vk, proof, signals)).toBe(true);
    const alphaBeta = millerLoop([[g1(vk.vk_alpha_1), g2(vk.vk_beta_2)]]);
    expect(verify(vk, proof, signals, alphaBeta)).toBe(true);
    expect(verify(vk, proof, signals, alphaBeta)).toBe(true); // again, key points now prepared
  });

  it.each(Object.entries(fixtures))('%s: every changed public signal fails', (_, { vk, proof, signals }) => {
    forceNoble(noble);
    signals.forEach((s, i) => {
      const changed = signals.map((v, j) => (j === i ? String(BigInt(v) + 1n) : v));
      expect(verify(vk, proof, changed), `signal ${i} (${s})`).toBe(false);
    });
  });

  it.each(Object.entries(fixtures))('%s: every changed proof coordinate fails or is refused', (_, { vk, proof, signals }) => {
    forceNoble(noble);
    const variants: Proof[] = [];
    for (const key of ['pi_a', 'pi_c'] as const) {
      for (const i of [0, 1]) variants.push({ ...proof, [key]: proof[key].map((v, j) => (j === i ? String((BigInt(v) + 1n) % BN254_P) : v)) });
    }
    for (const i of [0, 1]) {
      for (const c of [0, 1]) {
        variants.push({ ...proof, pi_b: proof.pi_b.map((row, j) => (j === i ? row.map((v, k) => (k === c ? String((BigInt(v) + 1n) % BN254_P) : v)) : row)) });
      }
    }
    // Valid but different points: A + G1, C + G1.
    const shift = (p: string[]): string[] => {
      const q = g1Add(g1(p), G1_GENERATOR);
      return [String(q.x), String(q.y), '1'];
    };
    variants.push({ ...proof, pi_a: shift(proof.pi_a) }, { ...proof, pi_c: shift(proof.pi_c) });
    for (const v of variants) {
      let verdict: boolean | 'refused';
      try {
        verdict = verify(vk, v, signals);
      } catch (err) {
        expect(err).toBeInstanceOf(InputError); // a point knocked off its curve
        verdict = 'refused';
      }
      expect(verdict).not.toBe(true);
    }
  });

  it('swapped keys fail', () => {
    forceNoble(noble);
    const { sp1, gnark } = fixtures;
    expect(verify({ ...sp1.vk, vk_delta_2: gnark.vk.vk_delta_2 }, sp1.proof, sp1.signals)).toBe(false);
    expect(verify({ ...gnark.vk, vk_gamma_2: sp1.vk.vk_gamma_2 }, gnark.proof, gnark.signals)).toBe(false);
    expect(verify({ ...gnark.vk, vk_alpha_1: sp1.vk.vk_alpha_1 }, gnark.proof, gnark.signals)).toBe(false);
  });
});
