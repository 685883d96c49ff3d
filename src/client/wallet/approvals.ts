/**
 * The approval queue: what a site (or the popup) asks to be signed or granted waits in Dexie for
 * the user's answer in its own window.
 *
 * Never signed twice: an approval moves pending → approved in one Dexie transaction (one click,
 * one background wins), and only the call that made that move carries it to its end; a background
 * that wakes up with an approved approval finishes it ({@link Approvals.resume}) through the same
 * idempotent path. The page's request carries a key (the bridge's session and the request id) so
 * that a request sent again after a restart joins its approval instead of opening another.
 *
 * One queue per origin: a site's requests are recorded one at a time, in order, and its window
 * shows them in turn ("1 of N", {@link Approvals.queue}); the extension keeps one window per
 * origin. A request for an account or a network (connect, switch chain) while any request of that
 * origin waits is answered at once with REQUEST_PENDING (EIP-1474's -32002), and the waiting one
 * is brought forward. The page gets USER_REJECTED (4001) only when the user rejects (a click, or
 * closing the window); a request nobody answers expires (APPROVAL_EXPIRED).
 *
 * No site keeps the user in windows: after each rejection of a request it made since the last one,
 * the site cools down for longer, its requests refused at once meanwhile (REJECTED_RECENTLY, 4001,
 * saying when it may ask again: ./approval-cool-down.ts); requests the signing policy refuses
 * open at most three windows a minute per site (the page has each refusal at once either way); and at most {@link MAX_SITES_WAITING} sites wait for the user at once (another's
 * first request gets REQUEST_PENDING). A window that cannot be shown (the extension's cap on open
 * windows) fails its request rather than leave it waiting unseen. The wallet's own requests (the
 * popup's) are exempt.
 *
 * The window's gates hold here too (audit F5): a yes from a page ({@link Approvals.resolveFromWindow})
 * is checked again against the arm delay, the signer's proven delegation, the look-alike box and
 * the words-disagree box (./approval-gates.ts), from what this background stored and delivered; a
 * yes that skipped one is refused (APPROVAL_GATE_NOT_MET) and the request keeps waiting.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { InputError, VigilError } from '../../core/errors.ts';
import { Lanes } from '../../core/lanes.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import type { ApprovalKind, ApprovalRow, WalletRepo } from '../../storage/wallet.ts';
import { WalletError } from '../../wallet/errors.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';
import { type Refusal, refusalError } from '../../wallet/policy.ts';
import { CoolDowns } from './approval-cool-down.ts';
import { type ApprovalAcknowledgements, gateError, gatesOf, unmetGate } from './approval-gates.ts';
import type { KeyringSession, SessionStore } from './keyring-session.ts';
import { WALLET_ORIGIN } from './permissions.ts';
import { storedError, toJson } from './transaction-details.ts';

/** Who asks: the page's origin, and a key naming this request across service-worker restarts. */
export interface RequestContext {
  origin: string;
  /** Stable for one page request even when the bridge sends it again; absent in tests and the CLI. */
  requestKey?: string;
}

/** The network an approval is for, as the window names it. */
export interface NetworkInfo {
  id: string;
  chainId: number;
  name: string;
}

/** What the approval window shows (JSON). */
export interface Approval {
  id: string;
  kind: ApprovalKind;
  origin: string;
  status: ApprovalRow['status'];
  locked: boolean;
  network: NetworkInfo | null;
  /** kind-specific: see src/client/wallet/requests.ts. */
  details: Record<string, unknown>;
  error?: { code: string; message: string };
  result?: unknown;
}

export interface ApprovalsDeps {
  repo: WalletRepo;
  keyring: KeyringSession;
  /** Where the sites' cool-downs survive a stopped service worker (storage.session). */
  session: Pick<SessionStore, 'get' | 'set'>;
  random(length: number): Uint8Array;
  now(): number;
  /** Shows this approval in its origin's window (its own window, never an iframe; one per origin). */
  openApproval(id: string, origin: string): Promise<void>;
  network(): NetworkInfo | undefined;
  /** Does what an approved approval asks (signs, grants, switches) and answers the page's result. */
  perform(row: ApprovalRow): Promise<unknown>;
  /**
   * Resolves once `address`'s EIP-7702 delegation is proven at this background's signing head;
   * rejects (with why) while it cannot be. A message or typed data is signed only after it.
   */
  delegationProven(address: string): Promise<void>;
}

/** A dApp's request waits at most this long for an answer; then it fails as expired. */
const APPROVAL_TIMEOUT_MS = 30 * 60 * 1000;
/** Requests that grant an account or change the network: never queued behind another of the origin's. */
const EXCLUSIVE_KINDS: ReadonlySet<ApprovalKind> = new Set(['connect', 'switchChain']);
/** The most requests one origin may have waiting; past it, REQUEST_PENDING (a page cannot fill the store). */
export const MAX_PENDING_PER_ORIGIN = 100;
/** The most sites waiting for the user at once (one window each); another site's first request gets REQUEST_PENDING. */
export const MAX_SITES_WAITING = 3;

interface Waiter {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** The session store's key of the deliveries (./approval-gates.ts's arm delay). */
const SHOWN_KEY = 'vigil:approvals:shown';
const shownKey = (details: Record<string, unknown>): string => bytesToHex(keccak256(new TextEncoder().encode(JSON.stringify(details))));

export class Approvals {
  private readonly waiters = new Map<string, Waiter[]>();
  /** Approval id → what was prepared for it (a transaction's fields, a parsed message). */
  readonly prepared = new Map<string, unknown>();
  /** Approval id → its finish under way: the window, a rejoining request and a resume share one. */
  private readonly finishing = new Map<string, Promise<void>>();
  /** Each origin's requests are recorded one at a time: the pending check and the insert are one step. */
  private readonly lanes = new Lanes();
  /** createdAt of the last approval recorded: strictly increasing, so a queue's order is its requests'. */
  private lastCreatedAt = 0;
  /** Sites the user said no to, waiting before they may ask again. */
  private readonly coolDowns: CoolDowns;
  /**
   * Approval id → its details as first delivered to a page ({@link get}) and when, by this
   * background's clock: where the arm delay is measured from (./approval-gates.ts).
   *
   * Measured from the delivery, not from a "the window is visible" message: such a message would
   * be the page's own claim, which a page that skips the window's gate could send whenever it
   * likes, while no window can show a request before this background gave it the details, so the
   * delivery is the earliest moment anyone could have seen it, known without trusting anyone.
   * Details that change (the effects asked again) are a new delivery, as the window re-arms on
   * them. Kept in the session store beside the cool-downs: a service worker stopped while the
   * window shows a request measures from the same delivery when it starts again, so the yes a
   * person clicks then is taken (held only in memory, it was refused as shown too soon).
   * `details`: a hash of the details as delivered.
   */
  private readonly shown = new Map<string, { details: string; at: number }>();
  private shownLoaded: Promise<void> | undefined;

  constructor(private readonly deps: ApprovalsDeps) {
    this.coolDowns = new CoolDowns({ session: deps.session, now: deps.now });
  }

  /**
   * Records an approval (or joins the one this request already has), opens its window and waits
   * for the user. `describe` prepares what the window shows (and keeps what signing needs in
   * {@link prepared}); a `verdict` in it that refuses fails the request at once, with its code.
   * @throws WalletError REQUEST_PENDING for a connect or a switch while the origin has a request
   *   waiting, for any request past {@link MAX_PENDING_PER_ORIGIN}, or while {@link MAX_SITES_WAITING}
   *   other sites wait; REJECTED_RECENTLY while the site cools down after a rejection.
   */
  async approve(ctx: RequestContext, kind: ApprovalKind, request: unknown, describe: (id: string) => Promise<Record<string, unknown>>): Promise<unknown> {
    const { row, joined } = await this.lanes.run(ctx.origin, () => this.record(ctx, kind, request, describe));
    if (joined) return this.join(row);
    const done = this.join(row);
    try {
      await this.deps.openApproval(row.id, row.origin);
    } catch (err) {
      // No window to show it in: it fails now rather than wait unseen.
      if (await this.deps.repo.transitionApproval(row.id, 'pending', { status: 'failed', error: failureOf(err), updatedAt: this.deps.now() })) this.settle(row.id, { error: err });
    }
    return done;
  }

  private async record(ctx: RequestContext, kind: ApprovalKind, request: unknown, describe: (id: string) => Promise<Record<string, unknown>>): Promise<{ row: ApprovalRow; joined: boolean }> {
    if (ctx.requestKey !== undefined) {
      const existing = await this.deps.repo.findApproval(ctx.requestKey);
      if (existing) return { row: existing, joined: true };
    }
    const site = ctx.origin !== WALLET_ORIGIN;
    if (site) await this.coolDowns.check(ctx.origin);
    const pending = await this.deps.repo.listApprovals('pending');
    const waiting = oldestFirst(pending.filter((r) => r.origin === ctx.origin));
    if (waiting.length > 0 && EXCLUSIVE_KINDS.has(kind)) {
      // The one already asked comes forward; this one is not queued behind it.
      void this.deps.openApproval(waiting[0]!.id, ctx.origin).catch(() => {});
      throw new WalletError('REQUEST_PENDING', "this site already has a request waiting in Vigil's window");
    }
    if (waiting.length >= MAX_PENDING_PER_ORIGIN) throw new WalletError('REQUEST_PENDING', `this site has ${waiting.length} requests waiting in Vigil's window, the most it keeps`);
    const otherSites = new Set(pending.map((r) => r.origin).filter((o) => o !== ctx.origin && o !== WALLET_ORIGIN));
    if (site && waiting.length === 0 && otherSites.size >= MAX_SITES_WAITING) {
      throw new WalletError('REQUEST_PENDING', `${otherSites.size} other sites are waiting for your answer in Vigil's windows: this one may ask once you answered them`);
    }
    const id = bytesToHex(this.deps.random(16)).slice(2);
    const now = Math.max(this.deps.now(), this.lastCreatedAt + 1);
    this.lastCreatedAt = now;
    const details = await describe(id);
    const row: ApprovalRow = { id, requestKey: ctx.requestKey ?? `local:${id}`, origin: ctx.origin, kind, request: toJson({ request, details }), status: 'pending', createdAt: now, updatedAt: now };
    const refused = (details as { verdict?: { ok: boolean; refusals?: Refusal[] } }).verdict;
    if (refused && !refused.ok) {
      // A refusal has no "sign anyway": the window shows why, the dApp gets the code now.
      const first = refused.refusals![0]!;
      await this.deps.repo.putApproval({ ...row, status: 'failed', error: { code: first.code, message: first.message } });
      // Shown in its window, but a site looping refused requests gets at most a few such windows a minute.
      if (!site || (await this.coolDowns.mayShowRefusal(ctx.origin))) void this.deps.openApproval(id, ctx.origin).catch(() => {});
      throw refusalError(refused.refusals!);
    }
    await this.deps.repo.putApproval(row);
    return { row, joined: false };
  }

  /** The origin's approvals waiting for the user, oldest first. */
  private async waitingOf(origin: string): Promise<ApprovalRow[]> {
    return oldestFirst((await this.deps.repo.listApprovals('pending')).filter((r) => r.origin === origin));
  }

  /** The queue approval `id` belongs to: its origin and the ids of that origin's waiting approvals, oldest first. */
  async queue(id: string): Promise<{ origin: string; pending: string[] }> {
    const row = await this.deps.repo.getApproval(id);
    if (!row) throw new InputError(`no approval ${id.slice(0, 40)}`);
    return { origin: row.origin, pending: (await this.waitingOf(row.origin)).map((r) => r.id) };
  }

  async get(id: string): Promise<Approval> {
    await this.deps.keyring.ready();
    const row = await this.deps.repo.getApproval(id);
    if (!row) throw new InputError(`no approval ${id.slice(0, 40)}`);
    const details = detailsOf(row);
    await this.delivered(row, details);
    return {
      id,
      kind: row.kind,
      origin: row.origin,
      status: row.status,
      locked: !this.deps.keyring.isUnlocked(),
      network: this.deps.network() ?? null,
      details,
      ...(row.error ? { error: row.error } : {}),
      ...(row.result !== undefined ? { result: row.result } : {}),
    };
  }

  /** A waiting request's details are given to a page: the arm delay starts now, unless they were given before as they are. */
  private async delivered(row: ApprovalRow, details: Record<string, unknown>): Promise<void> {
    await this.loadShown();
    if (row.status !== 'pending') {
      if (this.shown.delete(row.id)) await this.saveShown();
      return;
    }
    const key = shownKey(details);
    if (this.shown.get(row.id)?.details === key) return;
    this.shown.set(row.id, { details: key, at: this.deps.now() });
    await this.saveShown();
  }

  /** The deliveries a stopped service worker kept, once per instance; unreadable entries are dropped. */
  private loadShown(): Promise<void> {
    this.shownLoaded ??= (async () => {
      let kept: unknown;
      try {
        kept = await this.deps.session.get(SHOWN_KEY);
      } catch {
        return; // measured from this instance's deliveries, as before the store was read
      }
      if (typeof kept !== 'object' || kept === null) return;
      for (const [id, e] of Object.entries(kept as Record<string, unknown>)) {
        const entry = e as { details?: unknown; at?: unknown };
        if (!this.shown.has(id) && typeof entry?.details === 'string' && typeof entry.at === 'number' && Number.isFinite(entry.at)) this.shown.set(id, { details: entry.details, at: entry.at });
      }
    })();
    return this.shownLoaded;
  }

  private async saveShown(): Promise<void> {
    try {
      await this.deps.session.set(SHOWN_KEY, Object.fromEntries(this.shown));
    } catch {
      // Kept in memory only: a stopped service worker then measures again from its next delivery.
    }
  }

  /**
   * The answer a page sends (the approval window's, src/extension/background.ts): a no as
   * {@link resolve}; a yes only once it meets the window's gates, checked again here from what this
   * background stored and delivered (./approval-gates.ts): the arm delay since the request as it
   * now reads was delivered, the look-alike and words-disagree boxes in `acknowledged` where the
   * request has them, and the signer's delegation proven again for a message or typed data.
   * @throws WalletError APPROVAL_GATE_NOT_MET (`details`: the gate) for a yes that skipped one:
   *   nothing is signed and the request still waits for a proper yes or a no; LOCKED as resolve.
   */
  resolveFromWindow(id: string, approve: boolean, options: { accounts?: string[]; acknowledged?: ApprovalAcknowledgements } = {}): Promise<Approval> {
    return this.answer(id, approve, options.accounts ? { accounts: options.accounts } : {}, (row) => this.checkGates(row, options.acknowledged));
  }

  /** Throws APPROVAL_GATE_NOT_MET when a yes to `row` (pending) skipped a gate of its window. */
  private async checkGates(row: ApprovalRow, acknowledged: ApprovalAcknowledgements | undefined): Promise<void> {
    const details = detailsOf(row);
    const gates = gatesOf(row.kind, details);
    await this.loadShown();
    const shown = this.shown.get(row.id);
    const shownAt = shown !== undefined && shown.details === shownKey(details) ? shown.at : undefined;
    const unmet = unmetGate(gates, { shownAt, now: this.deps.now(), acknowledged });
    if (unmet !== undefined) throw gateError(unmet);
    if (gates.signer === undefined) return;
    try {
      await this.deps.delegationProven(gates.signer);
    } catch (err) {
      throw gateError({ gate: 'delegation', why: `the delegation (EIP-7702) of ${gates.signer} is not proven at the newest verified head` }, err);
    }
  }

  /**
   * The user's answer (connect also names the accounts chosen), taken as given: for the wallet's
   * own code and tests. A page's answer comes through {@link resolveFromWindow}, which checks the
   * window's gates first.
   */
  resolve(id: string, approve: boolean, options: { accounts?: string[] } = {}): Promise<Approval> {
    return this.answer(id, approve, options);
  }

  /** {@link resolve}, a yes first passing `gate` (on the row as read here; a row no longer pending is only shown). */
  private async answer(id: string, approve: boolean, options: { accounts?: string[] }, gate?: (row: ApprovalRow) => Promise<void>): Promise<Approval> {
    const keyring = this.deps.keyring;
    await keyring.ready();
    const row = await this.deps.repo.getApproval(id);
    if (!row) throw new InputError(`no approval ${id.slice(0, 40)}`);
    if (!approve) {
      if (await this.deps.repo.transitionApproval(id, 'pending', { status: 'rejected', error: { code: 'USER_REJECTED', message: 'rejected in the approval window' }, updatedAt: this.deps.now() })) {
        if (row.origin !== WALLET_ORIGIN) {
          // What the site had queued by then is not asked again: rejecting it later counts as this one.
          const queued = (await this.waitingOf(row.origin)).at(-1)?.createdAt ?? row.createdAt;
          await this.coolDowns.rejected(row.origin, row.createdAt, queued);
        }
        this.settle(id, { error: new WalletError('USER_REJECTED', 'the user rejected the request') });
      }
      return this.get(id);
    }
    keyring.requireUnlocked();
    if (gate !== undefined) {
      // Gated on what it is now: one approved meanwhile (and perhaps asked again) is not approved on gates it did not meet.
      if (row.status !== 'pending') return this.get(id);
      await gate(row);
    }
    await keyring.touch();
    const chosen = row.kind === 'connect' ? (options.accounts?.length ? options.accounts : keyring.addresses().slice(0, 1)).map(toChecksumAddress) : undefined;
    if (chosen && chosen.some((a) => !keyring.addresses().includes(a))) throw new WalletError('UNKNOWN_ACCOUNT', 'the wallet holds no such account');
    const patch = chosen ? { request: toJson({ ...(row.request as object), accounts: chosen }) } : {};
    if (!(await this.deps.repo.transitionApproval(id, 'pending', { status: 'approved', updatedAt: this.deps.now(), ...patch }))) return this.get(id);
    await this.coolDowns.approved(row.origin);
    await this.finish(id);
    return this.get(id);
  }

  /**
   * The origin's window was closed: the user's no to the requests it showed as waiting (`seen`);
   * one that came after it last looked is shown in a new window instead of rejected unseen.
   */
  async windowClosed(origin: string, seen: readonly string[]): Promise<void> {
    const shown = new Set(seen);
    for (const row of await this.waitingOf(origin)) if (shown.has(row.id)) await this.resolve(row.id, false);
    const left = await this.waitingOf(origin);
    if (left.length > 0) await this.deps.openApproval(left[0]!.id, origin);
  }

  /** Resumes what a stopped background left: approved approvals are finished (sent, not signed again). */
  async resume(): Promise<void> {
    await this.deps.keyring.ready();
    for (const row of await this.deps.repo.listApprovals('approved')) if (!this.waiters.has(row.id)) void this.finish(row.id);
    await this.deps.repo.pruneApprovals(this.deps.now());
  }

  /** The ids of the approvals waiting for the user. */
  async pendingIds(): Promise<string[]> {
    return (await this.deps.repo.listApprovals('pending')).map((a) => a.id);
  }

  private join(row: ApprovalRow): Promise<unknown> {
    if (row.status === 'done') return Promise.resolve(row.result);
    if (row.status === 'rejected') return Promise.reject(new WalletError('USER_REJECTED', 'the user rejected the request'));
    if (row.status === 'failed') return Promise.reject(storedError(row.error));
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(row.id) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(row.id, list);
      if (row.status === 'approved') void this.finish(row.id);
      const timer = setTimeout(() => void this.expire(row.id).catch(() => {}), APPROVAL_TIMEOUT_MS);
      (timer as { unref?: () => void }).unref?.();
    });
  }

  /** Nobody answered in time: the request fails, not as the user's rejection. */
  private async expire(id: string, why = "nobody answered the request in Vigil's window in time"): Promise<void> {
    const error = new WalletError('APPROVAL_EXPIRED', why);
    if (await this.deps.repo.transitionApproval(id, 'pending', { status: 'failed', error: { code: error.code, message: error.shortMessage }, updatedAt: this.deps.now() })) {
      this.settle(id, { error });
    }
  }

  /**
   * The browser started: requests still waiting come from pages that are gone (a page's requests
   * are named by its session) and would hold their sites' queues; they expire.
   */
  async browserStarted(): Promise<void> {
    await this.deps.keyring.ready();
    for (const row of await this.deps.repo.listApprovals('pending')) await this.expire(row.id, 'the browser restarted before anyone answered');
  }

  /** Every request still waiting fails with APPROVAL_EXPIRED saying `why` (the wallet is forgotten): no page waits on it. */
  async expirePending(why: string): Promise<void> {
    for (const row of await this.deps.repo.listApprovals('pending')) await this.expire(row.id, why);
  }

  private settle(id: string, outcome: { value: unknown } | { error: unknown }): void {
    const list = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    this.prepared.delete(id);
    if (this.shown.delete(id)) void this.saveShown();
    for (const w of list) 'value' in outcome ? w.resolve(outcome.value) : w.reject(outcome.error);
  }

  /**
   * Carries an approved approval to its end, once: callers at the same time (the window's click,
   * the same request sent again, a resume after a wake) share the one run, so one transaction is
   * signed and every caller gets its answer. Again after a restart: the row's status decides.
   */
  private finish(id: string): Promise<void> {
    let running = this.finishing.get(id);
    if (running === undefined) {
      running = this.finishOnce(id).finally(() => this.finishing.delete(id));
      this.finishing.set(id, running);
    }
    return running;
  }

  private async finishOnce(id: string): Promise<void> {
    const row = await this.deps.repo.getApproval(id);
    if (!row || row.status !== 'approved') return;
    try {
      const value = await this.deps.perform(row);
      await this.deps.repo.transitionApproval(id, 'approved', { status: 'done', result: value, updatedAt: this.deps.now() });
      this.settle(id, { value });
    } catch (err) {
      if (err instanceof WalletError && err.code === 'EFFECTS_CHANGED' && (await this.askAgain(row, err))) return;
      await this.deps.repo.transitionApproval(id, 'approved', { status: 'failed', error: failureOf(err), updatedAt: this.deps.now() });
      this.settle(id, { error: err });
    }
  }

  /**
   * What the user approved would now do something else (a new simulation at the newest head): the
   * approval waits for them again, its window showing the new effects and why they changed; the
   * page keeps waiting for the one answer.
   */
  private async askAgain(row: ApprovalRow, err: WalletError): Promise<boolean> {
    let update: Record<string, unknown>;
    try {
      update = JSON.parse(err.details ?? '') as Record<string, unknown>;
    } catch {
      return false;
    }
    const stored = row.request as { details?: Record<string, unknown> };
    const request = toJson({ ...stored, details: { ...stored.details, ...update } });
    if (!(await this.deps.repo.transitionApproval(row.id, 'approved', { status: 'pending', request, updatedAt: this.deps.now() }))) return false;
    await this.deps.openApproval(row.id, row.origin);
    return true;
  }
}

/** What the window shows of an approval: its stored details (what describe prepared, updated when asked again). */
function detailsOf(row: ApprovalRow): Record<string, unknown> {
  return (row.request as { details?: Record<string, unknown> }).details ?? {};
}

function oldestFirst(rows: ApprovalRow[]): ApprovalRow[] {
  return rows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** What the window shows of a failure: a typed error's code, an RPC error's number, else INTERNAL. */
function failureOf(err: unknown): { code: string; message: string } {
  if (err instanceof VigilError) return { code: String(err.code), message: err.shortMessage };
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e === 'object' && e !== null && (typeof e.code === 'number' || typeof e.code === 'string') && typeof e.message === 'string') return { code: String(e.code), message: e.message };
  return { code: 'INTERNAL', message: String(err) };
}
