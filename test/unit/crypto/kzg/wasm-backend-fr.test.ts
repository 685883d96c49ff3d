/**
 * The WASM KZG backend's scalar-field half (src/crypto/kzg/wasm-backend.ts over
 * wasm/bls12381/kzg.ts) against plain bigint arithmetic (./wasm-reference.ts): conversions with
 * the canonical check, FFTs against the definition, bit reversal, batch inversion, barycentric
 * evaluation against Lagrange interpolation, powers, axpy, products. The kernel's scratch stack
 * must be empty after every test.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { instantiateWasmKzg, instantiateWasmKzgSync, type WasmKzgBackend } from '../../../../src/crypto/kzg/wasm-backend.ts';
import { R, bitReverse, inv, lagrangeEval, mod, naiveDft, pow, reverseBits, rng, rootOfUnity, toBytes32 } from './wasm-reference.ts';

let k: WasmKzgBackend;
beforeAll(() => {
  k = instantiateWasmKzgSync();
});
afterEach(() => {
  expect(k.scratchUsed()).toBe(0);
});

const EDGE = [0n, 1n, 2n, R - 1n, R - 2n, (R - 1n) / 2n, (R + 1n) / 2n, 1n << 128n, (1n << 254n) + 7n];
const randomVector = (rand: (b: bigint) => bigint, n: number): bigint[] => Array.from({ length: n }, () => rand(R));

describe('WASM KZG backend: conversions', () => {
  const rand = rng('fr-conv');

  it('bytes and bigints round-trip through the vector for edge and random values', () => {
    const values = [...EDGE, ...randomVector(rand, 40)];
    const bytes = toBytes32(values);
    const v = k.frFromBytes(bytes);
    if (typeof v === 'number') throw new Error(`rejected element ${v}`);
    expect(k.frLength(v)).toBe(values.length);
    expect(k.frToBigints(v)).toEqual(values);
    expect(k.frToBytes(v)).toEqual(bytes);
    expect(k.frToBigints(k.frFromBigints(values))).toEqual(values);
    expect(k.frToBytes(k.frFromBigints(values))).toEqual(bytes);
  });

  it('frFromBytes names the first element not below r: r, r + 1, 2^256 − 1', () => {
    for (const bad of [R, R + 1n, (1n << 256n) - 1n, 1n << 255n]) {
      for (const at of [0, 5, 63]) {
        const values = randomVector(rand, 64);
        values[at] = bad;
        if (at + 3 < 64) values[at + 3] = R; // a later bad one is not the one named
        expect(k.frFromBytes(toBytes32(values))).toBe(at);
      }
    }
  });

  it('empty input is an empty vector; a length not a multiple of 32 is an InputError', () => {
    const v = k.frFromBytes(new Uint8Array(0));
    expect(typeof v).not.toBe('number');
    expect(k.frLength(v as Uint32Array)).toBe(0);
    expect(() => k.frFromBytes(new Uint8Array(33))).toThrow(InputError);
  });

  it('frFromBigints refuses values outside [0, r)', () => {
    expect(() => k.frFromBigints([1n, R])).toThrow(RangeError);
    expect(() => k.frFromBigints([-1n])).toThrow(RangeError);
  });

  it('zeros, slices and concatenations are values of the right elements', () => {
    const a = randomVector(rand, 10);
    const b = randomVector(rand, 6);
    const va = k.frFromBigints(a);
    expect(k.frToBigints(k.frZeros(4))).toEqual([0n, 0n, 0n, 0n]);
    expect(k.frToBigints(k.frSlice(va, 3, 7))).toEqual(a.slice(3, 7));
    expect(k.frToBigints(k.frConcat([va, k.frFromBigints(b), k.frZeros(0)]))).toEqual([...a, ...b]);
    const slice = k.frSlice(va, 0, 2);
    slice.fill(0);
    expect(k.frToBigints(va)).toEqual(a); // a copy, not a view
  });
});

describe('WASM KZG backend: FFT and permutations', () => {
  const rand = rng('fr-fft');

  it('frBitReverse is bit_reversal_permutation', () => {
    for (const n of [1, 2, 8, 64, 4096]) {
      const v = randomVector(rand, n);
      expect(k.frToBigints(k.frBitReverse(k.frFromBigints(v)))).toEqual(bitReverse(v));
    }
    expect(() => k.frBitReverse(k.frZeros(6))).toThrow(InputError);
  });

  it('frFft matches the DFT over 7^((r−1)/n) at n = 1 … 32, both directions', () => {
    for (const n of [1, 2, 4, 8, 16, 32]) {
      const v = randomVector(rand, n);
      v[0] = R - 1n;
      const fv = k.frFromBigints(v);
      expect(k.frToBigints(k.frFft(fv, false))).toEqual(naiveDft(v, false));
      expect(k.frToBigints(k.frFft(fv, true))).toEqual(naiveDft(v, true));
      expect(k.frToBigints(fv)).toEqual(v); // the input is untouched
    }
  });

  it('frFft round-trips at 64, 128, 4096 and 8192', () => {
    for (const n of [64, 128, 4096, 8192]) {
      const v = randomVector(rand, n);
      const fv = k.frFromBigints(v);
      expect(k.frToBigints(k.frFft(k.frFft(fv, false), true))).toEqual(v);
      expect(k.frToBigints(k.frFft(k.frFft(fv, true), false))).toEqual(v);
    }
  });

  it('frFft at 8192 and 4096 evaluates at the right roots (spot checks against Horner)', () => {
    for (const n of [4096, 8192]) {
      const v = randomVector(rand, n);
      const out = k.frToBigints(k.frFft(k.frFromBigints(v), false));
      const w = rootOfUnity(n);
      for (const i of [0, 1, 2, n / 2, n - 1, 1234]) {
        const x = pow(w, BigInt(i));
        let acc = 0n;
        for (let j = n - 1; j >= 0; j--) acc = mod(acc * x + v[j]!);
        expect(out[i]).toBe(acc);
      }
    }
  });

  it('frFft refuses lengths that are not powers of two or above 8192', () => {
    expect(() => k.frFft(k.frZeros(12), false)).toThrow(InputError);
    expect(() => k.frFft(k.frZeros(16384), false)).toThrow(InputError);
  });
});

describe('WASM KZG backend: element-wise operations', () => {
  const rand = rng('fr-elementwise');

  it('frScalePowers, frAxpy and frMul match bigint arithmetic', () => {
    for (const n of [1, 2, 64, 100]) {
      const a = [...EDGE, ...randomVector(rand, n)].slice(0, n);
      const b = randomVector(rand, n);
      for (const s of [0n, 1n, R - 1n, rand(R)]) {
        expect(k.frToBigints(k.frScalePowers(k.frFromBigints(a), s))).toEqual(a.map((x, j) => mod(x * pow(s, BigInt(j)))));
        const acc = k.frFromBigints(b);
        k.frAxpy(acc, k.frFromBigints(a), s);
        expect(k.frToBigints(acc)).toEqual(b.map((y, j) => mod(y + s * a[j]!)));
      }
      expect(k.frToBigints(k.frMul(k.frFromBigints(a), k.frFromBigints(b)))).toEqual(a.map((x, j) => mod(x * b[j]!)));
    }
    expect(() => k.frMul(k.frZeros(2), k.frZeros(3))).toThrow(InputError);
    expect(() => k.frAxpy(k.frZeros(2), k.frZeros(3), 1n)).toThrow(InputError);
  });

  it('frInverse inverts every element, or names the first zero', () => {
    const v = [...EDGE.filter((x) => x !== 0n), ...randomVector(rand, 60)];
    const out = k.frInverse(k.frFromBigints(v));
    if (typeof out === 'number') throw new Error(`zero at ${out}`);
    expect(k.frToBigints(out)).toEqual(v.map(inv));
    expect(k.frInverse(k.frFromBigints([0n]))).toBe(0);
    const withZeros = [...v];
    withZeros[17] = 0n;
    withZeros[40] = 0n;
    expect(k.frInverse(k.frFromBigints(withZeros))).toBe(17);
    expect(k.frLength(k.frInverse(k.frZeros(0)) as Uint32Array)).toBe(0);
  });
});

describe('WASM KZG backend: frEvaluateBrp (evaluate_polynomial_in_evaluation_form)', () => {
  const rand = rng('fr-eval');

  it('matches Lagrange interpolation at n = 16 (−1, on the domain, included), and returns v_i at each domain point', () => {
    const v = randomVector(rand, 16);
    const fv = k.frFromBigints(v);
    for (const z of [0n, 2n, R - 1n, R - 5n, rand(R), rand(R)]) {
      expect(k.frEvaluateBrp(fv, z)).toBe(lagrangeEval(v, z));
    }
    const w = rootOfUnity(16);
    for (let i = 0; i < 16; i++) expect(k.frEvaluateBrp(fv, pow(w, BigInt(reverseBits(i, 4))))).toBe(v[i]);
  });

  it('matches the barycentric formula in bigints at n = 4096, and the domain points of a blob', () => {
    const n = 4096;
    const v = randomVector(rand, n);
    const fv = k.frFromBigints(v);
    const roots = bitReverse(Array.from({ length: n }, (_, i) => pow(rootOfUnity(n), BigInt(i))));
    const z = rand(R);
    // Σ v_i·ω_i/(z − ω_i) with one inversion (prefix products), times (z^n − 1)/n.
    const den = roots.map((w) => mod(z - w));
    const prefix: bigint[] = [];
    let acc = 1n;
    for (const d of den) {
      prefix.push(acc);
      acc = mod(acc * d);
    }
    let invAcc = inv(acc);
    let sum = 0n;
    for (let i = n - 1; i >= 0; i--) {
      sum = mod(sum + v[i]! * roots[i]! * mod(invAcc * prefix[i]!));
      invAcc = mod(invAcc * den[i]!);
    }
    expect(k.frEvaluateBrp(fv, z)).toBe(mod(sum * (pow(z, BigInt(n)) - 1n) * inv(BigInt(n))));
    for (const i of [0, 1, 17, 2048, 4095]) expect(k.frEvaluateBrp(fv, roots[i]!)).toBe(v[i]);
    // A root of unity of higher order (off this domain) is an ordinary point.
    const off = rootOfUnity(8192);
    expect(k.frEvaluateBrp(k.frFromBigints(v.slice(0, 16)), off)).toBe(lagrangeEval(v.slice(0, 16), off));
  });

  it('a constant polynomial evaluates to its constant anywhere', () => {
    const c = rand(R);
    expect(k.frEvaluateBrp(k.frFromBigints(Array(4096).fill(c)), rand(R))).toBe(c);
  });
});

describe('WASM KZG backend: instantiation', () => {
  it('the asynchronous instantiation gives the same answers as the synchronous one', async () => {
    const other = await instantiateWasmKzg();
    const rand = rng('fr-async');
    const v = randomVector(rand, 64);
    const z = rand(R);
    expect(other.frEvaluateBrp(other.frFromBigints(v), z)).toBe(k.frEvaluateBrp(k.frFromBigints(v), z));
    expect(other.frToBigints(other.frFft(other.frFromBigints(v), true))).toEqual(naiveDft(v, true));
  });
});
