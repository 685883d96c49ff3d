/**
 * The BLS12-381 WebAssembly kernel (wasm/bls12381.ts) behind src/crypto/bls.ts: instantiation,
 * synchronous or not, memory layout, and the {@link BlsBackend} on top of it.
 *
 * Points handed to the front door are copies of the kernel's affine layout (G1: 112 bytes, G2:
 * 224 bytes, Montgomery limbs; all zero is the point at infinity), so moving one in or out is
 * one byte copy. Memory from the module's heapBase() on belongs to this class:
 *   io        encoded points and canonical integers (12 little-endian u32 words each)
 *   slots     a few internal elements and points
 *   transient arrays of points (aggregation), grown on demand
 *
 * Most code wants src/crypto/bls.ts; tests and benchmarks use this module directly.
 * @module
 */
import { EmbeddedModule, runOnSlots } from '../wasm/embedded.ts';
import { BLS12381_WASM_BASE64 } from '../wasm/bls12381.generated.ts';
import type { BlsBackend, Decoded, G2Affine } from './backend.ts';
import { expandMessageXmd } from './hash-to-field.ts';

const utf8 = /* @__PURE__ */ new TextEncoder();

type Ptr = number;

/** Exports of wasm/bls12381.ts. Every argument is a byte address unless named otherwise. */
export interface Bls12381Exports {
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
  fpSqrt(o: Ptr, a: Ptr): number;
  fp2Mul(o: Ptr, a: Ptr, b: Ptr): void;
  fp2Sqr(o: Ptr, a: Ptr): void;
  fp2Inv(o: Ptr, a: Ptr): void;
  fp2Sqrt(o: Ptr, a: Ptr): number;
  fp2MulByXi(o: Ptr, a: Ptr): void;
  fp6Mul(o: Ptr, a: Ptr, b: Ptr): void;
  fp6Sqr(o: Ptr, a: Ptr): void;
  fp6Inv(o: Ptr, a: Ptr): void;
  fp12Mul(o: Ptr, a: Ptr, b: Ptr): void;
  fp12Sqr(o: Ptr, a: Ptr): void;
  fp12Inv(o: Ptr, a: Ptr): void;
  fp12Conj(o: Ptr, a: Ptr): void;
  fp12Frobenius(o: Ptr, a: Ptr, k: number): void;
  fp12CyclotomicSqr(o: Ptr, a: Ptr): void;
  fp12IsOne(a: Ptr): number;
  finalExp(o: Ptr, f: Ptr): void;
  g1Generator(o: Ptr): void;
  g2Generator(o: Ptr): void;
  g1FromAffine(o: Ptr, a: Ptr): void;
  g1ToAffine(o: Ptr, p: Ptr): void;
  g1IsOnCurve(a: Ptr): number;
  g1Add(o: Ptr, p: Ptr, q: Ptr): void;
  g1Double(o: Ptr, p: Ptr): void;
  g1Neg(o: Ptr, p: Ptr): void;
  g1Eq(p: Ptr, q: Ptr): number;
  g1Mul(o: Ptr, p: Ptr, k: Ptr): void;
  g1Combine(o: Ptr, pts: Ptr, nAdd: number, nSub: number): void;
  g1InSubgroup(a: Ptr): number;
  g1HasOrderR(a: Ptr): number;
  g1Decompress(o: Ptr, b: Ptr): number;
  g1Compress(b: Ptr, a: Ptr): void;
  g1FromUncompressed(o: Ptr, b: Ptr): number;
  g1Uncompressed(b: Ptr, a: Ptr): void;
  g2FromAffine(o: Ptr, a: Ptr): void;
  g2ToAffine(o: Ptr, p: Ptr): void;
  g2IsOnCurve(a: Ptr): number;
  g2Add(o: Ptr, p: Ptr, q: Ptr): void;
  g2Double(o: Ptr, p: Ptr): void;
  g2Neg(o: Ptr, p: Ptr): void;
  g2Eq(p: Ptr, q: Ptr): number;
  g2Mul(o: Ptr, p: Ptr, k: Ptr): void;
  g2Psi(o: Ptr, p: Ptr): void;
  g2MulSeed(o: Ptr, p: Ptr): void;
  g2Combine(o: Ptr, pts: Ptr, nAdd: number, nSub: number): void;
  g2InSubgroup(a: Ptr): number;
  g2HasOrderR(a: Ptr): number;
  g2Decompress(o: Ptr, b: Ptr): number;
  g2Compress(b: Ptr, a: Ptr): void;
  mapToCurveSswu(o: Ptr, u: Ptr): void;
  isoMap(o: Ptr, p: Ptr): void;
  clearCofactor(o: Ptr, p: Ptr): void;
  hashToG2(o: Ptr, u0: Ptr, u1: Ptr): void;
  hashToG2FromBytes(o: Ptr, bytes: Ptr): void;
  tableSize(): number;
  g2Prepare(table: Ptr, a: Ptr): number;
  millerLoop(f: Ptr, ps: Ptr, tables: Ptr, n: number): void;
  pairingCheck(ps: Ptr, tables: Ptr, n: number): number;
  verifyPairing(pk: Ptr, hm: Ptr, sig: Ptr): number;
}

/** Byte sizes of the kernel's layouts. */
export const SIZES = { words: 48, fp: 56, fp2: 112, fp6: 336, fp12: 672, g1: 112, g1j: 168, g2: 224, g2j: 336 } as const;

const PAGE = 65536;
const IO_BYTES = 4096;
const SLOT = 1024;
const SLOTS = 8;

/** Why the kernel's decoders refused an encoding, by their return code (wasm/bls12381/encoding.ts). */
export const DECODE_ERRORS: Readonly<Record<number, string>> = {
  [-1]: 'compression flag does not match the length',
  [-2]: 'non-canonical encoding of the point at infinity',
  [-3]: 'coordinate not below the field modulus',
  [-4]: 'not a point of the curve',
};

export class Bls12381Kernel implements BlsBackend<Uint8Array, Uint8Array> {
  readonly name = 'wasm';
  /** The raw exports, for tests and benchmarks. */
  readonly exports: Bls12381Exports;
  private readonly memory: WebAssembly.Memory;
  private bytes: Uint8Array;
  private u32: Uint32Array;
  private readonly io: Ptr;
  private readonly slots: Ptr;
  private readonly transient: Ptr;

  constructor(instance: WebAssembly.Instance) {
    const e = instance.exports as unknown as Bls12381Exports;
    this.exports = e;
    this.memory = e.memory;
    this.io = e.heapBase();
    this.slots = this.io + IO_BYTES;
    this.transient = this.slots + SLOT * SLOTS;
    this.bytes = new Uint8Array(this.memory.buffer);
    this.u32 = new Uint32Array(this.memory.buffer);
    this.ensure(this.transient + 65536);
  }

  /** Grows memory so that [0, end) is addressable; refreshes the views. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE));
      this.bytes = new Uint8Array(this.memory.buffer);
      this.u32 = new Uint32Array(this.memory.buffer);
    }
  }

  /** Address of internal slot i (0..7, 1024 bytes each). */
  slot(i: number): Ptr {
    return this.slots + i * SLOT;
  }

  /**
   * Runs the field multiplications a few hundred times on dummy data, so that the engine's
   * optimizing tier compiles them (in the background) before the first real verification needs
   * them: fully unrolled 14-limb multiplications are many times slower on a baseline tier (V8's
   * Liftoff) than optimized, and a light client's first verification after a wake is on the
   * path to showing a verified head. Costs about a millisecond.
   */
  warmUp(rounds = 300): void {
    const e = this.exports;
    const [a, b, o] = [this.slot(1), this.slot(2), this.slot(0)];
    this.load(a, [3n, 5n]);
    this.load(b, [7n, 11n]);
    for (let i = 0; i < rounds; i++) {
      e.fpMul(o, a, b);
      e.fpSqr(o, a);
      e.fp2Mul(o, a, b);
      e.fp2Sqr(o, a);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Conversions (tests)

  /** Loads canonical integers into internal form at `dst`; RangeError if any is not below p. */
  load(dst: Ptr, values: readonly bigint[]): void {
    const u = this.u32;
    let i = this.io >>> 2;
    for (let x of values) {
      for (let k = 0; k < 12; k++, x >>= 32n) u[i++] = Number(x & 0xffffffffn);
    }
    if (!this.exports.fromWords(dst, this.io, values.length)) throw new RangeError('BLS12-381 kernel: field element not below p');
  }

  /** Reads `count` internal elements at `src` as canonical integers. */
  read(src: Ptr, count: number): bigint[] {
    this.exports.toWords(this.io, src, count);
    const u = this.u32;
    const out: bigint[] = [];
    for (let k = 0, i = this.io >>> 2; k < count; k++) {
      let x = 0n;
      for (let j = 11; j >= 0; j--) x = (x << 32n) | BigInt(u[i + j]!);
      out.push(x);
      i += 12;
    }
    return out;
  }

  /** For tests: {@link runOnSlots}. */
  run(fn: keyof Bls12381Exports, outCount: number, inputs: readonly (readonly bigint[])[], extra: readonly number[] = [], alias = false): bigint[] {
    return runOnSlots(this, fn, outCount, inputs, extra, alias);
  }

  private put(at: Ptr, data: Uint8Array): Ptr {
    this.bytes.set(data, at);
    return at;
  }

  private take(at: Ptr, length: number): Uint8Array {
    return this.bytes.slice(at, at + length);
  }

  private putScalar(at: Ptr, k: bigint): Ptr {
    const u = this.u32;
    for (let i = at >>> 2, j = 0; j < 8; j++, k >>= 32n) u[i++] = Number(k & 0xffffffffn);
    return at;
  }

  /** Writes points back to back in the transient area; returns its address. */
  private putPoints(points: readonly Uint8Array[], size: number): Ptr {
    const at = this.transient;
    this.ensure(at + points.length * size);
    points.forEach((p, i) => this.bytes.set(p, at + i * size));
    return at;
  }

  private decoded(code: number, at: Ptr, size: number): Decoded<Uint8Array> {
    if (code < 0) return { error: DECODE_ERRORS[code] ?? `decoder code ${code}` };
    return { point: this.take(at, size) };
  }

  // -------------------------------------------------------------------------------------------
  // BlsBackend

  g1Decompress(bytes: Uint8Array): Decoded<Uint8Array> {
    const out = this.slot(0);
    return this.decoded(this.exports.g1Decompress(out, this.put(this.io, bytes)), out, SIZES.g1);
  }

  g1Compress(point: Uint8Array): Uint8Array {
    this.exports.g1Compress(this.io, this.put(this.slot(1), point));
    return this.take(this.io, 48);
  }

  g1FromUncompressed(bytes: Uint8Array): Decoded<Uint8Array> {
    const out = this.slot(0);
    return this.decoded(this.exports.g1FromUncompressed(out, this.put(this.io, bytes)), out, SIZES.g1);
  }

  g1Uncompressed(point: Uint8Array): Uint8Array {
    this.exports.g1Uncompressed(this.io, this.put(this.slot(1), point));
    return this.take(this.io, 96);
  }

  g1IsIdentity(point: Uint8Array): boolean {
    return point.every((b) => b === 0);
  }

  g1InSubgroup(point: Uint8Array): boolean {
    return this.exports.g1InSubgroup(this.put(this.slot(1), point)) === 1;
  }

  g1Combine(add: readonly Uint8Array[], sub: readonly Uint8Array[]): Uint8Array {
    const pts = this.putPoints([...add, ...sub], SIZES.g1);
    const out = this.slot(0);
    this.exports.g1Combine(out, pts, add.length, sub.length);
    return this.take(out, SIZES.g1);
  }

  g1MulBase(scalar: bigint): Uint8Array {
    const e = this.exports;
    const [g, j, k] = [this.slot(1), this.slot(2), this.slot(3)];
    e.g1Generator(g);
    e.g1FromAffine(j, g);
    e.g1Mul(j, j, this.putScalar(k, scalar));
    e.g1ToAffine(g, j);
    return this.take(g, SIZES.g1);
  }

  g2Decompress(bytes: Uint8Array): Decoded<Uint8Array> {
    const out = this.slot(0);
    const code = this.exports.g2Decompress(out, this.put(this.io, bytes));
    if (code === 0 && !this.exports.g2InSubgroup(out)) return { error: 'not in the G2 subgroup' };
    return this.decoded(code, out, SIZES.g2);
  }

  g2Compress(point: Uint8Array): Uint8Array {
    this.exports.g2Compress(this.io, this.put(this.slot(1), point));
    return this.take(this.io, 96);
  }

  g2IsIdentity(point: Uint8Array): boolean {
    return point.every((b) => b === 0);
  }

  g2Combine(add: readonly Uint8Array[]): Uint8Array {
    const pts = this.putPoints(add, SIZES.g2);
    const out = this.slot(0);
    this.exports.g2Combine(out, pts, add.length, 0);
    return this.take(out, SIZES.g2);
  }

  g2Mul(point: Uint8Array, scalar: bigint): Uint8Array {
    const e = this.exports;
    const [a, j, k] = [this.slot(1), this.slot(2), this.slot(3)];
    this.put(a, point);
    e.g2FromAffine(j, a);
    e.g2Mul(j, j, this.putScalar(k, scalar));
    e.g2ToAffine(a, j);
    return this.take(a, SIZES.g2);
  }

  g2Affine(point: Uint8Array): G2Affine {
    const [a, b, c, d] = this.read(this.put(this.slot(1), point), 4) as [bigint, bigint, bigint, bigint];
    return { x: { c0: a, c1: b }, y: { c0: c, c1: d } };
  }

  hashToG2(message: Uint8Array, dst: string | Uint8Array): Uint8Array {
    // expand_message_xmd here (SHA-256 has its own front door); hash_to_field's reduction mod p
    // and the map to G2 in the kernel.
    const out = this.slot(0);
    this.exports.hashToG2FromBytes(out, this.put(this.io, expandMessageXmd(message, typeof dst === 'string' ? utf8.encode(dst) : dst, 256)));
    return this.take(out, SIZES.g2);
  }

  pairingCheck(pk: Uint8Array, hm: Uint8Array, sig: Uint8Array): boolean {
    const [a, b, c] = [this.slot(1), this.slot(2), this.slot(3)];
    this.put(a, pk);
    this.put(b, hm);
    this.put(c, sig);
    return this.exports.verifyPairing(a, b, c) === 1;
  }
}

const blsWasm = /* @__PURE__ */ new EmbeddedModule(BLS12381_WASM_BASE64);

/**
 * Compiles (once) and instantiates synchronously. Throws where synchronous compilation is refused
 * (a page's main thread, for modules over 4 KB) or WebAssembly is unavailable or forbidden.
 */
export function instantiateBls12381Sync(): Bls12381Kernel {
  return new Bls12381Kernel(blsWasm.instantiateSync());
}

/** Compiles (once) and instantiates without blocking; works on page main threads. */
export async function instantiateBls12381(): Promise<Bls12381Kernel> {
  return new Bls12381Kernel(await blsWasm.instantiate());
}

/**
 * Another instance of the same module (compiled once), with its own memory, for a host with its
 * own layout: KZG's (src/crypto/kzg/wasm-backend.ts). Throws as {@link instantiateBls12381Sync}.
 */
export function bls12381InstanceSync(): WebAssembly.Instance {
  return blsWasm.instantiateSync();
}

/** As {@link bls12381InstanceSync}, without blocking. */
export function bls12381Instance(): Promise<WebAssembly.Instance> {
  return blsWasm.instantiate();
}
