/**
 * The user's steps the browser tests share: a send typed into the popup and approved in Vigil's
 * window, a dApp request through its window, a delegation from the accounts panel, a rollup
 * deposit and the forced exit, each followed to the proof the wallet waits for; and what an
 * approval window estimated (gas limit, network fee, maximum cost, the new state it pays for),
 * to hold against the chain's receipt. Each step takes the browser and the popup it runs in.
 */
import type { BrowserContext, ElementHandle, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ExitView, L2AccountView, RollupView, Status } from '../../src/extension/messages.ts';
import { approveIn, type ExtensionBrowser, nextApprovalWindow, screenshot, sendMessage, waitFor } from './harness.ts';

export type Hex = `0x${string}`;

/** What the approval window said before it was approved. */
export interface WindowEstimate {
  headline: string;
  /** The signed gas limit, as the window shows it (absent from a delegation's window). */
  gasLimit?: bigint;
  /** Value plus max fee × gas limit ("Max cost", a delegation's "Most it can cost"). */
  maxCost?: bigint;
  /** The simulated network fee (the effects' "Network fee"). */
  fee?: bigint;
  /** The effects' new-state line ("Creates 1 account: 183,600 gas of the fee pays for new state"). */
  newState?: string;
}

/** "1.5 ETH", "0.000021 ETH" (an amount's exact words, its data-exact) in wei. */
function weiOf(exact: string): bigint {
  const m = /^([\d,]+)(?:\.(\d+))? ETH$/.exec(exact.trim());
  if (!m) throw new Error(`not an ETH amount: ${exact}`);
  const frac = (m[2] ?? '').padEnd(18, '0');
  if (frac.length > 18) throw new Error(`more than 18 decimals: ${exact}`);
  return BigInt(m[1]!.replaceAll(',', '')) * 10n ** 18n + BigInt(frac);
}

/** Reads what a rendered approval window estimated. */
export async function readEstimate(window: Page): Promise<WindowEstimate> {
  const text = async (sel: string) => ((await window.$(sel)) ? ((await window.textContent(sel)) ?? undefined) : undefined);
  const exact = async (sel: string) => {
    const el = await window.$(`${sel} [data-exact]`);
    return el ? weiOf((await el.getAttribute('data-exact'))!) : undefined;
  };
  const gas = await window.$('[data-testid="approval-gas"]');
  const gasLimit = gas ? BigInt((await gas.evaluate((el) => el.firstChild?.textContent ?? '')).replaceAll(',', '')) : undefined;
  const maxCost = (await exact('[data-testid="approval-max-cost"]')) ?? (await window.$('[data-testid="delegation-max-cost"]').then((el) => el?.getAttribute('data-exact')).then((e) => (e ? weiOf(e) : undefined)));
  const estimate: WindowEstimate = { headline: (await text('[data-testid="approval-what"]')) ?? '' };
  const fee = await exact('[data-testid="effect-fee"]');
  const newState = await window.$('[data-testid="effect-new-state"]').then((el) => el?.evaluate((li) => li.firstChild?.textContent ?? ''));
  if (gasLimit !== undefined) estimate.gasLimit = gasLimit;
  if (maxCost !== undefined) estimate.maxCost = maxCost;
  if (fee !== undefined) estimate.fee = fee;
  if (newState !== undefined) estimate.newState = newState;
  return estimate;
}

/** A receipt and its transaction as the node has them (viem's public client). */
export interface Mined {
  status: 'success' | 'reverted';
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  gas: bigint;
  value: bigint;
}

/**
 * The chain agrees with the window: included with status 1, within the gas limit it signed (the
 * window's, when it showed one), and, where it showed them, the fee paid at most the simulated
 * network fee and the value plus fee at most the maximum cost. Returns the fee paid.
 */
export function expectChainAgrees(mined: Mined, estimate: WindowEstimate): bigint {
  expect(mined.status).toBe('success');
  expect(mined.gasUsed).toBeLessThanOrEqual(mined.gas);
  if (estimate.gasLimit !== undefined) expect(mined.gas).toBe(estimate.gasLimit);
  const paid = mined.gasUsed * mined.effectiveGasPrice;
  if (estimate.fee !== undefined) expect(paid, `paid ${paid} wei, the window's network fee was ${estimate.fee}`).toBeLessThanOrEqual(estimate.fee);
  if (estimate.maxCost !== undefined) expect(mined.value + paid).toBeLessThanOrEqual(estimate.maxCost);
  return paid;
}

/** The popup's status. */
export const getStatus = (popup: Page) => sendMessage<Status>(popup, { type: 'vigil:getStatus' });

/**
 * The next approval window once it has rendered its request, `trigger` (what makes the request)
 * started after the waiter: `done` is the trigger's answer.
 */
export async function approvalWindow<T = any>(context: BrowserContext, trigger: () => Promise<T>): Promise<{ window: Page; done: Promise<T> }> {
  const opened = nextApprovalWindow(context);
  const done = trigger();
  done.catch(() => {});
  const window = await opened;
  await window.waitForLoadState('domcontentloaded');
  await window.waitForSelector('[data-testid="approval-approve"], [data-testid="approval-refusal"], [data-testid="approval-unlock-password"], [data-testid="approval-error"]', { timeout: 30_000 });
  return { window, done };
}

/**
 * Types a send into the popup's form (the home's Send panel), lets `inspect` read the approval
 * window, approves it, and returns the hash the popup reports with what the window estimated.
 */
export async function sendFromPopup(
  browser: ExtensionBrowser,
  popup: Page,
  send: { to: string; amount: string; asset: string; shot: string },
  inspect: (window: Page) => Promise<void> = async () => {},
): Promise<{ hash: Hex; estimate: WindowEstimate }> {
  await signingHeadFresh(popup);
  if ((await popup.$('[data-testid="send-to"]')) === null) await popup.click('[data-testid="home-send"]');
  await popup.fill('[data-testid="send-to"]', send.to);
  await popup.fill('[data-testid="send-value"]', send.amount);
  await popup.selectOption('[data-testid="send-asset"]', send.asset);
  const opened = nextApprovalWindow(browser.context);
  await popup.click('[data-testid="send-submit"]');
  const window = await opened;
  await window.waitForSelector('[data-testid="approval-approve"]', { timeout: 60_000 });
  const estimate = await readEstimate(window);
  await inspect(window);
  await screenshot(window, send.shot);
  await approveIn(window);
  const note = await waitFor('the popup to say it was sent', async () => {
    const el = await popup.$('[data-testid="send-note"]');
    const text = el ? await el.textContent() : null;
    if (text?.startsWith('Not sent')) throw new Error(text);
    return text?.startsWith('Sent') && text;
  }, 90_000, 250);
  const rows = await sendMessage<{ hash: Hex; status: string }[]>(popup, { type: 'vigil:wallet:activity' });
  const row = rows.find((r) => note.includes(r.hash.slice(0, 6)));
  expect(row, `the activity holds the transaction the popup reported (${note})`).toBeDefined();
  return { hash: row!.hash, estimate };
}

/** The activity turns the transaction "included" only on a receipt proven against a verified block. */
export const provenIncluded = (popup: Page, hash: string) =>
  waitFor(`a verified receipt for ${hash}`, async () => {
    const rows = await sendMessage<{ hash: string; status: string; blockNumber?: number; receipt?: { status: number } }[]>(popup, { type: 'vigil:wallet:activity' });
    const row = rows.find((r) => r.hash === hash);
    return (row?.status === 'included' || row?.status === 'final') && row;
  }, 120_000, 500);

/** The accounts panel, opened afresh (the balances and their delegation read again). */
export async function accountsPanel(popup: Page): Promise<void> {
  await popup.reload();
  await popup.click('[data-testid="tab-wallet"]');
  await popup.click('[data-testid="home-manage"]', { timeout: 60_000 });
}

/** Clicks an account card's button, lets `check` read Vigil's window, approves, and waits for the window to say it was sent. */
export async function throughTheWindow(browser: ExtensionBrowser, popup: Page, button: string, shot: string, check: (window: Page) => Promise<void>): Promise<WindowEstimate> {
  const refused = new AbortController();
  const opened = nextApprovalWindow(browser.context, undefined, refused.signal);
  opened.catch(() => {});
  await popup.click(`[data-testid="${button}"]`);
  // Refused before any window (the popup says why under the button): that error, not a wait for a window that never comes.
  const error = popup.waitForSelector('[data-testid="delegation-error"]', { timeout: 0 }).then(async (el) => {
    throw new Error(`refused before a window: ${await el.textContent()}`);
  });
  error.catch(() => {});
  const window = await Promise.race([opened, error]).catch((err: unknown) => {
    refused.abort(err);
    throw err;
  });
  await window.waitForSelector('[data-testid="approval-approve"]', { timeout: 90_000 });
  const estimate = await readEstimate(window);
  await check(window);
  await screenshot(window, shot);
  await approveIn(window);
  await window.waitForSelector('[data-testid="approval-outcome"][data-status="done"]', { timeout: 90_000 }).catch(() => {});
  return estimate;
}

/**
 * Sends a runtime message whose request opens an approval window, approves it, and returns the
 * answer with what the window estimated. A request refused before any window opens (a policy
 * refusal) fails at once, and its waiter stops (it would take the next request's window).
 */
export async function withApproval<T>(browser: ExtensionBrowser, popup: Page, message: unknown): Promise<{ answer: T; estimate: WindowEstimate }> {
  const refused = new AbortController();
  const opened = nextApprovalWindow(browser.context, undefined, refused.signal);
  const answer = sendMessage<T>(popup, message);
  opened.catch(() => {});
  const window = await Promise.race([opened, answer.then(() => opened)]).catch((err: unknown) => {
    refused.abort(err);
    throw err;
  });
  await window.waitForSelector('[data-testid="approval-approve"]', { timeout: 60_000 });
  const estimate = await readEstimate(window);
  await approveIn(window);
  return { answer: await answer, estimate };
}

/**
 * Until the wallet holds a head it signs against that is at most `maxAgeSeconds` old, as a person
 * waits for "catching up" to clear before they send: on a loaded 2-core machine the devnet and the
 * light client can fall a minute behind, and Vigil then refuses to sign (STALE_HEAD), as it must.
 * The timeout names where the light client was.
 */
export async function signingHeadFresh(popup: Page, maxAgeSeconds = 30, timeoutMs = 180_000): Promise<void> {
  let last: Status | undefined;
  await waitFor(
    'a fresh signing head',
    async () => {
      last = await getStatus(popup);
      const head = last.signing;
      return head !== null && head !== undefined && last.now / 1000 - head.timestamp <= maxAgeSeconds;
    },
    timeoutMs,
    500,
  ).catch((err: unknown) => {
    const h = last?.signing;
    const p = last?.period;
    // One line: the CI summary keeps a failure's first line only.
    const errors = (last?.errors ?? []).slice(0, 3).map((e) => `${e.source} ${e.code}: ${e.message.slice(0, 160)}`).join(' | ');
    throw new Error(
      `${String(err).split('\n', 1)[0]}; the light client: ${last?.state}, signing head ${h ? `${h.blockNumber} (${Math.round((last!.now / 1000 - h.timestamp))} s old)` : 'none'}, current slot ${last?.currentSlot}, periods ${p ? `${p.current} of ${p.head} (${p.updatesVerified} updates verified)` : 'none'}, stale ${JSON.stringify(last?.stale)}; last errors: ${errors || 'none'}`,
    );
  });
}

/** The popup's view of a followed rollup. */
export const rollupView = async (popup: Page, l2ChainId: number): Promise<RollupView | undefined> => (await getStatus(popup)).rollups.find((r) => r.chainId === l2ChainId);

/**
 * A deposit once the rollup is followed and live. On a loaded machine the devnet's prover can miss
 * the time a batch may take; the wallet then rightly refuses a deposit into the stalled rollup
 * (ROLLUP_STALLED), and, as a user would, the deposit is asked again once the rollup is live.
 */
export async function depositWhenLive(browser: ExtensionBrowser, popup: Page, l2ChainId: number, from: string, value: bigint): Promise<WindowEstimate> {
  for (let attempt = 1; ; attempt++) {
    await waitFor('the rollup followed and live', async () => {
      const r = await rollupView(popup, l2ChainId);
      return r?.state === 'following' && r.liveness !== null && r.liveness !== 'stalled' && r.liveness !== 'frozen';
    }, 120_000, 1000);
    await signingHeadFresh(popup);
    try {
      return (await withApproval(browser, popup, { type: 'vigil:wallet:l2Deposit', from, rollupChainId: l2ChainId, value: '0x' + value.toString(16) })).estimate;
    } catch (err) {
      if (attempt >= 5 || !String(err).includes('ROLLUP_STALLED')) throw err;
    }
  }
}

/** The account's L2 row once its balance is proven and `predicate` holds. */
export async function provenL2(popup: Page, l2ChainId: number, address: string, predicate: (row: L2AccountView) => boolean = () => true): Promise<L2AccountView> {
  return waitFor(`the L2 account of ${address}`, async () => {
    const row = (await sendMessage<L2AccountView[]>(popup, { type: 'vigil:wallet:l2Accounts' })).find((r) => r.address === address && r.rollupChainId === l2ChainId);
    return row && row.balance !== null && row.proof === 'verified' && predicate(row) && row;
  }, 180_000, 1000);
}

/** The wallet's exits. */
export const exits = (popup: Page) => sendMessage<ExitView[]>(popup, { type: 'vigil:exit:list' });

/** The first exit at `step`. */
export async function exitStep(popup: Page, step: string, timeoutMs = 120_000): Promise<ExitView> {
  return waitFor(`the exit at ${step}`, async () => (await exits(popup)).find((e) => e.step === step), timeoutMs, 1000);
}

/**
 * "Exit to L1" on the account's L2 row, confirmed in place (its data acknowledged when the popup
 * asks): the data status the confirmation showed. `read` reads the confirmation before the start.
 */
export async function startExitFromPopup(popup: Page, l2ChainId: number, address: string, shot = 'exit-confirm.png', read?: (confirm: ElementHandle) => Promise<void>): Promise<string | null> {
  await signingHeadFresh(popup);
  await popup.reload();
  await popup.click('[data-testid="tab-rollups"]');
  const row = await popup.waitForSelector(`[data-testid="l2-row"][data-address="${address}"][data-rollup-chain="${l2ChainId}"]`, { timeout: 60_000 });
  await (await row.waitForSelector('[data-testid="l2-exit"]', { timeout: 60_000 })).click();
  const confirm = await popup.waitForSelector('[data-testid="l2-exit-confirm"]', { timeout: 10_000 });
  if (read) await read(confirm);
  await screenshot(popup, shot);
  // Where the rollup's data is, said before the start; the user ticks that they understand when Ethereum alone may not rebuild the escape proof.
  const data = await confirm.$('[data-testid="l2-exit-data"]');
  const dataStatus = data ? await data.getAttribute('data-status') : null;
  // The verdict may change meanwhile (the box comes and goes with it): ticked while shown, until Start is enabled.
  const ack = popup.locator('[data-testid="l2-exit-confirm"] [data-testid="l2-exit-data-ack"]');
  const start = popup.locator('[data-testid="l2-exit-confirm"] [data-testid="l2-exit-start"]');
  await waitFor('Start enabled (the data acknowledged where asked)', async () => {
    if ((await ack.count()) > 0 && !(await ack.isChecked({ timeout: 2_000 }).catch(() => true))) await ack.check({ timeout: 5_000 }).catch(() => {});
    return (await start.count()) > 0 && start.isEnabled({ timeout: 2_000 }).catch(() => false);
  }, 60_000, 500);
  await start.click();
  return dataStatus;
}
