/**
 * KZG on Vigil's BLS12-381 WebAssembly kernel (wasm/bls12381.ts, its KZG part in
 * wasm/bls12381/kzg.ts): the {@link KzgBackend} the spec functions (./eip4844.ts, ./eip7594.ts)
 * run on by default.
 *
 * Its own instance of the BLS12-381 module (compiled once, shared with src/crypto/bls), so its
 * memory layout is its own and BLS verification's is untouched. From the module's heapBase():
 *   domain  the 8192 powers of ω and 1/2^k for k ≤ 13 (computed at instantiation, not shipped)
 *   arena   each operation's inputs, outputs and work areas, laid out afresh per call
 *
 * Representations: a vector (`V`) is a Uint32Array of 9 Montgomery limbs per element (the
 * kernel's layout, so crossing is one copy each way); G1 and G2 points are the kernel's affine
 * layout as bytes (112 and 224, all zero at infinity), as in src/crypto/bls/kernel.ts.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { LazyKernel, WASM_KERNELS } from '../backend.ts';
import type { Decoded } from '../bls/backend.ts';
import { DECODE_ERRORS, bls12381Instance, bls12381InstanceSync } from '../bls/kernel.ts';
import { BLS_MODULUS, type KzgBackend } from './backend.ts';
import { g1FftTwiddles, putSplit } from './wasm-glv.ts';

type Ptr = number;

/** The exports of wasm/bls12381.ts this backend uses. Every argument is a byte address unless named otherwise. */
interface KzgExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): Ptr;
  scratchUsed(): number;
  frDomainBytes(): number;
  frDomainInit(table: Ptr): void;
  frFromBytes(o: Ptr, b: Ptr, n: number): number;
  frToBytes(b: Ptr, a: Ptr, n: number): void;
  frFromWordsN(o: Ptr, w: Ptr, n: number): number;
  frToWordsN(w: Ptr, a: Ptr, n: number): void;
  frMul(o: Ptr, a: Ptr, b: Ptr): void;
  frMulVec(o: Ptr, a: Ptr, b: Ptr, n: number): void;
  frScalePowers(a: Ptr, n: number, s: Ptr): void;
  frAxpy(acc: Ptr, v: Ptr, n: number, x: Ptr): void;
  frInverseVec(o: Ptr, a: Ptr, n: number): number;
  frBitReverse(a: Ptr, n: number): void;
  frFft(a: Ptr, n: number, inverse: number): void;
  frEvaluateBrp(o: Ptr, v: Ptr, n: number, z: Ptr): void;
  g1Fft(o: Ptr, pts: Ptr, n: number, inverse: number, work: Ptr, tw: Ptr): void;
  g1FftWorkSize(n: number): number;
  g1Msm(o: Ptr, pts: Ptr, ks: Ptr, n: number, work: Ptr): void;
  g1MsmWorkSize(n: number): number;
  g1MsmGlv(o: Ptr, pts: Ptr, ks: Ptr, n: number, work: Ptr): void;
  g1MsmGlvWorkSize(n: number): number;
  g1NegAffine(o: Ptr, a: Ptr): void;
  g1Combine(o: Ptr, pts: Ptr, nAdd: number, nSub: number): void;
  g1Generator(o: Ptr): void;
  g2Generator(o: Ptr): void;
  g1Decompress(o: Ptr, b: Ptr): number;
  g1Compress(b: Ptr, a: Ptr): void;
  g1InSubgroup(a: Ptr): number;
  g2Decompress(o: Ptr, b: Ptr): number;
  g2InSubgroup(a: Ptr): number;
  tableSize(): number;
  g2Prepare(table: Ptr, a: Ptr): number;
  pairingCheck(ps: Ptr, tables: Ptr, n: number): number;
  fpMul(o: Ptr, a: Ptr, b: Ptr): void;
  fp2Mul(o: Ptr, a: Ptr, b: Ptr): void;
  fp12Mul(o: Ptr, a: Ptr, b: Ptr): void;
}

/** Words (u32) per element, bytes per element, per G1 / G2 affine point. */
const LIMBS = 9;
const FR = 36;
const G1 = 112;
const G2 = 224;
const PAGE = 65536;
/** The largest FFT the kernel's table serves (2^13), and the largest G1 FFT the interface allows. */
const MAX_FFT = 8192;
const MAX_G1_FFT = 256;
/** Where the GLV Pippenger overtakes Straus (measured: equal at 16 points, 10% ahead at 24, 36% at 128). */
const GLV_FROM = 24;
/** Prepared G2 points kept (KZG pairs with two fixed ones, [1]₂ and [τ]₂). */
const PREPARED_KEPT = 8;


const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;
const isZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);

export class WasmKzgBackend implements KzgBackend<Uint32Array, Uint8Array, Uint8Array> {
  readonly name = 'wasm';
  private readonly e: KzgExports;
  private readonly memory: WebAssembly.Memory;
  private bytes: Uint8Array;
  private u32: Uint32Array;
  private readonly arena: Ptr;
  /** Next free byte of the arena in the current operation. */
  private top: Ptr;
  /**
   * MSMs of this many points and more run on the kernel's batch-affine GLV Pippenger
   * (wasm/bls12381/msm.ts), fewer on the engine's Straus; tests and benchmarks may move it.
   */
  glvFrom = GLV_FROM;
  /** g1Fft's twiddles by size. */
  private readonly twiddles = new Map<number, Uint32Array>();
  /** Miller-loop lines of recently paired G2 points, by the point's bytes. */
  private readonly prepared = new Map<string, Uint8Array>();

  constructor(instance: WebAssembly.Instance) {
    const e = instance.exports as unknown as KzgExports;
    this.e = e;
    this.memory = e.memory;
    this.bytes = new Uint8Array(this.memory.buffer);
    this.u32 = new Uint32Array(this.memory.buffer);
    const domain = e.heapBase();
    this.arena = domain + e.frDomainBytes();
    this.top = this.arena;
    this.ensure(this.arena + 4 * PAGE);
    e.frDomainInit(domain);
  }

  /** Bytes left on the kernel's scratch stack: 0 between calls (tests check it). */
  scratchUsed(): number {
    return this.e.scratchUsed();
  }

  // -------------------------------------------------------------------------------------------
  // Memory

  /** Grows memory so that [0, end) is addressable; refreshes the views. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE));
      this.bytes = new Uint8Array(this.memory.buffer);
      this.u32 = new Uint32Array(this.memory.buffer);
    }
  }

  /** Starts an operation's layout at the arena's beginning. */
  private begin(): void {
    this.top = this.arena;
  }

  /** Reserves `size` bytes (8-aligned) of the arena for this operation. */
  private take(size: number): Ptr {
    const at = this.top;
    this.top = at + ((size + 7) & ~7);
    this.ensure(this.top);
    return at;
  }

  private putVector(v: Uint32Array): Ptr {
    const at = this.take(v.length * 4);
    this.u32.set(v, at >>> 2);
    return at;
  }

  private readVector(at: Ptr, n: number): Uint32Array {
    return this.u32.slice(at >>> 2, (at >>> 2) + n * LIMBS);
  }

  private putBytes(data: Uint8Array): Ptr {
    const at = this.take(data.length);
    this.bytes.set(data, at);
    return at;
  }

  /** Writes canonical integers as 8 little-endian u32 words each; RangeError unless each is in [0, r). */
  private putWords(values: readonly bigint[]): Ptr {
    const at = this.take(values.length * 32);
    const u = this.u32;
    let i = at >>> 2;
    for (let x of values) {
      if (x < 0n || x >= BLS_MODULUS) throw new RangeError(`KZG kernel: scalar ${x} is not in [0, BLS_MODULUS)`);
      // Two 128-bit halves keep the bigint work short.
      let lo = x & 0xffffffffffffffffffffffffffffffffn;
      let hi = x >> 128n;
      for (let k = 0; k < 4; k++, lo >>= 32n) u[i++] = Number(lo & 0xffffffffn);
      for (let k = 0; k < 4; k++, hi >>= 32n) u[i++] = Number(hi & 0xffffffffn);
    }
    return at;
  }

  /** One canonical scalar as an element in the arena. */
  private putScalar(x: bigint): Ptr {
    const w = this.putWords([x]);
    const at = this.take(FR);
    this.e.frFromWordsN(at, w, 1);
    return at;
  }

  private readBigints(words: Ptr, n: number): bigint[] {
    const u = this.u32;
    const out: bigint[] = [];
    for (let k = 0, i = words >>> 2; k < n; k++, i += 8) {
      const lo = (BigInt(u[i + 3]!) << 96n) | (BigInt(u[i + 2]!) << 64n) | (BigInt(u[i + 1]!) << 32n) | BigInt(u[i]!);
      const hi = (BigInt(u[i + 7]!) << 96n) | (BigInt(u[i + 6]!) << 64n) | (BigInt(u[i + 5]!) << 32n) | BigInt(u[i + 4]!);
      out.push((hi << 128n) | lo);
    }
    return out;
  }

  private putPoints(points: readonly Uint8Array[], size: number): Ptr {
    const at = this.take(points.length * size);
    const b = this.bytes;
    for (let i = 0; i < points.length; i++) b.set(points[i]!, at + i * size);
    return at;
  }

  private takeBytes(at: Ptr, length: number): Uint8Array {
    return this.bytes.slice(at, at + length);
  }

  /**
   * Runs the field, tower and vector multiplications a few hundred times, so that the engine's
   * optimizing tier compiles them before the first verification needs them (as
   * Bls12381Kernel.warmUp does for BLS). A couple of milliseconds.
   */
  warmUp(rounds = 200): void {
    const e = this.e;
    this.begin();
    const a = this.take(672);
    const b = this.take(672);
    const o = this.take(672);
    const v = this.take(64 * FR);
    this.bytes.fill(1, a, a + 3 * 672);
    this.bytes.fill(1, v, v + 64 * FR);
    for (let i = 0; i < rounds; i++) {
      e.fpMul(o, a, b);
      e.fp2Mul(o, a, b);
      e.frMul(o, a, b);
    }
    for (let i = 0; i < 20; i++) {
      e.fp12Mul(o, a, b);
      e.frFft(v, 64, 1);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Scalar-field vectors

  frFromBytes(bytes: Uint8Array): Uint32Array | number {
    if (bytes.length % 32 !== 0) throw new InputError(`"bytes" expected a multiple of 32 bytes, got ${bytes.length}`);
    const n = bytes.length / 32;
    this.begin();
    const src = this.putBytes(bytes);
    const out = this.take(n * FR);
    const bad = this.e.frFromBytes(out, src, n);
    return bad >= 0 ? bad : this.readVector(out, n);
  }

  frToBytes(v: Uint32Array): Uint8Array {
    const n = this.frLength(v);
    this.begin();
    const src = this.putVector(v);
    const out = this.take(n * 32);
    this.e.frToBytes(out, src, n);
    return this.takeBytes(out, n * 32);
  }

  frFromBigints(values: readonly bigint[]): Uint32Array {
    this.begin();
    const words = this.putWords(values);
    const out = this.take(values.length * FR);
    this.e.frFromWordsN(out, words, values.length);
    return this.readVector(out, values.length);
  }

  frToBigints(v: Uint32Array): bigint[] {
    const n = this.frLength(v);
    this.begin();
    const src = this.putVector(v);
    const words = this.take(n * 32);
    this.e.frToWordsN(words, src, n);
    return this.readBigints(words, n);
  }

  frLength(v: Uint32Array): number {
    return v.length / LIMBS;
  }

  frZeros(n: number): Uint32Array {
    return new Uint32Array(n * LIMBS);
  }

  frSlice(v: Uint32Array, start: number, end: number): Uint32Array {
    return v.slice(start * LIMBS, end * LIMBS);
  }

  frConcat(vs: readonly Uint32Array[]): Uint32Array {
    const out = new Uint32Array(vs.reduce((n, v) => n + v.length, 0));
    let at = 0;
    for (const v of vs) {
      out.set(v, at);
      at += v.length;
    }
    return out;
  }

  frBitReverse(v: Uint32Array): Uint32Array {
    const n = this.frLength(v);
    if (!isPowerOfTwo(n)) throw new InputError(`bit reversal expected a power-of-two length, got ${n}`);
    this.begin();
    const at = this.putVector(v);
    this.e.frBitReverse(at, n);
    return this.readVector(at, n);
  }

  frFft(v: Uint32Array, inverse: boolean): Uint32Array {
    const n = this.frLength(v);
    if (!isPowerOfTwo(n) || n > MAX_FFT) throw new InputError(`FFT expected a power-of-two length up to ${MAX_FFT}, got ${n}`);
    this.begin();
    const at = this.putVector(v);
    this.e.frFft(at, n, inverse ? 1 : 0);
    return this.readVector(at, n);
  }

  frScalePowers(v: Uint32Array, s: bigint): Uint32Array {
    const n = this.frLength(v);
    this.begin();
    const at = this.putVector(v);
    this.e.frScalePowers(at, n, this.putScalar(s));
    return this.readVector(at, n);
  }

  frAxpy(acc: Uint32Array, v: Uint32Array, a: bigint): void {
    if (acc.length !== v.length) throw new InputError(`axpy expected equal lengths, got ${this.frLength(acc)} and ${this.frLength(v)}`);
    const n = this.frLength(v);
    this.begin();
    const pa = this.putVector(acc);
    const pv = this.putVector(v);
    this.e.frAxpy(pa, pv, n, this.putScalar(a));
    acc.set(this.u32.subarray(pa >>> 2, (pa >>> 2) + n * LIMBS));
  }

  frMul(a: Uint32Array, b: Uint32Array): Uint32Array {
    if (a.length !== b.length) throw new InputError(`pointwise product expected equal lengths, got ${this.frLength(a)} and ${this.frLength(b)}`);
    const n = this.frLength(a);
    this.begin();
    const pa = this.putVector(a);
    const pb = this.putVector(b);
    this.e.frMulVec(pa, pa, pb, n);
    return this.readVector(pa, n);
  }

  frInverse(v: Uint32Array): Uint32Array | number {
    const n = this.frLength(v);
    this.begin();
    const src = this.putVector(v);
    const out = this.take(n * FR);
    const bad = this.e.frInverseVec(out, src, n);
    return bad >= 0 ? bad : this.readVector(out, n);
  }

  frEvaluateBrp(v: Uint32Array, z: bigint): bigint {
    const n = this.frLength(v);
    if (!isPowerOfTwo(n) || n > MAX_FFT) throw new InputError(`evaluation expected a power-of-two length up to ${MAX_FFT}, got ${n}`);
    this.begin();
    const pv = this.putVector(v);
    const pz = this.putScalar(z);
    const out = this.take(FR);
    const words = this.take(32);
    this.e.frEvaluateBrp(out, pv, n, pz);
    this.e.frToWordsN(words, out, 1);
    return this.readBigints(words, 1)[0]!;
  }

  // -------------------------------------------------------------------------------------------
  // Groups

  g1Decompress(bytes: Uint8Array): Decoded<Uint8Array> {
    if (bytes.length !== 48) throw new InputError(`"bytes" expected 48 bytes, got ${bytes.length}`);
    this.begin();
    const src = this.putBytes(bytes);
    const out = this.take(G1);
    const code = this.e.g1Decompress(out, src);
    if (code < 0) return { error: DECODE_ERRORS[code] ?? `decoder code ${code}` };
    return { point: this.takeBytes(out, G1) };
  }

  g1InSubgroup(point: Uint8Array): boolean {
    this.begin();
    return this.e.g1InSubgroup(this.putBytes(point)) === 1;
  }

  g1Compress(point: Uint8Array): Uint8Array {
    this.begin();
    const src = this.putBytes(point);
    const out = this.take(48);
    this.e.g1Compress(out, src);
    return this.takeBytes(out, 48);
  }

  g1IsIdentity(point: Uint8Array): boolean {
    return isZero(point);
  }

  g1Identity(): Uint8Array {
    return new Uint8Array(G1);
  }

  g1Generator(): Uint8Array {
    this.begin();
    const out = this.take(G1);
    this.e.g1Generator(out);
    return this.takeBytes(out, G1);
  }

  g1Sum(points: readonly Uint8Array[]): Uint8Array {
    this.begin();
    const pts = this.putPoints(points, G1);
    const out = this.take(G1);
    this.e.g1Combine(out, pts, points.length, 0);
    return this.takeBytes(out, G1);
  }

  g1Neg(point: Uint8Array): Uint8Array {
    this.begin();
    const src = this.putBytes(point);
    this.e.g1NegAffine(src, src);
    return this.takeBytes(src, G1);
  }

  /** Points must be in G1 from {@link glvFrom} points on (GLV); KZG's are checked before they get here. */
  g1Msm(points: readonly Uint8Array[], scalars: readonly bigint[]): Uint8Array {
    const n = points.length;
    if (n !== scalars.length) throw new InputError(`MSM expected as many scalars as points, got ${scalars.length} and ${n}`);
    this.begin();
    if (n < this.glvFrom) return this.msm(points, this.putWords(scalars));
    const ks = this.take(n * 32);
    const u = this.u32;
    for (let i = 0; i < n; i++) {
      const k = scalars[i]!;
      if (k < 0n || k >= BLS_MODULUS) throw new RangeError(`KZG kernel: scalar ${k} is not in [0, BLS_MODULUS)`);
      putSplit(u, (ks >>> 2) + i * 8, k);
    }
    const pts = this.putPoints(points, G1);
    const out = this.take(G1);
    const work = this.take(this.e.g1MsmGlvWorkSize(n));
    this.e.g1MsmGlv(out, pts, ks, n, work);
    return this.takeBytes(out, G1);
  }

  g1MsmFr(points: readonly Uint8Array[], scalars: Uint32Array): Uint8Array {
    const n = this.frLength(scalars);
    if (points.length !== n) throw new InputError(`MSM expected as many scalars as points, got ${n} and ${points.length}`);
    if (n >= this.glvFrom) return this.g1Msm(points, this.frToBigints(scalars));
    this.begin();
    const src = this.putVector(scalars);
    const ks = this.take(n * 32);
    this.e.frToWordsN(ks, src, n);
    return this.msm(points, ks);
  }

  /** The engine's MSM (Straus, or Pippenger with Jacobian buckets) of `points` with the scalars at `ks` (8 words each). */
  private msm(points: readonly Uint8Array[], ks: Ptr): Uint8Array {
    const n = points.length;
    const pts = this.putPoints(points, G1);
    const out = this.take(G1);
    const work = this.take(this.e.g1MsmWorkSize(n));
    this.e.g1Msm(out, pts, ks, n, work);
    return this.takeBytes(out, G1);
  }

  /** Points must be in G1 (the kernel multiplies by the endomorphism): FK20 transforms the setup's. */
  g1Fft(points: readonly Uint8Array[], inverse: boolean): Uint8Array[] {
    const n = points.length;
    if (!isPowerOfTwo(n) || n > MAX_G1_FFT) throw new InputError(`G1 FFT expected a power-of-two length up to ${MAX_G1_FFT}, got ${n}`);
    let tw = this.twiddles.get(n);
    if (tw === undefined) this.twiddles.set(n, (tw = g1FftTwiddles(n)));
    this.begin();
    const pts = this.putPoints(points, G1);
    const work = this.take(this.e.g1FftWorkSize(n));
    this.e.g1Fft(pts, pts, n, inverse ? 1 : 0, work, this.putVector(tw));
    return Array.from({ length: n }, (_, i) => this.takeBytes(pts + i * G1, G1));
  }

  g2Decompress(bytes: Uint8Array): Decoded<Uint8Array> {
    if (bytes.length !== 96) throw new InputError(`"bytes" expected 96 bytes, got ${bytes.length}`);
    this.begin();
    const src = this.putBytes(bytes);
    const out = this.take(G2);
    const code = this.e.g2Decompress(out, src);
    if (code < 0) return { error: DECODE_ERRORS[code] ?? `decoder code ${code}` };
    if (code === 0 && !this.e.g2InSubgroup(out)) return { error: 'not in the G2 subgroup' };
    return { point: this.takeBytes(out, G2) };
  }

  g2Generator(): Uint8Array {
    this.begin();
    const out = this.take(G2);
    this.e.g2Generator(out);
    return this.takeBytes(out, G2);
  }

  /**
   * One Miller loop over the pairs and one final exponentiation. Each G2 point's lines are
   * computed once and kept (a few, by value): KZG pairs with the same two G2 points every time.
   */
  pairingProductIsOne(pairs: readonly (readonly [Uint8Array, Uint8Array])[]): boolean {
    const live = pairs.filter(([p, q]) => !isZero(p) && !isZero(q));
    if (live.length === 0) return true;
    const e = this.e;
    const size = e.tableSize();
    this.begin();
    const ps = this.putPoints(
      live.map(([p]) => p),
      G1,
    );
    const addrs = this.take(live.length * 4);
    const tables = this.take(live.length * size);
    const q = this.take(G2);
    for (let i = 0; i < live.length; i++) {
      const point = live[i]![1];
      const at = tables + i * size;
      const key = String.fromCharCode(...point);
      const kept = this.prepared.get(key);
      if (kept !== undefined) {
        this.bytes.set(kept, at);
      } else {
        this.bytes.set(point, q);
        if (!e.g2Prepare(at, q)) return false; // degenerate lines: not a point of G2
        if (this.prepared.size >= PREPARED_KEPT) this.prepared.delete(this.prepared.keys().next().value!);
        this.prepared.set(key, this.takeBytes(at, size));
      }
      this.u32[(addrs >>> 2) + i] = at;
    }
    return e.pairingCheck(ps, addrs, live.length) === 1;
  }
}

/**
 * Instantiates synchronously (compiling the BLS12-381 module once per realm) and warms the
 * kernel up. Throws where synchronous compilation is refused (a page's main thread) or
 * WebAssembly is unavailable or forbidden.
 */
export function instantiateWasmKzgSync(): WasmKzgBackend {
  const backend = new WasmKzgBackend(bls12381InstanceSync());
  backend.warmUp();
  return backend;
}

/** As {@link instantiateWasmKzgSync}, without blocking; works on page main threads. */
export async function instantiateWasmKzg(): Promise<WasmKzgBackend> {
  const backend = new WasmKzgBackend(await bls12381Instance());
  backend.warmUp();
  return backend;
}

/**
 * The WASM KZG backend, instantiated on first use (src/crypto/backend.ts's rules: synchronous
 * where allowed, asynchronous otherwise, none in a bundle without kernels or with @noble forced).
 * `get()` is undefined while the reference backend must serve.
 */
export const wasmKzg: LazyKernel<WasmKzgBackend> = WASM_KERNELS
  ? /* @__PURE__ */ new LazyKernel(instantiateWasmKzgSync, instantiateWasmKzg)
  : /* @__PURE__ */ new LazyKernel<WasmKzgBackend>();
