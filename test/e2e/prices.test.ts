/**
 * What the wallet's ether is worth, from the devnet's price feed (issue 57), in Chromium as a user
 * meets it. The wallet is a fresh phrase holding 1 ETH a dev account sent it; the devnet's
 * VigilPriceFeed (ETH/USD, 8 decimals, rounds posted by dev account 0 with their time) reaches
 * the wallet in the devnet's network profile:
 * - the home shows "≈ $3,012.00 · <the devnet's feed> ETH/USD at block N, updated …" under the
 *   proven balance, never naming Chainlink for the devnet's own feed;
 * - a new round (3,100) posted by the deployer: the home follows it;
 * - a round updated more than its heartbeat (1 h) before the head: the home says the feed is
 *   stale and shows no value;
 * - a lying endpoint for the feed's storage (`proof-storage-value`: every storage value claimed
 *   + 1, the proofs untouched): no value is shown, the line says the answer did not verify, and
 *   the ETH balance (an account proof, no storage) stays proven; never a wrong value on the way.
 * Waits are on conditions with generous bounds (a busy 2-core machine).
 */
import type { Page } from 'playwright-core';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex } from '../../src/core/bytes.ts';
import { encodeAbi, functionSelector } from '../../src/execution/abi.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import type { AccountBalances, Status } from '../../src/extension/messages.ts';
import { jsonRpcCall } from '../../src/rpc/http.ts';
import { DevnetSender } from '../support/devnet-transfers.ts';
import { textFitProblems } from './text-fit.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

/** A phrase none of the devnet's accounts derive from: the wallet holds only what it is sent. */
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const PASSWORD = 'correct horse battery';
const WALLET = mnemonicToAccount(MNEMONIC).address.toLowerCase();
const UNIT = 10n ** 18n;
const RPC = { timeoutMs: 10_000, maxBytes: 1024 * 1024 };
const UPDATE = functionSelector('update(int256,uint256)');

const UI = {
  price: '[data-testid="home-price"]',
  balance: '[data-testid="home-balance"]',
  proof: '[data-testid="home-proof"]',
};

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let feed: string;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const text = async (selector: string): Promise<string> => ((await popup.textContent(selector, { timeout: 5000 }).catch(() => null)) ?? '').replace(/\s+/g, ' ').trim();

/** The wallet's home, opened afresh (as a user reopens the popup). */
async function home(): Promise<void> {
  await popup.reload();
  await popup.click('[data-testid="tab-wallet"]', { timeout: 60_000 });
}

/**
 * Dev account 0 (the feed's owner) posts a round: `answer` (8 decimals) updated `ago` seconds
 * before the node's latest block. Answers the block it was mined in.
 */
async function postRound(answer: bigint, ago: number): Promise<number> {
  const latest = (await jsonRpcCall(devnet.ready.nodeRpc, 'eth_getBlockByNumber', ['latest', false], RPC)) as { timestamp: string };
  const updatedAt = BigInt(latest.timestamp) - BigInt(ago);
  const data = UPDATE + bytesToHex(encodeAbi(['int256', 'uint256'], [answer, updatedAt])).slice(2);
  const hash = (await jsonRpcCall(devnet.ready.nodeRpc, 'eth_sendTransaction', [{ from: devnet.ready.accounts[0], to: feed, data, gas: bigIntToHex(200_000n) }], RPC)) as string;
  const receipt = await waitForReceipt(devnet.ready.nodeRpc, hash, 120_000);
  expect(receipt.status).toBe(1);
  return receipt.blockNumber;
}

/** The extension's verified head at or past `block`. */
const verifiedPast = (block: number) =>
  waitFor(`a verified head at or past block ${block}`, async () => {
    const s = await status();
    return s.optimistic && s.optimistic.blockNumber >= block;
  }, 180_000, 500);

/**
 * Waits until the home's price line matches `expected`, reopening the popup now and then on a busy
 * machine; each line seen on the way must pass `never` (no wrong value shown in between).
 */
async function priceLine(what: string, expected: RegExp, never: (line: string) => void = () => {}): Promise<string> {
  let reopened = Date.now();
  return waitFor(what, async () => {
    const line = await text(UI.price);
    if (line !== '') never(line);
    if (expected.test(line)) return line;
    if (Date.now() - reopened > 20_000) {
      await home();
      reopened = Date.now();
    }
    return false;
  }, 240_000, 500);
}

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, faults: true, contracts: true });
  feed = devnet.ready.contracts!.priceFeed.toLowerCase();
  await new DevnetSender(devnet.ready.nodeRpc, devnet.ready.chainId, devnet.ready.mnemonic).sendEther(1, WALLET, UNIT);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await status()).optimistic, 120_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  await home();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

describe("the home's value, from the devnet's feed", () => {
  it("shows the wallet's ETH in dollars from the devnet's feed, at a block, with what it rests on", async () => {
    const line = await priceLine('the value of 1 ETH on the home', /^≈ \$3,012\.00 · .+ ETH\/USD at block [\d,]+, updated /);
    expect(line).not.toMatch(/Chainlink/);
    expect(await text(UI.balance)).toBe('1 ETH');
    const title = (await popup.getAttribute(UI.price, 'title')) ?? '';
    expect(title.toLowerCase()).toContain(feed);
    expect(title).toMatch(/Round \d+: 3,012 USD/);
    // The app host's view says the same, at the balances' head.
    const b = await sendMessage<AccountBalances>(popup, { type: 'vigil:wallet:balances' });
    const eth = b.prices?.find((p) => p.feed.base === 'native');
    expect(eth).toMatchObject({ ok: true, answer: (3012n * 10n ** 8n).toString(), decimals: 8 });
    expect(eth?.feed.address.toLowerCase()).toBe(feed);
    await screenshot(popup, 'prices-home.png');
    expect(await textFitProblems(popup)).toEqual([]);
  });

  it('follows a new round the deployer posts', async () => {
    const block = await postRound(3100n * 10n ** 8n, 0);
    await verifiedPast(block);
    await priceLine('the new round on the home', /^≈ \$3,100\.00 · /);
  });

  it('says a round older than its heartbeat is stale, and shows no value', async () => {
    const block = await postRound(3150n * 10n ** 8n, 3700);
    await verifiedPast(block);
    const line = await priceLine('the stale feed on the home', /^ETH\/USD feed last updated .+ ago: stale, no value shown$/, (l) => expect(l).not.toContain('3,150'));
    expect(line).not.toMatch(/\$/);
    await screenshot(popup, 'prices-stale.png');
    expect(await textFitProblems(popup)).toEqual([]);
  });

  it("shows no value from a lying endpoint's feed state, and the balance stays proven", async () => {
    const block = await postRound(3200n * 10n ** 8n, 0);
    await verifiedPast(block);
    await priceLine('the fresh round again', /^≈ \$3,200\.00 · /);
    await devnet.setFault('proof-storage-value', true);
    try {
      // Any value seen on the way is the proven one; then the line says the answer did not verify.
      await priceLine("the feed's answer refused", /^ETH\/USD feed's answer did not verify: no value shown$/, (l) => {
        if (l.includes('$')) expect(l).toMatch(/^≈ \$3,200\.00 · /);
      });
      expect(await popup.getAttribute(UI.price, 'title')).toMatch(/PROOF_/);
      expect(await text(UI.balance)).toBe('1 ETH');
      expect(await popup.getAttribute(UI.proof, 'data-kind')).toBe('proven');
      await screenshot(popup, 'prices-refused.png');
    } finally {
      await devnet.setFault('proof-storage-value', false);
    }
    await priceLine('the value back once the endpoint tells the truth', /^≈ \$3,200\.00 · /);
  });
});
