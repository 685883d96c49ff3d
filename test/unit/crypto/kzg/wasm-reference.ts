/**
 * Plain bigint arithmetic mod BLS_MODULUS for the WASM KZG backend's differential tests
 * (wasm-backend-fr.test.ts, wasm-backend-g1.test.ts): the definitions, written the slow way.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { BLS_MODULUS as R } from '../../../../src/crypto/kzg/backend.ts';

export { R };

export const mod = (a: bigint): bigint => ((a % R) + R) % R;

export function pow(a: bigint, e: bigint): bigint {
  let out = 1n;
  for (let b = mod(a); e > 0n; e >>= 1n, b = mod(b * b)) if (e & 1n) out = mod(out * b);
  return out;
}

export const inv = (a: bigint): bigint => pow(a, R - 2n);

/** A primitive n-th root of unity as the specs define it: 7^((r − 1)/n). */
export const rootOfUnity = (n: number): bigint => pow(7n, (R - 1n) / BigInt(n));

/** Deterministic random bigints below `bound`: sha256(seed ‖ counter) twice, reduced. */
export function rng(seed: string): (bound: bigint) => bigint {
  let counter = 0;
  return (bound) => {
    const h1 = sha256(new TextEncoder().encode(`${seed}/${counter++}`));
    const h2 = sha256(h1);
    let x = 0n;
    for (const b of [...h1, ...h2]) x = (x << 8n) | BigInt(b);
    return x % bound;
  };
}

/** Index i with its log-bit pattern reversed. */
export function reverseBits(i: number, log: number): number {
  let out = 0;
  for (let b = 0; b < log; b++) out |= ((i >> b) & 1) << (log - 1 - b);
  return out;
}

export function bitReverse<T>(xs: readonly T[]): T[] {
  const log = Math.log2(xs.length);
  return xs.map((_, i) => xs[reverseBits(i, log)]!);
}

/** out_i = Σ_j v_j·ω^(ij), or its inverse (ω^-1, divided by n): the definition, O(n²). */
export function naiveDft(v: readonly bigint[], inverse: boolean): bigint[] {
  const n = v.length;
  const w = inverse ? inv(rootOfUnity(n)) : rootOfUnity(n);
  const scale = inverse ? inv(BigInt(n)) : 1n;
  return v.map((_, i) => {
    let acc = 0n;
    const wi = pow(w, BigInt(i));
    let t = 1n;
    for (let j = 0; j < n; j++, t = mod(t * wi)) acc += v[j]! * t;
    return mod(mod(acc) * scale);
  });
}

/**
 * The value at z of the polynomial with values `v` at the n-th roots of unity in bit-reversed
 * order, by Lagrange interpolation (no barycentric shortcut): Σ_i v_i·Π_(j≠i) (z − ω_j)/(ω_i − ω_j).
 */
export function lagrangeEval(v: readonly bigint[], z: bigint): bigint {
  const roots = bitReverse(Array.from({ length: v.length }, (_, i) => pow(rootOfUnity(v.length), BigInt(i))));
  let acc = 0n;
  for (let i = 0; i < v.length; i++) {
    let num = 1n;
    let den = 1n;
    for (let j = 0; j < v.length; j++) {
      if (j === i) continue;
      num = mod(num * (z - roots[j]!));
      den = mod(den * (roots[i]! - roots[j]!));
    }
    acc = mod(acc + v[i]! * num * inv(den));
  }
  return acc;
}

/** 32-byte big-endian encodings of the values, back to back. */
export function toBytes32(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * 32);
  values.forEach((x, i) => {
    for (let j = 31; j >= 0; j--, x >>= 8n) out[i * 32 + j] = Number(x & 0xffn);
  });
  return out;
}
