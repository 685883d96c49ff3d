/**
 * Hostile pages in real Chromium (issue 23, "Pages"), on the devnet with a wallet imported and one
 * site connected:
 * - a document served by that site with `Content-Security-Policy: sandbox` (an opaque origin at the
 *   site's URL) gets none of the site's accounts and no approval in its name: 4100 OPAQUE_ORIGIN,
 *   and no window opens;
 * - frames, same-origin or not, get no provider (no window.ethereum, no EIP-6963 announcement);
 * - personal_sign of a Sign-In with Ethereum message for another domain is refused before any
 *   window; one for this page is shown as a sign-in, with the origin as the browser parsed it;
 * - a page firing 50 signature requests opens one window that shows them in turn ("1 of 50"); a
 *   network switch meanwhile gets -32002; the user's answers are the only 4001s, and closing the
 *   window rejects the rest;
 * - a window whose read of its request comes back after the user's answer still moves on to the
 *   site's next request.
 */
import type { Page } from 'playwright-core';
import { type Hex, recoverMessageAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, type PageServer, screenshot, sendMessage, servePages, sleep, startDevnet, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

/** A page that records EIP-6963 announcements and asks its provider through `ask`. */
const SITE = `<!doctype html><html><head><meta charset="utf-8"><title>site</title></head><body><h1>A site</h1><script>
window.announced = [];
window.addEventListener('eip6963:announceProvider', (e) => window.announced.push(e.detail.info.rdns));
window.dispatchEvent(new Event('eip6963:requestProvider'));
window.ask = (method, params) => window.ethereum.request({ method, params }).then((result) => ({ result }), (e) => ({ error: { code: e.code, message: e.message, data: e.data } }));
</script></body></html>`;

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let site: Page;
/** Every approval window the extension opened, in order. */
const approvalWindows: Page[] = [];

const ask = (page: Page, method: string, params: unknown[] = []): Promise<any> => page.evaluate(([m, p]) => (window as any).ask(m, p), [method, params] as const);

async function openPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(pages.url + path);
  await waitFor(`the provider on ${path}`, async () => page.evaluate(() => typeof (window as any).ethereum === 'object'), 20_000);
  return page;
}

/** The next approval window, once it shows its request. */
async function nextWindow(before: number): Promise<Page> {
  const win = await waitFor('an approval window', async () => approvalWindows[before], 30_000, 100);
  await win.waitForSelector('[data-testid="approval-approve"], [data-testid="approval-close"]', { timeout: 30_000 });
  return win;
}

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, faults: false });
  pages = await servePages({ '/site.html': SITE, '/sandboxed.html': SITE, '/frame.html': SITE.replace('<h1>A site</h1>', '<h1>A frame</h1>') }, { '/sandboxed.html': { 'content-security-policy': 'sandbox allow-scripts' } });
  browser = await launchExtension();
  browser.context.on('page', (p) => {
    void p.waitForLoadState('domcontentloaded').then(() => {
      if (p.url().includes('/approval.html')) approvalWindows.push(p);
    });
  });
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await sendMessage<Status>(popup, { type: 'vigil:getStatus' })).optimistic, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: 'correct horse battery', mnemonic: MNEMONIC });
  site = await openPage('/site.html');
  const connect = ask(site, 'eth_requestAccounts');
  const win = await nextWindow(0);
  await approveIn(win);
  expect((await connect).result).toEqual([ACCOUNT0]);
  await waitFor('the connect window closed', async () => win.isClosed(), 10_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('hostile pages', () => {
  it('gives a sandboxed document at the connected site\'s URL no accounts and no approval in its name', async () => {
    const sandboxed = await openPage('/sandboxed.html');
    expect(await sandboxed.evaluate(() => self.origin)).toBe('null');
    expect(sandboxed.url().startsWith(pages.url)).toBe(true);
    const windows = approvalWindows.length;
    for (const [method, params] of [
      ['eth_accounts', []],
      ['eth_requestAccounts', []],
      ['personal_sign', ['0x68656c6c6f', ACCOUNT0]],
      ['eth_sendTransaction', [{ from: ACCOUNT0, to: ACCOUNT0, value: '0x1' }]],
      ['eth_chainId', []],
    ] as const) {
      const answer = await ask(sandboxed, method, [...params]);
      expect(answer.error, method).toMatchObject({ code: 4100, data: { code: 'OPAQUE_ORIGIN' } });
      expect(answer.error.message).toContain('opaque origin');
    }
    await sleep(1000);
    expect(approvalWindows.length).toBe(windows);
    // The site itself is still connected.
    expect((await ask(site, 'eth_accounts')).result).toEqual([ACCOUNT0]);
    await sandboxed.close();
  });

  it('gives frames no provider, same-origin or not', async () => {
    const host = await openPage('/site.html');
    const cross = pages.url.replace('127.0.0.1', 'localhost');
    await host.evaluate(([same, other]) => {
      for (const src of [same, other]) {
        const f = document.createElement('iframe');
        f.src = src!;
        document.body.appendChild(f);
      }
    }, [`${pages.url}/frame.html`, `${cross}/frame.html`] as const);
    await waitFor('both frames loaded', async () => host.frames().filter((f) => f.url().endsWith('/frame.html')).length === 2 || undefined, 20_000);
    for (const frame of host.frames().filter((f) => f.url().endsWith('/frame.html'))) {
      await frame.waitForFunction(() => document.querySelector('h1')?.textContent === 'A frame');
      await sleep(300);
      expect(await frame.evaluate(() => ({ ethereum: typeof (window as any).ethereum, vigil: typeof (window as any).__vigil, announced: (window as any).announced })), frame.url()).toEqual({ ethereum: 'undefined', vigil: 'undefined', announced: [] });
    }
    expect(await host.evaluate(() => (window as any).announced)).toEqual(['dev.vigil']);
    await host.close();
  });

  it('refuses a sign-in for another domain before any window, and shows one for this page as a sign-in', async () => {
    const origin = new URL(pages.url);
    const siwe = (domain: string) =>
      `${domain} wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\nSign in to the e2e site\n\nURI: ${pages.url}/login\nVersion: 1\nChain ID: 1\nNonce: e2enonce1\nIssued At: 2026-01-01T00:00:00Z`;
    const windows = approvalWindows.length;
    for (const domain of ['bank.example', `localhost:${origin.port}`, `127.0.0.1:${Number(origin.port) + 1}`, `https://127.0.0.1:${origin.port}`]) {
      const answer = await ask(site, 'personal_sign', [siwe(domain), ACCOUNT0]);
      expect(answer.error, domain).toMatchObject({ code: -32003, data: { code: 'SIWE_DOMAIN_MISMATCH' } });
    }
    await sleep(500);
    expect(approvalWindows.length).toBe(windows);

    const message = siwe(`127.0.0.1:${origin.port}`);
    const signed = ask(site, 'personal_sign', [message, ACCOUNT0]);
    const win = await nextWindow(windows);
    expect(await win.textContent('[data-testid="approval-what"]')).toBe(`Sign in to 127.0.0.1:${origin.port}`);
    expect(await win.textContent('[data-testid="approval-siwe-nonce"]')).toBe('e2enonce1');
    expect(await win.textContent('[data-testid="approval-origin"]')).toBe(origin.origin);
    expect(await win.textContent('[data-testid="approval-origin-domain"]')).toBe('127.0.0.1');
    await screenshot(win, 'pages-sign-in.png');
    await approveIn(win);
    const { result } = await signed;
    expect((await recoverMessageAddress({ message, signature: result as Hex })).toLowerCase()).toBe(ACCOUNT0);
    await waitFor('the sign-in window closed', async () => win.isClosed(), 10_000);
  });

  it("moves on to the site's next request when a read of the window comes back after its answer (issue 67's hang)", async () => {
    const windows = approvalWindows.length;
    await site.evaluate(() => {
      (window as any).two = Promise.all(['first', 'second'].map((m) => (window as any).ask('personal_sign', [m, '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'])));
    });
    const win = await nextWindow(windows);
    await waitFor('both queued', async () => (await win.textContent('[data-testid="approval-position"]').catch(() => null)) === '1 of 2', 60_000, 200);
    // The background answers reads in any order (a loaded machine's did): the window's reads of
    // the request are held back from here, while its answer goes through.
    await win.evaluate(() => {
      const runtime = (globalThis as any).chrome.runtime;
      const send = runtime.sendMessage.bind(runtime);
      const w = window as any;
      w.__held = [];
      w.__send = runtime.sendMessage;
      // Called with a callback (webextension-polyfill over chrome.*) or for a promise (the browser's own `browser`).
      runtime.sendMessage = (message: { type?: string }, callback?: (reply: unknown) => void) => {
        if (message?.type !== 'vigil:approval:get') return callback === undefined ? send(message) : send(message, callback);
        if (callback !== undefined) return void send(message, (reply: unknown) => (runtime.lastError ? callback(reply) : w.__held.push(() => callback(reply))));
        return send(message).then((reply: unknown) => new Promise((resolve) => w.__held.push(() => resolve(reply))));
      };
    });
    await waitFor('a read of the request held', async () => win.evaluate(() => (window as any).__held.length > 0), 10_000, 50);
    await approveIn(win);
    await win.waitForSelector('[data-approval-id][data-status="done"]', { timeout: 30_000 });
    // What it read before the answer lands after it.
    await win.evaluate(() => {
      const w = window as any;
      const runtime = (globalThis as any).chrome.runtime;
      runtime.sendMessage = w.__send;
      for (const release of w.__held.splice(0)) release();
    });
    await waitFor('the second request', async () => (await win.textContent('[data-testid="approval-message"]').catch(() => null)) === 'second', 20_000, 100);
    expect(await win.textContent('[data-testid="approval-position"]')).toBe('2 of 2');
    await approveIn(win);
    const answers = (await site.evaluate(() => (window as any).two)) as { result: Hex }[];
    expect(await Promise.all(answers.map((a, i) => recoverMessageAddress({ message: ['first', 'second'][i]!, signature: a.result })))).toEqual([ACCOUNT0, ACCOUNT0].map((a) => expect.stringMatching(new RegExp(`^${a}$`, 'i'))));
    await waitFor('the window closed after the last request', async () => win.isClosed(), 10_000);
  }, 180_000);

  it('opens one window for 50 requests, shows them in turn, answers -32002 to a switch meanwhile, and 4001 only from the user', async () => {
    const windows = approvalWindows.length;
    await site.evaluate(() => {
      (window as any).many = Promise.all(Array.from({ length: 50 }, (_, i) => (window as any).ask('personal_sign', [`request ${i}`, '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'])));
    });
    const win = await nextWindow(windows);
    await waitFor('all 50 queued', async () => (await win.textContent('[data-testid="approval-position"]').catch(() => null)) === '1 of 50', 60_000, 200);
    expect(await win.textContent('[data-testid="approval-message"]')).toBe('request 0');
    await screenshot(win, 'pages-queue.png');

    const switched = await ask(site, 'wallet_switchEthereumChain', [{ chainId: '0x1' }]);
    expect(switched.error).toMatchObject({ code: -32002, data: { code: 'REQUEST_PENDING' } });
    expect(switched.error.message).toContain('request already pending');

    await approveIn(win);
    await waitFor('the second request', async () => (await win.textContent('[data-testid="approval-message"]')) === 'request 1', 20_000, 100);
    expect(await win.textContent('[data-testid="approval-position"]')).toBe('2 of 50');
    await win.click('[data-testid="approval-reject"]');
    await waitFor('the third request', async () => (await win.textContent('[data-testid="approval-message"]')) === 'request 2', 20_000, 100);
    expect(await win.textContent('[data-testid="approval-position"]')).toBe('3 of 50');
    // The user closes the window: the 48 requests it showed are rejected.
    await win.close();
    const answers = (await site.evaluate(() => (window as any).many)) as any[];
    expect(answers).toHaveLength(50);
    expect((await recoverMessageAddress({ message: 'request 0', signature: answers[0].result as Hex })).toLowerCase()).toBe(ACCOUNT0);
    for (const a of answers.slice(1)) expect(a.error).toMatchObject({ code: 4001, data: { code: 'USER_REJECTED' } });
    await sleep(1000);
    expect(approvalWindows.length).toBe(windows + 1);
  }, 180_000);
});
