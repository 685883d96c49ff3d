/**
 * What a failed browser test leaves behind, so that a window that hangs is named, not guessed at:
 * for each browser the file launched, what a person would see (each approval window's words and a
 * screenshot) and what the browser knows (its CDP targets, the extension's windows and the
 * approval windows it remembers, the state of each request in the service worker, the console and
 * errors of every extension page and of the service worker). Every browser call here is bounded:
 * one that never answers is itself the finding, said as such.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Page, Worker } from 'playwright-core';

/** The browsers this file launched and has not closed. */
const launched = new Set<BrowserContext>();
/** Each browser's console and errors, newest last, the extension's pages' and service worker's. */
const consoles = new WeakMap<BrowserContext, string[]>();
/** Console lines kept per browser. */
const CONSOLE_LINES = 300;
/** The bound on each call a failure's report makes of the browser (ms). */
const CALL_MS = 10_000;

/** Starts keeping what `context`'s extension pages and service worker print, and lists it for a failure's report. */
export function watchBrowser(context: BrowserContext): void {
  launched.add(context);
  context.on('close', () => launched.delete(context));
  const lines: string[] = [];
  consoles.set(context, lines);
  const started = Date.now();
  const keep = (where: string, what: string) => {
    lines.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${where}: ${what.slice(0, 500)}`);
    if (lines.length > CONSOLE_LINES) lines.splice(0, lines.length - CONSOLE_LINES);
  };
  const name = (url: string) => url.replace(/^chrome-extension:\/\/[a-z]+\//, '').replace(/\?id=([0-9a-f]{8})[0-9a-f]*/, '?id=$1…');
  // Every page is watched (an approval window is a blank page until it navigates); only the extension's are kept.
  const ours = (page: Page) => page.url().startsWith('chrome-extension://');
  const watchPage = (page: Page) => {
    page.on('console', (m: ConsoleMessage) => ours(page) && keep(name(page.url()), `${m.type()} ${m.text()}`));
    page.on('pageerror', (e) => ours(page) && keep(name(page.url()), `uncaught ${e.message}`));
    page.on('crash', () => keep(name(page.url()), 'crashed'));
    page.on('load', () => page.url().includes('/approval.html') && keep(name(page.url()), 'loaded'));
    page.on('close', () => page.url().includes('/approval.html') && keep(name(page.url()), 'closed'));
  };
  const watchWorker = (worker: Worker) => {
    if (!worker.url().startsWith('chrome-extension://')) return;
    worker.on('console', (m: ConsoleMessage) => keep(name(worker.url()), `${m.type()} ${m.text()}`));
    worker.on('close', () => keep(name(worker.url()), 'stopped'));
  };
  for (const page of context.pages()) watchPage(page);
  for (const worker of context.serviceWorkers()) watchWorker(worker);
  context.on('page', watchPage);
  context.on('serviceworker', watchWorker);
  context.on('weberror', (e) => keep('page', `uncaught ${e.error().message}`));
}

/** `promise`, or undefined after `ms`: a window that is closing may never answer an evaluate, and one scan must not hang a wait. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<undefined>((resolve) => void (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer));
}

export interface ApprovalWindowState {
  id: string | null;
  status: string | null;
  ready: boolean;
  /** More of the site's requests wait behind this one ("1 of 2"). */
  waiting: boolean;
  error: string;
  /** Approve as it stands: enabled, armed, and why not (its title). */
  approve: string;
  /** Whether the page has the focus and is shown (what arms Approve). */
  focus: string;
}

export async function approvalWindowState(page: Page, ready: string): Promise<ApprovalWindowState | undefined> {
  return within(page
    .evaluate((sel) => {
      const app = document.querySelector('[data-approval-id]');
      const at = /^(\d+) of (\d+)$/.exec(document.querySelector('[data-testid="approval-position"]')?.textContent ?? '');
      const error = document.querySelector('[data-testid="approval-error"]');
      const approve = document.querySelector<HTMLButtonElement>('[data-testid="approval-approve"]');
      return {
        id: app?.getAttribute('data-approval-id') ?? null,
        status: app?.getAttribute('data-status') ?? null,
        ready: document.querySelector(sel) !== null,
        waiting: at !== null && Number(at[2]) > Number(at[1]),
        error: error ? `${error.getAttribute('data-code')}: ${error.textContent}` : '',
        approve: approve === null ? 'none' : `${approve.disabled ? 'disabled' : 'enabled'}, armed ${approve.getAttribute('data-armed')}, "${approve.textContent}"${approve.title ? ` (${approve.title})` : ''}`,
        focus: `${document.hasFocus() ? 'focused' : 'not focused'}, ${document.visibilityState}`,
      };
    }, ready)
    .catch(() => undefined), CALL_MS);
}

/** What each open approval window shows, for a failure's message: a stuck window names its cause. */
export async function describeApprovalWindows(context: BrowserContext): Promise<string> {
  const lines: string[] = [];
  for (const page of context.pages()) {
    if (page.isClosed() || !page.url().includes('/approval.html')) continue;
    const text = (await within(page.evaluate(() => document.querySelector('main')?.textContent ?? document.body.textContent ?? '').catch((e: unknown) => `(unreadable: ${String(e)})`), CALL_MS)) ?? `(no answer in ${CALL_MS / 1000} s)`;
    const s = await approvalWindowState(page, '[data-testid="approval-approve"]');
    const state = s === undefined ? 'its state unreadable' : `${s.id ?? 'no id'} ${s.status ?? ''}${s.waiting ? ', more waiting' : ''}; Approve ${s.approve}; ${s.focus}`;
    lines.push(`[${page.url().replace(/^.*\/approval\.html/, 'approval.html')}: ${state}] ${text.replace(/\s+/g, ' ').slice(0, 600)}`);
  }
  return lines.length > 0 ? lines.join(' | ') : 'none open';
}

/** A runtime message from an extension page, as the popup sends it; the reply or why there was none. */
async function ask(page: Page, message: unknown): Promise<string> {
  const reply = await within(page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message).then((v) => JSON.stringify(v), (e: unknown) => `(failed: ${String(e)})`), CALL_MS);
  return reply ?? `(no answer in ${CALL_MS / 1000} s)`;
}

/**
 * For a failed test's log, each open browser of this file: what each approval window shows (and a
 * screenshot of it in test-results/, named here), the extension's status (asked from an open popup
 * page), its windows and tabs (chrome.windows.getAll in the service worker), the approval windows it
 * remembers (storage.session), each remembered request's state in the service worker, the browser's
 * CDP targets, and the last console lines and errors of the extension's pages and service worker.
 */
export async function extensionStates(resultsDir: string, label: string): Promise<string[]> {
  const out: string[] = [];
  let n = 0;
  for (const context of launched) {
    n++;
    const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    const inWorker = async (what: string, fn: () => Promise<unknown>): Promise<string> => {
      if (worker === undefined) return `${what}: no service worker running`;
      const got = await within(worker.evaluate(fn).then((v) => JSON.stringify(v), (e: unknown) => `(failed: ${String(e)})`), CALL_MS);
      return `${what}: ${(got ?? `(no answer in ${CALL_MS / 1000} s)`).slice(0, 2000)}`;
    };
    const windows = await inWorker('windows', async () => ((await (globalThis as any).chrome.windows.getAll({ populate: true })) as { id: number; type: string; state: string; focused: boolean; tabs?: { url?: string; status?: string }[] }[]).map((w) => ({ id: w.id, type: w.type, state: w.state, focused: w.focused, tabs: (w.tabs ?? []).map((t) => `${t.status} ${(t.url ?? '').replace(/^chrome-extension:\/\/[a-z]+/, 'ext:')}`) })));
    const rememberedRaw = worker === undefined ? undefined : await within(worker.evaluate(async () => (await (globalThis as any).chrome.storage.session.get('vigil.approvalWindows'))['vigil.approvalWindows'] ?? null).catch(() => undefined), CALL_MS);
    const remembered = `remembered approval windows: ${rememberedRaw === undefined ? '(unreadable)' : JSON.stringify(rememberedRaw)}`;
    const popup = context.pages().find((p) => !p.isClosed() && p.url().endsWith('/popup.html'));
    const status = popup === undefined ? 'no popup page open' : (await ask(popup, { type: 'vigil:getStatus' })).slice(0, 3000);
    // Each request an approval window shows or showed, as the service worker has it.
    const ids = new Set<string>();
    for (const r of Object.values((rememberedRaw ?? {}) as Record<string, { seen?: string[] }>)) for (const id of r.seen ?? []) ids.add(id);
    for (const page of context.pages()) {
      if (page.isClosed() || !page.url().includes('/approval.html')) continue;
      const fromUrl = new URL(page.url()).searchParams.get('id');
      if (fromUrl) ids.add(fromUrl);
      const shown = (await approvalWindowState(page, '[data-testid="approval-approve"]'))?.id;
      if (shown) ids.add(shown);
    }
    const requests: string[] = [];
    for (const id of ids) {
      if (popup === undefined) break;
      const reply = await ask(popup, { type: 'vigil:approval:get', id });
      const m = /"status":"(\w+)"/.exec(reply);
      requests.push(`${id.slice(0, 8)}… ${m ? m[1] : reply.slice(0, 200)}`);
    }
    // What a person would see.
    const shots: string[] = [];
    for (const page of context.pages()) {
      if (page.isClosed() || !page.url().includes('/approval.html')) continue;
      mkdirSync(resultsDir, { recursive: true });
      const path = join(resultsDir, `failure-${label}-${n}-${shots.length + 1}.png`);
      shots.push((await within(page.screenshot({ path }).then(() => path, (e: unknown) => `(no screenshot: ${String(e)})`), CALL_MS)) ?? '(no screenshot in 10 s)');
    }
    const targets = await cdpTargets(context);
    const lines = consoles.get(context) ?? [];
    out.push(
      [
        `approval windows show: ${await describeApprovalWindows(context)}`,
        `screenshots: ${shots.length > 0 ? shots.join(', ') : 'none (no approval window open)'}`,
        `requests in the service worker: ${requests.length > 0 ? requests.join('; ') : 'none remembered'}`,
        windows,
        remembered,
        `CDP targets: ${targets}`,
        `status: ${status}`,
        `console and errors (last ${Math.min(lines.length, 40)} of ${lines.length}):${lines.length > 0 ? `\n  ${lines.slice(-40).join('\n  ')}` : ' none'}`,
      ].join('\n'),
    );
  }
  return out;
}

/** The browser's targets as CDP lists them (type, URL, attached), asked from a page of its own. */
async function cdpTargets(context: BrowserContext): Promise<string> {
  const asked = (async () => {
    const page = context.pages().find((p) => !p.isClosed());
    if (page === undefined) return 'no page open to ask from';
    const cdp = await context.newCDPSession(page);
    try {
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string; attached: boolean }[] };
      return targetInfos.map((t) => `${t.type} ${t.url.replace(/^chrome-extension:\/\/[a-z]+/, 'ext:')}${t.attached ? '' : ' (detached)'}`).join('; ');
    } finally {
      await cdp.detach().catch(() => {});
    }
  })().catch((e: unknown) => `(failed: ${String(e)})`);
  return (await within(asked, CALL_MS)) ?? `(no answer in ${CALL_MS / 1000} s)`;
}
