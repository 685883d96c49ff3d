/**
 * hash_to_curve for G2 from field elements (RFC 9380 §3, suite BLS12381G2_XMD:SHA-256_SSWU_RO_):
 * the host runs expand_message_xmd and hash_to_field (SHA-256 lives behind its own front door)
 * and hands over u0, u1 in Fp2; here each is mapped by the simplified SWU map to E2'
 * (§6.6.2), carried to E2 by the 3-isogeny (appendix E.3), the two are added and the cofactor
 * cleared with ψ (appendix G.3).
 *
 * Not constant-time: the inputs are public (a signing root), and the straightforward form of
 * the map (§6.6.2's six steps, with is_square and sqrt) is the shortest to check.
 */
import {
  ISO_X_DEN,
  ISO_X_NUM,
  ISO_Y_DEN,
  ISO_Y_NUM,
  SSWU_A,
  SSWU_B,
  SSWU_B_OVER_ZA,
  SSWU_MINUS_B_OVER_A,
  SSWU_NORM_Z_ROOT,
  SSWU_Z,
  TWO_256,
} from './constants.generated';
import { Fp, fpAdd, fpFromWords, fpMul, fpToWords } from './fp.generated';
import { Bls12381 } from './params';
import { JacobianOf } from '../engine/curve';
import { psiJacobian } from '../engine/endo';
import { salloc, sfree, smark } from '../engine/scratch';
import { Fp2Of } from '../engine/tower';

// @ts-ignore: decorator
@inline function fp2(): Fp2Of<Fp> { return changetype<Fp2Of<Fp>>(0); }
// @ts-ignore: decorator
@inline function g2(): JacobianOf<Fp2Of<Fp>> { return changetype<JacobianOf<Fp2Of<Fp>>>(0); }
// @ts-ignore: decorator
@inline function params(): Bls12381 { return changetype<Bls12381>(0); }

/** sgn0 of an Fp2 element (RFC 9380 §4.1): the parity of c0, or of c1 when c0 is zero. */
function sgn0(a: usize): bool {
  const S = changetype<Fp>(0).SIZE;
  const mark = smark();
  const w = salloc(48);
  fpToWords(w, a);
  let sign = (load<u32>(w) & 1) != 0;
  let zero = true;
  for (let i: usize = 0; i < 12; i++) if (load<u32>(w + (i << 2)) != 0) zero = false;
  if (zero) {
    fpToWords(w, a + S);
    sign = (load<u32>(w) & 1) != 0;
  }
  sfree(mark);
  return sign;
}

/** gx = x³ + A'x + B' on E2'. */
function sswuRhs(o: usize, x: usize): void {
  const E = fp2();
  const mark = smark();
  const t = salloc(E.SIZE);
  E.sqr(t, x);
  E.add(t, t, SSWU_A);
  E.mul(t, t, x);
  E.add(o, t, SSWU_B);
  sfree(mark);
}

/** zu2 = Z·u², den = Z²u⁴ + Z·u² (the SSWU denominator, inverted by the caller). */
function sswuDenominator(zu2: usize, den: usize, u: usize): void {
  const E = fp2();
  E.sqr(zu2, u);
  E.mul(zu2, zu2, SSWU_Z);
  E.sqr(den, zu2);
  E.add(den, den, zu2);
}

/**
 * The rest of the simplified SWU map once 1/den is known (`zero`: den was 0). √gx costs two
 * exponentiations; when gx1 is not a square, the failed first one still gives √N(gx2) (see
 * SSWU_NORM_Z_ROOT), so the second candidate costs one more instead of two.
 */
function sswuFinish(o: usize, u: usize, zu2: usize, denInv: usize, zero: bool): void {
  const F = changetype<Fp>(0);
  const E = fp2();
  const S = E.SIZE;
  const S1 = F.SIZE;
  const mark = smark();
  const x = salloc(S);
  const gx = salloc(S);
  const y = salloc(S);
  const s = salloc(S1);
  const nu = salloc(S1);
  if (zero) {
    E.copy(x, SSWU_B_OVER_ZA);
  } else {
    E.setOne(x);
    E.add(x, x, denInv);
    E.mul(x, x, SSWU_MINUS_B_OVER_A);
  }
  sswuRhs(gx, x);
  if (F.isZero(gx + S1)) {
    // gx in Fp (rare): the general square root decides.
    if (!E.sqrt(y, gx)) {
      E.mul(x, x, zu2);
      sswuRhs(gx, x);
      E.sqrt(y, gx);
    }
  } else {
    E.norm(s, gx);
    if (F.sqrt(s, s)) {
      E.sqrtGivenNormRoot(y, gx, s);
    } else {
      // s² = −N(gx1); N(gx2) = N(Zu²)³·N(gx1) has the root N(u)³·N(Z)·√(−N(Z))·s.
      E.mul(x, x, zu2);
      sswuRhs(gx, x);
      E.norm(nu, u);
      F.mul(s, s, SSWU_NORM_Z_ROOT);
      F.mul(s, s, nu);
      F.sqr(nu, nu);
      F.mul(s, s, nu);
      if (F.isZero(gx + S1) || !E.sqrtGivenNormRoot(y, gx, s)) E.sqrt(y, gx);
    }
  }
  if (sgn0(u) != sgn0(y)) E.neg(y, y);
  E.copy(o, x);
  E.copy(o + S, y);
  sfree(mark);
}

/** The simplified SWU map: u (Fp2) to an affine point (x, y) of E2' at `o`. */
export function mapToCurveSswu(o: usize, u: usize): void {
  const E = fp2();
  const S = E.SIZE;
  const mark = smark();
  const zu2 = salloc(S);
  const den = salloc(S);
  sswuDenominator(zu2, den, u);
  const zero = E.isZero(den);
  if (!zero) E.inv(den, den);
  sswuFinish(o, u, zu2, den, zero);
  sfree(mark);
}

/** Both maps of a hash, their inversions shared (Montgomery's trick). */
function mapToCurveSswu2(o0: usize, o1: usize, u0: usize, u1: usize): void {
  const E = fp2();
  const S = E.SIZE;
  const mark = smark();
  const zu0 = salloc(S);
  const zu1 = salloc(S);
  const d0 = salloc(S);
  const d1 = salloc(S);
  const i0 = salloc(S);
  const i1 = salloc(S);
  sswuDenominator(zu0, d0, u0);
  sswuDenominator(zu1, d1, u1);
  const zero0 = E.isZero(d0);
  const zero1 = E.isZero(d1);
  if (zero0 || zero1) {
    if (!zero0) E.inv(i0, d0);
    if (!zero1) E.inv(i1, d1);
  } else {
    E.mul(i0, d0, d1);
    E.inv(i0, i0);
    E.mul(i1, i0, d0); // 1/d1
    E.mul(i0, i0, d1); // 1/d0
  }
  sswuFinish(o0, u0, zu0, i0, zero0);
  sswuFinish(o1, u1, zu1, i1, zero1);
  sfree(mark);
}

/** Σ k_i·x^i by Horner, `count` coefficients at `ks` (lowest first), plus x^count when monic. */
function horner(o: usize, ks: usize, count: i32, x: usize, monic: bool): void {
  const E = fp2();
  const S = E.SIZE;
  const mark = smark();
  const acc = salloc(S);
  let i = count - 1;
  if (monic) E.setOne(acc);
  else E.copy(acc, ks + <usize>(i--) * S);
  for (; i >= 0; i--) {
    E.mul(acc, acc, x);
    E.add(acc, acc, ks + <usize>i * S);
  }
  E.copy(o, acc);
  sfree(mark);
}

/**
 * The 3-isogeny E2' → E2 on affine (x', y'), to Jacobian E2 without inversions: with
 * Z = x_den·y_den, X = x_num·x_den·y_den² and Y = y'·y_num·x_den³·y_den². A zero denominator gives
 * Z = 0, the point at infinity, as the RFC's iso_map does.
 */
export function isoMap(o: usize, p: usize): void {
  const E = fp2();
  const S = E.SIZE;
  const mark = smark();
  const xn = salloc(S);
  const xd = salloc(S);
  const yn = salloc(S);
  const yd = salloc(S);
  const t = salloc(S);
  horner(xn, ISO_X_NUM, 4, p, false);
  horner(xd, ISO_X_DEN, 2, p, true);
  horner(yn, ISO_Y_NUM, 4, p, false);
  horner(yd, ISO_Y_DEN, 3, p, true);
  E.mul(o + 2 * S, xd, yd); //        Z
  E.sqr(t, yd);
  E.mul(t, t, xd); //                 x_den·y_den²
  E.mul(o, xn, t); //                 X
  E.mul(t, t, xd);
  E.mul(t, t, xd); //                 x_den³·y_den²
  E.mul(t, t, yn);
  E.mul(o + S, t, p + S); //          Y
  sfree(mark);
}

/** o = [x]P for the (negative) seed x, P Jacobian. */
export function g2MulBySeed(o: usize, p: usize): void {
  const G = g2();
  G.mulDigits(o, p, params().ateDigits, params().ateDigitsLen);
  G.neg(o, o);
}

/**
 * clear_cofactor with h_eff (RFC 9380 appendix G.3, Budroni–Pintore):
 *   [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P).
 */
export function clearCofactor(o: usize, p: usize): void {
  const G = g2();
  const J = G.SIZE;
  const mark = smark();
  const t1 = salloc(J);
  const t2 = salloc(J);
  const t3 = salloc(J);
  const n = salloc(J);
  g2MulBySeed(t1, p); //               t1 = [x]P
  psiJacobian<Fp, Bls12381>(t2, p); //   t2 = ψ(P)
  G.double(t3, p);
  psiJacobian<Fp, Bls12381>(t3, t3);
  psiJacobian<Fp, Bls12381>(t3, t3); // t3 = ψ²(2P)
  G.neg(n, t2);
  G.add(t3, t3, n); //                 t3 = ψ²(2P) − ψ(P)
  G.add(t2, t1, t2);
  g2MulBySeed(t2, t2); //              t2 = [x]([x]P + ψ(P))
  G.add(t3, t3, t2);
  G.neg(n, t1);
  G.add(t3, t3, n);
  G.neg(n, p);
  G.add(o, t3, n);
  sfree(mark);
}

/** The 64-byte big-endian integer at `b`, mod p, at `o`: hi·2^256 + lo, each half below p. */
function fieldFromWide(o: usize, b: usize): void {
  const S = changetype<Fp>(0).SIZE;
  const mark = smark();
  const w = salloc(48);
  const hi = salloc(S);
  memory.fill(w, 0, 48);
  for (let half: usize = 0; half < 2; half++) {
    for (let i: usize = 0; i < 8; i++) store<u32>(w + (i << 2), bswap<u32>(load<u32>(b + 32 * half + 28 - (i << 2))));
    fpFromWords(half == 0 ? hi : o, w);
  }
  fpMul(hi, hi, TWO_256);
  fpAdd(o, o, hi);
  sfree(mark);
}

/**
 * hash_to_curve from the 256 bytes expand_message_xmd gave (RFC 9380 §5.2 with m = 2, L = 64):
 * hash_to_field's four 64-byte chunks reduced mod p here, then {@link hashToG2}.
 */
export function hashToG2FromBytes(o: usize, bytes: usize): void {
  const S = fp2().SIZE;
  const F = changetype<Fp>(0).SIZE;
  const mark = smark();
  const u = salloc(2 * S);
  for (let i: usize = 0; i < 4; i++) fieldFromWide(u + i * F, bytes + 64 * i);
  hashToG2(o, u, u + S);
  sfree(mark);
}

/** hash_to_curve's tail: affine G2 at `o` from u0, u1 (Fp2 each, Montgomery form). */
export function hashToG2(o: usize, u0: usize, u1: usize): void {
  const G = g2();
  const S = fp2().SIZE;
  const J = G.SIZE;
  const mark = smark();
  const a = salloc(2 * S);
  const q0 = salloc(J);
  const q1 = salloc(J);
  const b = salloc(2 * S);
  mapToCurveSswu2(a, b, u0, u1);
  isoMap(q0, a);
  isoMap(q1, b);
  G.add(q0, q0, q1);
  clearCofactor(q0, q0);
  G.toAffine(o, q0);
  sfree(mark);
}
