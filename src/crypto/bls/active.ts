/**
 * What every BLS12-381 operation of src/crypto/bls.ts shares: the sizes of the encodings, the
 * backend operations run on now (src/crypto/backend.ts chooses: our WASM kernel once
 * instantiated, @noble/curves otherwise), and the one public-key decoder (KeyValidate's checks).
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { LazyKernel, WASM_KERNELS } from '../backend.ts';
import type { BlsBackend } from './backend.ts';
import { type Bls12381Kernel, instantiateBls12381, instantiateBls12381Sync } from './kernel.ts';
import { nobleBls } from './noble.ts';

export { PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH, SIGNATURE_LENGTH, UNCOMPRESSED_G1_LENGTH } from './sizes.ts';
/** Domain separation tag of the proof-of-possession scheme Ethereum signs with (draft §4.2.3). */
export const DST_POP = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

/** A backend as the front door holds it: points are opaque handles of the backend that made them. */
export type Backend = BlsBackend<unknown, unknown>;

const kernel = WASM_KERNELS ? /* @__PURE__ */ new LazyKernel<Bls12381Kernel>(instantiateBls12381Sync, instantiateBls12381) : new LazyKernel<Bls12381Kernel>();
/** The backend new operations run on (src/crypto/backend.ts decides). */
export const activeBls = (): Backend => kernel.get() ?? nobleBls;

/**
 * Resolves once the backend is settled (WASM in place, or @noble final), starting the kernel's
 * instantiation if no operation has. Never rejects. Code need not wait (it is correct either
 * way); await it before timing anything.
 */
export function blsReady(): Promise<void> {
  return kernel.ready();
}

/**
 * Primes the WASM kernel for the first verification (see Bls12381Kernel.warmUp): for a worker to
 * call when it starts, before its first task arrives. A no-op on @noble.
 */
export function warmUpBls(): void {
  kernel.get()?.warmUp();
}

/** The implementation new operations run on: 'wasm' or 'noble'. */
export function blsBackend(): string {
  return activeBls().name;
}

/** Decodes one key or throws BLS_INVALID_PUBKEY naming it. Rejects infinity (KeyValidate). */
export function decodePublicKey(be: Backend, bytes: Uint8Array, subgroupCheck: boolean, title: string): unknown {
  const decoded = be.g1Decompress(bytes);
  let reason: string | undefined;
  if ('error' in decoded) reason = decoded.error;
  else if (be.g1IsIdentity(decoded.point)) reason = 'the point at infinity';
  else if (subgroupCheck && !be.g1InSubgroup(decoded.point)) reason = 'not in the G1 subgroup';
  if (reason === undefined && 'point' in decoded) return decoded.point;
  throw new VerificationError('BLS_INVALID_PUBKEY', `${title} is not a valid BLS public key (${reason})`, {
    expected: `a compressed ${subgroupCheck ? 'G1' : 'curve'} point other than infinity`,
    got: bytesToHex(bytes),
  });
}
