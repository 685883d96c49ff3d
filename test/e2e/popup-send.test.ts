/**
 * The popup's home, in real Chromium at 360×600 on the devnet with its demo token: the home fits
 * without scrolling (one account, one token) and never sideways, its balance proven with the
 * badge saying at which block; Receive shows the address and the QR code of its EIP-681 URI with
 * the devnet's chain id (the image loads under the extension's CSP), and copies the address; then
 * Send: ETH, then a followed token, each typed into the popup's form, approved in Vigil's window,
 * and followed to a verified receipt in the activity; the node agrees (receipt status 1, the
 * recipient's balances moved by exactly what was typed), and the activity row opens on its
 * details. The popup's send once failed every time (the runtime message's `type` was taken as the
 * transaction's): this is the user's path end to end.
 */
import type { Page } from 'playwright-core';
import { createPublicClient, erc20Abi, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUnits } from '../../src/core/units.ts';
import type { Status } from '../../src/extension/messages.ts';
import { provenIncluded as provenIn, sendFromPopup as send } from './flows.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, VAULT_SEALED_MS, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PASSWORD = 'correct horse battery';
type Hex = `0x${string}`;

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let node: ReturnType<typeof createPublicClient>;
let token: Hex;
/** Devnet account 3: nobody else sends to it in this file. */
let recipient: Hex;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
/** Types a send into the popup's form, approves it in Vigil's window, and returns the hash the popup reports (flows.ts). */
const sendFromPopup = async (to: string, amount: string, asset: string, shot: string): Promise<Hex> => (await send(browser, popup, { to, amount, asset, shot })).hash;
/** The activity turns the transaction "included" only on a receipt proven against a verified block. */
const provenIncluded = (hash: string) => provenIn(popup, hash);

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, faults: false, contracts: true });
  node = createPublicClient({ transport: http(devnet.ready.nodeRpc) });
  token = devnet.ready.contracts!.token as Hex;
  recipient = devnet.ready.accounts[3] as Hex;
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await status()).optimistic, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  // Followed as the user does it: the token's own symbol and decimals, proven (once a head two thirds of the committee signed is there).
  await waitFor('the token followed', () => sendMessage(popup, { type: 'vigil:wallet:addToken', address: token }).then(() => true, () => false), 90_000, 500);
  await popup.reload();
  await popup.click('[data-testid="tab-wallet"]');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

/** How far the popup's page and its tab panel scroll, each way (0: it fits). */
const overflow = () =>
  popup.evaluate(() => {
    const main = document.querySelector('main')!;
    // How far what comes before the activity reaches below the first screen (the activity itself grows with the account's history: issue 56 lists what came in).
    const activity = document.querySelector('[data-testid="activity"]');
    const beforeActivity = activity ? activity.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop : main.scrollHeight;
    return {
      pageX: document.documentElement.scrollWidth - window.innerWidth,
      mainX: main.scrollWidth - main.clientWidth,
      mainY: Math.max(0, Math.ceil(beforeActivity) - main.clientHeight),
    };
  });

describe("the popup's home, end to end", () => {
  it('shows the proven balance with its block, and fits 360×600: nothing but the activity below the first screen', async () => {
    const account = (await sendMessage<{ accounts: { address: string }[] }>(popup, { type: 'vigil:wallet:getState' })).accounts[0]!.address;
    await popup.waitForSelector(`[data-testid="home-account"][data-address="${account}"]`, { timeout: VAULT_SEALED_MS });
    await waitFor('the proven balance', async () => (await popup.getAttribute('[data-testid="home-proof"]', 'data-kind')) === 'proven', 60_000);
    expect(await popup.textContent('[data-testid="home-proof"]')).toMatch(/^Proven at block [\d,]+$/);
    expect(await popup.textContent('[data-testid="home-balance"]')).toMatch(/ETH$/);
    await waitFor('the token with its balance', async () => /VTA$/.test((await popup.textContent('[data-testid="token-balance"]').catch(() => null)) ?? ''), 30_000);
    await screenshot(popup, 'popup-home.png');
    expect(await overflow()).toEqual({ pageX: 0, mainX: 0, mainY: 0 });
  }, 120_000);

  it('receives: the address in full and the QR code of ethereum:<address>@<chain id>, loaded; copy says Copied', async () => {
    const account = (await sendMessage<{ accounts: { address: string }[] }>(popup, { type: 'vigil:wallet:getState' })).accounts[0]!.address;
    await popup.click('[data-testid="home-receive"]');
    expect(await popup.textContent('[data-testid="receive-address"]')).toBe(account);
    const qr = await popup.waitForSelector('[data-testid="receive-qr"]');
    expect(await qr.getAttribute('data-uri')).toBe(`ethereum:${account}@${devnet.ready.chainId}`);
    // A data: image the extension page's CSP lets load: drawn at its size, not a broken image.
    await waitFor('the QR code drawn', () => qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), 10_000);
    await popup.click('[data-testid="receive-copy"]');
    await waitFor('"Copied"', async () => (await popup.textContent('[data-testid="receive-copy"]')) === 'Copied', 5000, 100);
    await screenshot(popup, 'popup-receive.png');
    expect(await overflow()).toMatchObject({ pageX: 0, mainX: 0 });
    await popup.click('[data-testid="receive-back"]');
  }, 60_000);
});

describe("the popup's send, end to end", () => {
  it('sends ETH: the window approves it, the activity proves its receipt, the node moved exactly the amount', async () => {
    await popup.click('[data-testid="home-send"]');
    await waitFor('the popup to offer the followed token', async () => (await popup.$$('[data-testid="send-asset"] option')).length === 2, 30_000);
    const before = await node.getBalance({ address: recipient });
    const hash = await sendFromPopup(recipient, '0.25', 'eth', 'popup-send-eth.png');
    await provenIncluded(hash);
    const receipt = await node.getTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    expect(await node.getBalance({ address: recipient })).toBe(before + 25n * 10n ** 16n);
  }, 240_000);

  it('sends the followed token: an ERC-20 transfer of exactly the typed amount, its receipt proven', async () => {
    const read = () => node.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [recipient] });
    const before = await read();
    const hash = await sendFromPopup(recipient, '3.5', token.toLowerCase(), 'popup-send-token.png');
    await provenIncluded(hash);
    const receipt = await node.getTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    expect(receipt.to?.toLowerCase()).toBe(token.toLowerCase());
    expect(await read()).toBe(before + 35n * 10n ** 17n);
    // Back on the home, the activity row opens on what was proven of it.
    await popup.click('[data-testid="send-back"]');
    const row = await popup.waitForSelector(`[data-testid="activity-row"]:is([data-status="included"], [data-status="final"]):has([data-testid="activity-hash"][title="${hash}"])`, { timeout: 60_000 });
    await (await row.$('[data-testid="activity-toggle"]'))!.click();
    expect(await (await row.$('[data-testid="activity-detail-hash"]'))!.textContent()).toBe(hash);
    expect(await (await row.$('[data-testid="activity-detail-block"]'))!.textContent()).toMatch(/^[\d,]+/);
    // What was paid, by the verified receipt: gas used × the effective gas price (the signed cap was only while it waited).
    const fee = (await (await row.$('[data-testid="activity-detail-fee"]'))!.textContent())!;
    const paid = fee.match(/^[<\d.,]+ ETH paid \(([\d,]+) gas × ([\d.,]+) gwei, verified receipt\)$/);
    expect(paid, fee).not.toBeNull();
    expect([BigInt(paid![1]!.replace(/,/g, '')), paid![2]]).toEqual([receipt.gasUsed, formatUnits(receipt.effectiveGasPrice, 9)]);
    // The row says what it did: the token by its proven symbol, the amount, the recipient.
    expect(await (await row.$('[data-testid="activity-summary"]'))!.textContent()).toMatch(/^Sent 3\.5 [A-Z]+ \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\) to 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}$/);
    await screenshot(popup, 'popup-activity.png');
    expect(await overflow()).toMatchObject({ pageX: 0, mainX: 0 });
  }, 240_000);
});
