/**
 * wallet_watchAsset in real Chromium on the devnet with its demo contracts, played by a hostile
 * page: what the wallet follows is the token's own symbol() and decimals(), read by verified call
 * in the app host (the offscreen document) and brought back over the link; a page's false or
 * unruly symbol or decimals are refused with -32602 and the code, with no window; a followed token
 * shows in the popup and can be removed there.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, type PageServer, screenshot, sendMessage, servePages, startDevnet, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PASSWORD = 'correct horse battery';

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let page: Page;
let token: string;

const watch = (options: Record<string, unknown>) =>
  page.evaluate(
    (o) =>
      (window as any).ethereum.request({ method: 'wallet_watchAsset', params: { type: 'ERC20', options: o } }).then(
        (result: unknown) => ({ result }),
        (e: { code: number; data?: { code?: string } }) => ({ error: { code: e.code, data: e.data } }),
      ),
    options,
  );

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, contracts: true });
  token = devnet.ready.contracts!.token;
  pages = await servePages({ '/index.html': '<!doctype html><title>watch</title><p>a page</p>' });
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await sendMessage<Status>(popup, { type: 'vigil:getStatus' })).optimistic, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  page = await browser.context.newPage();
  await page.goto(pages.url + '/index.html');
  await waitFor('the provider in the page', () => page.evaluate(() => typeof (window as any).ethereum?.request === 'function'), 20_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('wallet_watchAsset, end to end', () => {
  it("refuses a page's false or unruly symbol and decimals with -32602 and no window", async () => {
    let windows = 0;
    browser.context.on('page', (p) => void (p.url().includes('/approval.html') && windows++));
    expect(await watch({ address: token, symbol: 'USDC', decimals: 18 })).toMatchObject({ error: { code: -32602, data: { code: 'TOKEN_METADATA_MISMATCH' } } });
    expect(await watch({ address: token, symbol: 'VTA', decimals: 6 })).toMatchObject({ error: { code: -32602, data: { code: 'TOKEN_METADATA_MISMATCH' } } });
    expect(await watch({ address: token, symbol: 'VTA\u202e', decimals: 18 })).toMatchObject({ error: { code: -32602, data: { code: 'TOKEN_METADATA_INVALID' } } });
    expect(await watch({ address: token, symbol: 'X'.repeat(100_000) })).toMatchObject({ error: { code: -32602, data: { code: 'TOKEN_METADATA_INVALID' } } });
    expect(await watch({ address: '0x' + '12'.repeat(20) })).toMatchObject({ error: { code: -32602, data: { code: 'TOKEN_NOT_A_CONTRACT' } } });
    expect(windows).toBe(0);
  });

  it("follows the token with its own symbol and decimals after approval, and the popup removes it", async () => {
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/approval.html'), timeout: 30_000 });
    const done = watch({ address: token });
    const window = await opened;
    await window.waitForSelector('[data-testid="approval-approve"]', { timeout: 30_000 });
    expect(await window.textContent('[data-testid="approval-what"]')).toBe('Follow VTA');
    expect(await window.textContent('[data-testid="approval-token-proof"]')).toContain("the token's own, read by a verified call at block");
    await screenshot(window, 'watch-asset-approval.png');
    await approveIn(window);
    expect(await done).toEqual({ result: true });
    const balances = await sendMessage<{ tokens: { address: string; symbol: string; decimals: number }[] }>(popup, { type: 'vigil:wallet:balances' });
    expect(balances.tokens.map((t) => ({ ...t, address: t.address.toLowerCase() }))).toEqual([{ address: token.toLowerCase(), symbol: 'VTA', decimals: 18 }]);

    await popup.reload();
    await popup.click('[data-testid="tab-wallet"]');
    await popup.waitForSelector('[data-testid="followed-token"]', { timeout: 30_000 });
    expect(await popup.textContent('[data-testid="followed-token"]')).toContain('VTA');
    await popup.click('[data-testid="tokens-manage"]');
    await popup.click('[data-testid="token-remove"]');
    await waitFor('the token removed', async () => (await sendMessage<{ tokens: unknown[] }>(popup, { type: 'vigil:wallet:balances' })).tokens.length === 0, 20_000);
  });
});
