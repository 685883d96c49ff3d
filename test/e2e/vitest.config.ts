/**
 * The real-browser tests: built extension, Debian's Chromium (installed by
 * scripts/ensure-chromium.sh when missing), the devnet. Run by `npm test` as the `e2e` project
 * (after `npm run build`, the pretest), beside the other projects in the root config's pool, or
 * alone: `npx vitest run --config test/e2e/vitest.config.ts`. Each file has its own devnet on free
 * ports and its own browser profile, so files run side by side; the two that need the well-known
 * discovery port take turns (harness.ts, wellKnownPort).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    setupFiles: ['test/e2e/setup.ts'],
    // A bound over a test's own waits (a proof, a batch, an approval window on a busy 2-core
    // machine): it only ends a test that is stuck, never paces one that passes. Above the
    // harness's bound on one approval window (180 s), so a window that never comes fails with
    // what the open windows show, not as a bare timeout.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
