/**
 * What came in, proven (issue 56), in Chromium on the devnet, as a user meets it. The wallet is a
 * fresh phrase (nothing of its own on the chain but the ether a dev account sent it), so whatever
 * the popup shows of tokens came from the transfers below, sent by the devnet's other accounts
 * straight to the node, signed with their keys (test/support/devnet-transfers.ts):
 * - VTA (the devnet's listed VigilToken) sent to the wallet: the activity shows it received,
 *   proven, without the user following VTA; the home shows VTA held, its address beside the symbol.
 * - A second VigilToken, deployed by a stranger under the same symbol and on no list, sent to the
 *   wallet: it is shown apart, hidden until asked, marked possibly spam, its amount with no price
 *   or value, nothing of it cut at 360 px.
 * - Address poisoning: the wallet sends a little ether to X from the popup; a stranger then moves
 *   0 VTA "from" Y to the wallet (transferFrom needs no allowance for 0), Y sharing X's first and
 *   last 4 hex digits: the activity marks it a look-alike, and Y typed into the send form is
 *   warned about ("looks like 0x…  you sent to on …, but is a different address") and Review
 *   waits for the tick.
 * - Lying endpoints: with `logs-omit` (eth_getLogs leaves out the last block it names) a new
 *   transfer still appears (the extension scans its window by verified blooms); with
 *   `receipts-withhold` (no receipts) the activity says how far its transfers are known instead of
 *   showing fewer rows, and the transfer appears once the fault is off.
 * - Ether without a log (the devnet's fork is before Amsterdam: no EIP-7708 log for a plain
 *   transfer): another dev account sends the wallet 0.25 ETH; the activity shows it received,
 *   proven by the wallet's balances at the two ends of the range it came in, and the wallet's own
 *   send above (its value and fee explained by its transaction) left no row of its own.
 */
import type { Page } from 'playwright-core';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountBalances, HeldToken, Status, TransfersView, TransferView } from '../../src/extension/messages.ts';
import { formatNumber, shortAddress } from '../../src/ui/format.ts';
import { DevnetSender, lookAlike, randomAddress } from '../support/devnet-transfers.ts';
import { provenIncluded, sendFromPopup } from './flows.ts';
import { textFitProblems } from './text-fit.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

/** A phrase none of the devnet's accounts derive from: the wallet starts with nothing. */
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const PASSWORD = 'correct horse battery';
const WALLET = mnemonicToAccount(MNEMONIC).address.toLowerCase();
const UNIT = 10n ** 18n;
/** The stranger who sends (dev account 1) and the one who poisons (dev account 2). */
const [SENDER, POISONER] = [1, 2];

/**
 * Where the popup shows what this issue added. One place to read the UI's names from: the home's
 * activity rows of transfers, the held tokens, the unlisted ones apart, the coverage line, and the
 * send form's look-alike warning.
 */
const UI = {
  /** A proven transfer in the activity, by its transaction (the row's hash carries it in full as its title). */
  transfer: (hash: string) => `[data-testid="transfer-row"]:has([title="${hash}"])`,
  transferWords: '[data-testid="transfer-words"]',
  /** What proved it (the row's proof line). */
  transferProof: '[data-testid="transfer-proof"]',
  lookAlikeMark: '[data-testid="transfer-look-alike"]',
  /** How far the activity's transfers are known (every block checked, and a scan that failed after). */
  coverage: '[data-testid="transfer-known"]',
  heldToken: (address: string) => `[data-testid="held-token"][data-address="${address}"]`,
  unlisted: '[data-testid="unlisted-tokens"]',
  unlistedToggle: '[data-testid="unlisted-toggle"]',
  unlistedToken: (address: string) => `[data-testid="unlisted-token"][data-address="${address}"]`,
  tokenAddress: '[data-testid="token-address-short"]',
  heldBalance: '[data-testid="held-token-balance"]',
  sendLookAlike: '[data-testid="send-look-alike"]',
  sendLookAlikeWords: '[data-testid="send-look-alike-words"]',
  sendLookAlikeAck: '[data-testid="send-look-alike-ack"]',
};

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let chain: DevnetSender;
/** VTA: the devnet's listed VigilToken. */
let vta: string;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
/** What the popup's activity lists of transfers (the app host's view). */
const transfersView = () => sendMessage<TransfersView>(popup, { type: 'vigil:wallet:transfers' });

/** The transfer of transaction `hash` once the extension proved and stored it. */
const provenTransfer = (hash: string, timeoutMs = 180_000): Promise<TransferView> =>
  waitFor(`the transfer of ${hash} proven`, async () => {
    const t = (await transfersView()).transfers.find((v) => v.transactionHash === hash);
    // Addresses compared as the chain has them (the view checksums them for the eye).
    return t && { ...t, asset: t.asset.toLowerCase(), from: t.from.toLowerCase(), to: t.to.toLowerCase(), ...(t.lookAlike ? { lookAlike: { ...t.lookAlike, address: t.lookAlike.address.toLowerCase() } } : {}) };
  }, timeoutMs, 1000);

/** The token held without being followed, once its balance is proven and `predicate` holds. */
const heldToken = (address: string, predicate: (t: HeldToken) => boolean = () => true, timeoutMs = 180_000): Promise<HeldToken> =>
  waitFor(`${address} held`, async () => {
    const held = (await sendMessage<AccountBalances>(popup, { type: 'vigil:wallet:balances' })).held ?? [];
    const t = held.find((h) => h.address.toLowerCase() === address);
    return t && predicate(t) && t;
  }, timeoutMs, 1000);

/** The extension's verified head at or past `block`. */
const verifiedPast = (block: number) =>
  waitFor(`a verified head at or past block ${block}`, async () => {
    const s = await status();
    return s.optimistic && s.optimistic.blockNumber >= block;
  }, 120_000, 500);

/** The wallet's home, opened afresh (as a user reopens the popup). */
async function home(): Promise<void> {
  await popup.reload();
  await popup.click('[data-testid="tab-wallet"]', { timeout: 60_000 });
}

/**
 * Waits until `selector` is on the home: the popup's own polling first, the popup reopened now
 * and then (a fresh read of every view) on a busy machine.
 */
async function onHome(what: string, selector: string, timeoutMs = 180_000): Promise<void> {
  let reopened = Date.now();
  await waitFor(what, async () => {
    if ((await popup.$(selector)) !== null) return true;
    // Older rows are under "Show all".
    await popup.click('[data-testid="activity-all"]', { timeout: 1000 }).catch(() => {});
    if ((await popup.$(selector)) !== null) return true;
    if (Date.now() - reopened > 15_000) {
      await home();
      reopened = Date.now();
    }
    return false;
  }, timeoutMs, 500);
}

const text = async (selector: string): Promise<string> => ((await popup.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, faults: true, contracts: true });
  vta = devnet.ready.contracts!.token.toLowerCase();
  chain = new DevnetSender(devnet.ready.nodeRpc, devnet.ready.chainId, devnet.ready.mnemonic);
  // Ether to pay the wallet's own send (step 3), from a stranger.
  await chain.sendEther(SENDER, WALLET, UNIT);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await status()).optimistic, 120_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  const state = await sendMessage<{ accounts: { address: string }[] }>(popup, { type: 'vigil:wallet:getState' });
  expect(state.accounts[0]!.address.toLowerCase()).toBe(WALLET);
  await home();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

describe('what came in, proven, end to end', () => {
  let received: { hash: string; block: number };

  it('shows a VTA transfer from another account received, proven, without following VTA; the home holds VTA with its address', async () => {
    received = await chain.sendToken(SENDER, vta, WALLET, 25n * UNIT);
    await verifiedPast(received.block);
    // Proven and stored: by the receipts root of its verified block, found by the blooms (the newest blocks).
    const t = await provenTransfer(received.hash);
    expect(t).toMatchObject({ asset: vta, standard: 'erc20', direction: 'in', from: chain.address(SENDER), to: WALLET, amount: (25n * UNIT).toString(), block: received.block, found: 'bloom-scan', token: { symbol: 'VTA', decimals: 18 } });
    expect(t.lookAlike).toBeUndefined();
    await onHome('the received transfer in the activity', UI.transfer(received.hash));
    const row = UI.transfer(received.hash);
    expect(await text(`${row} ${UI.transferWords}`)).toMatch(new RegExp(`^Received 25 VTA from ${shortAddress(chain.address(SENDER))}$`, 'i'));
    expect(await text(`${row} ${UI.transferProof}`)).toMatch(new RegExp(`^proven in block ${formatNumber(received.block)} \\(its log in a verified receipt, found by the blooms of verified headers; (not final yet|final)\\)$`));
    await screenshot(popup, 'incoming-activity.png');

    // Held, not followed: the proven balance, listed (the devnet's own), the symbol with the address beside it.
    const held = await heldToken(vta);
    expect(held).toMatchObject({ symbol: 'VTA', decimals: 18, listed: true, balances: [{ account: WALLET, balance: (25n * UNIT).toString() }] });
    const state = await sendMessage<AccountBalances>(popup, { type: 'vigil:wallet:balances' });
    expect(state.tokens.map((f) => f.address.toLowerCase())).not.toContain(vta);
    await onHome('VTA held on the home', UI.heldToken(held.address));
    expect(await text(`${UI.heldToken(held.address)} ${UI.tokenAddress}`)).toBe(shortAddress(held.address));
    expect(await text(`${UI.heldToken(held.address)} ${UI.heldBalance}`)).toBe('25 VTA');
    await screenshot(popup, 'incoming-home.png');
    expect(await textFitProblems(popup)).toEqual([]);
  });

  it('shows a token nobody lists, sent unasked under the same symbol, apart: hidden until asked, marked, its amount with no price or value', async () => {
    const spam = await chain.deployToken(SENDER, 'Vigil Token A', 'VTA', [], 1_000_000n * UNIT);
    const sent = await chain.sendToken(SENDER, spam.address, WALLET, 1_000n * UNIT);
    await verifiedPast(sent.block);
    await provenTransfer(sent.hash);
    const held = await heldToken(spam.address);
    expect(held).toMatchObject({ symbol: 'VTA', listed: false });
    await onHome('the unlisted token apart', UI.unlisted);
    // Not among the tokens held, and hidden by default.
    expect(await popup.$(UI.heldToken(held.address))).toBeNull();
    expect(await popup.isVisible(UI.unlistedToken(held.address))).toBe(false);
    await popup.click(UI.unlistedToggle);
    await popup.waitForSelector(UI.unlistedToken(held.address), { state: 'visible', timeout: 10_000 });
    expect(await text(`${UI.unlistedToken(held.address)} ${UI.tokenAddress}`)).toBe(shortAddress(held.address));
    // Marked, and no value: its own amount only, no price, nothing in ether.
    expect(await text(UI.unlistedToken(held.address))).toContain('possibly spam');
    expect(await text(`${UI.unlistedToken(held.address)} ${UI.heldBalance}`)).toBe('1,000 VTA');
    expect(await text(UI.unlistedToken(held.address))).not.toMatch(/ETH|\$|USD|€/);
    // The listed VTA is still the one held, with its value.
    expect(await text(`${UI.heldToken((await heldToken(vta)).address)} ${UI.heldBalance}`)).toBe('25 VTA');
    await screenshot(popup, 'incoming-unlisted.png');
    // At 360 px nothing that tells a token from another is cut: its address, its "possibly spam".
    expect(await textFitProblems(popup)).toEqual([]);
  });

  it('marks a zero-value transfer from a look-alike of an address the wallet sent to, and warns in the send form until ticked', async () => {
    const x = randomAddress();
    const y = lookAlike(x);
    expect([y.slice(0, 6), y.slice(-4)]).toEqual([x.slice(0, 6), x.slice(-4)]);
    expect(y).not.toBe(x);
    const { hash } = await sendFromPopup(browser, popup, { to: x, amount: '0.001', asset: 'eth', shot: 'incoming-send-x.png' });
    await provenIncluded(popup, hash);
    const poison = await chain.transferFrom(POISONER, vta, y, WALLET, 0n);
    await verifiedPast(poison.block);
    const t = await provenTransfer(poison.hash);
    expect(t).toMatchObject({ from: y, to: WALLET, amount: '0', direction: 'in', lookAlike: { address: x } });
    // The genuine transfer is not marked.
    expect((await provenTransfer(received.hash)).lookAlike).toBeUndefined();
    await home();
    await onHome('the look-alike transfer in the activity', UI.transfer(poison.hash));
    const mark = `${UI.transfer(poison.hash)} ${UI.lookAlikeMark}`;
    expect((await popup.getAttribute(mark, 'data-looks-like'))?.toLowerCase()).toBe(x);
    expect(await text(mark)).toMatch(new RegExp(`^The sender looks like ${shortAddress(x)} you sent to on .+, but is a different address`, 'i'));
    expect(await popup.$(`${UI.transfer(received.hash)} ${UI.lookAlikeMark}`)).toBeNull();
    await popup.locator(mark).scrollIntoViewIfNeeded();
    await screenshot(popup, 'incoming-lookalike.png');

    // Y typed into the send form: the warning, and Review waits for the tick.
    await popup.click('[data-testid="home-send"]');
    await popup.fill('[data-testid="send-to"]', y);
    await popup.fill('[data-testid="send-value"]', '0.001');
    await popup.waitForSelector(UI.sendLookAlike, { timeout: 30_000 });
    expect(await text(UI.sendLookAlikeWords)).toMatch(new RegExp(`looks like ${shortAddress(x)} you sent to on \\d{1,2} [A-Z][a-z]{2}( \\d{4})?, but is a different address`, 'i'));
    expect(await popup.isDisabled('[data-testid="send-submit"]')).toBe(true);
    await screenshot(popup, 'incoming-send-warning.png');
    await popup.check(UI.sendLookAlikeAck);
    expect(await popup.isEnabled('[data-testid="send-submit"]')).toBe(true);
    // X itself is not warned about.
    await popup.fill('[data-testid="send-to"]', x);
    await waitFor('the warning gone for X itself', async () => (await popup.$(UI.sendLookAlike)) === null, 10_000);
    expect(await popup.isEnabled('[data-testid="send-submit"]')).toBe(true);
    await popup.click('[data-testid="send-back"]');
  });

  it('through an endpoint that omits logs, a new transfer still appears (found by the blooms of verified headers)', async () => {
    await devnet.setFault('logs-omit', true);
    let sent: { hash: string; block: number };
    try {
      sent = await chain.sendToken(SENDER, vta, WALLET, 5n * UNIT);
      await verifiedPast(sent.block);
      expect(await provenTransfer(sent.hash)).toMatchObject({ amount: (5n * UNIT).toString(), found: 'bloom-scan' });
    } finally {
      await devnet.setFault('logs-omit', false);
    }
    await onHome('the transfer the endpoint’s logs left out', UI.transfer(sent.hash));
    expect(await text(`${UI.transfer(sent.hash)} ${UI.transferWords}`)).toMatch(/^Received 5 VTA/i);
    await heldToken(vta, (h) => h.balances[0]?.balance === (30n * UNIT).toString());
  });

  it('through an endpoint that withholds receipts, says how far its transfers are known rather than showing fewer, and shows the transfer once it answers', async () => {
    const before = (await transfersView()).transfers.map((t) => t.transactionHash);
    await devnet.setFault('receipts-withhold', true);
    let sent: { hash: string; block: number };
    try {
      sent = await chain.sendToken(SENDER, vta, WALLET, 6n * UNIT);
      await verifiedPast(sent.block);
      // The scan fails, storing nothing: the coverage stops before the transfer's block, and says so.
      const coverage = await waitFor('the coverage to stop before the withheld block with a failure', async () => {
        const c = (await transfersView()).coverage.find((v) => v.account.toLowerCase() === WALLET);
        return c?.failure && c.toBlock !== null && c.toBlock < sent.block && c;
      }, 180_000, 1000);
      await home();
      await onHome('the activity to say how far its transfers are known', UI.coverage);
      const said = await text(UI.coverage);
      const known = `Transfers known from block ${formatNumber(coverage.fromBlock!)} to ${formatNumber(coverage.toBlock!)} (every block checked); after block ${formatNumber(coverage.toBlock!)} not checked: `;
      expect(said.startsWith(known), said).toBe(true);
      expect(said).toMatch(/\(tried again at each new block\)\.$/);
      await popup.locator(UI.coverage).first().scrollIntoViewIfNeeded();
      await screenshot(popup, 'incoming-withheld.png');
      // Never silently fewer: every transfer listed before is still there, and the unproven one is not invented.
      const now = (await transfersView()).transfers.map((t) => t.transactionHash);
      for (const h of before) expect(now).toContain(h);
      expect(now).not.toContain(sent.hash);
    } finally {
      await devnet.setFault('receipts-withhold', false);
    }
    await provenTransfer(sent.hash);
    await onHome('the transfer once receipts are served again', UI.transfer(sent.hash));
    expect(await text(`${UI.transfer(sent.hash)} ${UI.transferWords}`)).toMatch(/^Received 6 VTA/i);
    await waitFor('the coverage without a failure again', async () => {
      const c = (await transfersView()).coverage.find((v) => v.account.toLowerCase() === WALLET);
      return c && c.failure === undefined && c.toBlock !== null && c.toBlock >= sent.block;
    }, 120_000, 1000);
  });

  it('shows ether sent by a plain transaction (no log before Amsterdam) received, proven by the balances at both ends', async () => {
    const sent = await chain.sendEther(3, WALLET, UNIT / 4n);
    await verifiedPast(sent.block);
    const t = await waitFor('the ether received without a log, proven', async () => {
      const v = (await transfersView()).transfers.find((x) => x.unlogged && x.direction === 'in' && x.unlogged.fromBlock <= sent.block && sent.block <= x.block);
      return v;
    }, 180_000, 1000);
    expect(t).toMatchObject({ asset: 'native', standard: 'native', amount: (UNIT / 4n).toString(), token: { symbol: 'ETH', decimals: 18 } });
    expect(t.to.toLowerCase()).toBe(WALLET);
    expect(t.unlogged!.because).toMatch(/^received by a transaction, a contract call or a withdrawal/);
    // The wallet's own send (step 3) is explained by its transaction: nothing left this account unexplained.
    expect((await transfersView()).transfers.filter((x) => x.unlogged && x.direction === 'out')).toEqual([]);
    const row = `[data-testid="transfer-row"][data-kind="unlogged"][data-block="${t.block}"]`;
    await home();
    await onHome('the ether received in the activity', row);
    const where = t.unlogged!.fromBlock === t.block ? `in block ${formatNumber(t.block)}` : `between blocks ${formatNumber(t.unlogged!.fromBlock)} and ${formatNumber(t.block)}`;
    expect(await text(`${row} ${UI.transferWords}`)).toBe(`Received 0.25 ETH ${where}`);
    expect(await text(`${row} ${UI.transferProof}`)).toMatch(new RegExp(`^proven by the balance at blocks ${formatNumber(t.unlogged!.fromBlock - 1)} and ${formatNumber(t.block)}, no log: received by a transaction, a contract call or a withdrawal`));
    await popup.locator(row).scrollIntoViewIfNeeded();
    await screenshot(popup, 'incoming-ether.png');
  });
});
