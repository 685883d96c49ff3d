/**
 * The curve kernel behind src/crypto/bls.ts: what an implementation of BLS12-381 must provide so
 * that the front door can run on it. Two do: our WebAssembly kernel (./kernel.ts, the default)
 * and @noble/curves (./noble.ts, the reference and the fallback where WebAssembly is missing).
 * The front door keeps argument checks, typed errors, the subgroup policy, participation and
 * aggregation, and the key cache.
 *
 * Points are opaque handles (`G1`, `G2`) owned by the backend that made them. Prepared public
 * keys remember their backend, so keys prepared before a backend switch keep working.
 *
 * Encodings are the ZCash forms the consensus specs use (draft-irtf-cfrg-pairing-friendly-
 * curves-11 appendix C): 48 bytes for G1, 96 bytes (x.c1 ‖ x.c0) for G2 compressed, 96 bytes
 * (x ‖ y) for G1 uncompressed; the top three bits of the first byte are the compression,
 * infinity and sort flags.
 * @module
 */

/** A decoded point, or why the bytes are not one (a short phrase, for error messages). */
export type Decoded<P> = { readonly point: P } | { readonly error: string };

/** An affine G2 point as integers (x = x.c0 + x.c1·u), for callers outside the backends. */
export interface G2Affine {
  x: { c0: bigint; c1: bigint };
  y: { c0: bigint; c1: bigint };
}

/** BLS12-381 base-field modulus p (draft-irtf-cfrg-pairing-friendly-curves-11 §4.2.1). */
export const FIELD_MODULUS =
  0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;

/** Order r of G1 and G2, and the range of secret keys (1..r-1). Same source. */
export const CURVE_ORDER = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

// Method syntax on purpose: a BlsBackend<NobleG1, NobleG2> must be usable where the front door
// holds a BlsBackend<unknown, unknown>.
export interface BlsBackend<G1, G2> {
  /** For diagnostics and benchmarks: 'wasm' or 'noble'. */
  readonly name: string;

  /**
   * Decodes a 48-byte compressed G1 point: flags, x < p, x on the curve (a square root exists),
   * the canonical infinity encoding. Does NOT check the prime-order subgroup. The point at
   * infinity decodes (the caller decides whether it is acceptable).
   */
  g1Decompress(bytes: Uint8Array): Decoded<G1>;
  /** 48-byte compressed encoding (infinity as 0xc0 ‖ zeros). */
  g1Compress(point: G1): Uint8Array;
  /** Decodes a 96-byte uncompressed G1 point: flags, x, y < p, on the curve; no subgroup check. */
  g1FromUncompressed(bytes: Uint8Array): Decoded<G1>;
  /** 96-byte uncompressed encoding x ‖ y (infinity as 0x40 ‖ zeros). */
  g1Uncompressed(point: G1): Uint8Array;
  g1IsIdentity(point: G1): boolean;
  /** True when `point` (on the curve) lies in the order-r subgroup G1. */
  g1InSubgroup(point: G1): boolean;
  /** Σ add − Σ sub, in one pass. */
  g1Combine(add: readonly G1[], sub: readonly G1[]): G1;
  /** [scalar]·g1 for 0 < scalar < r. */
  g1MulBase(scalar: bigint): G1;

  /**
   * Decodes a 96-byte compressed G2 point and checks that it lies in G2 (on the curve and in the
   * order-r subgroup). The point at infinity decodes.
   */
  g2Decompress(bytes: Uint8Array): Decoded<G2>;
  /** 96-byte compressed encoding. */
  g2Compress(point: G2): Uint8Array;
  g2IsIdentity(point: G2): boolean;
  /** Σ points. */
  g2Combine(points: readonly G2[]): G2;
  /** [scalar]·point for 0 < scalar < r. */
  g2Mul(point: G2, scalar: bigint): G2;
  /** Affine coordinates (for `hashToG2`'s callers and tests). */
  g2Affine(point: G2): G2Affine;
  /** hash_to_curve (RFC 9380, BLS12381G2_XMD:SHA-256_SSWU_RO_) with domain separation tag `dst`. */
  hashToG2(message: Uint8Array, dst: string | Uint8Array): G2;

  /**
   * e(pk, hm) · e(−g1, sig) == 1, as one product of Miller loops sharing one final
   * exponentiation: that is e(pk, H(m)) == e(g1, sig). Inputs are non-identity points of G1/G2.
   */
  pairingCheck(pk: G1, hm: G2, sig: G2): boolean;
}
