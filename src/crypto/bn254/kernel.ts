/**
 * The BN254 WebAssembly kernel (wasm/bn254.ts) behind src/crypto/bn254.ts: instantiation,
 * synchronous or not, memory layout, bigint ↔ word conversion, and the prepared-G2 cache.
 *
 * Memory from the module's heapBase() on belongs to this class:
 *   io       word buffers: canonical integers as 8 little-endian u32 words each
 *   slots    a few internal (Montgomery) elements and points
 *   tables   prepared G2 points (Miller-loop lines), an LRU cache keyed by coordinates, so a
 *            verification key's G2 points are validated and prepared once and then reused
 *   transient per-call arrays (MSM inputs and work area, pairs), grown on demand
 *
 * Most code wants src/crypto/bn254.ts; tests and benchmarks use this module directly.
 * @module
 */
import { EmbeddedModule, runOnSlots } from '../wasm/embedded.ts';
import { LruMap, g2Key } from './cache.ts';
import { BN254_WASM_BASE64 } from '../wasm/bn254.generated.ts';
import {
  type Bn254Backend,
  type Fp12,
  type G1Point,
  type G2Point,
  fp12FromArray,
  fp12ToArray,
  isG1Zero,
  isG2Zero,
  notInSubgroup,
  notOnCurve,
} from './types.ts';

type Ptr = number;

/** Exports of wasm/bn254.ts. Every argument is a byte address unless named otherwise. */
export interface Bn254Exports {
  readonly memory: WebAssembly.Memory;
  heapBase(): Ptr;
  scratchUsed(): number;
  fromWords(o: Ptr, w: Ptr, count: number): number;
  toWords(w: Ptr, a: Ptr, count: number): void;
  fpAdd(o: Ptr, a: Ptr, b: Ptr): void;
  fpSub(o: Ptr, a: Ptr, b: Ptr): void;
  fpMul(o: Ptr, a: Ptr, b: Ptr): void;
  fpSqr(o: Ptr, a: Ptr): void;
  fpNeg(o: Ptr, a: Ptr): void;
  fpInv(o: Ptr, a: Ptr): void;
  fpHalf(o: Ptr, a: Ptr): void;
  fp2Mul(o: Ptr, a: Ptr, b: Ptr): void;
  fp2Sqr(o: Ptr, a: Ptr): void;
  fp2Inv(o: Ptr, a: Ptr): void;
  fp2MulByXi(o: Ptr, a: Ptr): void;
  fp6Mul(o: Ptr, a: Ptr, b: Ptr): void;
  fp6Sqr(o: Ptr, a: Ptr): void;
  fp6Inv(o: Ptr, a: Ptr): void;
  fp6Frobenius(o: Ptr, a: Ptr, k: number): void;
  fp12Mul(o: Ptr, a: Ptr, b: Ptr): void;
  fp12Sqr(o: Ptr, a: Ptr): void;
  fp12Inv(o: Ptr, a: Ptr): void;
  fp12Conj(o: Ptr, a: Ptr): void;
  fp12Frobenius(o: Ptr, a: Ptr, k: number): void;
  fp12CyclotomicSqr(o: Ptr, a: Ptr): void;
  fp12MulByLine(o: Ptr, f: Ptr, l3: Ptr, l4: Ptr): void;
  fp12IsOne(a: Ptr): number;
  finalExp(o: Ptr, f: Ptr): void;
  g1FromAffine(o: Ptr, a: Ptr): void;
  g1ToAffine(o: Ptr, p: Ptr): void;
  g1IsOnCurve(a: Ptr): number;
  g1Add(o: Ptr, p: Ptr, q: Ptr): void;
  g1AddAffine(o: Ptr, p: Ptr, a: Ptr): void;
  g1Double(o: Ptr, p: Ptr): void;
  g1Neg(o: Ptr, p: Ptr): void;
  g1Eq(p: Ptr, q: Ptr): number;
  g1Mul(o: Ptr, p: Ptr, k: Ptr): void;
  g1Msm(o: Ptr, pts: Ptr, ks: Ptr, n: number, work: Ptr): void;
  g1MsmWorkSize(n: number): number;
  g2FromAffine(o: Ptr, a: Ptr): void;
  g2ToAffine(o: Ptr, p: Ptr): void;
  g2IsOnCurve(a: Ptr): number;
  g2Add(o: Ptr, p: Ptr, q: Ptr): void;
  g2AddAffine(o: Ptr, p: Ptr, a: Ptr): void;
  g2Double(o: Ptr, p: Ptr): void;
  g2Neg(o: Ptr, p: Ptr): void;
  g2Eq(p: Ptr, q: Ptr): number;
  g2Mul(o: Ptr, p: Ptr, k: Ptr): void;
  g2Msm(o: Ptr, pts: Ptr, ks: Ptr, n: number, work: Ptr): void;
  g2MsmWorkSize(n: number): number;
  g2InSubgroup(a: Ptr): number;
  g2HasOrderR(a: Ptr): number;
  tableSize(): number;
  g2Prepare(table: Ptr, a: Ptr): number;
  millerLoop(f: Ptr, ps: Ptr, tables: Ptr, n: number): void;
  pairingCheck(ps: Ptr, tables: Ptr, n: number, extra: Ptr): number;
}

/** Byte sizes of the kernel's layouts. */
export const SIZES = { words: 32, fp: 36, fp2: 72, fp6: 216, fp12: 432, g1: 72, g1j: 108, g2: 144, g2j: 216 } as const;

export interface Bn254KernelOptions {
  /** Prepared G2 points kept (LRU), about 12.4 KiB each. Default 32. */
  g2Cache?: number;
}

const PAGE = 65536;
const IO_BYTES = 4096;
const SLOT = 512;
const SLOTS = 8;

export class Bn254Kernel implements Bn254Backend {
  readonly name = 'wasm' as const;
  /** The raw exports, for tests and benchmarks. */
  readonly exports: Bn254Exports;
  /** Bytes of one prepared G2 point. */
  readonly tableBytes: number;
  private readonly memory: WebAssembly.Memory;
  private u64: BigUint64Array;
  /** Word buffer (canonical integers). */
  private readonly io: Ptr;
  /** Internal element/point slots, SLOT bytes apart. */
  private readonly slots: Ptr;
  private readonly tables: Ptr;
  private readonly transient: Ptr;
  /** Prepared G2 tables by coordinate key; Map order is least recently used first. */
  private readonly cache = new Map<string, Ptr>();
  /** G2 points that recently passed the subgroup check. */
  private readonly checked = new LruMap<true>(64);
  private readonly freeTables: Ptr[] = [];

  constructor(instance: WebAssembly.Instance, opts: Bn254KernelOptions = {}) {
    const e = instance.exports as unknown as Bn254Exports;
    this.exports = e;
    this.memory = e.memory;
    this.tableBytes = e.tableSize();
    const base = e.heapBase();
    this.io = base;
    this.slots = base + IO_BYTES;
    this.tables = this.slots + SLOT * SLOTS;
    const capacity = opts.g2Cache ?? 32;
    for (let i = capacity - 1; i >= 0; i--) this.freeTables.push(this.tables + i * this.tableBytes);
    this.transient = this.tables + capacity * this.tableBytes;
    this.u64 = new BigUint64Array(this.memory.buffer);
    this.ensure(this.transient + 65536);
  }

  /** Grows memory so that [0, end) is addressable; refreshes the views. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE));
      this.u64 = new BigUint64Array(this.memory.buffer);
    }
  }

  /** Address of internal slot i (0..7, 512 bytes each). Slot 7 is used by the point readers. */
  slot(i: number): Ptr {
    return this.slots + i * SLOT;
  }

  // -------------------------------------------------------------------------------------------
  // Conversions

  /** Writes values as consecutive 32-byte words at `at` (8-aligned). */
  private putWords(at: Ptr, values: readonly bigint[]): void {
    const u = this.u64;
    let i = at >>> 3;
    for (const x of values) {
      // BigUint64Array stores each value modulo 2^64.
      u[i] = x;
      u[i + 1] = x >> 64n;
      u[i + 2] = x >> 128n;
      u[i + 3] = x >> 192n;
      i += 4;
    }
  }

  private getWords(at: Ptr, count: number): bigint[] {
    const u = this.u64;
    const out: bigint[] = [];
    for (let k = 0, i = at >>> 3; k < count; k++, i += 4) {
      out.push(u[i]! | (u[i + 1]! << 64n) | (u[i + 2]! << 128n) | (u[i + 3]! << 192n));
    }
    return out;
  }

  /** Loads canonical integers into internal form at `dst`; RangeError if any is not below p. */
  load(dst: Ptr, values: readonly bigint[]): void {
    this.putWords(this.io, values);
    if (!this.exports.fromWords(dst, this.io, values.length)) throw new RangeError('BN254 kernel: field element not below p');
  }

  /** Reads `count` internal elements at `src` as canonical integers. */
  read(src: Ptr, count: number): bigint[] {
    this.exports.toWords(this.io, src, count);
    return this.getWords(this.io, count);
  }

  /** For tests: {@link runOnSlots}. */
  run(fn: keyof Bn254Exports, outCount: number, inputs: readonly (readonly bigint[])[], extra: readonly number[] = [], alias = false): bigint[] {
    return runOnSlots(this, fn, outCount, inputs, extra, alias);
  }

  // -------------------------------------------------------------------------------------------
  // Points

  private loadG1(dst: Ptr, p: G1Point, title: string): void {
    this.load(dst, [p.x, p.y]);
    if (!this.exports.g1IsOnCurve(dst)) throw notOnCurve(title, 'G1');
  }

  private loadG2(dst: Ptr, q: G2Point, title: string): void {
    this.load(dst, [q.x.c0, q.x.c1, q.y.c0, q.y.c1]);
    if (!this.exports.g2IsOnCurve(dst)) throw notOnCurve(title, 'G2');
  }

  /** Jacobian G1 at `jac` to an affine point. */
  readG1(jac: Ptr): G1Point {
    const aff = this.slot(7);
    this.exports.g1ToAffine(aff, jac);
    const [x, y] = this.read(aff, 2) as [bigint, bigint];
    return { x, y };
  }

  readG2(jac: Ptr): G2Point {
    const aff = this.slot(7);
    this.exports.g2ToAffine(aff, jac);
    const [a, b, c, d] = this.read(aff, 4) as [bigint, bigint, bigint, bigint];
    return { x: { c0: a, c1: b }, y: { c0: c, c1: d } };
  }

  private putScalar(at: Ptr, k: bigint): void {
    const u = this.u64;
    const i = at >>> 3;
    u[i] = k;
    u[i + 1] = k >> 64n;
    u[i + 2] = k >> 128n;
    u[i + 3] = k >> 192n;
  }

  g1IsOnCurve(p: G1Point): boolean {
    const a = this.slot(1);
    this.load(a, [p.x, p.y]);
    return this.exports.g1IsOnCurve(a) === 1;
  }

  g1Add(a: G1Point, b: G1Point): G1Point {
    const e = this.exports;
    const [pa, pb, ja, jb] = [this.slot(1), this.slot(2), this.slot(3), this.slot(4)];
    this.loadG1(pa, a, 'a');
    this.loadG1(pb, b, 'b');
    e.g1FromAffine(ja, pa);
    e.g1FromAffine(jb, pb);
    e.g1Add(ja, ja, jb);
    return this.readG1(ja);
  }

  g1Double(a: G1Point): G1Point {
    const e = this.exports;
    const [pa, ja] = [this.slot(1), this.slot(3)];
    this.loadG1(pa, a, 'a');
    e.g1FromAffine(ja, pa);
    e.g1Double(ja, ja);
    return this.readG1(ja);
  }

  g1Mul(p: G1Point, k: bigint): G1Point {
    const e = this.exports;
    const [pa, ks, ja] = [this.slot(1), this.slot(2), this.slot(3)];
    this.loadG1(pa, p, 'p');
    this.putScalar(ks, k);
    e.g1FromAffine(ja, pa);
    e.g1Mul(ja, ja, ks);
    return this.readG1(ja);
  }

  g1Msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
    const e = this.exports;
    const n = points.length;
    const out = this.slot(3);
    if (n === 0) {
      e.g1FromAffine(out, this.zeroAffine());
      return this.readG1(out);
    }
    const words = this.transient;
    const pts = words + n * 64;
    const ks = pts + n * SIZES.g1;
    const work = ks + n * 32;
    this.ensure(work + e.g1MsmWorkSize(n));
    const coords: bigint[] = [];
    for (const p of points) coords.push(p.x, p.y);
    this.putWords(words, coords);
    if (!e.fromWords(pts, words, 2 * n)) throw new RangeError('BN254 kernel: field element not below p');
    for (let i = 0; i < n; i++) {
      if (!e.g1IsOnCurve(pts + i * SIZES.g1)) throw notOnCurve(`points[${i}]`, 'G1');
    }
    for (let i = 0; i < n; i++) this.putScalar(ks + i * 32, scalars[i]!);
    e.g1Msm(out, pts, ks, n, work);
    return this.readG1(out);
  }

  /** An all-zero affine slot (the encoding of infinity). */
  private zeroAffine(): Ptr {
    const z = this.slot(6);
    this.load(z, [0n, 0n, 0n, 0n]);
    return z;
  }

  g2IsOnCurve(q: G2Point): boolean {
    const a = this.slot(1);
    this.load(a, [q.x.c0, q.x.c1, q.y.c0, q.y.c1]);
    return this.exports.g2IsOnCurve(a) === 1;
  }

  g2IsInSubgroup(q: G2Point): boolean {
    const key = g2Key(q);
    if (this.checked.get(key) || this.cache.has(key)) return true;
    const a = this.slot(1);
    this.loadG2(a, q, 'q');
    const ok = this.exports.g2InSubgroup(a) === 1;
    if (ok) this.checked.set(key, true);
    return ok;
  }

  g2Add(a: G2Point, b: G2Point): G2Point {
    const e = this.exports;
    const [pa, pb, ja, jb] = [this.slot(1), this.slot(2), this.slot(3), this.slot(4)];
    this.loadG2(pa, a, 'a');
    this.loadG2(pb, b, 'b');
    e.g2FromAffine(ja, pa);
    e.g2FromAffine(jb, pb);
    e.g2Add(ja, ja, jb);
    return this.readG2(ja);
  }

  g2Double(a: G2Point): G2Point {
    const e = this.exports;
    const [pa, ja] = [this.slot(1), this.slot(3)];
    this.loadG2(pa, a, 'a');
    e.g2FromAffine(ja, pa);
    e.g2Double(ja, ja);
    return this.readG2(ja);
  }

  g2Mul(p: G2Point, k: bigint): G2Point {
    const e = this.exports;
    const [pa, ks, ja] = [this.slot(1), this.slot(2), this.slot(3)];
    this.loadG2(pa, p, 'p');
    this.putScalar(ks, k);
    e.g2FromAffine(ja, pa);
    e.g2Mul(ja, ja, ks);
    return this.readG2(ja);
  }

  // -------------------------------------------------------------------------------------------
  // Pairings

  /** Prepared G2 points currently cached. */
  get preparedCount(): number {
    return this.cache.size;
  }

  /**
   * The table for Q: from the cache, or validated (curve, subgroup), prepared and cached. Tables
   * in `inUse` are not evicted; when every slot is in use, a transient table at `spill` is used.
   */
  private tableFor(q: G2Point, title: string, inUse: Set<Ptr>, spill: () => Ptr): Ptr {
    const key = g2Key(q);
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      inUse.add(hit);
      return hit;
    }
    const e = this.exports;
    const a = this.slot(5);
    this.loadG2(a, q, title);
    if (!this.checked.get(key) && !e.g2InSubgroup(a)) throw notInSubgroup(title);
    let table = this.freeTables.pop();
    if (table === undefined) {
      for (const [k, t] of this.cache) {
        if (inUse.has(t)) continue;
        this.cache.delete(k);
        table = t;
        break;
      }
    }
    const cached = table !== undefined;
    table ??= spill();
    if (!e.g2Prepare(table, a)) {
      // Unreachable for subgroup points; keep the slot usable anyway.
      if (cached) this.freeTables.push(table);
      throw notInSubgroup(title);
    }
    if (cached) this.cache.set(key, table);
    inUse.add(table);
    return table;
  }

  /** Loads the pairs that are not at infinity; returns their count and array addresses. */
  private loadPairs(pairs: readonly (readonly [G1Point, G2Point])[]): { n: number; ps: Ptr; tabs: Ptr } {
    const live = pairs.map((pair, i) => [pair, i] as const).filter(([[p, q]]) => !isG1Zero(p) && !isG2Zero(q));
    const n = live.length;
    const ps = this.transient;
    const tabs = ps + n * SIZES.g1;
    let spillAt = (tabs + n * 4 + 63) & ~63;
    this.ensure(spillAt);
    const inUse = new Set<Ptr>();
    const spill = (): Ptr => {
      const t = spillAt;
      spillAt += this.tableBytes;
      this.ensure(spillAt);
      return t;
    };
    // Validate every G1 point first: they are cheap, and a bad one should not cost a G2 preparation.
    live.forEach(([[p], i], k) => this.loadG1(ps + k * SIZES.g1, p, `pairs[${i}][0]`));
    const tables: Ptr[] = live.map(([[, q], i]) => this.tableFor(q, `pairs[${i}][1]`, inUse, spill));
    const u32 = new Uint32Array(this.memory.buffer, tabs, n);
    u32.set(tables);
    return { n, ps, tabs };
  }

  millerLoop(pairs: readonly (readonly [G1Point, G2Point])[]): Fp12 {
    const f = this.slot(0);
    const { n, ps, tabs } = this.loadPairs(pairs);
    this.exports.millerLoop(f, ps, tabs, n);
    return fp12FromArray(this.read(f, 12));
  }

  finalExponentiate(f: Fp12): Fp12 {
    const a = this.slot(1);
    this.load(a, fp12ToArray(f));
    this.exports.finalExp(a, a);
    return fp12FromArray(this.read(a, 12));
  }

  pairingCheck(pairs: readonly (readonly [G1Point, G2Point])[], extra?: Fp12): boolean {
    let x = 0;
    if (extra) {
      x = this.slot(1);
      this.load(x, fp12ToArray(extra));
    }
    const { n, ps, tabs } = this.loadPairs(pairs);
    return this.exports.pairingCheck(ps, tabs, n, x) === 1;
  }
}

const bn254Wasm = /* @__PURE__ */ new EmbeddedModule(BN254_WASM_BASE64);

/**
 * Compiles (once) and instantiates synchronously. Throws where synchronous compilation is refused
 * (a page's main thread, for modules over 4 KB) or WebAssembly is unavailable or forbidden.
 */
export function instantiateBn254Sync(opts?: Bn254KernelOptions): Bn254Kernel {
  return new Bn254Kernel(bn254Wasm.instantiateSync(), opts);
}

/** Compiles (once) and instantiates without blocking; works on page main threads. */
export async function instantiateBn254(opts?: Bn254KernelOptions): Promise<Bn254Kernel> {
  return new Bn254Kernel(await bn254Wasm.instantiate(), opts);
}
