/**
 * A devnet found wherever it runs (issue 55): `vigil devnet --discovery-port N` on a port that is
 * not the well-known one. A fresh profile, no console: in Settings the user types the port the
 * devnet printed, the offer appears, one click reads it and "Add and switch" follows it, with its
 * ENS resolver, tokens and delegate. A place that is not this computer is refused in words; and
 * "Add network" given only the devnet's beacon API carries the same from the description that
 * beacon API serves.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings, Status } from '../../src/extension/messages.ts';
import { freePorts } from '../support/free-port.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let port: number;


/** The devnet on a free discovery port; started again on another when one was taken meanwhile (the devnet then serves no description). */
async function devnetOnFreePort(): Promise<Devnet> {
  for (let attempt = 1; ; attempt++) {
    port = await freePorts();
    const d = await startDevnet({ slotSeconds: 1, faults: false, contracts: true, discoveryPort: port });
    if (d.ready.discovery !== undefined || attempt === 3) return d;
    await d.stop();
  }
}

beforeAll(async () => {
  [devnet, browser] = await Promise.all([devnetOnFreePort(), launchExtension()]);
  popup = await browser.openPopup();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

async function settingsTab(): Promise<void> {
  await popup.reload();
  await popup.click('[data-testid="tab-settings"]');
  await popup.click('[data-testid="devnet-find"] summary');
}

async function look(at: string): Promise<void> {
  await popup.fill('[data-testid="devnet-find-at"]', at);
  await popup.click('[data-testid="devnet-find-look"]');
}

describe('a devnet on another discovery port', () => {
  it('serves its description there, and its output says what to type', () => {
    expect(devnet.ready.discovery, `port ${port} was taken before the devnet started`).toBe(`http://127.0.0.1:${port}/.well-known/vigil-devnet.json`);
  });

  it('a place not on this computer is refused in words, nothing looked up there', async () => {
    await settingsTab();
    await look(`http://192.0.2.1:${port}`);
    const error = await popup.waitForSelector('[data-testid="devnet-find-error"]', { timeout: 15_000 });
    expect(await error.textContent()).toContain('is not on this computer: Vigil looks for a devnet only at 127.0.0.1 or localhost');
    expect(await error.getAttribute('data-code')).toBe('INVALID_INPUT');
  });

  it('"Add network" with only its beacon API carries what the devnet has from the description it serves', async () => {
    await popup.reload();
    await popup.click('[data-testid="tab-settings"]');
    await popup.click('[data-testid="add-network-open"]');
    await popup.fill('[data-testid="add-network-beacon"]', devnet.ready.beaconApi);
    await popup.fill('[data-testid="add-network-rpc"]', devnet.ready.executionRpc);
    await popup.click('[data-testid="add-network-read"]');
    const preview = await popup.waitForSelector('[data-testid="add-network-preview"]', { timeout: 30_000 });
    expect(await (await preview.$('[data-testid="add-network-described"]'))!.textContent()).toContain(`${devnet.ready.beaconApi}/.well-known/vigil-devnet.json`);
    expect(await (await preview.$('[data-testid="add-network-delegator"]'))!.textContent()).toContain(devnet.ready.delegator!.toLowerCase());
    expect(await (await preview.$('[data-testid="add-network-tokens"]'))!.textContent()).toContain(devnet.ready.tokens![0]!.address.toLowerCase());
    // No rollup and no Uniswap (started without --rollup and --uniswap): said, and only that.
    expect(await (await preview.$('[data-testid="add-network-lacks"]'))!.textContent()).toBe('This network will have no rollups followed, no swaps named (no Uniswap router): its description names none.');
    await screenshot(popup, 'devnet-port-add-network.png');
    await popup.click('[data-testid="add-network-cancel"]');
  });

  it('the port typed in Settings finds it: one click reads it, "Add and switch" follows it with its ENS resolver', async () => {
    await settingsTab();
    await look(String(port));
    const offer = await popup.waitForSelector('[data-testid="devnet-offer"]', { timeout: 30_000 });
    expect(await offer.textContent()).toContain(devnet.ready.beaconApi);
    expect(await offer.textContent()).toContain(`chain ${devnet.ready.chainId}`);
    await screenshot(popup, 'devnet-port-offer.png');
    await popup.click('[data-testid="devnet-offer-use"]');
    await popup.waitForSelector('[data-testid="add-network-preview"]', { timeout: 30_000 });
    await popup.click('[data-testid="add-network-save"]');
    await waitFor('a verified devnet head', async () => {
      const s = await sendMessage<Status>(popup, { type: 'vigil:getStatus' });
      return s.network.chainId === devnet.ready.chainId && s.optimistic;
    }, 120_000, 500);
    const saved = await sendMessage<Settings>(popup, { type: 'vigil:getSettings' });
    const profile = saved.profiles[saved.current] as Settings['profiles'][string] & { ensUniversalResolver?: string };
    expect(profile.beaconApis).toEqual([devnet.ready.beaconApi]);
    expect(profile.ensUniversalResolver).toBe(devnet.ready.ens!.universalResolver.toLowerCase());
    // Status says where the checkpoint came from: not "your checkpoint", the beacon API that named it as it was added.
    await popup.click('[data-testid="tab-status"]');
    const source = await popup.waitForSelector('[data-testid="checkpoint-source"]', { timeout: 30_000 });
    expect(await source.textContent()).toBe(`named by its beacon API (${new URL(devnet.ready.beaconApi).host}) when you added the network`);
    await screenshot(popup, 'devnet-port-status.png');
    // Found where typed once it is saved: said, no second offer.
    await settingsTab();
    await look(`localhost:${port}`);
    await popup.waitForSelector('[data-testid="devnet-find-followed"]', { timeout: 15_000 });
    expect(await popup.$('[data-testid="devnet-offer"]')).toBeNull();
  });
});
