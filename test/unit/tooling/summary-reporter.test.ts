import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestModule } from 'vitest/node';
import SummaryReporter from '../../summary-reporter.ts';

/** A stand-in for vitest's TestModule with the fields the reporter reads. */
function module(file: string, tests: { name: string; state: string; error?: string }[], loadError?: string): TestModule {
  const all = tests.map((t) => ({
    name: t.name,
    fullName: `suite > ${t.name}`,
    result: () => ({ state: t.state, errors: t.error ? [{ message: t.error }] : undefined }),
    diagnostic: () => ({ duration: 1 }),
  }));
  return {
    moduleId: `/repo/${file}`,
    project: { name: 'unit' },
    state: () => (loadError || tests.some((t) => t.state === 'failed') ? 'failed' : 'passed'),
    errors: () => (loadError ? [{ message: loadError }] : []),
    children: { allTests: () => all },
    diagnostic: () => ({ environmentSetupDuration: 0, prepareDuration: 0, collectDuration: 0, setupDuration: 0, duration: 1 }),
  } as unknown as TestModule;
}

function printed(modules: TestModule[]): string {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const reporter = new SummaryReporter();
  reporter.onInit({ config: { root: '/repo' } } as never);
  reporter.onTestRunEnd(modules);
  write.mockRestore();
  return out;
}

describe('the summary reporter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names each failed test with the first line of its error, just before the closing line', () => {
    const out = printed([
      module('test/a.test.ts', [
        { name: 'ok', state: 'passed' },
        { name: 'waits', state: 'failed', error: 'Timed out after 30000 ms\n    at stack' },
      ]),
      module('test/b.test.ts', [], 'Cannot find module x\nmore'),
      module('test/c.test.ts', [{ name: 'later', state: 'skipped' }]),
    ]);
    const lines = out.trim().split('\n');
    expect(lines.slice(-4)).toEqual([
      'failed: unit test/a.test.ts › suite > waits: Timed out after 30000 ms',
      'failed: unit test/b.test.ts: Cannot find module x',
      '',
      '1 passed, 2 failed, 1 skipped',
    ]);
  });

  it("counts a file whose beforeAll failed (its tests skipped) as a failure, with the hook's error", () => {
    const out = printed([module('test/e2e/d.test.ts', [{ name: 'a', state: 'skipped' }, { name: 'b', state: 'skipped' }], 'vigil devnet exited with 2:\nlisten EADDRINUSE')]);
    expect(out.trim().split('\n').slice(-3)).toEqual(['failed: unit test/e2e/d.test.ts: vigil devnet exited with 2:', '', '0 passed, 1 failed, 2 skipped']);
  });

  it('prints no failure line when all passed, and cuts a long message', () => {
    expect(printed([module('test/a.test.ts', [{ name: 'ok', state: 'passed' }])])).toBe('\n1 passed, 0 failed, 0 skipped\n');
    const out = printed([module('test/a.test.ts', [{ name: 'long', state: 'failed', error: 'x'.repeat(400) }])]);
    expect(out).toContain(`failed: unit test/a.test.ts › suite > long: ${'x'.repeat(300)}…\n`);
  });
});
