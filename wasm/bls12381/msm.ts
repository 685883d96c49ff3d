/**
 * Multi-scalar multiplication in G1 for KZG's larger MSMs (a hundred points and more: a batch of
 * cell proofs, the setup's 64 points with them, FK20's columns): Pippenger's bucket method with
 * two savings over the engine's generic one (wasm/engine/curve.ts):
 *
 * - GLV: σ(x, y) = (βx, y) is [−x²] on G1, so with k = q·x² + s (split by the host, s, q < 2^128)
 *   [k]P = [s]P + [q](−σ(P)): twice the points, half the windows, and so half the bucket
 *   aggregations, which dominate at these sizes. Points must be in G1 (KZG's are checked first).
 * - Affine buckets added in batches: the additions of one round, one per bucket of any window,
 *   share one inversion (Montgomery's trick), so each costs about 6 multiplications instead of
 *   a mixed addition's 11. A point whose bucket is already in the round waits for the next. All
 *   windows fill at once, so that a round is large and inversions are few.
 *
 * The technique is the one of the ZPrize 2022 MSM entries (batch-affine Pippenger); the code is
 * ours, on this engine's layouts.
 */
import { BETA } from './constants.generated';
import { Fp } from './fp.generated';
import { JacobianOf } from '../engine/curve';
import { salloc, sfree, smark } from '../engine/scratch';

const FS: usize = 56;
const A: usize = 112;
/** Bits of a GLV half-scalar. */
const BITS: i32 = 128;
const NWORDS: i32 = 4;

// @ts-ignore: decorator
@inline function F(): Fp { return changetype<Fp>(0); }
// @ts-ignore: decorator
@inline function G(): JacobianOf<Fp> { return changetype<JacobianOf<Fp>>(0); }

/**
 * Window width for m points: minimizes windows × (6m + 27·buckets), the model of this file's
 * costs in multiplications (batched affine additions, and a mixed plus a full addition per
 * bucket to aggregate).
 */
function windowFor(m: i32): i32 {
  let best = 2;
  let bestCost: f64 = Infinity;
  for (let c = 2; c <= 14; c++) {
    const cost = <f64>((BITS + c) / c) * (6.0 * <f64>m + 27.0 * <f64>(1 << (c - 1)));
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

// The layout of the current MSM's work area, and its round's state (the kernel never reenters).
let c: i32 = 0; //            window width
let nb: i32 = 0; //           buckets per window
let windows: i32 = 0;
let pts2: usize = 0; //       2n affine points: P_i, −σ(P_i)
let digits: usize = 0; //     2n × windows signed digits (i16)
let buckets: usize = 0; //    windows × nb affine points ((0, 0) empty)
let busy: usize = 0; //       windows × nb bytes: the bucket has an addition in this round
let entries: usize = 0; //    windows × nb × (bucket, point, negated, equal x's) as i32
let dens: usize = 0; //       windows × nb elements: x_P − x_B, then their inverses
let prefix: usize = 0; //     windows × nb elements: prefix products
let waitA: usize = 0; //      2n × windows × (point, signed bucket) as i32: deferred to the next round
let waitB: usize = 0;
let count: i32 = 0; //        additions in this round's batch
let waiting: i32 = 0; //      pairs on the wait list `wait`
let wait: usize = 0;

/** Lays out the work area at `work` for n input points (2n after the split); returns its end. */
function layout(n: i32, work: usize): usize {
  const m = n << 1;
  c = windowFor(m);
  nb = 1 << (c - 1);
  windows = (BITS + c) / c;
  const b = <usize>(nb * windows);
  let at = work;
  pts2 = at;
  at += <usize>m * A;
  digits = at;
  at += ((<usize>(m * windows) << 1) + 7) & ~7;
  buckets = at;
  at += b * A;
  busy = at;
  at += (b + 7) & ~7;
  entries = at;
  at += b << 4;
  dens = at;
  at += b * FS;
  prefix = at;
  at += b * FS;
  waitA = at;
  at += <usize>(m * windows) << 3;
  waitB = at;
  at += <usize>(m * windows) << 3;
  return at;
}

/** Bytes of `work` g1MsmGlv needs for n points. */
export function g1MsmGlvWorkSize(n: i32): usize {
  return layout(n, 0);
}

/**
 * Affine o = Σ [k_i]P_i over `n` affine points of G1 at `pts` (infinity allowed), each k_i given
 * split at `ks` as s_i then q_i (4 little-endian u32 words each, k_i = q_i·x² + s_i); `work`
 * holds g1MsmGlvWorkSize(n) bytes.
 */
export function g1MsmGlv(o: usize, pts: usize, ks: usize, n: i32, work: usize): void {
  layout(n, work);
  const m = n << 1;
  // P_i and −σ(P_i) = (βx, −y); infinity (0, 0) stays (0, 0).
  for (let i = 0; i < n; i++) {
    const p = pts + <usize>i * A;
    const q = pts2 + <usize>(2 * i) * A;
    memory.copy(q, p, A);
    F().mul(q + A, p, BETA);
    F().neg(q + A + FS, p + FS);
  }
  recode(ks, m);
  memory.fill(busy, 0, <usize>(nb * windows));
  memory.fill(buckets, 0, <usize>(nb * windows) * A);
  fillBuckets(m);
  const mark = smark();
  const acc = salloc(G().SIZE);
  const sum = salloc(G().SIZE);
  G().setInfinity(acc);
  for (let w = windows - 1; w >= 0; w--) {
    for (let d = 0; d < c; d++) G().double(acc, acc);
    aggregate(buckets + <usize>(w * nb) * A, sum);
    G().add(acc, acc, sum);
  }
  G().toAffine(o, acc);
  sfree(mark);
}

/** Signed c-bit digits in [−2^(c−1), 2^(c−1)] of each half-scalar, per window (i16). */
function recode(ks: usize, m: i32): void {
  for (let j = 0; j < m; j++) {
    const k = ks + (<usize>j << 4);
    let carry: i32 = 0;
    for (let w = 0; w < windows; w++) {
      const bit = w * c;
      let v: i32 = carry;
      if (bit < BITS) {
        const word = bit >> 5;
        const sh = bit & 31;
        let raw = <u64>load<u32>(k + (<usize>word << 2)) >> <u64>sh;
        if (sh + c > 32 && word + 1 < NWORDS) raw |= <u64>load<u32>(k + (<usize>(word + 1) << 2)) << <u64>(32 - sh);
        v += <i32>(raw & <u64>((1 << c) - 1));
      }
      carry = 0;
      if (v > nb) {
        v -= 1 << c;
        carry = 1;
      }
      store<i16>(digits + (<usize>(j * windows + w) << 1), <i16>v);
    }
  }
}

/**
 * Adds every point with a non-zero digit to its window's bucket, in rounds of batched additions.
 * A pair is (point j, signed bucket ±(w·nb + |d|)), the sign the digit's.
 */
function fillBuckets(m: i32): void {
  count = 0;
  waiting = 0;
  wait = waitA;
  for (let j = 0; j < m; j++) {
    if (G().affineIsInfinity(pts2 + <usize>j * A)) continue;
    for (let w = 0; w < windows; w++) {
      const d = <i32>load<i16>(digits + (<usize>(j * windows + w) << 1));
      if (d != 0) place(j, d < 0 ? -(w * nb - d) : w * nb + d);
    }
  }
  flush();
  while (waiting > 0) {
    const from = wait;
    const pending = waiting;
    wait = wait == waitA ? waitB : waitA;
    waiting = 0;
    for (let i = 0; i < pending; i++) {
      const e = from + (<usize>i << 3);
      place(load<i32>(e), load<i32>(e, 4));
    }
    flush();
  }
}

/**
 * Puts ±P_j towards bucket |sb| − 1 (negated when sb < 0): straight in if the bucket is empty
 * and idle, into this round's batch if it is idle, else onto the wait list for the next round.
 */
function place(j: i32, sb: i32): void {
  const p = pts2 + <usize>j * A;
  const b = (sb < 0 ? -sb : sb) - 1;
  if (load<u8>(busy + <usize>b)) {
    const e = wait + (<usize>waiting << 3);
    store<i32>(e, j);
    store<i32>(e, sb, 4);
    waiting++;
    return;
  }
  const bucket = buckets + <usize>b * A;
  if (G().affineIsInfinity(bucket)) {
    F().copy(bucket, p);
    if (sb < 0) F().neg(bucket + FS, p + FS);
    else F().copy(bucket + FS, p + FS);
    return;
  }
  store<u8>(busy + <usize>b, 1);
  const e = entries + (<usize>count << 4);
  store<i32>(e, b);
  store<i32>(e, j, 4);
  store<i32>(e, sb < 0 ? 1 : 0, 8);
  count++;
  if (count == nb * windows) flush();
}

/**
 * Completes the round's additions B ← B + (±P): λ = (±y_P − y_B)/(x_P − x_B), one inversion for
 * the round; equal x's (P = ±B, rare) are done apart. Empties the batch.
 */
function flush(): void {
  if (count == 0) return;
  const mark = smark();
  const t = salloc(FS);
  const lam = salloc(FS);
  const x3 = salloc(FS);
  const acc = salloc(FS);
  F().setOne(acc);
  for (let i = 0; i < count; i++) {
    const e = entries + (<usize>i << 4);
    const B = buckets + <usize>load<i32>(e) * A;
    const P = pts2 + <usize>load<i32>(e, 4) * A;
    const den = dens + <usize>i * FS;
    F().sub(den, P, B);
    const special = F().isZero(den);
    store<i32>(e, special ? 1 : 0, 12);
    if (special) F().setOne(den);
    F().copy(prefix + <usize>i * FS, acc); // product of the denominators before i
    F().mul(acc, acc, den);
  }
  F().inv(acc, acc);
  for (let i = count - 1; i >= 0; i--) {
    const den = dens + <usize>i * FS;
    F().mul(t, acc, prefix + <usize>i * FS); // 1/den_i
    F().mul(acc, acc, den);
    F().copy(den, t);
  }
  for (let i = 0; i < count; i++) {
    const e = entries + (<usize>i << 4);
    const b = load<i32>(e);
    const B = buckets + <usize>b * A;
    const P = pts2 + <usize>load<i32>(e, 4) * A;
    const neg = load<i32>(e, 8) != 0;
    store<u8>(busy + <usize>b, 0);
    if (load<i32>(e, 12)) {
      addEqualX(B, P, neg);
      continue;
    }
    // λ = (±y_P − y_B)/(x_P − x_B); x3 = λ² − x_B − x_P; y3 = λ(x_B − x3) − y_B
    if (neg) {
      F().add(t, P + FS, B + FS);
      F().neg(t, t);
    } else {
      F().sub(t, P + FS, B + FS);
    }
    F().mul(lam, t, dens + <usize>i * FS);
    F().sqr(t, lam);
    F().sub2(x3, t, B, P);
    F().sub(t, B, x3);
    F().mul(t, lam, t);
    F().sub(B + FS, t, B + FS);
    F().copy(B, x3);
  }
  count = 0;
  sfree(mark);
}

/** B ← B + (±P) when x_B = x_P: 2B if the points are equal, the empty bucket if opposite. */
function addEqualX(B: usize, P: usize, neg: bool): void {
  const mark = smark();
  const y = salloc(FS);
  if (neg) F().neg(y, P + FS);
  else F().copy(y, P + FS);
  if (!F().eq(y, B + FS)) {
    memory.fill(B, 0, A);
  } else {
    const j = salloc(G().SIZE);
    G().fromAffine(j, B);
    G().double(j, j);
    G().toAffine(B, j);
  }
  sfree(mark);
}

/** sum = Σ_b (b + 1)·B_b over one window's nb buckets at `bs`, as Σ_b of the running sums from the top down. */
function aggregate(bs: usize, sum: usize): void {
  const mark = smark();
  const run = salloc(G().SIZE);
  G().setInfinity(run);
  G().setInfinity(sum);
  for (let b = nb - 1; b >= 0; b--) {
    const B = bs + <usize>b * A;
    if (!G().affineIsInfinity(B)) G().addAffine(run, run, B);
    if (!G().isInfinity(run)) G().add(sum, sum, run);
  }
  sfree(mark);
}
