/**
 * Setup of the test projects: the `noble` project (VIGIL_CRYPTO_BACKEND=noble) runs the same
 * tests with every primitive on its @noble fallback, as where WebAssembly is missing. Child
 * processes (the CLI, the devnet) inherit the variable and switch the same way.
 */
import { forceNoble } from '../../src/crypto/backend.ts';

if (process.env.VIGIL_CRYPTO_BACKEND === 'noble') forceNoble(true);
