/** Before the browser tests: Chromium is there (installed if missing) and the extension is built. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, EXTENSION_DIR, FIREFOX_EXTENSION_DIR, REPO } from './harness.ts';

export default function setup(): void {
  chromiumPath();
  for (const dir of [EXTENSION_DIR, FIREFOX_EXTENSION_DIR, join(REPO, 'dist/extension'), join(REPO, 'dist/extension-firefox')]) {
    if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} is missing: run npm run build (npm test does it first)`);
  }
  if (!existsSync(join(REPO, 'dist/cli/vigil.mjs'))) throw new Error('dist/cli/vigil.mjs is missing: run npm run build');
}
