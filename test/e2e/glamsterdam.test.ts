/**
 * Issue 52's browser part: the wallet on a Glamsterdam devnet, in Chromium. One devnet (`vigil
 * devnet --gloas-epoch 4`: Fulu, then Gloas and Amsterdam from slot 32, the demo contracts, Uniswap
 * V2 and the validity rollup deployed before the fork) and one browser. Once the extension signs
 * against an Amsterdam head (a header with a block access list hash), the user's flows of the
 * other browser tests run on Amsterdam blocks: a rollup deposit; the popup sends ETH to a new
 * address (the window says the new account's 183,600 gas of state, EIP-8037; the receipt's gas is
 * 21,000 + 183,600) and a token to a new holder (one new storage slot, 97,920 gas of state); a
 * dApp's swap on Uniswap V2 simulated in the window and signed; a delegation (EIP-7702) from the
 * accounts panel; then the forced exit on the stalled rollup, request → freeze → escape, each
 * step signed unattended. Every transaction's receipt is held to what the window estimated:
 * status 1, gas used within the signed limit (and that limit at most 1.5 times the gas used), the
 * fee paid at most the simulated network fee and the value plus fee at most the maximum cost (an
 * exit step's: its activity row's, as signed). The delegation is an expected failure for now: a
 * bug in its code probe under EIP-8037 (the comment at its test).
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createPublicClient, encodeFunctionData, erc20Abi, http, parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExitView } from '../../src/extension/messages.ts';
import { buildWalletDapps } from './dapp/build.ts';
import {
  accountsPanel,
  approvalWindow,
  depositWhenLive,
  exitStep,
  expectChainAgrees,
  getStatus,
  type Hex,
  type Mined,
  provenIncluded,
  provenL2,
  readEstimate,
  rollupView,
  sendFromPopup,
  startExitFromPopup,
  throughTheWindow,
  type WindowEstimate,
} from './flows.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, type PageServer, screenshot, sendMessage, servePages, startDevnet, waitFor, waitForAmsterdamHead } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PASSWORD = 'correct horse battery';
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ACCOUNT1 = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const ETH = 10n ** 18n;
/** EIP-8037's price of a state byte on the devnet, and what an account (120 bytes) and a storage slot (64 bytes) cost. */
const STATE_BYTE_GAS = 1_530n;
const NEW_ACCOUNT_STATE_GAS = 120n * STATE_BYTE_GAS;
const NEW_SLOT_STATE_GAS = 64n * STATE_BYTE_GAS;
/**
 * Gloas, and Amsterdam with it, from epoch 4 (slot 32 of 8-slot epochs). The contracts and the
 * rollup deploy by block 7 or so on a quiet machine and must be in before the fork (the devnet says
 * so when they are not): a busy one took past slot 16 (2026-11-27, at epoch 2).
 */
const GLOAS_EPOCH = 4;

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let node: ReturnType<typeof createPublicClient>;
let l2ChainId: number;
let fork: number;
const started = performance.now();

const log = (what: string) => console.log(`[glamsterdam] ${Math.round((performance.now() - started) / 1000)} s: ${what}`);

/** The receipt and the transaction of `hash`, as the node has them. */
async function mined(hash: Hex): Promise<Mined & { blockNumber: bigint }> {
  const [receipt, tx] = await Promise.all([node.getTransactionReceipt({ hash }), node.getTransaction({ hash })]);
  return { status: receipt.status, gasUsed: receipt.gasUsed, effectiveGasPrice: receipt.effectiveGasPrice, gas: tx.gas, value: tx.value, blockNumber: receipt.blockNumber };
}

/** Mined after the fork, the chain agreeing with the window; returns the receipt's gas used. */
async function agrees(hash: Hex, estimate: WindowEstimate): Promise<bigint> {
  const m = await mined(hash);
  expect(Number(m.blockNumber)).toBeGreaterThanOrEqual(fork);
  const paid = expectChainAgrees(m, estimate);
  // Estimated, not grossly over: the wallet's margin on the gas the simulation used.
  expect(m.gas * 2n, `gas limit ${m.gas} for ${m.gasUsed} used`).toBeLessThanOrEqual(m.gasUsed * 3n);
  log(`${estimate.headline}: gas ${m.gasUsed} of ${m.gas} signed; paid ${paid} wei, window fee ${estimate.fee ?? '-'}, max cost ${estimate.maxCost ?? '-'}; ${estimate.newState ?? 'no new state line'}`);
  return m.gasUsed;
}

/** A fresh address nobody has sent to: no account, no token balance. */
const freshAddress = () => ('0x' + randomBytes(20).toString('hex')) as Hex;

beforeAll(async () => {
  const [d, files] = await Promise.all([
    startDevnet({ slotSeconds: 1, faults: true, contracts: true, uniswap: true, rollup: { forcedDeadline: 20, heartbeat: 4 }, gloasEpoch: GLOAS_EPOCH, timeoutMs: 240_000 }),
    buildWalletDapps(),
  ]);
  devnet = d;
  log('devnet ready');
  node = createPublicClient({ transport: http(devnet.ready.nodeRpc) });
  l2ChainId = devnet.ready.rollup!.chainId;
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await getStatus(popup)).optimistic, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  await sendMessage(popup, { type: 'vigil:wallet:addAccount', password: PASSWORD });
  await waitFor('the token followed', () => sendMessage(popup, { type: 'vigil:wallet:addToken', address: devnet.ready.contracts!.token }).then(() => true, () => false), 90_000, 500);
  log('wallet ready');
}, 360_000);

afterAll(async () => {
  log('done');
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('the wallet on a Glamsterdam devnet', () => {
  it('follows the chain across the Gloas fork and signs against an Amsterdam head (its header carries a block access list hash)', async () => {
    const contracts = devnet.ready.contracts!;
    const head = await waitForAmsterdamHead(devnet, popup);
    fork = head.fork;
    log(`first Amsterdam block ${fork}, signing head ${head.blockNumber}`);
    // Everything the devnet deployed went in before the fork (its fixed deployment gas is Osaka's).
    expect(contracts.seededAt).toBeLessThan(fork);
    expect(devnet.ready.rollup!.deployedAt).toBeLessThan(fork);
    expect(head.blockNumber).toBeGreaterThanOrEqual(fork);
  }, 240_000);

  it('deposits into the rollup through its window; the chain agrees', async () => {
    const estimate = await depositWhenLive(browser, popup, l2ChainId, ACCOUNT1, ETH / 2n);
    const name = (await rollupView(popup, l2ChainId))!.name;
    expect(estimate.headline).toMatch(new RegExp(`^Deposit 0\\.5 ETH into ${name}'s bridge`));
    const row = await waitFor('the deposit in the activity', async () => (await sendMessage<{ hash: Hex; from: string; to?: string }[]>(popup, { type: 'vigil:wallet:activity' })).find((r) => r.from?.toLowerCase() === ACCOUNT1), 60_000, 500);
    await provenIncluded(popup, row.hash);
    await agrees(row.hash, estimate);
  }, 300_000);

  it('sends ETH from the popup to a new address: the window says the new account\'s state gas, the receipt is 21,000 + 183,600', async () => {
    await popup.reload();
    await popup.click('[data-testid="tab-wallet"]');
    await popup.click('[data-testid="home-send"]');
    await waitFor('the popup to offer the followed token', async () => (await popup.$$('[data-testid="send-asset"] option')).length === 2, 30_000);
    const to = freshAddress();
    const { hash, estimate } = await sendFromPopup(browser, popup, { to, amount: '0.25', asset: 'eth', shot: 'glamsterdam-send-eth.png' });
    expect(estimate.newState).toBe('Creates 1 account: 183,600 gas of the fee pays for new state');
    await provenIncluded(popup, hash);
    const gasUsed = await agrees(hash, estimate);
    expect(gasUsed).toBe(21_000n + NEW_ACCOUNT_STATE_GAS);
    // Not grossly over: a plain transfer's exact cost.
    expect(estimate.gasLimit! * 10n).toBeLessThan(gasUsed * 11n);
    expect(await node.getBalance({ address: to })).toBe(ETH / 4n);
  }, 240_000);

  it('sends the followed token from the popup to a new holder: one new storage slot, 97,920 gas of state', async () => {
    const token = devnet.ready.contracts!.token as Hex;
    const to = freshAddress();
    const { hash, estimate } = await sendFromPopup(browser, popup, { to, amount: '3.5', asset: token.toLowerCase(), shot: 'glamsterdam-send-token.png' });
    expect(estimate.newState).toBe(`Creates 1 storage slot: ${NEW_SLOT_STATE_GAS.toLocaleString('en-US')} gas of the fee pays for new state`);
    await provenIncluded(popup, hash);
    const gasUsed = await agrees(hash, estimate);
    expect(gasUsed).toBeGreaterThan(NEW_SLOT_STATE_GAS);
    expect(estimate.gasLimit! * 10n).toBeLessThan(gasUsed * 15n);
    expect(await node.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [to] })).toBe(35n * 10n ** 17n);
  }, 240_000);

  it("simulates a dApp's swap on Uniswap V2 in the window and signs it: included, within its gas", async () => {
    const { token, uniswap } = devnet.ready.contracts!;
    const page = await browser.context.newPage();
    await page.goto(pages.url + '/viem.html');
    await waitFor('the viem page', async () => (await page.title()) === 'viem wallet ready', 20_000);
    const dapp = <T = any>(fn: string, ...args: unknown[]): Promise<T> => page.evaluate(([f, a]) => (window as any).dapp[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;
    const connect = await approvalWindow(browser.context, () => dapp('connect'));
    await approveIn(connect.window);
    expect((await connect.done).result.map((a: string) => a.toLowerCase())).toContain(ACCOUNT0);

    const balanceOf = () => node.readContract({ address: token as Hex, abi: erc20Abi, functionName: 'balanceOf', args: [ACCOUNT0 as Hex] });
    const before = await balanceOf();
    // 0.01 ETH into the pool pays about 19.9 VTA (less the swaps before): the router reverts below 19.
    const minOut = 19n * ETH;
    const data = encodeFunctionData({
      abi: parseAbi(['function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline) payable returns (uint256[])']),
      functionName: 'swapExactETHForTokens',
      args: [minOut, [uniswap!.weth as Hex, token as Hex], ACCOUNT0 as Hex, 1n << 40n],
    });
    const { window, done } = await approvalWindow(browser.context, () => dapp('request', 'eth_sendTransaction', [{ from: ACCOUNT0, to: uniswap!.router, value: '0x' + (ETH / 100n).toString(16), data }]));
    // The swap is named from its simulated effects: read the window once they are there (on a loaded
    // machine the window opens with the call's generic words a moment before).
    await window.waitForSelector('[data-testid="approval-effects"]');
    const estimate = await readEstimate(window);
    expect(estimate.headline).toMatch(/^Swap 0\.01 ETH for at least 19 VTA \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\) on Uniswap V2/);
    // Simulated: the effects say what the account gets, and the fee.
    expect(estimate.fee).toBeDefined();
    await screenshot(window, 'glamsterdam-swap.png');
    await approveIn(window);
    const sent = await done;
    expect(sent.result, JSON.stringify(sent)).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await provenIncluded(popup, sent.result)).status).toMatch(/^(included|final)$/);
    await agrees(sent.result, estimate);
    expect((await balanceOf()) - before >= minOut).toBe(true);
    await page.close();
  }, 300_000);

  // The delegation's probe (a 55-byte contract created after it, reading the account's code) pays its state gas here (EIP-8037).
  it('delegates the account to the pinned delegate (EIP-7702) through its own window: included, the node holds the delegation', async () => {
    const delegator = devnet.ready.delegator!.toLowerCase();
    const activity = () => sendMessage<{ hash: Hex }[]>(popup, { type: 'vigil:wallet:activity' });
    const known = new Set((await activity()).map((r) => r.hash));
    await accountsPanel(popup);
    await popup.waitForSelector('[data-testid="account-delegate"]', { timeout: 90_000 });
    const estimate = await throughTheWindow(browser, popup, 'account-delegate', 'glamsterdam-delegate.png', async (window) => {
      expect(await window.textContent('[data-testid="delegation-after"]')).toContain('Simple7702Account');
      expect(await window.textContent('[data-testid="delegation-chain"]')).toContain(String(devnet.ready.chainId));
    });
    expect(estimate.newState).toBe('Creates 1 delegation: 35,190 gas of the fee pays for new state');
    const row = await waitFor('the delegation in the activity', async () => (await activity()).find((r) => !known.has(r.hash)), 90_000, 500);
    await provenIncluded(popup, row.hash);
    await agrees(row.hash, estimate);
    expect((await node.getCode({ address: ACCOUNT0 }))?.toLowerCase()).toBe('0xef0100' + delegator.slice(2));
    await waitFor('the badge, proven and known', async () => {
      await accountsPanel(popup);
      const badge = await popup.waitForSelector('[data-testid="account-delegation"]', { timeout: 10_000 }).catch(() => null);
      return badge !== null && (await badge.getAttribute('data-known')) === 'true';
    }, 120_000, 1000);
  }, 300_000);

  it('runs a forced exit on the stalled rollup to the end: request, freeze, escape, the whole L2 balance back on L1', async () => {
    const l2Balance = BigInt((await provenL2(popup, l2ChainId, ACCOUNT1)).balance!);
    expect(l2Balance).toBe(ETH / 2n);
    await devnet.setFault('sequencer-stall', true);
    await waitFor('the rollup stalled without batches', async () => {
      const r = await rollupView(popup, l2ChainId);
      return r?.liveness === 'stalled' && r.facts !== null && r.facts.lastBatchAgeSeconds >= 20 && r;
    }, 120_000, 1000);
    log('rollup stalled');
    const before = await node.getBalance({ address: ACCOUNT1 });
    await startExitFromPopup(popup, l2ChainId, ACCOUNT1, 'glamsterdam-exit-confirm.png');
    const waiting = await exitStep(popup, 'waiting');
    expect(waiting).toMatchObject({ owner: ACCOUNT1, rollupChainId: l2ChainId, amount: l2Balance.toString() });
    log('exit requested');
    const done: ExitView = await exitStep(popup, 'escaped', 240_000);
    log('exit escaped');
    expect(done.facts.recovered).toBe(l2Balance.toString());
    // Each step signed unattended: included after the fork, within the gas and the maximum cost the wallet signed (its activity row's).
    const rows = await sendMessage<{ hash: string; maxCost: string }[]>(popup, { type: 'vigil:wallet:activity' });
    let gas = 0n;
    for (const [step, hash] of [['request', done.sent.request!.hash], ['freeze', done.sent.freeze!.hash], ['escape', done.sent.escape!.hash]] as const) {
      const row = rows.find((r) => r.hash === hash);
      expect(row, `the ${step} step in the activity`).toBeDefined();
      await agrees(hash as Hex, { headline: `the exit's ${step}`, maxCost: BigInt(row!.maxCost) });
      const m = await mined(hash as Hex);
      gas += m.gasUsed * m.effectiveGasPrice;
    }
    expect((await node.getBalance({ address: ACCOUNT1 })) - before).toBe(l2Balance - gas);
  }, 480_000);
});
