/**
 * One switch for every primitive's fallback: `forceNoble(true)` routes hashing, BLS12-381 and
 * BN254 through @noble, as where WebAssembly is missing. The test suite's second run and
 * `VIGIL_CRYPTO_BACKEND=noble vigil …` use it; nothing else should.
 * @module
 */
import { forceNobleHashes } from './backend.ts';
import { forceNobleBls } from './bls.ts';
import { forceNobleBn254 } from './bn254.ts';

export function forceNoble(force: boolean): void {
  forceNobleHashes(force);
  forceNobleBls(force);
  forceNobleBn254(force);
}
