/**
 * The extension tower of a pairing-friendly prime field, written once for any base field:
 *   Fp2  = Fp[u]/(u² + 1)
 *   Fp6  = Fp2[v]/(v³ − ξ)
 *   Fp12 = Fp6[w]/(w² − v)
 * (BN254 with ξ = 9 + u, BLS12-381 with ξ = 1 + u: the same code, configured by `X`.)
 *
 * Type parameters: `F` is a prime-field facade (fp.generated.ts's `Fp`), `X` the curve's
 * parameter class (params.ts) supplying ξ-multiplication and the Frobenius coefficients. The
 * classes hold no state: generic code calls `changetype<Fp2Of<F>>(0).mul(o, a, b)` and the
 * compiler resolves everything statically.
 *
 * Elements are consecutive coefficients, lowest first: Fp2 (c0, c1), Fp6 (c0, c1, c2) over
 * Fp2, Fp12 (c0, c1) over Fp6. Every `o` may alias any input. Inputs and outputs are "almost
 * reduced" (each base coefficient below 2p) unless a method says otherwise.
 *
 * Formulas: Karatsuba multiplication at every level, Chung–Hasan SQR2 for Fp6, the complex
 * method for Fp12 squaring, Granger–Scott squaring in the cyclotomic subgroup ("Faster squaring
 * in the cyclotomic subgroup of sixth degree extensions", PKC 2010).
 */
import { salloc, sfree, smark } from './scratch';

/** Fp2 = Fp[u]/(u² + 1) over the prime field `F`. */
@final
export class Fp2Of<F> {
  // @ts-ignore: decorator
  @inline get SIZE(): usize {
    return changetype<F>(0).SIZE << 1;
  }

  add(o: usize, a: usize, b: usize): void {
    changetype<F>(0).addQuad(o, a, b);
  }

  /** a + b without reduction (coefficients below 4p): only as an input to `mul`. */
  addNR(o: usize, a: usize, b: usize): void {
    changetype<F>(0).addNRQuad(o, a, b);
  }

  sub(o: usize, a: usize, b: usize): void {
    changetype<F>(0).subQuad(o, a, b);
  }

  dbl(o: usize, a: usize): void {
    changetype<F>(0).dblQuad(o, a);
  }

  neg(o: usize, a: usize): void {
    changetype<F>(0).negQuad(o, a);
  }

  half(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const S = B.SIZE;
    B.half(o, a);
    B.half(o + S, a + S);
  }

  // Small linear combinations in one pass (generated in the base field's module, see
  // montgomery.mjs): the curve formulas call these on Fp and Fp2 alike.
  sub2(o: usize, a: usize, b: usize, c: usize): void { changetype<F>(0).sub2Quad(o, a, b, c); }
  sub2Dbl(o: usize, a: usize, b: usize, c: usize): void { changetype<F>(0).sub2DblQuad(o, a, b, c); }
  triple(o: usize, a: usize): void { changetype<F>(0).tripleQuad(o, a); }
  negTriple(o: usize, a: usize): void { changetype<F>(0).negTripleQuad(o, a); }
  subDbl(o: usize, a: usize, b: usize): void { changetype<F>(0).subDblQuad(o, a, b); }
  subDbl2(o: usize, a: usize, b: usize, c: usize): void { changetype<F>(0).subDbl2Quad(o, a, b, c); }
  dblSub(o: usize, a: usize, b: usize): void { changetype<F>(0).dblSubQuad(o, a, b); }
  subTriple(o: usize, a: usize, b: usize): void { changetype<F>(0).subTripleQuad(o, a, b); }
  sub8(o: usize, a: usize, b: usize): void { changetype<F>(0).sub8Quad(o, a, b); }
  addSubDbl(o: usize, a: usize, b: usize, c: usize): void { changetype<F>(0).addSubDblQuad(o, a, b, c); }

  /** The conjugate c0 − c1·u, which is also the p-power Frobenius. */
  conj(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const S = B.SIZE;
    B.copy(o, a);
    B.neg(o + S, a + S);
  }

  /**
   * Karatsuba: (a0 + a1u)(b0 + b1u) = a0b0 − a1b1 + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u, fused in
   * the base field's generated code (one pass over the columns, two reductions). Accepts
   * coefficients below 4p (e.g. from `addNR`).
   */
  mul(o: usize, a: usize, b: usize): void {
    changetype<F>(0).mulQuad(o, a, b);
  }

  /** (a0 + a1u)² = (a0 + a1)(a0 − a1) + 2a0a1·u, fused likewise. */
  sqr(o: usize, a: usize): void {
    changetype<F>(0).sqrQuad(o, a);
  }

  /** a·s for s in the base field. */
  mulBase(o: usize, a: usize, s: usize): void {
    const B = changetype<F>(0);
    const S = B.SIZE;
    B.mul(o, a, s);
    B.mul(o + S, a + S, s);
  }

  /** 1/a = conj(a)/(a0² + a1²); 0 for 0. */
  inv(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const S = B.SIZE;
    const mark = smark();
    const n = salloc(S);
    const t = salloc(S);
    B.sqr(n, a);
    B.sqr(t, a + S);
    B.add(n, n, t);
    B.inv(n, n);
    B.mul(o, a, n);
    B.mul(t, a + S, n);
    B.neg(o + S, t);
    sfree(mark);
  }

  /**
   * o = a square root of a, when a is a square (returns true), for base fields with p ≡ 3 (mod 4).
   * By the norm: a = a0 + a1u is a square iff N = a0² + a1² is one in Fp; with n = √N and
   * t = (a0 + n)/2, exactly one of t and −a1²/(4t) is a square, and one exponentiation
   * c = t^((p−3)/4) gives both y = c·t (y² = ±t) and 1/y = ±c. So √a costs two exponentiations:
   *   t a square:  x = y + (a1·c/2)u;     else:  x = −a1·c/2 + y·u.
   * Not constant-time (inputs are public). The result is checked by squaring.
   */
  sqrt(o: usize, a: usize): bool {
    const B = changetype<F>(0);
    const S = B.SIZE;
    const mark = smark();
    const n = salloc(S);
    const t = salloc(S);
    let ok: bool;
    if (B.isZero(a + S)) {
      // a ∈ Fp: √a0 or, as −1 is not a square, √(−a0)·u.
      const x = salloc(2 * S);
      if (B.sqrt(t, a)) {
        B.copy(x, t);
        B.setZero(x + S);
      } else {
        B.neg(n, a);
        B.sqrt(t, n);
        B.setZero(x);
        B.copy(x + S, t);
      }
      ok = this.checkRoot(o, x, a);
    } else {
      this.norm(n, a);
      ok = B.sqrt(n, n) && this.sqrtGivenNormRoot(o, a, n);
    }
    sfree(mark);
    return ok;
  }

  /** o = a0² + a1², the norm to Fp. */
  norm(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const S = B.SIZE;
    const mark = smark();
    const t = salloc(S);
    B.sqr(o, a);
    B.sqr(t, a + S);
    B.add(o, o, t);
    sfree(mark);
  }

  /**
   * The rest of {@link sqrt} once a square root `n` of the norm is known (for a1 ≠ 0); callers
   * that know n without an exponentiation save one (hash to G2 does).
   */
  sqrtGivenNormRoot(o: usize, a: usize, n: usize): bool {
    const B = changetype<F>(0);
    const S = B.SIZE;
    const mark = smark();
    const t = salloc(S);
    const c = salloc(S);
    const y = salloc(S);
    const chi = salloc(S);
    const x = salloc(2 * S);
    B.add(t, a, n);
    B.half(t, t);
    B.powPm3d4(c, t);
    B.mul(y, c, t);
    B.mul(chi, c, y); // χ(t) = c²t = ±1
    B.setOne(x);
    const square = B.eq(chi, x);
    B.mul(c, c, a + S);
    B.half(c, c); // a1·c/2
    if (square) {
      B.copy(x, y);
      B.copy(x + S, c);
    } else {
      B.neg(x, c);
      B.copy(x + S, y);
    }
    const ok = this.checkRoot(o, x, a);
    sfree(mark);
    return ok;
  }

  /** o = x; whether x² = a. */
  private checkRoot(o: usize, x: usize, a: usize): bool {
    const mark = smark();
    const chk = salloc(this.SIZE);
    this.sqr(chk, x);
    const ok = this.eq(chk, a);
    this.copy(o, x);
    sfree(mark);
    return ok;
  }

  isZero(a: usize): bool {
    const B = changetype<F>(0);
    return B.isZero(a) && B.isZero(a + B.SIZE);
  }

  eq(a: usize, b: usize): bool {
    const B = changetype<F>(0);
    const S = B.SIZE;
    return B.eq(a, b) && B.eq(a + S, b + S);
  }

  reduce(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const S = B.SIZE;
    B.reduce(o, a);
    B.reduce(o + S, a + S);
  }

  copy(o: usize, a: usize): void {
    memory.copy(o, a, this.SIZE);
  }

  setZero(o: usize): void {
    memory.fill(o, 0, this.SIZE);
  }

  setOne(o: usize): void {
    const B = changetype<F>(0);
    B.setOne(o);
    B.setZero(o + B.SIZE);
  }
}

/** Fp6 = Fp2[v]/(v³ − ξ); ξ-multiplication and Frobenius coefficients come from `X`. */
@final
export class Fp6Of<F, X> {
  // @ts-ignore: decorator
  @inline get SIZE(): usize {
    return changetype<F>(0).SIZE * 6;
  }

  add(o: usize, a: usize, b: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    E.add(o, a, b);
    E.add(o + S, a + S, b + S);
    E.add(o + 2 * S, a + 2 * S, b + 2 * S);
  }

  sub(o: usize, a: usize, b: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    E.sub(o, a, b);
    E.sub(o + S, a + S, b + S);
    E.sub(o + 2 * S, a + 2 * S, b + 2 * S);
  }

  dbl(o: usize, a: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    E.dbl(o, a);
    E.dbl(o + S, a + S);
    E.dbl(o + 2 * S, a + 2 * S);
  }

  neg(o: usize, a: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    E.neg(o, a);
    E.neg(o + S, a + S);
    E.neg(o + 2 * S, a + 2 * S);
  }

  /** a·v = (ξa2, a0, a1). */
  mulByV(o: usize, a: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const P = changetype<X>(0);
    const S = E.SIZE;
    const mark = smark();
    const t = salloc(S);
    P.mulByXi(t, a + 2 * S);
    E.copy(o + 2 * S, a + S);
    E.copy(o + S, a);
    E.copy(o, t);
    sfree(mark);
  }

  /** Karatsuba over three coefficients: 6 Fp2 multiplications, each output one fused pass. */
  mul(o: usize, a: usize, b: usize): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    const mark = smark();
    const t0 = salloc(S);
    const t1 = salloc(S);
    const t2 = salloc(S);
    const x = salloc(S);
    const y = salloc(S);
    const z = salloc(S);
    const c0 = salloc(S);
    E.mul(t0, a, b);
    E.mul(t1, a + S, b + S);
    E.mul(t2, a + 2 * S, b + 2 * S);
    // c0 = ξ((a1 + a2)(b1 + b2) − t1 − t2) + t0
    E.addNR(x, a + S, a + 2 * S);
    E.addNR(y, b + S, b + 2 * S);
    E.mul(x, x, y);
    B.xiSub2AddQuad(c0, x, t1, t2, t0);
    // c1 = (a0 + a1)(b0 + b1) − t0 − t1 + ξt2
    E.addNR(x, a, a + S);
    E.addNR(y, b, b + S);
    E.mul(x, x, y);
    // c2 = (a0 + a2)(b0 + b2) − t0 − t2 + t1
    E.addNR(y, a, a + 2 * S);
    E.addNR(z, b, b + 2 * S);
    E.mul(y, y, z);
    B.sub2AddXiQuad(o + S, x, t0, t1, t2);
    B.sub2AddQuad(o + 2 * S, y, t0, t2, t1);
    E.copy(o, c0);
    sfree(mark);
  }

  /** Chung–Hasan SQR2: 2 Fp2 multiplications and 3 squarings. */
  sqr(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    const mark = smark();
    const s0 = salloc(S);
    const s1 = salloc(S);
    const s2 = salloc(S);
    const s3 = salloc(S);
    const s4 = salloc(S);
    E.sqr(s0, a);
    E.mul(s1, a, a + S);
    E.dbl(s1, s1);
    B.subAddQuad(s2, a, a + S, a + 2 * S);
    E.sqr(s2, s2);
    E.mul(s3, a + S, a + 2 * S);
    E.dbl(s3, s3);
    E.sqr(s4, a + 2 * S);
    // c2 = s1 + s2 + s3 − s0 − s4, c1 = s1 + ξs4, c0 = s0 + ξs3
    B.add3Sub2Quad(o + 2 * S, s1, s2, s3, s0, s4);
    B.addXiQuad(o + S, s1, s4);
    B.addXiQuad(o, s0, s3);
    sfree(mark);
  }

  /** a·(b0 + b1v): 5 Fp2 multiplications (the shape of a normalized Miller-loop line). */
  mulBy01(o: usize, a: usize, b0: usize, b1: usize): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    const mark = smark();
    const t0 = salloc(S);
    const t1 = salloc(S);
    const x = salloc(S);
    const y = salloc(S);
    const z = salloc(S);
    E.mul(t0, a, b0);
    E.mul(t1, a + S, b1);
    // c0 = ξ((a1 + a2)b1 − t1) + t0
    E.addNR(x, a + S, a + 2 * S);
    E.mul(x, x, b1);
    // c1 = (a0 + a1)(b0 + b1) − t0 − t1
    E.addNR(y, a, a + S);
    E.addNR(z, b0, b1);
    E.mul(y, y, z);
    // c2 = (a0 + a2)b0 − t0 + t1
    E.addNR(z, a, a + 2 * S);
    E.mul(z, z, b0);
    B.xiSubAddQuad(o, x, t1, t0);
    B.sub2Quad(o + S, y, t0, t1);
    B.subAddQuad(o + 2 * S, z, t0, t1);
    sfree(mark);
  }

  /** a·s for s in Fp2. */
  mulByFp2(o: usize, a: usize, s: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    E.mul(o, a, s);
    E.mul(o + S, a + S, s);
    E.mul(o + 2 * S, a + 2 * S, s);
  }

  /** 1/a via the norm to Fp2. */
  inv(o: usize, a: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const P = changetype<X>(0);
    const S = E.SIZE;
    const mark = smark();
    const c0 = salloc(S);
    const c1 = salloc(S);
    const c2 = salloc(S);
    const t = salloc(S);
    const u = salloc(S);
    // c0 = a0² − ξa1a2, c1 = ξa2² − a0a1, c2 = a1² − a0a2
    E.sqr(c0, a);
    E.mul(t, a + S, a + 2 * S);
    P.mulByXi(t, t);
    E.sub(c0, c0, t);
    E.sqr(c1, a + 2 * S);
    P.mulByXi(c1, c1);
    E.mul(t, a, a + S);
    E.sub(c1, c1, t);
    E.sqr(c2, a + S);
    E.mul(t, a, a + 2 * S);
    E.sub(c2, c2, t);
    // n = a0c0 + ξ(a2c1 + a1c2)
    E.mul(t, a + 2 * S, c1);
    E.mul(u, a + S, c2);
    E.add(t, t, u);
    P.mulByXi(t, t);
    E.mul(u, a, c0);
    E.add(t, t, u);
    E.inv(t, t);
    E.mul(o, c0, t);
    E.mul(o + S, c1, t);
    E.mul(o + 2 * S, c2, t);
    sfree(mark);
  }

  /** a^(p^k), k = 1..3: coefficient i of v gets conj^k and γ[k][2i]. */
  frobenius(o: usize, a: usize, k: i32): void {
    const E = changetype<Fp2Of<F>>(0);
    const P = changetype<X>(0);
    const S = E.SIZE;
    for (let i = 0; i < 3; i++) {
      const src = a + <usize>i * S;
      const dst = o + <usize>i * S;
      if (k & 1) E.conj(dst, src);
      else E.copy(dst, src);
      if (i > 0) E.mul(dst, dst, P.frobeniusCoefficient(k, 2 * i));
    }
  }

  isZero(a: usize): bool {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    return E.isZero(a) && E.isZero(a + S) && E.isZero(a + 2 * S);
  }

  eq(a: usize, b: usize): bool {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    return E.eq(a, b) && E.eq(a + S, b + S) && E.eq(a + 2 * S, b + 2 * S);
  }

  copy(o: usize, a: usize): void {
    memory.copy(o, a, this.SIZE);
  }

  setZero(o: usize): void {
    memory.fill(o, 0, this.SIZE);
  }

  setOne(o: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    memory.fill(o, 0, this.SIZE);
    E.setOne(o);
  }
}

/** Fp12 = Fp6[w]/(w² − v). */
@final
export class Fp12Of<F, X> {
  // @ts-ignore: decorator
  @inline get SIZE(): usize {
    return changetype<F>(0).SIZE * 12;
  }

  /** Karatsuba: 3 Fp6 multiplications. */
  mul(o: usize, a: usize, b: usize): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const K = changetype<Fp6Of<F, X>>(0);
    const S = K.SIZE;
    const T = E.SIZE;
    const mark = smark();
    const t0 = salloc(S);
    const t1 = salloc(S);
    const x = salloc(S);
    const y = salloc(S);
    K.mul(t0, a, b);
    K.mul(t1, a + S, b + S);
    K.add(x, a, a + S);
    K.add(y, b, b + S);
    K.mul(x, x, y);
    // o1 = x − t0 − t1; o0 = t0 + v·t1 = (t0.0 + ξt1.2, t0.1 + t1.0, t0.2 + t1.1)
    B.sub2Quad(o + S, x, t0, t1);
    B.sub2Quad(o + S + T, x + T, t0 + T, t1 + T);
    B.sub2Quad(o + S + 2 * T, x + 2 * T, t0 + 2 * T, t1 + 2 * T);
    B.addXiQuad(o, t0, t1 + 2 * T);
    E.add(o + T, t0 + T, t1);
    E.add(o + 2 * T, t0 + 2 * T, t1 + T);
    sfree(mark);
  }

  /** Complex squaring: (a0 + a1w)² = (a0 + a1)(a0 + va1) − t − vt + 2t·w, t = a0a1. */
  sqr(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const K = changetype<Fp6Of<F, X>>(0);
    const S = K.SIZE;
    const T = E.SIZE;
    const mark = smark();
    const t = salloc(S);
    const x = salloc(S);
    const y = salloc(S);
    K.mul(t, a, a + S);
    K.add(x, a, a + S);
    // y = a0 + v·a1 = (a0.0 + ξa1.2, a0.1 + a1.0, a0.2 + a1.1)
    B.addXiQuad(y, a, a + S + 2 * T);
    E.add(y + T, a + T, a + S);
    E.add(y + 2 * T, a + 2 * T, a + S + T);
    K.mul(x, x, y);
    // o0 = x − t − v·t = (x.0 − t.0 − ξt.2, x.1 − t.1 − t.0, x.2 − t.2 − t.1), o1 = 2t
    B.sub2XiQuad(o, x, t, t + 2 * T);
    B.sub2Quad(o + T, x + T, t + T, t);
    B.sub2Quad(o + 2 * T, x + 2 * T, t + 2 * T, t + T);
    K.dbl(o + S, t);
    sfree(mark);
  }

  /** The conjugate a0 − a1w, which is a^(p^6) and, in the cyclotomic subgroup, 1/a. */
  conj(o: usize, a: usize): void {
    const K = changetype<Fp6Of<F, X>>(0);
    const S = K.SIZE;
    K.copy(o, a);
    K.neg(o + S, a + S);
  }

  /** 1/a = (a0 − a1w)/(a0² − va1²). */
  inv(o: usize, a: usize): void {
    const K = changetype<Fp6Of<F, X>>(0);
    const S = K.SIZE;
    const mark = smark();
    const t = salloc(S);
    const u = salloc(S);
    K.sqr(t, a);
    K.sqr(u, a + S);
    K.mulByV(u, u);
    K.sub(t, t, u);
    K.inv(t, t);
    K.mul(o, a, t);
    K.mul(u, a + S, t);
    K.neg(o + S, u);
    sfree(mark);
  }

  /**
   * a^(p^k), k = 1..3. With g_i the coefficient of w^i (c0 holds w^0, w^2, w^4 and c1 holds
   * w^1, w^3, w^5), g_i becomes conj^k(g_i)·γ[k][i].
   */
  frobenius(o: usize, a: usize, k: i32): void {
    const E = changetype<Fp2Of<F>>(0);
    const P = changetype<X>(0);
    const S = E.SIZE;
    for (let j = 0; j < 6; j++) {
      // Storage slot j holds w^i with i = 2j (j < 3) or 2(j − 3) + 1.
      const i = j < 3 ? 2 * j : 2 * (j - 3) + 1;
      const src = a + <usize>j * S;
      const dst = o + <usize>j * S;
      if (k & 1) E.conj(dst, src);
      else E.copy(dst, src);
      if (i > 0) E.mul(dst, dst, P.frobeniusCoefficient(k, i));
    }
  }

  /**
   * Squaring in the cyclotomic subgroup (a^(p^6+1)... = 1 after the easy part), Granger–Scott:
   * as Fp4³ with Fp4 = Fp2[t]/(t² − ξ), t = w³, a = A0 + A1w + A2w² where A0 = g0 + g3t,
   * A1 = g1 + g4t, A2 = g2 + g5t, and
   *   a² = (3A0² − 2Ā0) + (3tA2² + 2Ā1)w + (3A1² − 2Ā2)w²,   Ā = x − yt.
   * 9 Fp2 squarings instead of 12 Fp2 multiplications. Only valid in that subgroup.
   */
  cyclotomicSqr(o: usize, a: usize): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    const mark = smark();
    // Per Fp4 square (x + yt)²: xx = x², yy = y², ss = (x + y)²; then X = xx + ξyy, Y = ss − xx − yy.
    const sq = salloc(9 * S);
    const s = salloc(S);
    // Slots: g0 = 0, g2 = 1, g4 = 2, g1 = 3, g3 = 4, g5 = 5.
    const g0 = a, g2 = a + S, g4 = a + 2 * S, g1 = a + 3 * S, g3 = a + 4 * S, g5 = a + 5 * S;
    this.fp4Squares(sq, s, g0, g3);
    this.fp4Squares(sq + 3 * S, s, g1, g4);
    this.fp4Squares(sq + 6 * S, s, g2, g5);
    // g0' = 3X0 − 2g0, g3' = 3Y0 + 2g3; g2' = 3X1 − 2g2, g5' = 3Y1 + 2g5; g1' = 3ξY2 + 2g1, g4' = 3X2 − 2g4
    const xx0 = sq, yy0 = sq + S, ss0 = sq + 2 * S;
    const xx1 = sq + 3 * S, yy1 = sq + 4 * S, ss1 = sq + 5 * S;
    const xx2 = sq + 6 * S, yy2 = sq + 7 * S, ss2 = sq + 8 * S;
    B.cycXQuad(o, xx0, yy0, g0);
    B.cycYQuad(o + 4 * S, ss0, xx0, yy0, g3);
    B.cycXQuad(o + S, xx1, yy1, g2);
    B.cycYQuad(o + 5 * S, ss1, xx1, yy1, g5);
    B.cycYXiQuad(o + 3 * S, ss2, xx2, yy2, g1);
    B.cycXQuad(o + 2 * S, xx2, yy2, g4);
    sfree(mark);
  }

  /** x², y² and (x + y)² (Fp2 each) to out[0], out[1], out[2]; `s` is scratch. */
  private fp4Squares(out: usize, s: usize, x: usize, y: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    E.sqr(out, x);
    E.sqr(out + S, y);
    E.addNR(s, x, y);
    E.sqr(out + 2 * S, s);
  }

  /**
   * f·(1 + (l3 + l4v)w), a Miller-loop line divided by its constant coefficient (D-type twist:
   * the line's non-zero coefficients sit at 1, w and w³). 10 Fp2 multiplications:
   * (f0 + f1w)(1 + bw) = (f0 + f1bv) + (f1 + f0b)w with b = l3 + l4v.
   */
  mulByLine(o: usize, f: usize, l3: usize, l4: usize): void {
    const K = changetype<Fp6Of<F, X>>(0);
    const S = K.SIZE;
    const mark = smark();
    const t0 = salloc(S);
    const t1 = salloc(S);
    K.mulBy01(t0, f + S, l3, l4);
    K.mulBy01(t1, f, l3, l4);
    K.mulByV(t0, t0);
    K.add(o + S, f + S, t1);
    K.add(o, f, t0);
    sfree(mark);
  }

  /**
   * f·((l4 + l3v) + v·w), an M-type twist's line (coefficients at 1, w² and w³) divided by its
   * w³ coefficient: (f0 + f1w)(L0 + vw) = (f0L0 + f1v²) + (f0v + f1L0)w with L0 = l4 + l3v.
   * 10 Fp2 multiplications, like the D-type line.
   */
  mulByLineM(o: usize, f: usize, l3: usize, l4: usize): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const K = changetype<Fp6Of<F, X>>(0);
    const S = K.SIZE;
    const T = E.SIZE;
    const mark = smark();
    const t0 = salloc(S);
    const t1 = salloc(S);
    const f0 = salloc(S);
    K.mulBy01(t0, f, l4, l3);
    K.mulBy01(t1, f + S, l4, l3);
    K.copy(f0, f);
    // o0 = t0 + v²f1 = (t0.0 + ξf1.1, t0.1 + ξf1.2, t0.2 + f1.0)
    B.addXiQuad(o, t0, f + S + T);
    B.addXiQuad(o + T, t0 + T, f + S + 2 * T);
    E.add(o + 2 * T, t0 + 2 * T, f + S);
    // o1 = v·f0 + t1 = (t1.0 + ξf0.2, t1.1 + f0.0, t1.2 + f0.1)
    B.addXiQuad(o + S, t1, f0 + 2 * T);
    E.add(o + S + T, t1 + T, f0);
    E.add(o + S + 2 * T, t1 + 2 * T, f0 + T);
    sfree(mark);
  }

  isOne(a: usize): bool {
    const F2 = changetype<Fp2Of<F>>(0);
    const B = changetype<F>(0);
    const S = F2.SIZE;
    const mark = smark();
    const one = salloc(B.SIZE);
    B.setOne(one);
    let ok = B.eq(a, one) && B.isZero(a + B.SIZE);
    for (let j: usize = 1; j < 6; j++) ok = ok && F2.isZero(a + j * S);
    sfree(mark);
    return ok;
  }

  eq(a: usize, b: usize): bool {
    const K = changetype<Fp6Of<F, X>>(0);
    return K.eq(a, b) && K.eq(a + K.SIZE, b + K.SIZE);
  }

  copy(o: usize, a: usize): void {
    memory.copy(o, a, this.SIZE);
  }

  setOne(o: usize): void {
    memory.fill(o, 0, this.SIZE);
    changetype<F>(0).setOne(o);
  }
}
