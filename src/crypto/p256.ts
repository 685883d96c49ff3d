/**
 * secp256r1 (P-256) signature verification as the EVM's P256VERIFY precompile defines it (EIP-7951,
 * which OP Stack chains run at 0x100 since Fjord under RIP-7212's price): the one front door for the
 * curve (@noble/curves underneath). Written from the EIP's steps, not through a signature parser,
 * so every rule below is the EIP's and none is a library's default:
 * - 0 < r < n and 0 < s < n; 0 ≤ qx < p and 0 ≤ qy < p; (qx, qy) on the curve and not (0, 0);
 * - h is the 32 bytes as an integer, not reduced first (s⁻¹·h is computed mod n);
 * - R' = h·s⁻¹·G + r·s⁻¹·Q is not the point at infinity, and R'.x ≡ r (mod n).
 * High s is valid (no malleability rule).
 * @module
 */
import { p256 } from '@noble/curves/nist.js';

const { p: P, n: N, a: A, b: B } = /* @__PURE__ */ p256.Point.CURVE();
/** The scalar field (mod n): its arithmetic is the library's. */
const Fn = /* @__PURE__ */ p256.Point.Fn;

const mod = (x: bigint, m: bigint): bigint => ((x % m) + m) % m;

/**
 * Whether (r, s) is a valid P-256 signature of the 32-byte hash `h` under the public key (qx, qy),
 * by EIP-7951's checks. Never throws for any integers given.
 * @example p256Verify(hash, r, s, qx, qy) // true or false
 */
export function p256Verify(h: bigint, r: bigint, s: bigint, qx: bigint, qy: bigint): boolean {
  if (!(r > 0n && r < N && s > 0n && s < N)) return false;
  if (!(qx >= 0n && qx < P && qy >= 0n && qy < P)) return false;
  if (qx === 0n && qy === 0n) return false;
  if (mod(qy * qy - (qx * qx * qx + A * qx + B), P) !== 0n) return false;
  const q = p256.Point.fromAffine({ x: qx, y: qy });
  const w = Fn.inv(s);
  const u1 = Fn.create(h * w);
  const u2 = Fn.mul(r, w);
  // Public inputs only: the variable-time ladder is fine, and it takes the zero scalar (h ≡ 0).
  const point = p256.Point.BASE.multiplyUnsafe(u1).add(q.multiplyUnsafe(u2));
  if (point.is0()) return false;
  return point.toAffine().x % N === r;
}

/** P-256's group order n, for callers that build or check signatures' ranges. */
export const P256_N: bigint = N;
