/**
 * One approval window per origin. Every approval a site makes is shown in that site's window: when
 * one is open it is brought forward (it finds the new request in its queue: the client's
 * `Approvals.queue`), otherwise one is opened for it; a page firing fifty requests opens one window.
 * The windows are remembered in `storage.session` (origin → window id and the requests it has
 * shown), so a service worker stopped and woken again still knows them; a remembered window the
 * browser no longer has is forgotten and a new one opened.
 *
 * Closing a window is the user's answer: the requests it showed as waiting are rejected (4001).
 * Only those: a request that arrived after the window last looked is not rejected unseen, it gets
 * a window of its own.
 *
 * No page keeps the user in windows: at most {@link MAX_WINDOWS} are open at once across sites (a
 * request that would need one more fails at once with REQUEST_PENDING), and an open window is
 * brought forward again at most every {@link FOCUS_INTERVAL_MS} (a loop of requests cannot keep
 * taking the focus from what the user is doing).
 *
 * Every site's windows go through one lane, so no browser call in it may wait forever: each is
 * bounded ({@link BROWSER_CALL_MS}). A window whose lookup does not answer is taken as gone, a
 * focus that does not answer is let go, and a window that does not open fails its request (it
 * says so at once rather than wait unseen); the lane moves on to the next site's request either way.
 * @module
 */
import { WALLET_ORIGIN } from '../client/wallet/permissions.ts';
import { Lanes } from '../core/lanes.ts';
import { WalletError } from '../wallet/errors.ts';

/** The browser's windows, as far as approvals use them. */
export interface ApprovalWindowsApi {
  /** Opens `url` in a popup window; its id. */
  create(url: string): Promise<number | undefined>;
  /** Whether the window is still open. */
  exists(windowId: number): Promise<boolean>;
  /** Brings the window to the front. */
  focus(windowId: number): Promise<void>;
}

export interface ApprovalWindowsDeps {
  windows: ApprovalWindowsApi;
  /** storage.session (or a memory store in tests). */
  session: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<void> };
  /** The approval page's URL for one approval. */
  url(id: string): string;
  /** The clock focus is rationed by (ms); Date.now unless given. */
  now?(): number;
  /** The bound on each browser call (ms); {@link BROWSER_CALL_MS} unless given. */
  callMs?: number;
}

interface WindowRecord {
  windowId: number;
  /** The approvals the window has shown as waiting. */
  seen: string[];
  /** When it was opened or last brought forward (ms). */
  focusedAt?: number;
}

/** The longest a browser call in the lane may take (ms): opening a window takes well under a second. */
export const BROWSER_CALL_MS = 15_000;

/** Approval windows open at once, across sites. */
export const MAX_WINDOWS = 4;
/** An open window is brought forward again at most this often. */
export const FOCUS_INTERVAL_MS = 5_000;

const KEY = 'vigil.approvalWindows';
/** A window shows at most this many ids as seen (the client keeps at most 100 waiting per origin). */
const MAX_SEEN = 200;

export class ApprovalWindows {
  /** One lane for the whole record: every change is a read and a write of it. */
  private readonly lane = new Lanes();

  constructor(private readonly deps: ApprovalWindowsDeps) {}

  /**
   * Shows approval `id` of `origin`: in the origin's open window (brought forward, unless it was a
   * moment ago), else in a new one.
   * @throws WalletError REQUEST_PENDING when {@link MAX_WINDOWS} other windows are open.
   */
  open(id: string, origin: string): Promise<void> {
    return this.update(async (all) => {
      const now = (this.deps.now ?? Date.now)();
      const known = all[origin];
      if (known !== undefined && (await this.exists(known.windowId))) {
        const since = now - (known.focusedAt ?? -Infinity);
        if (since >= FOCUS_INTERVAL_MS || since < 0) {
          known.focusedAt = now;
          await this.bounded(this.deps.windows.focus(known.windowId), 'bringing its window forward').catch(() => {});
        }
        return;
      }
      delete all[origin];
      // Windows the browser closed without telling are not counted.
      for (const [other, r] of Object.entries(all)) if (!(await this.exists(r.windowId))) delete all[other];
      // The user's own requests (the popup's) are never held back by sites' windows.
      if (origin !== WALLET_ORIGIN && Object.keys(all).length >= MAX_WINDOWS) {
        throw new WalletError('REQUEST_PENDING', `${Object.keys(all).length} of Vigil's approval windows are open: answer or close one first`);
      }
      const windowId = await this.bounded(this.deps.windows.create(this.deps.url(id)), "opening Vigil's approval window");
      if (windowId !== undefined) all[origin] = { windowId, seen: [], focusedAt: now };
    });
  }

  /** Whether the window is still open; one whose lookup fails or does not answer is taken as gone. */
  private exists(windowId: number): Promise<boolean> {
    return this.bounded(this.deps.windows.exists(windowId), 'looking up a window').catch(() => false);
  }

  /** `call`, or an error once it has taken longer than the bound: the lane never waits on it forever. */
  private bounded<T>(call: Promise<T>, what: string): Promise<T> {
    const ms = this.deps.callMs ?? BROWSER_CALL_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the browser did not answer ${what} within ${ms / 1000} s`)), ms);
    });
    return Promise.race([call, late]).finally(() => clearTimeout(timer));
  }

  /** The origin's window has shown these approvals as waiting. */
  saw(origin: string, ids: readonly string[]): Promise<void> {
    return this.update(async (all) => {
      const known = all[origin];
      if (known === undefined) return;
      known.seen = [...new Set([...known.seen, ...ids])].slice(-MAX_SEEN);
    });
  }

  /** A window closed: its origin and the approvals it showed, forgotten; undefined for another window. */
  closed(windowId: number): Promise<{ origin: string; seen: string[] } | undefined> {
    return this.update(async (all) => {
      const found = Object.entries(all).find(([, r]) => r.windowId === windowId);
      if (found === undefined) return undefined;
      delete all[found[0]];
      return { origin: found[0], seen: found[1].seen };
    });
  }

  private update<T>(change: (all: Record<string, WindowRecord>) => Promise<T>): Promise<T> {
    return this.lane.run(KEY, async () => {
      // A record that cannot be read in time is an empty one (the windows are then opened anew).
      const all = recordsOf(await this.bounded(this.deps.session.get(KEY), 'reading the windows it remembers').catch(() => undefined));
      const result = await change(all);
      // Not stored in time: the windows are still open, only not remembered across a restart.
      await this.bounded(this.deps.session.set(KEY, all), 'storing the windows it remembers').catch(() => {});
      return result;
    });
  }
}

/** The stored record, or an empty one for anything else. */
function recordsOf(value: unknown): Record<string, WindowRecord> {
  const out: Record<string, WindowRecord> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [origin, r] of Object.entries(value as Record<string, unknown>)) {
    const rec = r as Partial<WindowRecord> | null;
    if (rec && typeof rec.windowId === 'number' && Array.isArray(rec.seen)) {
      out[origin] = { windowId: rec.windowId, seen: rec.seen.filter((s): s is string => typeof s === 'string'), ...(typeof rec.focusedAt === 'number' ? { focusedAt: rec.focusedAt } : {}) };
    }
  }
  return out;
}
