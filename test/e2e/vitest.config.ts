/**
 * The real-browser tests: built extension, Debian's Chromium (installed by
 * scripts/ensure-chromium.sh when missing), the devnet. Run by `npm test` as the `e2e` project
 * (after `npm run build`, the pretest), or alone: `npx vitest run --config test/e2e/vitest.config.ts`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
