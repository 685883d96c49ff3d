/**
 * A taint: which values of the landing block (./landing.ts) a word was computed from, and, while it
 * depends on one of them only, what it is over the landing range: its value at every landing point
 * (`points`: exact, any operation), or at the two ends of a bounded source while every operation
 * since was monotone and did not wrap (`ends`). A word whose value is the same over the whole range
 * is no taint at all: `apply` returns undefined for it. Pure.
 * @module
 */
import { type Domain, type Source, SOURCES } from './landing.ts';

export interface Taint {
  /** The sources, one bit each (SOURCES' order). */
  readonly src: number;
  readonly dom?: Domain;
  /** With `dom`: the value at each of its points (or ends). */
  readonly vals?: readonly bigint[];
}

export const bit = (s: Source): number => 1 << SOURCES.indexOf(s);

export function sourcesOf(src: number): Source[] {
  return SOURCES.filter((_, i) => (src & (1 << i)) !== 0);
}

/** A source's own taint: its values over `dom`, or none known. */
export function sourceTaint(source: Source, dom?: Domain): Taint {
  return dom !== undefined ? { src: bit(source), dom, vals: dom.values } : { src: bit(source) };
}

/** The taints of `ts` together, what each was kept of it lost. */
export function join(...ts: (Taint | undefined)[]): Taint | undefined {
  let src = 0;
  for (const t of ts) if (t !== undefined) src |= t.src;
  return src === 0 ? undefined : { src };
}

/** Whether the word is the same, as a condition, over the whole range: its truth at each point (or end) agrees. */
export function sameTruth(t: Taint): boolean {
  if (t.vals === undefined) return false;
  const first = t.vals[0] !== 0n;
  return t.vals.every((v) => (v !== 0n) === first);
}

const M = 1n << 256n;
const MASK = M - 1n;
const SIGN = 1n << 255n;
const signed = (x: bigint) => (x >= SIGN ? x - M : x);
const unsigned = (x: bigint) => ((x % M) + M) % M;

/** The stack's inputs (top first) and outputs of the pure opcodes `apply` evaluates. */
export const PURE_OPS: Readonly<Record<number, number>> = {
  0x01: 2, 0x02: 2, 0x03: 2, 0x04: 2, 0x05: 2, 0x06: 2, 0x07: 2, 0x08: 3, 0x09: 3, 0x0a: 2, 0x0b: 2,
  0x10: 2, 0x11: 2, 0x12: 2, 0x13: 2, 0x14: 2, 0x15: 1, 0x16: 2, 0x17: 2, 0x18: 2, 0x19: 1, 0x1a: 2, 0x1b: 2, 0x1c: 2, 0x1d: 2, 0x1e: 1,
};

function modExp(b: bigint, e: bigint): bigint {
  let r = 1n;
  b %= M;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % M;
    b = (b * b) % M;
    e >>= 1n;
  }
  return r;
}

/** An opcode of PURE_OPS on its inputs (top of the stack first), as the EVM computes it. */
export function evalOp(op: number, a: readonly bigint[]): bigint {
  const [x, y, z] = a as [bigint, bigint, bigint];
  switch (op) {
    case 0x01: return (x + y) & MASK;
    case 0x02: return (x * y) & MASK;
    case 0x03: return unsigned(x - y);
    case 0x04: return y === 0n ? 0n : x / y;
    case 0x05: {
      if (y === 0n) return 0n;
      const q = signed(x) / signed(y);
      return unsigned(q);
    }
    case 0x06: return y === 0n ? 0n : x % y;
    case 0x07: return y === 0n ? 0n : unsigned(signed(x) % signed(y));
    case 0x08: return z === 0n ? 0n : (x + y) % z;
    case 0x09: return z === 0n ? 0n : (x * y) % z;
    case 0x0a: return modExp(x, y);
    case 0x0b: {
      if (x >= 31n) return y;
      const bits = 8n * x + 7n;
      const v = y & ((1n << (bits + 1n)) - 1n);
      return (v >> bits) & 1n ? v | (MASK ^ ((1n << (bits + 1n)) - 1n)) : v;
    }
    case 0x10: return x < y ? 1n : 0n;
    case 0x11: return x > y ? 1n : 0n;
    case 0x12: return signed(x) < signed(y) ? 1n : 0n;
    case 0x13: return signed(x) > signed(y) ? 1n : 0n;
    case 0x14: return x === y ? 1n : 0n;
    case 0x15: return x === 0n ? 1n : 0n;
    case 0x16: return x & y;
    case 0x17: return x | y;
    case 0x18: return x ^ y;
    case 0x19: return MASK ^ x;
    case 0x1a: return x >= 32n ? 0n : (y >> (8n * (31n - x))) & 0xffn;
    case 0x1b: return x >= 256n ? 0n : (y << x) & MASK;
    case 0x1c: return x >= 256n ? 0n : y >> x;
    case 0x1d: return x >= 256n ? (y >= SIGN ? MASK : 0n) : unsigned(signed(y) >> x);
    case 0x1e: return x === 0n ? 256n : BigInt(256 - x.toString(2).length);
    default: throw new Error(`not a pure opcode: 0x${op.toString(16)}`);
  }
}

/**
 * The monotone opcodes with one input tainted and the others constant, and the raw (unwrapped)
 * result at a point: undefined where it is not monotone; `apply` keeps the ends only where both
 * wrap alike, so that they bound every value between.
 */
function monotoneRaw(op: number, a: readonly bigint[], tainted: number): bigint | undefined {
  const [x, y] = a as [bigint, bigint];
  switch (op) {
    case 0x01: return x + y;
    case 0x02: return x * y;
    case 0x03: return x - y;
    case 0x04: return tainted === 1 && y === 0n ? undefined : y === 0n ? 0n : x / y;
    case 0x10: case 0x11: case 0x14: case 0x15: return evalOp(op, a);
    case 0x12: case 0x13: return x >= SIGN || y >= SIGN ? undefined : evalOp(op, a);
    case 0x19: return MASK ^ x;
    case 0x1b: return tainted === 0 ? undefined : x >= 256n ? 0n : y << x;
    case 0x1c: return tainted === 0 ? undefined : evalOp(op, a);
    case 0x06: return tainted === 0 && x < y ? x : undefined; // x % c below c: x itself
    case 0x16: {
      const c = tainted === 0 ? y : x;
      const v = tainted === 0 ? x : y;
      return (c & (c + 1n)) === 0n && v <= c ? v : undefined; // a low mask over what it already holds
    }
    default: return undefined;
  }
}

/**
 * The taint of a pure opcode's output, given its inputs' values in this run and their taints.
 * Undefined when no input is tainted, or when the output is the same over the whole landing range.
 */
export function apply(op: number, a: readonly bigint[], ts: readonly (Taint | undefined)[]): Taint | undefined {
  let src = 0;
  let dom: Domain | undefined;
  let vals = true;
  let tainted = -1;
  let count = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t === undefined) continue;
    src |= t.src;
    count++;
    tainted = i;
    if (t.dom === undefined || (dom !== undefined && t.dom !== dom)) vals = false;
    dom ??= t.dom;
  }
  if (count === 0) return undefined;
  if (!vals || dom === undefined) return { src };
  if (dom.kind === 'points') {
    const out: bigint[] = new Array(dom.values.length);
    const args = a.slice();
    for (let j = 0; j < out.length; j++) {
      for (let i = 0; i < ts.length; i++) if (ts[i] !== undefined) args[i] = ts[i]!.vals![j]!;
      out[j] = evalOp(op, args);
    }
    return out.every((v) => v === out[0]) ? undefined : { src, dom, vals: out };
  }
  // Two ends: one tainted input through a monotone opcode, both ends wrapped alike (0 − basefee is
  // monotone over a range that excludes 0; a range that straddles the wrap is not).
  if (count !== 1) return { src };
  const ends: bigint[] = [];
  const wraps: bigint[] = [];
  const args = a.slice();
  for (const v of ts[tainted]!.vals!) {
    args[tainted] = v;
    const r = monotoneRaw(op, args, tainted);
    if (r === undefined) return { src };
    const k = r >= 0n ? r / M : -((-r + M - 1n) / M);
    wraps.push(k);
    ends.push(r - k * M);
  }
  if (wraps[0] !== wraps[1]) return { src };
  // EQ and ISZERO are monotone only where the constant lies outside the ends (or both ends are it).
  if (op === 0x14 || op === 0x15) {
    const [lo, hi] = ts[tainted]!.vals!;
    const c = op === 0x15 ? 0n : a[1 - tainted]!;
    const inside = (lo! <= c && c <= hi!) || (hi! <= c && c <= lo!);
    if (inside && !(lo === c && hi === c)) return { src };
    return undefined;
  }
  return ends[0] === ends[1] ? undefined : { src, dom, vals: ends };
}
