/**
 * "Add network" as a new user meets it: a fresh profile, no settings, no console and no test-only
 * message. In the popup's Settings the user gives the devnet's beacon API and execution RPC URLs;
 * Vigil reads the network from the beacon API, shows the chain id, the forks and the checkpoint
 * it would trust, and after "Add and switch" follows the devnet to a verified head. A URL that is
 * not a beacon API, one whose config contradicts its genesis, and one whose checkpoint another
 * beacon API disagrees with each get a clear message, and nothing is saved. A fresh profile is
 * offered the devnet running on this computer (its well-known local URL) with one click, its
 * Uniswap V2 router saved with it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings, Status } from '../../src/extension/messages.ts';
import { type Devnet, type ExtensionBrowser, holdWellKnownPort, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';
import { listen } from '../../src/devnet/http-util.ts';

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let liar: { server: Server; url: string; lie: 'genesis' | 'checkpoint' } | undefined;
let releasePort: (() => void) | undefined;

/** The devnet's beacon API behind a proxy that lies about one thing (its genesis, or its block at every slot). */
async function startLiar(): Promise<NonNullable<typeof liar>> {
  const state = { server: undefined as unknown as Server, url: '', lie: 'checkpoint' as 'genesis' | 'checkpoint' };
  const server = createServer((req, res) => {
    void (async () => {
      const upstream = await fetch(devnet.ready.beaconApi + (req.url ?? ''), { headers: { accept: 'application/json' } });
      const text = await upstream.text();
      let body = text;
      if (upstream.ok && state.lie === 'genesis' && req.url === '/eth/v1/config/spec') {
        const json = JSON.parse(text) as { data: Record<string, string> };
        json.data.GENESIS_FORK_VERSION = '0x0badc0de';
        body = JSON.stringify(json);
      }
      if (upstream.ok && state.lie === 'checkpoint' && /^\/eth\/v1\/beacon\/headers\/\d+$/.test(req.url ?? '')) {
        const json = JSON.parse(text) as { data: { root: string } };
        json.data.root = '0x' + 'ee'.repeat(32);
        body = JSON.stringify(json);
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
    })().catch(() => res.writeHead(502).end());
  });
  await listen(server, 0);
  state.server = server;
  // "localhost": another host than the devnet's 127.0.0.1, as a second operator would be.
  state.url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return state;
}

beforeAll(async () => {
  // This devnet serves the well-known port the last test needs; start.test.ts's devnets would take it.
  releasePort = await holdWellKnownPort();
  [devnet, browser] = await Promise.all([startDevnet({ slotSeconds: 1, faults: false, discovery: true, contracts: true, uniswap: true }), launchExtension()]);
  liar = await startLiar();
  popup = await browser.openPopup();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
  releasePort?.();
  await new Promise((r) => liar?.server.close(r));
});

async function profiles(): Promise<string[]> {
  return Object.keys((await sendMessage<Settings>(popup, { type: 'vigil:getSettings' })).profiles).sort();
}

async function refusedWith(beacon: string): Promise<string | null> {
  await openForm();
  await popup.fill('[data-testid="add-network-beacon"]', beacon);
  await popup.click('[data-testid="add-network-read"]');
  const error = await popup.waitForSelector('[data-testid="add-network-error"]', { timeout: 30_000 });
  expect(await popup.$('[data-testid="add-network-preview"]')).toBeNull();
  expect(await error.textContent()).toContain('Nothing was saved.');
  return error.getAttribute('data-code');
}

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
    expect(await profiles()).toEqual(['hoodi', 'mainnet', 'sepolia']);
  });

  it('refuses a server whose config contradicts its genesis, and a checkpoint another beacon API disagrees with', async () => {
    const l = liar!;
    l.lie = 'genesis';
    expect(await refusedWith(l.url)).toBe('NETWORK_GENESIS_MISMATCH');
    l.lie = 'checkpoint';
    // The devnet read first; the second server has another block at the checkpoint's slot.
    expect(await refusedWith(`${devnet.ready.beaconApi} ${l.url}`)).toBe('NETWORK_CHECKPOINT_DISAGREEMENT');
    expect(await (await popup.$('[data-testid="add-network-error"]'))!.textContent()).toContain('disagree on the finalized checkpoint');
    await screenshot(popup, 'add-network-disagreement.png');
    expect(await profiles()).toEqual(['hoodi', 'mainnet', 'sepolia']);
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

  it('offers a fresh profile the devnet running on this computer: one click reads it, "Add and switch" follows it', async () => {
    // Another devnet on this machine would hold the well-known port (vigil devnet then says so).
    expect(devnet.ready.discovery, 'the well-known port 8590 is taken by another devnet').toBeDefined();
    const fresh = await launchExtension();
    try {
      const page = await fresh.openPopup();
      await page.click('[data-testid="tab-settings"]');
      const offer = await page.waitForSelector('[data-testid="devnet-offer"]', { timeout: 30_000 });
      expect(await offer.textContent()).toContain(`chain ${devnet.ready.chainId}`);
      await page.click('[data-testid="devnet-offer-use"]');
      const preview = await page.waitForSelector('[data-testid="add-network-preview"]', { timeout: 30_000 });
      expect(await (await preview.$('[data-testid="add-network-beacons"]'))!.textContent()).toBe(devnet.ready.beaconApi);
      // Its Uniswap V2 router comes with it (the approval window names swaps on it).
      const router = devnet.ready.contracts!.uniswap!.router.toLowerCase();
      expect(await (await preview.$('[data-testid="add-network-routers"]'))!.textContent()).toBe(`Uniswap V2 ${router}`);
      // And its own tokens (listed: the approval window does not mark them unknown).
      const tokens = devnet.ready.tokens!;
      expect(await (await preview.$('[data-testid="add-network-tokens"]'))!.textContent()).toBe(tokens.map((t) => `${t.symbol} ${t.address}`).join(' · '));
      expect(Object.keys((await sendMessage<Settings>(page, { type: 'vigil:getSettings' })).profiles).sort()).toEqual(['hoodi', 'mainnet', 'sepolia']);
      await page.click('[data-testid="add-network-save"]');
      await waitFor('a verified devnet head', async () => {
        const s = await sendMessage<Status>(page, { type: 'vigil:getStatus' });
        return s.network.chainId === devnet.ready.chainId && s.optimistic;
      }, 120_000, 500);
      const saved = await sendMessage<Settings>(page, { type: 'vigil:getSettings' });
      expect(saved.profiles[saved.current]!.routers).toEqual([router]);
      expect(saved.profiles[saved.current]!.tokens).toEqual(tokens);
      // Once followed, it is offered no more.
      await page.reload();
      await page.click('[data-testid="tab-settings"]');
      await page.waitForSelector('[data-testid="network-select"]');
      await new Promise((r) => setTimeout(r, 1000)); // the offer's lookup answers within a second or not at all
      expect(await page.$('[data-testid="devnet-offer"]')).toBeNull();
    } finally {
      await fresh.close();
    }
  });
});
