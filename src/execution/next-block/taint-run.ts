/**
 * A followed run's shadow state (./taint.ts wraps the interpreter and writes here): what the
 * landing block's values reached in storage, transient storage and ether moved, journaled so that
 * a reverted call takes its writes back; the branches they decided; and the byte-wise taints of
 * memory, call data and return data. Pure.
 * @module
 */
import type { Domain, Landing } from './landing.ts';
import { join, type Taint } from './taint-values.ts';

/** A branch the block decides by a value not known at every landing point: where it is, which way this run went. */
export interface Branch {
  /** The code's address (0x-hex, lower case) and the JUMPI's offset in it. */
  code: string;
  pc: number;
  taken: boolean;
  sources: number;
  /** The landing points the run followed when it got there: a run taking the other side follows those. */
  pin: readonly number[];
}

/**
 * A branch decided by values known at every landing point (the number, the time, the slot, a known
 * block hash) that goes one way at some of the points this run follows and the other way at the
 * rest: the run goes on with the first point's side, and `points` (indices into the landing range)
 * are another run's, which takes the flips made before it (`ordinal` of them) and follows those points.
 */
export interface Split {
  code: string;
  pc: number;
  /** How many branches (./Branch) ran before it: the flips a run of `points` repeats. */
  ordinal: number;
  /** The side the run that split took (its first point's); `points` take the other. */
  taken: boolean;
  sources: number;
  dom: Domain;
  points: readonly number[];
}

/** Ether a tainted amount moved into or out of an account: by how much more (or less) at each point of `dom`, or not known. */
export type EtherTaint = { src: number; dom?: Domain; deltas?: bigint[] };

/** What one run (a batch and its reads) learned. */
export interface TaintReport {
  /** Every source that ran (bits: ./taint-values.ts). */
  read: number;
  /** The branches the block decides by values not known at every point, in the order they ran (their ordinals are what `flip` names). */
  branches: Branch[];
  /** Where the landing points this run followed parted. */
  splits: Split[];
  /** The landing points whose run this is, at its end: where the values known at every point took it. */
  pin: readonly number[];
  /** More branches ran than are kept. */
  moreBranches: boolean;
  /** What the block decides that cannot be followed, in words. */
  unbounded: string[];
  /** Ether moved by a tainted amount, by lower-case address. */
  ether: Map<string, EtherTaint>;
}

/** A run's shadow state. */
export class TaintRun {
  live = false;
  read = 0;
  readonly branches: Branch[] = [];
  readonly splits: Split[] = [];
  moreBranches = false;
  /** The landing points this run follows (all of them unless told): a branch they disagree on splits them. */
  pin: readonly number[];
  ordinal = 0;
  readonly unbounded: string[] = [];
  readonly storage = new Map<string, Map<bigint, Taint>>();
  readonly transient = new Map<string, Map<bigint, Taint>>();
  /** A write at a slot the block chose: every read of that account's storage carries it. */
  readonly wild = new Map<string, Taint>();
  readonly ether = new Map<string, EtherTaint>();
  private journal: (() => void)[] = [];
  /** The call data of the frame about to start (set by a call opcode, taken by the frame's first wrapped opcode). */
  pending: Bytes | undefined | typeof TAKEN = TAKEN;
  /** What the last frame to end returned. */
  lastReturn: Bytes | undefined;

  /** GASPRICE over the base fee, for the transaction running: undefined when its price does not follow the base fee. */
  gasPrice: ((baseFee: bigint) => bigint) | undefined;

  constructor(
    readonly landing: Landing,
    /** The ordinals of the branches to take the other way. */
    readonly flip: ReadonlySet<number> = new Set(),
    /** The landing points it follows at the start (sorted; default all). */
    readonly start: readonly number[] = Array.from({ length: landing.points }, (_, j) => j),
  ) {
    this.pin = start;
  }

  /**
   * The side of a branch whose condition `c` is known at every landing point: the side of the
   * first point this run follows; the points that go the other way are split off for another run.
   */
  follow(c: Taint & { dom: Domain; vals: readonly bigint[] }, code: string, pc: number): boolean {
    const go = c.vals[this.pin[0]!]! !== 0n;
    const other = this.pin.filter((j) => (c.vals[j]! !== 0n) !== go);
    if (other.length === 0) return go;
    if (this.splits.length < MAX_BRANCHES) this.splits.push({ code, pc, ordinal: this.ordinal, taken: go, sources: c.src, dom: c.dom, points: other });
    else this.moreBranches = true;
    this.pin = this.pin.filter((j) => (c.vals[j]! !== 0n) === go);
    return go;
  }

  mark(): number {
    return this.journal.length;
  }

  rollback(to: number): void {
    while (this.journal.length > to) this.journal.pop()!();
  }

  setSlot(maps: Map<string, Map<bigint, Taint>>, address: string, key: bigint, t: Taint | undefined): void {
    let m = maps.get(address);
    if (m === undefined) {
      if (t === undefined) return;
      maps.set(address, (m = new Map()));
    }
    const prev = m.get(key);
    if (prev === t) return;
    const slots = m;
    this.journal.push(() => (prev === undefined ? slots.delete(key) : slots.set(key, prev)));
    if (t === undefined) m.delete(key);
    else m.set(key, t);
  }

  setWild(address: string, t: Taint): void {
    const prev = this.wild.get(address);
    this.journal.push(() => (prev === undefined ? this.wild.delete(address) : this.wild.set(address, prev)));
    this.wild.set(address, join(prev, t)!);
  }

  /** Ether moved from `from` to `to` by `value`, tainted `t`. */
  moveEther(from: string, to: string, value: bigint, t: Taint): void {
    const delta = (sign: bigint): EtherTaint =>
      t.dom !== undefined && t.vals !== undefined ? { src: t.src, dom: t.dom, deltas: t.vals.map((v) => sign * (v - value)) } : { src: t.src };
    this.addEther(to, delta(1n));
    this.addEther(from, delta(-1n));
  }

  addEther(address: string, d: EtherTaint): void {
    const prev = this.ether.get(address);
    this.journal.push(() => (prev === undefined ? this.ether.delete(address) : this.ether.set(address, prev)));
    if (prev === undefined) return void this.ether.set(address, d);
    const same = prev.dom !== undefined && prev.dom === d.dom && prev.deltas !== undefined && d.deltas !== undefined;
    this.ether.set(address, same ? { src: prev.src | d.src, dom: d.dom!, deltas: prev.deltas!.map((x, i) => x + d.deltas![i]!) } : { src: prev.src | d.src });
  }

  /** A new transaction of the batch: its transient storage starts empty. */
  beginTransaction(): number {
    this.transient.clear();
    this.pending = TAKEN;
    this.lastReturn = undefined;
    return this.mark();
  }

  report(): TaintReport {
    return { read: this.read, branches: this.branches, splits: this.splits, pin: this.pin, moreBranches: this.moreBranches, unbounded: [...new Set(this.unbounded)], ether: this.ether };
  }
}

/** At most this many branches are kept (and so can be explored). */
export const MAX_BRANCHES = 64;

/** `pending` once the frame it was for has taken it. */
export const TAKEN = Symbol('taken');

/** Bytes' taints: per byte its word's taint and the byte's index in that word. */
export interface Bytes {
  t: (Taint | undefined)[];
  o: number[];
}

/** The 32-byte word at `offset` of memory as it stands. */
export function wordAt(mem: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(mem[offset + i] ?? 0);
  return v;
}

/** The taint of `n` bytes at `off`: the word's own when they are exactly one tainted word, else all of theirs joined. */
export function wordOf(b: Bytes | undefined, off: number, n: number): Taint | undefined {
  if (b === undefined) return undefined;
  const first = b.t[off];
  let exact = first !== undefined && n === 32;
  let any = false;
  for (let i = 0; i < n; i++) {
    const t = b.t[off + i];
    if (t !== undefined) any = true;
    if (t !== first || b.o[off + i] !== i) exact = false;
  }
  if (!any) return undefined;
  return exact ? first : union(b, off, n);
}

export function union(b: Bytes | undefined, off: number, n: number): Taint | undefined {
  if (b === undefined) return undefined;
  let src = 0;
  const end = Math.min(off + n, b.t.length);
  for (let i = off; i < end; i++) src |= b.t[i]?.src ?? 0;
  return src === 0 ? undefined : { src };
}

export function slice(b: Bytes | undefined, off: number, n: number): Bytes | undefined {
  if (b === undefined || union(b, off, n) === undefined) return undefined;
  return { t: b.t.slice(off, off + n), o: b.o.slice(off, off + n) };
}

export function filled(t: Taint, n: number): Bytes {
  const only: Taint = { src: t.src };
  return { t: new Array<Taint>(n).fill(only), o: new Array<number>(n).fill(0) };
}

export function clear(b: Bytes | undefined, off: number, n: number): void {
  if (b === undefined) return;
  const end = Math.min(off + n, b.t.length);
  for (let i = off; i < end; i++) b.t[i] = undefined;
}

/** Writes `bytes`' taints (none: clean) into `f`'s memory at `off`. */
export function write(f: { mem: Bytes | undefined }, off: number, n: number, bytes: Bytes | undefined): void {
  if (bytes === undefined) return clear(f.mem, off, n);
  f.mem ??= { t: [], o: [] };
  for (let i = 0; i < n; i++) {
    f.mem.t[off + i] = bytes.t[i];
    f.mem.o[off + i] = bytes.o[i] ?? 0;
  }
}
