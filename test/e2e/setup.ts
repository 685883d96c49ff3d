/**
 * Every e2e file: a failed test logs what its browsers' extension showed then (./diagnostics.ts),
 * so a window that never came, or one held by another request, is named in the log rather than
 * guessed at from a timeout; and the file's later tests fail at once with its message
 * (test/setup/one-world.ts), since they share its browser, wallet and devnet.
 */
import { basename } from 'node:path';
import { beforeEach } from 'vitest';
import { extensionStates } from './diagnostics.ts';
import { RESULTS_DIR } from './harness.ts';
import '../setup/one-world.ts';

let failures = 0;

beforeEach((ctx) => {
  ctx.onTestFailed(async () => {
    const label = `${basename(ctx.task.file.name, '.test.ts')}-${++failures}`;
    for (const state of await extensionStates(RESULTS_DIR, label)) console.log(`[extension after a failure: ${ctx.task.name}]\n${state}`);
  });
});
