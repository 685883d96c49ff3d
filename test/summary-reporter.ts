/**
 * Prints one closing line, "N passed, N failed, N skipped", that CI reads whatever the runner.
 * Before it, on runs of more than a few files, the slowest files with their slowest test, so a
 * file that grows slow shows up in every `npm test` (README "Tests" keeps the measured list).
 * After the list, each failed test on a line of its own ("failed: file › test: first line of the
 * error"), so that a log's last lines, all that CI may keep, name what failed.
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
    const failures: string[] = [];
    for (const mod of testModules) {
      const file = `${mod.project.name} ${relative(this.root, mod.moduleId)}`;
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') {
          failedHere++;
          failures.push(failure(`${file} › ${test.fullName}`, result.errors?.[0]?.message));
        } else skipped++;
      }
      failed += failedHere;
      // A file that failed to load, or whose beforeAll failed (its tests then count as skipped), is a failure all the same.
      if (mod.state() === 'failed' && failedHere === 0) {
        failed++;
        failures.push(failure(file, mod.errors()[0]?.message));
      }
    }
    if (testModules.length >= LIST_FROM_FILES) process.stdout.write(this.slowest(testModules));
    if (failures.length > 0) process.stdout.write(`\n${failures.join('\n')}\n`);
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

/** One failed test's line: where, and the first line of its first error (cut at 300 characters). */
function failure(where: string, message: string | undefined): string {
  const first = (message ?? '').split('\n', 1)[0]?.trim() ?? '';
  return `failed: ${where}${first ? `: ${first.length > 300 ? `${first.slice(0, 300)}…` : first}` : ''}`;
}
