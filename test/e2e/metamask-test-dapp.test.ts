/**
 * MetaMask's own end-to-end test dApp (@metamask/test-dapp 9.9.0, its dist served unmodified from
 * node_modules on 127.0.0.1) against Vigil in Chromium, on the devnet (issue 55): the page finds
 * Vigil through EIP-6963, connects, sends ETH (legacy and EIP-1559), deploys its own ERC-20 and
 * ERC-721 contracts through Vigil and uses them, signs personal_sign, typed data v4, a permit and
 * typed data v3, follows its token (wallet_watchAsset) and sends a call batch (wallet_sendCalls).
 * Each step is asserted on what the page writes (a signature the page itself recovers to the
 * account, a contract address, "Mint completed") and on Vigil's own proven views (a receipt proven
 * against a verified block, the token balance proven by Vigil).
 *
 * Vigil does not say `isMetaMask`, so the page keeps its buttons disabled and never asks the chain
 * id. The test does what a person with the page's developer tools would: it removes `disabled`
 * from the button it presses, and gives the page the chain id Vigil answers to `eth_chainId` (the
 * page reads it only from a provider that says isMetaMask; without it its typed data carries
 * `chainId: null`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createPublicClient, createWalletClient, defineChain, type Hex, http, recoverMessageAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { provenIncluded } from './flows.ts';
import { APPROVAL_WINDOW_MS, approvalSettled, approveIn, type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, type PageServer, REPO, screenshot, sendMessage, servePages, startDevnet, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const PASSWORD = 'correct horse battery';
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
/** Where the dApp sends ETH and tokens (its own constants). */
const DAPP_RECIPIENT = '0x0c54fccd2e384b4bb6f2e405bf5cbc15a017aafb';
const DAPP_TOKEN_RECIPIENT = '0x2f318c334780961fb129d2a6c30d0763d9a5c970';
const DIST = join(REPO, 'node_modules/@metamask/test-dapp/dist');

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let page: Page;
let node: ReturnType<typeof createPublicClient>;
let token: Hex;
let nfts: Hex;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const activity = () => sendMessage<{ hash: Hex; status: string }[]>(popup, { type: 'vigil:wallet:activity' });
const text = (id: string) => page.evaluate((i) => document.getElementById(i)?.textContent?.trim() ?? '', id);
/** The text the page writes in #id once `predicate` holds; the page's "Error: …" there fails at once. */
async function untilText(id: string, predicate: (t: string) => boolean, timeoutMs = 180_000, signal?: AbortSignal): Promise<string> {
  const t = await waitFor(`#${id} in the dApp`, async () => {
    const t = await text(id);
    return (t.startsWith('Error') || predicate(t)) && t;
  }, timeoutMs, 250, signal);
  if (t.startsWith('Error')) throw new Error(`the dApp wrote in #${id}: ${t}`);
  return t;
}

const started = performance.now();
const log = (what: string) => console.log(`[metamask-dapp] ${Math.round((performance.now() - started) / 1000)} s: ${what}`);

/** What a person does with the page's developer tools: the button made usable, then pressed. */
async function press(id: string): Promise<void> {
  await page.evaluate((i) => {
    const el = document.getElementById(i) as HTMLButtonElement | null;
    if (!el) throw new Error(`no #${i} in the dApp`);
    el.disabled = false;
    el.hidden = false;
  }, id);
  await page.click(`#${id}`);
}

/**
 * Presses `id`, approves Vigil's window (after `check`), and returns the window's headline. When
 * the page writes an error in `result` instead (Vigil refused before any window), that error.
 */
async function approve(id: string, result?: string, check: (window: Page) => Promise<void> = async () => {}): Promise<string> {
  log(`#${id} pressed`);
  const refused = new AbortController();
  const opened = nextApprovalWindow(browser.context, undefined, refused.signal);
  opened.catch(() => {});
  await press(id);
  const shown = new AbortController();
  const pageError = result === undefined ? new Promise<never>(() => {}) : untilText(result, () => false, APPROVAL_WINDOW_MS, shown.signal).then((): never => {
    throw new Error(`no window for #${id}`);
  });
  pageError.catch(() => {});
  const window = await Promise.race([opened, pageError]).catch((err: unknown) => {
    refused.abort(err);
    throw err;
  });
  shown.abort();
  await window.waitForSelector('[data-testid="approval-approve"], [data-testid="approval-refusal"], [data-testid="approval-error"]', { timeout: 30_000 });
  log(`#${id}: Vigil's window`);
  const refusal = await window.$('[data-testid="approval-refusal"], [data-testid="approval-error"]');
  if (refusal) throw new Error(`Vigil refused #${id}: ${await refusal.textContent()}`);
  const what = await window.$('[data-testid="approval-what"]');
  const headline = what ? ((await what.textContent()) ?? '') : '';
  await check(window);
  await screenshot(window, `metamask-dapp-${id}.png`);
  const request = await window.getAttribute('[data-approval-id]', 'data-approval-id');
  await approveIn(window);
  log(`#${id} approved: ${headline}`);
  if (request !== null) await approvalSettled(window, request);
  return headline;
}

/** Presses `id`, approves the transaction, and returns its hash once Vigil proves its receipt. */
async function approveTransaction(id: string): Promise<{ hash: Hex; headline: string }> {
  const before = new Set((await activity()).map((r) => r.hash));
  const headline = await approve(id);
  const row = await waitFor(`the transaction of #${id} in Vigil's activity`, async () => (await activity()).find((r) => !before.has(r.hash)), 90_000, 250);
  log(`#${id}: ${row.hash} sent`);
  await provenIncluded(popup, row.hash);
  log(`#${id}: receipt proven`);
  expect((await node.getTransactionReceipt({ hash: row.hash })).status).toBe('success');
  return { hash: row.hash, headline };
}

/** The dApp's module state (its globalContext), reached as from the console: a chunk pushed onto webpack's global queue gets its require. */
const dappContext = `new Promise((resolve) => self.webpackChunk_metamask_test_dapp.push([['vigil-devtools-' + Math.random()], {}, (require) => resolve(require(73917).Ay)]))`;

beforeAll(async () => {
  const files: Record<string, Buffer> = {};
  for (const name of readdirSync(DIST)) files['/' + name] = readFileSync(join(DIST, name));
  devnet = await startDevnet({ slotSeconds: 1, contracts: true });
  const chain = defineChain({ id: devnet.ready.chainId, name: 'devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [devnet.ready.nodeRpc] } } });
  node = createPublicClient({ chain, transport: http(devnet.ready.nodeRpc) });
  // wallet_sendCalls from the dApp asks atomicRequired: the account is delegated to the devnet's
  // Simple7702Account by the node, before Vigil follows the devnet (as atomic-dapp.test.ts does).
  const account = privateKeyToAccount(KEY0);
  const signer = createWalletClient({ account, chain, transport: http(devnet.ready.nodeRpc) });
  const authorization = await signer.signAuthorization({ contractAddress: devnet.ready.delegator as Hex, executor: 'self' });
  const receipt = await node.waitForTransactionReceipt({ hash: await signer.sendTransaction({ authorizationList: [authorization], to: account.address, data: '0x' }) });
  expect(receipt.status).toBe('success');
  log('devnet ready, account delegated');
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head past the delegation', async () => BigInt((await status()).optimistic?.blockNumber ?? -1) >= receipt.blockNumber, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  log('wallet created on a verified head');
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  // Its fonts, stylesheets, WalletConnect and the MetaMask SDK reach for the Internet: not here.
  await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  await page.goto(pages.url + '/index.html');
  log('dApp loaded');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe("MetaMask's test dApp, unmodified, through Vigil", () => {
  it('finds Vigil through EIP-6963 and connects', async () => {
    const use = page.locator('#providers button', { hasText: 'Use Vigil' });
    await use.waitFor({ timeout: 60_000 });
    const announced = JSON.parse((await page.locator('#providers pre').first().textContent()) ?? '{}');
    expect(announced.info).toMatchObject({ name: 'Vigil', rdns: 'dev.vigil' });
    await use.click();
    await untilText('activeProviderName', (t) => t === 'Vigil', 20_000);
    // Vigil is not MetaMask and does not say it is: the page keeps its buttons disabled for it.
    expect(await page.evaluate(`(async () => (await ${dappContext}).provider.isMetaMask)()`)).toBeUndefined();
    expect(await page.evaluate(() => (document.getElementById('createToken') as HTMLButtonElement).disabled)).toBe(true);
    await approve('requestPermissions', 'permissionsResult', async (window) => {
      expect(await window.locator('[data-testid="approval-account"]:checked').count()).toBe(1);
    });
    expect(await untilText('permissionsResult', (t) => t.includes('eth_accounts'), 60_000)).toContain('eth_accounts');
    // The page asks eth_accounts when a provider is chosen: chosen again, it shows the account.
    await use.click();
    expect((await untilText('accounts', (t) => t.length > 0, 20_000)).toLowerCase()).toBe(ACCOUNT0);
    await page.evaluate(`(async () => { const ctx = await ${dappContext}; ctx.chainIdInt = parseInt(await ctx.provider.request({ method: 'eth_chainId' }), 16); })()`);
    expect(await page.evaluate(`(async () => (await ${dappContext}).chainIdInt)()`)).toBe(devnet.ready.chainId);
    await screenshot(page, 'metamask-dapp-connected.png');
  });

  it('sends ETH: a legacy transaction with its own gas price, and an EIP-1559 one', async () => {
    const before = await node.getBalance({ address: DAPP_RECIPIENT });
    const legacy = await approveTransaction('sendButton');
    expect((await node.getTransaction({ hash: legacy.hash })).type).toBe('legacy');
    const eip1559 = await approveTransaction('sendEIP1559Button');
    expect((await node.getTransaction({ hash: eip1559.hash })).type).toBe('eip1559');
    expect(await node.getBalance({ address: DAPP_RECIPIENT })).toBe(before); // the dApp sends 0 ETH
  });

  it('deploys its ERC-20 through Vigil, transfers it, and Vigil proves the balance it follows', async () => {
    expect(await approve('createToken')).toMatch(/^Create a contract \([\d,]+ bytes of code\)$/);
    token = (await untilText('erc20TokenAddresses', (t) => /^0x[0-9a-fA-F]{40}$/.test(t))) as Hex;
    expect(await node.getCode({ address: token })).toMatch(/^0x[0-9a-f]{10,}/);
    // The card's own "Add Token(s) to Wallet" sends its input's value as decimals: "4", a string.
    expect(await approve('watchAssets')).toBe('Follow TST');
    const followed = () => sendMessage<{ tokens: { address: string; symbol: string; decimals: number }[] }>(popup, { type: 'vigil:wallet:balances' });
    await waitFor('TST followed', async () => (await followed()).tokens.some((t) => t.address.toLowerCase() === token.toLowerCase() && t.symbol === 'TST' && t.decimals === 4), 30_000);
    // Removed in the popup, and followed again through the EIP-747 card, which writes what came of it.
    await sendMessage(popup, { type: 'vigil:wallet:removeToken', address: token });
    await page.fill('#eip747ContractAddress', token);
    await page.fill('#eip747Symbol', 'TST');
    await page.fill('#eip747Decimals', '4');
    expect(await approve('eip747WatchButton', 'eip747Status')).toBe('Follow TST');
    await untilText('eip747Status', (t) => t === 'NFT added successfully', 60_000); // the dApp's own words for any token
    const transfer = await approveTransaction('transferTokens');
    expect(transfer.headline).toMatch(/^Send 1\.5 TST \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\) to 0x2f31…C970$/);
    const proven = await waitFor('the TST balance proven by Vigil', async () => {
      const b = await sendMessage<{ accounts: { address: string; tokens?: { token: string; balance: string | null }[] }[] }>(popup, { type: 'vigil:wallet:balances' });
      const row = b.accounts.find((a) => a.address.toLowerCase() === ACCOUNT0)?.tokens?.find((t) => t.token.toLowerCase() === token.toLowerCase());
      return row?.balance != null && BigInt(row.balance) === 10n * 10n ** 4n - 15_000n && row;
    }, 120_000, 1000);
    expect(BigInt(proven.balance!)).toBe(85_000n); // 10 TST minted at 4 decimals, 1.5 sent
  });

  it('deploys its ERC-721 through Vigil, mints and transfers one', async () => {
    await approve('deployNFTsButton', 'nftsStatus');
    nfts = (await untilText('erc721TokenAddresses', (t) => /^0x[0-9a-fA-F]{40}$/.test(t))) as Hex;
    await approve('mintButton', 'nftsStatus');
    await untilText('nftsStatus', (t) => t === 'Mint completed');
    await approve('transferFromButton', 'nftsStatus');
    await untilText('nftsStatus', (t) => t === 'Transfer From completed');
    // ownerOf(1), asked of Vigil by the page's provider: proven, and the node's.
    const data = '0x6352211e' + '1'.padStart(64, '0');
    // The page's window.ethereum is the MetaMask SDK's (it installs one): the dApp's chosen provider, Vigil, is asked.
    const owner = await page.evaluate(`(async () => (await ${dappContext}).provider.request({ method: 'eth_call', params: [{ to: '${nfts}', data: '${data}' }, 'latest'] }))()`);
    expect('0x' + String(owner).slice(-40)).toBe(DAPP_TOKEN_RECIPIENT);
  });

  it('personal_sign: the signature recovers to the account, in the page and by personal_ecRecover', async () => {
    await approve('personalSign', 'personalSignResult');
    const signature = (await untilText('personalSignResult', (t) => t.startsWith('0x'))) as Hex;
    expect((await recoverMessageAddress({ message: 'Example `personal_sign` message', signature })).toLowerCase()).toBe(ACCOUNT0);
    await press('personalSignVerify');
    expect((await untilText('personalSignVerifySigUtilResult', (t) => t.length > 0, 20_000)).toLowerCase()).toBe(ACCOUNT0);
    expect((await untilText('personalSignVerifyECRecoverResult', (t) => t.length > 0, 20_000)).toLowerCase()).toBe(ACCOUNT0);
  });

  it('eth_signTypedData_v4 and a permit: the page recovers its account from each', async () => {
    await approve('signTypedDataV4', 'signTypedDataV4Result');
    await untilText('signTypedDataV4Result', (t) => t.startsWith('0x'));
    await press('signTypedDataV4Verify');
    expect((await untilText('signTypedDataV4VerifyResult', (t) => t.length > 0, 20_000)).toLowerCase()).toBe(ACCOUNT0);
    await approve('signPermit', 'signPermitResult');
    await untilText('signPermitResult', (t) => t.startsWith('0x'));
    await press('signPermitVerify');
    expect((await untilText('signPermitVerifyResult', (t) => t.length > 0, 20_000)).toLowerCase()).toBe(ACCOUNT0);
  });

  it('wallet_sendCalls: the batch lands and wallet_getCallsStatus says so', async () => {
    const recipients = [DAPP_RECIPIENT, '0xbc2114a988e9cef5ba63548d432024f34b487048'] as const;
    const before = await Promise.all(recipients.map((address) => node.getBalance({ address })));
    expect(await approve('eip5792SendCallsButton', 'eip5792SendCallsError')).toBe('2 calls, all or nothing, one transaction');
    const id = await waitFor('the batch id in the dApp', () => page.inputValue('#eip5792RequestIdInput'), 90_000, 250);
    const final = await waitFor('the batch to land', async () => {
      await press('eip5792GetCallsStatusButton');
      const t = await text('eip5792GetCallsStatusResult');
      const s = t.startsWith('{') ? JSON.parse(t) : undefined;
      return s && s.status !== 100 && s.status !== 'pending' && s;
    }, 120_000, 1000);
    expect(id).toMatch(/^0x/);
    expect(final).toMatchObject({ status: 200, atomic: true });
    const after = await Promise.all(recipients.map((address) => node.getBalance({ address })));
    expect(after).toEqual([before[0]! + 1_000_000_000n, before[1]! + 500_000_000n]);
  });

  it('eth_signTypedData_v3: the page recovers its account', async () => {
    await approve('signTypedDataV3', 'signTypedDataV3Result');
    await untilText('signTypedDataV3Result', (t) => t.startsWith('0x'));
    await press('signTypedDataV3Verify');
    expect((await untilText('signTypedDataV3VerifyResult', (t) => t.length > 0, 20_000)).toLowerCase()).toBe(ACCOUNT0);
  });
});
