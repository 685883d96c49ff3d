/**
 * Prints one closing line, "N passed, N failed, N skipped", that CI reads whatever the runner.
 * Before it, on runs of more than a few files, the slowest files with their slowest test, so a
 * file that grows slow shows up in every `npm test` (README "Tests" keeps the measured list).
 */
import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

/** Runs of fewer files print no list. */
const LIST_FROM_FILES = 10;
const LISTED = 8;

export default class SummaryReporter implements Reporter {
  private root = process.cwd();

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load has no tests but is a failure all the same.
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    if (testModules.length >= LIST_FROM_FILES) process.stdout.write(this.slowest(testModules));
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }

  /** The slowest files (import, set-up, hooks and tests), each with its slowest test. */
  private slowest(testModules: ReadonlyArray<TestModule>): string {
    const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
    const rows = testModules.map((mod) => {
      const d = mod.diagnostic();
      let top: { name: string; ms: number } | undefined;
      for (const test of mod.children.allTests()) {
        const ms = test.diagnostic()?.duration ?? 0;
        if (!top || ms > top.ms) top = { name: test.name, ms };
      }
      return { mod, ms: d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration + d.duration, top };
    });
    rows.sort((a, b) => b.ms - a.ms);
    const lines = rows.slice(0, LISTED).map(({ mod, ms, top }) => {
      const file = `${mod.project.name} ${relative(this.root, mod.moduleId)}`;
      return `${seconds(ms)} s  ${file}${top ? `  (${seconds(top.ms).trim()} s: ${top.name})` : ''}`;
    });
    return `\nslowest files:\n${lines.join('\n')}\n`;
  }
}
