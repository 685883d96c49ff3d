/**
 * The host's half of the WASM kernel's GLV multiplications in G1 (wasm/bls12381/msm.ts and the
 * G1 FFT of wasm/bls12381/kzg.ts): scalars split into 128-bit halves by BLS12-381's x², in
 * bigint arithmetic, and the G1 FFT's twiddles so split.
 * @module
 */
import { BLS_MODULUS } from './backend.ts';

/** x² for BLS12-381's seed x: σ(x, y) = (βx, y) is [−x²] on G1, so k = q·x² + s gives [k]P = [s]P + [q](−σ(P)). */
export const SEED_SQUARED = 0xd201000000010000n ** 2n;

/** a^e mod r. */
function powMod(a: bigint, e: bigint): bigint {
  let out = 1n;
  for (let b = a % BLS_MODULUS; e > 0n; e >>= 1n, b = (b * b) % BLS_MODULUS) if (e & 1n) out = (out * b) % BLS_MODULUS;
  return out;
}

/** Writes k = q·x² + s as s then q (4 little-endian u32 words each) at word index i of `u`. */
export function putSplit(u: Uint32Array, i: number, k: bigint): void {
  let q = k / SEED_SQUARED;
  let s = k - q * SEED_SQUARED;
  for (let j = 0; j < 4; j++, s >>= 32n, q >>= 32n) {
    u[i + j] = Number(s & 0xffffffffn);
    u[i + 4 + j] = Number(q & 0xffffffffn);
  }
}

/**
 * The G1 FFT's twiddles for size n as the kernel's g1Fft takes them: ω_n^j for j < n/2, then 1/n,
 * each split into s, q < 2^128 with k = q·x² + s (four little-endian u32 words each).
 */
export function g1FftTwiddles(n: number): Uint32Array {
  const w = powMod(7n, (BLS_MODULUS - 1n) / BigInt(n));
  const ks: bigint[] = [];
  for (let j = 0, t = 1n; j < n / 2; j++, t = (t * w) % BLS_MODULUS) ks.push(t);
  ks.push(powMod(BigInt(n), BLS_MODULUS - 2n));
  const out = new Uint32Array(ks.length * 8);
  ks.forEach((k, i) => putSplit(out, i * 8, k));
  return out;
}
