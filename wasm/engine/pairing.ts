/**
 * The optimal ate pairing of a BN or BLS12 curve with a sextic twist, written once and
 * configured by the curve's parameter class `X` (wasm/<curve>/params.ts):
 *
 *   BN254 (D-type twist, loop 6x+2, x > 0):
 *     e(P, Q) = ( f_{6x+2,Q}(P) · l_{T,π(Q)}(P) · l_{T+π(Q),−π²(Q)}(P) )^((p¹²−1)/r · m_BN)
 *   BLS12-381 (M-type twist, loop |x|, x < 0):
 *     e(P, Q) = conj( f_{|x|,Q}(P) )^((p¹²−1)/r · m_BLS)
 *
 * where the m's are the multiples of the final exponent that the hard parts below compute (the
 * same as @noble/curves', so `pairing` values are comparable with noble's; any fixed m coprime
 * to r gives the same answer to every product-equals-one check).
 *
 * Miller loop: G2 points are first "prepared" into a table of lines (homogeneous projective
 * doubling and mixed addition, Costello–Lange–Naehrig formulas as in Aranha et al., "Faster
 * explicit formulas for computing pairings over ordinary curves", EUROCRYPT 2011, §4). A line
 * through points of the twist, evaluated at P, is c_y·y_P + c_x·x_P·w^a + c_c·w^b: the twist
 * type only decides where the coefficients sit (D-type: 1, w, w³; M-type: w³, w², 1, after
 * multiplying by w³, which the final exponentiation ignores like every factor in a proper
 * subfield). Each line is divided by c_y, so evaluating it at P costs 4 base multiplications
 * and multiplying it in costs 10 Fp2 multiplications. A verification key's G2 points are
 * prepared once and reused. Several pairs share one loop (one squaring per step) and one final
 * exponentiation.
 */
import { salloc, sfree, smark } from './scratch';
import { Fp12Of, Fp2Of } from './tower';

/** Curve families the final exponentiation knows. */
export const FAMILY_BN: i32 = 0;
export const FAMILY_BLS12: i32 = 1;

@final
export class Pairing<F, X> {
  /** One prepared line: (c3/c0, c4/c0), two Fp2 elements. */
  // @ts-ignore: decorator
  @inline get LINE(): usize {
    return changetype<F>(0).SIZE << 2;
  }

  // @ts-ignore: decorator
  @inline get TABLE(): usize {
    return <usize>changetype<X>(0).ateLines * this.LINE;
  }

  /**
   * Writes the lines of the Miller loop for Q (affine Fp2 (x, y), not infinity) to `table`.
   * Returns false when a line degenerates (a zero constant coefficient), which happens only
   * for points outside the order-r subgroup.
   */
  prepare(table: usize, q: usize): bool {
    const E = changetype<Fp2Of<F>>(0);
    const L = <usize>changetype<X>(0).ateLines;
    const mark = smark();
    const c0s = salloc(L * E.SIZE);
    this.lines(table, c0s, q);
    const ok = this.batchInvert(c0s, L);
    if (ok) this.normalize(table, c0s);
    sfree(mark);
    return ok;
  }

  /** The lines for Q, each not yet divided by its y-coefficient, which goes to `c0s`. */
  private lines(table: usize, c0s: usize, q: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const P = changetype<X>(0);
    const S = E.SIZE;
    const LINE = this.LINE;
    const mark = smark();
    const T = salloc(3 * S);
    const qn = salloc(2 * S);
    const q1 = salloc(2 * S);
    const q2 = salloc(2 * S);
    E.copy(T, q);
    E.copy(T + S, q + S);
    E.setOne(T + 2 * S);
    E.copy(qn, q);
    E.neg(qn + S, q + S);
    let idx: usize = 0;
    const digits = P.ateDigits;
    const len = P.ateDigitsLen;
    for (let i = 1; i < len; i++) {
      this.doubleStep(T, c0s + idx * S, table + idx * LINE);
      idx++;
      const d = load<i8>(digits + <usize>i);
      if (d != 0) {
        this.addStep(T, d > 0 ? q : qn, c0s + idx * S, table + idx * LINE);
        idx++;
      }
    }
    if (P.family == FAMILY_BN) {
      // π(Q) = (conj(x)γ[1][2], conj(y)γ[1][3]); −π²(Q) = (xγ[2][2], −yγ[2][3]).
      E.conj(q1, q);
      E.mul(q1, q1, P.frobeniusCoefficient(1, 2));
      E.conj(q1 + S, q + S);
      E.mul(q1 + S, q1 + S, P.frobeniusCoefficient(1, 3));
      E.mul(q2, q, P.frobeniusCoefficient(2, 2));
      E.mul(q2 + S, q + S, P.frobeniusCoefficient(2, 3));
      E.neg(q2 + S, q2 + S);
      this.addStep(T, q1, c0s + idx * S, table + idx * LINE);
      idx++;
      this.addStep(T, q2, c0s + idx * S, table + idx * LINE);
      idx++;
    }
    sfree(mark);
  }

  /** Multiplies each line of `table` by the inverse of its y-coefficient, given at `inverses`. */
  private normalize(table: usize, inverses: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    const L = <usize>changetype<X>(0).ateLines;
    for (let k: usize = 0; k < L; k++) {
      const line = table + k * this.LINE;
      const inv = inverses + k * S;
      E.mul(line, line, inv);
      E.mul(line + S, line + S, inv);
    }
  }

  /**
   * Replaces `count` consecutive Fp2 elements at `a` by their inverses, with one inversion for
   * all (Montgomery's trick). Returns false, leaving them unspecified, when any is zero.
   */
  private batchInvert(a: usize, count: usize): bool {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    const mark = smark();
    const prefix = salloc(count * S);
    const acc = salloc(S);
    const t = salloc(S);
    E.setOne(acc);
    for (let k: usize = 0; k < count; k++) {
      E.copy(prefix + k * S, acc);
      E.mul(acc, acc, a + k * S);
    }
    const ok = !E.isZero(acc);
    E.inv(acc, acc);
    for (let k = <isize>count - 1; k >= 0; k--) {
      const x = a + <usize>k * S;
      E.mul(t, acc, prefix + <usize>k * S); // 1/x_k
      E.mul(acc, acc, x);
      E.copy(x, t);
    }
    sfree(mark);
    return ok;
  }

  /**
   * Whether Π e(P_k, Q_k) = 1 for `n` affine G1 points at `ps` and `n` fresh affine G2 points at
   * `qs` (none at infinity): their lines and the G1 points' 1/y share one inversion, then one
   * Miller loop and one final exponentiation. False also when a line degenerates (Q not in G2).
   */
  checkFresh(ps: usize, qs: usize, n: i32): bool {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const K = changetype<Fp12Of<F, X>>(0);
    const S1 = B.SIZE;
    const S = E.SIZE;
    const L = <usize>changetype<X>(0).ateLines;
    const N = <usize>n;
    const mark = smark();
    const tables = salloc(N * this.TABLE);
    const addrs = salloc(N << 2);
    const inv = salloc((N * L + N) * S);
    const pc = salloc(N * 2 * S1);
    const f = salloc(K.SIZE);
    for (let k: usize = 0; k < N; k++) {
      store<u32>(addrs + (k << 2), <u32>(tables + k * this.TABLE));
      this.lines(tables + k * this.TABLE, inv + k * L * S, qs + k * 2 * S);
      const y = inv + (N * L + k) * S;
      B.copy(y, ps + k * 2 * S1 + S1);
      B.setZero(y + S1);
    }
    let ok = this.batchInvert(inv, N * L + N);
    if (ok) {
      for (let k: usize = 0; k < N; k++) {
        this.normalize(tables + k * this.TABLE, inv + k * L * S);
        const yInv = inv + (N * L + k) * S;
        B.copy(pc + k * 2 * S1 + S1, yInv);
        B.mul(pc + k * 2 * S1, ps + k * 2 * S1, yInv);
      }
      this.loop(f, pc, addrs, n);
      this.finalExp(f, f);
      ok = K.isOne(f);
    }
    sfree(mark);
    return ok;
  }

  /**
   * T ← 2T on y² = x³ + b' (homogeneous projective), with the tangent line
   * l = H·y_P − 3X²·x_P·w + (Y² − 3b'Z²)·w³ (H = 2YZ; the negation of the usual one, which the
   * division by the y-coefficient makes no difference to, and saves a pass).
   */
  private doubleStep(T: usize, c0: usize, line: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const P = changetype<X>(0);
    const S = E.SIZE;
    const mark = smark();
    const a = salloc(S);
    const b = salloc(S);
    const c = salloc(S);
    const e = salloc(S);
    const f = salloc(S);
    const g = salloc(S);
    const h = salloc(S);
    const Xp = T, Yp = T + S, Zp = T + 2 * S;
    E.mul(a, Xp, Yp);
    E.half(a, a);
    E.sqr(b, Yp);
    E.sqr(c, Zp);
    P.mulByTwistB3(e, c);
    E.triple(f, e);
    E.add(g, b, f);
    E.half(g, g);
    E.addNR(h, Yp, Zp);
    E.sqr(h, h);
    E.sub2(h, h, b, c);
    // Line: c0 = H, c3 = −3X², c4 = B − E.
    E.copy(c0, h);
    E.sqr(c, Xp);
    E.negTriple(line, c);
    E.sub(line + S, b, e);
    // X3 = A(B − F), Y3 = G² − 3E², Z3 = B·H
    E.sub(c, b, f);
    E.mul(Xp, a, c);
    E.sqr(g, g);
    E.sqr(e, e);
    E.subTriple(Yp, g, e);
    E.mul(Zp, b, h);
    sfree(mark);
  }

  /**
   * T ← T + Q for Q affine (x2, y2), with the chord l = λ·y_P − θ·x_P·w + (θx2 − λy2)·w³
   * (θ = Y − y2Z, λ = X − x2Z).
   */
  private addStep(T: usize, q: usize, c0: usize, line: usize): void {
    const E = changetype<Fp2Of<F>>(0);
    const S = E.SIZE;
    const mark = smark();
    const th = salloc(S);
    const la = salloc(S);
    const c = salloc(S);
    const d = salloc(S);
    const e = salloc(S);
    const f = salloc(S);
    const g = salloc(S);
    const h = salloc(S);
    const Xp = T, Yp = T + S, Zp = T + 2 * S;
    E.mul(th, q + S, Zp);
    E.sub(th, Yp, th);
    E.mul(la, q, Zp);
    E.sub(la, Xp, la);
    // Line: c0 = λ, c3 = −θ, c4 = θx2 − λy2.
    E.copy(c0, la);
    E.neg(line, th);
    E.mul(c, th, q);
    E.mul(d, la, q + S);
    E.sub(line + S, c, d);
    // C = θ², D = λ², E = λ³, F = Z·C, G = X·D, H = E + F − 2G
    E.sqr(c, th);
    E.sqr(d, la);
    E.mul(e, la, d);
    E.mul(f, Zp, c);
    E.mul(g, Xp, d);
    E.addSubDbl(h, e, f, g);
    // X3 = λH, Y3 = θ(G − H) − Y·E, Z3 = Z·E
    E.mul(Xp, la, h);
    E.sub(g, g, h);
    E.mul(g, th, g);
    E.mul(f, Yp, e);
    E.sub(Yp, g, f);
    E.mul(Zp, Zp, e);
    sfree(mark);
  }

  /**
   * f = Π_k (Miller loop of P_k and the prepared Q_k), for `n` affine G1 points at `ps`
   * (none at infinity) and `n` table addresses (u32) at `tables`.
   */
  millerLoop(f: usize, ps: usize, tables: usize, n: i32): void {
    const B = changetype<F>(0);
    const S1 = B.SIZE;
    const mark = smark();
    // Per pair: (x/y, 1/y), one inversion for all the y's.
    const pc = salloc(<usize>n * 2 * S1);
    const acc = salloc(S1);
    B.setOne(acc);
    for (let k: usize = 0; k < <usize>n; k++) {
      B.copy(pc + k * 2 * S1, acc);
      B.mul(acc, acc, ps + k * 2 * S1 + S1);
    }
    B.inv(acc, acc);
    for (let k = <isize>n - 1; k >= 0; k--) {
      const p = ps + <usize>k * 2 * S1;
      const o = pc + <usize>k * 2 * S1;
      B.mul(o + S1, acc, o); // 1/y_k
      B.mul(acc, acc, p + S1);
      B.mul(o, p, o + S1);
    }
    this.loop(f, pc, tables, n);
    sfree(mark);
  }

  /** The loop itself, over pairs given as (x/y, 1/y) at `pc` and their prepared tables. */
  private loop(f: usize, pc: usize, tables: usize, n: i32): void {
    const B = changetype<F>(0);
    const E = changetype<Fp2Of<F>>(0);
    const K = changetype<Fp12Of<F, X>>(0);
    const P = changetype<X>(0);
    const S1 = B.SIZE;
    const S = E.SIZE;
    const LINE = this.LINE;
    const mark = smark();
    const l3 = salloc(S);
    const l4 = salloc(S);
    K.setOne(f);
    let idx: usize = 0;
    const digits = P.ateDigits;
    const len = P.ateDigitsLen;
    // Steps 1..len−1 follow the digits; BN adds two for the Frobenius lines.
    const last = P.family == FAMILY_BN ? len + 1 : len - 1;
    for (let i = 1; i <= last; i++) {
      const steps = i < len ? (load<i8>(digits + <usize>i) != 0 ? 2 : 1) : 1;
      if (i > 1 && i < len) K.sqr(f, f);
      for (let s = 0; s < steps; s++) {
        for (let k: usize = 0; k < <usize>n; k++) {
          const line = <usize>load<u32>(tables + (k << 2)) + idx * LINE;
          const o = pc + k * 2 * S1;
          E.mulBase(l3, line, o);
          E.mulBase(l4, line + S, o + S1);
          if (P.mTwist) K.mulByLineM(f, f, l3, l4);
          else K.mulByLine(f, f, l3, l4);
        }
        idx++;
      }
    }
    // f_{−|x|} = 1/f_{|x|} up to factors the final exponentiation removes; 1/f = conj(f) there.
    if (P.ateNegative) K.conj(f, f);
    sfree(mark);
  }

  /**
   * f^((p¹²−1)/r · m): the easy part (p⁶−1)(p²+1), after which 1/m = conj(m) (the cyclotomic
   * subgroup), then the family's hard part as a chain of exponentiations by the seed x.
   */
  finalExp(o: usize, f: usize): void {
    const K = changetype<Fp12Of<F, X>>(0);
    const S = K.SIZE;
    const mark = smark();
    const m = salloc(S);
    const t = salloc(S);
    K.conj(t, f);
    K.inv(m, f);
    K.mul(m, t, m);
    K.frobenius(t, m, 2);
    K.mul(m, t, m);
    if (changetype<X>(0).family == FAMILY_BN) this.hardPartBn(o, m);
    else this.hardPartBls12(o, m);
    sfree(mark);
  }

  /**
   * BN: m^(2x(6x²+3x+1)·(p⁴−p²+1)/r), the Fuentes-Castañeda–Knapp–Rodríguez-Henríquez chain
   * ("Faster hashing to G2", SAC 2011, §6), as @noble/curves' bn254.
   */
  private hardPartBn(o: usize, m: usize): void {
    const K = changetype<Fp12Of<F, X>>(0);
    const S = K.SIZE;
    const mark = smark();
    const t = salloc(S);
    const a = salloc(S);
    const b = salloc(S);
    const c = salloc(S);
    const d = salloc(S);
    const e = salloc(S);
    // Hard part, exponents in terms of x:
    this.expX(a, m); //                 a = m^x
    K.cyclotomicSqr(b, a); //           b = m^2x
    K.mul(c, b, a);
    K.cyclotomicSqr(c, c); //           c = m^6x
    this.expX(d, c); //                 d = m^6x²
    K.cyclotomicSqr(e, d);
    this.expX(e, e); //                 e = m^12x³
    K.mul(e, e, d);
    K.mul(e, e, c); //                  e = y8 = m^(12x³+6x²+6x)
    K.conj(b, b);
    K.mul(b, e, b); //                  b = y9 = m^(12x³+6x²+4x)
    K.mul(d, e, d);
    K.mul(d, d, m); //                  d = m^(12x³+12x²+6x+1)
    K.conj(t, m);
    K.mul(t, b, t); //                  t = m^(12x³+6x²+4x−1)
    K.frobenius(t, t, 3);
    K.frobenius(e, e, 2);
    K.frobenius(b, b, 1);
    K.mul(d, d, b);
    K.mul(d, d, e);
    K.mul(o, d, t);
    sfree(mark);
  }

  /**
   * BLS12: with x < 0 and y^x = conj(y^|x|) in the cyclotomic subgroup, the chain
   *   t1 = m, t2 = t1^x, t3 = t1^(−2)·t2, t4 = t3^x, t5 = t4^x, t6 = t5^x·t2², t7 = t6^x,
   *   result = (t2·t5)^(p²) · (t4·t1)^(p³) · (t6·conj(t1))^p · t7·conj(t3)·t1,
   * a fixed multiple of (p⁴−p²+1)/r (the one @noble/curves' bls12-381 computes, so values match).
   */
  private hardPartBls12(o: usize, m: usize): void {
    const K = changetype<Fp12Of<F, X>>(0);
    const S = K.SIZE;
    const mark = smark();
    const t2 = salloc(S);
    const t3 = salloc(S);
    const t4 = salloc(S);
    const t5 = salloc(S);
    const t6 = salloc(S);
    const t7 = salloc(S);
    const a = salloc(S);
    const b = salloc(S);
    this.expSeed(t2, m);
    K.cyclotomicSqr(t3, m);
    K.conj(t3, t3);
    K.mul(t3, t3, t2);
    this.expSeed(t4, t3);
    this.expSeed(t5, t4);
    this.expSeed(t6, t5);
    K.cyclotomicSqr(a, t2);
    K.mul(t6, t6, a);
    this.expSeed(t7, t6);
    K.mul(a, t2, t5);
    K.frobenius(a, a, 2);
    K.mul(b, t4, m);
    K.frobenius(b, b, 3);
    K.mul(a, a, b);
    K.conj(b, m);
    K.mul(b, t6, b);
    K.frobenius(b, b, 1);
    K.mul(a, a, b);
    K.conj(b, t3);
    K.mul(b, t7, b);
    K.mul(b, b, m);
    K.mul(o, a, b);
    sfree(mark);
  }

  /** a^x for the signed seed x, in the cyclotomic subgroup. */
  private expSeed(o: usize, a: usize): void {
    this.expX(o, a);
    if (changetype<X>(0).seedNegative) changetype<Fp12Of<F, X>>(0).conj(o, o);
  }

  /** o = a^|x| in the cyclotomic subgroup: width-4 signed digits, conj for negative ones. */
  expX(o: usize, a: usize): void {
    const K = changetype<Fp12Of<F, X>>(0);
    const P = changetype<X>(0);
    const S = K.SIZE;
    const mark = smark();
    // Odd powers a, a³, a⁵, a⁷ and their conjugates (inverses).
    const pos = salloc(4 * S);
    const neg = salloc(4 * S);
    const sq = salloc(S);
    const r = salloc(S);
    K.copy(pos, a);
    K.cyclotomicSqr(sq, a);
    for (let i: usize = 1; i < 4; i++) K.mul(pos + i * S, pos + (i - 1) * S, sq);
    for (let i: usize = 0; i < 4; i++) K.conj(neg + i * S, pos + i * S);
    const digits = P.xDigits;
    const len = P.xDigitsLen;
    const top = <i32>load<i8>(digits);
    K.copy(r, (top > 0 ? pos : neg) + <usize>((top < 0 ? -top : top) >> 1) * S);
    for (let i = 1; i < len; i++) {
      K.cyclotomicSqr(r, r);
      const d = <i32>load<i8>(digits + <usize>i);
      if (d != 0) K.mul(r, r, (d > 0 ? pos : neg) + <usize>((d < 0 ? -d : d) >> 1) * S);
    }
    K.copy(o, r);
    sfree(mark);
  }
}
