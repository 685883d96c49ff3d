/**
 * What an implementation must provide so that the KZG functions of the consensus specs
 * (./eip4844.ts, ./eip7594.ts: polynomial-commitments.md and polynomial-commitments-sampling.md)
 * can run on it. Two do: our BLS12-381 WebAssembly kernel (./wasm-backend.ts, the default) and
 * bigint + @noble/curves (./noble-backend.ts, the reference and the fallback where WebAssembly is
 * missing). The spec layer keeps the spec's order of checks, its asserts as typed errors, the
 * Fiat–Shamir transcripts and the trusted setup; a backend only computes.
 *
 * Scalar-field vectors (`V`) and points (`G1`, `G2`) are opaque values owned by the backend that
 * made them. Vectors are values, never views: an operation returns a new vector unless it says
 * it works in place (`axpy`). Single scalars cross as canonical bigints (below BLS_MODULUS).
 * @module
 */
import type { Decoded } from '../bls/backend.ts';

/** BLS_MODULUS: the order of G1 and G2, the field blobs and cells are made of. */
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

// Method syntax on purpose: a KzgBackend<Uint32Array, …> must be usable where a KzgBackend<unknown, …> is held.
export interface KzgBackend<V, G1, G2> {
  /** For diagnostics and benchmarks: 'wasm' or 'noble'. */
  readonly name: 'wasm' | 'noble';

  // --- Scalar-field vectors ------------------------------------------------------------------
  /**
   * `bytes.length / 32` big-endian elements (bytes_to_bls_field, element by element), or the index
   * of the first one that is not below BLS_MODULUS. `bytes.length` is a multiple of 32.
   */
  frFromBytes(bytes: Uint8Array): V | number;
  /** 32 big-endian bytes per element, canonical. */
  frToBytes(v: V): Uint8Array;
  frFromBigints(values: readonly bigint[]): V;
  frToBigints(v: V): bigint[];
  frLength(v: V): number;
  /** n zeros. */
  frZeros(n: number): V;
  /** Elements [start, end) (a copy). */
  frSlice(v: V, start: number, end: number): V;
  /** The vectors one after another (a copy). */
  frConcat(vs: readonly V[]): V;
  /** bit_reversal_permutation of a vector whose length is a power of two. */
  frBitReverse(v: V): V;
  /**
   * The FFT over the n-th roots of unity of the scalar field (n = length, a power of two, at most
   * 8192; the spec's primitive root PRIMITIVE_ROOT_OF_UNITY = 7), natural order in and out:
   * out_i = Σ_j v_j·ω^(ij), and for `inverse` the inverse transform (ω^-1, divided by n).
   */
  frFft(v: V, inverse: boolean): V;
  /** v_j · s^j for every j (a coset shift of coefficients). */
  frScalePowers(v: V, s: bigint): V;
  /** acc += a·v, in place (lengths equal). */
  frAxpy(acc: V, v: V, a: bigint): void;
  /** Pointwise product. */
  frMul(a: V, b: V): V;
  /** Pointwise inverse (batch inversion); the index of the first zero element instead, if any. */
  frInverse(v: V): V | number;
  /**
   * evaluate_polynomial_in_evaluation_form: `v` holds a polynomial's evaluations at the n-th roots
   * of unity in bit-reversed order (a blob, n = 4096); its value at z (barycentric formula,
   * including z equal to a root).
   */
  frEvaluateBrp(v: V, z: bigint): bigint;

  // --- Groups --------------------------------------------------------------------------------
  /** A 48-byte compressed G1 point: encoding checks and on the curve; the subgroup is NOT checked. */
  g1Decompress(bytes: Uint8Array): Decoded<G1>;
  g1InSubgroup(point: G1): boolean;
  g1Compress(point: G1): Uint8Array;
  g1IsIdentity(point: G1): boolean;
  g1Identity(): G1;
  g1Generator(): G1;
  /** Σ points. */
  g1Sum(points: readonly G1[]): G1;
  /** −point. */
  g1Neg(point: G1): G1;
  /**
   * Σ scalars_i · points_i: any scalars below BLS_MODULUS, zero included; points of G1, infinity
   * included. Points outside G1 are the caller's error: the WASM kernel's GLV paths assume the
   * endomorphism acts as on G1 (the spec layer passes only validate_kzg_g1'd and setup points).
   */
  g1Msm(points: readonly G1[], scalars: readonly bigint[]): G1;
  /** g1Msm with the scalars of a vector (its length equals the number of points). */
  g1MsmFr(points: readonly G1[], scalars: V): G1;
  /** The FFT of a vector of G1 points over the n-th roots of unity (n ≤ 256), as frFft (for FK20); points of G1 only. */
  g1Fft(points: readonly G1[], inverse: boolean): G1[];
  /** A 96-byte compressed G2 point, checked to lie in G2. */
  g2Decompress(bytes: Uint8Array): Decoded<G2>;
  g2Generator(): G2;
  /** Π e(g1_i, g2_i) == 1 (pairs with infinity contribute 1). */
  pairingProductIsOne(pairs: readonly (readonly [G1, G2])[]): boolean;
}

/** A backend as the spec layer holds it. */
export type AnyKzgBackend = KzgBackend<unknown, unknown, unknown>;
