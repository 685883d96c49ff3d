/**
 * The WASM KZG backend's group half (src/crypto/kzg/wasm-backend.ts) against @noble/curves'
 * bls12_381 and the BLS kernel's own G1 routines (src/crypto/bls/kernel.ts): point encodings,
 * hostile ones included (off the curve, outside the subgroup, bad flags), sums, negation, MSMs
 * with zero scalars and points at infinity, the G1 FFT against its definition, and the pairing
 * product. The kernel's scratch stack must be empty after every test.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { type Bls12381Kernel, instantiateBls12381Sync } from '../../../../src/crypto/bls/kernel.ts';
import { instantiateWasmKzgSync, type WasmKzgBackend } from '../../../../src/crypto/kzg/wasm-backend.ts';
import { R, inv, mod, pow, rng, rootOfUnity } from './wasm-reference.ts';

const { Fp, Fp2 } = bls12_381.fields;
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type G1P = InstanceType<typeof G1>;
type G2P = InstanceType<typeof G2>;
const P = Fp.ORDER;

let k: WasmKzgBackend;
let bls: Bls12381Kernel;
beforeAll(() => {
  k = instantiateWasmKzgSync();
  bls = instantiateBls12381Sync();
});
afterEach(() => {
  expect(k.scratchUsed()).toBe(0);
});

function point(decoded: ReturnType<WasmKzgBackend['g1Decompress']>): Uint8Array {
  if (!('point' in decoded)) throw new Error(decoded.error);
  return decoded.point;
}
const toKernel = (p: G1P): Uint8Array => point(k.g1Decompress(p.toBytes(true)));
const toKernel2 = (q: G2P): Uint8Array => point(k.g2Decompress(q.toBytes(true)));
const fromKernel = (p: Uint8Array): G1P => G1.fromBytes(k.g1Compress(p));

/** A compressed encoding of a point of E: y² = x³ + 4 outside G1 (overwhelmingly likely for a random x). */
function outsideG1(rand: (b: bigint) => bigint): Uint8Array {
  for (;;) {
    const x = rand(P);
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    if (Fp.sqr(Fp.pow(rhs, (P + 1n) / 4n)) !== rhs) continue;
    const bytes = Fp.toBytes(x);
    bytes[0]! |= 0x80;
    return bytes;
  }
}

/** A compressed encoding of an x with no point on E. */
function offCurveG1(rand: (b: bigint) => bigint): Uint8Array {
  for (;;) {
    const x = rand(P);
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    if (Fp.sqr(Fp.pow(rhs, (P + 1n) / 4n)) === rhs) continue;
    const bytes = Fp.toBytes(x);
    bytes[0]! |= 0x80;
    return bytes;
  }
}

/** A compressed encoding of a point of the twist outside G2. */
function outsideG2(rand: (b: bigint) => bigint): Uint8Array {
  const b = Fp2.fromBigTuple([4n, 4n]);
  for (;;) {
    const x = Fp2.fromBigTuple([rand(P), rand(P)]);
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue;
    }
    if (!Fp2.eql(Fp2.sqr(y), rhs)) continue;
    const out = new Uint8Array(96);
    out.set(Fp.toBytes(x.c1), 0);
    out.set(Fp.toBytes(x.c0), 48);
    out[0]! |= 0x80;
    return out;
  }
}

describe('WASM KZG backend: G1 encodings', () => {
  const rand = rng('g1-enc');

  it('decompress and compress agree with noble, infinity included', () => {
    const pts = [G1.BASE, G1.ZERO, G1.BASE.negate(), ...Array.from({ length: 8 }, () => G1.BASE.multiply(rand(R - 1n) + 1n))];
    for (const p of pts) {
      const kp = toKernel(p);
      expect(k.g1Compress(kp)).toEqual(p.toBytes(true));
      expect(k.g1IsIdentity(kp)).toBe(p.is0());
      expect(k.g1InSubgroup(kp)).toBe(true);
    }
    expect(k.g1Compress(k.g1Identity())).toEqual(G1.ZERO.toBytes(true));
    expect(k.g1Compress(k.g1Generator())).toEqual(G1.BASE.toBytes(true));
  });

  it('hostile encodings: off the curve, coordinate ≥ p, bad flags, non-canonical infinity', () => {
    expect(k.g1Decompress(offCurveG1(rand))).toEqual({ error: 'not a point of the curve' });
    const big = new Uint8Array(48).fill(0xff);
    big[0] = 0x9f; // C set, x = 2^381 − 1 ≥ p
    expect(k.g1Decompress(big)).toEqual({ error: 'coordinate not below the field modulus' });
    const noC = G1.BASE.toBytes(true);
    noC[0]! &= 0x7f;
    expect(k.g1Decompress(noC)).toEqual({ error: 'compression flag does not match the length' });
    const inf = G1.ZERO.toBytes(true);
    inf[47] = 1;
    expect(k.g1Decompress(inf)).toEqual({ error: 'non-canonical encoding of the point at infinity' });
    const infS = G1.ZERO.toBytes(true);
    infS[0]! |= 0x20;
    expect(k.g1Decompress(infS)).toEqual({ error: 'non-canonical encoding of the point at infinity' });
    expect(() => k.g1Decompress(new Uint8Array(47))).toThrow(InputError);
  });

  it('a curve point outside G1 decodes and fails the subgroup check, as noble refuses it', () => {
    for (let i = 0; i < 4; i++) {
      const bytes = outsideG1(rand);
      const p = point(k.g1Decompress(bytes));
      expect(k.g1InSubgroup(p)).toBe(false);
      expect(k.g1Compress(p)).toEqual(bytes);
      expect(() => G1.fromBytes(bytes)).toThrow();
    }
  });
});

describe('WASM KZG backend: G1 sums and MSMs', () => {
  const rand = rng('g1-msm');
  const nobleMsm = (pts: G1P[], ks: bigint[]): G1P => pts.reduce((acc, p, i) => (ks[i] === 0n ? acc : acc.add(p.multiply(ks[i]!))), G1.ZERO);

  it('g1Sum and g1Neg match noble and the BLS kernel’s own g1Combine', () => {
    const pts = [G1.BASE, G1.ZERO, G1.BASE, G1.BASE.negate(), G1.BASE.multiply(rand(R - 1n) + 1n), G1.BASE.multiply(7n)];
    const kp = pts.map(toKernel);
    const sum = pts.reduce((a, b) => a.add(b), G1.ZERO);
    expect(fromKernel(k.g1Sum(kp)).equals(sum)).toBe(true);
    expect(k.g1Sum(kp)).toEqual(bls.g1Combine(kp, []));
    expect(k.g1IsIdentity(k.g1Sum([]))).toBe(true);
    expect(k.g1IsIdentity(k.g1Sum([kp[0]!, k.g1Neg(kp[0]!)]))).toBe(true);
    expect(fromKernel(k.g1Neg(kp[4]!)).equals(pts[4]!.negate())).toBe(true);
    expect(k.g1IsIdentity(k.g1Neg(k.g1Identity()))).toBe(true);
  });

  /** Runs `check` on the engine's Straus/Pippenger and on the batch-affine GLV Pippenger. */
  function bothPaths(check: () => void): void {
    const kept = k.glvFrom;
    try {
      for (const from of [Infinity, 1]) {
        k.glvFrom = from;
        check();
      }
    } finally {
      k.glvFrom = kept;
    }
  }

  it('g1Msm and g1MsmFr match noble at n = 0, 1, 2, 64, 200 with zero scalars and points at infinity, on both MSMs', () => {
    const all = Array.from({ length: 200 }, () => G1.BASE.multiply(rand(R - 1n) + 1n));
    const allK = all.map(toKernel);
    const seedSquared = 0xd201000000010000n ** 2n;
    for (const n of [0, 1, 2, 64, 200]) {
      const pts = all.slice(0, n);
      const kp = allK.slice(0, n);
      const ks = Array.from({ length: n }, () => rand(R));
      if (n >= 2) {
        ks[1] = 0n;
        ks[0] = R - 1n;
        pts[n - 1] = G1.ZERO;
        kp[n - 1] = k.g1Identity();
      }
      if (n >= 64) {
        // GLV's halves at their edges: k < x² (q = 0), k = x² (s = 0), k = x² − 1, small k.
        [ks[2], ks[3], ks[4], ks[5]] = [rand(seedSquared), seedSquared, seedSquared - 1n, 3n];
      }
      const expected = nobleMsm(pts, ks);
      bothPaths(() => {
        expect(fromKernel(k.g1Msm(kp, ks)).equals(expected)).toBe(true);
        expect(fromKernel(k.g1MsmFr(kp, k.frFromBigints(ks))).equals(expected)).toBe(true);
      });
    }
    expect(() => k.g1Msm(allK.slice(0, 2), [1n])).toThrow(InputError);
    bothPaths(() => expect(() => k.g1Msm(allK.slice(0, 1), [R])).toThrow(RangeError));
  });

  it('MSM of a point with itself and its negation (the exceptional additions), on both MSMs', () => {
    const p = toKernel(G1.BASE.multiply(5n));
    bothPaths(() => {
      expect(fromKernel(k.g1Msm([p, p, p], [1n, 1n, 2n])).equals(G1.BASE.multiply(20n))).toBe(true);
      expect(k.g1IsIdentity(k.g1Msm([p, k.g1Neg(p)], [3n, 3n]))).toBe(true);
      const many = Array.from({ length: 40 }, () => p);
      const ks = Array.from({ length: 40 }, (_, i) => BigInt(i));
      expect(fromKernel(k.g1Msm(many, ks)).equals(G1.BASE.multiply(5n * 780n))).toBe(true);
      // Equal and opposite points meeting in buckets: P, −P, 2P with equal and opposite scalars.
      const two = toKernel(G1.BASE.multiply(10n));
      const mixed = Array.from({ length: 60 }, (_, i) => [p, k.g1Neg(p), two][i % 3]!);
      const mk = Array.from({ length: 60 }, (_, i) => (i % 5 === 0 ? R - 1n : BigInt(i % 7)));
      const expected = mk.reduce((acc, s, i) => acc + s * [5n, -5n, 10n][i % 3]!, 0n);
      expect(fromKernel(k.g1Msm(mixed, mk)).equals(mod(expected) === 0n ? G1.ZERO : G1.BASE.multiply(mod(expected)))).toBe(true);
    });
  });

  it('g1Msm of the generator agrees with the BLS kernel’s g1MulBase', () => {
    for (let i = 0; i < 4; i++) {
      const s = rand(R);
      expect(k.g1Msm([k.g1Generator()], [s])).toEqual(bls.g1MulBase(s));
    }
  });
});

describe('WASM KZG backend: G1 FFT', () => {
  const rand = rng('g1-fft');

  it('matches the definition Σ_j [ω^(ij)]P_j at n = 1, 2, 4, 8, both directions', () => {
    for (const n of [1, 2, 4, 8]) {
      const pts = Array.from({ length: n }, () => G1.BASE.multiply(rand(R - 1n) + 1n));
      if (n >= 4) pts[2] = G1.ZERO;
      const kp = pts.map(toKernel);
      for (const inverse of [false, true]) {
        const w = inverse ? inv(rootOfUnity(n)) : rootOfUnity(n);
        const scale = inverse ? inv(BigInt(n)) : 1n;
        const out = k.g1Fft(kp, inverse);
        for (let i = 0; i < n; i++) {
          const expected = pts.reduce((acc, p, j) => acc.add(p.multiply(mod(pow(w, BigInt(i * j)) * scale))), G1.ZERO);
          expect(fromKernel(out[i]!).equals(expected)).toBe(true);
        }
      }
    }
  });

  it('round-trips at n = 64, and agrees with the scalar FFT on multiples of the generator', () => {
    const n = 64;
    const ks = Array.from({ length: n }, () => rand(R));
    const kp = ks.map((s) => k.g1Msm([k.g1Generator()], [s]));
    const out = k.g1Fft(kp, false);
    const scalarFft = k.frToBigints(k.frFft(k.frFromBigints(ks), false));
    out.forEach((p, i) => expect(p).toEqual(k.g1Msm([k.g1Generator()], [scalarFft[i]!])));
    expect(k.g1Fft(out, true)).toEqual(kp);
    expect(() => k.g1Fft(kp.slice(0, 3), false)).toThrow(InputError);
    expect(() => k.g1Fft(Array.from({ length: 512 }, () => kp[0]!), false)).toThrow(InputError);
  });

  it('round-trips at n = 128 with the second half at infinity (FK20’s shape), both orders', () => {
    const kp = Array.from({ length: 128 }, (_, i) => (i < 64 ? k.g1Msm([k.g1Generator()], [rand(R)]) : k.g1Identity()));
    expect(k.g1Fft(k.g1Fft(kp, false), true)).toEqual(kp);
    expect(k.g1Fft(k.g1Fft(kp, true), false)).toEqual(kp);
  });
});

describe('WASM KZG backend: G2 and the pairing product', () => {
  const rand = rng('pairing');

  it('g2Decompress accepts G2 points and refuses twist points outside G2 and off the curve', () => {
    const q = G2.BASE.multiply(rand(R - 1n) + 1n);
    expect(toKernel2(q)).toEqual(toKernel2(q));
    expect(k.g2Generator()).toEqual(toKernel2(G2.BASE));
    expect(toKernel2(G2.ZERO).every((b) => b === 0)).toBe(true);
    expect(k.g2Decompress(outsideG2(rand))).toEqual({ error: 'not in the G2 subgroup' });
    const bad = G2.BASE.toBytes(true);
    bad[95] = bad[95]! ^ 1;
    const decoded = k.g2Decompress(bad);
    expect('error' in decoded).toBe(true);
    expect(() => k.g2Decompress(new Uint8Array(48))).toThrow(InputError);
  });

  it('e(aP, bQ)·e(−abP, Q) = 1; a changed scalar, point or pairing is not', () => {
    const a = rand(R - 1n) + 1n;
    const b = rand(R - 1n) + 1n;
    const p = G1.BASE.multiply(rand(R - 1n) + 1n);
    const q = G2.BASE.multiply(rand(R - 1n) + 1n);
    const aP = toKernel(p.multiply(a));
    const bQ = toKernel2(q.multiply(b));
    const abP = toKernel(p.multiply(mod(a * b)));
    const Q = toKernel2(q);
    expect(k.pairingProductIsOne([[aP, bQ], [k.g1Neg(abP), Q]])).toBe(true);
    expect(k.pairingProductIsOne([[aP, bQ], [abP, Q]])).toBe(false);
    expect(k.pairingProductIsOne([[aP, Q], [k.g1Neg(abP), Q]])).toBe(false);
    expect(k.pairingProductIsOne([[aP, bQ]])).toBe(false);
    // Three pairs, one of them trivially 1.
    expect(k.pairingProductIsOne([[aP, bQ], [k.g1Neg(abP), Q], [k.g1Identity(), Q]])).toBe(true);
    expect(k.pairingProductIsOne([[aP, bQ], [k.g1Neg(abP), Q], [aP, toKernel2(G2.ZERO)]])).toBe(true);
  });

  it('kept G2 lines give the same answers: repeated points, more points than are kept, revisited', () => {
    const p = G1.BASE.multiply(rand(R - 1n) + 1n);
    const qs = Array.from({ length: 11 }, () => G2.BASE.multiply(rand(R - 1n) + 1n));
    for (const round of [0, 1]) {
      qs.forEach((q, i) => {
        const a = BigInt(i + 2 + round);
        const Q = toKernel2(q);
        const aQ = toKernel2(q.multiply(a));
        expect(k.pairingProductIsOne([[toKernel(p.multiply(a)), Q], [k.g1Neg(toKernel(p)), aQ]])).toBe(true);
        expect(k.pairingProductIsOne([[toKernel(p.multiply(a + 1n)), Q], [k.g1Neg(toKernel(p)), aQ]])).toBe(false);
      });
    }
  });

  it('pairs with infinity contribute 1; an empty product is 1', () => {
    const Q = k.g2Generator();
    expect(k.pairingProductIsOne([])).toBe(true);
    expect(k.pairingProductIsOne([[k.g1Identity(), Q]])).toBe(true);
    expect(k.pairingProductIsOne([[k.g1Generator(), toKernel2(G2.ZERO)]])).toBe(true);
    expect(k.pairingProductIsOne([[k.g1Generator(), Q]])).toBe(false);
  });

  it('the KZG shape: e(C − [y], −[1]₂)·e(π, [τ − z]₂) = 1 for a real opening', () => {
    // p(X) = 3 + 5X + 7X², τ a made-up secret: C = [p(τ)], π = [(p(τ) − p(z))/(τ − z)].
    const tau = rand(R);
    const z = rand(R);
    const evalAt = (x: bigint) => mod(3n + 5n * x + 7n * x * x);
    const y = evalAt(z);
    const quotient = mod((evalAt(tau) - y) * inv(mod(tau - z)));
    const g = k.g1Generator();
    const commitment = k.g1Msm([g], [evalAt(tau)]);
    const proof = k.g1Msm([g], [quotient]);
    const lhs = k.g1Sum([commitment, k.g1Neg(k.g1Msm([g], [y]))]);
    const negG2 = toKernel2(G2.BASE.negate());
    const tauMinusZ = toKernel2(G2.BASE.multiply(mod(tau - z)));
    expect(k.pairingProductIsOne([[lhs, negG2], [proof, tauMinusZ]])).toBe(true);
    const wrong = k.g1Msm([g], [mod(quotient + 1n)]);
    expect(k.pairingProductIsOne([[lhs, negG2], [wrong, tauMinusZ]])).toBe(false);
  });
});
