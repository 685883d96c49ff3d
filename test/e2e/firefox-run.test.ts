/**
 * The Firefox build in a real Firefox: Debian's firefox-esr (scripts/ensure-firefox.sh installs it
 * when missing), headless, a fresh profile, dist/extension-firefox-dev (the development build: the
 * devnet's local hosts granted) installed as a temporary add-on,
 * driven over WebDriver BiDi by puppeteer-core (no browser download, no geckodriver). As a new user
 * would: the popup (opened as a tab) adds the devnet through Settings → Add network; the background
 * script follows it to a verified head; a page on 127.0.0.1 finds the provider (window.ethereum and
 * an EIP-6963 announcement), gets the devnet's chain id and a proven balance equal to the node's;
 * the status tab shows the devnet and its verified head (screenshot checked as a PNG); a page's
 * newHeads subscription is pushed to it from the background page; a page's eth_call runs on the EVM
 * in worker.js's execution role; a wallet is created (the vault made by app.js), locked, unlocked.
 *
 * "Add network" is read by the app host (app.js), so this also shows background.js and app.js meet
 * on the page (src/extension/app-rendezvous.ts).
 *
 * Firefox specifics met here:
 * - WebDriver BiDi refuses to navigate a tab to a moz-extension: URL unless Firefox runs with
 *   --remote-allow-system-access, and its remote agent skips documents with an add-on principal
 *   when it reports navigation and load events (Mozilla bug 1755014), so puppeteer's goto never
 *   resolves there: the tab is sent to the popup and the test waits for the document itself
 *   (openExtensionPage). Script evaluation, input and screenshots work in that tab.
 * - The add-on's internal UUID is random per profile; the pref extensions.webextensions.uuids
 *   fixes it so the popup's URL is known.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifiedBalance } from '../../src/provider/handler.ts';
import type { Status } from '../../src/extension/messages.ts';
import { type Devnet, FIREFOX_EXTENSION_DIR, type PageServer, REPO, RESULTS_DIR, servePages, startDevnet, waitFor } from './harness.ts';
import { giveBrowserSlot, takeBrowserSlot } from './slots.ts';

const FIREFOX_DIR = FIREFOX_EXTENSION_DIR;
const ADDON_ID = 'vigil@vigil.dev';
const ADDON_UUID = '3f6d2c1a-7e4b-4c59-9a0d-5b8e1f2a6c47';
const POPUP_URL = `moz-extension://${ADDON_UUID}/popup.html`;

/** The path of firefox-esr, installed by scripts/ensure-firefox.sh when missing. */
function firefoxPath(): string {
  return execFileSync(join(REPO, 'scripts/ensure-firefox.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

async function launchFirefox(profileDir: string): Promise<Browser> {
  // One of the machine's browser slots (./slots.ts), as a Chromium file takes: given back when it disconnects.
  await takeBrowserSlot();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profileDir,
    // Lets BiDi navigate a tab to the extension's own pages (moz-extension:).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }) },
  }).catch((err: unknown) => {
    giveBrowserSlot();
    throw err;
  });
  browser.once('disconnected', giveBrowserSlot);
  try {
    // BiDi webExtension.install: a temporary add-on, as about:debugging loads one.
    expect(await browser.installExtension(FIREFOX_DIR)).toBe(ADDON_ID);
  } catch (err) {
    await browser.close();
    throw err;
  }
  return browser;
}

/** A tab on one of the add-on's pages, once its document has loaded. */
async function openExtensionPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 360, height: 600 });
  // Firefox reports no navigation events for moz-extension: documents, so goto would only time
  // out; the navigation itself happens. Wait for the document instead.
  void page.goto(url, { timeout: 60_000 }).catch(() => {});
  await waitFor(`${url} to load`, () => page.evaluate((u) => document.URL === u && document.readyState === 'complete', url).catch(() => false), 30_000, 100);
  return page;
}

/** A runtime message from an extension page, as the popup sends it. */
async function sendMessage<T>(page: Page, message: unknown): Promise<T> {
  const reply = (await page.evaluate((m) => (globalThis as any).browser.runtime.sendMessage(m), message)) as
    | { ok: true; result: T }
    | { ok: false; error: { code: string; message: string } }
    | undefined;
  if (!reply) throw new Error('no reply from the background');
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result;
}

async function textOf(page: Page, selector: string): Promise<string> {
  const el = await page.waitForSelector(selector, { timeout: 30_000 });
  return (await el!.evaluate((e) => e.textContent ?? '')).trim();
}

/** The dApp page: records every EIP-6963 announcement, then asks for them. */
const DAPP_HTML = `<!doctype html><meta charset="utf-8"><title>Firefox dApp</title>
<script>
  window.announced = [];
  window.addEventListener('eip6963:announceProvider', (e) => window.announced.push({ info: e.detail.info, provider: e.detail.provider }));
  window.dispatchEvent(new Event('eip6963:requestProvider'));
</script><body>dApp</body>`;

let devnet: Devnet;
let browser: Browser;
let pages: PageServer;
let popup: Page;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-firefox-'));
  const started = await Promise.allSettled([startDevnet({ slotSeconds: 1, faults: false }), launchFirefox(join(dir, 'profile')), servePages({ '/index.html': DAPP_HTML })]);
  if (started[0].status === 'fulfilled') devnet = started[0].value;
  if (started[1].status === 'fulfilled') browser = started[1].value;
  if (started[2].status === 'fulfilled') pages = started[2].value;
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  popup = await openExtensionPage(browser, POPUP_URL);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Firefox build in firefox-esr', () => {
  it('adds the devnet through Settings → Add network and follows it to a verified head', async () => {
    expect((await sendMessage<Status>(popup, { type: 'vigil:getStatus' })).network.chainId).not.toBe(devnet.ready.chainId);
    await popup.click('[data-testid="tab-settings"]');
    await popup.click('[data-testid="add-network-open"]');
    await popup.waitForSelector('[data-testid="add-network-beacon"]');
    await popup.type('[data-testid="add-network-beacon"]', devnet.ready.beaconApi);
    await popup.type('[data-testid="add-network-rpc"]', devnet.ready.executionRpc);
    await popup.click('[data-testid="add-network-read"]');
    await popup.waitForSelector('[data-testid="add-network-preview"]', { timeout: 30_000 });
    expect(await textOf(popup, '[data-testid="add-network-chain"]')).toContain(String(devnet.ready.chainId));
    await popup.click('[data-testid="add-network-save"]');
    const head = await waitFor('a verified devnet head', async () => {
      const s = await sendMessage<Status>(popup, { type: 'vigil:getStatus' });
      return s.network.chainId === devnet.ready.chainId && s.optimistic;
    }, 90_000, 500);
    expect(head.blockNumber).toBeGreaterThanOrEqual(0);
    // No offscreen document in Firefox: the background page starts the verifier workers itself,
    // and they run the WASM kernels (extension_pages CSP: 'wasm-unsafe-eval').
    const ping = await sendMessage<{ hash: string; bls: string }>(popup, { type: 'vigil:poolPing' });
    expect(ping.hash).toBe('wasm');
    expect(ping.bls).toBe('wasm');
    // The app host (app.js, beside background.js on the page) answers what the popup forwards.
    expect(await sendMessage<unknown[]>(popup, { type: 'vigil:exit:list' })).toEqual([]);
  });

  it('answers a page on 127.0.0.1: window.ethereum, EIP-6963, the chain id and a proven balance', async () => {
    const page = await browser.newPage();
    await page.goto(`${pages.url}/`);
    const info = await waitFor('the EIP-6963 announcement', () =>
      page.evaluate(() => {
        const w = window as any;
        const vigil = w.announced.find((a: any) => a.info.rdns === 'dev.vigil');
        return vigil !== undefined && w.ethereum !== undefined && { ...vigil.info, same: vigil.provider === w.ethereum };
      }), 30_000, 100);
    expect(info).toMatchObject({ name: 'Vigil', rdns: 'dev.vigil', same: true });
    expect(info.uuid).toMatch(/^[0-9a-f-]{36}$/);

    const request = <T>(method: string, params: unknown[] = []) =>
      page.evaluate((m, p) => (window as any).ethereum.request({ method: m, params: p }), method, params) as Promise<T>;
    expect(await request<string>('eth_chainId')).toBe(`0x${devnet.ready.chainId.toString(16)}`);
    const address = devnet.ready.accounts[0]!;
    const verified = await request<VerifiedBalance>('vigil_getVerifiedBalance', [address]);
    expect(verified.chainId).toBe(`0x${devnet.ready.chainId.toString(16)}`);
    const atBlock = `0x${verified.blockNumber.toString(16)}`;
    const nodeBalance = await devnet.rpc('eth_getBalance', [address, atBlock]);
    expect(BigInt(verified.balance)).toBe(BigInt(nodeBalance));
    expect(BigInt(verified.balance)).toBeGreaterThan(0n);
    expect(BigInt(await request<string>('eth_getBalance', [address, atBlock]))).toBe(BigInt(nodeBalance));
    // A call runs on the EVM in worker.js's execution role (the verifier's workers are the same script):
    // init code that returns the word 42, equal to the node's answer at the same block.
    const call = { from: address, data: '0x602a60005260206000f3' };
    const answer = await request<string>('eth_call', [call, atBlock]);
    expect(answer).toBe(await devnet.rpc('eth_call', [call, atBlock]));
    expect(BigInt(answer)).toBe(42n);
    await page.close();
  });

  it('creates a wallet: the vault made by the app host on the background page, unlocked, its account the phrase\'s', async () => {
    const password = 'firefox correct horse battery';
    await sendMessage(popup, { type: 'vigil:wallet:create', password, mnemonic: 'test test test test test test test test test test test junk' });
    const state = await sendMessage<{ exists: boolean; locked: boolean; accounts: { address: string }[] }>(popup, { type: 'vigil:wallet:getState' });
    expect(state).toMatchObject({ exists: true, locked: false });
    expect(state.accounts.map((a) => a.address.toLowerCase())).toEqual(['0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266']);
    await sendMessage(popup, { type: 'vigil:wallet:lock' });
    await expect(sendMessage(popup, { type: 'vigil:wallet:unlock', password: 'not the password' })).rejects.toThrow(/^WRONG_PASSWORD: /);
    await sendMessage(popup, { type: 'vigil:wallet:unlock', password });
    expect(await sendMessage(popup, { type: 'vigil:wallet:getState' })).toMatchObject({ exists: true, locked: false });
  });

  it('pushes newHeads to a page (eth_subscribe): the app host on the background page, tabs.sendMessage to the bridge', async () => {
    const page = await browser.newPage();
    await page.goto(`${pages.url}/`);
    await waitFor('window.ethereum', () => page.evaluate(() => (window as any).ethereum !== undefined), 30_000, 100);
    await page.evaluate(() => {
      const w = window as any;
      w.pushed = [];
      w.ethereum.on('message', (m: unknown) => w.pushed.push(m));
    });
    const request = <T>(method: string, params: unknown[] = []) =>
      page.evaluate((m, p) => (window as any).ethereum.request({ method: m, params: p }), method, params) as Promise<T>;
    const id = await request<string>('eth_subscribe', ['newHeads']);
    const pushed = await waitFor('a newHeads push', () => page.evaluate(() => (window as any).pushed[0]), 30_000, 200);
    expect(pushed).toMatchObject({ type: 'eth_subscription', data: { subscription: id } });
    const block = (await devnet.rpc('eth_getBlockByNumber', [pushed.data.result.number, false])) as { hash: string };
    expect(pushed.data.result.hash).toBe(block.hash);
    expect(await request<boolean>('eth_unsubscribe', [id])).toBe(true);
    await page.close();
  });

  it('renders the popup: the status tab shows the devnet and its verified head', async () => {
    await popup.click('[data-testid="tab-status"]');
    expect(await textOf(popup, '[data-testid="network"]')).toContain(`chain ${devnet.ready.chainId}`);
    expect(await textOf(popup, '[data-testid="optimistic-block"]')).toMatch(/^#[\d,]+$/);
    const path = join(dir, 'firefox-popup.png');
    await popup.screenshot({ path });
    const png = readFileSync(path);
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    mkdirSync(RESULTS_DIR, { recursive: true });
    copyFileSync(path, join(RESULTS_DIR, 'firefox-popup.png'));
  });
});
