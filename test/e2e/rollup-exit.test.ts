/**
 * The forced exit in real Chromium on the devnet rollup: deposits and an L2 transfer, then the
 * sequencer stalls (the switchboard's sequencer-stall); the popup shows the rollup "stalled" with
 * the proven facts behind it; the user starts "Exit to L1" in the popup; the browser is closed
 * mid-flow and started again on the same profile (the wallet locked again, as after any restart),
 * and once unlocked the exit goes on from where it was: requestForcedWithdrawal → deadline → freeze
 * → escape with the account's Merkle proof (the L2 RPC lying by then, so the proof is rebuilt from
 * the batches' blobs, read from the beacon API and checked against their KZG commitments), each a
 * transaction the wallet signed under its policy
 * and confirmed by a verified receipt. The L1 balance rises by exactly the L2 balance minus the
 * L1 gas of the exit's own transactions; a second exit of the account answers the finished one.
 */
import type { Page } from 'playwright-core';
import { createPublicClient, type Hex, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExitView, L2AccountView, L2TransferView, RollupView, Status } from '../../src/extension/messages.ts';
import { depositWhenLive as deposit, exitStep as stepOf, exits as listExits, provenL2 as proven, startExitFromPopup } from './flows.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PASSWORD = 'correct horse battery';
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ACCOUNT1 = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const ETH = 10n ** 18n;

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let node: ReturnType<typeof createPublicClient>;
let l2ChainId: number;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const rollup = async () => (await status()).rollups.find((r: RollupView) => r.chainId === l2ChainId);
const exits = () => listExits(popup);

/** Each approval window's headline, in order (what the user read before approving). */
const headlines: string[] = [];

/** A deposit once the rollup is followed and live, asked again while the wallet refuses it as stalled (flows.ts). */
async function depositWhenLive(from: string, value: bigint): Promise<void> {
  headlines.push((await deposit(browser, popup, l2ChainId, from, value)).headline);
}

const provenL2 = (address: string, predicate: (row: L2AccountView) => boolean) => proven(popup, l2ChainId, address, predicate);
const exitStep = (step: string, timeoutMs = 120_000) => stepOf(popup, step, timeoutMs);
/** "Exit to L1" on the account's L2 row, confirmed in place. */
/** The route's steps as the popup numbers them. */
const ROUTE = [
  'Ask L1 to force your withdrawal',
  'Wait up to 20 s for the rollup to include it',
  'If it does not within 20 s, anyone can freeze the rollup',
  'Then withdraw your balance from L1 with a proof from the last finalized state',
];

/** "Exit to L1" on the account's L2 row, confirmed in place: what the confirmation said (its steps, the amount). */
async function startFromPopup(address: string): Promise<{ steps: string[]; amount: string }> {
  const said = { steps: [] as string[], amount: '' };
  await startExitFromPopup(popup, l2ChainId, address, 'exit-confirm.png', async (confirm) => {
    // The route with the forced deadline proven on L1 comes with the popup's read of the exit routes.
    await confirm.waitForSelector('[data-testid="l2-exit-step"]', { timeout: 30_000 });
    said.steps = await confirm.$$eval('[data-testid="l2-exit-step"]', (els) => els.map((e) => e.textContent ?? ''));
    said.amount = (await (await confirm.$('[data-testid="l2-exit-amount"]'))!.textContent()) ?? '';
  });
  return said;
}

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, faults: true, rollup: { forcedDeadline: 20, heartbeat: 4 }, timeoutMs: 240_000 });
  node = createPublicClient({ transport: http(devnet.ready.nodeRpc) });
  l2ChainId = devnet.ready.rollup!.chainId;
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await waitFor('a verified head', async () => (await status()).optimistic, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
  await sendMessage(popup, { type: 'vigil:wallet:addAccount', password: PASSWORD });
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

describe('the forced exit', () => {
  it('holds funds on the rollup: two deposits and a transfer, proven', async () => {
    await depositWhenLive(ACCOUNT0, ETH);
    await depositWhenLive(ACCOUNT1, ETH / 10n);
    // The window named each deposit from its calldata and proven effects, the rollup contract's address beside its name.
    const name = (await rollup())!.name;
    expect(headlines.slice(-2)).toEqual([
      expect.stringMatching(new RegExp(`^Deposit 1 ETH into ${name}'s bridge \\(its rollup contract 0x[0-9a-f]{4}…[0-9a-f]{4}\\), opening your L2 account there$`)),
      expect.stringMatching(new RegExp(`^Deposit 0\\.1 ETH into ${name}'s bridge \\(its rollup contract 0x[0-9a-f]{4}…[0-9a-f]{4}\\), opening your L2 account there$`)),
    ]);
    await provenL2(ACCOUNT0, () => true);
    await provenL2(ACCOUNT1, () => true);
    const sent = await sendMessage<L2TransferView>(popup, { type: 'vigil:wallet:l2Transfer', from: ACCOUNT0, rollupChainId: l2ChainId, to: ACCOUNT1, value: '0x' + (ETH / 4n).toString(16) });
    await waitFor('the transfer confirmed', async () => (await sendMessage<L2TransferView[]>(popup, { type: 'vigil:wallet:l2Transfers' })).find((t) => t.id === sent.id && t.status === 'confirmed'), 120_000, 1000);
    expect(BigInt((await provenL2(ACCOUNT0, (r) => r.nonce === '1')).balance!)).toBe((3n * ETH) / 4n);
    // Its waits are for batches, each proven by the devnet's prover: minutes on a busy machine.
  }, 420_000);

  it('shows the stalled sequencer in the popup with its facts', async () => {
    await devnet.setFault('sequencer-stall', true);
    // Stalled for want of batches (a slow prover can also leave a deposit queued long enough).
    const view = await waitFor('the rollup stalled without batches', async () => {
      const r = await rollup();
      return r?.liveness === 'stalled' && r.facts !== null && r.facts.lastBatchAgeSeconds >= 20 && r;
    }, 120_000, 1000);
    expect(view.facts!.lastBatchAgeSeconds).toBeGreaterThanOrEqual(20);
    expect(view.facts!.frozen).toBe(false);
    await popup.reload();
    await popup.click('[data-testid="tab-rollups"]');
    const card = await popup.waitForSelector(`[data-testid="rollup-card"][data-rollup-chain="${l2ChainId}"]`, { timeout: 30_000 });
    await waitFor('"stalled" in the popup', async () => (await (await card.$('[data-testid="rollup-liveness"]'))?.textContent()) === 'stalled', 30_000);
    expect(await (await card.$('[data-testid="rollup-facts"]'))!.textContent()).toMatch(/last batch/);
    // The exits card shows the route at once for a stalled rollup: in words, with the forced deadline read from L1 (20 s).
    const rollupExit = await popup.waitForSelector(`[data-testid="exit-rollup"][data-chain-id="${l2ChainId}"]`, { timeout: 30_000 });
    expect(await rollupExit.$$eval('[data-testid="exit-route-step"] strong', (els) => els.map((e) => e.textContent))).toEqual(ROUTE);
    expect(await (await rollupExit.waitForSelector('[data-testid="exit-submit"]'))!.getAttribute('class')).toBe('primary');
    await screenshot(popup, 'exit-rollup-stalled.png');
  }, 240_000);

  it('exits to L1 across a browser restart and recovers the whole L2 balance', async () => {
    const l2Balance = BigInt((await provenL2(ACCOUNT0, () => true)).balance!);
    const before = await node.getBalance({ address: ACCOUNT0 as Hex });
    const said = await startFromPopup(ACCOUNT0);
    expect(said.steps).toEqual(ROUTE);
    // The devnet's forced exit takes the whole balance: said, with the amount proven on L2 (0.75 ETH).
    expect(said.amount).toBe("Amount: 0.75 ETH — your whole L2 balance: this rollup's forced exit always takes all of it, never part.");
    const waiting = await exitStep('waiting');
    expect(waiting).toMatchObject({ kind: 'vigil-zk-v1', owner: ACCOUNT0, rollupChainId: l2ChainId, amount: l2Balance.toString() });
    expect(waiting.sent.request!.hash).toMatch(/^0x[0-9a-f]{64}$/);
    // The L2 row names the exit's step along the route (which one by now depends on the heads).
    const underway = await popup.waitForSelector(`[data-testid="l2-row"][data-address="${ACCOUNT0}"] [data-testid="l2-exit-underway"]`, { timeout: 30_000 });
    expect(await underway.textContent()).toMatch(/^Exit to L1 under way — step [1-4] of 4: /);
    await screenshot(popup, 'exit-waiting.png');
    // From here the L2 RPC lies about every account (balance + 1 ether): its proof is refused and the
    // escape proof is rebuilt from Ethereum alone, each batch from its blob read from the beacon API.
    await devnet.setFault('l2-proof-balance', true);

    // The browser closes mid-flow and starts again on the same profile: the wallet is locked again.
    const profile = browser.userDataDir;
    await browser.close({ keepProfile: true });
    browser = await launchExtension(undefined, { userDataDir: profile });
    popup = await browser.openPopup();
    expect((await exits()).find((e) => e.id === waiting.id)?.sent.request?.hash).toBe(waiting.sent.request!.hash);
    await sendMessage(popup, { type: 'vigil:wallet:unlock', password: PASSWORD });

    const done = await exitStep('escaped', 180_000);
    expect(done.facts.recovered).toBe(l2Balance.toString());
    expect(done.escapeProof).toMatchObject({ source: 'l1-rebuild', rejected: { code: 'L2_PROOF_ROOT_MISMATCH' } });
    await devnet.setFault('l2-proof-balance', false);
    expect(done.history.map((h) => h.step)).toEqual(expect.arrayContaining(['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping', 'escaped']));
    // Exactly the L2 balance, minus the L1 gas of the exit's own three transactions.
    let gas = 0n;
    for (const hash of [done.sent.request!.hash, done.sent.freeze!.hash, done.sent.escape!.hash]) {
      const receipt = await node.getTransactionReceipt({ hash: hash as Hex });
      expect(receipt.status).toBe('success');
      gas += receipt.gasUsed * receipt.effectiveGasPrice;
    }
    const after = await node.getBalance({ address: ACCOUNT0 as Hex });
    expect(after - before).toBe(l2Balance - gas);
    expect((await rollup())?.liveness).toBe('frozen');
    await popup.click('[data-testid="tab-rollups"]');
    await popup.waitForSelector(`[data-testid="exit-row"][data-step="escaped"]`, { timeout: 30_000 });
    await screenshot(popup, 'exit-escaped.png');
    // The escape's block is checked at every head until the light client finalizes it; then the exit has ended for good.
    const final = await waitFor('the escape final', async () => (await exits()).find((e) => e.id === done.id && e.endedAtBlock === undefined), 120_000, 1000);
    expect(final.step).toBe('escaped');
    expect(final.history.at(-1)!.note).toMatch(/^final: block \d+ is finalized$/);
    await waitFor('the card without the not-final note', async () => (await popup.$('[data-testid="exit-not-final"]')) === null, 30_000, 500);
  }, 420_000);

  it('answers a second exit of the account with the finished one', async () => {
    const again = await sendMessage<ExitView>(popup, { type: 'vigil:exit:start', rollupChainId: l2ChainId, address: ACCOUNT0 }).catch((e: Error) => e);
    // Either the finished exit is answered, or the account is proven escaped: never a new request.
    if (again instanceof Error) throw again;
    expect(again.step).toBe('escaped');
    expect((await exits()).filter((e) => e.owner === ACCOUNT0)).toHaveLength(1);
  });
});
