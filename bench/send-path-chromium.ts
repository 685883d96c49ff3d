/**
 * A page's eth_sendTransaction through the built extension, in real Chromium (Debian's, headless)
 * on the devnet with its demo token: the two waits a user feels, per build of the extension.
 * - `request → window`: from the page's request until Vigil's approval window shows it with its
 *   Approve button (the transaction filled, estimated and simulated over proven state);
 * - `approval → broadcast`: from the click on Approve until the page holds the hash (the sender
 *   proven again, the transaction simulated again, signed, written down and sent: Vigil answers
 *   the page only after the node took the bytes).
 * Each sample sends 1 VTA from devnet account 0 to account 4 (an ERC-20 transfer: a simulation
 * with a token read). Builds run one after the other against the same devnet, each in a fresh
 * browser profile, so two builds (e.g. before and after a change) are compared in one run. With
 * `--rtt <ms>`, the extension reaches the execution RPC through a proxy here that holds each HTTP
 * request that long, as a remote endpoint would (a local node answers in a millisecond, which
 * hides how many round trips a path takes).
 *
 * Usage: `npm run build && node --import tsx bench/send-path-chromium.ts [samples=9] [--rtt <ms>] [--extension <dir>]…`
 * (default: the development build the tests load, dist/extension-dev; no added latency; prints markdown)
 */
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';
import { encodeFunctionData, erc20Abi } from 'viem';
import { EXTENSION_DIR, launchExtension, sendMessage, servePages, startDevnet, waitFor } from '../test/e2e/harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const args = process.argv.slice(2);
const builds: string[] = [];
for (let i = args.indexOf('--extension'); i >= 0; i = args.indexOf('--extension')) builds.push(args.splice(i, 2)[1]!);
if (builds.length === 0) builds.push(EXTENSION_DIR);
const rttAt = args.indexOf('--rtt');
const rtt = rttAt >= 0 ? Number(args.splice(rttAt, 2)[1]) : 0;
const samples = Number(args[0] ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;

const devnet = await startDevnet({ slotSeconds: 2, faults: false, contracts: true });
const remote = rtt > 0 ? await latencyProxy(devnet.ready.executionRpc, rtt) : undefined;
const network = remote ? { ...devnet.ready, executionRpc: remote.url } : devnet.ready;
const pages = await servePages({ 'index.html': '<!doctype html><title>send</title><body>send</body>' });
const from = devnet.ready.accounts[0]!;
const to = devnet.ready.accounts[4]!;
const token = devnet.ready.contracts!.token;
const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to as `0x${string}`, 10n ** 18n] });
const rows: string[] = [];
let chromiumVersion = 'Chromium';
try {
  for (const dir of builds) {
    const browser = await launchExtension(dir);
    chromiumVersion = browser.context.browser()?.version() ?? chromiumVersion;
    try {
      const popup = await browser.openPopup();
      await sendMessage(popup, { type: 'vigil:setNetwork', network });
      await sendMessage(popup, { type: 'vigil:wallet:create', password: 'correct horse battery', mnemonic: MNEMONIC });
      const page: Page = await browser.context.newPage();
      await page.goto(`${pages.url}/index.html`);
      await page.waitForFunction(() => (window as any).ethereum !== undefined);
      // Connected once (not timed); the first send waits for a head two thirds of the committee signed.
      const connect = page.evaluate(() => (window as any).ethereum.request({ method: 'eth_requestAccounts' }));
      const connectWindow = await approvalWindow(browser.context);
      await connectWindow.click('[data-testid="approval-approve"]:not([disabled])', { timeout: 30_000 });
      await connect;
      await waitFor('a verified head', async () => (await sendMessage(popup, { type: 'vigil:getStatus' })).optimistic, 90_000);
      const toWindow: number[] = [];
      const toBroadcast: number[] = [];
      for (let i = 0; i < samples + 1; i++) {
        const t0 = performance.now();
        const sent = page.evaluate(([f, t, d]) => (window as any).ethereum.request({ method: 'eth_sendTransaction', params: [{ from: f, to: t, data: d }] }) as Promise<string>, [from, token, data] as const);
        const win = await approvalWindow(browser.context);
        const t1 = performance.now();
        await win.click('[data-testid="approval-approve"]:not([disabled])', { timeout: 30_000 });
        const t2 = performance.now();
        await sent;
        const t3 = performance.now();
        // The first send warms the app host and the EVM: not counted.
        if (i > 0) {
          toWindow.push(t1 - t0);
          toBroadcast.push(t3 - t2);
        }
        process.stderr.write(`${dir} sample ${i}: request → window ${(t1 - t0).toFixed(0)} ms, approval → broadcast ${(t3 - t2).toFixed(0)} ms\n`);
        // The next send after this one is included: its nonce is then proven, not pending.
        await new Promise((r) => setTimeout(r, 2500));
      }
      rows.push(`| ${dir} | ${fmt(toWindow)} | ${fmt(toBroadcast)} |`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await pages.close();
  await remote?.close();
  await devnet.stop();
}
console.log(`\n| build (${chromiumVersion}, devnet 2 s slots, ${rtt} ms added per RPC round trip, ${samples} sends each) | request → window, median | approval → broadcast, median |`);
console.log('|---|---|---|');
for (const r of rows) console.log(r);

/** An HTTP proxy on 127.0.0.1 that holds each request `ms` before passing it to `upstream`. */
async function latencyProxy(upstream: string, ms: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        fetch(upstream, { method: req.method ?? 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
          .then(async (up) => {
            const body = Buffer.from(await up.arrayBuffer());
            res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json', 'access-control-allow-origin': '*' });
            res.end(body);
          })
          .catch(() => res.destroy());
      }, ms);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The approval window once it shows a request (a new window, or the site's open one moving on). */
async function approvalWindow(context: import('playwright-core').BrowserContext): Promise<Page> {
  return waitFor('an approval window', async () => {
    for (const p of context.pages()) {
      if (p.isClosed() || !p.url().includes('/approval.html')) continue;
      const ready = await p.evaluate(() => {
        const button = document.querySelector('[data-testid="approval-approve"]');
        const id = document.querySelector('[data-approval-id]')?.getAttribute('data-approval-id');
        return button !== null && id !== null && id !== undefined && !(window as any).__benchSeen?.has(id) ? id : null;
      }).catch(() => null);
      if (ready !== null) {
        await p.evaluate((id) => ((window as any).__benchSeen ??= new Set()).add(id), ready);
        return p;
      }
    }
    return undefined;
  }, 60_000, 10);
}
