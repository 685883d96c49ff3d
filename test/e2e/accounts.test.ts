/**
 * Accounts in real Chromium, as a new user meets them: a fresh install whose endpoints cannot be
 * reached (mainnet, no network here) says so on the first screen; the wallet is created from a
 * phrase in the popup, then a second recovery phrase is imported from the popup (it once failed
 * as "not a valid private key"), its account shows and is renamed; the wallet is locked (the
 * password field takes the focus) and unlocked, and the name is kept. No devnet: none of it needs
 * a verified chain.
 */
import type { Page } from 'playwright-core';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension, screenshot, sendMessage, VAULT_SEALED_MS, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const SECOND = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const PASSWORD = 'correct horse battery';
const FIRST0 = mnemonicToAccount(MNEMONIC).address;
const SECOND0 = mnemonicToAccount(SECOND).address;

let browser: ExtensionBrowser;
let popup: Page;

const row = (address: string) => `[data-testid="wallet-account"][data-address="${address}"]`;
const nameOf = async (address: string) => (await popup.textContent(`${row(address)} [data-testid="account-name"]`))?.trim();

beforeAll(async () => {
  browser = await launchExtension();
  popup = await browser.openPopup();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('accounts, end to end', () => {
  it("says on the first screen that the network's endpoints cannot be reached, and still offers to create the wallet", async () => {
    await popup.waitForSelector('[data-testid="onboard-create"]', { timeout: 30_000 });
    const notice = await popup.waitForSelector('[data-testid="endpoint-notice"]', { timeout: 90_000 });
    expect(await notice.textContent()).toMatch(/cannot reach the Ethereum endpoints of .*: you can create your wallet now/);
    expect(await notice.textContent()).toContain('choose other endpoints in Settings');
    await screenshot(popup, 'onboarding-unreachable.png');
  });

  it('creates the wallet from a phrase, then imports a second phrase from the popup and renames its account', async () => {
    await popup.click('[data-testid="onboard-import"]');
    await popup.fill('[data-testid="onboard-secret"]', MNEMONIC);
    await popup.fill('[data-testid="onboard-password"]', PASSWORD);
    await popup.fill('[data-testid="onboard-password2"]', PASSWORD);
    await popup.click('[data-testid="onboard-submit"]');
    // The home shows one account; its header's Manage opens the accounts.
    await popup.click('[data-testid="home-manage"]', { timeout: VAULT_SEALED_MS });
    await popup.waitForSelector(row(FIRST0), { timeout: 60_000 });

    await popup.click('[data-testid="wallet-import-key"]');
    await popup.fill('[data-testid="wallet-import-secret"]', SECOND);
    await popup.fill('[data-testid="wallet-import-password"]', PASSWORD);
    await popup.click('[data-testid="wallet-import-submit"]');
    await popup.waitForSelector(row(SECOND0), { timeout: 60_000 });
    expect(await nameOf(SECOND0)).toBe('Wallet 2 · Account 1');
    expect(await popup.$('[data-testid="wallet-import-error"]')).toBeNull();

    await popup.click(`${row(SECOND0)} [data-testid="account-rename"]`);
    await popup.fill('[data-testid="account-rename-input"]', 'Trip fund');
    await popup.fill('[data-testid="account-rename-password"]', PASSWORD);
    await popup.click('[data-testid="account-rename-submit"]');
    await waitFor('the new name', async () => (await nameOf(SECOND0)) === 'Trip fund', 60_000);
    await screenshot(popup, 'accounts-two-phrases.png');
    const state = await sendMessage(popup, { type: 'vigil:wallet:getState' });
    expect(state.accounts.map((a: { address: string; phrase?: number; name?: string }) => [a.address, a.phrase, a.name])).toEqual([
      [FIRST0, 0, undefined],
      [SECOND0, 1, 'Trip fund'],
    ]);
  });

  it('locks (the password field focused), unlocks, and the name is kept', async () => {
    await popup.click('[data-testid="wallet-lock"]');
    await popup.waitForSelector('[data-testid="unlock-password"]', { timeout: 30_000 });
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('unlock-password');
    expect((await sendMessage(popup, { type: 'vigil:wallet:getState' })).accounts.find((a: { address: string }) => a.address === SECOND0)?.name).toBe('Trip fund');
    await popup.keyboard.type(PASSWORD);
    await popup.keyboard.press('Enter');
    await popup.click('[data-testid="home-manage"]', { timeout: VAULT_SEALED_MS });
    await popup.waitForSelector(row(SECOND0), { timeout: 60_000 });
    expect(await nameOf(SECOND0)).toBe('Trip fund');
    expect(await nameOf(FIRST0)).toBe('Account 1');
  });
});
