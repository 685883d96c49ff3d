/**
 * BN254 (alt_bn128, EIP-196/197) in WebAssembly: the prime field, the Fp2/Fp6/Fp12 tower, G1 and
 * G2 arithmetic, multi-scalar multiplication, the optimal ate pairing with prepared G2 lines,
 * and multi-pairing checks that share one final exponentiation.
 *
 * The generic machinery lives in wasm/engine/ (montgomery generator, tower.ts, curve.ts,
 * pairing.ts), shared with wasm/bls12381.ts; this file configures it with BN254's parameters
 * (bn254/params.ts, and the generated fp.generated.ts / constants.generated.ts) and exports it for the host
 * (src/crypto/bn254/kernel.ts).
 *
 * Memory contract: no allocator. Static data holds constants and the scratch stack; the host
 * owns everything from heapBase() on (inputs, outputs, prepared G2 tables, MSM work areas) and
 * grows memory itself. Field elements cross the boundary as 8 little-endian u32 words
 * (canonical integers) and are converted with fromWords / toWords; inside they are 36-byte
 * Montgomery limbs. Layouts (bytes): Fp 36, Fp2 72, Fp12 432, G1 affine 72 / Jacobian 108,
 * G2 affine 144 / Jacobian 216, prepared G2 tableSize().
 */
import { CURVE_ORDER_MINUS_1, G1_B, G2_B, SEED_X } from './bn254/constants.generated';
import { Fp, fpFromWords, fpToWords } from './bn254/fp.generated';
import { Bn254 } from './bn254/params';
import { psiJacobian } from './engine/endo';
import { Pairing } from './engine/pairing';
import { salloc, sfree, smark } from './engine/scratch';
import { JacobianOf } from './engine/curve';
import { Fp12Of, Fp2Of, Fp6Of } from './engine/tower';

export { fpAdd, fpSub, fpMul, fpSqr, fpNeg, fpInv, fpHalf } from './bn254/fp.generated';
export { scratchUsed } from './engine/scratch';

// @ts-ignore: decorator
@inline function fp2(): Fp2Of<Fp> { return changetype<Fp2Of<Fp>>(0); }
// @ts-ignore: decorator
@inline function fp6(): Fp6Of<Fp, Bn254> { return changetype<Fp6Of<Fp, Bn254>>(0); }
// @ts-ignore: decorator
@inline function fp12(): Fp12Of<Fp, Bn254> { return changetype<Fp12Of<Fp, Bn254>>(0); }
// @ts-ignore: decorator
@inline function g1(): JacobianOf<Fp> { return changetype<JacobianOf<Fp>>(0); }
// @ts-ignore: decorator
@inline function g2(): JacobianOf<Fp2Of<Fp>> { return changetype<JacobianOf<Fp2Of<Fp>>>(0); }
// @ts-ignore: decorator
@inline function pairing(): Pairing<Fp, Bn254> { return changetype<Pairing<Fp, Bn254>>(0); }
// @ts-ignore: decorator
@inline function params(): Bn254 { return changetype<Bn254>(0); }

/** First byte the host may use; everything above is the host's. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

// ---------------------------------------------------------------------------------------------
// Conversions

/**
 * Reads `count` canonical integers (8 u32 words each, consecutive at `w`) into consecutive
 * Montgomery elements at `o`. Returns false when any is not below p (the rest unspecified).
 */
export function fromWords(o: usize, w: usize, count: i32): bool {
  let ok = true;
  for (let i: usize = 0; i < <usize>count; i++) ok = fpFromWords(o + i * 36, w + i * 32) && ok;
  return ok;
}

/** Writes `count` elements at `a` as canonical integers (8 u32 words each) to `w`. */
export function toWords(w: usize, a: usize, count: i32): void {
  for (let i: usize = 0; i < <usize>count; i++) fpToWords(w + i * 32, a + i * 36);
}

// ---------------------------------------------------------------------------------------------
// Tower (exported for the differential tests)

export function fp2Mul(o: usize, a: usize, b: usize): void { fp2().mul(o, a, b); }
export function fp2Sqr(o: usize, a: usize): void { fp2().sqr(o, a); }
export function fp2Inv(o: usize, a: usize): void { fp2().inv(o, a); }
export function fp2MulByXi(o: usize, a: usize): void { params().mulByXi(o, a); }
export function fp6Mul(o: usize, a: usize, b: usize): void { fp6().mul(o, a, b); }
export function fp6Sqr(o: usize, a: usize): void { fp6().sqr(o, a); }
export function fp6Inv(o: usize, a: usize): void { fp6().inv(o, a); }
export function fp6Frobenius(o: usize, a: usize, k: i32): void { fp6().frobenius(o, a, k); }
export function fp12Mul(o: usize, a: usize, b: usize): void { fp12().mul(o, a, b); }
export function fp12Sqr(o: usize, a: usize): void { fp12().sqr(o, a); }
export function fp12Inv(o: usize, a: usize): void { fp12().inv(o, a); }
export function fp12Conj(o: usize, a: usize): void { fp12().conj(o, a); }
export function fp12Frobenius(o: usize, a: usize, k: i32): void { fp12().frobenius(o, a, k); }
export function fp12CyclotomicSqr(o: usize, a: usize): void { fp12().cyclotomicSqr(o, a); }
export function fp12MulByLine(o: usize, f: usize, l3: usize, l4: usize): void { fp12().mulByLine(o, f, l3, l4); }
export function fp12IsOne(a: usize): bool { return fp12().isOne(a); }
export function finalExp(o: usize, f: usize): void { pairing().finalExp(o, f); }

// ---------------------------------------------------------------------------------------------
// G1 (over Fp) and G2 (over Fp2): Jacobian unless named affine.

export function g1FromAffine(o: usize, a: usize): void { g1().fromAffine(o, a); }
export function g1ToAffine(o: usize, p: usize): void { g1().toAffine(o, p); }
export function g1IsOnCurve(a: usize): bool { return g1().isOnCurveAffine(a, G1_B); }
export function g1Add(o: usize, p: usize, q: usize): void { g1().add(o, p, q); }
export function g1AddAffine(o: usize, p: usize, a: usize): void { g1().addAffine(o, p, a); }
export function g1Double(o: usize, p: usize): void { g1().double(o, p); }
export function g1Neg(o: usize, p: usize): void { g1().neg(o, p); }
export function g1Eq(p: usize, q: usize): bool { return g1().eq(p, q); }
export function g1Mul(o: usize, p: usize, k: usize): void { g1().mul(o, p, k, 8); }
export function g1Msm(o: usize, pts: usize, ks: usize, n: i32, work: usize): void {
  g1().msm(o, pts, ks, 8, n, work);
}
export function g1MsmWorkSize(n: i32): usize { return g1().msmWorkSize(n); }

export function g2FromAffine(o: usize, a: usize): void { g2().fromAffine(o, a); }
export function g2ToAffine(o: usize, p: usize): void { g2().toAffine(o, p); }
export function g2IsOnCurve(a: usize): bool { return g2().isOnCurveAffine(a, G2_B); }
export function g2Add(o: usize, p: usize, q: usize): void { g2().add(o, p, q); }
export function g2AddAffine(o: usize, p: usize, a: usize): void { g2().addAffine(o, p, a); }
export function g2Double(o: usize, p: usize): void { g2().double(o, p); }
export function g2Neg(o: usize, p: usize): void { g2().neg(o, p); }
export function g2Eq(p: usize, q: usize): bool { return g2().eq(p, q); }
export function g2Mul(o: usize, p: usize, k: usize): void { g2().mul(o, p, k, 8); }
export function g2Msm(o: usize, pts: usize, ks: usize, n: i32, work: usize): void {
  g2().msm(o, pts, ks, 8, n, work);
}
export function g2MsmWorkSize(n: i32): usize { return g2().msmWorkSize(n); }

function g2PsiJacobian(o: usize, p: usize): void {
  psiJacobian<Fp, Bn254>(o, p);
}

/**
 * Whether affine Q (on the twist) is in G2, the order-r subgroup:
 *   [x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q)
 * (El Housni, Guillevic, Piellard, "Co-factor clearing and subgroup membership testing on
 * pairing-friendly curves", ePrint 2022/348, §5.1 for BN curves; also gnark-crypto's test).
 * One 63-bit multiplication by the seed x instead of a 254-bit [r]Q.
 */
export function g2InSubgroup(a: usize): bool {
  const G = g2();
  if (G.affineIsInfinity(a)) return true;
  const J = G.SIZE;
  const mark = smark();
  const xq = salloc(J);
  const lhs = salloc(J);
  const t = salloc(J);
  const rhs = salloc(J);
  G.fromAffine(t, a);
  G.msm(xq, a, SEED_X, 2, 1, 0); //   [x]Q
  G.addAffine(lhs, xq, a); //         [x+1]Q
  g2PsiJacobian(t, xq); //            ψ([x]Q)
  G.add(lhs, lhs, t);
  g2PsiJacobian(t, t); //             ψ²([x]Q)
  G.add(lhs, lhs, t);
  G.double(rhs, xq); //               [2x]Q
  g2PsiJacobian(rhs, rhs);
  g2PsiJacobian(rhs, rhs);
  g2PsiJacobian(rhs, rhs); //         ψ³([2x]Q)
  const ok = G.eq(lhs, rhs);
  sfree(mark);
  return ok;
}

/** Whether [r]Q = O for affine Q on the twist: the definition, slower; for tests. */
export function g2HasOrderR(a: usize): bool { return g2().hasOrder(a, CURVE_ORDER_MINUS_1); }

// ---------------------------------------------------------------------------------------------
// Pairing

/** Bytes of one prepared G2 point. */
export function tableSize(): usize { return pairing().TABLE; }

/** Prepares affine Q (on the twist, not infinity); false if Q is degenerate (not in G2). */
export function g2Prepare(table: usize, a: usize): bool { return pairing().prepare(table, a); }

/**
 * f = product of Miller loops over `n` pairs: affine G1 points at `ps` (72 bytes each, not
 * infinity) and the u32 addresses of their prepared G2 tables at `tables`.
 */
export function millerLoop(f: usize, ps: usize, tables: usize, n: i32): void {
  pairing().millerLoop(f, ps, tables, n);
}

/**
 * Whether Π e(P_k, Q_k) (times the final exponentiation of the Miller-loop value at `extra`,
 * when not 0) is 1. Uses one Miller loop over all pairs and one final exponentiation.
 */
export function pairingCheck(ps: usize, tables: usize, n: i32, extra: usize): bool {
  const K = fp12();
  const mark = smark();
  const f = salloc(K.SIZE);
  pairing().millerLoop(f, ps, tables, n);
  if (extra != 0) K.mul(f, f, extra);
  pairing().finalExp(f, f);
  const ok = K.isOne(f);
  sfree(mark);
  return ok;
}
