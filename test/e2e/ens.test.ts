/**
 * ENS through Vigil in real Chromium on the devnet: an unmodified viem page's `getEnsAddress` and
 * `getEnsName` (viem's own calls of the devnet's UniversalResolver, and its CCIP-read for the
 * offchain names, their callbacks answered by Vigil's verified eth_call) match the node's answers
 * for every name, both ways; the popup's own resolution is proven for an onchain name, asks an
 * offchain name's gateway only once allowed, and labels each answer with where it comes from; the
 * popup's send form takes a name, shows its proven address beside it, and the approval window
 * and the activity name the recipient by it once it is proven again ("Sent 0.02 ETH to
 * alice.vigil.eth (0x7099…79C8)"), the fee the one the verified receipt says was paid.
 */
import type { Page } from 'playwright-core';
import { createPublicClient, type Hex, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { buildEnsDapp } from './dapp/build.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, type PageServer, screenshot, sendMessage, servePages, startDevnet, waitFor } from './harness.ts';

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let page: Page;
let node: ReturnType<typeof createPublicClient>;
let ur: Hex;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const dapp = <T = any>(fn: string, ...args: unknown[]): Promise<T> => page.evaluate(([f, a]) => (window as any).dapp[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

beforeAll(async () => {
  const [d, files] = await Promise.all([startDevnet({ slotSeconds: 1, contracts: true }), buildEnsDapp()]);
  devnet = d;
  ur = devnet.ready.ens!.universalResolver as Hex;
  node = createPublicClient({ transport: http(devnet.ready.nodeRpc) });
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head past ENS', async () => {
    const s = await status();
    return s.optimistic !== undefined && s.optimistic !== null && Number((s.optimistic as { blockNumber: number }).blockNumber) >= devnet.ready.ens!.deployedAt;
  }, 120_000);
  page = await browser.context.newPage();
  await page.goto(pages.url + '/ens.html');
  await waitFor('the ENS page', async () => (await page.title()) === 'viem ens ready', 20_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('ENS through Vigil', () => {
  it("viem's getEnsAddress through Vigil matches the node's, for every name", async () => {
    const ens = devnet.ready.ens!;
    const names = [ens.names.root.name, ens.names.alice.name, ens.names.bob.name, ens.names.wildcard.example, 'x.wild.vigil.eth', 'nobody.eth', ens.names.signedOffchain.name, ens.names.offchain.name];
    for (const name of names) {
      const theirs = await node.getEnsAddress({ name, universalResolverAddress: ur });
      const ours = await dapp('address', ur, name);
      expect(ours, name).toEqual({ result: theirs });
    }
  }, 180_000);

  it("viem's getEnsName through Vigil matches the node's: a lying reverse record is no name", async () => {
    const accounts = devnet.ready.accounts!;
    for (const a of accounts.slice(0, 7)) {
      const theirs = await node.getEnsName({ address: a as Hex, universalResolverAddress: ur });
      expect(await dapp('name', ur, a), a).toEqual({ result: theirs });
    }
    expect((await dapp('name', ur, accounts[3])).result).toBeNull();
    expect((await dapp('name', ur, accounts[1])).result).toBe('alice.vigil.eth');
  }, 180_000);

  it("the popup's own resolution: proven onchain; an offchain name's gateway asked only once allowed, its answer labelled", async () => {
    const ens = devnet.ready.ens!;
    const bob = await sendMessage(popup, { type: 'vigil:wallet:resolveName', name: 'Bob.Vigil.eth' });
    expect(bob).toMatchObject({ name: 'bob.vigil.eth', provenance: { kind: 'proven' } });
    expect(bob.address.toLowerCase()).toBe(devnet.ready.accounts![2]);
    await expect(sendMessage(popup, { type: 'vigil:wallet:resolveName', name: ens.names.offchain.name })).rejects.toThrow(/GATEWAY_NOT_ALLOWED/);
    const gateway = new URL(ens.gateway).origin;
    const signed = await sendMessage(popup, { type: 'vigil:wallet:resolveName', name: ens.names.signedOffchain.name, allowedGateways: [gateway] });
    expect(signed.provenance.kind).toBe('resolver-checked');
    expect(signed.address.toLowerCase()).toBe(devnet.ready.accounts![4]);
    const unsigned = await sendMessage(popup, { type: 'vigil:wallet:resolveName', name: ens.names.offchain.name, allowedGateways: [gateway] });
    expect(unsigned.provenance.kind).toBe('gateway');
    const named = await sendMessage(popup, { type: 'vigil:wallet:lookupAddress', address: devnet.ready.accounts![1] });
    expect(named).toMatchObject({ name: 'alice.vigil.eth', provenance: { kind: 'proven' } });
  }, 180_000);

  it('vigil_getVerifiedBalance takes a name from the page', async () => {
    const answer = await dapp('request', 'vigil_getVerifiedBalance', ['bob.vigil.eth']);
    expect(answer.result).toMatchObject({ name: 'bob.vigil.eth', nameProvenance: { kind: 'proven' } });
    expect(BigInt(answer.result.balance)).toBe(await node.getBalance({ address: devnet.ready.accounts![2] as Hex, blockNumber: BigInt(answer.result.blockNumber) }));
    const offchain = await dapp('request', 'vigil_getVerifiedBalance', [devnet.ready.ens!.names.offchain.name]);
    expect(offchain.error).toMatchObject({ code: 4200 });
  }, 120_000);

  it('the send form takes a name: its proven address beside it, the recipient named in the approval window', async () => {
    const ens = devnet.ready.ens!;
    const bob = devnet.ready.accounts[2]!;
    await sendMessage(popup, { type: 'vigil:wallet:create', password: 'correct horse battery', mnemonic: 'test test test test test test test test test test test junk' });
    await popup.reload();
    await popup.click('[data-testid="tab-wallet"]');
    await popup.click('[data-testid="home-send"]');
    await popup.fill('[data-testid="send-to"]', 'Bob.Vigil.eth');
    await popup.waitForSelector('[data-testid="send-name"][data-kind="proven"]', { timeout: 30_000 });
    expect((await popup.textContent('[data-testid="send-name-address"]'))!.toLowerCase()).toBe(bob);
    expect(await popup.inputValue('[data-testid="send-to"]')).toBe('Bob.Vigil.eth');
    await screenshot(popup, 'ens-send-name.png');
    await popup.fill('[data-testid="send-value"]', '0.01');
    const opened = nextApprovalWindow(browser.context);
    await popup.click('[data-testid="send-submit"]');
    const window = await opened;
    // The name the user chose, proven again for the window: in the headline and beside the address.
    await window.waitForSelector('[data-testid="approval-name"]', { timeout: 60_000 });
    expect((await window.textContent('[data-testid="approval-to"]'))!.toLowerCase()).toBe(bob);
    expect(await window.textContent('[data-testid="approval-name"]')).toMatch(/^ bob\.vigil\.eth · proven at block \d+$/);
    expect(await window.textContent('[data-testid="approval-what"]')).toMatch(/^Send 0\.01 ETH to bob\.vigil\.eth \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\)$/);
    await screenshot(window, 'ens-approval-name.png');
    await window.click('[data-testid="approval-reject"]');

    // An offchain name: the gateway is named and asked only after the click that allows it.
    await popup.fill('[data-testid="send-to"]', ens.names.offchain.name);
    await popup.waitForSelector('[data-testid="send-name"][data-kind="gateway"] [data-testid="send-name-allow"]', { timeout: 30_000 });
    expect(await popup.textContent('[data-testid="send-name"]')).toContain('will see the name');
    await popup.click('[data-testid="send-name-allow"]');
    await popup.waitForSelector('[data-testid="send-name-provenance"]', { timeout: 30_000 });
    expect(await popup.textContent('[data-testid="send-name-provenance"]')).toContain("the gateway's word");
    expect((await popup.textContent('[data-testid="send-name-address"]'))!.toLowerCase()).toBe(devnet.ready.accounts[5]);
  }, 180_000);

  it('a send to alice.vigil.eth: named in the window, then in the activity in words, its fee what the verified receipt says was paid', async () => {
    const alice = devnet.ready.accounts[1]!;
    await popup.reload();
    await popup.click('[data-testid="tab-wallet"]');
    await popup.click('[data-testid="home-send"]');
    await popup.fill('[data-testid="send-to"]', 'alice.vigil.eth');
    await popup.waitForSelector('[data-testid="send-name"][data-kind="proven"]', { timeout: 30_000 });
    await popup.fill('[data-testid="send-value"]', '0.02');
    const opened = nextApprovalWindow(browser.context);
    await popup.click('[data-testid="send-submit"]');
    const window = await opened;
    await window.waitForSelector('[data-testid="approval-name"]', { timeout: 60_000 });
    expect((await window.textContent('[data-testid="approval-to"]'))!.toLowerCase()).toBe(alice);
    expect(await window.textContent('[data-testid="approval-what"]')).toMatch(/^Send 0\.02 ETH to alice\.vigil\.eth \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\)$/);
    await approveIn(window);
    await popup.waitForSelector('[data-testid="send-note"]:has-text("Sent")', { timeout: 60_000 });
    await popup.click('[data-testid="send-back"]');
    // The row says what it did, the recipient by the name proven for it; once the receipt is verified, the fee paid.
    const row = popup.locator('[data-testid="activity-row"]', { hasText: 'alice.vigil.eth' }).first();
    await row.waitFor({ timeout: 60_000 });
    expect(await row.locator('[data-testid="activity-summary"]').textContent()).toMatch(/^Sent 0\.02 ETH to alice\.vigil\.eth \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\)$/);
    // At 360 px it wraps whole: no ellipsis hides the name or the address.
    expect(await row.locator('[data-testid="activity-summary"]').evaluate((e) => ({ clipped: e.scrollWidth > e.clientWidth, overflow: getComputedStyle(e).textOverflow }))).toEqual({ clipped: false, overflow: 'clip' });
    await waitFor('the verified receipt', async () => ['included', 'final'].includes((await row.getAttribute('data-status')) ?? ''), 120_000, 500);
    await row.locator('[data-testid="activity-toggle"]').click();
    expect(await row.locator('[data-testid="activity-detail-fee"]').textContent()).toMatch(/^[0-9.,<]+ ETH paid \([0-9,]+ gas × [0-9.]+ gwei, verified receipt\)$/);
    await screenshot(popup, 'ens-activity-name.png');
  }, 240_000);
});
