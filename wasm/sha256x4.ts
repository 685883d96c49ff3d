/**
 * SHA-256 of 64-byte messages, four at a time: lane j of every v128 belongs to message j, so
 * the rounds run once for four independent hashes (the SSZ merkleization step, layer by layer).
 * FIPS 180-4 §6.2, same round structure as wasm/hash.ts.
 *
 * Built with SIMD and with the memory imported from the scalar module (wasm/hash.ts), which
 * also hashes the n mod 4 leftover messages and owns the round-constant table. No data
 * segments here (they would land in the shared memory).
 *
 * Round constants are splat from that table (one v128.load32_splat) rather than written as
 * v128 immediates: V8 materializes each v128.const with several instructions, and the fully
 * unrolled immediate version measured 30% slower and three times larger.
 */

// @ts-ignore: decorator
@inline function add4(x: v128, y: v128): v128 { return i32x4.add(x, y); }
// No SIMD rotate: shift both ways and merge.
// @ts-ignore: decorator
@inline function rotr4(x: v128, n: i32): v128 { return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n)); }
// @ts-ignore: decorator
@inline function bs0(x: v128): v128 { return v128.xor(v128.xor(rotr4(x, 2), rotr4(x, 13)), rotr4(x, 22)); }
// @ts-ignore: decorator
@inline function bs1(x: v128): v128 { return v128.xor(v128.xor(rotr4(x, 6), rotr4(x, 11)), rotr4(x, 25)); }
// @ts-ignore: decorator
@inline function ss0(x: v128): v128 { return v128.xor(v128.xor(rotr4(x, 7), rotr4(x, 18)), i32x4.shr_u(x, 3)); }
// @ts-ignore: decorator
@inline function ss1(x: v128): v128 { return v128.xor(v128.xor(rotr4(x, 17), rotr4(x, 19)), i32x4.shr_u(x, 10)); }
// Ch(e, f, g) picks f where e is set, g elsewhere: exactly bitselect.
// @ts-ignore: decorator
@inline function ch(e: v128, f: v128, g: v128): v128 { return v128.bitselect(f, g, e); }
// Maj(a, b, c) is a where a == b, c where they differ.
// @ts-ignore: decorator
@inline function maj(a: v128, b: v128, c: v128): v128 { return v128.bitselect(c, a, v128.xor(a, b)); }
// Big-endian words <-> native: reverse the bytes of each 32-bit lane.
// @ts-ignore: decorator
@inline function bswap4(x: v128): v128 { return i8x16.shuffle(x, x, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12); }

/**
 * SHA-256 of each of `n` 64-byte messages at `inp` (n a multiple of 4), digests packed to `out`,
 * 32 bytes apart. `out == inp` is allowed: a group's digests are written after its four
 * messages are read and end before the next group's messages begin. `k` is the table from
 * wasm/hash.ts sha256Tables(): K[0..63], then K[i] + W[i] of the 64-byte padding block.
 */
export function sha256Pairs4(inp: usize, out: usize, n: usize, k: usize): void {
  const end = inp + (n << 6);
  for (; inp < end; inp += 256, out += 128) {
    // Transpose 4 messages × 16 words into 16 vectors w_i = (word i of message 0..3).
    let r0: v128, r1: v128, r2: v128, r3: v128, t0: v128, t1: v128, t2: v128, t3: v128;
    r0 = bswap4(v128.load(inp, 0)); r1 = bswap4(v128.load(inp, 64)); r2 = bswap4(v128.load(inp, 128)); r3 = bswap4(v128.load(inp, 192));
    t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
    t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    let w0 = i64x2.shuffle(t0, t1, 0, 2); let w1 = i64x2.shuffle(t0, t1, 1, 3);
    let w2 = i64x2.shuffle(t2, t3, 0, 2); let w3 = i64x2.shuffle(t2, t3, 1, 3);
    r0 = bswap4(v128.load(inp, 16)); r1 = bswap4(v128.load(inp, 80)); r2 = bswap4(v128.load(inp, 144)); r3 = bswap4(v128.load(inp, 208));
    t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
    t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    let w4 = i64x2.shuffle(t0, t1, 0, 2); let w5 = i64x2.shuffle(t0, t1, 1, 3);
    let w6 = i64x2.shuffle(t2, t3, 0, 2); let w7 = i64x2.shuffle(t2, t3, 1, 3);
    r0 = bswap4(v128.load(inp, 32)); r1 = bswap4(v128.load(inp, 96)); r2 = bswap4(v128.load(inp, 160)); r3 = bswap4(v128.load(inp, 224));
    t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
    t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    let w8 = i64x2.shuffle(t0, t1, 0, 2); let w9 = i64x2.shuffle(t0, t1, 1, 3);
    let w10 = i64x2.shuffle(t2, t3, 0, 2); let w11 = i64x2.shuffle(t2, t3, 1, 3);
    r0 = bswap4(v128.load(inp, 48)); r1 = bswap4(v128.load(inp, 112)); r2 = bswap4(v128.load(inp, 176)); r3 = bswap4(v128.load(inp, 240));
    t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
    t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    let w12 = i64x2.shuffle(t0, t1, 0, 2); let w13 = i64x2.shuffle(t0, t1, 1, 3);
    let w14 = i64x2.shuffle(t2, t3, 0, 2); let w15 = i64x2.shuffle(t2, t3, 1, 3);
    // H(0), FIPS 180-4 §5.3.3, in every lane.
    let a = i32x4.splat(0x6a09e667), b = i32x4.splat(0xbb67ae85), c = i32x4.splat(0x3c6ef372), d = i32x4.splat(0xa54ff53a);
    let e = i32x4.splat(0x510e527f), f = i32x4.splat(0x9b05688c), g = i32x4.splat(0x1f83d9ab), h = i32x4.splat(0x5be0cd19);
    let t: v128;
    // Rounds 0..15 on the message words, then a 16-round body (names and the w ring come back
    // in place every 16 rounds) three times with the schedule computed as it goes.
    t = add4(add4(h, bs1(e)), add4(ch(e, f, g), add4(v128.load32_splat(k, 0), w0))); d = add4(d, t); h = add4(t, add4(bs0(a), maj(a, b, c)));
    t = add4(add4(g, bs1(d)), add4(ch(d, e, f), add4(v128.load32_splat(k, 4), w1))); c = add4(c, t); g = add4(t, add4(bs0(h), maj(h, a, b)));
    t = add4(add4(f, bs1(c)), add4(ch(c, d, e), add4(v128.load32_splat(k, 8), w2))); b = add4(b, t); f = add4(t, add4(bs0(g), maj(g, h, a)));
    t = add4(add4(e, bs1(b)), add4(ch(b, c, d), add4(v128.load32_splat(k, 12), w3))); a = add4(a, t); e = add4(t, add4(bs0(f), maj(f, g, h)));
    t = add4(add4(d, bs1(a)), add4(ch(a, b, c), add4(v128.load32_splat(k, 16), w4))); h = add4(h, t); d = add4(t, add4(bs0(e), maj(e, f, g)));
    t = add4(add4(c, bs1(h)), add4(ch(h, a, b), add4(v128.load32_splat(k, 20), w5))); g = add4(g, t); c = add4(t, add4(bs0(d), maj(d, e, f)));
    t = add4(add4(b, bs1(g)), add4(ch(g, h, a), add4(v128.load32_splat(k, 24), w6))); f = add4(f, t); b = add4(t, add4(bs0(c), maj(c, d, e)));
    t = add4(add4(a, bs1(f)), add4(ch(f, g, h), add4(v128.load32_splat(k, 28), w7))); e = add4(e, t); a = add4(t, add4(bs0(b), maj(b, c, d)));
    t = add4(add4(h, bs1(e)), add4(ch(e, f, g), add4(v128.load32_splat(k, 32), w8))); d = add4(d, t); h = add4(t, add4(bs0(a), maj(a, b, c)));
    t = add4(add4(g, bs1(d)), add4(ch(d, e, f), add4(v128.load32_splat(k, 36), w9))); c = add4(c, t); g = add4(t, add4(bs0(h), maj(h, a, b)));
    t = add4(add4(f, bs1(c)), add4(ch(c, d, e), add4(v128.load32_splat(k, 40), w10))); b = add4(b, t); f = add4(t, add4(bs0(g), maj(g, h, a)));
    t = add4(add4(e, bs1(b)), add4(ch(b, c, d), add4(v128.load32_splat(k, 44), w11))); a = add4(a, t); e = add4(t, add4(bs0(f), maj(f, g, h)));
    t = add4(add4(d, bs1(a)), add4(ch(a, b, c), add4(v128.load32_splat(k, 48), w12))); h = add4(h, t); d = add4(t, add4(bs0(e), maj(e, f, g)));
    t = add4(add4(c, bs1(h)), add4(ch(h, a, b), add4(v128.load32_splat(k, 52), w13))); g = add4(g, t); c = add4(t, add4(bs0(d), maj(d, e, f)));
    t = add4(add4(b, bs1(g)), add4(ch(g, h, a), add4(v128.load32_splat(k, 56), w14))); f = add4(f, t); b = add4(t, add4(bs0(c), maj(c, d, e)));
    t = add4(add4(a, bs1(f)), add4(ch(f, g, h), add4(v128.load32_splat(k, 60), w15))); e = add4(e, t); a = add4(t, add4(bs0(b), maj(b, c, d)));
    for (let kk = k + 64; kk < k + 256; kk += 64) {
      w0 = add4(add4(w0, ss1(w14)), add4(w9, ss0(w1)));
      t = add4(add4(h, bs1(e)), add4(ch(e, f, g), add4(v128.load32_splat(kk, 0), w0))); d = add4(d, t); h = add4(t, add4(bs0(a), maj(a, b, c)));
      w1 = add4(add4(w1, ss1(w15)), add4(w10, ss0(w2)));
      t = add4(add4(g, bs1(d)), add4(ch(d, e, f), add4(v128.load32_splat(kk, 4), w1))); c = add4(c, t); g = add4(t, add4(bs0(h), maj(h, a, b)));
      w2 = add4(add4(w2, ss1(w0)), add4(w11, ss0(w3)));
      t = add4(add4(f, bs1(c)), add4(ch(c, d, e), add4(v128.load32_splat(kk, 8), w2))); b = add4(b, t); f = add4(t, add4(bs0(g), maj(g, h, a)));
      w3 = add4(add4(w3, ss1(w1)), add4(w12, ss0(w4)));
      t = add4(add4(e, bs1(b)), add4(ch(b, c, d), add4(v128.load32_splat(kk, 12), w3))); a = add4(a, t); e = add4(t, add4(bs0(f), maj(f, g, h)));
      w4 = add4(add4(w4, ss1(w2)), add4(w13, ss0(w5)));
      t = add4(add4(d, bs1(a)), add4(ch(a, b, c), add4(v128.load32_splat(kk, 16), w4))); h = add4(h, t); d = add4(t, add4(bs0(e), maj(e, f, g)));
      w5 = add4(add4(w5, ss1(w3)), add4(w14, ss0(w6)));
      t = add4(add4(c, bs1(h)), add4(ch(h, a, b), add4(v128.load32_splat(kk, 20), w5))); g = add4(g, t); c = add4(t, add4(bs0(d), maj(d, e, f)));
      w6 = add4(add4(w6, ss1(w4)), add4(w15, ss0(w7)));
      t = add4(add4(b, bs1(g)), add4(ch(g, h, a), add4(v128.load32_splat(kk, 24), w6))); f = add4(f, t); b = add4(t, add4(bs0(c), maj(c, d, e)));
      w7 = add4(add4(w7, ss1(w5)), add4(w0, ss0(w8)));
      t = add4(add4(a, bs1(f)), add4(ch(f, g, h), add4(v128.load32_splat(kk, 28), w7))); e = add4(e, t); a = add4(t, add4(bs0(b), maj(b, c, d)));
      w8 = add4(add4(w8, ss1(w6)), add4(w1, ss0(w9)));
      t = add4(add4(h, bs1(e)), add4(ch(e, f, g), add4(v128.load32_splat(kk, 32), w8))); d = add4(d, t); h = add4(t, add4(bs0(a), maj(a, b, c)));
      w9 = add4(add4(w9, ss1(w7)), add4(w2, ss0(w10)));
      t = add4(add4(g, bs1(d)), add4(ch(d, e, f), add4(v128.load32_splat(kk, 36), w9))); c = add4(c, t); g = add4(t, add4(bs0(h), maj(h, a, b)));
      w10 = add4(add4(w10, ss1(w8)), add4(w3, ss0(w11)));
      t = add4(add4(f, bs1(c)), add4(ch(c, d, e), add4(v128.load32_splat(kk, 40), w10))); b = add4(b, t); f = add4(t, add4(bs0(g), maj(g, h, a)));
      w11 = add4(add4(w11, ss1(w9)), add4(w4, ss0(w12)));
      t = add4(add4(e, bs1(b)), add4(ch(b, c, d), add4(v128.load32_splat(kk, 44), w11))); a = add4(a, t); e = add4(t, add4(bs0(f), maj(f, g, h)));
      w12 = add4(add4(w12, ss1(w10)), add4(w5, ss0(w13)));
      t = add4(add4(d, bs1(a)), add4(ch(a, b, c), add4(v128.load32_splat(kk, 48), w12))); h = add4(h, t); d = add4(t, add4(bs0(e), maj(e, f, g)));
      w13 = add4(add4(w13, ss1(w11)), add4(w6, ss0(w14)));
      t = add4(add4(c, bs1(h)), add4(ch(h, a, b), add4(v128.load32_splat(kk, 52), w13))); g = add4(g, t); c = add4(t, add4(bs0(d), maj(d, e, f)));
      w14 = add4(add4(w14, ss1(w12)), add4(w7, ss0(w15)));
      t = add4(add4(b, bs1(g)), add4(ch(g, h, a), add4(v128.load32_splat(kk, 56), w14))); f = add4(f, t); b = add4(t, add4(bs0(c), maj(c, d, e)));
      w15 = add4(add4(w15, ss1(w13)), add4(w8, ss0(w0)));
      t = add4(add4(a, bs1(f)), add4(ch(f, g, h), add4(v128.load32_splat(kk, 60), w15))); e = add4(e, t); a = add4(t, add4(bs0(b), maj(b, c, d)));
    }
    a = add4(a, i32x4.splat(0x6a09e667)); b = add4(b, i32x4.splat(0xbb67ae85));
    c = add4(c, i32x4.splat(0x3c6ef372)); d = add4(d, i32x4.splat(0xa54ff53a));
    e = add4(e, i32x4.splat(0x510e527f)); f = add4(f, i32x4.splat(0x9b05688c));
    g = add4(g, i32x4.splat(0x1f83d9ab)); h = add4(h, i32x4.splat(0x5be0cd19));
    // Second block: padding only (0x80, zeros, length 512), so K[i] + W[i] is a constant.
    const a1 = a, b1 = b, c1 = c, d1 = d, e1 = e, f1 = f, g1 = g, h1 = h;
    for (let kw = k + 256; kw < k + 512; kw += 32) {
      t = add4(add4(h, bs1(e)), add4(ch(e, f, g), v128.load32_splat(kw, 0))); d = add4(d, t); h = add4(t, add4(bs0(a), maj(a, b, c)));
      t = add4(add4(g, bs1(d)), add4(ch(d, e, f), v128.load32_splat(kw, 4))); c = add4(c, t); g = add4(t, add4(bs0(h), maj(h, a, b)));
      t = add4(add4(f, bs1(c)), add4(ch(c, d, e), v128.load32_splat(kw, 8))); b = add4(b, t); f = add4(t, add4(bs0(g), maj(g, h, a)));
      t = add4(add4(e, bs1(b)), add4(ch(b, c, d), v128.load32_splat(kw, 12))); a = add4(a, t); e = add4(t, add4(bs0(f), maj(f, g, h)));
      t = add4(add4(d, bs1(a)), add4(ch(a, b, c), v128.load32_splat(kw, 16))); h = add4(h, t); d = add4(t, add4(bs0(e), maj(e, f, g)));
      t = add4(add4(c, bs1(h)), add4(ch(h, a, b), v128.load32_splat(kw, 20))); g = add4(g, t); c = add4(t, add4(bs0(d), maj(d, e, f)));
      t = add4(add4(b, bs1(g)), add4(ch(g, h, a), v128.load32_splat(kw, 24))); f = add4(f, t); b = add4(t, add4(bs0(c), maj(c, d, e)));
      t = add4(add4(a, bs1(f)), add4(ch(f, g, h), v128.load32_splat(kw, 28))); e = add4(e, t); a = add4(t, add4(bs0(b), maj(b, c, d)));
    }
    a = add4(a, a1); b = add4(b, b1); c = add4(c, c1); d = add4(d, d1);
    e = add4(e, e1); f = add4(f, f1); g = add4(g, g1); h = add4(h, h1);
    // Transpose back: message j's digest is lane j of a..h, big-endian.
    t0 = i32x4.shuffle(a, b, 0, 4, 1, 5); t1 = i32x4.shuffle(c, d, 0, 4, 1, 5);
    t2 = i32x4.shuffle(a, b, 2, 6, 3, 7); t3 = i32x4.shuffle(c, d, 2, 6, 3, 7);
    v128.store(out, bswap4(i64x2.shuffle(t0, t1, 0, 2)), 0); v128.store(out, bswap4(i64x2.shuffle(t0, t1, 1, 3)), 32);
    v128.store(out, bswap4(i64x2.shuffle(t2, t3, 0, 2)), 64); v128.store(out, bswap4(i64x2.shuffle(t2, t3, 1, 3)), 96);
    t0 = i32x4.shuffle(e, f, 0, 4, 1, 5); t1 = i32x4.shuffle(g, h, 0, 4, 1, 5);
    t2 = i32x4.shuffle(e, f, 2, 6, 3, 7); t3 = i32x4.shuffle(g, h, 2, 6, 3, 7);
    v128.store(out, bswap4(i64x2.shuffle(t0, t1, 0, 2)), 16); v128.store(out, bswap4(i64x2.shuffle(t0, t1, 1, 3)), 48);
    v128.store(out, bswap4(i64x2.shuffle(t2, t3, 0, 2)), 80); v128.store(out, bswap4(i64x2.shuffle(t2, t3, 1, 3)), 112);
  }
}
