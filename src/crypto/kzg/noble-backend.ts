/**
 * The reference KZG backend (./backend.ts): scalar-field vectors as bigint arrays, G1 and G2 as
 * @noble/curves BLS12-381 points. The WASM kernel is tested against it, and it serves where
 * WebAssembly is missing. Decoding and encoding of points are src/crypto/bls/noble.ts's (the
 * ZCash encodings, without noble's subgroup check on every decode); MSMs are noble's Pippenger.
 * @module
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bigIntToBytesPadded, bytesToBigInt } from '../../core/bytes.ts';
import { nobleBls } from '../bls/noble.ts';
import { BLS_MODULUS, type KzgBackend } from './backend.ts';
import { computeRootsOfUnity, frBatchInv, frInv, frMod, frPow, reverseBits } from './field.ts';

const { G1, G2, fields, pairingBatch } = bls12_381;
type G1Point = typeof G1.Point.BASE;
type G2Point = typeof G2.Point.BASE;
const R = BLS_MODULUS;

/** Iterative radix-2 FFT in place over any group written additively (`mul` by a root). */
function fftInPlace<T>(a: T[], roots: readonly bigint[], add: (x: T, y: T) => T, sub: (x: T, y: T) => T, mul: (x: T, k: bigint) => T): void {
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const j = reverseBits(i, n);
    if (j > i) [a[i], a[j]] = [a[j]!, a[i]!];
  }
  for (let half = 1; half < n; half <<= 1) {
    const stride = n / (2 * half);
    for (let start = 0; start < n; start += 2 * half) {
      for (let k = 0; k < half; k++) {
        const t = mul(a[start + k + half]!, roots[k * stride]!);
        const u = a[start + k]!;
        a[start + k] = add(u, t);
        a[start + k + half] = sub(u, t);
      }
    }
  }
}

/** The n-th roots of unity, or their inverses (ω^0, ω^-1, …) for the inverse transform. */
function fftRoots(n: number, inverse: boolean): readonly bigint[] {
  const roots = computeRootsOfUnity(n);
  return inverse ? roots.map((_, i) => roots[(n - i) % n]!) : roots;
}

function frFft(v: readonly bigint[], inverse: boolean): bigint[] {
  const out = v.slice();
  fftInPlace(out, fftRoots(out.length, inverse), (x, y) => (x + y) % R, (x, y) => (x - y + R) % R, (x, k) => (x * k) % R);
  if (!inverse) return out;
  const nInv = frInv(BigInt(out.length));
  return out.map((x) => (x * nInv) % R);
}

const mulPoint = (p: G1Point, k: bigint): G1Point => (k === 1n ? p : p.multiplyUnsafe(k));

function frEvaluateBrp(v: readonly bigint[], z: bigint): bigint {
  const width = v.length;
  const roots = computeRootsOfUnity(width);
  // Bit-reversed domain: element i sits at ω^reverse_bits(i).
  const domain = v.map((_, i) => roots[reverseBits(i, width)]!);
  const at = domain.indexOf(z);
  if (at >= 0) return v[at]!;
  const inverses = frBatchInv(domain.map((w) => (z - w + R) % R));
  let sum = 0n;
  for (let i = 0; i < width; i++) sum = (sum + ((v[i]! * domain[i]!) % R) * inverses[i]!) % R;
  const r = (frPow(z, BigInt(width)) - 1n + R) % R;
  return (((sum * r) % R) * frInv(BigInt(width))) % R;
}

/** The @noble/curves backend; vectors are bigint arrays. */
export const nobleKzg: KzgBackend<bigint[], G1Point, G2Point> = {
  name: 'noble',

  frFromBytes(bytes) {
    const out: bigint[] = new Array(bytes.length / 32);
    for (let i = 0; i < out.length; i++) {
      const x = bytesToBigInt(bytes.subarray(32 * i, 32 * i + 32));
      if (x >= R) return i;
      out[i] = x;
    }
    return out;
  },
  frToBytes(v) {
    const out = new Uint8Array(32 * v.length);
    v.forEach((x, i) => out.set(bigIntToBytesPadded(x, 32), 32 * i));
    return out;
  },
  frFromBigints: (values) => values.slice(),
  frToBigints: (v) => v.slice(),
  frLength: (v) => v.length,
  frZeros: (n) => new Array<bigint>(n).fill(0n),
  frSlice: (v, start, end) => v.slice(start, end),
  frConcat: (vs) => vs.flat(),
  frBitReverse: (v) => v.map((_, i) => v[reverseBits(i, v.length)]!),
  frFft,
  frScalePowers(v, s) {
    let power = 1n;
    return v.map((x) => {
      const y = (x * power) % R;
      power = (power * s) % R;
      return y;
    });
  },
  frAxpy(acc, v, a) {
    for (let i = 0; i < acc.length; i++) acc[i] = (acc[i]! + a * v[i]!) % R;
  },
  frMul: (a, b) => a.map((x, i) => (x * b[i]!) % R),
  frInverse(v) {
    const zero = v.indexOf(0n);
    return zero >= 0 ? zero : frBatchInv(v);
  },
  frEvaluateBrp,

  g1Decompress: (bytes) => nobleBls.g1Decompress(bytes),
  g1InSubgroup: (p) => p.isTorsionFree(),
  g1Compress: (p) => nobleBls.g1Compress(p),
  g1IsIdentity: (p) => p.is0(),
  g1Identity: () => G1.Point.ZERO,
  g1Generator: () => G1.Point.BASE,
  g1Sum: (points) => points.reduce((acc, p) => acc.add(p), G1.Point.ZERO),
  g1Neg: (p) => p.negate(),
  g1Msm(points, scalars) {
    if (points.length === 0) return G1.Point.ZERO;
    return pippenger(G1.Point, points.slice(), scalars.map(frMod));
  },
  g1MsmFr(points, scalars) {
    return this.g1Msm(points, scalars);
  },
  g1Fft(points, inverse) {
    const out = points.slice();
    fftInPlace(out, fftRoots(out.length, inverse), (x, y) => x.add(y), (x, y) => x.subtract(y), mulPoint);
    if (!inverse) return out;
    const nInv = frInv(BigInt(out.length));
    return out.map((p) => p.multiplyUnsafe(nInv));
  },
  g2Decompress: (bytes) => nobleBls.g2Decompress(bytes),
  g2Generator: () => G2.Point.BASE,
  pairingProductIsOne(pairs) {
    // A pair with the point at infinity contributes 1 to the product.
    const live = pairs.filter(([g1, g2]) => !g1.is0() && !g2.is0()).map(([g1, g2]) => ({ g1, g2 }));
    return fields.Fp12.eql(pairingBatch(live), fields.Fp12.ONE);
  },
};
