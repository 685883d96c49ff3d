/**
 * The Firefox build (dist/extension-firefox) passes Mozilla's linter (web-ext lint, which runs
 * addons-linter): no errors, no warnings (Preact's one innerHTML assignment, for
 * dangerouslySetInnerHTML, which Vigil does not use, is a thrown error in the build: vite.config.ts
 * noInnerHtml). test/integration/package.test.ts lints the Firefox package of a clean build the
 * same way; test/e2e/firefox-run.test.ts runs this build in firefox-esr.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from './harness.ts';

const FIREFOX_DIR = join(REPO, 'dist/extension-firefox');

describe('the Firefox build', () => {
  it('passes web-ext lint with no errors and no warnings', async () => {
    const bin = join(REPO, 'node_modules/web-ext/bin/web-ext.js');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'lint', '--source-dir', FIREFOX_DIR, '--output', 'json', '--no-config-discovery'], {
      cwd: REPO,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, WEB_EXT_TELEMETRY: 'false', NO_UPDATE_NOTIFIER: '1' },
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const report = JSON.parse(stdout) as { summary: { errors: number; warnings: number }; errors: { code: string; message: string }[]; warnings: { code: string; file?: string }[] };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
    expect(report.warnings.map((w) => `${w.code} ${w.file}`)).toEqual([]);
  }, 120_000);

  it('has a background script instead of a service worker, and the same scripts as Chrome', () => {
    const manifest = JSON.parse(readFileSync(join(FIREFOX_DIR, 'manifest.json'), 'utf8'));
    // A wake parses background.js alone: app.js, the app host (rollups, the L2 wallet, exits), is put on
    // the same page when first asked for (Chrome: the offscreen document).
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    expect(manifest.browser_specific_settings.gecko.id).toBe('vigil@vigil.dev');
    for (const file of ['background.js', 'app.js', 'popup.js', 'popup.html', 'verifier-worker.js', 'content-main.js', 'content-bridge.js']) {
      expect(readFileSync(join(FIREFOX_DIR, file)).length).toBeGreaterThan(0);
    }
  });
});
