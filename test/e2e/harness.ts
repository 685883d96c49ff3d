/**
 * The real-browser harness: Debian's Chromium through playwright-core with the built extension
 * loaded, the devnet started as `vigil devnet` does it, and a small page server on 127.0.0.1.
 * Every later browser test uses these.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { LOCAL_DEVNET_PORT } from '../../src/client/network/local-devnet.ts';
import type { DevnetInfo } from '../../src/devnet/devnet.ts';
import { chromiumExtensionArgs } from '../../src/cli/chromium-flags.ts';
import { approvalWindowState, describeApprovalWindows, watchBrowser, within } from './diagnostics.ts';
import { giveBrowserSlot, holdSlot, takeBrowserSlot } from './slots.ts';
import { listen } from '../../src/devnet/http-util.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The development build (vite.config.ts): the shipped extension with the local hosts (the devnet's) granted. */
export const EXTENSION_DIR = join(REPO, 'dist/extension-dev');
/** Firefox's development build. */
export const FIREFOX_EXTENSION_DIR = join(REPO, 'dist/extension-firefox-dev');
export const RESULTS_DIR = join(REPO, 'test-results');

/** The object `vigil devnet` prints (and writes to --ready-file). */
export type DevnetReady = DevnetInfo;

export interface Devnet {
  ready: DevnetReady;
  stderr: () => string;
  setFault(fault: string, on: boolean): Promise<void>;
  rpc(method: string, params: unknown[]): Promise<any>;
  stop(): Promise<void>;
}

/**
 * Starts `vigil devnet` (minimal preset, short slots, fault switchboard; with `contracts`, the demo
 * contracts deployed and seeded, their addresses in `ready.contracts`; with `rollup`, the validity
 * rollup, its config inline in `ready.rollups`) and waits for its ready file.
 */
export async function startDevnet(
  options: {
    slotSeconds?: number;
    /** Start this many slots into the chain (`--history`): finality and past sync-committee periods at once. */
    historySlots?: number;
    faults?: boolean;
    contracts?: boolean;
    /** With `contracts`: Uniswap V2 too (`--uniswap`; its Router02 in `ready.routers`). */
    uniswap?: boolean;
    rollup?: boolean | { forcedDeadline?: number; heartbeat?: number };
    /** Serve the well-known object on its fixed port (the one-click offer); off by default. */
    discovery?: boolean;
    /** Serve it on this port instead (`--discovery-port`): the popup finds it only where the user says. */
    discoveryPort?: number;
    /** Fork the beacon side to Gloas at this epoch and the execution side to Amsterdam with it (`--gloas-epoch`; minimal preset: 8 slots an epoch). */
    gloasEpoch?: number;
    timeoutMs?: number;
  } = {},
): Promise<Devnet> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-devnet-'));
  const readyFile = join(dir, 'ready.json');
  const args = ['bin/vigil.mjs', 'devnet', '--preset', 'minimal', '--slot-seconds', String(options.slotSeconds ?? 1), '--ready-file', readyFile];
  if (options.historySlots) args.push('--history', String(options.historySlots));
  if (options.faults ?? true) args.push('--faults');
  if (options.contracts) args.push('--contracts');
  if (options.uniswap) args.push('--uniswap');
  if (options.discoveryPort !== undefined) args.push('--discovery-port', String(options.discoveryPort));
  else if (!options.discovery) args.push('--no-discovery');
  if (options.gloasEpoch !== undefined) args.push('--gloas-epoch', String(options.gloasEpoch));
  if (options.rollup) {
    args.push('--rollup');
    const r = options.rollup === true ? {} : options.rollup;
    if (r.forcedDeadline !== undefined) args.push('--forced-deadline', String(r.forcedDeadline));
    if (r.heartbeat !== undefined) args.push('--heartbeat', String(r.heartbeat));
  }
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-20_000)));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`vigil devnet exited with ${child.exitCode}:\n${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`vigil devnet not ready in time:\n${err}`);
    }
    await sleep(100);
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as DevnetReady;
  let id = 1;
  return {
    ready,
    stderr: () => err,
    async setFault(fault, on) {
      if (!ready.admin) throw new Error('the devnet was started without --faults');
      const res = await fetch(`${ready.admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault, on }) });
      if (!res.ok) throw new Error(`POST /faults ${fault}: HTTP ${res.status} ${await res.text()}`);
    },
    async rpc(method, params) {
      const res = await fetch(ready.executionRpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: id++, method, params }) });
      const json = (await res.json()) as { result?: unknown; error?: { message: string } };
      if (json.error) throw new Error(`${method}: ${json.error.message}`);
      return json.result;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What an execution block says of Amsterdam: its header carries the block access list's hash (EIP-7928) from the fork on. */
interface NodeBlock {
  number: string;
  hash: string;
  blockAccessListHash?: string;
}

/**
 * The devnet's first Amsterdam block (started with `gloasEpoch`): the first whose header carries
 * `blockAccessListHash`, found by bisection once the node's latest block carries one.
 */
export async function firstAmsterdamBlock(devnet: Devnet, timeoutMs = 120_000): Promise<number> {
  const block = (n: number | 'latest') => devnet.rpc('eth_getBlockByNumber', [typeof n === 'number' ? '0x' + n.toString(16) : n, false]) as Promise<NodeBlock>;
  const latest = await waitFor('an Amsterdam block on the devnet', async () => {
    const b = await block('latest');
    return b.blockAccessListHash !== undefined && Number(b.number);
  }, timeoutMs, 500);
  let [lo, hi] = [0, latest]; // block lo is before the fork (genesis is), block hi after it
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((await block(mid)).blockAccessListHash !== undefined) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Waits until the extension's light client signs against an Amsterdam block: its signing head (the
 * head two thirds of the committee signed, what transactions are simulated and signed on) at or
 * past the devnet's first Amsterdam block, and the node's block at that number, by the same hash,
 * carrying a block access list hash. Returns that head's block number and hash.
 */
export async function waitForAmsterdamHead(devnet: Devnet, page: Page, timeoutMs = 180_000): Promise<{ blockNumber: number; blockHash: string; fork: number }> {
  const fork = await firstAmsterdamBlock(devnet, timeoutMs);
  return waitFor(`a signing head at or past the first Amsterdam block ${fork}`, async () => {
    const { signing } = await sendMessage<{ signing?: { blockNumber: number; blockHash: string } | null }>(page, { type: 'vigil:getStatus' });
    if (!signing || signing.blockNumber < fork) return undefined;
    const b = (await devnet.rpc('eth_getBlockByNumber', ['0x' + signing.blockNumber.toString(16), false])) as NodeBlock;
    if (b.hash !== signing.blockHash || b.blockAccessListHash === undefined) throw new Error(`the signing head ${signing.blockNumber} (${signing.blockHash}) is not the node's Amsterdam block ${b.hash}`);
    return { blockNumber: signing.blockNumber, blockHash: signing.blockHash, fork };
  }, timeoutMs, 500);
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  /** An extension page (popup.html in a tab, popup-sized): sends runtime messages like the popup does. */
  openPopup(): Promise<Page>;
  /** Closes the browser; `keepProfile` leaves its profile for a relaunch (a browser restart). */
  close(options?: { keepProfile?: boolean }): Promise<void>;
  /** The profile directory (relaunch with launchExtension(dir, { userDataDir })). */
  userDataDir: string;
}

/** The path of Chromium, installed by scripts/ensure-chromium.sh when missing. */
export function chromiumPath(): string {
  return execFileSync(join(REPO, 'scripts/ensure-chromium.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export async function launchExtension(extensionDir = EXTENSION_DIR, options: { userDataDir?: string } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`${extensionDir} is not built: npm run build:extension`);
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'vigil-e2e-profile-'));
  // No more browser files at once than the machine holds (./slots.ts): a file waits here for its turn.
  await takeBrowserSlot();
  let given = false;
  const give = () => void (!given && ((given = true), giveBrowserSlot()));
  const context = await chromium
    .launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: chromiumExtensionArgs(extensionDir),
      viewport: { width: 360, height: 600 },
    })
    .catch((err: unknown) => {
      give();
      throw err;
    });
  context.once('close', give);
  const serviceWorker = async () => {
    const found = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return found ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  };
  const extensionId = new URL((await serviceWorker()).url()).host;
  watchBrowser(context);
  return {
    context,
    extensionId,
    serviceWorker,
    async openPopup() {
      const page = await context.newPage();
      await page.setViewportSize({ width: 360, height: 600 });
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    userDataDir,
    async close(o = {}) {
      await context.close().finally(give);
      if (!o.keepProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Sends a runtime message from an extension page, as the popup and settings do. */
export async function sendMessage<T = any>(page: Page, message: unknown): Promise<T> {
  const reply = (await page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message)) as
    | { ok: true; result: T }
    | { ok: false; error: { code: string; message: string } };
  if (!reply) throw new Error('no reply from the background');
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result;
}

/** Polls `fn` until it returns a truthy value; `signal` gives up early, with its reason. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 250, signal?: AbortSignal): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

/**
 * How long {@link nextApprovalWindow} waits for the request's window: windows open in seconds, a
 * transaction's once simulated, a minute or so on a busy machine. Below the tests' own bounds
 * (240 s and up), so a window that never comes fails with what the open windows show. (It was
 * 300 s for a stop: the waits it seemed to need were windows that never came, whatever the bound.)
 */
export const APPROVAL_WINDOW_MS = 180_000;

/**
 * How long the popup may take from the onboarding's submit to the wallet's home: the vault is sealed
 * with scrypt (N = 2^17, about a second alone; the unit lane's run took 20 s on a loaded 2-core
 * machine), then the home renders. A clean clone at load 16 took the home past 30 s
 * (rollup-wallet.test.ts, 2026-11-29). A bound against a hang, not a pace.
 */
export const VAULT_SEALED_MS = 120_000;

/** Approval ids already handed out by {@link nextApprovalWindow}, per browser. */
const shownApprovals = new WeakMap<BrowserContext, Set<string>>();

/**
 * Stops the extension's service worker (CDP ServiceWorker.stopAllWorkers, from a blank page's
 * session) and waits until CDP reports background.js stopped.
 */
export async function stopServiceWorker(context: BrowserContext): Promise<void> {
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  let stopped = false;
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
    if (e.versions.some((v) => v.scriptURL.endsWith('/background.js') && v.runningStatus === 'stopped')) stopped = true;
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await waitFor('the service worker to stop', async () => stopped, 15_000, 50);
  await cdp.detach();
  await blank.close();
}

/**
 * The approval window that shows the next request: a new window, or the site's open one moving on
 * to it (Vigil keeps one window per site, so a request that follows another of the same site
 * closely appears in the window still open). Resolves once that request is rendered (approve,
 * refusal, unlock or error). Call it before making the request; abort `signal` when the request
 * ends without a window (a refusal), or this waiter would take the window of the next one.
 *
 * A transaction's window renders once the transaction is simulated over proven state (proofs
 * fetched and checked, the EVM run in the extension's worker): seconds on a free machine, a minute
 * or more on a busy one, hence the one bound for every window, {@link APPROVAL_WINDOW_MS}.
 */
export async function nextApprovalWindow(context: BrowserContext, timeoutMs = APPROVAL_WINDOW_MS, signal?: AbortSignal): Promise<Page> {
  const shown = shownApprovals.get(context) ?? new Set<string>();
  shownApprovals.set(context, shown);
  const ready = '[data-testid="approval-approve"], [data-testid="approval-refusal"], [data-testid="approval-unlock-password"], [data-testid="approval-error"]';
  let found: Page | { held: string };
  try {
    found = await waitFor<Page | { held: string }>('an approval window with a new request', async () => {
      for (const page of context.pages()) {
        if (page.isClosed() || !page.url().includes('/approval.html')) continue;
        const seen = await approvalWindowState(page, ready);
        if (seen === undefined || seen.id === null) continue;
        if (!shown.has(seen.id)) {
          if (!seen.ready) continue;
          shown.add(seen.id);
          return page;
        }
        // A failure stays until the user moves on (view.ts): the site's next request waits behind it.
        if (seen.status === 'failed' && seen.waiting) return { held: seen.error };
      }
      return undefined;
    }, timeoutMs, 100, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new Error(`${(err as Error).message}; the approval windows show: ${await describeApprovalWindows(context)}`);
  }
  if ('held' in found) throw new Error(`the site's approval window still shows an earlier request that failed (${found.held}): the next one waits behind it until the user moves on`);
  return found;
}

/**
 * Waits until the request `window` showed when approved is finished there (done or rejected, or
 * the window moved on or closed); a failure, or the user asked again because what it does changed,
 * throws with the window's words: either would otherwise hold the site's next request behind it.
 */
export async function approvalSettled(window: Page, id: string, timeoutMs = APPROVAL_WINDOW_MS): Promise<void> {
  const outcome = await waitFor(`request ${id} to finish in its window`, async () => {
    if (window.isClosed()) return 'closed';
    return within(window
      .evaluate((want) => {
        const app = document.querySelector('[data-approval-id]');
        if (app === null || app.getAttribute('data-approval-id') !== want) return 'moved on';
        const status = app.getAttribute('data-status');
        // What it would do changed between the window and the signature: the user is asked again (approvals.ts askAgain).
        const changed = document.querySelector('[data-testid="approval-effects-changed"]');
        if (status === 'pending' && changed !== null) return `asked again: ${changed.textContent ?? ''}`;
        if (status !== 'failed') return status === 'done' || status === 'rejected' ? status : null;
        const error = document.querySelector('[data-testid="approval-error"]');
        return `failed: ${error?.getAttribute('data-code') ?? ''}: ${error?.textContent ?? ''}`;
      }, id)
      .catch(() => (window.isClosed() ? 'closed' : null)), 10_000);
  }, timeoutMs, 100).catch(async (err: unknown) => {
    throw new Error(`${(err as Error).message}; the approval windows show: ${await describeApprovalWindows(window.context())}`);
  });
  if (outcome.startsWith('failed') || outcome.startsWith('asked again')) throw new Error(`request ${id} ${outcome}`);
}

/**
 * Approves the request `window` shows, as a person does: Approve clicked once it is enabled (armed:
 * the window had the focus for a moment), and the click seen to reach it. A disabled button takes
 * no click, so a click that lands just as the window disarms (what it shows changed, the delegation
 * proven or a read failing: src/ui/components/approval/armed.ts) or as the button moves does
 * nothing, and the window says so (Approve disabled, "Enabled a moment after…"); a person clicks
 * again once it is armed, and so does this, saying so in the log, at most {@link APPROVE_CLICKS}
 * times. A window whose Approve never takes a click fails with what it showed each time. Returns
 * the request's id.
 */
export async function approveIn(window: Page, timeoutMs = 60_000): Promise<string> {
  const approve = '[data-testid="approval-approve"]';
  const id = await window.getAttribute('[data-approval-id]', 'data-approval-id');
  // Clicks that reach Approve, counted in the page before anything reaches the window's own handler.
  await window.evaluate((sel) => {
    const w = window as unknown as { __vigilApproveClicks?: number };
    if (w.__vigilApproveClicks !== undefined) return;
    w.__vigilApproveClicks = 0;
    document.addEventListener('click', (e) => void ((e.target as Element | null)?.closest?.(sel) && w.__vigilApproveClicks!++), true);
  }, approve);
  const clicks = () => window.evaluate(() => (window as unknown as { __vigilApproveClicks: number }).__vigilApproveClicks);
  const missed: string[] = [];
  for (let attempt = 1; attempt <= APPROVE_CLICKS; attempt++) {
    await window.waitForSelector(`${approve}[data-armed="true"]:not([disabled])`, { timeout: timeoutMs });
    const before = await clicks();
    await window.click(approve, { timeout: timeoutMs });
    // Taken: counted, or the window already answered it (closed, moved on, or no longer pending).
    const pending = () => window.evaluate((want) => document.querySelector('[data-approval-id]')?.getAttribute('data-approval-id') === want && document.querySelector('[data-approval-id]')?.getAttribute('data-status') === 'pending', id);
    const taken = async () => window.isClosed() || (await clicks().catch(() => before)) > before || !(await pending().catch(() => !window.isClosed()));
    if (await waitFor('the click to reach Approve', taken, 5_000, 50).then(() => true, () => false)) return id ?? '';
    const shown = await describeApprovalWindows(window.context());
    missed.push(shown);
    // Still this request, still waiting: the click landed as Approve was disabled or moved.
    if (!(await pending().catch(() => false))) break;
    console.log(`[approveIn] click ${attempt} on request ${id} did not reach Approve; the windows show: ${shown.slice(0, 300)}`);
  }
  throw new Error(`Approve was clicked on request ${id} and the window took none of ${missed.length} clicks (disabled or moved as each landed); the approval windows showed: ${missed.join(' || ')}`);
}

/** How often {@link approveIn} clicks an Approve that did not take the click. */
const APPROVE_CLICKS = 3;

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `files` (path → content) on 127.0.0.1, a random port; `headers` adds response headers per path. */
export async function servePages(files: Record<string, string | Buffer>, headers: Record<string, Record<string, string>> = {}): Promise<PageServer> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json' };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const body = files[path === '/' ? '/index.html' : path];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(path === '/' ? '/index.html' : path)] ?? 'application/octet-stream', ...headers[path] }).end(body);
  });
  await listen(server, 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  await page.screenshot({ path });
  return path;
}

/**
 * Holds the well-known discovery port (src/client/network/local-devnet.ts) until the returned release is
 * called. The e2e files run side by side, each on its own free ports; the two that serve or need
 * this one port (add-network.test.ts, start.test.ts) take turns on it (./slots.ts).
 */
export function holdWellKnownPort(timeoutMs = 600_000): Promise<() => void> {
  return holdSlot(`port-${LOCAL_DEVNET_PORT}`, 1, timeoutMs);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
