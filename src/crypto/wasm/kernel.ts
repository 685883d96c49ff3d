/**
 * The WASM hash kernels (wasm/hash.ts, wasm/sha256x4.ts) behind src/crypto: instantiation,
 * synchronous or not, and the calling convention. Inputs are copied to the kernel's I/O
 * buffer, hashed in place, and the digest is copied out: one copy in, one 32-byte result out.
 *
 * Most code wants src/crypto/keccak.ts and src/crypto/sha256.ts, which pick this kernel or
 * @noble/hashes (src/crypto/backend.ts); tests and benchmarks use this module directly.
 * @module
 */
import { decodeBase64 } from './base64.ts';
import { EmbeddedModule } from './embedded.ts';
import { HASH_WASM_BASE64 } from './hash.generated.ts';
import { SHA256X4_WASM_BASE64 } from './sha256x4.generated.ts';

/** Exports of wasm/hash.ts. Pointers and lengths are byte offsets/counts in `memory`. */
interface HashExports {
  readonly memory: WebAssembly.Memory;
  ioPtr(): number;
  keccak256(ptr: number, len: number, out: number): void;
  sha256(ptr: number, len: number, out: number): void;
  sha256Pairs(inp: number, out: number, n: number): void;
  sha256Tables(): number;
}

/** Exports of wasm/sha256x4.ts; `n` must be a multiple of 4, `k` is HashExports.sha256Tables(). */
interface X4Exports {
  sha256Pairs4(inp: number, out: number, n: number, k: number): void;
}

export interface KernelOptions {
  /** Use the SIMD batch kernel when the engine supports it (default true). */
  simd?: boolean;
}

/**
 * Largest one-shot input the kernel takes. Memory only grows (WebAssembly cannot shrink it),
 * so beyond this the front doors use @noble/hashes rather than pinning that much for the
 * lifetime of the worker.
 */
export const KERNEL_MAX_INPUT = 64 << 20;

const PAGE = 65536;

/**
 * The two instances sharing one memory, and the view over it. Calls are synchronous and never
 * reenter, so a single I/O buffer serves every call.
 */
export class HashKernel {
  /** True when sha256Pairs runs on the 4-lane SIMD kernel. */
  readonly simd: boolean;
  private readonly memory: WebAssembly.Memory;
  private readonly io: number;
  /** Round-constant table in wasm/hash.ts, read by the SIMD kernel. */
  private readonly kTable: number;
  private readonly fKeccak: HashExports['keccak256'];
  private readonly fSha: HashExports['sha256'];
  private readonly fPairs: HashExports['sha256Pairs'];
  private readonly fPairs4: X4Exports['sha256Pairs4'] | undefined;
  /** View over the whole memory; replaced only when memory grows (growing detaches it). */
  private mem: Uint8Array;
  /** Bytes usable from `io` on. */
  private capacity: number;

  constructor(hash: WebAssembly.Instance, x4?: WebAssembly.Instance) {
    const e = hash.exports as unknown as HashExports;
    this.memory = e.memory;
    this.io = e.ioPtr();
    this.kTable = e.sha256Tables();
    this.fKeccak = e.keccak256;
    this.fSha = e.sha256;
    this.fPairs = e.sha256Pairs;
    this.fPairs4 = x4 ? (x4.exports as unknown as X4Exports).sha256Pairs4 : undefined;
    this.simd = x4 !== undefined;
    this.mem = new Uint8Array(this.memory.buffer);
    this.capacity = this.mem.length - this.io;
  }

  /** Makes room for `len` input bytes at `io` and returns the (possibly new) memory view. */
  private reserve(len: number): Uint8Array {
    if (len > this.capacity) {
      if (len > KERNEL_MAX_INPUT) throw new RangeError(`hash kernel input of ${len} bytes exceeds ${KERNEL_MAX_INPUT}`);
      this.memory.grow(Math.ceil((len - this.capacity) / PAGE));
      this.mem = new Uint8Array(this.memory.buffer);
      this.capacity = this.mem.length - this.io;
    }
    return this.mem;
  }

  keccak256(data: Uint8Array): Uint8Array {
    const io = this.io;
    const mem = this.reserve(data.length);
    mem.set(data, io);
    this.fKeccak(io, data.length, io);
    return mem.slice(io, io + 32);
  }

  sha256(data: Uint8Array): Uint8Array {
    const io = this.io;
    const mem = this.reserve(data.length);
    mem.set(data, io);
    // 64 bytes is the SSZ chunk pair: the pair kernel skips the constant padding schedule.
    if (data.length === 64) this.fPairs(io, io, 1);
    else this.fSha(io, data.length, io);
    return mem.slice(io, io + 32);
  }

  /** sha256(left ‖ right); both must be 32 bytes (the caller checks). */
  sha256Pair(left: Uint8Array, right: Uint8Array): Uint8Array {
    const io = this.io;
    const mem = this.mem; // 64 bytes always fit: memory starts at two pages
    mem.set(left, io);
    mem.set(right, io + 32);
    this.fPairs(io, io, 1);
    return mem.slice(io, io + 32);
  }

  /**
   * sha256 of each 64-byte block of `input` (length a multiple of 64, the caller checks),
   * digests concatenated. Large batches go through in chunks of what memory holds now, so a
   * big merkleization layer never grows memory.
   */
  sha256Pairs(input: Uint8Array): Uint8Array {
    const n = input.length >>> 6;
    const io = this.io;
    const mem = this.mem;
    const chunk = Math.floor(this.capacity / 64);
    if (n <= chunk) {
      // The common case, one layer that fits: no intermediate views.
      mem.set(input, io);
      this.pairsInPlace(n);
      return mem.slice(io, io + n * 32);
    }
    const out = new Uint8Array(n * 32);
    for (let done = 0; done < n; done += chunk) {
      const k = Math.min(chunk, n - done);
      mem.set(input.subarray(done * 64, (done + k) * 64), io);
      this.pairsInPlace(k);
      out.set(mem.subarray(io, io + k * 32), done * 32);
    }
    return out;
  }

  /** Hashes `n` pairs at `io`, packing the digests to `io`. */
  private pairsInPlace(n: number): void {
    const io = this.io;
    // SIMD for whole groups of four, the scalar kernel for the rest; both pack in place.
    const n4 = this.fPairs4 ? n & ~3 : 0;
    if (n4) this.fPairs4!(io, io, n4, this.kTable);
    if (n > n4) this.fPairs(io + n4 * 64, io + n4 * 32, n - n4);
  }
}

const hashWasm = /* @__PURE__ */ new EmbeddedModule(HASH_WASM_BASE64);
// The SIMD module is compiled once too, or known to be unsupported.
let x4Module: WebAssembly.Module | null | undefined; // null: no SIMD in this engine

function x4Bytes(): Uint8Array<ArrayBuffer> | null {
  const bytes = decodeBase64(SHA256X4_WASM_BASE64);
  // validate() is synchronous and size-unlimited everywhere; false means no SIMD support.
  return WebAssembly.validate(bytes) ? bytes : null;
}

/**
 * Compiles and instantiates synchronously. Throws where synchronous compilation is refused
 * (a page's main thread, for modules over 4 KB) or WebAssembly is unavailable or forbidden
 * (an extension page whose CSP lacks 'wasm-unsafe-eval').
 */
export function instantiateKernelSync(opts: KernelOptions = {}): HashKernel {
  const hash = hashWasm.instantiateSync();
  if (x4Module === undefined) {
    const bytes = x4Bytes();
    x4Module = bytes ? new WebAssembly.Module(bytes) : null;
  }
  const x4 = opts.simd === false ? null : x4Module;
  const memory = (hash.exports as unknown as HashExports).memory;
  return new HashKernel(hash, x4 ? new WebAssembly.Instance(x4, { env: { memory } }) : undefined);
}

/** Compiles and instantiates off the calling thread's critical path; works on page main threads. */
export async function instantiateKernel(opts: KernelOptions = {}): Promise<HashKernel> {
  const hash = await hashWasm.instantiate();
  if (x4Module === undefined) {
    const bytes = x4Bytes();
    x4Module = bytes ? await WebAssembly.compile(bytes) : null;
  }
  const x4 = opts.simd === false ? null : x4Module;
  const memory = (hash.exports as unknown as HashExports).memory;
  return new HashKernel(hash, x4 ? await WebAssembly.instantiate(x4, { env: { memory } }) : undefined);
}
