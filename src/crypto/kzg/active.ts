/**
 * The KZG backend operations run on now, chosen as src/crypto/backend.ts chooses for every
 * primitive: the BLS12-381 WebAssembly kernel (./wasm-backend.ts) once instantiated, @noble/curves
 * (./noble-backend.ts) while it is not, where WebAssembly is missing, or with `forceNoble(true)`.
 * Both give identical answers. Each keeps its own decoded setup (./setup.ts), so a switch between
 * calls is safe.
 * @module
 */
import type { AnyKzgBackend } from './backend.ts';
import { nobleKzg } from './noble-backend.ts';
import { wasmKzg } from './wasm-backend.ts';

/** The backend new operations run on (ask at each call, never keep it). */
export const activeKzg = (): AnyKzgBackend => (wasmKzg.get() ?? nobleKzg) as AnyKzgBackend;

/**
 * Resolves once the backend is settled (WASM in place, or @noble final), starting the kernel's
 * instantiation if no operation has. Never rejects. Code need not wait (it is correct either
 * way); await it before timing anything.
 */
export function kzgReady(): Promise<void> {
  return wasmKzg.ready();
}
