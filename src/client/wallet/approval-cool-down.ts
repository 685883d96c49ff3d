/**
 * The cool-down of a site told no: a page that asks again after each rejection (a loop of
 * eth_requestAccounts, of signatures) must not keep the user in windows. Each time the user
 * rejects a request a site made after its last rejection, the site waits longer before it may ask
 * again: 3 s, then twice as long each time (at most 10 minutes); meanwhile its requests are refused
 * at once, saying when it may ask again, and no window opens. Rejecting requests it had queued
 * before that rejection (closing a window that showed many) counts once. An approval from the
 * site, or 10 minutes with no rejection after its cool-down ended, forgets it. Requests the
 * signing policy refuses are shown in a window at most {@link REFUSAL_WINDOWS_PER_MINUTE} times a minute per site.
 *
 * The record lives in the session store (storage.session in the extension), so that a service
 * worker stopped and woken again keeps it; it is bounded (the oldest sites go first).
 * @module
 */
import { Lanes } from '../../core/lanes.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { SessionStore } from './keyring-session.ts';

/** The first cool-down; each next rejection doubles it, up to {@link MAX_COOL_DOWN_MS}. */
export const COOL_DOWN_BASE_MS = 3_000;
export const MAX_COOL_DOWN_MS = 10 * 60 * 1000;
/** A site with no rejection for this long after its cool-down ended starts again from the first one. */
const FORGET_MS = 10 * 60 * 1000;
/** Sites remembered at most (the oldest rejection is forgotten first). */
const MAX_SITES = 200;
/** A site's refused requests open at most this many windows a minute. */
export const REFUSAL_WINDOWS_PER_MINUTE = 3;
const KEY = 'vigil.approvals.coolDown';

interface SiteRecord {
  /** Rejections in a row, each of a request made after the one before. */
  streak: number;
  /** When the last of them was (ms). */
  at: number;
  /** The newest request of the site then (its createdAt): a rejection of one no newer is not counted again. */
  queued: number;
  /** Until when the site's requests are refused (ms). */
  until: number;
  /** When refused requests of the site were shown in a window in the last minute (ms, oldest first). */
  refusalsShown?: number[];
}

/** How long a site waits after its `streak`-th rejection in a row. */
export function coolDownMs(streak: number): number {
  return Math.min(MAX_COOL_DOWN_MS, COOL_DOWN_BASE_MS * 2 ** Math.min(20, Math.max(0, streak - 1)));
}

export class CoolDowns {
  /** One record, read and written as one step. */
  private readonly lane = new Lanes();

  constructor(private readonly deps: { session: Pick<SessionStore, 'get' | 'set'>; now(): number }) {}

  /**
   * @throws WalletError REJECTED_RECENTLY (4001 to the page) while `origin` cools down, naming
   *   when it may ask again (`details`: that time in ms).
   */
  async check(origin: string): Promise<void> {
    const site = (await this.read())[origin];
    const now = this.deps.now();
    // No rejection counted (a refusal shown only), over, or a clock that went back past any cool-down.
    if (site === undefined || site.streak === 0 || now >= site.until || site.until - now > MAX_COOL_DOWN_MS) return;
    const seconds = Math.ceil((site.until - now) / 1000);
    throw new WalletError(
      'REJECTED_RECENTLY',
      `this site's last request was rejected: it may ask again in ${seconds} s (at ${new Date(site.until).toISOString()})`,
      { details: String(site.until) },
    );
  }

  /**
   * The user rejected a request `origin` made at `createdAt` (its approval's order), while its newest
   * request waiting was made at `queued`: counted when made after the site's last counted rejection.
   */
  rejected(origin: string, createdAt: number, queued: number): Promise<void> {
    return this.change((all, now) => {
      const site = all[origin];
      if (site !== undefined && site.streak > 0 && createdAt <= site.queued) return;
      // Counted from the end of its last cool-down: a site at the longest one keeps it.
      const streak = site !== undefined && site.streak > 0 && now - site.until < FORGET_MS ? site.streak + 1 : 1;
      delete all[origin];
      all[origin] = { streak, at: now, queued: Math.max(createdAt, queued), until: now + coolDownMs(streak), ...(site?.refusalsShown !== undefined ? { refusalsShown: site.refusalsShown } : {}) };
    });
  }

  /** The user approved a request of `origin`: it starts again from nothing. */
  approved(origin: string): Promise<void> {
    return this.change((all) => void delete all[origin]);
  }

  /** Whether a refused request of `origin` may open a window now (then it is counted as shown). */
  mayShowRefusal(origin: string): Promise<boolean> {
    let may = false;
    return this.change((all, now) => {
      const site = all[origin] ?? { streak: 0, at: now, queued: 0, until: now };
      const shown = (site.refusalsShown ?? []).filter((t) => t <= now && now - t < 60_000);
      may = shown.length < REFUSAL_WINDOWS_PER_MINUTE;
      if (may) all[origin] = { ...site, refusalsShown: [...shown, now] };
    }).then(() => may);
  }

  private change(edit: (all: Record<string, SiteRecord>, now: number) => void): Promise<void> {
    return this.lane.run(KEY, async () => {
      const now = this.deps.now();
      const all = await this.read();
      const before = JSON.stringify(all);
      edit(all, now);
      for (const [origin, r] of Object.entries(all)) if (now - Math.max(r.until, ...(r.refusalsShown ?? [])) >= FORGET_MS) delete all[origin];
      const kept = Object.entries(all).sort((a, b) => a[1].at - b[1].at).slice(-MAX_SITES);
      if (JSON.stringify(Object.fromEntries(kept)) !== before) await this.deps.session.set(KEY, Object.fromEntries(kept));
    });
  }

  /** The stored record, each entry checked (anything else is no record). */
  private async read(): Promise<Record<string, SiteRecord>> {
    const value = await this.deps.session.get(KEY);
    const out: Record<string, SiteRecord> = {};
    if (typeof value !== 'object' || value === null) return out;
    for (const [origin, r] of Object.entries(value as Record<string, Partial<SiteRecord> | null>)) {
      if (r && [r.streak, r.at, r.queued, r.until].every((n) => typeof n === 'number' && Number.isFinite(n))) {
        const shown = Array.isArray(r.refusalsShown) ? r.refusalsShown.filter((t): t is number => typeof t === 'number').slice(-REFUSAL_WINDOWS_PER_MINUTE) : [];
        out[origin] = { streak: r.streak!, at: r.at!, queued: r.queued!, until: r.until!, ...(shown.length > 0 ? { refusalsShown: shown } : {}) };
      }
    }
    return out;
  }
}
