/**
 * Differential tests of every routine of the BN254 WebAssembly kernel (wasm/bn254.ts through
 * src/crypto/bn254/kernel.ts) against @noble/curves' bn254, on seeded random inputs and edge
 * cases (0, 1, p−1, infinity, P = ±Q, zero scalars). Every routine is also run with its output
 * aliasing its first input, and the kernel's scratch stack must be empty after each call.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bn254 } from '@noble/curves/bn254.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { type Bn254Kernel, SIZES, instantiateBn254, instantiateBn254Sync } from '../../../src/crypto/bn254/kernel.ts';
import { type Fp12, type G1Point, type G2Point, fp12FromArray, fp12ToArray } from '../../../src/crypto/bn254/types.ts';

const { Fp, Fp2, Fp6, Fp12: F12, Fr } = bn254.fields;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const P = Fp.ORDER;
const R = Fr.ORDER;
type N2 = ReturnType<typeof Fp2.fromBigTuple>;
type N6 = ReturnType<typeof Fp6.fromBigSix>;
type N12 = typeof F12.ONE;

/** Deterministic random bigints below `bound`: sha256(seed ‖ counter), 512 bits reduced. */
function rng(seed: string): (bound: bigint) => bigint {
  let counter = 0;
  return (bound) => {
    const enc = new TextEncoder().encode(`${seed}/${counter++}`);
    const h1 = sha256(enc);
    const h2 = sha256(h1);
    let x = 0n;
    for (const b of [...h1, ...h2]) x = (x << 8n) | BigInt(b);
    return x % bound;
  };
}

const EDGE = [0n, 1n, 2n, P - 1n, P - 2n, (P - 1n) / 2n, (P + 1n) / 2n, 1n << 128n, (1n << 253n) + 7n];

const f2 = (a: readonly bigint[], i = 0): N2 => Fp2.fromBigTuple([a[i]!, a[i + 1]!]);
const f6 = (a: readonly bigint[], i = 0): N6 => Fp6.fromBigSix(a.slice(i, i + 6) as never);
const f12 = (a: readonly bigint[]): N12 => fp12FromArray(a) as unknown as N12;
const a2 = (x: N2): bigint[] => [x.c0, x.c1];
const a6 = (x: N6): bigint[] => [...a2(x.c0), ...a2(x.c1), ...a2(x.c2)];
const a12 = (x: N12): bigint[] => fp12ToArray(x as unknown as Fp12);

const g1Of = (p: InstanceType<typeof G1>): G1Point => p.toAffine();
const g2Of = (p: InstanceType<typeof G2>): G2Point => {
  const { x, y } = p.toAffine();
  return { x: { c0: x.c0, c1: x.c1 }, y: { c0: y.c0, c1: y.c1 } };
};
const nobleG1 = (p: G1Point) => G1.fromAffine(p);
const nobleG2 = (p: G2Point) => G2.fromAffine({ x: Fp2.fromBigTuple([p.x.c0, p.x.c1]), y: Fp2.fromBigTuple([p.y.c0, p.y.c1]) });

/** A point on the twist that is (with overwhelming probability) not in G2. */
function twistPointOutsideG2(rand: (b: bigint) => bigint): G2Point {
  const b = Fp2.div(Fp2.fromBigTuple([3n, 0n]), Fp2.fromBigTuple([9n, 1n]));
  for (;;) {
    const x = Fp2.fromBigTuple([rand(P), rand(P)]);
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y: N2;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue;
    }
    if (!Fp2.eql(Fp2.sqr(y), rhs)) continue;
    return { x: { c0: x.c0, c1: x.c1 }, y: { c0: y.c0, c1: y.c1 } };
  }
}

let k: Bn254Kernel;
beforeAll(() => {
  k = instantiateBn254Sync();
});
afterEach(() => {
  expect(k.exports.scratchUsed()).toBe(0);
});

describe('BN254 kernel: Fp (29-bit-limb Montgomery arithmetic)', () => {
  const rand = rng('fp');
  const values = [...EDGE, ...Array.from({ length: 60 }, () => rand(P))];

  it('add, sub, mul, sqr, neg, half, inv agree with bigint arithmetic mod p (also in place)', () => {
    const mod = (x: bigint) => ((x % P) + P) % P;
    for (let i = 0; i < values.length; i++) {
      const a = values[i]!;
      const b = values[(i * 7 + 3) % values.length]!;
      for (const alias of [false, true]) {
        expect(k.run('fpAdd', 1, [[a], [b]], [], alias)[0]).toBe(mod(a + b));
        expect(k.run('fpSub', 1, [[a], [b]], [], alias)[0]).toBe(mod(a - b));
        expect(k.run('fpMul', 1, [[a], [b]], [], alias)[0]).toBe(mod(a * b));
        expect(k.run('fpSqr', 1, [[a]], [], alias)[0]).toBe(mod(a * a));
        expect(k.run('fpNeg', 1, [[a]], [], alias)[0]).toBe(mod(-a));
        expect(k.run('fpHalf', 1, [[a]], [], alias)[0]).toBe(Fp.div(a, 2n));
        expect(k.run('fpInv', 1, [[a]], [], alias)[0]).toBe(a === 0n ? 0n : Fp.inv(a));
      }
    }
  });

  it('long chains stay correct (almost-reduced values below 2p feed every operation)', () => {
    let x = 5n;
    let ref = 5n;
    const s = k.run('fpSqr', 1, [[x]]);
    for (let i = 0; i < 200; i++) {
      const y = values[i % values.length]!;
      x = k.run('fpMul', 1, [[x], [y]])[0]!;
      x = k.run('fpAdd', 1, [[x], [x]])[0]!;
      x = k.run('fpSub', 1, [[x], [y]])[0]!;
      ref = Fp.sub(Fp.add(Fp.mul(ref, y), Fp.mul(ref, y)), y);
    }
    expect(x).toBe(ref);
    expect(s[0]).toBe(25n);
  });

  it('refuses integers that are not below p', () => {
    for (const bad of [P, P + 1n, (1n << 256n) - 1n, 1n << 254n]) {
      expect(() => k.run('fpMul', 1, [[bad], [1n]])).toThrowError(RangeError);
    }
  });
});

describe('BN254 kernel: Fp2, Fp6, Fp12 towers', () => {
  const rand = rng('tower');
  const elems = (n: number, count: number) =>
    Array.from({ length: count }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === 0 ? 0n : i === 1 ? (j === 0 ? 1n : 0n) : i === 2 ? P - 1n : rand(P))),
    );

  it('Fp2 mul, sqr, inv, ·ξ', () => {
    const xs = elems(2, 40);
    for (let i = 0; i < xs.length; i++) {
      const a = xs[i]!;
      const b = xs[(i * 5 + 1) % xs.length]!;
      for (const alias of [false, true]) {
        expect(k.run('fp2Mul', 2, [a, b], [], alias)).toEqual(a2(Fp2.mul(f2(a), f2(b))));
        expect(k.run('fp2Sqr', 2, [a], [], alias)).toEqual(a2(Fp2.sqr(f2(a))));
        expect(k.run('fp2Inv', 2, [a], [], alias)).toEqual(Fp2.is0(f2(a)) ? [0n, 0n] : a2(Fp2.inv(f2(a))));
        expect(k.run('fp2MulByXi', 2, [a], [], alias)).toEqual(a2(Fp2.mul(f2(a), Fp2.fromBigTuple([9n, 1n]))));
      }
    }
  });

  it('Fp6 mul, sqr, inv, Frobenius', () => {
    const xs = elems(6, 24);
    for (let i = 0; i < xs.length; i++) {
      const a = xs[i]!;
      const b = xs[(i * 5 + 1) % xs.length]!;
      for (const alias of [false, true]) {
        expect(k.run('fp6Mul', 6, [a, b], [], alias)).toEqual(a6(Fp6.mul(f6(a), f6(b))));
        expect(k.run('fp6Sqr', 6, [a], [], alias)).toEqual(a6(Fp6.sqr(f6(a))));
        if (i > 0) expect(k.run('fp6Inv', 6, [a], [], alias)).toEqual(a6(Fp6.inv(f6(a))));
        for (const j of [1, 2, 3]) expect(k.run('fp6Frobenius', 6, [a], [j], alias)).toEqual(a6(Fp6.frobeniusMap(f6(a), j)));
      }
    }
  });

  it('Fp12 mul, sqr, inv, conjugate, Frobenius p, p², p³', () => {
    const xs = elems(12, 16);
    for (let i = 0; i < xs.length; i++) {
      const a = xs[i]!;
      const b = xs[(i * 5 + 1) % xs.length]!;
      for (const alias of [false, true]) {
        expect(k.run('fp12Mul', 12, [a, b], [], alias)).toEqual(a12(F12.mul(f12(a), f12(b))));
        expect(k.run('fp12Sqr', 12, [a], [], alias)).toEqual(a12(F12.sqr(f12(a))));
        if (i > 0) expect(k.run('fp12Inv', 12, [a], [], alias)).toEqual(a12(F12.inv(f12(a))));
        expect(k.run('fp12Conj', 12, [a], [], alias)).toEqual(a12(F12.conjugate(f12(a))));
        for (const j of [1, 2, 3]) expect(k.run('fp12Frobenius', 12, [a], [j], alias)).toEqual(a12(F12.frobeniusMap(f12(a), j)));
      }
    }
  });

  it('cyclotomic squaring equals squaring on the cyclotomic subgroup (and noble’s)', () => {
    for (let i = 0; i < 12; i++) {
      const a = F12.finalExponentiate(f12(Array.from({ length: 12 }, () => rand(P))));
      for (const alias of [false, true]) {
        const got = k.run('fp12CyclotomicSqr', 12, [a12(a)], [], alias);
        expect(got).toEqual(a12(F12.sqr(a)));
        expect(got).toEqual(a12(F12._cyclotomicSquare(a)));
      }
    }
  });

  it('sparse line multiplication equals a full multiplication by 1 + l3·w + l4·w³', () => {
    for (let i = 0; i < 12; i++) {
      const f = Array.from({ length: 12 }, () => rand(P));
      const l3 = [rand(P), rand(P)];
      const l4 = i === 0 ? [0n, 0n] : [rand(P), rand(P)];
      const line = [1n, 0n, 0n, 0n, 0n, 0n, ...l3, ...l4, 0n, 0n];
      expect(k.run('fp12MulByLine', 12, [f, l3, l4])).toEqual(a12(F12.mul(f12(f), f12(line))));
      expect(k.run('fp12MulByLine', 12, [f, l3, l4], [], true)).toEqual(a12(F12.mul(f12(f), f12(line))));
    }
  });

  it('final exponentiation equals noble’s on arbitrary Fp12 elements, and fp12IsOne', () => {
    for (let i = 0; i < 6; i++) {
      const a = Array.from({ length: 12 }, () => rand(P));
      const want = a12(F12.finalExponentiate(f12(a)));
      expect(k.run('finalExp', 12, [a])).toEqual(want);
      expect(k.run('finalExp', 12, [a], [], true)).toEqual(want);
    }
    const one = k.slot(1);
    k.load(one, a12(F12.ONE));
    expect(k.exports.fp12IsOne(one)).toBe(1);
    // p − 1 ≠ 1, and 1 + p·(anything) is not representable: canonical comparisons only.
    k.load(one, [P - 1n, ...Array(11).fill(0n)]);
    expect(k.exports.fp12IsOne(one)).toBe(0);
    k.load(one, [1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 1n]);
    expect(k.exports.fp12IsOne(one)).toBe(0);
  });
});

describe('BN254 kernel: G1 and G2', () => {
  const rand = rng('curves');
  const g1s = [G1.BASE, ...Array.from({ length: 12 }, () => G1.BASE.multiply(rand(R - 1n) + 1n))];
  const g2s = [G2.BASE, ...Array.from({ length: 8 }, () => G2.BASE.multiply(rand(R - 1n) + 1n))];
  const scalars = [0n, 1n, 2n, 3n, 15n, 16n, 31n, R - 1n, R - 2n, (R - 1n) / 2n, 1n << 200n, ...Array.from({ length: 8 }, () => rand(R))];

  it('G1 add, double, mul, with infinity, P + P and P + (−P)', () => {
    const zero = { x: 0n, y: 0n };
    for (let i = 0; i < g1s.length; i++) {
      const a = g1s[i]!;
      const b = g1s[(i + 3) % g1s.length]!;
      expect(k.g1Add(g1Of(a), g1Of(b))).toEqual(g1Of(a.add(b)));
      expect(k.g1Add(g1Of(a), g1Of(a))).toEqual(g1Of(a.double()));
      expect(k.g1Add(g1Of(a), g1Of(a.negate()))).toEqual(zero);
      expect(k.g1Add(g1Of(a), zero)).toEqual(g1Of(a));
      expect(k.g1Add(zero, g1Of(b))).toEqual(g1Of(b));
      expect(k.g1Double(g1Of(a))).toEqual(g1Of(a.double()));
      const s = scalars[i % scalars.length]!;
      expect(k.g1Mul(g1Of(a), s)).toEqual(g1Of(a.multiplyUnsafe(s)));
    }
    expect(k.g1Double(zero)).toEqual(zero);
    expect(k.g1Mul(zero, 5n)).toEqual(zero);
    for (const s of scalars) expect(k.g1Mul(g1Of(G1.BASE), s)).toEqual(g1Of(G1.BASE.multiplyUnsafe(s)));
  });

  it('G1 Jacobian routines directly: mixed addition special cases, equality, negation', () => {
    const e = k.exports;
    const [pa, pb, ja, jb, jc] = [1, 2, 3, 4, 5].map((i) => k.slot(i)) as [number, number, number, number, number];
    const a = G1.BASE.multiply(77n);
    k.load(pa, [a.x, a.y]);
    e.g1FromAffine(ja, pa);
    e.g1Double(jb, ja); // 2A, Z ≠ 1
    e.g1AddAffine(jc, jb, pa); // 3A
    expect(k.readG1(jc)).toEqual(g1Of(a.multiply(3n)));
    e.g1Neg(jb, ja);
    e.g1AddAffine(jc, jb, pa); // −A + A = 0
    expect(k.readG1(jc)).toEqual({ x: 0n, y: 0n });
    e.g1AddAffine(jc, ja, pa); // A + A via the doubling branch
    expect(k.readG1(jc)).toEqual(g1Of(a.double()));
    e.g1Double(jb, ja);
    e.g1Add(jc, ja, ja);
    expect(e.g1Eq(jb, jc)).toBe(1);
    expect(e.g1Eq(ja, jc)).toBe(0);
    k.load(pb, [0n, 0n]);
    e.g1FromAffine(jc, pb);
    e.g1AddAffine(jc, jc, pa); // O + A
    expect(e.g1Eq(jc, ja)).toBe(1);
  });

  it('G2 add, double, mul, with infinity, P + P and P + (−P)', () => {
    const zero = { x: { c0: 0n, c1: 0n }, y: { c0: 0n, c1: 0n } };
    for (let i = 0; i < g2s.length; i++) {
      const a = g2s[i]!;
      const b = g2s[(i + 3) % g2s.length]!;
      expect(k.g2Add(g2Of(a), g2Of(b))).toEqual(g2Of(a.add(b)));
      expect(k.g2Add(g2Of(a), g2Of(a))).toEqual(g2Of(a.double()));
      expect(k.g2Add(g2Of(a), g2Of(a.negate()))).toEqual(zero);
      expect(k.g2Add(g2Of(a), zero)).toEqual(g2Of(a));
      expect(k.g2Double(g2Of(a))).toEqual(g2Of(a.double()));
      const s = scalars[i % scalars.length]!;
      expect(k.g2Mul(g2Of(a), s)).toEqual(g2Of(a.multiplyUnsafe(s)));
    }
    for (const s of scalars.slice(0, 8)) expect(k.g2Mul(g2Of(G2.BASE), s)).toEqual(g2Of(G2.BASE.multiplyUnsafe(s)));
  });

  it('on-curve checks: generators and random points pass, perturbed points fail, infinity passes', () => {
    for (const p of g1s) {
      expect(k.g1IsOnCurve(g1Of(p))).toBe(true);
      const a = g1Of(p);
      expect(k.g1IsOnCurve({ x: a.x, y: (a.y + 1n) % P })).toBe(false);
    }
    expect(k.g1IsOnCurve({ x: 0n, y: 0n })).toBe(true);
    expect(k.g1IsOnCurve({ x: 0n, y: 1n })).toBe(false);
    for (const q of g2s) {
      const a = g2Of(q);
      expect(k.g2IsOnCurve(a)).toBe(true);
      expect(k.g2IsOnCurve({ x: a.x, y: { c0: a.y.c0, c1: (a.y.c1 + 1n) % P } })).toBe(false);
    }
    expect(k.g2IsOnCurve({ x: { c0: 0n, c1: 0n }, y: { c0: 0n, c1: 0n } })).toBe(true);
    expect(() => k.g1Add({ x: 1n, y: 3n }, g1Of(G1.BASE))).toThrowError(InputError);
    expect(() => k.g2Double({ x: { c0: 1n, c1: 0n }, y: { c0: 1n, c1: 0n } })).toThrowError(InputError);
  });

  it('G2 subgroup check agrees with noble and with [r]Q = O, also on crafted points', () => {
    const hasOrderR = (q: G2Point): boolean => {
      const a = k.slot(1);
      k.load(a, [q.x.c0, q.x.c1, q.y.c0, q.y.c1]);
      return k.exports.g2HasOrderR(a) === 1;
    };
    for (const q of g2s) {
      expect(k.g2IsInSubgroup(g2Of(q))).toBe(true);
      expect(hasOrderR(g2Of(q))).toBe(true);
    }
    expect(k.g2IsInSubgroup({ x: { c0: 0n, c1: 0n }, y: { c0: 0n, c1: 0n } })).toBe(true);
    const r2 = rng('outside-g2');
    for (let i = 0; i < 8; i++) {
      const q = twistPointOutsideG2(r2);
      const nq = nobleG2(q);
      expect(nq.isTorsionFree()).toBe(false);
      expect(hasOrderR(q)).toBe(false);
      expect(k.g2IsOnCurve(q)).toBe(true);
      expect(k.g2IsInSubgroup(q)).toBe(false);
      // Arithmetic on the twist works outside the subgroup too.
      expect(k.g2Mul(q, 12345n)).toEqual(g2Of(nq.multiplyUnsafe(12345n)));
      // [r]T has order dividing the cofactor: not in G2 (unless infinity); nor is G + [r]T.
      const t = nq.multiplyUnsafe(R - 1n).add(nq);
      if (!t.is0()) {
        expect(k.g2IsInSubgroup(g2Of(t))).toBe(false);
        expect(hasOrderR(g2Of(t))).toBe(false);
        const mixed = g2s[i]!.add(t);
        expect(k.g2IsInSubgroup(g2Of(mixed))).toBe(false);
        expect(mixed.isTorsionFree()).toBe(false);
      }
      // [h]T, h = #E'(Fp2)/r, is in G2.
      const h = 2n * P - R; // above r: in two halves for noble
      const cleared = nq.multiplyUnsafe(1n << 128n).multiplyUnsafe(h >> 128n).add(nq.multiplyUnsafe(h & ((1n << 128n) - 1n)));
      expect(k.g2IsInSubgroup(g2Of(cleared))).toBe(true);
      expect(hasOrderR(g2Of(cleared))).toBe(true);
    }
  });
});

describe('BN254 kernel: G1 multi-scalar multiplication', () => {
  const rand = rng('msm');
  const pool = Array.from({ length: 24 }, () => G1.BASE.multiply(rand(R - 1n) + 1n));

  function check(points: InstanceType<typeof G1>[], scalars: bigint[]): void {
    const want = points.length ? g1Of(pippenger(G1, points, scalars)) : { x: 0n, y: 0n };
    expect(k.g1Msm(points.map(g1Of), scalars)).toEqual(want);
  }

  it('sizes 0, 1, 2, 3, 5, 16 (Straus) and 17, 40, 130 (Pippenger)', () => {
    for (const n of [0, 1, 2, 3, 5, 16, 17, 40, 130]) {
      const pts = Array.from({ length: n }, (_, i) => pool[(i * 7) % pool.length]!);
      const ks = Array.from({ length: n }, () => rand(R));
      check(pts, ks);
    }
  });

  it('zero scalars, infinity points, repeated points, P and −P, extreme scalars', () => {
    for (const n of [4, 20]) {
      const pts = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? G1.ZERO : pool[i % 4]!));
      pts[1] = pool[0]!.negate();
      const ks = Array.from({ length: n }, (_, i) => [0n, 1n, R - 1n, rand(R), 2n ** 250n, 7n][i % 6]!);
      check(pts, ks);
      check(pts, ks.map(() => 0n));
      check(pts.map(() => pool[2]!), ks.map(() => R - 1n));
    }
    check([G1.ZERO], [5n]);
    check([pool[0]!, pool[0]!.negate()], [9n, 9n]);
  });

  it('scalar patterns that exercise the signed-digit carries', () => {
    const patterns = [(1n << 254n) - 1n, (1n << 253n) + 1n, 0x5555555555555555555555555555555555555555555555555555555555555555n % R, R - 1n];
    for (const n of [1, 3, 18]) {
      const pts = Array.from({ length: n }, (_, i) => pool[i % pool.length]!);
      for (const pat of patterns) check(pts, pts.map((_, i) => (pat >> BigInt(i)) % R));
    }
  });
});

describe('BN254 kernel: pairings', () => {
  const rand = rng('pairing');
  const ps = Array.from({ length: 6 }, () => G1.BASE.multiply(rand(R - 1n) + 1n));
  const qs = Array.from({ length: 6 }, () => G2.BASE.multiply(rand(R - 1n) + 1n));

  it('single pairings equal noble’s bn254.pairing', () => {
    const pairs: [InstanceType<typeof G1>, InstanceType<typeof G2>][] = [[G1.BASE, G2.BASE], ...ps.map((p, i) => [p, qs[i]!] as [typeof p, (typeof qs)[0]])];
    for (const [p, q] of pairs) {
      const got = k.finalExponentiate(k.millerLoop([[g1Of(p), g2Of(q)]]));
      expect(a12(got as unknown as N12)).toEqual(a12(bn254.pairing(p, q)));
    }
  });

  it('the Miller loop differs from noble’s only by factors the final exponentiation removes', () => {
    const p = ps[0]!;
    const q = qs[0]!;
    const mine = k.millerLoop([[g1Of(p), g2Of(q)]]);
    const theirs = bn254.pairing(p, q, false) as unknown as Fp12;
    expect(a12(k.finalExponentiate(theirs) as unknown as N12)).toEqual(a12(k.finalExponentiate(mine) as unknown as N12));
  });

  it('multi-pairing checks: products equal to 1 and not', () => {
    const a = rand(R);
    const b = rand(R);
    const P0 = ps[0]!;
    const Q0 = qs[0]!;
    // e(aP, bQ)·e(−abP, Q) = 1
    const ok = [
      [g1Of(P0.multiply(a)), g2Of(Q0.multiply(b))],
      [g1Of(P0.multiply(Fr.mul(a, b)).negate()), g2Of(Q0)],
    ] as [G1Point, G2Point][];
    expect(k.pairingCheck(ok)).toBe(true);
    expect(k.pairingCheck([...ok, ...ok])).toBe(true);
    expect(k.pairingCheck([ok[0]!])).toBe(false);
    expect(k.pairingCheck([ok[0]!, [g1Of(P0.multiply(Fr.mul(a, b))), g2Of(Q0)]])).toBe(false);
    // Groth16 shape: four pairs with product 1.
    const [x, y, z] = [rand(R), rand(R), rand(R)];
    const four = [
      [g1Of(P0.multiply(x)), g2Of(qs[1]!)],
      [g1Of(P0.multiply(y)), g2Of(qs[2]!)],
      [g1Of(P0.multiply(z)), g2Of(qs[3]!)],
      [g1Of(P0), g2Of(qs[1]!.multiply(x).add(qs[2]!.multiply(y)).add(qs[3]!.multiply(z)).negate())],
    ] as [G1Point, G2Point][];
    expect(k.pairingCheck(four)).toBe(true);
    const tampered = four.map((pair, i) => (i === 2 ? ([g1Of(P0.multiply(z + 1n)), pair[1]] as [G1Point, G2Point]) : pair));
    expect(k.pairingCheck(tampered)).toBe(false);
    // Against noble's verdict on the same products.
    for (const pairs of [ok, four, tampered]) {
      const nb = bn254.pairingBatch(pairs.map(([g, h]) => ({ g1: nobleG1(g), g2: nobleG2(h) })));
      expect(k.pairingCheck(pairs)).toBe(F12.eql(nb, F12.ONE));
    }
  });

  it('pairs with a point at infinity contribute 1; an empty product is 1', () => {
    const p = g1Of(ps[0]!);
    const q = g2Of(qs[0]!);
    const np = g1Of(ps[0]!.negate());
    const z1 = { x: 0n, y: 0n };
    const z2 = { x: { c0: 0n, c1: 0n }, y: { c0: 0n, c1: 0n } };
    expect(k.pairingCheck([])).toBe(true);
    expect(k.pairingCheck([[z1, q]])).toBe(true);
    expect(k.pairingCheck([[p, z2]])).toBe(true);
    expect(k.pairingCheck([[p, q], [z1, q], [np, q], [p, z2]])).toBe(true);
    expect(k.pairingCheck([[p, q], [z1, q]])).toBe(false);
    expect(a12(k.finalExponentiate(k.millerLoop([[z1, q]])) as unknown as N12)).toEqual(a12(F12.ONE));
  });

  it('a precomputed Miller-loop value joins the check (Groth16’s e(α, β))', () => {
    const [p, q] = [ps[1]!, qs[1]!];
    const extra = k.millerLoop([[g1Of(p), g2Of(q)]]);
    expect(k.pairingCheck([[g1Of(p.negate()), g2Of(q)]], extra)).toBe(true);
    expect(k.pairingCheck([[g1Of(p), g2Of(q)]], extra)).toBe(false);
    expect(k.pairingCheck([], extra)).toBe(false);
    // noble's Miller-loop value works as well: only the final exponentiation is canonical.
    const nobleExtra = bn254.pairing(p, q, false) as unknown as Fp12;
    expect(k.pairingCheck([[g1Of(p.negate()), g2Of(q)]], nobleExtra)).toBe(true);
  });

  it('rejects G2 points outside the subgroup and points off their curves', () => {
    const q = twistPointOutsideG2(rng('outside-pairing'));
    const p = g1Of(ps[0]!);
    expect(() => k.pairingCheck([[p, q]])).toThrowError(/pairs\[0\]\[1\].*subgroup/);
    expect(() => k.pairingCheck([[p, g2Of(qs[0]!)], [{ x: p.x, y: p.y + 1n }, g2Of(qs[0]!)]])).toThrowError(/pairs\[1\]\[0\].*curve/);
    const bad = g2Of(qs[0]!);
    expect(() => k.pairingCheck([[p, { x: bad.x, y: { c0: bad.y.c0 + 1n, c1: bad.y.c1 } }]])).toThrowError(/pairs\[0\]\[1\].*curve/);
  });

  it('prepared G2 points are cached (LRU) and spill beyond the cache without harm', async () => {
    const small = await instantiateBn254({ g2Cache: 2 });
    const pairs = ps.map((p, i) => [g1Of(p), g2Of(qs[i]!)] as [G1Point, G2Point]);
    const negs = ps.map((p, i) => [g1Of(p.negate()), g2Of(qs[i]!)] as [G1Point, G2Point]);
    // Six distinct G2 points in one check with room for two: four spill to transient tables.
    expect(small.pairingCheck([...pairs, ...negs])).toBe(true);
    expect(small.preparedCount).toBe(2);
    expect(small.pairingCheck([...pairs.slice(0, 3), ...negs.slice(0, 2)])).toBe(false);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 6; i++) expect(small.pairingCheck([pairs[i]!, negs[i]!])).toBe(true);
    }
    expect(small.preparedCount).toBe(2);
    expect(small.exports.scratchUsed()).toBe(0);
    // A failed validation leaves the cache usable.
    expect(() => small.pairingCheck([[pairs[0]![0], twistPointOutsideG2(rng('x'))]])).toThrowError(InputError);
    expect(small.pairingCheck([pairs[0]!, negs[0]!])).toBe(true);
  });

  it('table and work sizes are what the layouts say', () => {
    expect(k.tableBytes).toBe(88 * 2 * SIZES.fp2);
    expect(k.exports.g1MsmWorkSize(16)).toBe(0);
    expect(k.exports.g1MsmWorkSize(1000)).toBeGreaterThan(0);
  });
});
