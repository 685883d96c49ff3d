/**
 * Every screen of Vigil, walked in real Chromium on the devnet (with its rollup): onboarding, each
 * popup tab the tablist has, every kind of approval window (connect, transaction, L2 deposit, batch,
 * typed data, sign-in) and the exits card (its route and start form, then a running exit). Each
 * screen is handed to a `visit` callback with its page at 360×600: a11y.test.ts checks it with
 * axe-core, for console errors and for sideways scroll; scripts/screenshots.mjs shoots it, light
 * and dark. One devnet and one browser for the whole walk: the phases run in this file's order and
 * each leaves the wallet as the next one expects it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { L2AccountView, RollupView, Status } from '../../src/extension/messages.ts';
import { approveIn, type Devnet, type ExtensionBrowser, launchExtension, nextApprovalWindow, type PageServer, REPO, sendMessage, servePages, sleep, startDevnet, VAULT_SEALED_MS, waitFor } from './harness.ts';

export const MNEMONIC = 'test test test test test test test test test test test junk';
export const PASSWORD = 'correct horse battery';
export const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
/** The size every screen is checked and shot at: Chromium's popup. */
export const VIEWPORT = { width: 360, height: 600 };
export const SCHEMES = ['light', 'dark'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** A screen as it is shown: `name` is also its screenshot's file name (docs/screenshots/<name>-<scheme>.png). */
export type Visit = (name: string, page: Page) => Promise<void>;

/** A page that asks its provider through `ask`, as a dApp does. */
const SITE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>site</title></head><body><h1>A site</h1><script>
window.ask = (method, params) => window.ethereum.request({ method, params }).then((result) => ({ result }), (e) => ({ error: { code: e.code, message: e.message, data: e.data } }));
</script></body></html>`;

export interface Session {
  devnet: Devnet;
  browser: ExtensionBrowser;
  pages: PageServer;
  popup: Page;
  site?: Page;
  status(): Promise<Status>;
  close(): Promise<void>;
}

/** The devnet (with its rollup and contracts: the delegate), Chromium with the development build, the popup at 360×600 on the devnet, a page server. */
export async function openSession(): Promise<Session> {
  const [devnet, browser, pages] = await Promise.all([
    startDevnet({ slotSeconds: 1, faults: false, rollup: true, contracts: true, timeoutMs: 240_000 }),
    launchExtension(),
    servePages({ '/site.html': SITE }),
  ]);
  const popup = await browser.openPopup();
  const status = () => sendMessage<Status>(popup, { type: 'vigil:getStatus' });
  await sendMessage(popup, { type: 'vigil:setNetwork', network: devnet.ready });
  return {
    devnet,
    browser,
    pages,
    popup,
    status,
    async close() {
      await browser.close();
      await pages.close();
      await devnet.stop();
    },
  };
}

/** Each screen of onboarding (choose, the new phrase, import); ends with the devnet's mnemonic imported through the form. */
export async function onboardingScreens(s: Session, visit: Visit): Promise<void> {
  const { popup } = s;
  await popup.reload();
  await popup.getByTestId('onboard-create').waitFor({ timeout: 30_000 });
  await visit('onboarding', popup);
  await popup.getByTestId('onboard-create').click();
  await popup.getByTestId('onboard-words').waitFor({ timeout: 10_000 });
  await visit('onboarding-phrase', popup);
  // The onboarding starts again on a reload: nothing was stored.
  await popup.reload();
  await popup.getByTestId('onboard-import').click();
  await popup.getByTestId('onboard-secret').waitFor();
  await popup.fill('[data-testid="onboard-secret"]', MNEMONIC);
  await popup.fill('[data-testid="onboard-password"]', PASSWORD);
  await popup.fill('[data-testid="onboard-password2"]', PASSWORD);
  await visit('onboarding-import', popup);
  await popup.getByTestId('onboard-submit').click();
  await waitFor('the wallet imported', async () => (await sendMessage(popup, { type: 'vigil:wallet:getState' })).exists, VAULT_SEALED_MS);
  // A second account: the screens that pick an account show their picker.
  await sendMessage(popup, { type: 'vigil:wallet:addAccount', password: PASSWORD });
}

/**
 * The approval window of each kind a page can ask for, at 360×600: connect, typed data (EIP-712)
 * and a sign-in (EIP-4361), approved; a transaction and a batch (wallet_sendCalls, EIP-5792),
 * rejected once shown. Needs the wallet onboarded.
 */
/** How long a site waits for its answer once the window's button is clicked (a signature, a refusal: no chain wait). */
const ANSWER_MS = 90_000;

export async function approvalScreens(s: Session, visit: Visit): Promise<void> {
  const site = await s.browser.context.newPage();
  s.site = site;
  await site.goto(s.pages.url + '/site.html');
  await waitFor('the provider on the site', async () => site.evaluate(() => typeof (window as any).ethereum === 'object'), 20_000);
  const ask = (method: string, params: unknown[] = []): Promise<any> => site.evaluate(([m, p]) => (window as any).ask(m, p), [method, params] as const);
  const chainId = '0x' + s.devnet.ready.chainId.toString(16);
  const host = new URL(s.pages.url).host;

  const show = async (name: string, request: () => Promise<any>, answer: 'approve' | 'reject'): Promise<any> => {
    // One waiter for the window whatever the retries: a second would miss the window the first took.
    const opened = nextApprovalWindow(s.browser.context);
    opened.catch(() => {});
    let done: Promise<any>;
    for (;;) {
      done = request();
      const early = await Promise.race([opened.then(() => null), done]);
      if (early === null) break;
      // After a rejection the site waits a few seconds before it may ask again (REJECTED_RECENTLY, with the time): as a user's page would.
      if (early.error?.data?.code !== 'REJECTED_RECENTLY') throw new Error(`${name}: answered before any window: ${JSON.stringify(early)}`);
      await sleep(Math.max(0, early.error.data.retryAt - Date.now()) + 100);
    }
    const win = await opened;
    await win.setViewportSize(VIEWPORT);
    // Armed (enabled a moment after the window has the focus): the screen as the user answers it, its button's contrast checked.
    await win.waitForSelector('[data-testid="approval-approve"][data-armed="true"]:not([disabled])', { timeout: 60_000 });
    await settle(win);
    await visit(name, win);
    await win.click(`[data-testid="approval-${answer}"]`);
    // Bounded and named: a site left without its answer says which screen, not the test's timeout.
    const reply = await Promise.race([done, sleep(ANSWER_MS).then(() => Promise.reject(new Error(`${name}: the site had no answer ${ANSWER_MS / 1000} s after ${answer} was clicked (the window ${win.isClosed() ? 'closed' : `still open at ${win.url()}`})`)))]);
    if (answer === 'approve' && reply.error) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
    if (answer === 'reject' && reply.error?.code !== 4001) throw new Error(`${name}: expected the rejection, got ${JSON.stringify(reply)}`);
    return reply;
  };

  // The signatures are given (nothing leaves the wallet but a signature), the transactions refused;
  // after a refusal the site must wait a few seconds before it asks again, so the refusals come last.
  await show('approval-connect', () => ask('eth_requestAccounts'), 'approve');
  await show('approval-typed-data', () => ask('eth_signTypedData_v4', [ACCOUNT0, JSON.stringify(typedData(s.devnet.ready.chainId))]), 'approve');
  // A permit of the devnet's VUSD, in its descriptor's words above the message (issue 57).
  await show('approval-permit-words', () => ask('eth_signTypedData_v4', [ACCOUNT0, JSON.stringify(permitData(s.devnet.ready.chainId, s.devnet.ready.contracts!.permitToken))]), 'approve');
  const siwe = `${host} wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\nSign in to the example site\n\nURI: ${s.pages.url}/login\nVersion: 1\nChain ID: ${s.devnet.ready.chainId}\nNonce: a11ynonce1\nIssued At: 2026-01-01T00:00:00Z`;
  await show('approval-sign-in', () => ask('personal_sign', [siwe, ACCOUNT0]), 'approve');
  await show('approval-transaction', () => ask('eth_sendTransaction', [{ from: ACCOUNT0, to: '0x000000000000000000000000000000000000bEEF', value: '0x' + (25n * 10n ** 16n).toString(16) }]), 'reject');
  // A VUSD transfer in its descriptor's words, the raw call one click away (issue 57).
  const vusdTransfer = '0xa9059cbb' + 'beef'.padStart(64, '0') + (25_000_000).toString(16).padStart(64, '0');
  await show('approval-transaction-words', () => ask('eth_sendTransaction', [{ from: ACCOUNT0, to: s.devnet.ready.contracts!.permitToken, data: vusdTransfer }]), 'reject');
  const calls = ['0x000000000000000000000000000000000000cafe', '0x000000000000000000000000000000000000f00d'].map((to) => ({ to, value: '0x38d7ea4c68000' }));
  await show('approval-batch', () => ask('wallet_sendCalls', [{ version: '2.0.0', chainId, from: ACCOUNT0, atomicRequired: false, calls }]), 'reject');
}

/** EIP-712's own example (Mail), on the devnet's chain. */
function typedData(chainId: number) {
  return {
    types: {
      EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
      Person: [{ name: 'name', type: 'string' }, { name: 'wallet', type: 'address' }],
      Mail: [{ name: 'from', type: 'Person' }, { name: 'to', type: 'Person' }, { name: 'contents', type: 'string' }],
    },
    primaryType: 'Mail',
    domain: { name: 'Ether Mail', version: '1', chainId, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
    message: { from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' }, to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }, contents: 'Hello, Bob!' },
  };
}

/** An ERC-2612 permit of 25 of `token` (VUSD: 6 decimals) to 0x…bEEF, until 2033-05-18. */
function permitData(chainId: number, token: string) {
  return {
    types: {
      EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
      Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
    },
    primaryType: 'Permit',
    domain: { name: 'Vigil Dollar', version: '1', chainId, verifyingContract: token },
    message: { owner: ACCOUNT0, spender: '0x000000000000000000000000000000000000bEEF', value: '25000000', nonce: '0', deadline: '2000000000' },
  };
}

/**
 * The approval window a person opens from the popup, not a page: making the first account a smart
 * account (EIP-7702, Manage → "Make this a smart account"), rejected once shown.
 */
export async function delegationScreens(s: Session, visit: Visit): Promise<void> {
  const { popup } = s;
  await waitFor('a verified head', async () => (await s.status()).optimistic, 90_000);
  await popup.reload();
  await popup.getByTestId('tab-wallet').click();
  await popup.getByTestId('home-manage').click({ timeout: 60_000 });
  const delegate = popup.getByTestId('account-delegate').first();
  await delegate.waitFor({ timeout: 90_000 });
  const opened = nextApprovalWindow(s.browser.context);
  await delegate.click();
  const win = await opened;
  await win.setViewportSize(VIEWPORT);
  await win.waitForSelector('[data-testid="approval-approve"][data-armed="true"]:not([disabled])', { timeout: 90_000 });
  await win.getByTestId('delegation-after').waitFor({ timeout: 30_000 });
  await settle(win);
  await visit('approval-delegation', win);
  await win.click('[data-testid="approval-reject"]');
}

/** The tabs the popup's tablist has, by their names: each tab's screen is `tab-<name>`. */
export async function tabNames(popup: Page): Promise<string[]> {
  await popup.getByRole('tab').first().waitFor({ timeout: 30_000 });
  return (await popup.getByRole('tab').allTextContents()).map((t) => t.trim());
}

/** Each tab of the popup, the wallet onboarded and the light client synced. Returns the tabs visited. */
export async function tabScreens(s: Session, visit: Visit): Promise<string[]> {
  const { popup } = s;
  await waitFor('a verified head', async () => (await s.status()).optimistic, 90_000);
  await popup.reload();
  const names = await tabNames(popup);
  for (const name of names) {
    await popup.getByRole('tab', { name, exact: true }).click();
    await settle(popup);
    await visit(`tab-${slug(name)}`, popup);
  }
  return names;
}

/** A second recovery phrase (BIP-39's all-"abandon" test phrase): its accounts are "Wallet 2 · Account N". */
const SECOND_PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

/**
 * The screens where long text must fit (test/e2e/text-fit.ts): the home with a second phrase's
 * account chosen ("Wallet 2 · Account 1 · 0x…" in the picker) and a network's preview before it is
 * added (its URLs with their ports). Leaves ACCOUNT0 chosen and no network added.
 */
export async function fitScreens(s: Session, visit: Visit): Promise<void> {
  const { popup } = s;
  await sendMessage(popup, { type: 'vigil:wallet:importSecret', secret: SECOND_PHRASE, password: PASSWORD });
  await popup.reload();
  await popup.getByRole('tab', { name: 'Wallet', exact: true }).click();
  const picker = popup.getByTestId('home-account-select');
  await picker.waitFor({ timeout: 30_000 });
  const second = await picker.evaluate((el: HTMLSelectElement) => [...el.options].find((o) => o.text.startsWith('Wallet 2'))?.value);
  if (second === undefined) throw new Error('no account of a second phrase in the picker');
  await picker.selectOption(second);
  await settle(popup);
  await visit('home-second-wallet', popup);
  await picker.selectOption({ index: 0 });

  await popup.getByRole('tab', { name: 'Settings', exact: true }).click();
  await popup.click('[data-testid="add-network-open"]');
  // Two beacon APIs (the devnet's by two names), as a careful user gives them: the longest line of URLs the preview shows.
  const beacon = s.devnet.ready.beaconApi;
  await popup.fill('[data-testid="add-network-beacon"]', `${beacon} ${beacon.replace('127.0.0.1', 'localhost')}`);
  await popup.fill('[data-testid="add-network-rpc"]', s.devnet.ready.executionRpc);
  await popup.click('[data-testid="add-network-read"]');
  await popup.waitForSelector('[data-testid="add-network-preview"]', { timeout: 30_000 });
  await settle(popup);
  await visit('add-network-preview', popup);
  await popup.click('[data-testid="add-network-cancel"]');
}

/**
 * The exits card wherever the popup puts it: the devnet rollup's exit route and start form (the
 * route shown, the account picker, the proven L2 balance), then a running exit (its steps and
 * status) once a deposit is proven on L2 and "Start forced exit" is pressed. The deposit's own
 * approval window is a screen too.
 */
export async function exitScreens(s: Session, visit: Visit): Promise<void> {
  const { popup } = s;
  const l2ChainId = s.devnet.ready.rollup!.chainId;
  const rollup = async () => (await s.status()).rollups.find((r: RollupView) => r.chainId === l2ChainId);
  // The deposit: an L1 transaction into the live rollup (a slow prover can leave it stalled for a while: wait, and ask again).
  for (let attempt = 1; ; attempt++) {
    await waitFor('the rollup followed and live', async () => {
      const r = await rollup();
      return r?.state === 'following' && r.liveness !== null && r.liveness !== 'stalled' && r.liveness !== 'frozen';
    }, 180_000, 500);
    const refused = new AbortController();
    const opened = nextApprovalWindow(s.browser.context, undefined, refused.signal);
    const answer = sendMessage(popup, { type: 'vigil:wallet:l2Deposit', from: ACCOUNT0, rollupChainId: l2ChainId, value: '0x' + (10n ** 17n).toString(16) });
    opened.catch(() => {});
    try {
      const win = await Promise.race([opened, answer.then(() => opened)]);
      await win.setViewportSize(VIEWPORT);
      // Armed (enabled a moment after the window has the focus): the screen as the user answers it, its button's contrast checked.
      await win.waitForSelector('[data-testid="approval-approve"][data-armed="true"]:not([disabled])', { timeout: 60_000 });
      await settle(win);
      await visit('approval-deposit', win);
      await approveIn(win);
      await answer;
      break;
    } catch (err) {
      // Refused before its window (ROLLUP_STALLED): its waiter would take the next attempt's window.
      refused.abort(err);
      if (attempt >= 3 || !String(err).includes('ROLLUP_STALLED')) throw err;
    }
  }
  await waitFor('the deposit proven on L2', async () => {
    const rows = await sendMessage<L2AccountView[]>(popup, { type: 'vigil:wallet:l2Accounts' });
    return rows.find((r) => r.address === ACCOUNT0 && r.rollupChainId === l2ChainId && r.balance !== null && BigInt(r.balance) > 0n && r.proof === 'verified');
  }, 240_000, 1000);

  await popup.reload();
  const card = await findOnTabs(popup, '[data-testid="exits-card"]');
  const rollupExits = card.locator(`[data-testid="exit-rollup"][data-chain-id="${l2ChainId}"]`);
  const showRoute = rollupExits.getByTestId('exit-route-show');
  // The route, open: shown by its button, or by the card itself while the rollup is delayed or
  // stalled (on a loaded machine its liveness comes and goes, and the button with it).
  await waitFor('the exit route shown', async () => {
    if ((await rollupExits.getByTestId('exit-route').count()) > 0) return true;
    if ((await showRoute.count()) > 0) await showRoute.click({ timeout: 5_000 }).catch(() => {});
    return (await rollupExits.getByTestId('exit-route').count()) > 0;
  }, 120_000, 500);
  await waitFor('the proven L2 balance in the exit form', async () => !(await rollupExits.getByTestId('exit-balance').textContent())?.includes('proving'), 60_000);
  await settle(popup);
  await rollupExits.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await visit('exit-start', popup);
  // Where the rollup's data is: ticked when Ethereum alone may not rebuild the escape proof (sampling's verdict depends on timing here).
  // The verdict may change under the test (the box comes and goes with it): tick it while it is
  // shown, until Start is enabled.
  const ack = rollupExits.getByTestId('exit-data-ack');
  const submit = rollupExits.getByTestId('exit-submit');
  await waitFor('Start enabled (the data acknowledged where asked)', async () => {
    if ((await ack.count()) > 0 && !(await ack.isChecked({ timeout: 2_000 }).catch(() => true))) await ack.check({ timeout: 5_000 }).catch(() => {});
    return submit.isEnabled({ timeout: 2_000 }).catch(() => false);
  }, 120_000, 500);
  await submit.click();
  // The row as it stays for most of an exit: its request included, waiting on the rollup or the deadline.
  // The request simulated, signed, mined in a slot and its receipt proven before the row says so.
  await rollupExits.locator('[data-testid="exit-row"][data-step="waiting"]').first().waitFor({ timeout: 240_000 });
  await settle(popup);
  await card.getByTestId('exit-row').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await visit('exit-card', popup);
}

/** The first tab (in the tablist's order) that shows `selector`, selected, and the element. */
async function findOnTabs(popup: Page, selector: string) {
  for (const name of await tabNames(popup)) {
    await popup.getByRole('tab', { name, exact: true }).click();
    await settle(popup);
    const found = popup.locator(selector);
    if (await found.count()) return found.first();
  }
  throw new Error(`no tab shows ${selector}`);
}

/** A rendered screen: no "Loading…" left and a moment for the next poll's render. */
async function settle(page: Page): Promise<void> {
  await waitFor(`${page.url()} loaded`, async () => !(await page.evaluate(() => document.body.innerText.includes('Loading…'))), 30_000, 100);
  await sleep(300);
}

export const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const AXE_SOURCE = readFileSync(join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe-core's WCAG 2.0 A/AA and 2.1 AA rules on the page as it is now. The source goes in through
 * evaluate (CDP), not a script tag: an extension page's CSP allows no inline script.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/**
 * What makes the page scroll sideways at its size: the document itself, or any element that
 * scrolls (overflow-x auto or scroll) with content wider than its box. Each as "selector: scroll
 * width > client width".
 */
export async function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.scrollingElement!;
    if (doc.scrollWidth > doc.clientWidth) out.push(`document: ${doc.scrollWidth} > ${doc.clientWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el instanceof HTMLTextAreaElement) continue;
      const overflow = getComputedStyle(el).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
        const wide = [...el.querySelectorAll<HTMLElement>('*')].filter((c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right + 1).slice(0, 3);
        out.push(`${name}: ${el.scrollWidth} > ${el.clientWidth}${wide.length ? ` (past its edge: ${wide.map((c) => c.tagName.toLowerCase() + (c.getAttribute('data-testid') ? `[data-testid=${c.getAttribute('data-testid')}]` : c.className ? `.${String(c.className).trim().split(/\s+/).join('.')}` : '')).join(', ')})` : ''}`);
      }
    }
    return out;
  });
}
