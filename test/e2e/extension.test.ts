/**
 * The built Chrome extension in real Chromium against the devnet: the popup follows verified
 * heads, a page on 127.0.0.1 finds the provider (EIP-6963 and window.ethereum) and gets proven
 * balances, an unmodified viem dApp works, a lying RPC yields -32099 with the code (and the
 * popup says so), switching network emits chainChanged, and a service-worker restart resumes
 * the light client from its stored state without a new bootstrap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Status } from '../../src/extension/messages.ts';
import { buildDapp } from './dapp/build.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, type PageServer, screenshot, sendMessage, servePages, waitFor, stopServiceWorker } from './harness.ts';
import { startDevnet } from './harness.ts';

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let dapp: Page;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const dappCall = (method: string, params: unknown[] = []) =>
  dapp.evaluate(([m, p]) => (window as any).dapp.request(m, p), [method, params] as const) as Promise<{ result?: any; error?: { code: number; message: string; data?: { code: string } } }>;

beforeAll(async () => {
  const [d, files] = await Promise.all([startDevnet({ slotSeconds: 1, faults: true }), buildDapp()]);
  devnet = d;
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('the extension in Chromium, on the devnet', () => {
  it('shows the verified head advancing in the popup', async () => {
    const first = await waitFor('a verified optimistic head', async () => (await status()).optimistic, 60_000);
    // The wallet tab opens first: the head is on the status tab.
    await popup.getByTestId('tab-status').click();
    await screenshot(popup, 'popup-first-head.png');
    const later = await waitFor('the head to advance', async () => {
      const s = await status();
      return s.state === 'synced' && s.optimistic && s.optimistic.blockNumber >= first.blockNumber + 3 && s;
    }, 60_000);
    expect(later.network.chainId).toBe(devnet.ready.chainId);
    // The popup renders what the background verified.
    await waitFor('the popup to show the head', async () => {
      const text = await popup.getByTestId('optimistic-block').textContent();
      return text !== null && Number(text.replace(/[#,]/g, '')) >= first.blockNumber + 3;
    }, 10_000);
    // The verified execution state root is the node's own for that block.
    const block = await devnet.rpc('eth_getBlockByNumber', ['0x' + later.optimistic!.blockNumber.toString(16), false]);
    expect(block.stateRoot).toBe(later.optimistic!.stateRoot);
    expect(block.hash).toBe(later.optimistic!.blockHash);
    await screenshot(popup, 'popup-synced.png');
  }, 130_000);

  it('lets a page on 127.0.0.1 find the provider through EIP-6963 and window.ethereum', async () => {
    dapp = await browser.context.newPage();
    await dapp.goto(pages.url + '/');
    await waitFor('the dApp', async () => (await dapp.title()) === 'dApp ready', 20_000);
    const providers = await dapp.evaluate(() => (window as any).dapp.providers());
    const vigil = providers.find((p: any) => p.info.rdns === 'dev.vigil');
    expect(vigil).toBeDefined();
    expect(vigil.info.name).toBe('Vigil');
    expect(vigil.info.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(vigil.info.icon).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(vigil.isVigil).toBe(true);
    expect(vigil.isWindowEthereum).toBe(true);
    expect(await dapp.evaluate(() => (window as any).dapp.hasWindowEthereum())).toBe(true);
    expect((await dappCall('eth_chainId')).result).toBe('0x' + devnet.ready.chainId.toString(16));
    expect((await dappCall('net_version')).result).toBe(String(devnet.ready.chainId));
    expect((await dappCall('eth_accounts')).result).toEqual([]);
    // No wallet set up yet: nothing to connect, nothing to sign with.
    expect((await dappCall('eth_requestAccounts')).error?.code).toBe(4100);
    expect((await dappCall('eth_sendTransaction', [{}])).error?.code).toBe(4100);
  }, 60_000);

  it('proves a dev account balance equal to the node’s, for eth_getBalance and vigil_getVerifiedBalance', async () => {
    const account = devnet.ready.accounts[1]!;
    const verified = await dappCall('vigil_getVerifiedBalance', [account]);
    expect(verified.error).toBeUndefined();
    const v = verified.result;
    const blockHex = '0x' + v.blockNumber.toString(16);
    const nodeBalance = await devnet.rpc('eth_getBalance', [account, blockHex]);
    expect(v.balance).toBe(nodeBalance);
    expect(BigInt(v.balance)).toBeGreaterThan(0n);
    expect(v.chainId).toBe('0x' + devnet.ready.chainId.toString(16));
    expect(typeof v.beaconSlot).toBe('number');
    expect(v.finalized).toBe(false);
    expect(v.headAgeSeconds).toBeLessThan(30);
    expect(Math.abs(v.verifiedAt - Date.now())).toBeLessThan(60_000);
    const block = await devnet.rpc('eth_getBlockByNumber', [blockHex, false]);
    expect(v.stateRoot).toBe(block.stateRoot);
    expect(v.blockHash).toBe(block.hash);
    // eth_getBalance at that verified block, and at `latest`.
    expect((await dappCall('eth_getBalance', [account, blockHex])).result).toBe(nodeBalance);
    const latest = await dappCall('eth_getBalance', [account, 'latest']);
    expect(latest.result).toBe(await devnet.rpc('eth_getBalance', [account, 'latest']));
    const nonce = await dappCall('eth_getTransactionCount', [account, blockHex]);
    expect(nonce.result).toBe(await devnet.rpc('eth_getTransactionCount', [account, blockHex]));
    const code = await dappCall('eth_getCode', [account, blockHex]);
    expect(code.result).toBe('0x');
    const slot = await dappCall('eth_getStorageAt', [account, '0x0', blockHex]);
    expect(slot.result).toBe('0x' + '0'.repeat(64));
    // A block the light client never verified is refused, not answered from the server.
    const unverified = await dappCall('eth_getBalance', [account, '0x' + (v.blockNumber + 1_000_000).toString(16)]);
    expect(unverified.error?.code).toBe(-32099);
    expect(unverified.error?.data?.code).toBe('BLOCK_NOT_VERIFIED');
  }, 60_000);

  it('serves an unmodified viem dApp (getBalance, getBlockNumber)', async () => {
    const account = devnet.ready.accounts[2]! as `0x${string}`;
    const out = await dapp.evaluate((a) => (window as any).dapp.viem(a), account);
    expect(out.chainId).toBe(devnet.ready.chainId);
    expect(BigInt(out.balance)).toBe(BigInt(await devnet.rpc('eth_getBalance', [account, 'latest'])));
    const s = await status();
    expect(Number(out.blockNumber)).toBeGreaterThan(0);
    expect(Number(out.blockNumber)).toBeLessThanOrEqual(s.optimistic!.blockNumber);
    expect(Number(out.blockNumber)).toBeLessThanOrEqual(Number(await devnet.rpc('eth_blockNumber', [])));
  }, 60_000);

  it('turns the devnet’s lying RPC into a -32099 error with the code, and the popup says so', async () => {
    const account = devnet.ready.accounts[3]!;
    await devnet.setFault('proof-balance', true);
    try {
      const lie = await dappCall('eth_getBalance', [account, 'latest']);
      expect(lie.result).toBeUndefined();
      expect(lie.error?.code).toBe(-32099);
      expect(lie.error?.data?.code).toBe('PROOF_VALUE_MISMATCH');
      const lie2 = await dappCall('vigil_getVerifiedBalance', [account]);
      expect(lie2.result).toBeUndefined();
      expect(lie2.error?.data?.code).toBe('PROOF_VALUE_MISMATCH');
      const viaViem = await dapp.evaluate((a) => (window as any).dapp.viem(a).then(() => 'value', (e: any) => `${e.code ?? e.cause?.code}`), account);
      expect(viaViem).not.toBe('value');
      await popup.getByTestId('tab-status').click();
      const problem = popup.locator('[data-code="PROOF_VALUE_MISMATCH"]').first();
      await problem.waitFor({ timeout: 10_000 });
      expect(await problem.textContent()).toContain('contradicts');
      expect(await problem.textContent()).toContain('127.0.0.1');
      await screenshot(popup, 'popup-lying-rpc.png');
    } finally {
      await devnet.setFault('proof-balance', false);
    }
    const honest = await dappCall('eth_getBalance', [account, 'latest']);
    expect(honest.result).toBe(await devnet.rpc('eth_getBalance', [account, 'latest']));
  }, 60_000);

  it('says so when the beacon API withholds updates (stale) or forges signatures, and keeps its verified state', async () => {
    await devnet.setFault('beacon-withhold-updates', true);
    let stale: Status;
    try {
      stale = await waitFor('the stale state', async () => {
        const s = await status();
        return s.state === 'stale' && s;
      }, 30_000);
      await popup.locator('[data-code="STALE_HEAD"]').first().waitFor({ timeout: 10_000 });
      expect(await popup.getByTestId('state').textContent()).toBe('Stale');
      expect(await popup.locator('[data-code="STALE_HEAD"]').first().textContent()).toContain('No new verified block');
      await screenshot(popup, 'popup-stale.png');
    } finally {
      await devnet.setFault('beacon-withhold-updates', false);
    }
    await devnet.setFault('beacon-invalid-signature', true);
    try {
      const rejected = await waitFor('a rejected signature', async () => {
        const s = await status();
        return s.errors.find((e) => e.code === 'SYNC_SIGNATURE_INVALID') && s;
      }, 30_000);
      // Nothing forged was taken: the head is where the honest updates left it, or older.
      expect(rejected.optimistic!.slot).toBeLessThanOrEqual(stale!.currentSlot + 2);
      await popup.locator('[data-code="SYNC_SIGNATURE_INVALID"]').first().waitFor({ timeout: 10_000 });
      expect(await popup.locator('[data-code="SYNC_SIGNATURE_INVALID"]').first().textContent()).toContain('did not sign');
      await screenshot(popup, 'popup-forged-signature.png');
    } finally {
      await devnet.setFault('beacon-invalid-signature', false);
    }
    const recovered = await waitFor('verified heads again', async () => {
      const s = await status();
      return s.state === 'synced' && s.optimistic!.slot > stale!.optimistic!.slot && s;
    }, 30_000);
    const block = await devnet.rpc('eth_getBlockByNumber', ['0x' + recovered.optimistic!.blockNumber.toString(16), false]);
    expect(block.stateRoot).toBe(recovered.optimistic!.stateRoot);
  }, 120_000);

  it('emits chainChanged to the page when the network is switched, and resumes the devnet store when switched back', async () => {
    const before = await status();
    await sendMessage(popup, { type: 'vigil:setNetwork', network: 'mainnet' });
    await waitFor('chainChanged 0x1', async () => (await dapp.evaluate(() => (window as any).dapp.chainEvents())).includes('0x1'), 10_000);
    const onMainnet = await status();
    expect(onMainnet.network.chainId).toBe(1);
    // Mainnet comes with public endpoints of several operators; this machine reaches none of them.
    expect(onMainnet.network.beaconApis.length).toBeGreaterThan(1);
    expect(onMainnet.state).not.toBe('unconfigured');
    expect((await dappCall('eth_chainId')).result).toBe('0x1');
    expect(onMainnet.optimistic).toBeNull();
    // The popup polls its status: shoot once it shows the switch, not the devnet it showed before.
    await popup.getByText('Ethereum Mainnet').first().waitFor({ timeout: 10_000 });
    await screenshot(popup, 'popup-mainnet-offline.png');
    await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
    const devnetHex = '0x' + devnet.ready.chainId.toString(16);
    await waitFor('chainChanged back', async () => (await dapp.evaluate(() => (window as any).dapp.chainEvents())).at(-1) === devnetHex, 10_000);
    const back = await waitFor('a head after switching back', async () => {
      const s = await status();
      return s.optimistic && s;
    }, 30_000);
    expect(back.lifecycle.lastInit).toBe('resume');
    expect(back.lifecycle.bootstraps).toBe(before.lifecycle.bootstraps);
  }, 60_000);

  it('resumes from the stored state, without a new bootstrap, after CDP ServiceWorker.stopAllWorkers', async () => {
    const before = await waitFor('a synced status', async () => {
      const s = await status();
      return s.optimistic && s.state === 'synced' && s;
    }, 30_000);
    expect(before.lifecycle.bootstraps).toBe(1);
    await stopServiceWorker(browser.context);
    // Any event wakes it again: here the popup's next status request.
    const after = await waitFor('a head from the new service worker', async () => {
      const s = await status();
      return s.lifecycle.instanceStartedAt !== before.lifecycle.instanceStartedAt && s.optimistic && s.optimistic.slot > before.optimistic!.slot && s;
    }, 60_000);
    expect(after.lifecycle.lastInit).toBe('resume');
    expect(after.lifecycle.bootstraps).toBe(before.lifecycle.bootstraps);
    expect(after.lifecycle.resumes).toBeGreaterThan(before.lifecycle.resumes);
    expect(after.checkpoint?.source).toBe('stored');
    expect(after.finalized!.slot).toBeGreaterThanOrEqual(before.finalized!.slot);
    // Pages keep working through the new worker.
    const account = devnet.ready.accounts[4]!;
    expect((await dappCall('eth_getBalance', [account, 'latest'])).result).toBe(await devnet.rpc('eth_getBalance', [account, 'latest']));
    await screenshot(popup, 'popup-after-restart.png');
  }, 120_000);

  it('shows settings at popup size, with the weak-subjectivity warning and the window.ethereum choice', async () => {
    await popup.getByTestId('tab-settings').click();
    // Endpoints and the checkpoint wait under Advanced, closed until opened.
    await popup.getByTestId('advanced-open').click();
    await popup.getByTestId('beacon-apis').waitFor();
    expect(await popup.getByTestId('beacon-apis').inputValue()).toBe(devnet.ready.beaconApi);
    expect(await popup.getByTestId('execution-rpcs').inputValue()).toBe(devnet.ready.executionRpc);
    expect(await popup.getByTestId('checkpoint-input').inputValue()).toBe(devnet.ready.checkpoint);
    expect(await popup.getByTestId('ws-warning').textContent()).toContain('14 days');
    await screenshot(popup, 'popup-settings.png');
    await popup.getByTestId('override-toggle').check();
    await waitFor('the setting to be saved', async () => (await status()).overrideWindowEthereum, 5_000);
    await popup.getByTestId('tab-status').click();
  }, 30_000);
});
