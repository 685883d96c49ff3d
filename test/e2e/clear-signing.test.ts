/**
 * Calls and typed data in words (issue 57) in real Chromium on the devnet with its demo contracts
 * and Uniswap V2: an unmodified viem page asks the wallet, and the approval window says what its
 * ERC-7730 descriptor says, each field formatted with Vigil's proven facts, beside the simulated
 * effects, the raw call one click away:
 * (a) a swap of ETH for VTA through the devnet's Router02: "Swap 1 ETH for at least … VTA", its
 *     beneficiary the wallet's own account, "Account 1 (yours)";
 * (b) a VUSD ERC-2612 permit by eth_signTypedData_v4: the spender, 25 VUSD, valid until …;
 * (c) a VFEE transfer of 100, which takes 101: flagged at its field and above the buttons, and
 *     Approve waits for the tick;
 * (d) the same swap calldata sent to a second Router02 (the same code at another address): the
 *     descriptor binds to the addresses it names, so no words;
 * (e) a batch (wallet_sendCalls): an approve of VTA to the Router02 and the swap, each call in its
 *     words with its raw call, held together against the whole batch's effects.
 * The wallet's account is a fresh phrase's, funded (ETH and VFEE) by dev account 0 before Vigil
 * follows the devnet: VFEE's fee goes to dev account 0, whose own transfers pay it to itself.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { type Abi, createPublicClient, createWalletClient, defineChain, encodeFunctionData, erc20Abi, type Hex, http, parseAbi } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/extension/messages.ts';
import { buildWalletDapps } from './dapp/build.ts';
import { approvalWindow } from './flows.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, type PageServer, screenshot, sendMessage, servePages, sleep, startDevnet, waitFor } from './harness.ts';
import { textFitProblems } from './text-fit.ts';

/** A phrase of no dev account: its account holds only what dev account 0 sends it. */
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const PASSWORD = 'correct horse battery';
const ACCOUNT = mnemonicToAccount(MNEMONIC).address.toLowerCase() as Hex;
const ETH = 10n ** 18n;
const SWAP_ABI = parseAbi(['function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline) payable returns (uint256[])']);

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let page: Page;
let node: ReturnType<typeof createPublicClient>;
/** A second Router02 (the same code, the same factory and WETH) at another address. */
let otherRouter: Hex;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const dapp = <T = any>(fn: string, ...args: unknown[]): Promise<T> => page.evaluate(([f, a]) => (window as any).dapp[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;
const text = async (window: Page, testid: string) => ((await window.textContent(`[data-testid="${testid}"]`)) ?? '').trim();
const allText = (window: Page, testid: string) => window.$$eval(`[data-testid="${testid}"]`, (els) => els.map((e) => (e.textContent ?? '').trim()));

/** 2033-05-18 03:33:20 UTC: a deadline the words show as a date. */
const DEADLINE = 2_000_000_000n;

/**
 * The swap of 1 ETH for at least 1,500 VTA to the wallet's account: the 50 ETH / 100,000 VTA pool
 * pays about 1,960 for the first, about 1,880 for the second (the other router's, the same pool).
 */
function swapData(): Hex {
  const { token, uniswap } = devnet.ready.contracts!;
  return encodeFunctionData({ abi: SWAP_ABI, functionName: 'swapExactETHForTokens', args: [1_500n * ETH, [uniswap!.weth as Hex, token as Hex], ACCOUNT, DEADLINE] });
}

/**
 * The window, once it shows what the simulation says (the effects) or cannot. A page the user
 * turned down waits before it may ask again (REJECTED_RECENTLY, with the time): asked again then.
 */
async function shown(trigger: () => Promise<any>): Promise<{ window: Page; done: Promise<any> }> {
  const opened = nextApprovalWindow(browser.context);
  opened.catch(() => {});
  let done: Promise<any>;
  for (;;) {
    done = trigger();
    const early = await Promise.race([opened.then(() => null), done]);
    if (early === null) break;
    if (early.error?.data?.code !== 'REJECTED_RECENTLY') throw new Error(`answered before any window: ${JSON.stringify(early)}`);
    await sleep(Math.max(0, early.error.data.retryAt - Date.now()) + 100);
  }
  const window = await opened;
  await window.waitForLoadState('domcontentloaded');
  await window.waitForSelector('[data-testid="approval-effects"], [data-testid="approval-refusal"], [data-testid="approval-typed-title"]', { timeout: 120_000 });
  return { window, done };
}

/** Approves once armed and returns the page's answer; a window a failed test left open is closed (which says no). */
async function approved(window: Page, done: Promise<any>, check: () => Promise<void>): Promise<any> {
  try {
    await check();
    await approveIn(window);
    const answer = await done;
    expect(answer.error, JSON.stringify(answer)).toBeUndefined();
    return answer.result;
  } finally {
    if (!window.isClosed()) await window.waitForEvent('close', { timeout: 30_000 }).catch(() => window.close());
  }
}

beforeAll(async () => {
  const [d, files] = await Promise.all([startDevnet({ slotSeconds: 1, contracts: true, uniswap: true }), buildWalletDapps()]);
  devnet = d;
  const chain = defineChain({ id: devnet.ready.chainId, name: 'devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [devnet.ready.nodeRpc] } } });
  node = createPublicClient({ chain, transport: http(devnet.ready.nodeRpc) });
  const signer = createWalletClient({ account: privateKeyToAccount(KEY0), chain, transport: http(devnet.ready.nodeRpc) });
  const { feeToken, uniswap } = devnet.ready.contracts!;
  // Before Vigil follows the devnet: its first verified head holds all of it.
  const require = createRequire(import.meta.url);
  const router = JSON.parse(readFileSync(require.resolve('@uniswap/v2-periphery/build/UniswapV2Router02.json'), 'utf8')) as { abi: Abi; bytecode: string };
  const hashes = [
    await signer.sendTransaction({ to: ACCOUNT, value: 10n * ETH }),
    await signer.writeContract({ address: feeToken as Hex, abi: erc20Abi, functionName: 'transfer', args: [ACCOUNT, 1_000n * ETH] }),
    await signer.deployContract({ abi: router.abi, bytecode: (router.bytecode.startsWith('0x') ? router.bytecode : `0x${router.bytecode}`) as Hex, args: [uniswap!.factory, uniswap!.weth] }),
  ];
  const receipts = await Promise.all(hashes.map((hash) => node.waitForTransactionReceipt({ hash })));
  expect(receipts.map((r) => r.status)).toEqual(['success', 'success', 'success']);
  otherRouter = receipts[2]!.contractAddress!.toLowerCase() as Hex;
  const last = receipts.reduce((m, r) => (r.blockNumber > m ? r.blockNumber : m), 0n);
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head past the funding', async () => BigInt((await status()).optimistic?.blockNumber ?? -1) >= last, 120_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  page = await browser.context.newPage();
  await page.goto(pages.url + '/viem.html');
  await waitFor('the viem page', async () => (await page.title()) === 'viem wallet ready', 20_000);
  const connect = await approvalWindow(browser.context, () => dapp('connect'));
  await approveIn(connect.window);
  expect((await connect.done).result.map((a: string) => a.toLowerCase())).toEqual([ACCOUNT]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('calls and typed data in words, by their descriptors', () => {
  it("(a) a swap through the devnet's Router02 in words, its fields, beside the effects, the raw call one click away", async () => {
    const { uniswap } = devnet.ready.contracts!;
    const data = swapData();
    const { window, done } = await shown(() => dapp('request', 'eth_sendTransaction', [{ from: ACCOUNT, to: uniswap!.router, value: '0x' + ETH.toString(16), data }]));
    const hash = await approved(window, done, async () => {
      await window.waitForSelector('[data-testid="approval-words"]', { timeout: 30_000 });
      expect(await text(window, 'approval-words-sentence')).toMatch(/^Swap 1 ETH for at least 1,?500 VTA/);
      const fields = await allText(window, 'approval-words-field');
      expect(fields.length).toBeGreaterThanOrEqual(2);
      expect(fields.some((f) => f.includes('1 ETH'))).toBe(true);
      expect(fields.some((f) => /1,?500 VTA/.test(f) && /VTA's decimals and symbol proven at block [\d,]+/.test(f))).toBe(true);
      expect(fields.some((f) => f.includes('2033'))).toBe(true);
      // The beneficiary is the wallet's own account: named as the popup names it, marked as the user's.
      expect(fields.some((f) => f.startsWith('Account 1 (yours)'))).toBe(true);
      expect(await text(window, 'approval-words-descriptor')).toContain(`on chain ${devnet.ready.chainId}`);
      // The simulated effects stay, and agree: no flag, Approve not held by the words.
      await window.waitForSelector('[data-testid="approval-effects"]');
      expect(await window.$('[data-testid="approval-words-flag"]')).toBeNull();
      await window.setViewportSize({ width: 360, height: 600 });
      await window.locator('[data-testid="approval-words"]').scrollIntoViewIfNeeded();
      await screenshot(window, 'clear-signing-swap.png');
      // The raw call: one click.
      expect(await window.isVisible('[data-testid="approval-raw-data"]')).toBe(false);
      await window.click('[data-testid="approval-raw-toggle"]');
      await window.waitForSelector('[data-testid="approval-raw-data"]', { state: 'visible' });
      expect(await text(window, 'approval-raw-data')).toBe(data);
      expect(await textFitProblems(window)).toEqual([]);
      await screenshot(window, 'clear-signing-swap-raw.png');
    });
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
  }, 300_000);

  it('(b) a VUSD permit (ERC-2612) by eth_signTypedData_v4 in words: the spender, 25 VUSD, valid until …', async () => {
    const { permitToken, uniswap } = devnet.ready.contracts!;
    const typed = {
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
        ],
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      primaryType: 'Permit',
      domain: { name: 'Vigil Dollar', version: '1', chainId: devnet.ready.chainId, verifyingContract: permitToken },
      message: { owner: ACCOUNT, spender: uniswap!.router, value: '25000000', nonce: '0', deadline: DEADLINE.toString() },
    };
    const { window, done } = await shown(() => dapp('request', 'eth_signTypedData_v4', [ACCOUNT, JSON.stringify(typed)]));
    const signature = await approved(window, done, async () => {
      // The permit box shows first (the typed data reviewed); the words come with it, in the same details.
      await window.waitForSelector('[data-testid="approval-permits"]', { timeout: 30_000 });
      if ((await window.$('[data-testid="approval-words"]')) === null) throw new Error("the permit's window shows no words: the typed-data details carry none (bound to VUSD, a token the devnet lists?)");
      const words = await text(window, 'approval-words');
      expect(words).toContain('25 VUSD');
      expect(words.toLowerCase()).toContain(uniswap!.router.toLowerCase());
      expect(words).toContain('2033');
      // The structured message stays, below the words.
      await window.waitForSelector('[data-testid="approval-typed-message"]');
      await window.setViewportSize({ width: 360, height: 600 });
      expect(await textFitProblems(window)).toEqual([]);
      await screenshot(window, 'clear-signing-permit.png');
    });
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/);
  }, 300_000);

  it('(c) a VFEE transfer of 100 that takes 101: flagged where the amount is and above the buttons; Approve waits for the tick', async () => {
    const { feeToken } = devnet.ready.contracts!;
    const recipient = '0x000000000000000000000000000000000000bEEF' as Hex;
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, 100n * ETH] });
    const { window, done } = await shown(() => dapp('request', 'eth_sendTransaction', [{ from: ACCOUNT, to: feeToken, data }]));
    const hash = await approved(window, done, async () => {
      await window.waitForSelector('[data-testid="approval-words-flag"]', { timeout: 30_000 });
      const [disagreement] = await allText(window, 'approval-words-disagreement');
      // Both amounts, in the token's proven units.
      expect(disagreement).toContain('the words say 100 VFEE leave your account; the simulation takes 101 VFEE');
      expect(await window.$('[data-testid="approval-words-field"][data-flagged="true"] [data-testid="approval-words-field-flag"]')).not.toBeNull();
      // Held until ticked, once the window is armed.
      await window.waitForSelector('[data-testid="approval-words-flag-ack"]:not([disabled])', { timeout: 30_000 });
      expect(await window.isDisabled('[data-testid="approval-approve"]')).toBe(true);
      await window.setViewportSize({ width: 360, height: 600 });
      expect(await textFitProblems(window)).toEqual([]);
      await window.locator('[data-testid="approval-words"]').scrollIntoViewIfNeeded();
      await screenshot(window, 'clear-signing-flagged.png');
      await window.check('[data-testid="approval-words-flag-ack"]');
      await window.waitForSelector('[data-testid="approval-approve"]:not([disabled])', { timeout: 30_000 });
    });
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
  }, 300_000);

  it('(d) the same swap calldata to another address holding the same code is not shown in words', async () => {
    expect((await node.getCode({ address: otherRouter }))?.toLowerCase()).toBe((await node.getCode({ address: devnet.ready.contracts!.uniswap!.router as Hex }))?.toLowerCase());
    const { window, done } = await shown(() => dapp('request', 'eth_sendTransaction', [{ from: ACCOUNT, to: otherRouter, value: '0x' + ETH.toString(16), data: swapData() }]));
    const hash = await approved(window, done, async () => {
      // Simulated (the other router swaps as well), and its effects shown: no words, no descriptor.
      await window.waitForSelector('[data-testid="approval-effects"]');
      expect(await window.$('[data-testid="approval-words"]')).toBeNull();
      expect(await window.$('[data-testid="approval-words-flag"]')).toBeNull();
      expect(await text(window, 'approval-fields')).toContain('Data');
    });
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
  }, 300_000);

  it("(e) a batch of an approve and the swap: each call in its words, held together against the whole batch's effects", async () => {
    const { token, uniswap } = devnet.ready.contracts!;
    const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [uniswap!.router as Hex, 5n * ETH] });
    const calls = [
      { to: token, value: '0x0', data: approve },
      { to: uniswap!.router, value: '0x' + ETH.toString(16), data: swapData() },
    ];
    const { window, done } = await shown(() => dapp('request', 'wallet_sendCalls', [{ version: '2.0.0', chainId: '0x' + devnet.ready.chainId.toString(16), from: ACCOUNT, atomicRequired: false, calls }]));
    try {
      await window.waitForSelector('[data-testid="approval-call"] [data-testid="approval-words"]', { timeout: 30_000 });
      const words = await window.$$eval('[data-testid="approval-call"]', (lis) => lis.map((li) => ({ sentence: (li.querySelector('[data-testid="approval-words-sentence"]')?.textContent ?? '').trim(), fields: (li.querySelector('[data-testid="approval-words-fields"]')?.textContent ?? '').trim() })));
      expect(words).toHaveLength(2);
      expect(words[0]!.fields).toContain('5 VTA');
      expect(words[1]!.sentence).toMatch(/^Swap 1 ETH for at least 1,?500 VTA/);
      for (const d of await allText(window, 'approval-words-descriptor')) expect(d).toContain("every call's words were held together against them");
      expect(await window.$('[data-testid="approval-words-flag"]')).toBeNull();
      expect(await window.$$('[data-testid="approval-call"] [data-testid="approval-raw"]')).toHaveLength(2);
      await window.click('[data-testid="approval-call"]:nth-child(2) [data-testid="approval-raw-toggle"]');
      await window.waitForSelector('[data-testid="approval-call"]:nth-child(2) [data-testid="approval-raw-data"]', { state: 'visible' });
      expect(((await window.textContent('[data-testid="approval-call"]:nth-child(2) [data-testid="approval-raw-data"]')) ?? '').trim()).toBe(swapData());
      await window.setViewportSize({ width: 360, height: 600 });
      expect(await textFitProblems(window)).toEqual([]);
      await window.locator('[data-testid="approval-calls"]').scrollIntoViewIfNeeded();
      await screenshot(window, 'clear-signing-batch.png');
      await window.waitForSelector('[data-testid="approval-reject"]:not([disabled])', { timeout: 60_000 });
      await window.click('[data-testid="approval-reject"]');
      expect((await done).error?.code).toBe(4001);
    } finally {
      if (!window.isClosed()) await window.waitForEvent('close', { timeout: 30_000 }).catch(() => window.close());
    }
  }, 300_000);
});
