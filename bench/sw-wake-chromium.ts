/**
 * Service-worker wake → first verified head, in real Chromium (Debian's, headless) with the built
 * extension (its development build, dist/extension-dev) following the devnet. Each sample: wait until the extension is synced,
 * stop its service worker through the DevTools protocol (ServiceWorker.stopAllWorkers) and wait
 * until Chromium reports it stopped, then a page on 127.0.0.1 asks `eth_getBalance` through
 * window.ethereum (that request is what wakes the worker). Timed from the page's request:
 * - `answered`: the page has the balance, proven against the head the woken worker holds (a page
 *   refused meanwhile retries every 50 ms; the refusals are counted);
 * - `started`: when the new worker instance started (its status's instanceStartedAt), relative to
 *   the page's request: negative when something else woke it first (the offscreen document's
 *   messages wake it too);
 * - `head`: when the new instance held a verified head: the `verifiedAt` (its own clock, the
 *   machine's) of the first optimistic head it announced, the resumed store's head or a newer one;
 *   taken from the status, not from when the status answered;
 * - `status`: how long the popup's first status request after the wake took to answer (it asks the
 *   app host for the rollups' part).
 * The popup's status polls (every 25 ms) start only once the page's request is sent, so the
 * page's request is meant to be the waking event. A sample whose worker started before the
 * request (woken by something else) measures no wake by a page: the samples are reported in two
 * groups, woken by the page and woken before it, each with its median and spread.
 *
 * Usage: `npm run build && node --import tsx bench/sw-wake-chromium.ts [samples=7] [--extension <dir>]`
 * (prints markdown; --extension: another build of the extension, e.g. an earlier commit's)
 */
import type { Page } from 'playwright-core';
import { launchExtension, sendMessage, servePages, startDevnet, waitFor } from '../test/e2e/harness.ts';

interface HeadLike {
  slot: number;
  verifiedAt: number;
}
interface StatusLike {
  state: string;
  optimistic: HeadLike | null;
  lifecycle: { instanceStartedAt: number; lastInit: string | null };
}

const args = process.argv.slice(2);
const extAt = args.indexOf('--extension');
const extensionDir = extAt >= 0 ? args.splice(extAt, 2)[1] : undefined;
const samples = Number(args[0] ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;

const devnet = await startDevnet({ slotSeconds: 2, faults: false });
const pages = await servePages({ 'index.html': '<!doctype html><title>wake</title><body>wake</body>' });
const browser = await launchExtension(extensionDir);
try {
  const popup = await browser.openPopup();
  const status = () => sendMessage<StatusLike>(popup, { type: 'vigil:getStatus' });
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a synced head', async () => {
    const s = await status();
    return s.state === 'synced' && s.optimistic !== null && s;
  }, 120_000);
  const page: Page = await browser.context.newPage();
  await page.goto(`${pages.url}/index.html`);
  await page.waitForFunction(() => (window as any).ethereum !== undefined);
  const account = devnet.ready.accounts[0]!;
  // One request while awake: the page's provider port is up and the balance proven once.
  await page.evaluate((a) => (window as any).ethereum.request({ method: 'eth_getBalance', params: [a, 'latest'] }), account);

  const answered: number[] = [];
  const newHead: number[] = [];
  const firstStatus: number[] = [];
  const started: number[] = [];
  const refusals: number[] = [];
  const cdpPage = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(cdpPage);
  let running = true;
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
    const v = e.versions.find((x) => x.scriptURL.endsWith('/background.js'));
    if (v !== undefined) running = v.runningStatus !== 'stopped';
  });
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; i < samples; i++) {
    const before = await waitFor('synced', async () => {
      const s = await status();
      return s.state === 'synced' && s.optimistic !== null && s;
    }, 60_000);
    // Something may wake it again before the stop is reported (the offscreen document's messages): stop it again.
    for (let attempt = 1; ; attempt++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      try {
        await waitFor('the service worker to stop', async () => !running, 3_000, 20);
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
    // Let Chromium settle the stop before the wake (nothing of ours runs meanwhile).
    await new Promise((r) => setTimeout(r, 500));
    const wallStart = Date.now();
    const t0 = performance.now();
    // A page that gets an error retries every 50 ms, as a dApp might; the refusals are counted.
    const answer = page
      .evaluate(async (a) => {
        let refused = 0;
        for (;;) {
          try {
            await (window as any).ethereum.request({ method: 'eth_getBalance', params: [a, 'latest'] });
            return refused;
          } catch (e) {
            refused++;
            if (refused > 600) throw e;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      }, account)
      .then((n) => {
        refusals.push(n);
        return performance.now();
      });
    let polled = 0;
    const head = waitFor('a head verified by the woken worker', async () => {
      const asked = performance.now();
      const s = await status();
      if (polled++ === 0) firstStatus.push(performance.now() - asked);
      const fresh = s.lifecycle.instanceStartedAt !== before.lifecycle.instanceStartedAt && s.optimistic !== null && s.optimistic.verifiedAt >= s.lifecycle.instanceStartedAt;
      return fresh && { head: s.optimistic!.verifiedAt - wallStart, started: s.lifecycle.instanceStartedAt - wallStart };
    }, 60_000, 25);
    const [ta, held] = await Promise.all([answer, head]);
    const th = (held as { head: number }).head;
    answered.push(ta - t0);
    newHead.push(th);
    started.push((held as { started: number }).started);
    process.stderr.write(`sample ${i + 1}: answered ${(ta - t0).toFixed(0)} ms (${refusals.at(-1)} refusals first), instance started ${started.at(-1)} ms, head held ${th} ms, first status ${firstStatus.at(-1)!.toFixed(0)} ms\n`);
  }
  await cdp.detach();
  const chromiumVersion = browser.context.browser()?.version() ?? 'Chromium';
  const groups = [
    { name: 'woken by the page', keep: (i: number) => started[i]! >= 0 },
    { name: 'woken before the page asked (not a page wake)', keep: (i: number) => started[i]! < 0 },
  ];
  for (const g of groups) {
    const idx = started.map((_, i) => i).filter(g.keep);
    if (idx.length === 0) continue;
    const pick = (xs: number[]) => idx.map((i) => xs[i]!);
    console.log(`\n${g.name}: ${idx.length} of ${samples} samples\n`);
    console.log(`| measure (Chromium ${chromiumVersion}, devnet 2 s slots) | median (min, max) |`);
    console.log('|---|---:|');
    console.log(`| page request → answered (proven balance) | ${fmt(pick(answered))} |`);
    console.log(`| page request → the new worker instance started | ${fmt(pick(started))} |`);
    console.log(`| page request → the new instance holds a verified head (its verifiedAt) | ${fmt(pick(newHead))} |`);
    console.log(`| the popup's first status request after the wake → answered | ${fmt(pick(firstStatus))} |`);
    console.log(`| page requests refused during the wake (NO_VERIFIED_HEAD; retried every 50 ms) | ${pick(refusals).join(', ')} |`);
  }
} finally {
  await browser.close();
  await pages.close();
  await devnet.stop();
}
