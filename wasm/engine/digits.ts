/**
 * Scalar recoding for the curve code (curve.ts): signed digits of a scalar given as little-endian
 * u32 words, which Straus's interleaved multiplication walks.
 */
import { salloc, sfree, smark } from './scratch';

/**
 * Signed width-w NAF digits of the scalar (`nwords` u32 words at `k`), least significant first,
 * to `out` (i8). Returns the number of digits (0 for a zero scalar).
 */
export function wnafDigits(out: usize, k: usize, nwords: i32, w: i32): i32 {
  const mark = smark();
  const n = <usize>nwords + 1;
  const t = salloc(n << 2);
  memory.copy(t, k, <usize>nwords << 2);
  store<u32>(t + (<usize>nwords << 2), 0);
  const full: i32 = 1 << w;
  const halfw: i32 = full >> 1;
  let len = 0;
  for (;;) {
    let nonzero = false;
    for (let i: usize = 0; i < n; i++) if (load<u32>(t + (i << 2)) != 0) { nonzero = true; break; }
    if (!nonzero) break;
    let d: i32 = 0;
    const lo = load<u32>(t);
    if (lo & 1) {
      d = <i32>(lo & <u32>(full - 1));
      if (d >= halfw) d -= full;
      // t −= d: the low w bits become zero; a negative d adds |d| with a carry.
      if (d > 0) {
        store<u32>(t, lo - <u32>d);
      } else {
        let carry: u64 = <u64>(-d);
        for (let i: usize = 0; i < n && carry != 0; i++) {
          const s = <u64>load<u32>(t + (i << 2)) + carry;
          store<u32>(t + (i << 2), <u32>s);
          carry = s >> 32;
        }
      }
    }
    store<i8>(out + <usize>len, <i8>d);
    len++;
    // t >>= 1
    for (let i: usize = 0; i < n; i++) {
      const cur = load<u32>(t + (i << 2));
      const next = i + 1 < n ? load<u32>(t + ((i + 1) << 2)) : 0;
      store<u32>(t + (i << 2), (cur >>> 1) | (next << 31));
    }
  }
  sfree(mark);
  return len;
}
