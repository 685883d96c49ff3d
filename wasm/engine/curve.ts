/**
 * Short Weierstrass curves y² = x³ + b (a = 0) over any field `F` of the tower, written once:
 * G1 uses it over Fp, G2 over Fp2 (the twist). Points are Jacobian (X, Y, Z) with x = X/Z²,
 * y = Y/Z³, Z = 0 at infinity; affine inputs are (x, y) with (0, 0) standing for infinity
 * (it is on neither curve since b ≠ 0), the EIP-196 convention.
 *
 * Formulas (explicit-formulas database, a = 0): dbl-2009-l, add-2007-bl, madd-2007-bl, with
 * the exceptional cases (P = ±Q, infinity) handled. Scalars are little-endian u32 words.
 *
 * Scalar multiplication uses width-5 wNAF; multi-scalar multiplication uses Straus (interleaved
 * wNAF, one shared doubling chain) for few points and Pippenger's bucket method (signed
 * windows) beyond, the tables and buckets fed by mixed affine additions.
 */
import { wnafDigits } from './digits';
import { salloc, sfree, smark } from './scratch';

/** Points up to this many go through Straus (tables in scratch up to STRAUS_SCRATCH, in `work` beyond), more through Pippenger. */
export const STRAUS_MAX: i32 = 64;
const STRAUS_SCRATCH: i32 = 16;
const WNAF_W: i32 = 5;
const WNAF_TABLE: i32 = 1 << (WNAF_W - 2); // odd multiples 1P, 3P, …, 15P
const MAX_DIGITS: usize = 264;

@final
export class JacobianOf<F> {
  // @ts-ignore: decorator
  @inline get SIZE(): usize {
    return changetype<F>(0).SIZE * 3;
  }

  // @ts-ignore: decorator
  @inline get AFFINE(): usize {
    return changetype<F>(0).SIZE << 1;
  }

  isInfinity(p: usize): bool {
    const E = changetype<F>(0);
    return E.isZero(p + 2 * E.SIZE);
  }

  setInfinity(o: usize): void {
    const E = changetype<F>(0);
    E.setOne(o);
    E.setOne(o + E.SIZE);
    E.setZero(o + 2 * E.SIZE);
  }

  /** True for the affine encoding of infinity, (0, 0). */
  affineIsInfinity(a: usize): bool {
    const E = changetype<F>(0);
    return E.isZero(a) && E.isZero(a + E.SIZE);
  }

  fromAffine(o: usize, a: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    if (this.affineIsInfinity(a)) {
      this.setInfinity(o);
      return;
    }
    E.copy(o, a);
    E.copy(o + S, a + S);
    E.setOne(o + 2 * S);
  }

  /** Affine (x, y), or (0, 0) for infinity. */
  toAffine(o: usize, p: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    if (this.isInfinity(p)) {
      E.setZero(o);
      E.setZero(o + S);
      return;
    }
    const mark = smark();
    const zi = salloc(S);
    const z2 = salloc(S);
    E.inv(zi, p + 2 * S);
    E.sqr(z2, zi);
    E.mul(o, p, z2);
    E.mul(z2, z2, zi);
    E.mul(o + S, p + S, z2);
    sfree(mark);
  }

  /** y² = x³ + b for affine `a` (the point at infinity counts as on the curve). */
  isOnCurveAffine(a: usize, b: usize): bool {
    const E = changetype<F>(0);
    const S = E.SIZE;
    if (this.affineIsInfinity(a)) return true;
    const mark = smark();
    const l = salloc(S);
    const r = salloc(S);
    E.sqr(l, a + S);
    E.sqr(r, a);
    E.mul(r, r, a);
    E.add(r, r, b);
    const ok = E.eq(l, r);
    sfree(mark);
    return ok;
  }

  neg(o: usize, p: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    E.copy(o, p);
    E.neg(o + S, p + S);
    E.copy(o + 2 * S, p + 2 * S);
  }

  /**
   * dbl-2009-l: 2M + 5S, its additions fused into single passes (the field's small linear
   * combinations). Infinity doubles to infinity (Z3 = 2YZ = 0).
   */
  double(o: usize, p: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    const mark = smark();
    const A = salloc(S);
    const B = salloc(S);
    const C = salloc(S);
    const D = salloc(S);
    const e = salloc(S);
    const f = salloc(S);
    E.sqr(A, p);
    E.sqr(B, p + S);
    E.sqr(C, B);
    // D = 2((X + B)² − A − C)
    E.addNR(D, p, B);
    E.sqr(D, D);
    E.sub2Dbl(D, D, A, C);
    // E = 3A, F = E²
    E.triple(e, A);
    E.sqr(f, e);
    // Z3 = 2YZ (before Y is overwritten)
    E.mul(A, p + S, p + 2 * S);
    E.dbl(o + 2 * S, A);
    // X3 = F − 2D
    E.subDbl(o, f, D);
    // Y3 = E(D − X3) − 8C
    E.sub(D, D, o);
    E.mul(D, e, D);
    E.sub8(o + S, D, C);
    sfree(mark);
  }

  /** add-2007-bl: 11M + 5S, with P = Q, P = −Q and infinity handled. */
  add(o: usize, p: usize, q: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    if (this.isInfinity(p)) {
      memory.copy(o, q, this.SIZE);
      return;
    }
    if (this.isInfinity(q)) {
      memory.copy(o, p, this.SIZE);
      return;
    }
    const mark = smark();
    const z1z1 = salloc(S);
    const z2z2 = salloc(S);
    const u1 = salloc(S);
    const u2 = salloc(S);
    const s1 = salloc(S);
    const s2 = salloc(S);
    const h = salloc(S);
    const r = salloc(S);
    const i = salloc(S);
    const j = salloc(S);
    const v = salloc(S);
    E.sqr(z1z1, p + 2 * S);
    E.sqr(z2z2, q + 2 * S);
    E.mul(u1, p, z2z2);
    E.mul(u2, q, z1z1);
    E.mul(s1, p + S, q + 2 * S);
    E.mul(s1, s1, z2z2);
    E.mul(s2, q + S, p + 2 * S);
    E.mul(s2, s2, z1z1);
    E.sub(h, u2, u1);
    E.sub(r, s2, s1);
    if (E.isZero(h)) {
      if (E.isZero(r)) this.double(o, p);
      else this.setInfinity(o);
      sfree(mark);
      return;
    }
    E.dbl(r, r);
    // I = (2H)², J = H·I, V = U1·I
    E.dbl(i, h);
    E.sqr(i, i);
    E.mul(j, h, i);
    E.mul(v, u1, i);
    // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
    E.addNR(i, p + 2 * S, q + 2 * S);
    E.sqr(i, i);
    E.sub2(i, i, z1z1, z2z2);
    E.mul(o + 2 * S, i, h);
    // X3 = r² − J − 2V
    E.sqr(i, r);
    E.subDbl2(o, i, j, v);
    // Y3 = r(V − X3) − 2·S1·J
    E.sub(v, v, o);
    E.mul(v, r, v);
    E.mul(s1, s1, j);
    E.subDbl(o + S, v, s1);
    sfree(mark);
  }

  /** madd-2007-bl, P + A with A affine and not infinity: 7M + 4S. */
  addAffine(o: usize, p: usize, a: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    if (this.isInfinity(p)) {
      E.copy(o, a);
      E.copy(o + S, a + S);
      E.setOne(o + 2 * S);
      return;
    }
    const mark = smark();
    const z1z1 = salloc(S);
    const u2 = salloc(S);
    const s2 = salloc(S);
    const h = salloc(S);
    const hh = salloc(S);
    const i = salloc(S);
    const j = salloc(S);
    const r = salloc(S);
    const v = salloc(S);
    E.sqr(z1z1, p + 2 * S);
    E.mul(u2, a, z1z1);
    E.mul(s2, a + S, p + 2 * S);
    E.mul(s2, s2, z1z1);
    E.sub(h, u2, p);
    E.sub(r, s2, p + S);
    if (E.isZero(h)) {
      if (E.isZero(r)) this.double(o, p);
      else this.setInfinity(o);
      sfree(mark);
      return;
    }
    E.dbl(r, r);
    E.sqr(hh, h);
    // I = 4HH, J = H·I, V = X1·I
    E.dbl(i, hh);
    E.dbl(i, i);
    E.mul(j, h, i);
    E.mul(v, p, i);
    // Z3 = (Z1 + H)² − Z1Z1 − HH (before Z1 may be overwritten)
    E.addNR(u2, p + 2 * S, h);
    E.sqr(u2, u2);
    E.sub2(u2, u2, z1z1, hh);
    // Y1·J before Y1 may be overwritten
    E.mul(s2, p + S, j);
    E.copy(o + 2 * S, u2);
    // X3 = r² − J − 2V
    E.sqr(i, r);
    E.subDbl2(o, i, j, v);
    // Y3 = r(V − X3) − 2·Y1·J
    E.sub(v, v, o);
    E.mul(v, r, v);
    E.subDbl(o + S, v, s2);
    sfree(mark);
  }

  /** P == Q as group elements (Jacobian cross-multiplication). */
  eq(p: usize, q: usize): bool {
    const E = changetype<F>(0);
    const S = E.SIZE;
    const pi = this.isInfinity(p);
    const qi = this.isInfinity(q);
    if (pi || qi) return pi && qi;
    const mark = smark();
    const z1z1 = salloc(S);
    const z2z2 = salloc(S);
    const a = salloc(S);
    const b = salloc(S);
    E.sqr(z1z1, p + 2 * S);
    E.sqr(z2z2, q + 2 * S);
    E.mul(a, p, z2z2);
    E.mul(b, q, z1z1);
    let ok = E.eq(a, b);
    if (ok) {
      E.mul(a, p + S, z2z2);
      E.mul(a, a, q + 2 * S);
      E.mul(b, q + S, z1z1);
      E.mul(b, b, p + 2 * S);
      ok = E.eq(a, b);
    }
    sfree(mark);
    return ok;
  }

  /**
   * Jacobian points to affine in place of `aff` (n points, `jac` untouched), one inversion for
   * all (Montgomery's trick). Infinity maps to (0, 0).
   */
  batchToAffine(aff: usize, jac: usize, n: i32): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    const J = this.SIZE;
    const A = this.AFFINE;
    const mark = smark();
    // Prefix products of the non-zero Z's, kept in the affine x slots.
    const acc = salloc(S);
    const t = salloc(S);
    const zi = salloc(S);
    E.setOne(acc);
    for (let k: usize = 0; k < <usize>n; k++) {
      const z = jac + k * J + 2 * S;
      E.copy(aff + k * A, acc);
      if (!E.isZero(z)) E.mul(acc, acc, z);
    }
    E.inv(acc, acc);
    for (let k = <isize>n - 1; k >= 0; k--) {
      const p = jac + <usize>k * J;
      const o = aff + <usize>k * A;
      if (E.isZero(p + 2 * S)) {
        E.setZero(o);
        E.setZero(o + S);
        continue;
      }
      E.mul(zi, acc, o); // 1/Z_k
      E.mul(acc, acc, p + 2 * S);
      E.sqr(t, zi);
      E.mul(o, p, t);
      E.mul(t, t, zi);
      E.mul(o + S, p + S, t);
    }
    sfree(mark);
  }

  /**
   * o = [k]P for Jacobian P and a public constant k given as signed digits (i8, most significant
   * first, the first non-zero): double-and-add with full additions. For sparse seeds (BLS12's x
   * has six non-zero NAF digits) this beats windowing and needs no affine conversion.
   */
  mulDigits(o: usize, p: usize, digits: usize, len: i32): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    const J = this.SIZE;
    const mark = smark();
    const acc = salloc(J);
    const base = salloc(J);
    const neg = salloc(J);
    memory.copy(base, p, J);
    this.neg(neg, base);
    memory.copy(acc, load<i8>(digits) > 0 ? base : neg, J);
    for (let i = 1; i < len; i++) {
      this.double(acc, acc);
      const d = load<i8>(digits + <usize>i);
      if (d > 0) this.add(acc, acc, base);
      else if (d < 0) this.add(acc, acc, neg);
    }
    memory.copy(o, acc, J);
    sfree(mark);
  }

  /** As {@link mulDigits}, for an affine P (not infinity): mixed additions. */
  mulDigitsAffine(o: usize, a: usize, digits: usize, len: i32): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    const J = this.SIZE;
    const mark = smark();
    const acc = salloc(J);
    const neg = salloc(this.AFFINE);
    E.copy(neg, a);
    E.neg(neg + S, a + S);
    this.fromAffine(acc, load<i8>(digits) > 0 ? a : neg);
    for (let i = 1; i < len; i++) {
      this.double(acc, acc);
      const d = load<i8>(digits + <usize>i);
      if (d > 0) this.addAffine(acc, acc, a);
      else if (d < 0) this.addAffine(acc, acc, neg);
    }
    memory.copy(o, acc, J);
    sfree(mark);
  }

  /**
   * Whether [k]A = O for affine A, given k − 1 as 8 u32 words at `kMinus1`: a subgroup test by
   * the definition (with k = r), slow; the differential tests check the fast tests against it.
   */
  hasOrder(a: usize, kMinus1: usize): bool {
    const mark = smark();
    const q = salloc(this.SIZE);
    const t = salloc(this.SIZE);
    this.msm(q, a, kMinus1, 8, 1, 0);
    this.fromAffine(t, a);
    this.add(q, q, t);
    const ok = this.isInfinity(q);
    sfree(mark);
    return ok;
  }

  /** o = [k]P, k given as `nwords` u32 words (width-5 wNAF over affine odd multiples). */
  mul(o: usize, p: usize, k: usize, nwords: i32): void {
    const mark = smark();
    const aff = salloc(this.AFFINE);
    this.toAffine(aff, p);
    this.msm(o, aff, k, nwords, 1, 0);
    sfree(mark);
  }

  /**
   * o = Σ [k_i]A_i over `n` affine points at `pts` ((0, 0) = infinity) and scalars of `nwords`
   * u32 words each at `ks` (at most 8 words), with `work` of `msmWorkSize(n)` bytes (none for
   * n ≤ STRAUS_SCRATCH: those run on scratch only and ignore `work`).
   */
  msm(o: usize, pts: usize, ks: usize, nwords: i32, n: i32, work: usize): void {
    if (n <= STRAUS_MAX) this.straus(o, pts, ks, nwords, n, n <= STRAUS_SCRATCH ? 0 : work);
    else this.pippenger(o, pts, ks, nwords, n, work);
  }

  /** Bytes of Straus's digits and tables for n points. */
  private strausSize(n: i32): usize {
    return <usize>n * MAX_DIGITS + ((<usize>n << 2) + 7 & ~7) + <usize>(n * WNAF_TABLE) * (this.SIZE + this.AFFINE);
  }

  /** Interleaved wNAF; digits and tables at `work`, or in scratch when `work` is 0. */
  private straus(o: usize, pts: usize, ks: usize, nwords: i32, n: i32, work: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    const J = this.SIZE;
    const A = this.AFFINE;
    const mark = smark();
    const digits = work != 0 ? work : salloc(this.strausSize(n));
    const lens = digits + <usize>n * MAX_DIGITS;
    const jac = lens + ((<usize>n << 2) + 7 & ~7);
    const tab = jac + <usize>(n * WNAF_TABLE) * J;
    const dbl = salloc(J);
    const negA = salloc(A);
    let maxLen = 0;
    for (let i = 0; i < n; i++) {
      const pt = pts + <usize>i * A;
      let len = 0;
      if (!this.affineIsInfinity(pt)) {
        len = wnafDigits(digits + <usize>i * MAX_DIGITS, ks + <usize>(i * nwords) * 4, nwords, WNAF_W);
      }
      store<i32>(lens + (<usize>i << 2), len);
      if (len > maxLen) maxLen = len;
      // Odd multiples 1P, 3P, …, 15P (Jacobian), normalized together below.
      const base = jac + <usize>(i * WNAF_TABLE) * J;
      this.fromAffine(base, pt);
      if (len == 0) {
        for (let m = 1; m < WNAF_TABLE; m++) this.setInfinity(base + <usize>m * J);
        continue;
      }
      this.double(dbl, base);
      for (let m = 1; m < WNAF_TABLE; m++) this.add(base + <usize>m * J, base + <usize>(m - 1) * J, dbl);
    }
    this.batchToAffine(tab, jac, n * WNAF_TABLE);
    const acc = dbl;
    this.setInfinity(acc);
    for (let b = maxLen - 1; b >= 0; b--) {
      this.double(acc, acc);
      for (let i = 0; i < n; i++) {
        if (b >= load<i32>(lens + (<usize>i << 2))) continue;
        const d = <i32>load<i8>(digits + <usize>i * MAX_DIGITS + <usize>b);
        if (d == 0) continue;
        const entry = tab + <usize>(i * WNAF_TABLE + ((d < 0 ? -d : d) >> 1)) * A;
        if (this.affineIsInfinity(entry)) continue;
        if (d > 0) {
          this.addAffine(acc, acc, entry);
        } else {
          E.copy(negA, entry);
          E.neg(negA + S, entry + S);
          this.addAffine(acc, acc, negA);
        }
      }
    }
    memory.copy(o, acc, J);
    sfree(mark);
  }

  /** Window width for Pippenger over n points. */
  window(n: i32): i32 {
    const lg = 31 - clz<i32>(n);
    const c = lg - 1;
    return c < 2 ? 2 : c > 16 ? 16 : c;
  }

  /** Bytes of `work` that `msm` needs for n points. */
  msmWorkSize(n: i32): usize {
    if (n <= STRAUS_SCRATCH) return 0;
    if (n <= STRAUS_MAX) return this.strausSize(n);
    const c = this.window(n);
    const windows = (256 + c) / c;
    return (<usize>1 << <usize>(c - 1)) * this.SIZE + ((<usize>(n * windows) << 1) + 7 & ~7);
  }

  /**
   * Bucket method with signed c-bit windows: digits in [−2^(c−1), 2^(c−1)], so 2^(c−1) buckets
   * per window; bucket sums by the running-sum trick.
   */
  private pippenger(o: usize, pts: usize, ks: usize, nwords: i32, n: i32, work: usize): void {
    const E = changetype<F>(0);
    const S = E.SIZE;
    const J = this.SIZE;
    const A = this.AFFINE;
    const c = this.window(n);
    const nb = 1 << (c - 1);
    const bits = nwords * 32;
    const windows = (bits + c) / c; // one extra for the last carry
    const mark = smark();
    const acc = salloc(J);
    const run = salloc(J);
    const sum = salloc(J);
    const negA = salloc(A);
    // Signed digits per point and window, i16, computed once, after the buckets in `work`.
    const digs = work + (<usize>nb) * J;
    for (let i = 0; i < n; i++) {
      const k = ks + <usize>(i * nwords) * 4;
      let carry: i32 = 0;
      for (let w = 0; w < windows; w++) {
        const bit = w * c;
        let v: i32 = carry;
        if (bit < bits) {
          const word = bit >> 5;
          const sh = bit & 31;
          let raw = <u64>load<u32>(k + (<usize>word << 2)) >> <u64>sh;
          if (sh + c > 32 && word + 1 < nwords) raw |= <u64>load<u32>(k + (<usize>(word + 1) << 2)) << <u64>(32 - sh);
          v += <i32>(raw & <u64>((1 << c) - 1));
        }
        carry = 0;
        if (v > nb) {
          v -= 1 << c;
          carry = 1;
        }
        store<i16>(digs + (<usize>(i * windows + w) << 1), <i16>v);
      }
    }
    this.setInfinity(acc);
    for (let w = windows - 1; w >= 0; w--) {
      for (let d = 0; d < c; d++) this.double(acc, acc);
      for (let b = 0; b < nb; b++) this.setInfinity(work + <usize>b * J);
      for (let i = 0; i < n; i++) {
        const d = <i32>load<i16>(digs + (<usize>(i * windows + w) << 1));
        if (d == 0) continue;
        const pt = pts + <usize>i * A;
        if (this.affineIsInfinity(pt)) continue;
        const bucket = work + <usize>((d < 0 ? -d : d) - 1) * J;
        if (d > 0) {
          this.addAffine(bucket, bucket, pt);
        } else {
          E.copy(negA, pt);
          E.neg(negA + S, pt + S);
          this.addAffine(bucket, bucket, negA);
        }
      }
      // Σ_b b·B_b = Σ_b (B_nb + … + B_b)
      this.setInfinity(run);
      this.setInfinity(sum);
      for (let b = nb - 1; b >= 0; b--) {
        this.add(run, run, work + <usize>b * J);
        this.add(sum, sum, run);
      }
      this.add(acc, acc, sum);
    }
    memory.copy(o, acc, J);
    sfree(mark);
  }
}
