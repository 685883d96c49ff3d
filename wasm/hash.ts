/**
 * Scalar hash kernels: keccak256 (keccak-f[1600], Ethereum padding) and SHA-256 (one-shot and
 * 64-byte pairs, the SSZ merkleization step). Plain WebAssembly 1.0 + bulk memory, no SIMD, so
 * this module runs wherever WebAssembly does; wasm/sha256x4.ts adds the SIMD batch on top.
 *
 * No allocator (built with --runtime stub): static data holds the constants and scratch
 * blocks, and the host writes inputs at ioPtr() and reads digests back from there, growing
 * memory itself when an input does not fit. Every `out` may alias its input: digests are only
 * written after the input has been read completely.
 *
 * Working state lives in locals and round bodies are written out so that variables are renamed
 * rather than shuffled. Loops are kept over whole round groups: full unrolling was measured
 * slower in V8 (its register allocator copes worse with one huge straight-line body) and twice
 * the size. The JS front door is src/crypto/wasm/kernel.ts.
 */

/** First byte the host may use for input and output; everything above is free. */
export function ioPtr(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

// ---------------------------------------------------------------------------------------------
// keccak256: keccak-f[1600] with rate 136 bytes and capacity 512 bits, pad10*1 with the
// original Keccak domain byte 0x01 (not SHA3's 0x06), as Ethereum uses it.
// Spec: FIPS 202 §3 (permutation), Keccak reference 3.0 §1.1 (padding).

// ι round constants, FIPS 202 Algorithm 5 (rc) / 6.
const KECCAK_RC: usize = memory.data<u64>([
  0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
  0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
  0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]);
const KECCAK_RATE: usize = 136;
/** Last (padded) block of the message. */
const KECCAK_PAD: usize = memory.data(136, 16);

/**
 * keccak256 of `len` bytes at `ptr`, 32-byte digest to `out`. The 25 lanes stay in locals for
 * the whole message: lane (x, y) is `a{x + 5y}`, little-endian as the spec lays out bytes.
 *
 * Lanes 1, 2, 8, 12, 17 and 20 are kept complemented ("lane complementing", Keccak team's
 * implementation overview §2.2): WebAssembly has no and-not, and with this mask χ needs 5
 * NOTs per round instead of 25. θ, ρ, π and absorbing (XOR) are unaffected; the mask is set
 * at the start (those lanes begin as all-ones) and removed from lanes 1 and 2 when squeezing.
 */
export function keccak256(ptr: usize, len: usize, out: usize): void {
  // Prepare the final block first so the absorb loop below reads every block the same way.
  const full = len / KECCAK_RATE;
  const tail = len - full * KECCAK_RATE;
  memory.fill(KECCAK_PAD, 0, KECCAK_RATE);
  memory.copy(KECCAK_PAD, ptr + full * KECCAK_RATE, tail);
  store<u8>(KECCAK_PAD + tail, 0x01);
  store<u8>(KECCAK_PAD + KECCAK_RATE - 1, load<u8>(KECCAK_PAD + KECCAK_RATE - 1) | 0x80);

  let a00: u64 = 0, a01: u64 = ~0, a02: u64 = ~0, a03: u64 = 0, a04: u64 = 0;
  let a05: u64 = 0, a06: u64 = 0, a07: u64 = 0, a08: u64 = ~0, a09: u64 = 0;
  let a10: u64 = 0, a11: u64 = 0, a12: u64 = ~0, a13: u64 = 0, a14: u64 = 0;
  let a15: u64 = 0, a16: u64 = 0, a17: u64 = ~0, a18: u64 = 0, a19: u64 = 0;
  let a20: u64 = ~0, a21: u64 = 0, a22: u64 = 0, a23: u64 = 0, a24: u64 = 0;

  for (let blk: usize = 0; blk <= full; blk++) {
    const p = blk < full ? ptr + blk * KECCAK_RATE : KECCAK_PAD;
    // Absorb: the rate covers lanes 0..16.
    a00 ^= load<u64>(p, 0);
    a01 ^= load<u64>(p, 8);
    a02 ^= load<u64>(p, 16);
    a03 ^= load<u64>(p, 24);
    a04 ^= load<u64>(p, 32);
    a05 ^= load<u64>(p, 40);
    a06 ^= load<u64>(p, 48);
    a07 ^= load<u64>(p, 56);
    a08 ^= load<u64>(p, 64);
    a09 ^= load<u64>(p, 72);
    a10 ^= load<u64>(p, 80);
    a11 ^= load<u64>(p, 88);
    a12 ^= load<u64>(p, 96);
    a13 ^= load<u64>(p, 104);
    a14 ^= load<u64>(p, 112);
    a15 ^= load<u64>(p, 120);
    a16 ^= load<u64>(p, 128);
    for (let rc = KECCAK_RC; rc < KECCAK_RC + 24 * 8; rc += 8) {
// θ: column parities
      const c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
      const c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
      const c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
      const c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
      const c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
      const d0 = c4 ^ rotl<u64>(c1, 1);
      const d1 = c0 ^ rotl<u64>(c2, 1);
      const d2 = c1 ^ rotl<u64>(c3, 1);
      const d3 = c2 ^ rotl<u64>(c4, 1);
      const d4 = c3 ^ rotl<u64>(c0, 1);
      // θ applied, then ρ rotations and π moves: b[y][2x+3y] = rotl(a[x][y] ^ d[x], ρ[x][y])
      const b00 = a00 ^ d0;
      const b10 = rotl<u64>(a01 ^ d1, 1);
      const b20 = rotl<u64>(a02 ^ d2, 62);
      const b05 = rotl<u64>(a03 ^ d3, 28);
      const b15 = rotl<u64>(a04 ^ d4, 27);
      const b16 = rotl<u64>(a05 ^ d0, 36);
      const b01 = rotl<u64>(a06 ^ d1, 44);
      const b11 = rotl<u64>(a07 ^ d2, 6);
      const b21 = rotl<u64>(a08 ^ d3, 55);
      const b06 = rotl<u64>(a09 ^ d4, 20);
      const b07 = rotl<u64>(a10 ^ d0, 3);
      const b17 = rotl<u64>(a11 ^ d1, 10);
      const b02 = rotl<u64>(a12 ^ d2, 43);
      const b12 = rotl<u64>(a13 ^ d3, 25);
      const b22 = rotl<u64>(a14 ^ d4, 39);
      const b23 = rotl<u64>(a15 ^ d0, 41);
      const b08 = rotl<u64>(a16 ^ d1, 45);
      const b18 = rotl<u64>(a17 ^ d2, 15);
      const b03 = rotl<u64>(a18 ^ d3, 21);
      const b13 = rotl<u64>(a19 ^ d4, 8);
      const b14 = rotl<u64>(a20 ^ d0, 18);
      const b24 = rotl<u64>(a21 ^ d1, 2);
      const b09 = rotl<u64>(a22 ^ d2, 61);
      const b19 = rotl<u64>(a23 ^ d3, 56);
      const b04 = rotl<u64>(a24 ^ d4, 14);
      // χ on complemented lanes: b ^ (~b1 & b2) rewritten per lane with | or & so that only
      // five NOTs remain per round (one per plane) and the output carries the same mask.
      a00 = b00 ^ (b01 | b02);
      a01 = b01 ^ (~b02 | b03);
      a02 = b02 ^ (b03 & b04);
      a03 = b03 ^ (b04 | b00);
      a04 = b04 ^ (b00 & b01);
      a05 = b05 ^ (b06 | b07);
      a06 = b06 ^ (b07 & b08);
      a07 = b07 ^ (b08 | ~b09);
      a08 = b08 ^ (b09 | b05);
      a09 = b09 ^ (b05 & b06);
      a10 = b10 ^ (b11 | b12);
      a11 = b11 ^ (b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = ~b13 ^ (b14 | b10);
      a14 = b14 ^ (b10 & b11);
      a15 = b15 ^ (b16 & b17);
      a16 = b16 ^ (b17 | b18);
      a17 = b17 ^ (~b18 | b19);
      a18 = ~b18 ^ (b19 & b15);
      a19 = b19 ^ (b15 | b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = ~b21 ^ (b22 | b23);
      a22 = b22 ^ (b23 & b24);
      a23 = b23 ^ (b24 | b20);
      a24 = b24 ^ (b20 & b21);
      // ι
      a00 ^= load<u64>(rc);
    }
  }
  // Squeeze: the digest is the first 4 lanes.
  store<u64>(out, a00, 0);
  store<u64>(out, ~a01, 8);
  store<u64>(out, ~a02, 16);
  store<u64>(out, a03, 24);
}

// ---------------------------------------------------------------------------------------------
// SHA-256, FIPS 180-4 §6.2. Words are big-endian in memory; the chaining state lives at
// SHA_STATE as 8 native u32s between blocks.

/**
 * K (FIPS 180-4 §4.2.2), then K[i] + W[i] for the padding block of a 64-byte message (0x80,
 * zeros, bit length 512), whose message schedule is therefore a constant. wasm/sha256x4.ts
 * reads the same table through sha256Tables().
 */
const SHA_K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  0xc28a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf374,
  0x649b69c1, 0xf0fe4786, 0x0fe1edc6, 0x240cf254, 0x4fe9346f, 0x6cc984be, 0x61b9411e, 0x16f988fa,
  0xf2c65152, 0xa88e5a6d, 0xb019fc65, 0xb9d99ec7, 0x9a1231c3, 0xe70eeaa0, 0xfdb1232b, 0xc7353eb0,
  0x3069bad5, 0xcb976d5f, 0x5a0f118f, 0xdc1eeefd, 0x0a35b689, 0xde0b7a04, 0x58f4ca9d, 0xe15d5b16,
  0x007f3e86, 0x37088980, 0xa507ea32, 0x6fab9537, 0x17406110, 0x0d8cd6f1, 0xcdaa3b6d, 0xc0bbbe37,
  0x83613bda, 0xdb48a363, 0x0b02e931, 0x6fd15ca7, 0x521afaca, 0x31338431, 0x6ed41a95, 0x6d437890,
  0xc39c91f2, 0x9eccabbd, 0xb5c9a0e6, 0x532fb63c, 0xd2c741c6, 0x07237ea3, 0xa4954b68, 0x4c191d76,
]);
const SHA_KW: usize = SHA_K + 256;

/** Address of the 128-word table above, for the SIMD module that shares this memory. */
export function sha256Tables(): usize {
  return SHA_K;
}

const SHA_STATE: usize = memory.data(32, 16);
/** One or two padding blocks: the message tail, 0x80, zeros, the bit length. */
const SHA_PAD: usize = memory.data(128, 16);

// Σ0, Σ1, σ0, σ1, Ch, Maj: FIPS 180-4 §4.1.2.
// @ts-ignore: decorator
@inline function bs0(x: u32): u32 { return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22); }
// @ts-ignore: decorator
@inline function bs1(x: u32): u32 { return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25); }
// @ts-ignore: decorator
@inline function ss0(x: u32): u32 { return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3); }
// @ts-ignore: decorator
@inline function ss1(x: u32): u32 { return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10); }
// @ts-ignore: decorator
@inline function ch(e: u32, f: u32, g: u32): u32 { return g ^ (e & (f ^ g)); }
// @ts-ignore: decorator
@inline function maj(a: u32, b: u32, c: u32): u32 { return (a & b) | (c & (a | b)); }

// @ts-ignore: decorator
@inline function initState(st: usize): void {
  // H(0), FIPS 180-4 §5.3.3.
  store<u32>(st, 0x6a09e667, 0);
  store<u32>(st, 0xbb67ae85, 4);
  store<u32>(st, 0x3c6ef372, 8);
  store<u32>(st, 0xa54ff53a, 12);
  store<u32>(st, 0x510e527f, 16);
  store<u32>(st, 0x9b05688c, 20);
  store<u32>(st, 0x1f83d9ab, 24);
  store<u32>(st, 0x5be0cd19, 28);
}

// @ts-ignore: decorator
@inline function writeDigest(st: usize, out: usize): void {
  store<u32>(out, bswap<u32>(load<u32>(st, 0)), 0);
  store<u32>(out, bswap<u32>(load<u32>(st, 4)), 4);
  store<u32>(out, bswap<u32>(load<u32>(st, 8)), 8);
  store<u32>(out, bswap<u32>(load<u32>(st, 12)), 12);
  store<u32>(out, bswap<u32>(load<u32>(st, 16)), 16);
  store<u32>(out, bswap<u32>(load<u32>(st, 20)), 20);
  store<u32>(out, bswap<u32>(load<u32>(st, 24)), 24);
  store<u32>(out, bswap<u32>(load<u32>(st, 28)), 28);
}

/**
 * One compression of the 64-byte block at `p` into the state at `st`. The 16-word message
 * schedule is a ring of locals: w[i] for i >= 16 overwrites w[i mod 16]. Round i's working
 * variables are the previous round's renamed; after 16 rounds both the names and the ring are
 * back in place, so rounds 16..63 are one 16-round body run three times.
 */
function compress(st: usize, p: usize): void {
  let a = load<u32>(st, 0), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  let e = load<u32>(st, 16), f = load<u32>(st, 20), g = load<u32>(st, 24), h = load<u32>(st, 28);
  let w0 = bswap<u32>(load<u32>(p, 0)), w1 = bswap<u32>(load<u32>(p, 4)), w2 = bswap<u32>(load<u32>(p, 8)), w3 = bswap<u32>(load<u32>(p, 12));
  let w4 = bswap<u32>(load<u32>(p, 16)), w5 = bswap<u32>(load<u32>(p, 20)), w6 = bswap<u32>(load<u32>(p, 24)), w7 = bswap<u32>(load<u32>(p, 28));
  let w8 = bswap<u32>(load<u32>(p, 32)), w9 = bswap<u32>(load<u32>(p, 36)), w10 = bswap<u32>(load<u32>(p, 40)), w11 = bswap<u32>(load<u32>(p, 44));
  let w12 = bswap<u32>(load<u32>(p, 48)), w13 = bswap<u32>(load<u32>(p, 52)), w14 = bswap<u32>(load<u32>(p, 56)), w15 = bswap<u32>(load<u32>(p, 60));
  let t: u32;
  t = h + bs1(e) + ch(e, f, g) + load<u32>(SHA_K, 0) + w0; d += t; h = t + bs0(a) + maj(a, b, c);
  t = g + bs1(d) + ch(d, e, f) + load<u32>(SHA_K, 4) + w1; c += t; g = t + bs0(h) + maj(h, a, b);
  t = f + bs1(c) + ch(c, d, e) + load<u32>(SHA_K, 8) + w2; b += t; f = t + bs0(g) + maj(g, h, a);
  t = e + bs1(b) + ch(b, c, d) + load<u32>(SHA_K, 12) + w3; a += t; e = t + bs0(f) + maj(f, g, h);
  t = d + bs1(a) + ch(a, b, c) + load<u32>(SHA_K, 16) + w4; h += t; d = t + bs0(e) + maj(e, f, g);
  t = c + bs1(h) + ch(h, a, b) + load<u32>(SHA_K, 20) + w5; g += t; c = t + bs0(d) + maj(d, e, f);
  t = b + bs1(g) + ch(g, h, a) + load<u32>(SHA_K, 24) + w6; f += t; b = t + bs0(c) + maj(c, d, e);
  t = a + bs1(f) + ch(f, g, h) + load<u32>(SHA_K, 28) + w7; e += t; a = t + bs0(b) + maj(b, c, d);
  t = h + bs1(e) + ch(e, f, g) + load<u32>(SHA_K, 32) + w8; d += t; h = t + bs0(a) + maj(a, b, c);
  t = g + bs1(d) + ch(d, e, f) + load<u32>(SHA_K, 36) + w9; c += t; g = t + bs0(h) + maj(h, a, b);
  t = f + bs1(c) + ch(c, d, e) + load<u32>(SHA_K, 40) + w10; b += t; f = t + bs0(g) + maj(g, h, a);
  t = e + bs1(b) + ch(b, c, d) + load<u32>(SHA_K, 44) + w11; a += t; e = t + bs0(f) + maj(f, g, h);
  t = d + bs1(a) + ch(a, b, c) + load<u32>(SHA_K, 48) + w12; h += t; d = t + bs0(e) + maj(e, f, g);
  t = c + bs1(h) + ch(h, a, b) + load<u32>(SHA_K, 52) + w13; g += t; c = t + bs0(d) + maj(d, e, f);
  t = b + bs1(g) + ch(g, h, a) + load<u32>(SHA_K, 56) + w14; f += t; b = t + bs0(c) + maj(c, d, e);
  t = a + bs1(f) + ch(f, g, h) + load<u32>(SHA_K, 60) + w15; e += t; a = t + bs0(b) + maj(b, c, d);
  for (let k = SHA_K + 64; k < SHA_K + 256; k += 64) {
    w0 += ss1(w14) + w9 + ss0(w1);
    t = h + bs1(e) + ch(e, f, g) + load<u32>(k, 0) + w0; d += t; h = t + bs0(a) + maj(a, b, c);
    w1 += ss1(w15) + w10 + ss0(w2);
    t = g + bs1(d) + ch(d, e, f) + load<u32>(k, 4) + w1; c += t; g = t + bs0(h) + maj(h, a, b);
    w2 += ss1(w0) + w11 + ss0(w3);
    t = f + bs1(c) + ch(c, d, e) + load<u32>(k, 8) + w2; b += t; f = t + bs0(g) + maj(g, h, a);
    w3 += ss1(w1) + w12 + ss0(w4);
    t = e + bs1(b) + ch(b, c, d) + load<u32>(k, 12) + w3; a += t; e = t + bs0(f) + maj(f, g, h);
    w4 += ss1(w2) + w13 + ss0(w5);
    t = d + bs1(a) + ch(a, b, c) + load<u32>(k, 16) + w4; h += t; d = t + bs0(e) + maj(e, f, g);
    w5 += ss1(w3) + w14 + ss0(w6);
    t = c + bs1(h) + ch(h, a, b) + load<u32>(k, 20) + w5; g += t; c = t + bs0(d) + maj(d, e, f);
    w6 += ss1(w4) + w15 + ss0(w7);
    t = b + bs1(g) + ch(g, h, a) + load<u32>(k, 24) + w6; f += t; b = t + bs0(c) + maj(c, d, e);
    w7 += ss1(w5) + w0 + ss0(w8);
    t = a + bs1(f) + ch(f, g, h) + load<u32>(k, 28) + w7; e += t; a = t + bs0(b) + maj(b, c, d);
    w8 += ss1(w6) + w1 + ss0(w9);
    t = h + bs1(e) + ch(e, f, g) + load<u32>(k, 32) + w8; d += t; h = t + bs0(a) + maj(a, b, c);
    w9 += ss1(w7) + w2 + ss0(w10);
    t = g + bs1(d) + ch(d, e, f) + load<u32>(k, 36) + w9; c += t; g = t + bs0(h) + maj(h, a, b);
    w10 += ss1(w8) + w3 + ss0(w11);
    t = f + bs1(c) + ch(c, d, e) + load<u32>(k, 40) + w10; b += t; f = t + bs0(g) + maj(g, h, a);
    w11 += ss1(w9) + w4 + ss0(w12);
    t = e + bs1(b) + ch(b, c, d) + load<u32>(k, 44) + w11; a += t; e = t + bs0(f) + maj(f, g, h);
    w12 += ss1(w10) + w5 + ss0(w13);
    t = d + bs1(a) + ch(a, b, c) + load<u32>(k, 48) + w12; h += t; d = t + bs0(e) + maj(e, f, g);
    w13 += ss1(w11) + w6 + ss0(w14);
    t = c + bs1(h) + ch(h, a, b) + load<u32>(k, 52) + w13; g += t; c = t + bs0(d) + maj(d, e, f);
    w14 += ss1(w12) + w7 + ss0(w15);
    t = b + bs1(g) + ch(g, h, a) + load<u32>(k, 56) + w14; f += t; b = t + bs0(c) + maj(c, d, e);
    w15 += ss1(w13) + w8 + ss0(w0);
    t = a + bs1(f) + ch(f, g, h) + load<u32>(k, 60) + w15; e += t; a = t + bs0(b) + maj(b, c, d);
  }
  store<u32>(st, load<u32>(st, 0) + a, 0);
  store<u32>(st, load<u32>(st, 4) + b, 4);
  store<u32>(st, load<u32>(st, 8) + c, 8);
  store<u32>(st, load<u32>(st, 12) + d, 12);
  store<u32>(st, load<u32>(st, 16) + e, 16);
  store<u32>(st, load<u32>(st, 20) + f, 20);
  store<u32>(st, load<u32>(st, 24) + g, 24);
  store<u32>(st, load<u32>(st, 28) + h, 28);
}

/**
 * The second compression of every 64-byte message: its block is pure padding (0x80, zeros,
 * bit length 512), so the schedule is a constant and each round adds a precomputed K[i] + W[i].
 */
function compressPad64(st: usize): void {
  let a = load<u32>(st, 0), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  let e = load<u32>(st, 16), f = load<u32>(st, 20), g = load<u32>(st, 24), h = load<u32>(st, 28);
  let t: u32;
  for (let k = SHA_KW; k < SHA_KW + 256; k += 32) {
    t = h + bs1(e) + ch(e, f, g) + load<u32>(k, 0); d += t; h = t + bs0(a) + maj(a, b, c);
    t = g + bs1(d) + ch(d, e, f) + load<u32>(k, 4); c += t; g = t + bs0(h) + maj(h, a, b);
    t = f + bs1(c) + ch(c, d, e) + load<u32>(k, 8); b += t; f = t + bs0(g) + maj(g, h, a);
    t = e + bs1(b) + ch(b, c, d) + load<u32>(k, 12); a += t; e = t + bs0(f) + maj(f, g, h);
    t = d + bs1(a) + ch(a, b, c) + load<u32>(k, 16); h += t; d = t + bs0(e) + maj(e, f, g);
    t = c + bs1(h) + ch(h, a, b) + load<u32>(k, 20); g += t; c = t + bs0(d) + maj(d, e, f);
    t = b + bs1(g) + ch(g, h, a) + load<u32>(k, 24); f += t; b = t + bs0(c) + maj(c, d, e);
    t = a + bs1(f) + ch(f, g, h) + load<u32>(k, 28); e += t; a = t + bs0(b) + maj(b, c, d);
  }
  store<u32>(st, load<u32>(st, 0) + a, 0);
  store<u32>(st, load<u32>(st, 4) + b, 4);
  store<u32>(st, load<u32>(st, 8) + c, 8);
  store<u32>(st, load<u32>(st, 12) + d, 12);
  store<u32>(st, load<u32>(st, 16) + e, 16);
  store<u32>(st, load<u32>(st, 20) + f, 20);
  store<u32>(st, load<u32>(st, 24) + g, 24);
  store<u32>(st, load<u32>(st, 28) + h, 28);
}

/** SHA-256 of `len` bytes at `ptr`, 32-byte digest to `out`. */
export function sha256(ptr: usize, len: usize, out: usize): void {
  initState(SHA_STATE);
  const full = len >> 6;
  for (let i: usize = 0; i < full; i++) compress(SHA_STATE, ptr + (i << 6));
  // Tail, 0x80, zeros, then the 64-bit big-endian bit length: one block if the tail leaves
  // room for 9 bytes, else two.
  const tail = len & 63;
  const padLen: usize = tail < 56 ? 64 : 128;
  memory.fill(SHA_PAD, 0, padLen);
  memory.copy(SHA_PAD, ptr + (full << 6), tail);
  store<u8>(SHA_PAD + tail, 0x80);
  store<u64>(SHA_PAD + padLen - 8, bswap<u64>(<u64>len << 3));
  compress(SHA_STATE, SHA_PAD);
  if (padLen == 128) compress(SHA_STATE, SHA_PAD + 64);
  writeDigest(SHA_STATE, out);
}

/**
 * SHA-256 of each of `n` 64-byte messages at `inp`, digests packed to `out` (32 bytes apart).
 * `out == inp` is allowed: digest i ends at 32(i+1) <= 64i + 64, inside message i, read already.
 */
export function sha256Pairs(inp: usize, out: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    initState(SHA_STATE);
    compress(SHA_STATE, inp + (i << 6));
    compressPad64(SHA_STATE);
    writeDigest(SHA_STATE, out + (i << 5));
  }
}
