/**
 * The FastLZ size of a transaction, as Fjord's L1 fee counts it: the length FastLZ level 1 would
 * compress the bytes to, computed without writing the output (SPEC `fjord/exec-engine.md` "FastLZ
 * Implementation"; OPGETH `core/types/rollup_cost.go` `FlzCompressLen`, itself from solady's
 * `LibZip.flzCompress`; the GasPriceOracle's Solidity LibZip gives the same length on chain).
 *
 * The parse is the consensus one, step for step: a 13-bit hash of each 3-byte sequence with the
 * multiplier 2654435769 taken modulo 2^32, matches up to 8191 bytes back, nothing matched in the
 * last 13 bytes, level 1 at every length. Any other choice gives other lengths, so other fees:
 * fastlz.c hashed 14 bits before ariya/FastLZ 444be02; its `fastlz_compress`, which the spec
 * names, switches to level 2 from 65,536 bytes, where op-geth still counts level 1; solady's JS
 * multiplies in floats and hashes 56 of the 2^24 sequences into another bucket.
 * @module
 */
import { abytes } from '../../../core/bytes.ts';

/** 2^13 hash buckets: `((2654435769 · v) mod 2^32) >> 19`. */
const HASH_SIZE = 8192;
/** The farthest back a match may start (level 1's 13-bit distance). */
const MAX_DISTANCE = 0x1fff;
/** A literal run's control byte covers at most 32 bytes. */
const MAX_COPY = 32;
/** One match token covers at most 264 bytes (ariya's MAX_LEN); longer ones are split. */
const MATCH_SPLIT = 262;
/** No match starts in the last 13 bytes: the encoder reads up to 4 bytes past its position. */
const TAIL = 13;

/**
 * The hash table, zeroed at the start of every call: nothing carries from one call to the next.
 * One table for all calls: a fresh 32 KiB typed array per call kept the collector busy enough
 * that a 345-byte transaction's fee took about 200 µs in bench/op-fees.bench.ts's loop, against
 * about 11 µs with the table kept (2026-11-28, a loaded 2-core machine).
 */
const scratch = /* @__PURE__ */ new Uint32Array(HASH_SIZE);

/** Bytes a run of `r` literals takes: one control byte per 32 (or fewer) literals. */
function literalsLen(r: number): number {
  const rest = r % MAX_COPY;
  return (MAX_COPY + 1) * Math.floor(r / MAX_COPY) + (rest === 0 ? 0 : rest + 1);
}

/** Bytes a match token takes for `l` (= matched length − 2, at least 1): 2, or 3 with a length byte. */
function matchLen(l: number): number {
  const m = l - 1;
  return 3 * Math.floor(m / MATCH_SPLIT) + (m % MATCH_SPLIT >= 6 ? 3 : 2);
}

/**
 * The length of `data` compressed by FastLZ level 1, as op-geth's FlzCompressLen counts it.
 * @example flzCompressLen(new Uint8Array(1000)) // 21
 */
export function flzCompressLen(data: Uint8Array): number {
  const ib = abytes(data, undefined, 'data');
  const len = ib.length;
  const ht = scratch.fill(0);
  const u24 = (i: number) => ib[i]! | (ib[i + 1]! << 8) | (ib[i + 2]! << 16);
  // uint32 arithmetic, as Go and the EVM's mask do: a float product would round past 2^53.
  const hash = (v: number) => (Math.imul(2654435769, v) >>> 19) & (HASH_SIZE - 1);

  let n = 0;
  let anchor = 0;
  const ipLimit = len < TAIL ? 0 : len - TAIL;
  let ip = 2;
  while (ip < ipLimit) {
    let ref = 0;
    // Find the next position whose 3 bytes were seen within reach. The position is advanced
    // before the test, so a match found at ipLimit − 1 still ends the scan (op-geth's order).
    for (;;) {
      const s = u24(ip);
      const h = hash(s);
      ref = ht[h]!;
      ht[h] = ip;
      const d = ip - ref;
      if (ip >= ipLimit) break;
      ip++;
      if (d <= MAX_DISTANCE && s === u24(ref)) break;
    }
    if (ip >= ipLimit) break;
    ip--;
    if (ip > anchor) n += literalsLen(ip - anchor);
    // Bytes past the 3 hashed ones that also match, plus one (the mismatch is counted, as in
    // fastlz.c's flz_cmp); compared up to 4 bytes before the end.
    const p = ref + 3;
    const q = ip + 3;
    const end = len - 4 - q;
    let l = 0;
    while (l < end) {
      const same = ib[p + l] === ib[q + l];
      l++;
      if (!same) break;
    }
    n += matchLen(l);
    ip += l;
    ht[hash(u24(ip))] = ip;
    ip++;
    ht[hash(u24(ip))] = ip;
    ip++;
    anchor = ip;
  }
  return n + literalsLen(len - anchor);
}
