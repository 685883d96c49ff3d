/**
 * BLS12-381 in WebAssembly: the engine of wasm/engine (the one BN254 uses) configured with this
 * curve's parameters (bls12381/params.ts and the generated fp.generated.ts /
 * constants.generated.ts), plus what BLS signatures need on top: the ZCash point encodings
 * (bls12381/encoding.ts), the endomorphism subgroup checks, hash to G2
 * (bls12381/hash-to-g2.ts) and the signature's product-of-pairings check. The host is
 * src/crypto/bls/kernel.ts. For KZG (EIP-4844, EIP-7594), the scalar field's vector kernels
 * (bls12381/kzg.ts), G1 MSMs (bls12381/msm.ts for the larger ones) and a general pairing
 * product; their host is src/crypto/kzg/wasm-backend.ts, on its own instance.
 *
 * Memory contract: no allocator. Static data holds constants and the scratch stack; the host
 * owns everything from heapBase() on. Field elements cross the boundary as 12 little-endian
 * u32 words (canonical integers, fromWords / toWords) or as encoded bytes; inside they are
 * 56-byte Montgomery limbs. Layouts (bytes): Fp 56, Fp2 112, Fp12 672, G1 affine 112 /
 * Jacobian 168, G2 affine 224 / Jacobian 336; affine (0, 0) is the point at infinity.
 */
import { CURVE_ORDER_MINUS_1, BETA, G1_B, G1_GENERATOR, G1_GENERATOR_NEG, G2_B, G2_GENERATOR } from './bls12381/constants.generated';
import { Fp, fpFromWords, fpToWords } from './bls12381/fp.generated';
import { Bls12381 } from './bls12381/params';
import { g2MulBySeed } from './bls12381/hash-to-g2';
import { JacobianOf } from './engine/curve';
import { psiJacobian } from './engine/endo';
import { Pairing } from './engine/pairing';
import { salloc, sfree, smark } from './engine/scratch';
import { Fp12Of, Fp2Of, Fp6Of } from './engine/tower';

export { fpAdd, fpSub, fpMul, fpSqr, fpNeg, fpInv, fpHalf, fpSqrt } from './bls12381/fp.generated';
export { scratchUsed } from './engine/scratch';
export {
  g1Compress,
  g1Decompress,
  g1FromUncompressed,
  g1Uncompressed,
  g2Compress,
  g2Decompress,
} from './bls12381/encoding';
export { clearCofactor, hashToG2, hashToG2FromBytes, isoMap, mapToCurveSswu } from './bls12381/hash-to-g2';
export {
  frDomainBytes,
  frDomainInit,
  frFromBytes,
  frToBytes,
  frFromWordsN,
  frToWordsN,
  frMulVec,
  frScalePowers,
  frAxpy,
  frInverseVec,
  frBitReverse,
  frFft,
  frEvaluateBrp,
  g1Fft,
  g1FftWorkSize,
} from './bls12381/kzg';
export { frMul } from './bls12381/fr.generated';
export { g1MsmGlv, g1MsmGlvWorkSize } from './bls12381/msm';

// @ts-ignore: decorator
@inline function fp(): Fp { return changetype<Fp>(0); }
// @ts-ignore: decorator
@inline function fp2(): Fp2Of<Fp> { return changetype<Fp2Of<Fp>>(0); }
// @ts-ignore: decorator
@inline function fp6(): Fp6Of<Fp, Bls12381> { return changetype<Fp6Of<Fp, Bls12381>>(0); }
// @ts-ignore: decorator
@inline function fp12(): Fp12Of<Fp, Bls12381> { return changetype<Fp12Of<Fp, Bls12381>>(0); }
// @ts-ignore: decorator
@inline function g1(): JacobianOf<Fp> { return changetype<JacobianOf<Fp>>(0); }
// @ts-ignore: decorator
@inline function g2(): JacobianOf<Fp2Of<Fp>> { return changetype<JacobianOf<Fp2Of<Fp>>>(0); }
// @ts-ignore: decorator
@inline function pairing(): Pairing<Fp, Bls12381> { return changetype<Pairing<Fp, Bls12381>>(0); }
// @ts-ignore: decorator
@inline function params(): Bls12381 { return changetype<Bls12381>(0); }

/** First byte the host may use; everything above is the host's. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

// ---------------------------------------------------------------------------------------------
// Conversions

/**
 * Reads `count` canonical integers (12 u32 words each, consecutive at `w`) into consecutive
 * Montgomery elements at `o`. Returns false when any is not below p (the rest unspecified).
 */
export function fromWords(o: usize, w: usize, count: i32): bool {
  let ok = true;
  for (let i: usize = 0; i < <usize>count; i++) ok = fpFromWords(o + i * 56, w + i * 48) && ok;
  return ok;
}

/** Writes `count` elements at `a` as canonical integers (12 u32 words each) to `w`. */
export function toWords(w: usize, a: usize, count: i32): void {
  for (let i: usize = 0; i < <usize>count; i++) fpToWords(w + i * 48, a + i * 56);
}

// ---------------------------------------------------------------------------------------------
// Tower (exported for the differential tests)

export function fp2Mul(o: usize, a: usize, b: usize): void { fp2().mul(o, a, b); }
export function fp2Sqr(o: usize, a: usize): void { fp2().sqr(o, a); }
export function fp2Inv(o: usize, a: usize): void { fp2().inv(o, a); }
export function fp2Sqrt(o: usize, a: usize): bool { return fp2().sqrt(o, a); }
export function fp2MulByXi(o: usize, a: usize): void { params().mulByXi(o, a); }
export function fp6Mul(o: usize, a: usize, b: usize): void { fp6().mul(o, a, b); }
export function fp6Sqr(o: usize, a: usize): void { fp6().sqr(o, a); }
export function fp6Inv(o: usize, a: usize): void { fp6().inv(o, a); }
export function fp12Mul(o: usize, a: usize, b: usize): void { fp12().mul(o, a, b); }
export function fp12Sqr(o: usize, a: usize): void { fp12().sqr(o, a); }
export function fp12Inv(o: usize, a: usize): void { fp12().inv(o, a); }
export function fp12Conj(o: usize, a: usize): void { fp12().conj(o, a); }
export function fp12Frobenius(o: usize, a: usize, k: i32): void { fp12().frobenius(o, a, k); }
export function fp12CyclotomicSqr(o: usize, a: usize): void { fp12().cyclotomicSqr(o, a); }
export function fp12IsOne(a: usize): bool { return fp12().isOne(a); }
export function finalExp(o: usize, f: usize): void { pairing().finalExp(o, f); }

// ---------------------------------------------------------------------------------------------
// G1 (over Fp) and G2 (over Fp2): Jacobian unless named affine.

export function g1Generator(o: usize): void { memory.copy(o, G1_GENERATOR, g1().AFFINE); }
export function g2Generator(o: usize): void { memory.copy(o, G2_GENERATOR, g2().AFFINE); }
export function g1FromAffine(o: usize, a: usize): void { g1().fromAffine(o, a); }
export function g1ToAffine(o: usize, p: usize): void { g1().toAffine(o, p); }
export function g1IsOnCurve(a: usize): bool { return g1().isOnCurveAffine(a, G1_B); }
export function g1Add(o: usize, p: usize, q: usize): void { g1().add(o, p, q); }
export function g1Double(o: usize, p: usize): void { g1().double(o, p); }
export function g1Neg(o: usize, p: usize): void { g1().neg(o, p); }
export function g1Eq(p: usize, q: usize): bool { return g1().eq(p, q); }
/** o = [k]P for Jacobian P and k as 8 u32 words. */
export function g1Mul(o: usize, p: usize, k: usize): void { g1().mul(o, p, k, 8); }
/** Affine o = −a for affine a (infinity stays (0, 0)). */
export function g1NegAffine(o: usize, a: usize): void {
  const F = fp();
  F.copy(o, a);
  F.neg(o + F.SIZE, a + F.SIZE);
}

/**
 * Affine o = Σ [k_i]A_i over `n` affine points at `pts` (infinity (0, 0) allowed) and scalars of
 * 8 u32 words each at `ks` (below 2^256); `work` holds g1MsmWorkSize(n) bytes.
 */
export function g1Msm(o: usize, pts: usize, ks: usize, n: i32, work: usize): void {
  const G = g1();
  const mark = smark();
  const acc = salloc(G.SIZE);
  G.msm(acc, pts, ks, 8, n, work);
  G.toAffine(o, acc);
  sfree(mark);
}
export function g1MsmWorkSize(n: i32): usize { return g1().msmWorkSize(n); }

export function g2FromAffine(o: usize, a: usize): void { g2().fromAffine(o, a); }
export function g2ToAffine(o: usize, p: usize): void { g2().toAffine(o, p); }
export function g2IsOnCurve(a: usize): bool { return g2().isOnCurveAffine(a, G2_B); }
export function g2Add(o: usize, p: usize, q: usize): void { g2().add(o, p, q); }
export function g2Double(o: usize, p: usize): void { g2().double(o, p); }
export function g2Neg(o: usize, p: usize): void { g2().neg(o, p); }
export function g2Eq(p: usize, q: usize): bool { return g2().eq(p, q); }
export function g2Mul(o: usize, p: usize, k: usize): void { g2().mul(o, p, k, 8); }
export function g2Psi(o: usize, p: usize): void { psiJacobian<Fp, Bls12381>(o, p); }

/**
 * Affine o = Σ A_i − Σ B_j over `nAdd` affine points at `pts` followed by `nSub` more (infinity
 * (0, 0) contributes nothing): mixed additions, one inversion at the end. How aggregate keys
 * are formed (the sum of participants, or the committee's aggregate minus the absent).
 */
export function g1Combine(o: usize, pts: usize, nAdd: i32, nSub: i32): void {
  const G = g1();
  combine<Fp>(o, pts, nAdd, nSub, G.AFFINE);
}

/** As g1Combine, in G2 (aggregating signatures). */
export function g2Combine(o: usize, pts: usize, nAdd: i32, nSub: i32): void {
  combine<Fp2Of<Fp>>(o, pts, nAdd, nSub, g2().AFFINE);
}

function combine<F>(o: usize, pts: usize, nAdd: i32, nSub: i32, A: usize): void {
  const G = changetype<JacobianOf<F>>(0);
  const E = changetype<F>(0);
  const S = E.SIZE;
  const mark = smark();
  const acc = salloc(G.SIZE);
  const neg = salloc(A);
  G.setInfinity(acc);
  for (let i = 0; i < nAdd + nSub; i++) {
    const pt = pts + <usize>i * A;
    if (G.affineIsInfinity(pt)) continue;
    if (i < nAdd) {
      G.addAffine(acc, acc, pt);
    } else {
      E.copy(neg, pt);
      E.neg(neg + S, pt + S);
      G.addAffine(acc, acc, neg);
    }
  }
  G.toAffine(o, acc);
  sfree(mark);
}

// ---------------------------------------------------------------------------------------------
// Subgroup checks (Scott, ePrint 2021/1130 §4 and §6, proofs in ePrint 2022/352)

/** Whether affine P on E is in G1: σ(P) = (βx, y) equals [−x²]P. Infinity is. */
export function g1InSubgroup(a: usize): bool {
  const G = g1();
  if (G.affineIsInfinity(a)) return true;
  const F = fp();
  const S = F.SIZE;
  const J = G.SIZE;
  const mark = smark();
  const lhs = salloc(J);
  const rhs = salloc(J);
  F.mul(lhs, a, BETA);
  F.copy(lhs + S, a + S);
  F.setOne(lhs + 2 * S);
  const P = params();
  G.mulDigitsAffine(rhs, a, P.ateDigits, P.ateDigitsLen); // [|x|]P
  G.mulDigits(rhs, rhs, P.ateDigits, P.ateDigitsLen); //     [x²]P
  G.neg(rhs, rhs);
  const ok = G.eq(lhs, rhs);
  sfree(mark);
  return ok;
}

/** Whether affine Q on the twist is in G2: ψ(Q) = [x]Q. Infinity is. */
export function g2InSubgroup(a: usize): bool {
  const G = g2();
  if (G.affineIsInfinity(a)) return true;
  const J = G.SIZE;
  const mark = smark();
  const lhs = salloc(J);
  const rhs = salloc(J);
  G.fromAffine(lhs, a);
  psiJacobian<Fp, Bls12381>(lhs, lhs);
  const P = params();
  G.mulDigitsAffine(rhs, a, P.ateDigits, P.ateDigitsLen);
  G.neg(rhs, rhs);
  const ok = G.eq(lhs, rhs);
  sfree(mark);
  return ok;
}

/** o = [x]P (Jacobian), the seed multiplication ψ is compared with; exported for tests. */
export function g2MulSeed(o: usize, p: usize): void { g2MulBySeed(o, p); }

/** Whether [r]P = O for affine P on E (the definition, slower); for tests. */
export function g1HasOrderR(a: usize): bool { return g1().hasOrder(a, CURVE_ORDER_MINUS_1); }

/** Whether [r]Q = O for affine Q on the twist; for tests. */
export function g2HasOrderR(a: usize): bool { return g2().hasOrder(a, CURVE_ORDER_MINUS_1); }

// ---------------------------------------------------------------------------------------------
// Pairing

/** Bytes of one prepared G2 point. */
export function tableSize(): usize { return pairing().TABLE; }

/** Prepares affine Q (on the twist, not infinity); false if Q is degenerate (not in G2). */
export function g2Prepare(table: usize, a: usize): bool { return pairing().prepare(table, a); }

/** f = product of Miller loops over `n` pairs (affine G1 at `ps`, u32 table addresses at `tables`). */
export function millerLoop(f: usize, ps: usize, tables: usize, n: i32): void {
  pairing().millerLoop(f, ps, tables, n);
}

/** Whether Π e(P_k, Q_k) is 1: one Miller loop over all pairs and one final exponentiation. */
export function pairingCheck(ps: usize, tables: usize, n: i32): bool {
  const K = fp12();
  const mark = smark();
  const f = salloc(K.SIZE);
  pairing().millerLoop(f, ps, tables, n);
  pairing().finalExp(f, f);
  const ok = K.isOne(f);
  sfree(mark);
  return ok;
}

/**
 * The signature equation e(pk, H(m)) = e(g1, sig), checked as e(pk, H(m))·e(−g1, sig) = 1 with
 * one Miller loop over both pairs and one final exponentiation. pk affine G1, hm and sig affine
 * G2; none at infinity (the host rejects those first).
 */
export function verifyPairing(pk: usize, hm: usize, sig: usize): bool {
  const G1 = g1();
  const G2 = g2();
  const mark = smark();
  const ps = salloc(2 * G1.AFFINE);
  const qs = salloc(2 * G2.AFFINE);
  memory.copy(ps, pk, G1.AFFINE);
  memory.copy(ps + G1.AFFINE, G1_GENERATOR_NEG, G1.AFFINE);
  memory.copy(qs, hm, G2.AFFINE);
  memory.copy(qs + G2.AFFINE, sig, G2.AFFINE);
  const ok = pairing().checkFresh(ps, qs, 2);
  sfree(mark);
  return ok;
}
