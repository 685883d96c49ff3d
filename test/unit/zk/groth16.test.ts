/**
 * Groth16 on real proofs (test/fixtures/groth16): an SP1 v6 Groth16 wrapper proof (five public
 * signals) and gnark's cubic circuit exported to snarkjs JSON. They verify; changing any public
 * signal, any proof coordinate, or swapping the keys makes them fail, with the same verdict as
 * snarkjs 0.7 except where Vigil is stricter on purpose.
 */
import { describe, expect, it } from 'vitest';
import { bn254 } from '@noble/curves/bn254.js';
import { InputError } from '../../../src/core/errors.ts';
import {
  parseGroth16Proof,
  parseGroth16VerificationKey,
  parsePublicSignals,
  verifyGroth16,
  verifyZkProof,
} from '../../../src/zk/index.ts';
import { snarkjsVerdict } from './circom.ts';
import { G1_INFINITY, G2_INFINITY, getAt, groth16Fixture, nonSubgroupG2, P, plus, R, setAt, replaced, stringLeaves } from './helpers.ts';

const fixtures = { sp1: groth16Fixture('sp1-arithmetic'), gnark: groth16Fixture('gnark-cubic') };
const reason = (vkey: unknown, proof: unknown, pub: unknown) => {
  const v = verifyZkProof('groth16', vkey, proof, pub);
  return v.valid ? 'valid' : v.reason;
};
const POINTS = ['pi_a', 'pi_b', 'pi_c'];

describe.each(Object.entries(fixtures))('Groth16 %s fixture', (name, { vkey, proof, publicSignals }) => {
  it('verifies, as with snarkjs', async () => {
    expect(reason(vkey, proof, publicSignals)).toBe('valid');
    expect(await snarkjsVerdict('groth16', vkey, publicSignals, proof)).toBe(true);
  });

  it('verifies through the typed API, and the parsed key can be reused', () => {
    const vk = parseGroth16VerificationKey(vkey);
    const p = parseGroth16Proof(proof);
    const signals = parsePublicSignals(publicSignals);
    expect(vk.nPublic).toBe(publicSignals.length);
    expect(() => verifyGroth16(vk, p, signals)).not.toThrow();
    expect(() => verifyGroth16(vk, p, signals)).not.toThrow();
  });

  it('fails when any public signal changes', async () => {
    for (let i = 0; i < publicSignals.length; i++) {
      for (const changed of [plus(publicSignals[i]!, 1n), ((BigInt(publicSignals[i]!) + R - 1n) % R).toString()]) {
        const pub = replaced(publicSignals, i, changed);
        expect(reason(vkey, proof, pub), `${name} signal ${i}`).toBe('ZK_PROOF_INVALID');
        expect(await snarkjsVerdict('groth16', vkey, pub, proof)).toBe(false);
      }
    }
  });

  it('fails when any proof coordinate changes (+1), as with snarkjs', async () => {
    const leaves = stringLeaves(proof).filter((path) => POINTS.includes(path[0] as string));
    expect(leaves.length).toBe(3 + 6 + 3);
    for (const path of leaves) {
      const bad = setAt(proof, path, plus(getAt(proof, path), 1n));
      const got = reason(vkey, bad, publicSignals);
      expect(got, path.join('.')).not.toBe('valid');
      // x or y off by one: off the curve; z = 2 (or [1, 1], [2, 0]): not affine.
      expect(['ZK_POINT_NOT_ON_CURVE', 'ZK_POINT_NOT_AFFINE']).toContain(got);
      expect(await snarkjsVerdict('groth16', vkey, publicSignals, bad), path.join('.')).toBe(false);
    }
  });

  it('fails when a proof point is replaced by another valid point (its negation, its double)', () => {
    const negA = setAt(proof, ['pi_a', 1], (P - BigInt(proof.pi_a[1])).toString());
    expect(reason(vkey, negA, publicSignals)).toBe('ZK_PROOF_INVALID');
    const c = bn254.G1.Point.fromAffine({ x: BigInt(proof.pi_c[0]), y: BigInt(proof.pi_c[1]) }).double().toAffine();
    const doubledC = setAt(proof, ['pi_c'], [c.x.toString(), c.y.toString(), '1']);
    expect(reason(vkey, doubledC, publicSignals)).toBe('ZK_PROOF_INVALID');
  });

  it('fails when a key point changes', () => {
    const leaves = stringLeaves(vkey).filter((p) => ['vk_alpha_1', 'vk_beta_2', 'vk_gamma_2', 'vk_delta_2', 'IC'].includes(p[0] as string));
    for (const path of leaves) {
      expect(reason(setAt(vkey, path, plus(getAt(vkey, path), 1n)), proof, publicSignals), path.join('.')).not.toBe('valid');
    }
  });

  it('refuses coordinates ≥ p although snarkjs reads them mod p and accepts (stricter)', async () => {
    for (const path of [['pi_a', 0], ['pi_b', 0, 1], ['pi_c', 1]]) {
      const bad = setAt(proof, path, plus(getAt(proof, path), P));
      expect(reason(vkey, bad, publicSignals)).toBe('ZK_FIELD_OUT_OF_RANGE');
      expect(await snarkjsVerdict('groth16', vkey, publicSignals, bad)).toBe(true);
    }
  });

  it('refuses public signals ≥ r, as snarkjs does', async () => {
    const pub = replaced(publicSignals, 0, plus(publicSignals[0]!, R));
    expect(reason(vkey, proof, pub)).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(await snarkjsVerdict('groth16', vkey, pub, proof)).toBe(false);
  });

  it('refuses points at infinity and G2 points outside the subgroup', async () => {
    const cases: [string[], unknown, string][] = [
      [['pi_a'], G1_INFINITY, 'ZK_POINT_AT_INFINITY'],
      [['pi_c'], G1_INFINITY, 'ZK_POINT_AT_INFINITY'],
      [['pi_b'], G2_INFINITY, 'ZK_POINT_AT_INFINITY'],
      [['pi_b'], nonSubgroupG2(), 'ZK_POINT_NOT_IN_SUBGROUP'],
    ];
    for (const [path, value, code] of cases) {
      const bad = setAt(proof, path, value);
      expect(reason(vkey, bad, publicSignals)).toBe(code);
      expect(await snarkjsVerdict('groth16', vkey, publicSignals, bad)).toBe(false);
    }
    for (const key of ['vk_beta_2', 'vk_gamma_2', 'vk_delta_2']) {
      expect(reason(setAt(vkey, [key], nonSubgroupG2()), proof, publicSignals)).toBe('ZK_POINT_NOT_IN_SUBGROUP');
      expect(reason(setAt(vkey, [key], G2_INFINITY), proof, publicSignals)).toBe('ZK_POINT_AT_INFINITY');
    }
    expect(reason(setAt(vkey, ['IC', 0], G1_INFINITY), proof, publicSignals)).toBe('ZK_POINT_AT_INFINITY');
  });

  it('refuses a wrong number of public signals', async () => {
    expect(reason(vkey, proof, publicSignals.slice(0, -1))).toBe('ZK_PUBLIC_INPUT_COUNT');
    expect(reason(vkey, proof, [...publicSignals, '0'])).toBe('ZK_PUBLIC_INPUT_COUNT');
    expect(reason(vkey, proof, [])).toBe('ZK_PUBLIC_INPUT_COUNT');
    expect(await snarkjsVerdict('groth16', vkey, [...publicSignals, '0'], proof)).toBe(false);
  });
});

describe('Groth16 fixtures together', () => {
  it('fail with each other’s key', async () => {
    const { sp1, gnark } = fixtures;
    // Different nPublic: refused before any pairing.
    expect(reason(gnark.vkey, sp1.proof, sp1.publicSignals)).toBe('ZK_PUBLIC_INPUT_COUNT');
    expect(reason(sp1.vkey, gnark.proof, gnark.publicSignals)).toBe('ZK_PUBLIC_INPUT_COUNT');
    // Same count, other key: the pairing check fails.
    const fiveSignals = { ...gnark.vkey, nPublic: 5, IC: [...gnark.vkey.IC, ...sp1.vkey.IC.slice(2)] };
    expect(reason(fiveSignals, sp1.proof, sp1.publicSignals)).toBe('ZK_PROOF_INVALID');
    expect(await snarkjsVerdict('groth16', fiveSignals, sp1.publicSignals, sp1.proof)).toBe(false);
    expect(reason(sp1.vkey, gnark.proof, [...gnark.publicSignals, '0', '0', '0', '0'])).toBe('ZK_PROOF_INVALID');
  });

  it('fail with each other’s proof', () => {
    const { sp1, gnark } = fixtures;
    const mixed = { ...sp1.proof, pi_c: gnark.proof.pi_c };
    expect(reason(sp1.vkey, mixed, sp1.publicSignals)).toBe('ZK_PROOF_INVALID');
  });

  it('an IC list that does not match nPublic is an invalid key', () => {
    const { gnark } = fixtures;
    expect(reason({ ...gnark.vkey, nPublic: 2 }, gnark.proof, ['35', '0'])).toBe('ZK_VKEY_INVALID');
  });

  it('a proof that is not of this system is unusable input', () => {
    const { gnark } = fixtures;
    expect(() => verifyZkProof('groth16', gnark.vkey, { ...gnark.proof, protocol: 'plonk' }, ['35'])).toThrow(InputError);
    expect(() => verifyZkProof('groth16', { ...gnark.vkey, curve: 'bls12381' }, gnark.proof, ['35'])).toThrow(InputError);
    expect(() => verifyZkProof('plonk', gnark.vkey, gnark.proof, ['35'])).toThrow(InputError);
  });
});
