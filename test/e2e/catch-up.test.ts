/**
 * Catch-up progress in the popup, in Chromium, on a devnet with short sync-committee periods: the
 * minimal preset (8 epochs × 8 slots = 64 slots a period) with 1 s slots, the devnet's lower bound
 * (SECONDS_PER_SLOT and execution-block timestamps are whole seconds). The devnet starts an epoch
 * short of that point (`--history`: genesis in the past, its slots mined at start), so the test
 * does not wait two and a half minutes of slots for the chain to get there.
 *
 * Only the UI points the fresh profile at the devnet: Settings → Add network, which trusts the
 * devnet's finalized root and so follows it without catching up; then, with the chain in period 2
 * and that period finalized, the Settings checkpoint field set to the genesis block root (2 periods
 * behind) and Save. A new checkpoint re-bootstraps the light client
 * (L1Sync.init keeps the stored store only for the same checkpoint), which then catches up
 * periods 0 → 2.
 *
 * On the devnet that catch-up (3 updates, 32-member committees, one request) takes well under the
 * popup's 1 s poll, so the devnet's beacon API answers light-client requests late
 * (`beacon-delay-updates`, 3 s; bootstraps are not delayed) from Save until the popup has shown the
 * catch-up: a slow public beacon API, nothing the extension is told about.
 *
 * A second popup page stays on the Status tab with a MutationObserver recording every state its
 * DOM goes through (state pill, summary line, "Period X of Y", the committee period of the
 * details, the verified heads' slots, the checkpoint footer), so no transient state is lost.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, startDevnet, waitFor } from './harness.ts';

const SLOTS_PER_PERIOD = 64; // minimal preset: EPOCHS_PER_SYNC_COMMITTEE_PERIOD 8 × SLOTS_PER_EPOCH 8
const CHECKPOINT_PERIODS_BEHIND = 2;
/** From this head slot on, period 2 is finalized (about 3 epochs after it began). */
const SET_AT_SLOT = CHECKPOINT_PERIODS_BEHIND * SLOTS_PER_PERIOD + 16;
/** Slots the devnet starts into its chain: an epoch before SET_AT_SLOT, finalized past genesis already. */
const HISTORY_SLOTS = SET_AT_SLOT - 8;

/** One state of the Status tab, as the observer saw it. */
interface Seen {
  t: number;
  state: string | null;
  summary: string | null;
  progress: string | null;
  pct: string | null;
  /** "N periods to go · M updates verified" under the bar. */
  detail: string | null;
  /** The details' count of committee updates verified since this catch-up began. */
  updates: string | null;
  committee: string | null;
  finalizedSlot: string | null;
  optimisticSlot: string | null;
  checkpoint: string | null;
}

let devnet: Devnet;
let browser: ExtensionBrowser;
let settingsPage: Page;
let statusPage: Page;

beforeAll(async () => {
  [devnet, browser] = await Promise.all([startDevnet({ slotSeconds: 1, historySlots: HISTORY_SLOTS, faults: true }), launchExtension()]);
  settingsPage = await browser.openPopup();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

async function beacon<T>(path: string): Promise<T> {
  const res = await fetch(`${devnet.ready.beaconApi}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return ((await res.json()) as { data: T }).data;
}

const headSlot = async () => Number((await beacon<{ head_slot: string }>('/eth/v1/node/syncing')).head_slot);
const blockRoot = async (id: string) => (await beacon<{ root: string }>(`/eth/v1/beacon/headers/${id}`)).root;
const periodOf = (slot: number) => Math.floor(slot / SLOTS_PER_PERIOD);
const slotOf = (text: string | null) => (text === null ? null : Number(text.replace(/[^0-9]/g, '')));
/** "Period X of Y" of the progress bar. */
const progressOf = (s: Seen) => {
  const m = s.progress && /^Period (\d+) of (\d+)$/.exec(s.progress);
  return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
};
/**
 * The period followed and the chain's, from the details' sync committee line (shown also when
 * synced): "Following sync committee period X, the chain's current one." (Y = X), "Following sync
 * committee period X; the chain is in period Y: …" or "Catching up: at sync committee period X; the
 * chain is in period Y: …".
 */
const committeeOf = (s: Seen) => {
  const current = s.committee && /^Following sync committee period (\d+), the chain's current one\.$/.exec(s.committee);
  if (current) return { x: Number(current[1]), y: Number(current[1]) };
  const m = s.committee && /sync committee period (\d+); the chain is in period (\d+):/.exec(s.committee);
  return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
};
const show = (log: Seen[], from: number) => log.map((s) => `${((s.t - from) / 1000).toFixed(1).padStart(6)} s ${JSON.stringify({ ...s, t: undefined })}`).join('\n');

/** Records every distinct state of the Status tab into window.__seen. */
async function observeStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __seen: unknown[]; __last: string };
    w.__seen = [];
    w.__last = '';
    const text = (selector: string) => document.querySelector(selector)?.textContent ?? null;
    const snap = () => {
      let committee: string | null = null;
      for (const dt of document.querySelectorAll('.details dt')) if (dt.textContent === 'Sync committee') committee = dt.nextElementSibling?.textContent ?? null;
      const s = {
        state: text('[data-testid="state"]'),
        summary: text('.hero .summary'),
        progress: text('[data-testid="progress"] .progress-label span:first-child'),
        pct: text('[data-testid="progress"] .progress-label span:last-child'),
        detail: text('[data-testid="progress-detail"]'),
        updates: text('[data-testid="updates-verified"]'),
        committee,
        finalizedSlot: text('[data-testid="finalized-slot"]'),
        optimisticSlot: text('[data-testid="optimistic-slot"]'),
        checkpoint: text('[data-testid="checkpoint"]'),
      };
      const key = JSON.stringify(s);
      if (key === w.__last) return;
      w.__last = key;
      w.__seen.push({ t: Date.now(), ...s });
    };
    new MutationObserver(snap).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    snap();
  });
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);

describe('catch-up progress in the popup', () => {
  it('shows the periods to go, then the verified heads at the head period, after a checkpoint 2 periods back', async () => {
    const genesisRoot = (await blockRoot('genesis')).toLowerCase();
    // The history is there: genesis is slot 0, and the ready object's checkpoint is a finalized block after it.
    // (On a devnet without history the ready checkpoint is genesis: test/integration/devnet-sync.test.ts.)
    expect(Number((await beacon<{ header: { message: { slot: string } } }>('/eth/v1/beacon/headers/genesis')).header.message.slot)).toBe(0);
    expect(Number((await beacon<{ header: { message: { slot: string } } }>(`/eth/v1/beacon/headers/${devnet.ready.checkpoint}`)).header.message.slot)).toBeGreaterThan(0);

    // Add network once the devnet finalized past genesis, so the profile starts from another root.
    await waitFor('a finalized block after genesis', async () => (await blockRoot('finalized')).toLowerCase() !== genesisRoot, 120_000, 500);
    await settingsPage.click('[data-testid="tab-settings"]');
    await settingsPage.click('[data-testid="add-network-open"]');
    await settingsPage.fill('[data-testid="add-network-beacon"]', devnet.ready.beaconApi);
    await settingsPage.fill('[data-testid="add-network-rpc"]', devnet.ready.executionRpc);
    await settingsPage.click('[data-testid="add-network-read"]');
    await settingsPage.waitForSelector('[data-testid="add-network-preview"]', { timeout: 30_000 });
    await settingsPage.click('[data-testid="add-network-save"]');
    await settingsPage.waitForSelector('[data-testid="add-network-saved"]', { timeout: 30_000 });

    statusPage = await browser.openPopup();
    await statusPage.click('[data-testid="tab-status"]');
    await statusPage.waitForSelector(`[data-testid="network"]:has-text("chain ${devnet.ready.chainId}")`, { timeout: 30_000 });
    await statusPage.waitForSelector('[data-testid="state"]:text-is("Verified")', { timeout: 120_000 });

    // The chain in period 2, finalized there, and the popup following it from the Add network checkpoint.
    await waitFor(`head slot ${SET_AT_SLOT}`, async () => (await headSlot()) >= SET_AT_SLOT, 240_000, 250);
    await observeStatus(statusPage);
    const before = await waitFor(
      `the popup verified at period ${CHECKPOINT_PERIODS_BEHIND}`,
      async () => {
        const last = (await seen(statusPage)).at(-1)!;
        const c = committeeOf(last);
        return last.state === 'Verified' && c?.x === CHECKPOINT_PERIODS_BEHIND && c.y === CHECKPOINT_PERIODS_BEHIND && last;
      },
      60_000,
      250,
    );
    expect(before.checkpoint).not.toContain(genesisRoot.slice(0, 6));

    // A slow beacon API while it catches up; the checkpoint field set to the genesis root, and Save.
    await devnet.setFault('beacon-delay-updates', true);
    const clickedAt = Date.now();
    await settingsPage.click('[data-testid="advanced-open"]');
    await settingsPage.locator('[data-testid="checkpoint-input"]').fill(genesisRoot);
    await settingsPage.click('[data-testid="save"]');
    await settingsPage.waitForSelector('.settings .note:has-text("Saved.")', { timeout: 30_000 });
    await statusPage.bringToFront();
    let log: Seen[] = [];
    try {
      await waitFor('the popup catching up', async () => (log = await seen(statusPage)).some((s) => s.t >= clickedAt && progressOf(s)), 60_000, 100);
      await screenshot(statusPage, 'catch-up-progress.png');
    } finally {
      await devnet.setFault('beacon-delay-updates', false);
    }
    const end = await waitFor(
      'the popup verified again from the genesis checkpoint',
      async () => {
        log = await seen(statusPage);
        const last = log.at(-1)!;
        const c = committeeOf(last);
        const head = slotOf(last.optimisticSlot);
        return last.state === 'Verified' && c?.x === c?.y && head !== null && periodOf(head) === c?.y && last;
      },
      90_000,
      250,
    );
    const devnetPeriod = periodOf(await headSlot());
    const after = log.filter((s) => s.t >= clickedAt);
    console.log(`from Save to verified again: ${((end.t - clickedAt) / 1000).toFixed(1)} s; the status tab went through:\n${show(after, clickedAt)}`);
    await screenshot(statusPage, 'catch-up-synced.png');

    // Started from the genesis checkpoint (the footer names the user's checkpoint).
    expect(end.checkpoint).toContain(`Checkpoint ${genesisRoot.slice(0, 6)}`);
    expect(end.checkpoint).toContain('from your checkpoint');

    // "Period X of Y" with periods to go (the checkpoint's period 0 against the head's period 2).
    const firstProgress = after.findIndex((s) => progressOf(s) !== null);
    const catching = after[firstProgress]!;
    expect(catching.state).toBe('Catching up');
    expect(progressOf(catching)).toEqual({ x: 0, y: CHECKPOINT_PERIODS_BEHIND });
    expect(catching.summary).toBe(`Following sync committees: period 0 of ${CHECKPOINT_PERIODS_BEHIND}`);
    expect(catching.pct).toBe('0%');
    expect(catching.detail).toBe(`${CHECKPOINT_PERIODS_BEHIND} periods to go · 0 updates verified`);
    // Heads verified on the way: one committee update per period caught up.
    expect(Number(end.updates?.split(' ')[0])).toBeGreaterThanOrEqual(CHECKPOINT_PERIODS_BEHIND);

    // X never went back and rose to Y (the progress bar while catching up, the details' committee period after).
    const periods = after.slice(firstProgress).map((s) => progressOf(s) ?? committeeOf(s));
    expect(periods.every((p) => p !== null)).toBe(true);
    for (let i = 1; i < periods.length; i++) expect(periods[i]!.x).toBeGreaterThanOrEqual(periods[i - 1]!.x);
    expect(periods.at(-1)!.x).toBe(periods.at(-1)!.y);
    expect(periods.at(-1)!.x).toBeGreaterThan(periods[0]!.x);

    // The verified heads: the checkpoint's (genesis) while catching up, then heads of the head period.
    expect(slotOf(catching.finalizedSlot)).toBe(0);
    const finalizedSlots = after.slice(firstProgress).map((s) => slotOf(s.finalizedSlot)!);
    for (let i = 1; i < finalizedSlots.length; i++) expect(finalizedSlots[i]!).toBeGreaterThanOrEqual(finalizedSlots[i - 1]!);
    expect(periodOf(slotOf(end.finalizedSlot)!)).toBe(CHECKPOINT_PERIODS_BEHIND);
    expect(periodOf(slotOf(end.optimisticSlot)!)).toBe(devnetPeriod);
    expect(committeeOf(end)).toEqual({ x: devnetPeriod, y: devnetPeriod });
  }, 240_000);
});
