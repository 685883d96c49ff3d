/**
 * EIP-5792 atomic batches in real Chromium on the devnet (issue 41): the node delegates dev account
 * 0 to the devnet's Simple7702Account 0.8.0 (a type-4 transaction signed with viem, outside Vigil);
 * the wallet imports the phrase, and an unmodified viem page's `getCapabilities` says `atomic:
 * supported` for it, and its `sendCalls` with `forceAtomic: true` opens one window that says "all or
 * nothing, one transaction", lands as ONE transaction from the account to itself, and
 * `getCallsStatus` says success, atomic, with that one receipt as the node has it.
 */
import type { Page } from 'playwright-core';
import { createPublicClient, createWalletClient, defineChain, type Hex, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { functionSelector } from '../../src/execution/abi.ts';
import { EXECUTE_BATCH } from '../../src/wallet/smart-account/atomic-batch.ts';
import { buildWalletDapps } from './dapp/build.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, type PageServer, screenshot, sendMessage, servePages, startDevnet, VAULT_SEALED_MS, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const PASSWORD = 'correct horse battery';
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let viemPage: Page;
let node: ReturnType<typeof createPublicClient>;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const dapp = <T = any>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, a]) => (window as any).dapp[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

async function approvalWindow(trigger: () => Promise<unknown>): Promise<{ window: Page; done: Promise<any> }> {
  const opened = nextApprovalWindow(browser.context);
  const done = trigger();
  const window = await opened;
  await window.waitForLoadState('domcontentloaded');
  await window.waitForSelector('[data-testid="approval-approve"], [data-testid="approval-refusal"], [data-testid="approval-unlock-password"], [data-testid="approval-error"]', { timeout: 30_000 });
  return { window, done: done as Promise<any> };
}

beforeAll(async () => {
  const [d, files] = await Promise.all([startDevnet({ slotSeconds: 1, contracts: true, uniswap: true }), buildWalletDapps()]);
  devnet = d;
  const chain = defineChain({ id: devnet.ready.chainId, name: 'devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [devnet.ready.nodeRpc] } } });
  node = createPublicClient({ chain, transport: http(devnet.ready.nodeRpc) });
  // Delegated by the node, before Vigil follows the devnet: the first verified head already holds it.
  const account = privateKeyToAccount(KEY0);
  const signer = createWalletClient({ account, chain, transport: http(devnet.ready.nodeRpc) });
  const authorization = await signer.signAuthorization({ contractAddress: devnet.ready.delegator as Hex, executor: 'self' });
  const receipt = await node.waitForTransactionReceipt({ hash: await signer.sendTransaction({ authorizationList: [authorization], to: account.address, data: '0x' }) });
  expect(receipt.status).toBe('success');
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head past the delegation', async () => BigInt((await status()).optimistic?.blockNumber ?? -1) >= receipt.blockNumber, 90_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('atomic batches from an unmodified viem page', () => {
  it('imports the phrase and connects the page', async () => {
    await popup.reload();
    await popup.click('[data-testid="tab-wallet"]');
    await popup.click('[data-testid="onboard-import"]');
    await popup.fill('[data-testid="onboard-secret"]', MNEMONIC);
    await popup.fill('[data-testid="onboard-password"]', PASSWORD);
    await popup.fill('[data-testid="onboard-password2"]', PASSWORD);
    await popup.click('[data-testid="onboard-submit"]');
    await popup.waitForSelector('[data-testid="home-account"]', { timeout: VAULT_SEALED_MS });
    viemPage = await browser.context.newPage();
    await viemPage.goto(pages.url + '/viem.html');
    await waitFor('the viem page', async () => (await viemPage.title()) === 'viem wallet ready', 20_000);
    const { window, done } = await approvalWindow(() => dapp(viemPage, 'connect'));
    await approveIn(window);
    expect((await done).result.map((a: string) => a.toLowerCase())).toEqual([ACCOUNT0]);
  });

  it("getCapabilities says atomic supported; sendCalls with forceAtomic lands as one transaction and getCallsStatus says atomic", async () => {
    const chainId = Number(await node.getChainId());
    expect((await dapp(viemPage, 'capabilities', ACCOUNT0)).result).toEqual({ [chainId]: { atomic: { status: 'supported' } } });
    const recipients = ['0x000000000000000000000000000000000000cafe', '0x000000000000000000000000000000000000f00d'] as Hex[];
    const before = await Promise.all(recipients.map((address) => node.getBalance({ address })));
    const { window, done } = await approvalWindow(() => dapp(viemPage, 'sendCalls', ACCOUNT0, recipients, String(10n ** 15n), true));
    expect(await window.textContent('[data-testid="approval-what"]')).toBe('2 calls, all or nothing, one transaction');
    expect(await window.locator('[data-testid="approval-call"]').count()).toBe(2);
    await window.waitForSelector('[data-testid="approval-atomic"]');
    expect(await window.textContent('[data-testid="approval-approve"]')).toBe('Sign and send');
    await screenshot(window, 'wallet-approval-atomic.png');
    await approveIn(window);
    const sent = await done;
    expect(sent.result.id).toMatch(/^0x[0-9a-f]{32}$/);
    const final = await waitFor('the batch to finish', async () => {
      const s = (await dapp(viemPage, 'callsStatus', sent.result.id)).result;
      return s.status !== 'pending' && s;
    }, 90_000, 500);
    expect(final).toMatchObject({ status: 'success', statusCode: 200, atomic: true });
    expect(final.receipts).toHaveLength(1);
    const hash = final.receipts[0].transactionHash as Hex;
    const [mined, tx] = await Promise.all([node.getTransactionReceipt({ hash }), node.getTransaction({ hash })]);
    expect([final.receipts[0].blockHash, final.receipts[0].blockNumber, final.receipts[0].status]).toEqual([mined.blockHash, mined.blockNumber.toString(), mined.status]);
    expect([tx.from.toLowerCase(), tx.to?.toLowerCase(), tx.value]).toEqual([ACCOUNT0, ACCOUNT0, 0n]);
    expect(tx.input.startsWith(functionSelector(EXECUTE_BATCH))).toBe(true);
    const after = await Promise.all(recipients.map((address) => node.getBalance({ address })));
    expect(after).toEqual(before.map((b) => b + 10n ** 15n));
  });
});
