import { defineConfig } from 'vitest/config';

/** What the second run repeats with every primitive on @noble: BLS, the light client on the
 * real mainnet chain and the spec tests, the CLI, and the devnet. */
const NOBLE_RUN = [
  'test/unit/crypto/bls.test.ts',
  'test/unit/crypto/bls-vectors.test.ts',
  'test/unit/crypto/bls-properties.test.ts',
  'test/unit/l1/**/*.test.ts',
  'test/unit/client/**/*.test.ts',
  'test/unit/cli/l1-cli.test.ts',
  'test/integration/devnet-sync.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    setupFiles: ['test/setup/crypto-backend.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'noble', include: NOBLE_RUN, env: { VIGIL_CRYPTO_BACKEND: 'noble' } } },
      'test/e2e/vitest.config.ts',
    ],
  },
});
