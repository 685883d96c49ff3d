/**
 * KZG's scalar-field work (EIP-4844, EIP-7594) as bulk vector kernels over Fr
 * (fr.generated.ts): bytes to field elements with the spec's canonical check, FFTs over the
 * roots of unity of 7, bit reversal, batch inversion, barycentric evaluation of a blob in
 * bit-reversed order, and the FFT of G1 points FK20 needs. The host is
 * src/crypto/kzg/wasm-backend.ts.
 *
 * Vectors are consecutive 36-byte Montgomery elements (9 limbs of 29 bits, value below 2r).
 * Memory contract as wasm/bls12381.ts: the host owns everything from heapBase() on, here also
 * the table of the 8192 powers of ω (frDomainInit), which the host reserves once: the binary
 * ships ω only, the table is computed at instantiation (8191 multiplications).
 */
import { Fp } from './fp.generated';
import {
  FR_MAX_FFT_LOG,
  FR_OMEGA,
  FR_SIZE,
  frAdd,
  frCopy,
  frEq,
  frFromWords,
  frInv,
  frIsZero,
  frMul,
  frSetOne,
  frSetZero,
  frSqr,
  frSub,
  frToWords,
} from './fr.generated';
import { BETA } from './constants.generated';
import { JacobianOf } from '../engine/curve';
import { wnafDigits } from '../engine/digits';
import { salloc, sfree, smark } from '../engine/scratch';

const S: usize = FR_SIZE;
/** Elements of the largest domain (2^13). */
const MAX_N: i32 = 1 << FR_MAX_FFT_LOG;
/** ω^k for k in [0, MAX_N), then 1/2^k for k ≤ 13, set by frDomainInit. */
let powers: usize = 0;
let halvings: usize = 0;

// @ts-ignore: decorator
@inline function g1(): JacobianOf<Fp> { return changetype<JacobianOf<Fp>>(0); }

/** Bytes the host reserves for frDomainInit's table. */
export function frDomainBytes(): usize {
  return <usize>(MAX_N + FR_MAX_FFT_LOG + 1) * S;
}

/**
 * Computes the powers of ω and the inverses of the FFT sizes into `table` (frDomainBytes()
 * bytes); call once, before any FFT.
 */
export function frDomainInit(table: usize): void {
  powers = table;
  frSetOne(table);
  for (let k: usize = 1; k < <usize>MAX_N; k++) frMul(table + k * S, table + (k - 1) * S, FR_OMEGA);
  halvings = table + <usize>MAX_N * S;
  frSetOne(halvings);
  invPowerOfTwo(halvings + S, 2);
  for (let k: usize = 2; k <= <usize>FR_MAX_FFT_LOG; k++) frMul(halvings + k * S, halvings + (k - 1) * S, halvings + S);
}

/** Address of 1/n for n a power of two ≤ 2^13. */
// @ts-ignore: decorator
@inline function invSize(n: i32): usize {
  return halvings + <usize>ctz<i32>(n) * S;
}

/** Address of ω_n^k, the k-th power of a primitive n-th root of unity (n a power of two ≤ 2^13, k < n). */
// @ts-ignore: decorator
@inline function root(n: i32, k: i32): usize {
  return powers + <usize>(k * (MAX_N / n)) * S;
}

// ---------------------------------------------------------------------------------------------
// Conversions

/** 32 big-endian bytes at `b` to 8 little-endian words at `w`. */
// @ts-ignore: decorator
@inline function bytesToWords(w: usize, b: usize): void {
  for (let i: usize = 0; i < 8; i++) store<u32>(w + (i << 2), bswap<u32>(load<u32>(b + 28 - (i << 2))));
}

/**
 * `n` 32-byte big-endian integers at `b` into elements at `o` (bytes_to_bls_field). Returns −1,
 * or the index of the first integer not below r (elements before it written, the rest not).
 */
export function frFromBytes(o: usize, b: usize, n: i32): i32 {
  const mark = smark();
  const w = salloc(32);
  let bad = -1;
  for (let i = 0; i < n; i++) {
    bytesToWords(w, b + (<usize>i << 5));
    if (!frFromWords(o + <usize>i * S, w)) {
      bad = i;
      break;
    }
  }
  sfree(mark);
  return bad;
}

/** `n` elements at `a` as 32-byte big-endian canonical integers at `b`. */
export function frToBytes(b: usize, a: usize, n: i32): void {
  const mark = smark();
  const w = salloc(32);
  for (let i = 0; i < n; i++) {
    frToWords(w, a + <usize>i * S);
    const out = b + (<usize>i << 5);
    for (let j: usize = 0; j < 8; j++) store<u32>(out + 28 - (j << 2), bswap<u32>(load<u32>(w + (j << 2))));
  }
  sfree(mark);
}

/** `n` canonical integers (8 little-endian words each) at `w` into elements at `o`; −1 or the first bad index. */
export function frFromWordsN(o: usize, w: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) if (!frFromWords(o + <usize>i * S, w + (<usize>i << 5))) return i;
  return -1;
}

/** `n` elements at `a` as canonical integers (8 little-endian words each) at `w`: MSM scalars. */
export function frToWordsN(w: usize, a: usize, n: i32): void {
  for (let i = 0; i < n; i++) frToWords(w + (<usize>i << 5), a + <usize>i * S);
}

// ---------------------------------------------------------------------------------------------
// Element-wise

/** o_j = a_j · b_j. */
export function frMulVec(o: usize, a: usize, b: usize, n: i32): void {
  for (let j: usize = 0; j < <usize>n; j++) frMul(o + j * S, a + j * S, b + j * S);
}

/** a_j ← a_j · s^j, in place (s one element). */
export function frScalePowers(a: usize, n: i32, s: usize): void {
  const mark = smark();
  const p = salloc(S);
  frCopy(p, s);
  for (let j: usize = 1; j < <usize>n; j++) {
    frMul(a + j * S, a + j * S, p);
    if (j + 1 < <usize>n) frMul(p, p, s);
  }
  sfree(mark);
}

/** acc_j ← acc_j + x·v_j, in place (x one element). */
export function frAxpy(acc: usize, v: usize, n: i32, x: usize): void {
  const mark = smark();
  const t = salloc(S);
  for (let j: usize = 0; j < <usize>n; j++) {
    frMul(t, v + j * S, x);
    frAdd(acc + j * S, acc + j * S, t);
  }
  sfree(mark);
}

/**
 * o_j = 1/a_j for all j (Montgomery's trick: one inversion); `o` must not overlap `a`. Returns
 * −1, or the index of the first zero element (then `o` is unspecified).
 */
export function frInverseVec(o: usize, a: usize, n: i32): i32 {
  for (let j = 0; j < n; j++) if (frIsZero(a + <usize>j * S)) return j;
  if (n == 0) return -1;
  const mark = smark();
  const acc = salloc(S);
  // o_j = a_0 ⋯ a_(j−1) (prefix products), then walk back with the inverse of the whole product.
  frSetOne(acc);
  for (let j: usize = 0; j < <usize>n; j++) {
    frCopy(o + j * S, acc);
    frMul(acc, acc, a + j * S);
  }
  frInv(acc, acc);
  for (let j = <isize>n - 1; j >= 0; j--) {
    const at = <usize>j * S;
    frMul(o + at, o + at, acc);
    frMul(acc, acc, a + at);
  }
  sfree(mark);
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Permutations and FFTs

// @ts-ignore: decorator
@inline function reverseBits(i: u32, log: i32): u32 {
  let x = ((i >>> 1) & 0x55555555) | ((i & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = bswap<u32>(x);
  return log == 0 ? 0 : x >>> <u32>(32 - log);
}

/** bit_reversal_permutation of `n` elements of `size` bytes each, in place (n a power of two). */
function bitReverse(a: usize, n: i32, size: usize): void {
  const log = ctz<i32>(n);
  const mark = smark();
  const t = salloc(size);
  for (let i = 0; i < n; i++) {
    const j = <i32>reverseBits(<u32>i, log);
    if (i < j) {
      const x = a + <usize>i * size;
      const y = a + <usize>j * size;
      memory.copy(t, x, size);
      memory.copy(x, y, size);
      memory.copy(y, t, size);
    }
  }
  sfree(mark);
}

/** bit_reversal_permutation of `n` elements, in place. */
export function frBitReverse(a: usize, n: i32): void {
  bitReverse(a, n, S);
}

/** o = 1/n for n a power of two. */
function invPowerOfTwo(o: usize, n: i32): void {
  const mark = smark();
  const w = salloc(32);
  memory.fill(w, 0, 32);
  store<u32>(w, <u32>n);
  frFromWords(o, w);
  frInv(o, o);
  sfree(mark);
}

/**
 * The FFT of `n` elements at `a`, in place, natural order in and out (n a power of two ≤ 2^13):
 * out_i = Σ_j a_j·ω_n^(ij). The inverse uses IDFT(a)_i = DFT(a)_(−i mod n)/n, so one table of
 * forward powers serves both. Radix-2, decimation in time after a bit-reversal permutation.
 */
export function frFft(a: usize, n: i32, inverse: bool): void {
  if (n <= 1) return;
  bitReverse(a, n, S);
  const mark = smark();
  const t = salloc(S);
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    for (let start = 0; start < n; start += len) {
      const u0 = a + <usize>start * S;
      const v0 = u0 + <usize>half * S;
      // j = 0: the twiddle is 1.
      frCopy(t, v0);
      frSub(v0, u0, t);
      frAdd(u0, u0, t);
      for (let j = 1; j < half; j++) {
        const u = u0 + <usize>j * S;
        const v = v0 + <usize>j * S;
        frMul(t, v, root(len, j));
        frSub(v, u, t);
        frAdd(u, u, t);
      }
    }
  }
  if (inverse) {
    for (let i = 1; i < n >> 1; i++) {
      const x = a + <usize>i * S;
      const y = a + <usize>(n - i) * S;
      frCopy(t, x);
      frCopy(x, y);
      frCopy(y, t);
    }
    const scale = invSize(n);
    for (let i = 0; i < n; i++) frMul(a + <usize>i * S, a + <usize>i * S, scale);
  }
  sfree(mark);
}

/**
 * evaluate_polynomial_in_evaluation_form: `o` = the value at z of the polynomial whose values at
 * the n-th roots of unity, in bit-reversed order, are the `n` elements at `v`. Off the domain,
 * the barycentric formula (z^n − 1)/n · Σ v_i·ω_i/(z − ω_i), its sum kept as one fraction N/D
 * (N ← N·d + v_i·ω_i·D, D ← D·d: four multiplications a term, one inversion at the end); on the
 * domain, the value there.
 */
export function frEvaluateBrp(o: usize, v: usize, n: i32, z: usize): void {
  const log = ctz<i32>(n);
  const mark = smark();
  const zn = salloc(S);
  const num = salloc(S);
  const den = salloc(S);
  const d = salloc(S);
  const t = salloc(S);
  frCopy(zn, z);
  for (let i = 0; i < log; i++) frSqr(zn, zn);
  frSetOne(t);
  if (frEq(zn, t)) {
    // z is a root of unity of order dividing n: one of the domain's points.
    for (let i = 0; i < n; i++) {
      if (frEq(z, root(n, <i32>reverseBits(<u32>i, log)))) {
        frCopy(o, v + <usize>i * S);
        break;
      }
    }
    sfree(mark);
    return;
  }
  frSetZero(num);
  frSetOne(den);
  for (let i = 0; i < n; i++) {
    const w = root(n, <i32>reverseBits(<u32>i, log));
    frSub(d, z, w);
    frMul(t, v + <usize>i * S, w);
    frMul(t, t, den);
    frMul(num, num, d);
    frAdd(num, num, t);
    frMul(den, den, d);
  }
  // (z^n − 1)/(n·D)·N
  frSetOne(t);
  frSub(zn, zn, t);
  frMul(num, num, zn);
  store<u32>(t, <u32>n); // t = n as 8 words (its first 32 bytes): canonical, then into Montgomery form
  memory.fill(t + 4, 0, 28);
  frFromWords(t, t);
  frMul(den, den, t);
  frInv(den, den);
  frMul(o, num, den);
  sfree(mark);
}

// ---------------------------------------------------------------------------------------------
// G1

const WNAF_W: i32 = 5;
/** Odd multiples 1P, 3P, …, 15P of a width-5 wNAF. */
const WNAF_TABLE: i32 = 8;
/** Digits of a 128-bit scalar (at most 129, rounded up). */
const HALF_DIGITS: usize = 136;

/**
 * o = [s]P + [q](−σ(P)) for Jacobian P and two 128-bit scalars (4 words each: s at `k`, q at
 * k + 16), with σ(x, y) = (βx, y) = [−x²]P on G1 (GLV): when k = q·x² + s, that is [k]P for P
 * in G1, with half the doublings of a plain multiplication. The table of −σ(P) costs one
 * multiplication per entry, from P's.
 */
function mulGlv(o: usize, p: usize, k: usize): void {
  const G = g1();
  const F = changetype<Fp>(0);
  const FS = F.SIZE;
  const J = G.SIZE;
  const A = G.AFFINE;
  if (G.isInfinity(p)) {
    G.setInfinity(o);
    return;
  }
  const mark = smark();
  const ds = salloc(HALF_DIGITS);
  const dq = salloc(HALF_DIGITS);
  const ls = wnafDigits(ds, k, 4, WNAF_W);
  const lq = wnafDigits(dq, k + 16, 4, WNAF_W);
  const jac = salloc(<usize>WNAF_TABLE * J);
  const tabP = salloc(<usize>WNAF_TABLE * A);
  const tabS = salloc(<usize>WNAF_TABLE * A);
  const dbl = salloc(J);
  const neg = salloc(A);
  const acc = salloc(J);
  memory.copy(jac, p, J);
  G.double(dbl, p);
  for (let m = 1; m < WNAF_TABLE; m++) G.add(jac + <usize>m * J, jac + <usize>(m - 1) * J, dbl);
  G.batchToAffine(tabP, jac, WNAF_TABLE);
  for (let m = 0; m < WNAF_TABLE; m++) {
    const at = <usize>m * A;
    F.mul(tabS + at, tabP + at, BETA);
    F.neg(tabS + at + FS, tabP + at + FS);
  }
  G.setInfinity(acc);
  for (let b = (ls > lq ? ls : lq) - 1; b >= 0; b--) {
    G.double(acc, acc);
    if (b < ls) addDigit(acc, load<i8>(ds + <usize>b), tabP, neg);
    if (b < lq) addDigit(acc, load<i8>(dq + <usize>b), tabS, neg);
  }
  memory.copy(o, acc, J);
  sfree(mark);
}

/** acc += [d]·(the table's base) for an odd wNAF digit d (or 0), from affine odd multiples. */
// @ts-ignore: decorator
@inline function addDigit(acc: usize, d: i32, tab: usize, neg: usize): void {
  if (d == 0) return;
  const G = g1();
  const F = changetype<Fp>(0);
  const entry = tab + <usize>((d < 0 ? -d : d) >> 1) * G.AFFINE;
  if (G.affineIsInfinity(entry)) return; // a point of small order outside G1
  if (d > 0) {
    G.addAffine(acc, acc, entry);
  } else {
    F.copy(neg, entry);
    F.neg(neg + F.SIZE, entry + F.SIZE);
    G.addAffine(acc, acc, neg);
  }
}

/** Bytes of `work` that g1Fft needs for n points. */
export function g1FftWorkSize(n: i32): usize {
  return <usize>n * g1().SIZE;
}

/**
 * The FFT of `n` affine G1 points at `pts` over the n-th roots of unity (n a power of two),
 * affine results to `o` (may be `pts`); `inverse` as frFft. Radix-2 in Jacobian coordinates in
 * `work`, one batch inversion at the end. The twiddles come from the host already split for
 * mulGlv (32 bytes each): ω_n^j for j < n/2, then 1/n. The points must be in G1 (GLV).
 */
export function g1Fft(o: usize, pts: usize, n: i32, inverse: bool, work: usize, tw: usize): void {
  const G = g1();
  const J = G.SIZE;
  const A = G.AFFINE;
  for (let i = 0; i < n; i++) G.fromAffine(work + <usize>i * J, pts + <usize>i * A);
  if (n > 1) {
    bitReverse(work, n, J);
    const mark = smark();
    const t = salloc(J);
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >> 1;
      const step = n / len;
      for (let start = 0; start < n; start += len) {
        for (let j = 0; j < half; j++) {
          const u = work + <usize>(start + j) * J;
          const v = u + <usize>half * J;
          if (j == 0) memory.copy(t, v, J);
          else mulGlv(t, v, tw + (<usize>(j * step) << 5));
          G.neg(v, t);
          G.add(v, u, v);
          G.add(u, u, t);
        }
      }
    }
    if (inverse) {
      for (let i = 1; i < n >> 1; i++) {
        const x = work + <usize>i * J;
        const y = work + <usize>(n - i) * J;
        memory.copy(t, x, J);
        memory.copy(x, y, J);
        memory.copy(y, t, J);
      }
      const scale = tw + (<usize>(n >> 1) << 5);
      for (let i = 0; i < n; i++) mulGlv(work + <usize>i * J, work + <usize>i * J, scale);
    }
    sfree(mark);
  }
  G.batchToAffine(o, work, n);
}
