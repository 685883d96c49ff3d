/**
 * snarkjs JSON reading (src/zk/format.ts and each system's parse functions): what is unusable
 * input (InputError) and what is a proof that does not verify (VerificationError), whatever
 * arbitrary JSON comes in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { readDecimal, readG1, readG2, toG1 } from '../../../src/zk/format.ts';
import {
  parseFflonkProof,
  parseFflonkVerificationKey,
  parseGroth16Proof,
  parseGroth16VerificationKey,
  parsePlonkProof,
  parsePlonkVerificationKey,
  parsePublicSignals,
  verifyZkProof,
  ZK_SYSTEMS,
} from '../../../src/zk/index.ts';
import { groth16Fixture, OFF_CURVE_G1, P, R } from './helpers.ts';

const { vkey, proof, publicSignals } = groth16Fixture('gnark-cubic');

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
};

describe('numbers', () => {
  it('are decimal strings', () => {
    expect(readDecimal('0', 'x')).toBe(0n);
    expect(readDecimal('35', 'x')).toBe(35n);
    expect(readDecimal('0035', 'x')).toBe(35n);
    expect(readDecimal((P + 1n).toString(), 'x')).toBe(P + 1n);
  });

  it('anything else is unusable input, with the field named', () => {
    for (const bad of [35, 35n, '', '-1', '+1', '0x23', '1e3', ' 35', '35 ', '3.5', null, [], {}, true]) {
      const err = thrown(() => readDecimal(bad, 'proof.pi_a[0]'));
      expect(err, String(bad)).toBeInstanceOf(InputError);
      expect((err as InputError).shortMessage).toMatch(/^"proof\.pi_a\[0\]" expected/);
    }
    expect(thrown(() => readDecimal('1'.repeat(1025), 'x'))).toBeInstanceOf(InputError);
  });
});

describe('points', () => {
  it('are [x, y, z] and [[x0, x1], [y0, y1], [z0, z1]]', () => {
    expect(readG1(['1', '2', '1'], 'p')).toEqual([1n, 2n, 1n]);
    expect(readG2([['1', '2'], ['3', '4'], ['1', '0']], 'q')).toEqual([[1n, 2n], [3n, 4n], [1n, 0n]]);
    for (const bad of [['1', '2'], ['1', '2', '1', '1'], '1,2,1', [['1', '2'], '3', '1']]) {
      expect(thrown(() => readG1(bad, 'p'))).toBeInstanceOf(InputError);
    }
    expect(thrown(() => readG2([['1', '2'], ['3', '4'], ['1']], 'q'))).toBeInstanceOf(InputError);
  });

  it('must be affine or the canonical point at infinity', () => {
    const codeOf = (raw: [bigint, bigint, bigint], allowInfinity = false) =>
      (thrown(() => toG1(raw, 'p', allowInfinity)) as VerificationError | undefined)?.code;
    expect(codeOf([1n, 2n, 1n])).toBeUndefined();
    expect(codeOf([0n, 1n, 0n])).toBe('ZK_POINT_AT_INFINITY');
    expect(codeOf([0n, 1n, 0n], true)).toBeUndefined();
    // (4, 8, 2) is the generator in Jacobian coordinates: snarkjs would read it; Vigil does not.
    expect(codeOf([4n, 16n, 2n])).toBe('ZK_POINT_NOT_AFFINE');
    expect(codeOf([1n, 1n, 0n], true)).toBe('ZK_POINT_NOT_AFFINE');
    expect(codeOf([1n, 2n, P + 1n])).toBe('ZK_FIELD_OUT_OF_RANGE');
  });
});

describe('public signals', () => {
  it('are an array of decimal strings below r', () => {
    expect(parsePublicSignals(['1', '2'])).toEqual([1n, 2n]);
    expect(parsePublicSignals([])).toEqual([]);
    expect(thrown(() => parsePublicSignals({ 0: '1' }))).toBeInstanceOf(InputError);
    expect(thrown(() => parsePublicSignals([1]))).toBeInstanceOf(InputError);
    expect((thrown(() => parsePublicSignals([R.toString()])) as VerificationError).code).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(thrown(() => parsePublicSignals(new Array(65537).fill('0')))).toBeInstanceOf(InputError);
  });
});

describe('documents', () => {
  it('a missing or mistyped field of a key or proof is unusable input naming it', () => {
    for (const field of Object.keys(vkey).filter((k) => !['protocol', 'curve', 'vk_alphabeta_12'].includes(k))) {
      const { [field]: _, ...rest } = vkey;
      const err = thrown(() => parseGroth16VerificationKey(rest)) as InputError;
      expect(err, field).toBeInstanceOf(InputError);
      expect(err.shortMessage).toBe(`missing field "vkey.${field}"`);
      expect(thrown(() => parseGroth16VerificationKey({ ...vkey, [field]: true })), field).toBeInstanceOf(InputError);
    }
    for (const field of ['pi_a', 'pi_b', 'pi_c']) {
      const { [field]: _, ...rest } = proof;
      expect((thrown(() => parseGroth16Proof(rest)) as InputError).shortMessage).toBe(`missing field "proof.${field}"`);
    }
  });

  it('the curve is bn128 or bn254; the protocol, when given, is the system’s', () => {
    expect(() => parseGroth16VerificationKey({ ...vkey, curve: 'bn128' })).not.toThrow();
    for (const curve of ['bls12381', 'BN254', 'altbn128', 7]) {
      expect(thrown(() => parseGroth16VerificationKey({ ...vkey, curve }))).toBeInstanceOf(InputError);
    }
    expect(thrown(() => parseGroth16VerificationKey({ ...vkey, curve: undefined }))).toBeInstanceOf(InputError);
    expect(() => parseGroth16Proof({ ...proof, curve: undefined, protocol: undefined })).not.toThrow();
    expect(thrown(() => parseGroth16Proof({ ...proof, protocol: 'fflonk' }))).toBeInstanceOf(InputError);
  });

  it('unusable input outranks a proof that does not verify, whichever file it is in', () => {
    const offCurve = { ...proof, pi_a: OFF_CURVE_G1 };
    expect(verifyZkProof('groth16', vkey, offCurve, publicSignals)).toMatchObject({ valid: false, reason: 'ZK_POINT_NOT_ON_CURVE' });
    expect(() => verifyZkProof('groth16', vkey, offCurve, 'not an array')).toThrow(InputError);
    expect(() => verifyZkProof('groth16', { ...vkey, nPublic: '1' }, offCurve, publicSignals)).toThrow(InputError);
    // Within one file too: the bad point comes first, the missing field after it.
    const { pi_c: _, ...noC } = offCurve;
    expect(() => verifyZkProof('groth16', vkey, noC, publicSignals)).toThrow(InputError);
  });

  it('an unknown system is unusable input', () => {
    expect(() => verifyZkProof('marlin' as never, vkey, proof, publicSignals)).toThrow(InputError);
  });
});

describe('arbitrary JSON', () => {
  const parsers = {
    parseGroth16VerificationKey,
    parseGroth16Proof,
    parsePlonkVerificationKey,
    parsePlonkProof,
    parseFflonkVerificationKey,
    parseFflonkProof,
    parsePublicSignals,
  };

  it.each(Object.entries(parsers))('%s throws only typed errors', (_, parse) => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const err = thrown(() => parse(json));
        if (err !== undefined) expect(err instanceof InputError || err instanceof VerificationError).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('documents shaped like proofs, with arbitrary values, give verdicts or InputError', () => {
    const decimalish = fc.oneof(
      fc.bigInt({ min: 0n, max: P + 5n }).map(String),
      fc.constantFrom('0', '1', '-1', '0x1', ''),
      fc.jsonValue(),
    );
    const g1 = fc.oneof(fc.tuple(decimalish, decimalish, fc.constantFrom('1', '0', '2')), fc.jsonValue());
    const fp2 = fc.tuple(decimalish, decimalish);
    const g2 = fc.oneof(fc.tuple(fp2, fp2, fc.constantFrom(['1', '0'], ['0', '0'])), fc.jsonValue());
    const groth16Key = fc.record({
      protocol: fc.constant('groth16'),
      curve: fc.constantFrom('bn128', 'bn254', 'x'),
      nPublic: fc.oneof(fc.nat(3), fc.jsonValue()),
      vk_alpha_1: g1,
      vk_beta_2: g2,
      vk_gamma_2: g2,
      vk_delta_2: g2,
      IC: fc.array(g1, { maxLength: 4 }),
    });
    const groth16Proof = fc.record({ pi_a: g1, pi_b: g2, pi_c: g1 });
    fc.assert(
      fc.property(groth16Key, groth16Proof, fc.array(decimalish, { maxLength: 4 }), (k, p, s) => {
        try {
          const v = verifyZkProof('groth16', k, p, s);
          expect(v.valid).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each(ZK_SYSTEMS)('%s: verifyZkProof on arbitrary JSON gives a verdict or InputError', (system) => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (k, p, s) => {
        const err = thrown(() => verifyZkProof(system, k, p, s));
        if (err !== undefined) expect(err).toBeInstanceOf(InputError);
      }),
      { numRuns: 300 },
    );
  });
});
