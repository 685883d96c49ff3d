/**
 * src/zk/curve.ts, the verifiers' BN254: point checks, group operations, the pairing product
 * check and Fr, against plain bigint arithmetic and @noble/curves used directly.
 */
import { bn254 } from '@noble/curves/bn254.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import {
  FIELD_MODULUS,
  Fr,
  G1_GENERATOR,
  G1_ZERO,
  G2_GENERATOR,
  g1Add,
  g1Equals,
  g1FromAffine,
  g1Msm,
  g1Mul,
  g1Neg,
  g1ToAffine,
  g2FromAffine,
  pairingCheck,
  rootOfUnity,
  SCALAR_MODULUS,
} from '../../../src/zk/curve.ts';
import { nonSubgroupG2, P, R } from './helpers.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof VerificationError ? err.code : `untyped: ${String(err)}`;
  }
  return undefined;
};

const scalar = fc.bigInt({ min: 0n, max: R - 1n });
const nonZero = fc.bigInt({ min: 1n, max: R - 1n });
/** k·G2 through the adapter, made with noble: the adapter's G2 type is opaque. */
const g2Times = (k: bigint) => {
  const { x, y } = bn254.G2.Point.BASE.multiply(k).toAffine();
  return g2FromAffine([x.c0, x.c1], [y.c0, y.c1]);
};
const g2Affine = (k: bigint) => {
  const { x, y } = bn254.G2.Point.BASE.multiply(k).toAffine();
  return [[x.c0, x.c1], [y.c0, y.c1]] as const;
};

describe('moduli and roots of unity', () => {
  it('are BN254’s', () => {
    expect(FIELD_MODULUS).toBe(P);
    expect(SCALAR_MODULUS).toBe(R);
  });

  it('ω₂₈ is 5^((r−1)/2²⁸), 5 being the least non-residue, as ffjavascript computes Fr.w', () => {
    for (const a of [2n, 3n, 4n]) expect(Fr.pow(a, (R - 1n) / 2n)).toBe(1n);
    expect(Fr.pow(5n, (R - 1n) / 2n)).toBe(R - 1n);
    expect(rootOfUnity(28)).toBe(Fr.pow(5n, (R - 1n) >> 28n));
  });

  it('rootOfUnity(k) has order exactly 2^k', () => {
    expect(rootOfUnity(0)).toBe(1n);
    for (let k = 1; k <= 28; k++) {
      const w = rootOfUnity(k);
      expect(Fr.pow(w, 1n << BigInt(k - 1))).toBe(R - 1n);
    }
    expect(() => rootOfUnity(29)).toThrow(RangeError);
  });
});

describe('point checks', () => {
  it('accept the generators', () => {
    expect(g1Equals(g1FromAffine(1n, 2n), G1_GENERATOR)).toBe(true);
    const [x, y] = g2Affine(1n);
    expect(() => g2FromAffine(x, y)).not.toThrow();
    expect(pairingCheck([[G1_GENERATOR, g2FromAffine(x, y)], [g1Neg(G1_GENERATOR), G2_GENERATOR]])).toBe(true);
  });

  it('refuse coordinates not below p, even when they are equal mod p', () => {
    expect(codeOf(() => g1FromAffine(1n + P, 2n))).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(codeOf(() => g1FromAffine(1n, 2n + P))).toBe('ZK_FIELD_OUT_OF_RANGE');
    const [x, y] = g2Affine(1n);
    expect(codeOf(() => g2FromAffine([x[0], x[1] + P], y))).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(codeOf(() => g2FromAffine(x, [y[0] + P, y[1]]))).toBe('ZK_FIELD_OUT_OF_RANGE');
  });

  it('refuse points off the curve', () => {
    expect(codeOf(() => g1FromAffine(1n, 3n))).toBe('ZK_POINT_NOT_ON_CURVE');
    expect(codeOf(() => g1FromAffine(0n, 0n))).toBe('ZK_POINT_NOT_ON_CURVE');
    const [x, y] = g2Affine(1n);
    expect(codeOf(() => g2FromAffine(x, [y[0], (y[1] + 1n) % P]))).toBe('ZK_POINT_NOT_ON_CURVE');
  });

  it('refuse G2 points on the twist but outside the order-r subgroup', () => {
    const [x, y] = nonSubgroupG2().map((c) => c.map(BigInt)) as [bigint[], bigint[]];
    expect(codeOf(() => g2FromAffine([x[0]!, x[1]!], [y[0]!, y[1]!]))).toBe('ZK_POINT_NOT_IN_SUBGROUP');
  });

  it('accept random subgroup points', () => {
    fc.assert(
      fc.property(nonZero, (k) => {
        const g1 = bn254.G1.Point.BASE.multiply(k).toAffine();
        expect(g1Equals(g1FromAffine(g1.x, g1.y), g1Mul(G1_GENERATOR, k))).toBe(true);
        expect(g1ToAffine(g1Mul(G1_GENERATOR, k))).toEqual(g1);
        expect(() => g2Times(k)).not.toThrow();
      }),
      { numRuns: 10 },
    );
  });
});

describe('G1 arithmetic', () => {
  it('add, neg, mul agree with noble', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const A = g1Mul(G1_GENERATOR, a);
        const B = g1Mul(G1_GENERATOR, b);
        expect(g1Equals(g1Add(A, B), g1Mul(G1_GENERATOR, (a + b) % R))).toBe(true);
        expect(g1Equals(g1Add(A, g1Neg(A)), G1_ZERO)).toBe(true);
      }),
      { numRuns: 20 },
    );
    expect(g1ToAffine(G1_ZERO)).toBeNull();
    expect(g1ToAffine(G1_GENERATOR)).toEqual({ x: 1n, y: 2n });
  });

  it('the MSM is Σ kᵢ·Pᵢ for every length, zero scalars and points at infinity included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(scalar, fc.oneof(scalar, fc.constant(0n))), { maxLength: 20 }), (terms) => {
        const points = terms.map(([p]) => (p === 0n ? G1_ZERO : g1Mul(G1_GENERATOR, p)));
        const scalars = terms.map(([, k]) => k);
        const expected = terms.reduce((acc, [p, k]) => (acc + p * k) % R, 0n);
        expect(g1Equals(g1Msm(points, scalars), g1Mul(G1_GENERATOR, expected))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('pairingCheck', () => {
  it('holds for e(a·G1, b·G2)·e(−ab·G1, G2) and fails when the exponents disagree', () => {
    fc.assert(
      fc.property(nonZero, nonZero, (a, b) => {
        const left = g1Mul(G1_GENERATOR, a);
        const right = g2Times(b);
        const ab = g1Neg(g1Mul(G1_GENERATOR, (a * b) % R));
        expect(pairingCheck([[left, right], [ab, G2_GENERATOR]])).toBe(true);
        expect(pairingCheck([[left, right], [g1Add(ab, G1_GENERATOR), G2_GENERATOR]])).toBe(false);
      }),
      { numRuns: 4 },
    );
  });

  it('agrees with noble’s pairing product for several pairs', () => {
    // e(3G, 4H)·e(5G, 6H)·e(−7G, 2H)·e(−G, 13H): exponents 12 + 30 − 14 − 13 = 15 ≠ 0, then 0.
    const { G1, G2, pairingBatch, fields } = bn254;
    const terms: [bigint, bigint][] = [[3n, 4n], [5n, 6n], [R - 7n, 2n], [R - 1n, 13n]];
    const noble = pairingBatch(terms.map(([a, b]) => ({ g1: G1.Point.BASE.multiply(a), g2: G2.Point.BASE.multiply(b) })));
    const ours = terms.map(([a, b]) => [g1Mul(G1_GENERATOR, a), g2Times(b)] as const);
    expect(pairingCheck(ours)).toBe(fields.Fp12.eql(noble, fields.Fp12.ONE));
    expect(pairingCheck(ours)).toBe(false);
    const balanced = [...ours, [g1Mul(G1_GENERATOR, R - 15n), G2_GENERATOR] as const];
    expect(pairingCheck(balanced)).toBe(true);
  });

  it('counts a pair with a point at infinity as 1; the empty product is 1', () => {
    expect(pairingCheck([])).toBe(true);
    expect(pairingCheck([[G1_ZERO, G2_GENERATOR]])).toBe(true);
    expect(pairingCheck([[G1_GENERATOR, G2_GENERATOR], [G1_ZERO, G2_GENERATOR]])).toBe(false);
  });

  it('gives the same answer twice for the same G2 point (prepared-line cache)', () => {
    const q = g2Times(9n);
    const pairs = [[g1Neg(g1Mul(G1_GENERATOR, 9n)), G2_GENERATOR], [G1_GENERATOR, q]] as const;
    expect(pairingCheck(pairs)).toBe(true);
    expect(pairingCheck(pairs)).toBe(true);
  });
});

describe('Fr', () => {
  it('add, sub, neg, mul, pow agree with bigint arithmetic mod r', () => {
    fc.assert(
      fc.property(scalar, scalar, fc.bigInt({ min: 0n, max: 1n << 64n }), (a, b, e) => {
        const mod = (x: bigint) => ((x % R) + R) % R;
        expect(Fr.add(a, b)).toBe(mod(a + b));
        expect(Fr.sub(a, b)).toBe(mod(a - b));
        expect(Fr.neg(a)).toBe(mod(-a));
        expect(Fr.mul(a, b)).toBe(mod(a * b));
        expect(Fr.sqr(a)).toBe(mod(a * a));
        let expected = 1n;
        let base = a;
        for (let k = e; k > 0n; k >>= 1n) {
          if (k & 1n) expected = mod(expected * base);
          base = mod(base * base);
        }
        expect(Fr.pow(a, e)).toBe(expected);
      }),
    );
  });

  it('inv and batchInv invert; zero has no inverse', () => {
    fc.assert(
      fc.property(fc.array(nonZero, { maxLength: 12 }), (xs) => {
        const inv = Fr.batchInv(xs);
        xs.forEach((x, i) => {
          expect(Fr.mul(x, inv[i]!)).toBe(1n);
          expect(Fr.inv(x)).toBe(inv[i]);
        });
      }),
    );
    expect(() => Fr.inv(0n)).toThrow(RangeError);
    expect(() => Fr.batchInv([1n, 0n, 2n])).toThrow(RangeError);
    expect(Fr.batchInv([])).toEqual([]);
  });
});
