/**
 * The one choice between our WebAssembly kernels (wasm/) and @noble (hashes, curves) for every
 * primitive behind src/crypto: the hashes (keccak.ts, sha256.ts), BLS12-381 (bls.ts) and BN254
 * (bn254.ts). Both give identical answers; only speed differs.
 *
 * Nothing happens at import: a kernel is compiled and instantiated on its first use, or when
 * its `ready()` is awaited, so a script that never hashes or never verifies a pairing never
 * pays for that kernel (a service worker parses and wakes faster). Where synchronous compilation
 * works (Node, worker_threads, Web Workers, the extension's service worker) the first call
 * already runs on WASM. A page's main thread refuses synchronous compilation of modules over
 * 4 KB: there @noble serves until the asynchronous instantiation resolves. Where WebAssembly is
 * missing or forbidden (a CSP without 'wasm-unsafe-eval'), @noble is final.
 *
 * `forceNoble(true)` routes every primitive through @noble, as where WebAssembly is missing: the
 * test suite's `noble` project and `VIGIL_CRYPTO_BACKEND=noble vigil …` use it, and benchmarks
 * to compare; production code never does.
 * @module
 */
import { type HashKernel, instantiateKernel, instantiateKernelSync } from './wasm/kernel.ts';

export type BackendName = 'wasm' | 'noble';

/**
 * Whether this bundle carries the WASM kernels. The service worker's bundle does not (vite.config.ts
 * defines the flag false for it): it hashes and checks little, and its parse at every wake is what
 * costs, so @noble serves it, as where WebAssembly is forbidden. Read where each kernel is created,
 * so that the bundler drops the kernel's bytes with the branch.
 */
export const WASM_KERNELS: boolean = typeof __VIGIL_WASM_KERNELS__ === 'undefined' || __VIGIL_WASM_KERNELS__;

let nobleForced = false;

/**
 * `true` routes every hash and curve operation through @noble, `false` returns each primitive to
 * its WASM kernel (when it is available). A kernel still instantiating keeps instantiating.
 * @example forceNoble(process.env.VIGIL_CRYPTO_BACKEND === 'noble')
 */
export function forceNoble(force: boolean): void {
  nobleForced = force;
}

/**
 * One primitive's WASM kernel, instantiated on first use. `get()` is what each operation asks:
 * the kernel, or undefined when @noble must serve (forced, unavailable, still compiling).
 */
export class LazyKernel<K> {
  private kernel: K | undefined;
  private settled: Promise<void> | undefined;

  /** Without instantiation functions (a bundle without kernels), @noble serves for good. */
  constructor(
    private readonly instantiateSync?: () => K,
    private readonly instantiate?: () => Promise<K>,
  ) {}

  /** The kernel for an operation now; starts the instantiation on the first call unless @noble is forced. */
  get(): K | undefined {
    if (nobleForced) return undefined;
    if (this.settled === undefined) this.start();
    return this.kernel;
  }

  /**
   * Starts the instantiation if nothing has, and resolves once it is settled: WASM in place, or
   * @noble final. Never rejects.
   */
  ready(): Promise<void> {
    return this.settled ?? this.start();
  }

  private start(): Promise<void> {
    if (typeof WebAssembly !== 'object' || this.instantiateSync === undefined || this.instantiate === undefined) return (this.settled = Promise.resolve());
    const instantiate = this.instantiate;
    try {
      this.kernel = this.instantiateSync();
      return (this.settled = Promise.resolve());
    } catch {
      // Synchronous compilation refused (a page's main thread) or WebAssembly forbidden: the
      // asynchronous path succeeds in the first case; in the second, @noble for good.
      return (this.settled = instantiate().then(
        (kernel) => void (this.kernel = kernel),
        () => undefined,
      ));
    }
  }
}

const hashes = WASM_KERNELS ? new LazyKernel<HashKernel>(instantiateKernelSync, instantiateKernel) : new LazyKernel<HashKernel>();

/**
 * The hash kernel for a call now, or undefined for @noble/hashes. Ask at each call, never keep
 * it: it changes when the asynchronous instantiation lands or @noble is forced.
 */
export function hashKernel(): HashKernel | undefined {
  return hashes.get();
}

/**
 * Resolves once the hash backend is settled (see LazyKernel.ready). Code that merely hashes
 * need not wait (it is correct either way); await it before timing anything, or in a page
 * before a burst of hashing.
 * @example await cryptoReady(); hashBackend() // 'wasm'
 */
export function cryptoReady(): Promise<void> {
  return hashes.ready();
}

/** The implementation hashing goes through right now. */
export function hashBackend(): BackendName {
  return hashes.get() ? 'wasm' : 'noble';
}
