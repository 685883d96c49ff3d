/**
 * Issue 54's "Done when", in real Chromium on the devnet: the rollup posts its batches in blobs;
 * the popup's rollup card shows them sampled from the user's two beacon APIs (the devnet's and its
 * mirror) and every cell KZG-verified; the switchboard's beacon-withhold-columns makes the card
 * say the data could not be sampled (never "unavailable"), and the exit card says before the
 * start what that means for the escape proof, asking the user to tick it; beacon-bad-cell on the
 * mirror makes a cell fail its proof there, and the card names the mirror as demoted. At 360×600
 * the new lines scroll nothing sideways.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollupView, Status } from '../../src/extension/messages.ts';
import { sidewaysScroll } from './a11y-screens.ts';
import { type Devnet, type ExtensionBrowser, launchExtension, screenshot, sendMessage, startDevnet, waitFor } from './harness.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PASSWORD = 'correct horse battery';

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
let l2ChainId: number;
let mirror: string;

const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
const rollup = async (): Promise<RollupView | undefined> => (await status()).rollups.find((r) => r.chainId === l2ChainId);
const hostOf = (url: string) => new URL(url).host;

/** The rollup's data as the background last sampled it, once `predicate` holds (a new batch is sampled as it comes). */
const dataWhen = (what: string, predicate: (data: NonNullable<RollupView['data']>) => boolean, timeoutMs = 180_000) =>
  waitFor(what, async () => {
    const data = (await rollup())?.data;
    return data != null && predicate(data) && data;
  }, timeoutMs, 1000);

/** A beacon fault on one of the devnet's two beacon APIs, or both (docs/devnet.md). */
async function beaconFault(fault: string, on: boolean, endpoint: 'primary' | 'mirror' | 'both' = 'both'): Promise<void> {
  const res = await fetch(`${devnet.ready.admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault, on, endpoint }) });
  if (!res.ok) throw new Error(`POST /faults ${fault}: HTTP ${res.status} ${await res.text()}`);
}

/** The Rollups tab, read again, with the rollup's card. */
async function rollupCard() {
  await popup.reload();
  await popup.click('[data-testid="tab-rollups"]');
  return popup.waitForSelector(`[data-testid="rollup-card"][data-rollup-chain="${l2ChainId}"]`, { timeout: 30_000 });
}

/** The card's data line once it shows `status` (the popup polls the status). */
async function dataLine(status: string) {
  const card = await rollupCard();
  const line = await card.waitForSelector(`[data-testid="rollup-data-status"][data-status="${status}"]`, { timeout: 60_000 });
  return { card, text: (await line.textContent())! };
}

beforeAll(async () => {
  devnet = await startDevnet({ slotSeconds: 1, faults: true, rollup: { heartbeat: 4 }, timeoutMs: 240_000 });
  l2ChainId = devnet.ready.rollup!.chainId;
  // The devnet's second beacon API: the same chain, its own faults (beacon-bad-cell).
  mirror = devnet.ready.beaconMirror;
  browser = await launchExtension();
  popup = await browser.openPopup();
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  await sendMessage(popup, { type: 'vigil:saveProfile', edit: { id: (await status()).network.id, beaconApis: [devnet.ready.beaconApi, mirror] } });
  await waitFor('a verified head', async () => (await status()).optimistic, 90_000);
  await sendMessage(popup, { type: 'vigil:wallet:create', password: PASSWORD, mnemonic: MNEMONIC });
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
});

describe("a blob rollup's data in the popup", () => {
  it("shows the batches' blobs sampled from both beacon APIs, every cell verified", async () => {
    const data = await dataWhen('a batch in blobs sampled and verified', (d) => d.where === 'blobs' && d.availability?.status === 'verified' && d.availability.endpoints.filter((e) => e.verified > 0).length === 2);
    const a = data.availability!;
    expect(a.columns.verified).toBe(a.columns.asked);
    expect(a.columns.total).toBe(128);
    expect(a.slot).toBeGreaterThan(0);
    expect(a.beaconRoot).toMatch(/^0x[0-9a-f]{64}$/);
    const { card, text } = await dataLine('verified');
    expect(text).toMatch(/^Data: Ethereum blobs · \d+ of 128 columns sampled from 2 endpoints, all verified · slot [\d,]+$/);
    expect(await card.$('[data-testid="rollup-data-demoted"]')).toBeNull();
    // The card and the background each read the newest accepted batch: on a busy machine one may
    // be a batch ahead of the other, so both are read again until they name the same batch.
    await waitFor("the card's details naming the batch the background sampled", async () => {
      const now = (await rollup())?.data;
      if (now?.availability?.status !== 'verified' || !now.l1 || !now.availability.beaconRoot) return false;
      const shown = await popup
        .$eval(`[data-testid="rollup-card"][data-rollup-chain="${l2ChainId}"] [data-testid="rollup-data-details"]`, (d) => ((d as HTMLDetailsElement).open = true) && d.textContent)
        .catch(() => null);
      if (typeof shown === 'string' && shown.includes(now.availability.beaconRoot) && shown.includes(now.l1.tx)) return true;
      await rollupCard();
      return false;
    }, 120_000, 1000);
    await screenshot(popup, 'rollup-data-verified.png');
    expect(await sidewaysScroll(popup)).toEqual([]);
  }, 300_000);

  it('says the data could not be sampled while the beacon APIs withhold columns, and the exit says what that means', async () => {
    await beaconFault('beacon-withhold-columns', true);
    try {
      await dataWhen('a batch sampled with its columns withheld', (d) => d.where === 'blobs' && d.availability?.status === 'unsampled');
      const { text } = await dataLine('unsampled');
      expect(text).toMatch(/^Data: Ethereum blobs · could not be sampled: /);
      expect(text.toLowerCase()).not.toContain('unavailable');
      // The exit card, before the start: what it means for the escape proof, to be ticked.
      const exits = await popup.waitForSelector(`[data-testid="exit-rollup"][data-chain-id="${l2ChainId}"]`, { timeout: 30_000 });
      const show = await exits.$('[data-testid="exit-route-show"]');
      if (show) await show.click();
      const note = await exits.waitForSelector('[data-testid="exit-data"][data-status="unsampled"]', { timeout: 30_000 });
      expect(await note.getAttribute('data-ack')).toBe('required');
      expect(await note.textContent()).toContain('Vigil cannot say the escape proof can be rebuilt from Ethereum alone');
      // The box to tick before the start (that Start waits for it is the unit tests': this account holds nothing to exit here).
      expect(await exits.$('[data-testid="exit-data-ack"]')).not.toBeNull();
      await note.scrollIntoViewIfNeeded();
      await screenshot(popup, 'rollup-data-withheld-exit.png');
      expect(await sidewaysScroll(popup)).toEqual([]);
    } finally {
      await beaconFault('beacon-withhold-columns', false);
    }
  }, 300_000);

  it('demotes the mirror when a cell it serves does not verify, and names it', async () => {
    // The card is open before the fault: a later sampling asks the demoted mirror last (and maybe
    // nothing), so the sampling that demoted it may be on screen only until the next batch's.
    await rollupCard();
    await beaconFault('beacon-bad-cell', true, 'mirror');
    try {
      // Read at once, as the sampling that demoted it shows.
      const handle = await popup.waitForFunction((chain) => {
        const el = document.querySelector(`[data-testid="rollup-card"][data-rollup-chain="${chain}"]`);
        const line = el?.querySelector('[data-testid="rollup-data-demoted"]');
        if (!el || !line) return null;
        return { line: line.textContent, rows: [...el.querySelectorAll('[data-testid="rollup-data-endpoint"]')].map((e) => [e.textContent, e.getAttribute('data-demoted')]) };
      }, l2ChainId, { timeout: 180_000, polling: 100 });
      const seen = (await handle.jsonValue()) as { line: string; rows: [string, string][] };
      expect(seen.line).toBe(`what ${hostOf(mirror)} served did not verify: that endpoint is asked last`);
      expect(seen.rows.find(([text]) => text.startsWith(mirror))?.[1]).toBe('true');
      expect(seen.rows.find(([text]) => text.startsWith(devnet.ready.beaconApi))?.[1]).toBe('false');
      await screenshot(popup, 'rollup-data-demoted.png');
      expect(await sidewaysScroll(popup)).toEqual([]);
    } finally {
      await beaconFault('beacon-bad-cell', false);
    }
  }, 300_000);
});
