/**
 * Setup of the files whose tests share one world (a devnet, a browser, a wallet: test/integration
 * and test/e2e): after a file's first failure, each of its later tests fails at once, carrying that
 * failure's message. What they would start from (the wallet's state, the site's window, the
 * devnet's chain) is then unknown, and each waiting its full bound on it only delays the one
 * finding. Tests marked `it.fails` are known defects and count as no failure here.
 */
import { beforeEach } from 'vitest';

/** This file's first failure: the test's name and its error's first line. */
let first: string | undefined;

beforeEach((ctx) => {
  if (first !== undefined) throw new Error(`not run: an earlier test of this file, which shares its world, failed: ${first}`);
  ctx.onTestFailed(() => {
    if (ctx.task.fails) return;
    const message = ctx.task.result?.errors?.[0]?.message ?? 'no message';
    first ??= `"${ctx.task.name}": ${message.split('\n', 1)[0]!.slice(0, 1000)}`;
  });
});
