/**
 * The BN254 front door (src/crypto/bn254.ts): the same answers from the WASM kernel and from
 * @noble/curves, argument checks with pinned messages, algebraic properties (fast-check), and
 * start-up in the environments it must survive.
 */
import { bn254 } from '@noble/curves/bn254.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { forceNoble } from '../../../src/crypto/backend.ts';
import {
  BN254_P,
  BN254_R,
  type G1Point,
  type G2Point,
  G1_GENERATOR,
  G1_ZERO,
  G2_GENERATOR,
  G2_ZERO,
  GT_ONE,
  bn254Backend,
  bn254Ready,
  finalExponentiate,
  fp12Equal,
  g1Add,
  g1Double,
  g1IsOnCurve,
  g1Msm,
  g1Mul,
  g1Neg,
  g2Add,
  g2Double,
  g2IsInSubgroup,
  g2IsOnCurve,
  g2Mul,
  g2Neg,
  millerLoop,
  pairing,
  pairingCheck,
} from '../../../src/crypto/bn254.ts';

const { Fp2, Fp12: F12 } = bn254.fields;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const realWasm = WebAssembly;

const g1Of = (p: InstanceType<typeof G1>): G1Point => p.toAffine();
const g2Of = (p: InstanceType<typeof G2>): G2Point => {
  const { x, y } = p.toAffine();
  return { x: { c0: x.c0, c1: x.c1 }, y: { c0: y.c0, c1: y.c1 } };
};
const scalar = fc.bigInt({ min: 1n, max: BN254_R - 1n });

/** Runs `fn` once on each backend and expects the same result. */
function both<T>(fn: () => T): T {
  forceNoble(false);
  expect(bn254Backend()).toBe('wasm');
  const wasm = fn();
  forceNoble(true);
  expect(bn254Backend()).toBe('noble');
  const noble = fn();
  forceNoble(false);
  expect(wasm).toEqual(noble);
  return wasm;
}

afterEach(() => {
  forceNoble(false);
  vi.unstubAllGlobals();
});

describe('bn254 front door: WASM and @noble agree', () => {
  const a = G1.BASE.multiply(0x1234567n);
  const b = G1.BASE.multiply(0xfedcba9876543210n);
  const q = G2.BASE.multiply(0xabcdefn);
  const r = G2.BASE.multiply(0x31415926535n);

  it('G1 and G2 arithmetic', () => {
    expect(both(() => g1Add(g1Of(a), g1Of(b)))).toEqual(g1Of(a.add(b)));
    expect(both(() => g1Double(g1Of(a)))).toEqual(g1Of(a.double()));
    expect(both(() => g1Neg(g1Of(a)))).toEqual(g1Of(a.negate()));
    expect(both(() => g1Neg(G1_ZERO))).toEqual(G1_ZERO);
    expect(both(() => g1Mul(g1Of(a), BN254_R - 1n))).toEqual(g1Of(a.negate()));
    expect(both(() => g1Mul(g1Of(a), 0n))).toEqual(G1_ZERO);
    expect(both(() => g2Add(g2Of(q), g2Of(r)))).toEqual(g2Of(q.add(r)));
    expect(both(() => g2Double(g2Of(q)))).toEqual(g2Of(q.double()));
    expect(both(() => g2Neg(g2Of(q)))).toEqual(g2Of(q.negate()));
    expect(both(() => g2Mul(g2Of(q), 12345n))).toEqual(g2Of(q.multiply(12345n)));
    expect(both(() => g2Add(g2Of(q), g2Of(q.negate())))).toEqual(G2_ZERO);
  });

  it('MSM, including empty input, infinity and zero scalars', () => {
    const pts = [g1Of(a), g1Of(b), G1_ZERO, g1Of(a.negate()), G1_GENERATOR];
    const ks = [5n, BN254_R - 3n, 9n, 0n, 77n];
    expect(both(() => g1Msm(pts, ks))).toEqual(g1Of(a.multiply(5n).add(b.multiply(BN254_R - 3n)).add(G1.BASE.multiply(77n))));
    expect(both(() => g1Msm([], []))).toEqual(G1_ZERO);
    const many = Array.from({ length: 33 }, (_, i) => g1Of(G1.BASE.multiply(BigInt(i + 2))));
    const kk = many.map((_, i) => BigInt(i) * 0x1000000000001n);
    both(() => g1Msm(many, kk));
  });

  it('pairing values equal noble’s bn254.pairing on both backends', () => {
    const want = bn254.pairing(a, q);
    const got = both(() => pairing(g1Of(a), g2Of(q)));
    expect(F12.eql(got as never, want)).toBe(true);
    expect(both(() => pairing(G1_ZERO, g2Of(q)))).toEqual(GT_ONE);
    expect(both(() => pairing(g1Of(a), G2_ZERO))).toEqual(GT_ONE);
    expect(fp12Equal(pairing(g1Of(a), g2Of(q)), got)).toBe(true);
    expect(fp12Equal(pairing(g1Of(b), g2Of(q)), got)).toBe(false);
  });

  it('predicates, subgroup membership included', () => {
    const outside = (() => {
      const bTwist = Fp2.div(Fp2.fromBigTuple([3n, 0n]), Fp2.fromBigTuple([9n, 1n]));
      for (let i = 1n; ; i++) {
        const x = Fp2.fromBigTuple([i, 1n]);
        const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), bTwist);
        try {
          const y = Fp2.sqrt(rhs);
          if (Fp2.eql(Fp2.sqr(y), rhs)) return { x: { c0: x.c0, c1: x.c1 }, y: { c0: y.c0, c1: y.c1 } };
        } catch {
          // not a square: next x
        }
      }
    })();
    expect(both(() => g2IsOnCurve(outside))).toBe(true);
    expect(both(() => g2IsInSubgroup(outside))).toBe(false);
    expect(both(() => g2IsInSubgroup(g2Of(q)))).toBe(true);
    expect(both(() => g2IsInSubgroup(G2_ZERO))).toBe(true);
    expect(both(() => g1IsOnCurve(g1Of(a)))).toBe(true);
    expect(both(() => g1IsOnCurve({ x: 1n, y: 3n }))).toBe(false);
    expect(both(() => g1IsOnCurve({ x: BN254_P, y: 2n }))).toBe(false);
    expect(both(() => g2IsOnCurve({ x: { c0: BN254_P + 1n, c1: 0n }, y: G2_GENERATOR.y }))).toBe(false);
    expect(both(() => g2IsInSubgroup({ x: G2_GENERATOR.x, y: G2_GENERATOR.x }))).toBe(false);
    // A pairing refuses the point outside the subgroup on both backends, with the same message.
    const msg = both(() => {
      try {
        pairingCheck([[g1Of(a), outside]]);
        return 'no error';
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as Error).message;
      }
    });
    expect(msg).toBe('"pairs[0][1]" is not a point of BN254 G2: not in the order-r subgroup');
  });

  it('a Groth16-shaped check with e(α, β) precomputed, valid and tampered', () => {
    // e(−A, B)·e(α, β)·e(X, γ)·e(C, δ) = 1 with A = a·G1, B = b·G2, α, β, γ, δ random.
    const [al, be, ga, de, x, c] = [11n, 13n, 17n, 19n, 23n, 29n].map((v) => v * 0x1000000007n);
    const alpha = G1.BASE.multiply(al!);
    const beta = G2.BASE.multiply(be!);
    const gamma = G2.BASE.multiply(ga!);
    const delta = G2.BASE.multiply(de!);
    const X = G1.BASE.multiply(x!);
    const C = G1.BASE.multiply(c!);
    // Choose A·B = α·β + X·γ + C·δ with B = 7·G2: A = (αβ + xγ + cδ)/7.
    const bb = 7n;
    const sum = (al! * be! + x! * ga! + c! * de!) % BN254_R;
    const aa = (sum * bn254.fields.Fr.inv(bb)) % BN254_R;
    const negA = g1Of(G1.BASE.multiply(aa).negate());
    const B = g2Of(G2.BASE.multiply(bb));
    // Miller-loop values are not canonical (each backend's differs by factors the final
    // exponentiation removes): each backend uses its own, and the other's works too.
    const alphaBeta = millerLoop([[g1Of(alpha), g2Of(beta)]]);
    forceNoble(true);
    const alphaBetaNoble = millerLoop([[g1Of(alpha), g2Of(beta)]]);
    forceNoble(false);
    expect(fp12Equal(alphaBeta, alphaBetaNoble)).toBe(false);
    expect(fp12Equal(finalExponentiate(alphaBeta), finalExponentiate(alphaBetaNoble))).toBe(true);
    expect(pairingCheck([[negA, B], [g1Of(X), g2Of(gamma)], [g1Of(C), g2Of(delta)]], alphaBetaNoble)).toBe(true);
    const rest = [
      [g1Of(X), g2Of(gamma)],
      [g1Of(C), g2Of(delta)],
    ] as const;
    expect(both(() => pairingCheck([[negA, B], ...rest], alphaBeta))).toBe(true);
    expect(both(() => pairingCheck([[negA, B], [g1Of(alpha), g2Of(beta)], ...rest]))).toBe(true);
    const badC = g1Of(C.add(G1.BASE));
    expect(both(() => pairingCheck([[negA, B], rest[0], [badC, g2Of(delta)]], alphaBeta))).toBe(false);
    expect(both(() => pairingCheck([[negA, B], ...rest]))).toBe(false);
    expect(fp12Equal(finalExponentiate(alphaBeta), pairing(g1Of(alpha), g2Of(beta)))).toBe(true);
  });
});

describe('bn254 front door: argument checks', () => {
  it('types, ranges and lengths throw InputError naming the argument', () => {
    expect(() => g1Add({ x: 1n, y: BN254_P }, G1_GENERATOR)).toThrowError('"a.y" expected a bigint in [0, p), got a value ≥ p');
    expect(() => g1Add(G1_GENERATOR, { x: -1n, y: 2n })).toThrowError('"b.x" expected a bigint in [0, p), got a negative value');
    expect(() => g1Add(G1_GENERATOR, { x: 1, y: 2n } as never)).toThrowError('"b.x" expected a bigint in [0, p), got number');
    expect(() => g1Mul(G1_GENERATOR, BN254_R)).toThrowError('"k" expected a bigint scalar in [0, r), got a value ≥ r');
    expect(() => g1Msm([G1_GENERATOR], [])).toThrowError('"scalars" expected as many scalars as points (1), got 0');
    expect(() => g1Msm([G1_GENERATOR, null as never], [1n, 2n])).toThrowError('"points[1]" expected an object, got null');
    expect(() => g2Add(G2_GENERATOR, { x: { c0: 0n }, y: G2_GENERATOR.y } as never)).toThrowError('"b.x.c1" expected a bigint in [0, p), got undefined');
    expect(() => pairingCheck([[G1_GENERATOR]] as never)).toThrowError('"pairs[0]" expected a [G1Point, G2Point] pair, got object');
    expect(() => pairingCheck('x' as never)).toThrowError('"pairs" expected an array, got "x"');
    expect(() => finalExponentiate({ c0: GT_ONE.c0 } as never)).toThrowError('"f.c1" expected an object, got undefined');
  });

  it('points off their curves throw the same InputError on both backends', () => {
    for (const [fn, msg] of [
      [() => g1Add({ x: 1n, y: 3n }, G1_GENERATOR), '"a" is not a point of BN254 G1: not on the curve'],
      [() => g1Neg({ x: 1n, y: 3n }), '"a" is not a point of BN254 G1: not on the curve'],
      [() => g1Msm([G1_GENERATOR, { x: 2n, y: 2n }], [1n, 1n]), '"points[1]" is not a point of BN254 G1: not on the curve'],
      [() => g2Mul({ x: G2_GENERATOR.x, y: G2_GENERATOR.x }, 2n), '"p" is not a point of BN254 G2: not on the curve'],
      [() => pairingCheck([[G1_GENERATOR, G2_GENERATOR], [{ x: 1n, y: 1n }, G2_GENERATOR]]), '"pairs[1][0]" is not a point of BN254 G1: not on the curve'],
    ] as const) {
      for (const force of [false, true]) {
        forceNoble(force);
        expect(fn).toThrowError(InputError);
        expect(fn).toThrowError(msg);
      }
    }
  });
});

describe('bn254 front door: properties', () => {
  it('bilinearity: e(aP, bQ)·e(−abP, Q) = 1, and ≠ 1 when off by one', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const ab = (a * b) % BN254_R;
        const P1 = g1Mul(G1_GENERATOR, a);
        const Q1 = g2Mul(G2_GENERATOR, b);
        const minus = g1Neg(g1Mul(G1_GENERATOR, ab));
        expect(pairingCheck([[P1, Q1], [minus, G2_GENERATOR]])).toBe(true);
        expect(pairingCheck([[P1, Q1], [g1Add(minus, G1_GENERATOR), G2_GENERATOR]])).toBe(ab === 1n);
      }),
      { numRuns: 20 },
    );
  });

  it('pairing(aP, Q) = pairing(P, aQ)', () => {
    fc.assert(
      fc.property(scalar, (a) => {
        expect(fp12Equal(pairing(g1Mul(G1_GENERATOR, a), G2_GENERATOR), pairing(G1_GENERATOR, g2Mul(G2_GENERATOR, a)))).toBe(true);
      }),
      { numRuns: 8 },
    );
  });

  it('MSM is the sum of the scalar multiplications; the group laws hold', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(scalar, fc.oneof(scalar, fc.constant(0n))), { minLength: 0, maxLength: 24 }), (terms) => {
        const pts = terms.map(([s]) => g1Mul(G1_GENERATOR, s));
        const ks = terms.map(([, k]) => k);
        const want = terms.reduce((acc, [s, k]) => (acc + s * k) % BN254_R, 0n);
        expect(g1Msm(pts, ks)).toEqual(g1Mul(G1_GENERATOR, want));
      }),
      { numRuns: 25 },
    );
    fc.assert(
      fc.property(scalar, scalar, scalar, (x, y, z) => {
        const [X, Y, Z] = [x, y, z].map((s) => g1Mul(G1_GENERATOR, s)) as [G1Point, G1Point, G1Point];
        expect(g1Add(X, Y)).toEqual(g1Add(Y, X));
        expect(g1Add(g1Add(X, Y), Z)).toEqual(g1Add(X, g1Add(Y, Z)));
        expect(g1Add(X, g1Neg(X))).toEqual(G1_ZERO);
        const [U, V] = [x, y].map((s) => g2Mul(G2_GENERATOR, s)) as [G2Point, G2Point];
        expect(g2Add(U, V)).toEqual(g2Mul(G2_GENERATOR, (x + y) % BN254_R));
        expect(g2IsInSubgroup(U)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});

describe('bn254 front door: start-up', () => {
  function patchedWasm(overrides: Partial<Record<keyof typeof WebAssembly, unknown>>): typeof WebAssembly {
    return Object.create(realWasm, Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, { value: v }])));
  }
  async function fresh() {
    vi.resetModules();
    const m = await import('../../../src/crypto/bn254.ts');
    // The fresh selector the fresh front door uses.
    const { forceNoble } = await import('../../../src/crypto/backend.ts');
    return { ...m, forceNoble };
  }
  const check = (m: Awaited<ReturnType<typeof fresh>>) =>
    expect(m.pairingCheck([[m.G1_GENERATOR, m.G2_GENERATOR], [m.g1Neg(m.G1_GENERATOR), m.G2_GENERATOR]])).toBe(true);

  it('Node: WASM synchronously, from the first call', async () => {
    const m = await fresh();
    expect(m.bn254Backend()).toBe('wasm');
    check(m);
    await m.bn254Ready();
    expect(bn254Backend()).toBe('wasm');
  });

  it('page main thread (sync compile refused): @noble first, WASM once instantiated', async () => {
    const refuse = function Module() {
      throw new RangeError('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse, Instance: refuse }));
    const m = await fresh();
    expect(m.bn254Backend()).toBe('noble');
    check(m);
    await m.bn254Ready();
    expect(m.bn254Backend()).toBe('wasm');
    check(m);
  });

  it('no WebAssembly, or WebAssembly forbidden: @noble, final', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    let m = await fresh();
    await m.bn254Ready();
    expect(m.bn254Backend()).toBe('noble');
    check(m);
    const refuse = function Module() {
      throw new realWasm.CompileError('disallowed');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse, compile: () => Promise.reject(new realWasm.CompileError('disallowed')) }));
    m = await fresh();
    await expect(m.bn254Ready()).resolves.toBeUndefined();
    expect(m.bn254Backend()).toBe('noble');
    check(m);
    m.forceNoble(false);
    expect(m.bn254Backend()).toBe('noble'); // nothing to return to
  });

  it('a forced @noble survives the late async switch-over', async () => {
    const refuse = function Module() {
      throw new RangeError('sync compile refused');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse }));
    const m = await fresh();
    m.forceNoble(true);
    await m.bn254Ready();
    expect(m.bn254Backend()).toBe('noble');
    m.forceNoble(false);
    expect(m.bn254Backend()).toBe('wasm');
    check(m);
  });

  it('ready in Node means WASM', async () => {
    await bn254Ready();
    expect(bn254Backend()).toBe('wasm');
    expect(Fp2.ORDER).toBe(BN254_P * BN254_P);
  });
});
