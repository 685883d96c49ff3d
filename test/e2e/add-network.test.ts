/**
 * "Add network" as a new user meets it: a fresh profile, no settings, no console and no test-only
 * message. In the popup's Settings the user gives the devnet's beacon API and execution RPC URLs;
 * Vigil reads the network from the beacon API, shows the chain id, the forks and the checkpoint
 * it would trust, and after "Add and switch" follows the devnet to a verified head. A URL that is
 * not a beacon API gets a clear message and nothing is saved.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/extension/settings.ts';
import type { Status } from '../../src/extension/status.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;

beforeAll(async () => {
  [devnet, browser] = await Promise.all([startDevnet({ slotSeconds: 1, faults: false }), launchExtension()]);
  popup = await browser.openPopup();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

async function openForm(): Promise<void> {
  await popup.reload();
  await popup.click('[data-testid="tab-settings"]');
  await popup.click('[data-testid="add-network-open"]');
  await popup.waitForSelector('[data-testid="add-network-beacon"]');
}

describe('Add network', () => {
  it('refuses a URL that is not a beacon API, saving nothing', async () => {
    await openForm();
    // The execution RPC answers JSON-RPC, not the beacon API.
    await popup.fill('[data-testid="add-network-beacon"]', devnet.ready.executionRpc);
    await popup.click('[data-testid="add-network-read"]');
    const error = await popup.waitForSelector('[data-testid="add-network-error"]', { timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBeTruthy();
    expect(await popup.$('[data-testid="add-network-preview"]')).toBeNull();
    const settings = await sendMessage<Settings>(popup, { type: 'vigil:getSettings' });
    expect(Object.keys(settings.profiles).sort()).toEqual(['hoodi', 'mainnet', 'sepolia']);
  });

  it('reads the devnet from its beacon API, shows what it would trust, and follows it once added', async () => {
    await openForm();
    await popup.fill('[data-testid="add-network-beacon"]', devnet.ready.beaconApi);
    await popup.fill('[data-testid="add-network-rpc"]', devnet.ready.executionRpc);
    await popup.click('[data-testid="add-network-read"]');
    const preview = await popup.waitForSelector('[data-testid="add-network-preview"]', { timeout: 30_000 });
    expect(await (await preview.$('[data-testid="add-network-chain"]'))!.textContent()).toContain(String(devnet.ready.chainId));
    expect(await preview.$$('[data-testid="add-network-forks"] [data-fork]')).not.toHaveLength(0);
    expect(await (await preview.$('[data-testid="add-network-checkpoint"]'))!.textContent()).toMatch(/0x[0-9a-f]/i);
    await screenshot(popup, 'add-network-preview.png');
    await popup.click('[data-testid="add-network-save"]');
    const head = await waitFor('a verified devnet head', async () => {
      const s = await sendMessage<Status>(popup, { type: 'vigil:getStatus' });
      return s.network.chainId === devnet.ready.chainId && s.optimistic;
    }, 120_000, 500);
    expect(head.blockNumber).toBeGreaterThanOrEqual(0);
    await popup.click('[data-testid="tab-status"]');
    await screenshot(popup, 'add-network-following.png');
  });
});
