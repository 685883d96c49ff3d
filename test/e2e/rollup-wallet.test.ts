/**
 * The devnet's validity rollup in real Chromium, as a user meets it: the popup follows the rollup
 * (its batch proofs re-verified in the extension's worker), two wallet accounts deposit from the
 * popup through the approval window, their L2 balances appear proven ("validity proof
 * re-verified"), account 0 sends account 1 an L2 transfer signed with its seed-derived key, and
 * the transfer shows confirmed once a verified batch applied it, with both balances moved by
 * exactly the amount. A page reads the proven L2 balance with vigil_getVerifiedBalance(address,
 * { chainId }), switches to the rollup's chain and sees its chain id and balance, is refused what
 * the rollup cannot prove, and switches back. Screenshots go to test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { L2AccountView, L2TransferView, RollupView } from '../../src/extension/messages.ts';
import type { Status } from '../../src/extension/messages.ts';
import { buildWalletDapps } from './dapp/build.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, type PageServer, screenshot, sendMessage, servePages, startDevnet, VAULT_SEALED_MS, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PASSWORD = 'correct horse battery';
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ACCOUNT1 = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const ETH = 10n ** 18n;

let devnet: Devnet;
let browser: ExtensionBrowser;
let pages: PageServer;
let popup: Page;
let l2ChainId: number;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const l2Accounts = () => sendMessage<L2AccountView[]>(popup, { type: 'vigil:wallet:l2Accounts' });
const dapp = <T = any>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, a]) => (window as any).dapp[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

/**
 * Clicks `selector` in the popup and approves the approval window it opens; a refusal the form
 * shows instead (`l2-deposit-error`) fails at once with its words, not after the window's timeout.
 */
async function approveFrom(page: Page, selector: string): Promise<Page> {
  const opened = nextApprovalWindow(browser.context);
  await page.click(selector);
  const refused = page.waitForSelector('[data-testid="l2-deposit-error"]', { timeout: 60_000 }).then(async (note) => {
    throw new Error(`no approval window: the popup says ${JSON.stringify(await note.textContent())}`);
  });
  // The loser of the race must not reject unhandled once the test has moved on.
  opened.catch(() => {});
  refused.catch(() => {});
  const window = await Promise.race([opened, refused]);
  await window.waitForSelector('[data-testid="approval-approve"]', { timeout: 60_000 });
  await approveIn(window);
  return window;
}

async function provenL2(address: string, predicate: (row: L2AccountView) => boolean = () => true): Promise<L2AccountView> {
  return waitFor(`a proven L2 balance of ${address}`, async () => {
    const row = (await l2Accounts()).find((r) => r.address === address && r.rollupChainId === l2ChainId);
    return row && row.balance !== null && row.proof === 'verified' && predicate(row) && row;
  }, 180_000, 1000);
}

beforeAll(async () => {
  const [d, files] = await Promise.all([startDevnet({ slotSeconds: 1, faults: true, rollup: true, timeoutMs: 240_000 }), buildWalletDapps()]);
  devnet = d;
  l2ChainId = devnet.ready.rollup!.chainId;
  pages = await servePages(files);
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await status()).optimistic, 90_000);
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await devnet?.stop();
});

describe('the validity rollup in the wallet', () => {
  it('follows the rollup: liveness from proven L1 storage, the batch proof re-verified in the extension', async () => {
    const view = await waitFor('the rollup followed', async () => {
      const r = (await status()).rollups.find((x: RollupView) => x.chainId === l2ChainId);
      return r?.state === 'following' && r.proof === 'verified' && r.batch !== null && r.batch > 0 && r;
    }, 120_000, 1000);
    expect(view.liveness).toBe('healthy');
    expect(view.root).toMatch(/^0x[0-9a-f]+$/);
    await popup.reload();
    await popup.click('[data-testid="tab-rollups"]');
    const card = await popup.waitForSelector(`[data-testid="rollup-card"][data-rollup-chain="${l2ChainId}"]`, { timeout: 30_000 });
    expect(await (await card.$('[data-testid="rollup-liveness"]'))!.textContent()).toBe('healthy');
    expect(await (await card.$('[data-testid="rollup-proof"]'))!.textContent()).toContain('validity proof re-verified');
    await screenshot(popup, 'rollup-status.png');
  }, 240_000);

  it('deposits from two wallet accounts through the approval window and shows their proven L2 balances', async () => {
    await popup.click('[data-testid="tab-wallet"]');
    await popup.click('[data-testid="onboard-import"]');
    await popup.fill('[data-testid="onboard-secret"]', MNEMONIC);
    await popup.fill('[data-testid="onboard-password"]', PASSWORD);
    await popup.fill('[data-testid="onboard-password2"]', PASSWORD);
    await popup.click('[data-testid="onboard-submit"]');
    await popup.waitForSelector('[data-testid="home-account"]', { timeout: VAULT_SEALED_MS });
    await sendMessage(popup, { type: 'vigil:wallet:addAccount', password: PASSWORD });
    const rows = await waitFor('both accounts listed on the rollup', async () => {
      const all = await l2Accounts();
      return all.filter((r) => r.rollupChainId === l2ChainId).length === 2 && all;
    }, 60_000, 1000);
    // No L2 account yet: nothing shown as a proven zero.
    expect(rows.every((r) => r.index === null && r.balance === null)).toBe(true);

    await popup.click('[data-testid="tab-rollups"]');
    await popup.waitForSelector('[data-testid="l2-deposit-submit"]', { timeout: 30_000 });
    for (const [address, eth] of [[ACCOUNT0, '1.5'], [ACCOUNT1, '0.25']] as const) {
      // The first deposit stays on its way: batches form but none reaches L1 until the prover runs again.
      if (address === ACCOUNT0) await devnet.setFault('prover-stall', true);
      await popup.selectOption('[data-testid="l2-deposit-from"]', { value: await optionFor(popup, 'l2-deposit-from', address) });
      await popup.selectOption('[data-testid="l2-deposit-rollup"]', String(l2ChainId));
      await popup.fill('[data-testid="l2-deposit-value"]', eth);
      const window = await approveFrom(popup, '[data-testid="l2-deposit-submit"]');
      if (address !== ACCOUNT0) continue;
      await screenshot(window, 'rollup-deposit-approval.png').catch(() => {});
      try {
        // The L2 row says the deposit is on its way with its L1 transaction, included at a block, not that the account does not exist.
        const note = await popup.waitForSelector(`[data-testid="l2-row"][data-address="${ACCOUNT0}"] [data-testid="l2-deposit-on-way"][data-block]`, { timeout: 90_000 });
        const hash = await (await note.$('.mono'))!.getAttribute('title');
        const activity = await sendMessage<{ hash: string; to: string | null }[]>(popup, { type: 'vigil:wallet:activity' });
        expect(activity.find((a) => a.hash === hash)).toBeDefined();
        expect(await note.textContent()).toMatch(new RegExp(`^Your deposit of 1\\.5 ETH is on its way: L1 transaction 0x[0-9a-f]{4}…[0-9a-f]{4}, included in block #[\\d,]+ — waiting for .+ to take it\\.$`));
        expect(await popup.textContent(`[data-testid="l2-row"][data-address="${ACCOUNT0}"]`)).not.toContain('does not exist');
        await note.scrollIntoViewIfNeeded();
        await screenshot(popup, 'rollup-deposit-on-way.png');
      } finally {
        await devnet.setFault('prover-stall', false);
      }
      // Taken: the row shows the proven balance, and the rollup is live again for the next deposit.
      await provenL2(ACCOUNT0);
    }
    const a0 = await provenL2(ACCOUNT0);
    const a1 = await provenL2(ACCOUNT1);
    expect(BigInt(a0.balance!)).toBe((3n * ETH) / 2n);
    expect(BigInt(a1.balance!)).toBe(ETH / 4n);
    expect(a0.index).not.toBe(a1.index);
    const row = await popup.waitForSelector(`[data-testid="l2-row"][data-address="${ACCOUNT0}"][data-rollup-chain="${l2ChainId}"]`, { timeout: 30_000 });
    await waitFor('the popup showing the proven balance', async () => ((await (await row.$('[data-testid="l2-balance"]'))?.textContent()) ?? '').includes('1.5'), 30_000);
    expect(await (await row.$('[data-testid="l2-proof"]'))!.textContent()).toContain('validity proof re-verified');
    await screenshot(popup, 'rollup-l2-balances.png');
  }, 480_000);

  it('sends an L2 transfer between the two accounts, confirmed only by a verified batch', async () => {
    const amount = ETH / 2n;
    await popup.selectOption('[data-testid="l2-transfer-from"]', { value: await optionFor(popup, 'l2-transfer-from', ACCOUNT0) });
    await popup.selectOption('[data-testid="l2-transfer-rollup"]', String(l2ChainId));
    await popup.fill('[data-testid="l2-transfer-to"]', ACCOUNT1);
    await popup.fill('[data-testid="l2-transfer-value"]', '0.5');
    await popup.click('[data-testid="l2-transfer-submit"]');
    const submitted = await waitFor('the transfer listed', async () => (await sendMessage<L2TransferView[]>(popup, { type: 'vigil:wallet:l2Transfers' }))[0], 30_000);
    expect(submitted).toMatchObject({ from: ACCOUNT0, to: ACCOUNT1, amount: amount.toString(), nonce: '0', rollupChainId: l2ChainId });
    const confirmed = await waitFor('the transfer confirmed', async () => {
      const t = (await sendMessage<L2TransferView[]>(popup, { type: 'vigil:wallet:l2Transfers' })).find((x) => x.id === submitted.id);
      return t?.status === 'confirmed' && t;
    }, 180_000, 1000);
    expect(confirmed.batch).toBeGreaterThan(0);
    const a0 = await provenL2(ACCOUNT0, (r) => r.nonce === '1');
    const a1 = await provenL2(ACCOUNT1, (r) => BigInt(r.balance!) > ETH / 4n);
    expect(BigInt(a0.balance!)).toBe(ETH);
    expect(BigInt(a1.balance!)).toBe(ETH / 4n + amount);
    await popup.waitForSelector('[data-testid="l2-transfer-row"][data-status="confirmed"]', { timeout: 30_000 });
    await screenshot(popup, 'rollup-l2-transfer.png');

    // More than the proven balance: refused before anything is signed or sent.
    await popup.fill('[data-testid="l2-transfer-to"]', ACCOUNT1);
    await popup.fill('[data-testid="l2-transfer-value"]', '5');
    await popup.click('[data-testid="l2-transfer-submit"]');
    const error = await popup.waitForSelector('[data-testid="l2-transfer-error"]', { timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('L2_INSUFFICIENT_BALANCE');
    expect((await sendMessage<L2TransferView[]>(popup, { type: 'vigil:wallet:l2Transfers' })).length).toBe(1);
  }, 480_000);

  it('answers a page: the proven L2 balance with its provenance, the rollup as a chain to switch to', async () => {
    const page = await browser.context.newPage();
    await page.goto(pages.url + '/viem.html');
    await waitFor('the viem page', async () => (await page.title()) === 'viem wallet ready', 20_000);
    const opened = nextApprovalWindow(browser.context);
    const connecting = dapp(page, 'connect');
    const connectWindow = await opened;
    await connectWindow.waitForSelector('[data-testid="approval-approve"]');
    await approveIn(connectWindow);
    await connecting;

    const hexId = '0x' + l2ChainId.toString(16);
    const balance = (await dapp(page, 'request', 'vigil_getVerifiedBalance', [ACCOUNT1, { chainId: hexId }])).result;
    expect(BigInt(balance.balance)).toBe(ETH / 4n + ETH / 2n);
    expect(balance).toMatchObject({ chainId: hexId, l2: { proof: 'verified', liveness: 'healthy' } });
    expect(balance.l1.blockNumber).toBeGreaterThan(0);
    expect((await dapp(page, 'request', 'vigil_getVerifiedBalance', [ACCOUNT1, { chainId: '0x1' }])).error.code).toBe(4901);

    const l1Id = (await dapp(page, 'request', 'eth_chainId')).result;
    const switchWindow = nextApprovalWindow(browser.context);
    const switching = dapp(page, 'request', 'wallet_switchEthereumChain', [{ chainId: hexId }]);
    const w = await switchWindow;
    await w.waitForSelector('[data-testid="approval-approve"]');
    await approveIn(w);
    expect((await switching).result).toBeNull();
    expect((await dapp(page, 'request', 'eth_chainId')).result).toBe(hexId);
    await waitFor('chainChanged to the rollup', async () => (await dapp(page, 'events')).some((e: any) => e.event === 'chainChanged' && e.data === hexId), 10_000);
    expect(BigInt((await dapp(page, 'request', 'eth_getBalance', [ACCOUNT0, 'latest'])).result)).toBe(ETH);
    expect((await dapp(page, 'request', 'eth_getTransactionCount', [ACCOUNT0, 'latest'])).result).toBe('0x1');
    expect((await dapp(page, 'request', 'eth_call', [{ to: ACCOUNT0, data: '0x' }, 'latest'])).error.code).toBe(4200);
    expect((await dapp(page, 'request', 'eth_sendTransaction', [{ from: ACCOUNT0, to: ACCOUNT1, value: '0x1' }])).error.code).toBe(4200);

    const back = nextApprovalWindow(browser.context);
    const returning = dapp(page, 'request', 'wallet_switchEthereumChain', [{ chainId: l1Id }]);
    const w2 = await back;
    await w2.waitForSelector('[data-testid="approval-approve"]');
    await approveIn(w2);
    await returning;
    expect((await dapp(page, 'request', 'eth_chainId')).result).toBe(l1Id);
    await page.close();
  }, 240_000);
});

/** The option value of `testid`'s select that names `address` (values may be checksummed). */
async function optionFor(page: Page, testid: string, address: string): Promise<string> {
  const values = await page.$$eval(`[data-testid="${testid}"] option`, (os) => os.map((o) => (o as HTMLOptionElement).value));
  const value = values.find((v) => v.toLowerCase() === address);
  if (value === undefined) throw new Error(`${testid} has no option for ${address}: ${values.join(', ')}`);
  return value;
}

describe('lies at each link', () => {
  const rollupError = async () =>
    waitFor('the rollup shown as not verified', async () => {
      const r = (await status()).rollups.find((x: RollupView) => x.chainId === l2ChainId);
      return r?.state === 'error' && r;
    }, 60_000, 500);

  it('refuses an L2 RPC that lies about a balance: the popup shows the code and no number', async () => {
    await devnet.setFault('l2-proof-balance', true);
    try {
      const row = await waitFor('the lie refused', async () => {
        const r = (await l2Accounts()).find((x) => x.address === ACCOUNT0 && x.rollupChainId === l2ChainId);
        return r?.error && r;
      }, 60_000, 1000);
      expect(row.error!.code).toBe('L2_PROOF_ROOT_MISMATCH');
      expect(row.balance).toBeNull();
      await popup.click('[data-testid="tab-rollups"]');
      const shown = await popup.waitForSelector(`[data-testid="l2-row"][data-address="${ACCOUNT0}"] [data-testid="l2-error"]`, { timeout: 30_000 });
      expect(await shown.textContent()).toContain('L2_PROOF_ROOT_MISMATCH');
      await screenshot(popup, 'rollup-l2-lie.png');
    } finally {
      await devnet.setFault('l2-proof-balance', false);
    }
    await provenL2(ACCOUNT0);
  }, 240_000);

  it('refuses a forged L1 storage proof of the rollup contract and a commit hint pointing elsewhere', async () => {
    for (const [fault, code] of [['proof-storage-value', 'PROOF_VALUE_MISMATCH'], ['l2-commit-hint', 'L2_COMMIT_MISMATCH']] as const) {
      await devnet.setFault(fault, true);
      try {
        // A new batch (the heartbeat brings one) must be verified again: that is where the hint is asked.
        const view = await rollupError();
        expect(view.error!.code).toBe(code);
        expect(view.root).toBeNull();
        expect(view.batch).toBeNull();
      } finally {
        await devnet.setFault(fault, false);
      }
      await waitFor('the rollup verified again', async () => (await status()).rollups.find((x: RollupView) => x.chainId === l2ChainId)?.state === 'following', 60_000, 500);
    }
  }, 240_000);
});
