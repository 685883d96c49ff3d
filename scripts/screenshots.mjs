/**
 * `npm run screenshots`: every screen of Vigil, light and dark, at 360×600 (device scale 1), into
 * docs/screenshots/<screen>-<light|dark>.png, from a running devnet and the development build in
 * Chromium. The screens and how they are reached are test/e2e/a11y-screens.ts's, the ones
 * test/e2e/a11y.test.ts checks with axe; this only shoots them, then writes the list into
 * docs/screenshots/README.md. Run with tsx (the walk is TypeScript) after `npm run build`, which
 * the npm script does first.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalScreens, delegationScreens, exitScreens, onboardingScreens, openSession, SCHEMES, tabScreens, VIEWPORT } from '../test/e2e/a11y-screens.ts';
import { REPO } from '../test/e2e/harness.ts';

const OUT = join(REPO, 'docs/screenshots');
const started = Date.now();
mkdirSync(OUT, { recursive: true });
// The screens of the last run go: a screen renamed or gone leaves no stale picture behind.
for (const f of readdirSync(OUT)) if (/-(light|dark)\.png$/.test(f)) rmSync(join(OUT, f));

/** @type {string[]} */
const shot = [];
/** @type {import('../test/e2e/a11y-screens.ts').Visit} */
const visit = async (name, page) => {
  const size = page.viewportSize();
  if (size?.width !== VIEWPORT.width || size?.height !== VIEWPORT.height) throw new Error(`${name}: the page is ${JSON.stringify(size)}, not 360×600`);
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // The page repaints in the new scheme before the shot.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: join(OUT, `${name}-${colorScheme}.png`), animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: null });
  shot.push(name);
  console.log(`shot ${name}`);
};

const session = await openSession();
try {
  await onboardingScreens(session, visit);
  await approvalScreens(session, visit);
  await delegationScreens(session, visit);
  await tabScreens(session, visit);
  await exitScreens(session, visit);
} finally {
  await session.close();
}

const bytes = shot.flatMap((n) => SCHEMES.map((s) => statSync(join(OUT, `${n}-${s}.png`)).size)).reduce((a, b) => a + b, 0);
writeFileSync(
  join(OUT, 'README.md'),
  [
    '# Screenshots',
    '',
    'Every screen of Vigil at 360×600 (the popup\'s size; device scale 1), light and dark, rendered from a',
    'running devnet (with its rollup) and the development build in Chromium. Made by `npm run screenshots`',
    '(scripts/screenshots.mjs): it builds, starts the devnet and the browser as the e2e tests do, walks the',
    'screens of test/e2e/a11y-screens.ts (the ones test/e2e/a11y.test.ts checks with axe-core, for console',
    'errors and for sideways scroll) and rewrites the pictures below and this list. Regenerate after any',
    'change to the popup, the approval window or popup.css.',
    '',
    '| Screen | Light | Dark |',
    '| --- | --- | --- |',
    ...shot.map((n) => `| ${n} | [${n}-light.png](${n}-light.png) | [${n}-dark.png](${n}-dark.png) |`),
    '',
    'popup-devnet.png and demo-devnet.png are made by `vigil start --screenshot`, not by this script.',
    '',
  ].join('\n'),
);
console.log(`${shot.length} screens, ${shot.length * SCHEMES.length} PNGs (${Math.round(bytes / 1024)} KiB) in docs/screenshots, in ${Math.round((Date.now() - started) / 1000)} s`);
