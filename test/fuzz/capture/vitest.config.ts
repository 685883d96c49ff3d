/**
 * `npm run fuzz:seeds`: runs the exit plans' unit tests once, one file after another, with
 * ./exit-calls.setup.ts capturing the plans' calls that carry hints (the campaign's seeds).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'fuzz-seeds',
    root: new URL('../../..', import.meta.url).pathname,
    include: ['test/unit/l2/*/exit.test.ts', 'test/unit/client/exits/plan-runner*.test.ts'],
    setupFiles: ['test/setup/crypto-backend.ts', 'test/fuzz/capture/exit-calls.setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
  },
});
