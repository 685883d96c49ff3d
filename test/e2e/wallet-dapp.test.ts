/**
 * The wallet in real Chromium on the devnet: onboarding in the popup (import), then an
 * unmodified viem walletClient page and an ethers v6 BrowserProvider page connect, personal_sign
 * and signTypedData (signatures recovered here), and send transactions that land (a verified
 * receipt turns the activity "included", then "final" once its block is finalized); the lying RPC (proofs with a wrong nonce or balance)
 * and a stale head make the wallet refuse with the code, and the approval window shows the
 * refusal with no button to sign; another origin sees no accounts; revoke works; the key and the
 * mnemonic never cross the page's message bus; a service worker stopped mid-approval still
 * answers the page once, with one transaction. A swap on the devnet's Uniswap V2 router (the
 * routers its ready object names, saved with the network) is named in the window's headline from
 * its decoded calldata and proven effects, with its minimum-out as "at least". Screenshots of onboarding, approval and refusal
 * go to test-results/.
 */
import type { Page } from 'playwright-core';
import { createPublicClient, encodeFunctionData, type Hex, http, parseAbi, recoverMessageAddress, recoverTypedDataAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { buildWalletDapps } from './dapp/build.ts';
import { TYPED } from './dapp/typed-data.ts';
import { approvalSettled, approveIn, type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, type PageServer, screenshot, sendMessage, servePages, sleep, startDevnet, VAULT_SEALED_MS, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const KEY0 = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
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

/** The next approval window, once it has rendered its request. */
async function approvalWindow(trigger: () => Promise<unknown>): Promise<{ window: Page; done: Promise<any> }> {
  const opened = nextApprovalWindow(browser.context);
  const done = trigger();
  const window = await opened;
  await window.waitForLoadState('domcontentloaded');
  await window.waitForSelector('[data-testid="approval-approve"], [data-testid="approval-refusal"], [data-testid="approval-unlock-password"], [data-testid="approval-error"]', { timeout: 30_000 });
  return { window, done: done as Promise<any> };
}

async function approve(trigger: () => Promise<unknown>, shot?: string): Promise<any> {
  const { window, done } = await approvalWindow(trigger);
  if (shot) await screenshot(window, shot);
  const request = await window.getAttribute('[data-approval-id]', 'data-approval-id');
  await approveIn(window);
  if (request !== null) await approvalSettled(window, request);
  return done;
}

async function confirmed(hash: string): Promise<any> {
  return waitFor(`a verified receipt for ${hash}`, async () => {
    const rows = await sendMessage<any[]>(popup, { type: 'vigil:wallet:activity' });
    const row = rows.find((r) => r.hash === hash);
    return (row?.status === 'included' || row?.status === 'final') && row;
  }, 90_000, 500);
}

beforeAll(async () => {
  const [d, files] = await Promise.all([startDevnet({ slotSeconds: 1, faults: true, contracts: true, uniswap: true }), buildWalletDapps()]);
  devnet = d;
  node = createPublicClient({ transport: http(devnet.ready.nodeRpc) });
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await status()).optimistic, 90_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('the wallet, end to end', () => {
  it('imports a mnemonic in the popup', async () => {
    await popup.reload();
    await popup.click('[data-testid="tab-wallet"]');
    await popup.click('[data-testid="onboard-import"]');
    await popup.fill('[data-testid="onboard-secret"]', MNEMONIC);
    await popup.fill('[data-testid="onboard-password"]', PASSWORD);
    await popup.fill('[data-testid="onboard-password2"]', PASSWORD);
    await screenshot(popup, 'wallet-onboarding.png');
    await popup.click('[data-testid="onboard-submit"]');
    await popup.waitForSelector('[data-testid="home-account"]', { timeout: VAULT_SEALED_MS });
    const state = await sendMessage(popup, { type: 'vigil:wallet:getState' });
    expect(state).toMatchObject({ exists: true, locked: false });
    expect(state.accounts[0].address.toLowerCase()).toBe(ACCOUNT0);
    await popup.waitForSelector('[data-testid="home-balance"]', { timeout: 30_000 });
    await screenshot(popup, 'wallet-unlocked.png');
  });

  it('connects a viem page, signs a message and typed data, sends a transaction that lands', async () => {
    viemPage = await browser.context.newPage();
    await viemPage.addInitScript(() => {
      (window as any).__messages = [];
      window.addEventListener('message', (e) => (window as any).__messages.push(JSON.stringify(e.data)));
    });
    await viemPage.goto(pages.url + '/viem.html');
    await waitFor('the viem page', async () => (await viemPage.title()) === 'viem wallet ready', 20_000);
    expect(await dapp(viemPage, 'accounts')).toEqual({ result: [] });

    const connected = await approve(() => dapp(viemPage, 'connect'), 'wallet-approval-connect.png');
    expect(connected.result.map((a: string) => a.toLowerCase())).toEqual([ACCOUNT0]);
    expect((await dapp(viemPage, 'events')).some((e: any) => e.event === 'accountsChanged')).toBe(true);

    const signed = await approve(() => dapp(viemPage, 'signMessage', ACCOUNT0, 'Sign in to Vigil e2e'));
    expect((await recoverMessageAddress({ message: 'Sign in to Vigil e2e', signature: signed.result as Hex })).toLowerCase()).toBe(ACCOUNT0);

    const chainId = await node.getChainId();
    const typed = await approve(() => dapp(viemPage, 'signTypedData', ACCOUNT0, Number(chainId)), 'wallet-approval-typed-data.png');
    const recovered = await recoverTypedDataAddress({ ...TYPED, domain: { ...TYPED.domain, chainId: Number(chainId) }, signature: typed.result as Hex });
    expect(recovered.toLowerCase()).toBe(ACCOUNT0);

    // Typed data naming another chain is refused before any window.
    const wrong = await dapp(viemPage, 'signTypedData', ACCOUNT0, 1);
    expect(wrong.error.code).toBe(-32602);

    const recipient = '0x000000000000000000000000000000000000bEEF' as Hex;
    const before = await node.getBalance({ address: recipient });
    const sent = await approve(() => dapp(viemPage, 'send', ACCOUNT0, recipient, String(25n * 10n ** 16n)), 'wallet-approval-send.png');
    expect(sent.result).toMatch(/^0x[0-9a-f]{64}$/);
    const row = await confirmed(sent.result);
    expect(row.receipt.status).toBe(1);
    expect(await node.getBalance({ address: recipient })).toBe(before + 25n * 10n ** 16n);
  });

  it("names a swap on the devnet's Uniswap V2 router from what it decodes and proves: 'Swap 0.01 ETH for at least 19 VTA on Uniswap V2'", async () => {
    const { token, uniswap } = devnet.ready.contracts!;
    expect(devnet.ready.routers, 'the ready object names the devnet\'s router').toEqual([uniswap!.router]);
    const balanceBefore = await node.readContract({ address: token as Hex, abi: parseAbi(['function balanceOf(address) view returns (uint256)']), functionName: 'balanceOf', args: [ACCOUNT0 as Hex] });
    // 0.01 ETH into the 50 ETH / 100,000 VTA pool pays about 19.9 VTA: the router reverts below 19.
    const minOut = 19n * 10n ** 18n;
    const data = encodeFunctionData({
      abi: parseAbi(['function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline) payable returns (uint256[])']),
      functionName: 'swapExactETHForTokens',
      args: [minOut, [uniswap!.weth as Hex, token as Hex], ACCOUNT0 as Hex, 1n << 40n],
    });
    const { window, done } = await approvalWindow(() => dapp(viemPage, 'request', 'eth_sendTransaction', [{ from: ACCOUNT0, to: uniswap!.router, value: '0x' + (10n ** 16n).toString(16), data }]));
    const what = (await window.textContent('[data-testid="approval-what"]'))!;
    expect(what).toMatch(/^Swap 0\.01 ETH for at least 19 VTA \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\) on Uniswap V2 \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\)$/);
    await screenshot(window, 'wallet-approval-swap.png');
    await approveIn(window);
    const sent = await done;
    expect(sent.result).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await confirmed(sent.result)).receipt.status).toBe(1);
    const balanceAfter = await node.readContract({ address: token as Hex, abi: parseAbi(['function balanceOf(address) view returns (uint256)']), functionName: 'balanceOf', args: [ACCOUNT0 as Hex] });
    expect(balanceAfter - balanceBefore >= minOut).toBe(true);
  });

  it("sends a batch through viem's sendCalls: one window, one transaction per call in order; getCallsStatus says success with the node's receipts", async () => {
    expect((await dapp(viemPage, 'capabilities', ACCOUNT0)).result).toEqual({ [Number(await node.getChainId())]: { atomic: { status: 'unsupported' } } });
    const recipients = ['0x000000000000000000000000000000000000cafe', '0x000000000000000000000000000000000000f00d'] as Hex[];
    // Vigil cannot run them atomically: 5760 before any window.
    expect((await dapp(viemPage, 'sendCalls', ACCOUNT0, recipients, '1000', true)).error.code).toBe(5760);
    const before = await Promise.all(recipients.map((address) => node.getBalance({ address })));
    const { window, done } = await approvalWindow(() => dapp(viemPage, 'sendCalls', ACCOUNT0, recipients, String(10n ** 15n)));
    expect(await window.locator('[data-testid="approval-call"]').count()).toBe(2);
    await screenshot(window, 'wallet-approval-calls.png');
    await approveIn(window);
    const sent = await done;
    expect(sent.result.id).toMatch(/^0x[0-9a-f]{32}$/);
    const status = await waitFor('the batch to finish', async () => {
      const s = (await dapp(viemPage, 'callsStatus', sent.result.id)).result;
      return s.status !== 'pending' && s;
    }, 90_000, 500);
    expect(status).toMatchObject({ status: 'success', statusCode: 200, atomic: false });
    expect(status.receipts).toHaveLength(2);
    const mined = await Promise.all(status.receipts.map((r: { transactionHash: Hex }) => node.getTransactionReceipt({ hash: r.transactionHash })));
    expect(status.receipts.map((r: any) => [r.blockHash, r.blockNumber, r.status])).toEqual(mined.map((m) => [m.blockHash, m.blockNumber.toString(), m.status]));
    const txs = await Promise.all(status.receipts.map((r: { transactionHash: Hex }) => node.getTransaction({ hash: r.transactionHash })));
    expect(txs.map((t) => t.to?.toLowerCase())).toEqual(recipients);
    expect(txs[1]!.nonce).toBe(txs[0]!.nonce + 1);
    const after = await Promise.all(recipients.map((address) => node.getBalance({ address })));
    expect(after).toEqual(before.map((b) => b + 10n ** 15n));
  });

  it('connects an ethers v6 page and signs and sends through it', async () => {
    const page = await browser.context.newPage();
    await page.goto(pages.url + '/ethers.html');
    await waitFor('the ethers page', async () => (await page.title()) === 'ethers wallet ready', 20_000);
    // Same origin as the viem page: already connected, no window.
    expect((await dapp(page, 'connect')).result.map((a: string) => a.toLowerCase())).toEqual([ACCOUNT0]);
    const signed = await approve(() => dapp(page, 'signMessage', 'hello from ethers'));
    expect((await recoverMessageAddress({ message: 'hello from ethers', signature: signed.result as Hex })).toLowerCase()).toBe(ACCOUNT0);
    const chainId = Number(await node.getChainId());
    const typed = await approve(() => dapp(page, 'signTypedData', { ...TYPED.domain, chainId }, { Person: TYPED.types.Person, Mail: TYPED.types.Mail }, TYPED.message));
    expect((await recoverTypedDataAddress({ ...TYPED, domain: { ...TYPED.domain, chainId }, signature: typed.result as Hex })).toLowerCase()).toBe(ACCOUNT0);
    const sent = await approve(() => dapp(page, 'send', '0x000000000000000000000000000000000000cafe', String(10n ** 15n)));
    expect((await confirmed(sent.result)).receipt.status).toBe(1);
    await page.close();
  });

  it('shows another origin no accounts', async () => {
    const other = await browser.context.newPage();
    await other.goto(pages.url.replace('127.0.0.1', 'localhost') + '/viem.html');
    await waitFor('the page on localhost', async () => (await other.title()) === 'viem wallet ready', 20_000);
    expect(await dapp(other, 'accounts')).toEqual({ result: [] });
    const refused = await dapp(other, 'send', ACCOUNT0, ACCOUNT0, '1');
    expect(refused.error.code).toBe(4100);
    await other.close();
  });

  it('refuses when the RPC lies about the nonce or the balance, and the window offers no way to sign', async () => {
    for (const fault of ['proof-nonce', 'proof-balance']) {
      await devnet.setFault(fault, true);
      try {
        const nonceBefore = await node.getTransactionCount({ address: ACCOUNT0 as Hex });
        const { window, done } = await approvalWindow(() => dapp(viemPage, 'send', ACCOUNT0, '0x000000000000000000000000000000000000dEaD', '1'));
        const refusal = await window.waitForSelector('[data-testid="approval-refusal"]');
        expect(await refusal.getAttribute('data-code')).toBe('NONCE_NOT_VERIFIED');
        expect(await window.$('[data-testid="approval-approve"]')).toBeNull();
        if (fault === 'proof-nonce') await screenshot(window, 'wallet-refusal-lying-rpc.png');
        const answer = await done;
        expect(answer.error).toMatchObject({ code: -32003, data: { code: 'NONCE_NOT_VERIFIED' } });
        expect(await node.getTransactionCount({ address: ACCOUNT0 as Hex })).toBe(nonceBefore);
        await window.close().catch(() => {});
      } finally {
        await devnet.setFault(fault, false);
      }
    }
  });

  it('survives a service worker stopped mid-approval: one transaction, one answer', async () => {
    const nonceBefore = await node.getTransactionCount({ address: ACCOUNT0 as Hex });
    const { window, done } = await approvalWindow(() => dapp(viemPage, 'send', ACCOUNT0, '0x000000000000000000000000000000000000f00d', '7'));
    const cdp = await browser.context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await sleep(500);
    await approveIn(window);
    const answer = await done;
    expect(answer.result).toMatch(/^0x[0-9a-f]{64}$/);
    await confirmed(answer.result);
    expect(await node.getTransactionCount({ address: ACCOUNT0 as Hex })).toBe(nonceBefore + 1);
  });

  it('revokes: the page sees no accounts and is told', async () => {
    await sendMessage(popup, { type: 'vigil:wallet:revoke', origin: new URL(pages.url).origin });
    expect(await dapp(viemPage, 'accounts')).toEqual({ result: [] });
    await waitFor('accountsChanged([])', async () => (await dapp(viemPage, 'events')).some((e: any) => e.event === 'accountsChanged' && Array.isArray(e.data) && e.data.length === 0), 10_000);
  });

  it('never lets the key or the mnemonic cross the page', async () => {
    const messages = (await viemPage.evaluate(() => (window as any).__messages as string[])).join('\n').toLowerCase();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages).not.toContain(KEY0);
    expect(messages).not.toContain(MNEMONIC);
    const html = (await viemPage.content()).toLowerCase();
    expect(html).not.toContain(KEY0);
  });

  it('refuses on a stale head', async () => {
    // Reconnect (revoked above), then stop the light client's updates until the head is too old to sign on.
    await approve(() => dapp(viemPage, 'connect'));
    await devnet.setFault('beacon-withhold-updates', true);
    try {
      await waitFor('a head older than the signing bound', async () => {
        const s = await status();
        return s.optimistic && Date.now() / 1000 - s.optimistic.timestamp > 65;
      }, 120_000, 1000);
      const { window, done } = await approvalWindow(() => dapp(viemPage, 'send', ACCOUNT0, '0x000000000000000000000000000000000000dEaD', '1'));
      const refusal = await window.waitForSelector('[data-testid="approval-refusal"]');
      expect(await refusal.getAttribute('data-code')).toBe('STALE_HEAD');
      expect(await window.$('[data-testid="approval-approve"]')).toBeNull();
      await screenshot(window, 'wallet-refusal-stale-head.png');
      expect((await done).error).toMatchObject({ code: -32003, data: { code: 'STALE_HEAD' } });
    } finally {
      await devnet.setFault('beacon-withhold-updates', false);
    }
  }, 240_000);
});
