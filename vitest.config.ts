import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SuiteSequencer from './test/sequencer.ts';

/**
 * What the second run repeats with every primitive on @noble, as where WebAssembly is missing: the
 * front door's BLS and KZG (their vectors and properties), the light client on the real mainnet
 * chain and the spec tests (l1), and the client's own verification on top (the light-client session,
 * thin heads, verified reads). What is blind to the backend stays in the unit run alone: the
 * wallet, exits, rollups and endpoint logic, and the CLI, hash and sign through the same front door,
 * whose kernels give @noble's bytes (each kernel's differential test: keccak, sha256, bls-kernel,
 * bn254-kernel, kzg), and the service worker already runs them on @noble in every build. Repeating
 * them took 1,200 s of a 2-core run for no answer that could differ (2026-11-28). bls-properties
 * holds the decoders against @noble's: on @noble it would hold @noble against itself.
 */
const NOBLE_RUN = [
  'test/unit/crypto/bls.test.ts',
  'test/unit/crypto/bls-vectors.test.ts',
  'test/unit/crypto/kzg.test.ts',
  'test/unit/crypto/kzg/spec-vectors.test.ts',
  'test/unit/crypto/kzg/properties.test.ts',
  'test/unit/l1/**/*.test.ts',
  'test/unit/client/light-client/**/*.test.ts',
  'test/unit/client/verified/**/*.test.ts',
  'test/unit/client/l1-session.test.ts',
  'test/unit/client/thin-signing.test.ts',
];
/**
 * Left out of the noble run: the sidecar checks (every blob and cell proof of their answers):
 * minutes on @noble's KZG for logic that is blind to the backend; KZG on @noble is the spec
 * vectors' and properties' subject above. Gloas against Lodestar: the unit run's.
 */
const NOBLE_EXCLUDE = ['test/unit/l1/gloas-lodestar.test.ts', 'test/unit/l1/blobs/**'];
/** The noble run's devnet file: run with the devnets (the world lane of `npm test`), not at the unit lane's priority. */
const NOBLE_DEVNET_RUN = ['test/integration/devnet-sync.test.ts'];

/**
 * Workers of a plain `vitest run`: one more than processors, three at least. Every project shares
 * the one pool, in the order test/sequencer.ts gives. `npm test` (scripts/test.mjs) runs the suite
 * as two such runs at once instead, the integration and browser files on their own workers beside
 * the unit files, each run's count set by VITEST_MAX_WORKERS (which also overrides this).
 */
const WORKERS = Math.max(3, availableParallelism() + 1);
/** A unit or noble test's (and hook's) bound, unless it names its own. */
const UNIT_TIMEOUT_MS = 300_000;

export default defineConfig({
  test: {
    // Bounds over a test's own waits on a busy 2-core machine (a clean-clone run at load 20 took a
    // KZG set-up hook past 60 s, 2026-11-27): they end a stuck test, never pace one that passes.
    testTimeout: 180_000,
    // Set-up hooks share the processors with the rest of the suite.
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: WORKERS,
    sequence: { sequencer: SuiteSequencer },
    reporters: ['default', './test/summary-reporter.ts'],
    setupFiles: ['test/setup/crypto-backend.ts'],
    projects: [
      // One process runs many unit files (isolate: false): a new process, environment and module
      // graph per file cost more than most of these files' tests.
      // test/fuzz/slice.test.ts: the fuzz campaign's fixed-seed slice (the campaign itself is `npm run fuzz`).
      // Their tests wait on nothing but the processors, which `npm test` gives them last (its unit
      // lane's niceness): the bound catches a hang, not slowness (speed is `npm run bench`'s).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/fuzz/**/*.test.ts'], isolate: false, testTimeout: UNIT_TIMEOUT_MS, hookTimeout: UNIT_TIMEOUT_MS } },
      // Each in its own process: they start devnets, provers and worker threads.
      // A file's tests share its devnet: after its first failure, the rest fail at once with its message.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], setupFiles: ['test/setup/one-world.ts'] } },
      // Lodestar's Gloas objects against Vigil's containers is a format check: once, in the unit run.
      { extends: true, test: { name: 'noble', include: NOBLE_RUN, exclude: NOBLE_EXCLUDE, isolate: false, testTimeout: UNIT_TIMEOUT_MS, hookTimeout: UNIT_TIMEOUT_MS, env: { VIGIL_CRYPTO_BACKEND: 'noble' } } },
      { extends: true, test: { name: 'noble-devnet', include: NOBLE_DEVNET_RUN, setupFiles: ['test/setup/one-world.ts'], env: { VIGIL_CRYPTO_BACKEND: 'noble' } } },
      'test/e2e/vitest.config.ts',
    ],
  },
});
