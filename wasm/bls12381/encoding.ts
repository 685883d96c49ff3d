/**
 * BLS12-381 point encodings (ZCash format, draft-irtf-cfrg-pairing-friendly-curves-11 appendix C,
 * as the consensus specs use it): 48-byte compressed G1, 96-byte compressed G2 (x.c1 ‖ x.c0), and
 * the 96-byte uncompressed G1 form (x ‖ y) Vigil persists decoded keys in.
 *
 * The top three bits of the first byte are flags: C (compressed), I (infinity), S (sort: y is the
 * lexicographically largest of ±y). Every encoding check is here: C as the length demands; I
 * with S unset and every other bit zero; coordinates below p; the point on its curve. Subgroup
 * membership is the caller's separate step.
 *
 * Decoders return 0 for a point, 1 for infinity (coordinates written as (0, 0)), or one of the
 * negative codes below, which the host turns into typed errors.
 */
import { G1_B, G2_B, HALF_P } from './constants.generated';
import { Fp, fpFromWords, fpToWords } from './fp.generated';
import { salloc, sfree, smark } from '../engine/scratch';
import { Fp2Of } from '../engine/tower';

export const DECODE_POINT: i32 = 0;
export const DECODE_INFINITY: i32 = 1;
/** The C flag does not match the encoding's length (compressed without C, uncompressed with C). */
export const ERR_COMPRESSION_FLAG: i32 = -1;
/** I set with S set or any other bit non-zero, or S set on an uncompressed encoding. */
export const ERR_INFINITY_ENCODING: i32 = -2;
/** A coordinate not below p. */
export const ERR_COORDINATE_RANGE: i32 = -3;
/** x has no y on the curve (compressed), or (x, y) is not on it (uncompressed). */
export const ERR_NOT_ON_CURVE: i32 = -4;

const FLAG_C: u32 = 0x80;
const FLAG_I: u32 = 0x40;
const FLAG_S: u32 = 0x20;
const WORDS: usize = 12;

// @ts-ignore: decorator
@inline function fp(): Fp { return changetype<Fp>(0); }
// @ts-ignore: decorator
@inline function fp2(): Fp2Of<Fp> { return changetype<Fp2Of<Fp>>(0); }

/** 48 big-endian bytes at `b` to 12 little-endian u32 words at `w`. */
function bytesToWords(w: usize, b: usize): void {
  for (let i: usize = 0; i < WORDS; i++) store<u32>(w + (i << 2), bswap<u32>(load<u32>(b + 44 - (i << 2))));
}

/** 12 little-endian u32 words at `w` to 48 big-endian bytes at `b`. */
function wordsToBytes(b: usize, w: usize): void {
  for (let i: usize = 0; i < WORDS; i++) store<u32>(b + 44 - (i << 2), bswap<u32>(load<u32>(w + (i << 2))));
}

/** Clears the three flag bits of a big-endian coordinate held as words. */
function maskFlags(w: usize): void {
  store<u32>(w + 44, load<u32>(w + 44) & 0x1fffffff);
}

function wordsAreZero(w: usize): bool {
  let any: u32 = 0;
  for (let i: usize = 0; i < WORDS; i++) any |= load<u32>(w + (i << 2));
  return any == 0;
}

/** Whether the canonical value of `a` (Montgomery, below 2p) exceeds (p − 1)/2. */
export function fpIsLarger(a: usize): bool {
  const mark = smark();
  const w = salloc(WORDS << 2);
  fpToWords(w, a);
  let larger = false;
  for (let i = <isize>WORDS - 1; i >= 0; i--) {
    const x = load<u32>(w + (<usize>i << 2));
    const h = load<u32>(HALF_P + (<usize>i << 2));
    if (x != h) {
      larger = x > h;
      break;
    }
  }
  sfree(mark);
  return larger;
}

/** The sort flag's order on Fp2: by c1, or by c0 when c1 is zero. */
export function fp2IsLarger(a: usize): bool {
  const S = fp().SIZE;
  return fp().isZero(a + S) ? fpIsLarger(a) : fpIsLarger(a + S);
}

/** y² = x³ + b for x at `x`, written to `o` (base field). */
function g1Rhs(o: usize, x: usize): void {
  const F = fp();
  F.sqr(o, x);
  F.mul(o, o, x);
  F.add(o, o, G1_B);
}

/** Decodes 48 compressed bytes at `b` into affine G1 at `o` (2 Fp). */
export function g1Decompress(o: usize, b: usize): i32 {
  const F = fp();
  const S = F.SIZE;
  const flags = <u32>load<u8>(b);
  if ((flags & FLAG_C) == 0) return ERR_COMPRESSION_FLAG;
  const mark = smark();
  const w = salloc(WORDS << 2);
  const rhs = salloc(S);
  bytesToWords(w, b);
  maskFlags(w);
  let code = DECODE_POINT;
  if (flags & FLAG_I) {
    if ((flags & FLAG_S) != 0 || !wordsAreZero(w)) code = ERR_INFINITY_ENCODING;
    else {
      F.setZero(o);
      F.setZero(o + S);
      code = DECODE_INFINITY;
    }
  } else if (!fpFromWords(o, w)) {
    code = ERR_COORDINATE_RANGE;
  } else {
    g1Rhs(rhs, o);
    if (!F.sqrt(o + S, rhs)) code = ERR_NOT_ON_CURVE;
    else if (fpIsLarger(o + S) != ((flags & FLAG_S) != 0)) F.neg(o + S, o + S);
  }
  sfree(mark);
  return code;
}

/** Encodes affine G1 at `a` ((0, 0) = infinity) as 48 compressed bytes at `b`. */
export function g1Compress(b: usize, a: usize): void {
  const F = fp();
  const S = F.SIZE;
  const mark = smark();
  const w = salloc(WORDS << 2);
  if (F.isZero(a) && F.isZero(a + S)) {
    memory.fill(b, 0, 48);
    store<u8>(b, <u8>(FLAG_C | FLAG_I));
  } else {
    fpToWords(w, a);
    wordsToBytes(b, w);
    store<u8>(b, load<u8>(b) | <u8>(FLAG_C | (fpIsLarger(a + S) ? FLAG_S : 0)));
  }
  sfree(mark);
}

/** Encodes affine G1 at `a` as 96 uncompressed bytes x ‖ y at `b` (infinity: I flag, zeros). */
export function g1Uncompressed(b: usize, a: usize): void {
  const F = fp();
  const S = F.SIZE;
  const mark = smark();
  const w = salloc(WORDS << 2);
  if (F.isZero(a) && F.isZero(a + S)) {
    memory.fill(b, 0, 96);
    store<u8>(b, <u8>FLAG_I);
  } else {
    fpToWords(w, a);
    wordsToBytes(b, w);
    fpToWords(w, a + S);
    wordsToBytes(b + 48, w);
  }
  sfree(mark);
}

/** Decodes 96 uncompressed bytes x ‖ y at `b` into affine G1 at `o`: flags, ranges, on the curve. */
export function g1FromUncompressed(o: usize, b: usize): i32 {
  const F = fp();
  const S = F.SIZE;
  const flags = <u32>load<u8>(b);
  if ((flags & FLAG_C) != 0) return ERR_COMPRESSION_FLAG;
  if ((flags & FLAG_S) != 0) return ERR_INFINITY_ENCODING;
  const mark = smark();
  const wx = salloc(WORDS << 2);
  const wy = salloc(WORDS << 2);
  const l = salloc(S);
  const r = salloc(S);
  bytesToWords(wx, b);
  maskFlags(wx);
  bytesToWords(wy, b + 48);
  let code = DECODE_POINT;
  if (flags & FLAG_I) {
    if (!wordsAreZero(wx) || !wordsAreZero(wy)) code = ERR_INFINITY_ENCODING;
    else {
      F.setZero(o);
      F.setZero(o + S);
      code = DECODE_INFINITY;
    }
  } else if (!fpFromWords(o, wx) || !fpFromWords(o + S, wy)) {
    code = ERR_COORDINATE_RANGE;
  } else {
    g1Rhs(r, o);
    F.sqr(l, o + S);
    if (!F.eq(l, r)) code = ERR_NOT_ON_CURVE;
  }
  sfree(mark);
  return code;
}

/** Decodes 96 compressed bytes at `b` (x.c1 ‖ x.c0) into affine G2 at `o` (2 Fp2). */
export function g2Decompress(o: usize, b: usize): i32 {
  const F = fp();
  const E = fp2();
  const S = F.SIZE;
  const flags = <u32>load<u8>(b);
  if ((flags & FLAG_C) == 0) return ERR_COMPRESSION_FLAG;
  const mark = smark();
  const w1 = salloc(WORDS << 2);
  const w0 = salloc(WORDS << 2);
  const rhs = salloc(2 * S);
  bytesToWords(w1, b);
  maskFlags(w1);
  bytesToWords(w0, b + 48);
  let code = DECODE_POINT;
  if (flags & FLAG_I) {
    if ((flags & FLAG_S) != 0 || !wordsAreZero(w1) || !wordsAreZero(w0)) code = ERR_INFINITY_ENCODING;
    else {
      E.setZero(o);
      E.setZero(o + 2 * S);
      code = DECODE_INFINITY;
    }
  } else if (!fpFromWords(o, w0) || !fpFromWords(o + S, w1)) {
    code = ERR_COORDINATE_RANGE;
  } else {
    E.sqr(rhs, o);
    E.mul(rhs, rhs, o);
    E.add(rhs, rhs, G2_B);
    if (!E.sqrt(o + 2 * S, rhs)) code = ERR_NOT_ON_CURVE;
    else if (fp2IsLarger(o + 2 * S) != ((flags & FLAG_S) != 0)) E.neg(o + 2 * S, o + 2 * S);
  }
  sfree(mark);
  return code;
}

/** Encodes affine G2 at `a` ((0, 0) = infinity) as 96 compressed bytes at `b`. */
export function g2Compress(b: usize, a: usize): void {
  const F = fp();
  const E = fp2();
  const S = F.SIZE;
  const mark = smark();
  const w = salloc(WORDS << 2);
  if (E.isZero(a) && E.isZero(a + 2 * S)) {
    memory.fill(b, 0, 96);
    store<u8>(b, <u8>(FLAG_C | FLAG_I));
  } else {
    fpToWords(w, a + S);
    wordsToBytes(b, w);
    fpToWords(w, a);
    wordsToBytes(b + 48, w);
    store<u8>(b, load<u8>(b) | <u8>(FLAG_C | (fp2IsLarger(a + 2 * S) ? FLAG_S : 0)));
  }
  sfree(mark);
}
