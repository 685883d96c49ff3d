/**
 * Every e2e file: a failed test logs what its browsers' extension showed then (harness.ts
 * extensionStates), so a window that never came, or one held by another request, is named in the
 * log rather than guessed at from a timeout.
 */
import { beforeEach } from 'vitest';
import { extensionStates } from './harness.ts';

beforeEach((ctx) => {
  ctx.onTestFailed(async () => {
    for (const state of await extensionStates()) console.log(`[extension after a failure] ${state}`);
  });
});
