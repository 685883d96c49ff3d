/**
 * Delegating and revoking from the popup (issue 41), in real Chromium on the devnet with its
 * contracts (the pinned Simple7702Account deployed from its artifact, named in the ready object's
 * "delegator"): the account card offers "Make this a smart account", Vigil's approval window says
 * what the account's code becomes and on which chain (delegations are per chain), approved it is
 * signed and sent; the badge then says the account is delegated to the pinned delegate, known to
 * Vigil, and the node agrees (the account's code is the delegation indicator). Then "Revoke
 * delegation" through its own window: the badge goes, the node's code is empty again.
 */
import type { Page } from 'playwright-core';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { accountsPanel as panel, throughTheWindow as through } from './flows.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PASSWORD = 'correct horse battery';
type Hex = `0x${string}`;

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let node: ReturnType<typeof createPublicClient>;
let account: Hex;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
/** The accounts panel, opened afresh (the balances and their delegation read again). */
const accountsPanel = () => panel(popup);
/** Clicks the card's button, approves in Vigil's window, and waits for the window to say it was sent (flows.ts). */
const throughTheWindow = async (button: string, shot: string, check: (window: Page) => Promise<void>): Promise<void> => void (await through(browser, popup, button, shot, check));

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, faults: false, contracts: true });
  node = createPublicClient({ transport: http(devnet.ready.nodeRpc) });
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await status()).optimistic, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  account = (await sendMessage<{ accounts: { address: string }[] }>(popup, { type: 'vigil:wallet:getState' })).accounts[0]!.address as Hex;
  await popup.reload();
  await popup.click('[data-testid="tab-wallet"]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

describe('a smart account from the popup', () => {
  it('delegates to the pinned delegate through its own window; the badge says so once proven; the node agrees', async () => {
    const delegator = devnet.ready.delegator!.toLowerCase();
    await accountsPanel();
    await popup.waitForSelector('[data-testid="account-delegate"]', { timeout: 90_000 });
    await throughTheWindow('account-delegate', 'delegate-window.png', async (window) => {
      expect(await window.textContent('[data-testid="approval-what"]')).toContain('a smart account');
      expect(await window.textContent('[data-testid="delegation-after"]')).toContain('Simple7702Account');
      expect(await window.textContent('[data-testid="delegation-per-chain"]')).toContain('Delegations are per chain');
      expect(await window.textContent('[data-testid="delegation-chain"]')).toContain(String(devnet.ready.chainId));
    });
    await waitFor('the node to hold the delegation', async () => (await node.getCode({ address: account }))?.toLowerCase() === '0xef0100' + delegator.slice(2), 90_000, 500);
    await waitFor('the badge, proven and known', async () => {
      await accountsPanel();
      const badge = await popup.waitForSelector('[data-testid="account-delegation"]', { timeout: 10_000 }).catch(() => null);
      return badge !== null && (await badge.getAttribute('data-known')) === 'true';
    }, 120_000, 1000);
    expect(await popup.textContent('[data-testid="account-delegation"]')).toContain('Simple7702Account');
    await screenshot(popup, 'delegate-badge.png');
  }, 300_000);

  it('revokes through its own window: the badge goes, the node holds no code', async () => {
    await popup.waitForSelector('[data-testid="account-revoke-delegation"]', { timeout: 60_000 });
    await throughTheWindow('account-revoke-delegation', 'revoke-window.png', async (window) => {
      expect(await window.textContent('[data-testid="approval-what"]')).toContain('Revoke');
      expect(await window.textContent('[data-testid="delegation-after"]')).toContain('No code');
    });
    await waitFor('the node to clear the code', async () => ((await node.getCode({ address: account })) ?? '0x') === '0x', 90_000, 500);
    await waitFor('the badge gone', async () => {
      await accountsPanel();
      await popup.waitForSelector('[data-testid="wallet-account"]', { timeout: 10_000 });
      await popup.waitForSelector('[data-testid="account-delegate"]', { timeout: 10_000 }).catch(() => null);
      return (await popup.$('[data-testid="account-delegation"]')) === null && (await popup.$('[data-testid="account-delegate"]')) !== null;
    }, 120_000, 1000);
  }, 300_000);
});
