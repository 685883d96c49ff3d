/**
 * `vigil start` (what `npm start` runs): the devnet with its demo contracts and rollup, the demo
 * dApp (demo/ of this checkout) served on 127.0.0.1, and Debian's Chromium with the built
 * extension in a fresh profile. The extension is pointed at the devnet through its popup, as a
 * user does it (Settings → "Use this devnet", or Add network), never through a hidden hook; once
 * the popup shows a verified head, the demo page opens in a tab and the browser is left to the
 * user. Ctrl-C or SIGTERM closes the browser, the demo server and the devnet.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { InputError } from '../../core/errors.ts';
import type { Devnet, DevnetInfo } from '../../devnet/devnet.ts';
import { errorLine } from '../io.ts';
import { DEV_EXTENSION_DIR, DEVNET_FLAGS, type DevnetSession, devnetRun, extensionLines, inCheckout, runDevnet } from './devnet.ts';
import { chromiumExtensionArgs } from '../chromium-flags.ts';

export const usage = `vigil start [--no-browser] [--screenshot <dir>] [vigil devnet's flags]
  The whole demo in one command (npm start runs it after the build): the devnet with its demo
  contracts and rollup (vigil devnet --contracts --rollup; its other flags pass through), the demo
  dApp on http://127.0.0.1:8591/ (a free port when that one is taken: it finds Vigil through
  EIP-6963, shows the chain, a proven balance and where it was proven, the demo token's balance, and
  sends), and Debian's Chromium with the built extension's development build (dist/extension-dev:
  the local hosts granted) in a fresh profile. The
  extension is pointed at the devnet through its popup, as a user does it (Settings → "Use this
  devnet", or Add network); once the popup shows a verified head the demo page opens in a tab and
  the browser stays open. Ctrl-C or SIGTERM closes the browser, the demo page and the devnet.
  --no-browser: the devnet and the demo page only, with how to load the extension yourself.
  Without a display (Linux with neither DISPLAY nor WAYLAND_DISPLAY) it says so, prints what to
  open and keeps serving; \`xvfb-run -a npm start\` gives it a virtual one.
  --screenshot <dir>: once the popup shows a verified head and the demo page the proven balance,
  saves <dir>/popup.png and <dir>/demo.png.`;

/** The demo page's port when it is free (the devnet's discovery object is on 8590). */
export const DEMO_PORT = 8591;

const VERIFIED_HEAD_TIMEOUT_MS = 240_000;
const PROVEN_BALANCE_TIMEOUT_MS = 90_000;

export async function startCommand(argv: string[], out: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...DEVNET_FLAGS, 'no-browser': { type: 'boolean' }, screenshot: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  const { 'no-browser': noBrowser, screenshot, ...devnetFlags } = values;
  if (noBrowser && screenshot !== undefined) throw new InputError('--screenshot needs the browser: drop --no-browser');
  // The demo needs the token (--contracts); the popup shows the rollup it follows (--rollup).
  const run = devnetRun({ ...devnetFlags, contracts: true, rollup: true });
  const options = { browser: !noBrowser, ...(screenshot !== undefined ? { screenshotDir: resolve(screenshot) } : {}) };
  return runDevnet(run, out, { ...(signal ? { signal } : {}), session: (devnet, stopping) => startSession(devnet, stopping, options) });
}

interface SessionOptions {
  browser: boolean;
  screenshotDir?: string;
}

const say = (line: string) => process.stderr.write(line + '\n');

/** The demo server, then (with a display) the browser; undone by close(). */
function startSession(devnet: Devnet, stopping: AbortSignal, options: SessionOptions): DevnetSession {
  const info = devnet.info;
  let demo: DemoServer | undefined;
  let launching: Promise<Launched> | undefined;
  let closed = false;

  const done = (async () => {
    demo = await serveDemo(info);
    if (closed) return;
    say(`demo dApp: ${demo.url}`);
    if (!options.browser) {
      say(['', ...extensionLines(info), `  then open the demo dApp: ${demo.url}`, '', 'Ctrl-C stops the devnet and the demo page.'].join('\n'));
      return;
    }
    const display = displayProblem();
    if (display !== undefined) {
      if (options.screenshotDir !== undefined) throw new InputError(`no display: ${display}; --screenshot needs one (xvfb-run -a … gives one)`);
      say(noDisplayText(info, demo.url, display));
      return;
    }
    try {
      launching = launchBrowser(join(devnet.dataDir, 'browser-profile'));
      const browser = await launching;
      if (closed) return;
      await showWallet(browser, info, demo.url, options.screenshotDir, () => closed || stopping.aborted);
    } catch (err) {
      if (closed || stopping.aborted) return;
      // Screenshots are the point of --screenshot: fail. Otherwise the devnet and the page still serve.
      if (options.screenshotDir !== undefined) throw err;
      say(`the browser could not be set up: ${errorLine(err)}`);
      say(['', 'Do it by hand instead:', ...extensionLines(info), `  then open the demo dApp: ${demo.url}`, '', 'Ctrl-C stops the devnet and the demo page.'].join('\n'));
    }
  })();

  return {
    done,
    async close() {
      closed = true;
      const launched = launching ? await launching.catch(() => undefined) : undefined;
      if (launched) {
        say('closing the browser…');
        await launched.close();
      }
      await demo?.close();
    },
  };
}

/** Why no browser window can open here, or undefined when one can. */
function displayProblem(): string | undefined {
  if (process.platform === 'darwin' || process.platform === 'win32') return undefined;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined;
  return 'neither DISPLAY nor WAYLAND_DISPLAY is set, so no browser window can open';
}

function noDisplayText(info: DevnetInfo, demoUrl: string, problem: string): string {
  return [
    '',
    `no display: ${problem}. The devnet and the demo page keep serving; open them from a browser with a screen:`,
    ...extensionLines(info),
    `  the demo dApp   ${demoUrl}`,
    '',
    'Or give this command a virtual display (Debian: apt-get install xvfb, or scripts/ensure-xvfb.sh):',
    '  xvfb-run -a npm start        (or: xvfb-run -a npx vigil start --screenshot <dir>)',
    '',
    'Ctrl-C stops the devnet and the demo page.',
  ].join('\n');
}

// ---- the demo page ------------------------------------------------------------------------

interface DemoServer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** What the page needs to know about this devnet (it asks Vigil for everything else). */
export function demoConfig(info: DevnetInfo): Record<string, unknown> {
  return {
    chainId: info.chainId,
    accounts: info.accounts.slice(0, 4),
    ...(info.contracts ? { token: info.contracts.token } : {}),
    beaconApi: info.beaconApi,
    executionRpc: info.executionRpc,
    ...(info.discovery ? { discovery: info.discovery } : {}),
  };
}

/** Serves demo/ and /config.json on 127.0.0.1: DEMO_PORT when free, else any free port. */
async function serveDemo(info: DevnetInfo): Promise<DemoServer> {
  const index = inCheckout('demo/index.html');
  if (index === undefined) throw new Error('demo/index.html is not in this checkout');
  const root = dirname(index);
  const config = JSON.stringify(demoConfig(info), null, 2) + '\n';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const name = path === '/' ? 'index.html' : path.slice(1);
    res.setHeader('cache-control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end('GET only');
    if (name === 'config.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(config);
    // Only the folder's own files, by plain name.
    const file = join(root, name);
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.') || !existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  const listen = (port: number) =>
    new Promise<number>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', fail);
        const address = server.address();
        ok(typeof address === 'object' && address ? address.port : port);
      });
    });
  let port: number;
  try {
    port = await listen(DEMO_PORT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    port = await listen(0);
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

// ---- the browser --------------------------------------------------------------------------

interface Launched {
  context: BrowserContext;
  extensionId: string;
  profile: string;
  close(): Promise<void>;
}

/** Debian's Chromium (scripts/ensure-chromium.sh installs it when missing; $VIGIL_CHROMIUM overrides). */
function chromiumPath(): string {
  const script = inCheckout('scripts/ensure-chromium.sh');
  if (script === undefined) {
    const found = [process.env.VIGIL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
    if (found) return found;
    throw new Error('no Chromium found: install Debian\'s chromium, or set VIGIL_CHROMIUM');
  }
  return execFileSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Chromium, headful, with the built extension in a fresh profile at `profile`. */
async function launchBrowser(profile: string): Promise<Launched> {
  const manifest = inCheckout(`${DEV_EXTENSION_DIR}/manifest.json`);
  if (manifest === undefined) throw new Error(`the extension is not built (${DEV_EXTENSION_DIR}): npm run build`);
  const extensionDir = dirname(manifest);
  const executablePath = chromiumPath();
  rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  // playwright-core is external to the CLI bundle (vite.config.ts): loaded from node_modules, here only.
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: false,
    viewport: null,
    // This process stops the browser itself, before the devnet (Playwright's own handlers would exit the process first).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // No "controlled by automated test software" bar: this browser is the user's.
    ignoreDefaultArgs: ['--enable-automation'],
    args: [...chromiumExtensionArgs(extensionDir), '--window-size=1200,900'],
  });
  try {
    const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(worker.url()).host;
    say(`browser: ${executablePath} ${context.browser()?.version() ?? ''}, Vigil ${extensionId}, fresh profile ${profile}`);
    let closing: Promise<void> | undefined;
    context.on('close', () => {
      if (!closing) say('the browser was closed; the devnet and the demo page keep serving (Ctrl-C stops them)');
    });
    return {
      context,
      extensionId,
      profile,
      close: () =>
        (closing ??= (async () => {
          await context.close().catch(() => {});
          rmSync(profile, { recursive: true, force: true });
        })()),
    };
  } catch (err) {
    await context.close().catch(() => {});
    throw err;
  }
}

/**
 * The popup in a tab: Settings → the devnet offer (or Add network by hand) → Add and switch, then
 * the Status tab until a verified head; then the demo page until it shows the proven balance.
 */
async function showWallet(browser: Launched, info: DevnetInfo, demoUrl: string, screenshotDir: string | undefined, cancelled: () => boolean): Promise<void> {
  const { context, extensionId } = browser;
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;
  const popup = context.pages()[0] ?? (await context.newPage());
  await popup.goto(popupUrl);
  await popup.click('[data-testid="tab-settings"]');
  const how = await addDevnet(popup, info);
  say(`popup: ${how}`);
  await popup.click('[data-testid="tab-status"]');
  // A head, then a newer one: the popup follows the chain (the first may be the checkpoint's own).
  const first = await waitForHead(popup, info.chainId, -1);
  const head = await waitForHead(popup, info.chainId, Number(first.slot));
  say(`popup: following the devnet, verified head #${head.block} (slot ${head.slot}) on chain ${info.chainId}`);
  if (cancelled()) return;

  const demo = await context.newPage();
  await demo.goto(demoUrl);
  await demo.bringToFront();
  const proven = await waitForProvenBalance(demo);
  if (proven) say(`demo: proven balance ${proven.text} of ${info.accounts[0]} at block #${proven.block} (state root ${proven.stateRoot})`);
  else say(`demo: no proven balance yet (${await demoProblem(demo)}); see the page`);
  if (cancelled()) return;

  if (screenshotDir !== undefined) {
    if (!proven) throw new Error('--screenshot: the demo page did not show the proven balance');
    mkdirSync(screenshotDir, { recursive: true });
    await popup.bringToFront();
    await popup.waitForSelector('[data-testid="optimistic-block"]');
    const popupPng = join(screenshotDir, 'popup.png');
    await popup.locator('body').screenshot({ path: popupPng });
    say(`screenshot: ${popupPng}`);
    await demo.bringToFront();
    const demoPng = join(screenshotDir, 'demo.png');
    await demo.locator('main').screenshot({ path: demoPng });
    say(`screenshot: ${demoPng}`);
  }
  say(nextSteps(info, popupUrl, demoUrl, browser.profile));
}

/** Settings → the offer of the devnet found on this machine, or Add network with its URLs; returns what was done. */
async function addDevnet(popup: Page, info: DevnetInfo): Promise<string> {
  let how: string;
  // The offer is of whatever devnet serves the well-known URL: ours only when it serves it.
  const offer = info.discovery ? await popup.waitForSelector('[data-testid="devnet-offer-use"]', { timeout: 15_000 }).catch(() => null) : null;
  if (offer) {
    await offer.click();
    how = `Settings → "Use this devnet" (found at ${info.discovery}) → Add and switch`;
  } else {
    await popup.click('[data-testid="add-network-open"]');
    await popup.fill('[data-testid="add-network-beacon"]', info.beaconApi);
    await popup.fill('[data-testid="add-network-rpc"]', info.executionRpc);
    await popup.click('[data-testid="add-network-read"]');
    how = `Settings → Add network (beacon API ${info.beaconApi}, execution RPC ${info.executionRpc}) → Add and switch`;
  }
  const preview = await popup.waitForSelector('[data-testid="add-network-preview"], [data-testid="add-network-error"]', { timeout: 60_000 });
  if ((await preview.getAttribute('data-testid')) === 'add-network-error') {
    throw new Error(`Add network refused the devnet: ${(await preview.getAttribute('data-code')) ?? ''} ${(await preview.textContent()) ?? ''}`.trim());
  }
  await popup.click('[data-testid="add-network-save"]');
  return how;
}

/** The Status tab shows this chain and a verified head past slot `after`. */
async function waitForHead(popup: Page, chainId: number, after: number): Promise<{ block: string; slot: string }> {
  const handle = await popup.waitForFunction(
    ({ chain, after }) => {
      const network = document.querySelector('[data-testid="network"]')?.textContent ?? '';
      const block = document.querySelector('[data-testid="optimistic-block"]')?.textContent?.replace(/[#,\s]/g, '');
      const slot = document.querySelector('[data-testid="optimistic-slot"]')?.textContent?.replace(/[,\s]/g, '');
      return network.includes(`chain ${chain} `) && block && slot && Number(slot) > after ? { block, slot } : null;
    },
    { chain: chainId, after },
    { timeout: VERIFIED_HEAD_TIMEOUT_MS, polling: 500 },
  );
  return (await handle.jsonValue()) as { block: string; slot: string };
}

/** The demo page's proven balance, once shown (null when it shows an error or nothing in time). */
async function waitForProvenBalance(demo: Page): Promise<{ text: string; block: string; stateRoot: string } | null> {
  const card = await demo.waitForSelector('[data-testid="proven-balance"][data-state="ok"]', { timeout: PROVEN_BALANCE_TIMEOUT_MS }).catch(() => null);
  if (!card) return null;
  return {
    text: ((await demo.textContent('#balance-value')) ?? '').trim(),
    block: (await card.getAttribute('data-block')) ?? '?',
    stateRoot: (await card.getAttribute('data-state-root')) ?? '?',
  };
}

async function demoProblem(demo: Page): Promise<string> {
  const parts = await Promise.all(['#wallet-text', '#chain-text', '#balance-error'].map((s) => demo.textContent(s).catch(() => null)));
  return parts.filter((p): p is string => Boolean(p && p.trim())).join(' · ') || 'nothing shown';
}

function nextSteps(info: DevnetInfo, popupUrl: string, demoUrl: string, profile: string): string {
  return [
    '',
    'Chromium is open with Vigil following the devnet (a fresh profile, removed when this stops):',
    `  tab 1  Vigil's popup    ${popupUrl}`,
    `  tab 2  the demo dApp    ${demoUrl}`,
    '',
    'Go on from there:',
    '  1. In the popup\'s Wallet tab, create a wallet, or import the devnet mnemonic (its accounts are funded):',
    `       ${info.mnemonic}`,
    '  2. On the demo page, Connect, then Send: Vigil asks you to approve in its own window.',
    '  (Vigil\'s toolbar button opens the same popup: pin it from the puzzle-piece menu.)',
    `  profile: ${profile}`,
    '',
    'Ctrl-C closes the browser and stops the demo page and the devnet.',
  ].join('\n');
}
