/**
 * Which implementation the hash front doors (keccak.ts, sha256.ts) use: our WASM kernels
 * (wasm/) when they instantiate, @noble/hashes otherwise. Both give identical digests; only
 * speed differs.
 *
 * Start-up: instantiation is attempted synchronously when this module loads, which works in
 * Node, worker_threads, Web Workers and the extension's service worker, so hashing is on WASM
 * from the first call. A page's main thread refuses synchronous compilation of modules over
 * 4 KB: there @noble serves until the asynchronous instantiation resolves. Where WebAssembly
 * is missing or forbidden (e.g. a CSP without 'wasm-unsafe-eval'), @noble is final.
 * @module
 */
import { type HashKernel, instantiateKernel, instantiateKernelSync } from './wasm/kernel.ts';

export type HashBackend = 'wasm' | 'noble';

/**
 * The kernel hashes go through, or undefined for @noble. Read it at each call, never cache
 * it: it changes when the asynchronous instantiation lands or a test forces @noble.
 */
export let activeKernel: HashKernel | undefined;

let wasmKernel: HashKernel | undefined;
let nobleForced = false;

function adopt(kernel: HashKernel): void {
  wasmKernel = kernel;
  if (!nobleForced) activeKernel = kernel;
}

function start(): Promise<void> {
  if (typeof WebAssembly !== 'object') return Promise.resolve();
  try {
    adopt(instantiateKernelSync());
    return Promise.resolve();
  } catch {
    return instantiateKernel().then(adopt, () => {
      // WebAssembly is there but unusable here: @noble for good.
    });
  }
}

const ready: Promise<void> = start();

/**
 * Resolves once the backend is settled: WASM in place, or @noble final. Never rejects.
 * Code that merely hashes need not wait (it is correct either way); await it before timing
 * anything, or in a page before a burst of hashing.
 * @example await cryptoReady(); hashBackend() // 'wasm'
 */
export function cryptoReady(): Promise<void> {
  return ready;
}

/** The implementation hashing goes through right now. */
export function hashBackend(): HashBackend {
  return activeKernel ? 'wasm' : 'noble';
}

/**
 * For tests and benchmarks: `true` routes every hash through @noble/hashes, `false` returns
 * to WASM (when it is available). Not meant for production code.
 */
export function forceNobleHashes(force: boolean): void {
  nobleForced = force;
  activeKernel = force ? undefined : wasmKernel;
}
