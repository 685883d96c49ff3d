/**
 * The popup's own Send, in real Chromium on the devnet with its demo token: ETH, then a followed
 * token, each typed into the popup's form, approved in Vigil's window, and followed to a verified
 * receipt in the activity; the node agrees (receipt status 1, the recipient's balances moved by
 * exactly what was typed). The popup's send once failed every time (the runtime message's `type`
 * was taken as the transaction's): this is the user's path end to end.
 */
import type { Page } from 'playwright-core';
import { createPublicClient, erc20Abi, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

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

/** Types a send into the popup's form, approves it in Vigil's window, and returns the hash the popup reports. */
async function sendFromPopup(to: string, amount: string, asset: string, shot: string): Promise<Hex> {
  await popup.fill('[data-testid="send-to"]', to);
  await popup.fill('[data-testid="send-value"]', amount);
  await popup.selectOption('[data-testid="send-asset"]', asset);
  const opened = nextApprovalWindow(browser.context, 60_000);
  await popup.click('[data-testid="send-submit"]');
  const window = await opened;
  await window.waitForSelector('[data-testid="approval-approve"]', { timeout: 60_000 });
  await screenshot(window, shot);
  await window.click('[data-testid="approval-approve"]');
  const note = await waitFor('the popup to say it was sent', async () => {
    const el = await popup.$('[data-testid="send-note"]');
    const text = el ? await el.textContent() : null;
    if (text?.startsWith('Not sent')) throw new Error(text);
    return text?.startsWith('Sent') && text;
  }, 90_000, 250);
  const rows = await sendMessage<{ hash: Hex; status: string }[]>(popup, { type: 'vigil:wallet:activity' });
  const row = rows.find((r) => note.includes(r.hash.slice(0, 6)));
  expect(row, `the activity holds the transaction the popup reported (${note})`).toBeDefined();
  return row!.hash;
}

/** The activity turns the transaction "included" only on a receipt proven against a verified block. */
const provenIncluded = (hash: string) =>
  waitFor(`a verified receipt for ${hash}`, async () => {
    const rows = await sendMessage<{ hash: string; status: string; blockNumber?: number }[]>(popup, { type: 'vigil:wallet:activity' });
    const row = rows.find((r) => r.hash === hash);
    return (row?.status === 'included' || row?.status === 'final') && row;
  }, 120_000, 500);

describe("the popup's send, end to end", () => {
  it('sends ETH: the window approves it, the activity proves its receipt, the node moved exactly the amount', async () => {
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
  }, 240_000);
});
