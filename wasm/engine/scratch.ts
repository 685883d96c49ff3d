/**
 * Scratch memory for temporaries: a stack in static memory. A function takes what it needs with
 * `salloc` and gives it back with `sfree(mark)` before returning; nothing here is reentrant
 * (WebAssembly calls from the host never overlap), so one stack serves every call.
 *
 * The deepest chain (final exponentiation → Fp12 multiplication → Fp6 → Fp2) and the largest
 * user (preparing a G2 point: two arrays of ATE_LINES Fp2 elements) stay well below the size.
 */

const STACK_SIZE: i32 = 256 << 10;
const STACK_BASE: usize = memory.data(STACK_SIZE, 16);
let sp: usize = STACK_BASE;

/** Reserves `n` bytes and returns their address. */
// @ts-ignore: decorator
@inline export function salloc(n: usize): usize {
  const p = sp;
  sp = p + n;
  return p;
}

/** The current top, to give back to `sfree`. */
// @ts-ignore: decorator
@inline export function smark(): usize {
  return sp;
}

/** Releases everything reserved since `mark` was taken. */
// @ts-ignore: decorator
@inline export function sfree(mark: usize): void {
  sp = mark;
}

/** Bytes currently reserved (tests check that every export gives all of it back). */
export function scratchUsed(): usize {
  return sp - STACK_BASE;
}
