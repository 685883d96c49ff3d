/**
 * test/setup/one-world.ts in a vitest run of its own: after a file's first failure its later tests
 * fail at once with that failure's message (one that would wait a minute ends in well under it),
 * a known defect (`it.fails`) starts nothing, and another file is not touched.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SETUP = resolve(dirname(fileURLToPath(import.meta.url)), '../../setup/one-world.ts');
const VITEST = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vigil-one-world-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  testResults: { name: string; assertionResults: { title: string; status: string; duration: number; failureMessages: string[] }[] }[];
}

describe('one world per file', () => {
  it("fails a file's later tests at once with its first failure's message, and only that file's", async () => {
    writeFileSync(join(dir, 'shared.test.ts'), `import { it } from 'vitest';
it.fails('a known defect', () => { throw new Error('expected'); });
it('passes', () => {});
it('breaks the world', () => { throw new Error('the window never moved on\\nsecond line'); });
it('would wait a minute', { timeout: 120_000 }, async () => { await new Promise((r) => setTimeout(r, 60_000)); });
it('would pass', () => {});
`);
    writeFileSync(join(dir, 'other.test.ts'), `import { it } from 'vitest';\nit('passes alone', () => {});\n`);
    writeFileSync(join(dir, 'vitest.config.mjs'), `export default { test: { include: ['*.test.ts'], setupFiles: [${JSON.stringify(SETUP)}] } };\n`);
    const out = join(dir, 'result.json');
    await new Promise<void>((done) => execFile(process.execPath, [VITEST, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', `--outputFile=${out}`], { cwd: dir }, () => done()));
    const result = JSON.parse(readFileSync(out, 'utf8')) as Result;
    const tests = Object.fromEntries(result.testResults.flatMap((f) => f.assertionResults.map((t) => [t.title, t])));
    expect(Object.fromEntries(Object.entries(tests).map(([k, t]) => [k, t.status]))).toEqual({
      'a known defect': 'passed',
      passes: 'passed',
      'breaks the world': 'failed',
      'would wait a minute': 'failed',
      'would pass': 'failed',
      'passes alone': 'passed',
    });
    for (const later of ['would wait a minute', 'would pass']) {
      expect(tests[later]!.failureMessages[0]).toContain('not run: an earlier test of this file, which shares its world, failed: "breaks the world": the window never moved on');
      expect(tests[later]!.failureMessages[0]).not.toContain('second line');
    }
  });
});
