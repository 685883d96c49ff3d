/**
 * The Firefox build (dist/extension-firefox): its manifest and scripts. Mozilla's linter (web-ext
 * lint) runs once, on the Firefox package of a clean build, which holds this build's files byte for
 * byte (test/integration/package.test.ts); test/e2e/firefox-run.test.ts runs this build in
 * firefox-esr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './harness.ts';

const FIREFOX_DIR = join(REPO, 'dist/extension-firefox');

describe('the Firefox build', () => {
  it('has a background script instead of a service worker, and the same scripts as Chrome', () => {
    const manifest = JSON.parse(readFileSync(join(FIREFOX_DIR, 'manifest.json'), 'utf8'));
    // A wake parses background.js alone: app.js, the app host (rollups, the L2 wallet, exits), is put on
    // the same page when first asked for (Chrome: the offscreen document).
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    expect(manifest.browser_specific_settings.gecko.id).toBe('vigil@vigil.dev');
    for (const file of ['background.js', 'app.js', 'popup.js', 'popup.html', 'worker.js', 'content-main.js', 'content-bridge.js']) {
      expect(readFileSync(join(FIREFOX_DIR, file)).length).toBeGreaterThan(0);
    }
  });
});
