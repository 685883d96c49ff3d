/**
 * Accessibility and fit, in real Chromium on the devnet: each screen a11y-screens.ts walks
 * (onboarding, every popup tab, every kind of approval window, a page's and the popup's delegation, the exits card) at 360×600, in the
 * light and the dark colour scheme (`prefers-color-scheme`, emulated), has
 * - no serious or critical violation of axe-core's WCAG 2.0 A/AA and 2.1 AA rules
 *   (https://github.com/dequelabs/axe-core/blob/develop/doc/rule-descriptions.md), contrast
 *   included, so the dark palette is checked as the light one is;
 * - no console error and no uncaught exception on its page;
 * - nothing that scrolls sideways (the document, or any scrolling box such as the popup's main);
 * - no address or URL clipped (by an ellipsis, a hidden overflow or a <select>) and no word broken
 *   mid-word over two lines (./text-fit.ts; text-fit.test.ts shows each check can fail);
 * - a different background in dark than in light: the dark palette is in force.
 * Each phase gathers every problem of its screens before it fails, so one run lists them all.
 */
import type { Page } from 'playwright-core';
import { textFitProblems } from './text-fit.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalScreens, delegationScreens, exitScreens, fitScreens, onboardingScreens, openSession, runAxe, SCHEMES, type Session, sidewaysScroll, slug, tabScreens, VIEWPORT, type Visit } from './a11y-screens.ts';

let session: Session;
/** Console errors and uncaught exceptions, per page, not yet reported by a screen. */
const errors = new Map<Page, string[]>();
const watch = (page: Page) => {
  if (errors.has(page)) return;
  errors.set(page, []);
  page.on('console', (m) => m.type() === 'error' && errors.get(page)!.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.get(page)!.push(`pageerror: ${e.message}`));
};

/** A visit that checks the screen in each scheme and adds what it finds to `problems`. */
function checker(problems: string[], seen: string[]): Visit {
  return async (name, page) => {
    seen.push(name);
    watch(page);
    expect(page.viewportSize(), name).toEqual(VIEWPORT);
    const backgrounds: string[] = [];
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const where = `${name} (${colorScheme})`;
      backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      for (const v of await runAxe(page)) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        for (const n of v.nodes) problems.push(`${where}: axe ${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`);
      }
      for (const s of await sidewaysScroll(page)) problems.push(`${where}: scrolls sideways: ${s}`);
      // The layout is the scheme's as much as the colours: checked in each.
      for (const t of await textFitProblems(page)) problems.push(`${where}: ${t}`);
    }
    await page.emulateMedia({ colorScheme: null });
    // The dark palette is in force in the dark scheme (axe then checks its contrast, not the light one's twice).
    if (backgrounds[0] === backgrounds[1]) problems.push(`${name}: the same background (${backgrounds[0]}) in light and dark`);
    for (const e of errors.get(page)!.splice(0)) problems.push(`${name}: ${e}`);
  };
}

beforeAll(async () => {
  session = await openSession();
  watch(session.popup);
  session.browser.context.on('page', watch);
}, 300_000);

afterAll(async () => {
  await session?.close();
});

describe('every screen at 360×600, light and dark: axe, console, sideways scroll, text that fits', () => {
  it('onboarding', async () => {
    const problems: string[] = [];
    const seen: string[] = [];
    await onboardingScreens(session, checker(problems, seen));
    expect(seen).toEqual(['onboarding', 'onboarding-phrase', 'onboarding-import']);
    expect(problems).toEqual([]);
  }, 120_000);

  it('the approval windows: connect, typed data, a permit in words, sign-in, transaction, a transaction in words, batch, and the popup\'s delegation', async () => {
    const problems: string[] = [];
    const seen: string[] = [];
    await approvalScreens(session, checker(problems, seen));
    await delegationScreens(session, checker(problems, seen));
    expect(seen).toEqual(['approval-connect', 'approval-typed-data', 'approval-permit-words', 'approval-sign-in', 'approval-transaction', 'approval-transaction-words', 'approval-batch', 'approval-delegation']);
    expect(problems).toEqual([]);
    // Eight windows, each bounded and named on its own (a transaction's simulated over proven state: a minute or more on a busy machine).
  }, 900_000);

  it('each tab of the popup', async () => {
    const problems: string[] = [];
    const seen: string[] = [];
    const tabs = await tabScreens(session, checker(problems, seen));
    // The tabs every version has; any other (Rollups) is walked as well.
    for (const tab of ['Wallet', 'Status', 'Settings']) expect(tabs, `the tablist lacks ${tab}`).toContain(tab);
    expect(seen).toEqual(tabs.map((t) => `tab-${slug(t)}`));
    expect(problems).toEqual([]);
  }, 180_000);

  it("where long text must fit: a second wallet's account on the home, a network's preview", async () => {
    const problems: string[] = [];
    const seen: string[] = [];
    await fitScreens(session, checker(problems, seen));
    expect(seen).toEqual(['home-second-wallet', 'add-network-preview']);
    expect(problems).toEqual([]);
  }, 180_000);

  it('the exits card (route, start, a running exit) and the deposit window', async () => {
    const problems: string[] = [];
    const seen: string[] = [];
    await exitScreens(session, checker(problems, seen));
    expect(seen).toEqual(['approval-deposit', 'exit-start', 'exit-card']);
    expect(problems).toEqual([]);
    // Its waits follow the devnet rollup's batches, each proven first (exitScreens' bounds).
  }, 900_000);
});
