/**
 * EIP-1193 subscriptions (eth_subscribe / eth_unsubscribe with geth's `newHeads` and `logs`), fed
 * by verified heads and verified logs only. A subscription is a filter of ./filters.ts bound to a
 * page: at each new verified head its changes are pushed there instead of polled — each new
 * block's header once, each matching log once, and after a reorg the logs of the blocks that left
 * with `removed: true` before the new branch's. Nothing pending is provable, so
 * `newPendingTransactions` (and `syncing`) are refused.
 *
 * A subscription belongs to its origin, the chain it was made on and its page (tab, frame,
 * document, bridge session): a network switch ends it, another page's id is "not found". It
 * shares the origin's filter limit and quotas with polling filters but has no poll timeout; a
 * page that no longer takes its pushes (closed, reloaded, navigated away) ends its
 * subscriptions, and a page not pushed to for a while is asked whether it is still there. The
 * extension runs them in the app host, which outlives a service-worker stop; `push` goes through
 * the service worker, which the app host's message wakes.
 * @module
 */
import { logQueryParam } from '../client/verified/chain-params.ts';
import { QueryError } from '../client/verified/chain.ts';
import { InputError } from '../core/errors.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';
import type { PageTarget, SubscriptionMethod } from './filter-methods.ts';
import { type FilterChain, filterChain, type Filters, type FilterSource, FILTER_TIMEOUT_MS } from './filters.ts';
import type { NumberedPush } from './page-protocol.ts';
import type { OriginQuotas } from './quotas.ts';

type Json = Record<string, unknown>;

/** What eth_subscribe asks for, its parameters checked. */
export type SubscribeRequest = { kind: 'newHeads' } | { kind: 'logs'; filter: { address?: unknown; topics?: unknown } };

/** A page not pushed to for this long gets an empty push: one that no longer answers is let go. */
export const PAGE_CHECK_MS = FILTER_TIMEOUT_MS;
/** Pushes held for a page the service worker could not reach: past these the page is let go. */
export const MAX_QUEUED_PUSHES = 10_000;
/** A push its page's bridge has not taken in this long did not reach a live page. */
export const PUSH_TIMEOUT_MS = 30_000;

/** geth's kinds that rest on the node's pending pool or sync state: no proof covers them. */
const UNPROVABLE = new Set(['newPendingTransactions', 'syncing']);

const invalid = (message: string) => new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, message);
const show = (value: unknown) => String(JSON.stringify(value)).slice(0, 60);

/**
 * eth_subscribe's parameters, as geth reads them; -32602 naming what is wrong otherwise.
 * @example subscribeParams(['logs', { address: token, topics: [TRANSFER] }])
 */
export function subscribeParams(params: readonly unknown[]): SubscribeRequest {
  const [kind, filter] = params;
  if (typeof kind !== 'string') throw invalid(`eth_subscribe: the subscription kind expected a string ("newHeads" or "logs"), got ${show(kind)}`);
  if (kind === 'newHeads') {
    if (params.length !== 1) throw invalid(`eth_subscribe: newHeads takes no other param, got ${params.length - 1}`);
    return { kind };
  }
  if (kind !== 'logs') {
    throw invalid(UNPROVABLE.has(kind) ? `eth_subscribe: Vigil does not serve "${kind}": nothing pending can be proven` : `eth_subscribe: no subscription kind ${show(kind)} (Vigil serves "newHeads" and "logs")`);
  }
  if (params.length > 2) throw invalid(`eth_subscribe: logs takes at most a filter, got ${params.length - 1} params`);
  if (filter === undefined || filter === null) return { kind, filter: {} };
  if (typeof filter !== 'object' || Array.isArray(filter)) throw invalid(`eth_subscribe: the logs filter expected an object, got ${show(filter)}`);
  const f = filter as Json;
  for (const field of ['fromBlock', 'toBlock', 'blockHash']) {
    if (f[field] !== undefined && f[field] !== null) throw invalid(`eth_subscribe: a logs subscription cannot name "${field}": it reports the logs of new blocks (eth_getLogs reads a range)`);
  }
  const query = { ...(f.address !== undefined ? { address: f.address } : {}), ...(f.topics !== undefined ? { topics: f.topics } : {}) };
  try {
    logQueryParam(query);
  } catch (err) {
    throw err instanceof InputError ? invalid(`eth_subscribe: ${err.shortMessage.replace(/^eth_getLogs: /, '')}`) : err;
  }
  return { kind, filter: query };
}

/** A page's identity as subscriptions are keyed by it. */
export const pageKey = (page: PageTarget): string => JSON.stringify([page.tabId, page.frameId, page.documentId ?? null, page.session]);

export interface SubscriptionsDeps {
  /** Shared with the polling filters: one limit per origin over both. */
  filters: Filters;
  source(): FilterSource;
  quotas: OriginQuotas;
  now(): number;
  /**
   * Hands a page its pushes, in order: true when its bridge took them, false when the page is gone
   * (it ends the page's subscriptions). Throws when they could not be carried (kept for the next
   * head, with their numbers: delivered after all, the page's bridge drops them the second time).
   */
  push(page: PageTarget, messages: NumberedPush[]): Promise<boolean>;
}

interface Page {
  target: PageTarget;
  queue: NumberedPush[];
  /** The number of the last push queued for the page. */
  seq: number;
  /** A push of this page is under way: the next waits for it (a page's pushes keep their order). */
  busy: boolean;
  sent: Promise<void>;
  lastSent: number;
  /** Ask whether the page is still there (an empty push). */
  check: boolean;
}

export class Subscriptions {
  private readonly pages = new Map<string, Page>();
  private round: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: SubscriptionsDeps) {}

  /** eth_subscribe (a new subscription's id) or eth_unsubscribe (whether the page's subscription `id` ended). */
  async call(origin: string, page: PageTarget, method: SubscriptionMethod, params: readonly unknown[]): Promise<unknown> {
    const { filters, quotas, now } = this.deps;
    const key = pageKey(page);
    if (method === 'eth_unsubscribe') {
      if (params.length !== 1) throw invalid(`eth_unsubscribe: expected 1 param, got ${params.length}`);
      // With no network, no subscription of it is live.
      const ended = filters.uninstall(origin, this.deps.source().chainId ?? -1, params[0], key);
      this.prune();
      return ended;
    }
    const request = subscribeParams(params);
    const chain = filterChain(this.deps.source(), quotas, origin, now);
    const id = await filters.create(origin, chain, request.kind === 'newHeads' ? 'heads' : 'log', request.kind === 'logs' ? request.filter : undefined, key);
    if (!this.pages.has(key)) this.pages.set(key, { target: page, queue: [], seq: 0, busy: false, sent: Promise.resolve(), lastSent: now(), check: false });
    return id;
  }

  /**
   * A new verified head: each subscription's changes since the last head, pushed to its page.
   * Heads that come during a round make one more round after it. Resolves once the pushes are
   * done (each page's in order; pages do not wait for each other).
   */
  async onHead(): Promise<void> {
    if (this.round !== undefined) {
      this.again = true;
    } else {
      this.round = (async () => {
        do {
          this.again = false;
          await this.collect();
        } while (this.again);
      })().finally(() => (this.round = undefined));
    }
    await this.round;
    await Promise.all([...this.pages.values()].map((p) => p.sent));
  }

  /** One round's reads: each subscription's changes queued for its page, then every page's pushes started. */
  private async collect(): Promise<void> {
    const { filters, quotas, now } = this.deps;
    const source = this.deps.source();
    if (source.chainId === undefined) return;
    // A network switch ends the subscriptions made on another chain (eth_unsubscribe of one: false).
    filters.endSubscriptions((s) => s.chainId !== source.chainId);
    this.prune();
    const chains = new Map<string, FilterChain>();
    for (const s of filters.subscriptions()) {
      const page = this.pages.get(s.page);
      if (page === undefined) continue;
      try {
        const chain = chains.get(s.origin) ?? filterChain(source, quotas, s.origin, now);
        chains.set(s.origin, chain);
        for (const result of await filters.changes(s.origin, chain, s.id, s.page)) page.queue.push({ subscription: s.id, result, seq: ++page.seq });
      } catch (err) {
        // A log query past the chain's limits only grows with each head: the subscription ends.
        if (err instanceof QueryError) filters.uninstall(s.origin, s.chainId, s.id, s.page);
        // Else a read that failed (an endpoint, a spent quota): the filter kept its state, its changes come at a later head.
      }
    }
    const at = now();
    for (const [key, page] of this.pages) {
      if (page.queue.length > MAX_QUEUED_PUSHES) {
        this.endPage(key);
        continue;
      }
      if (page.queue.length === 0 && at - page.lastSent >= PAGE_CHECK_MS) page.check = true;
      this.flush(key, page);
    }
  }

  private flush(key: string, page: Page): void {
    if (page.busy) return;
    page.busy = true;
    page.sent = this.send(key, page);
  }

  /** Sends the page's queue until it is empty; `busy` is cleared in the same step that finds it empty. */
  private async send(key: string, page: Page): Promise<void> {
    try {
      for (;;) {
        const live = new Set(this.deps.filters.subscriptions().flatMap((s) => (s.page === key ? [s.id] : [])));
        // Unsubscribed meanwhile: its queued pushes are not sent.
        const batch = page.queue.splice(0).filter((m) => live.has(m.subscription));
        if (batch.length === 0 && !page.check) return;
        page.check = false;
        let delivered: boolean;
        try {
          delivered = await within(this.deps.push(page.target, batch), PUSH_TIMEOUT_MS, false);
        } catch {
          // The service worker did not carry them (waking, restarting): sent with the next head's.
          page.queue.unshift(...batch);
          return;
        }
        if (!delivered) {
          this.endPage(key);
          return;
        }
        page.lastSent = this.deps.now();
      }
    } finally {
      page.busy = false;
    }
  }

  /** The page is gone: its subscriptions end. */
  private endPage(key: string): void {
    this.deps.filters.endSubscriptions((s) => s.page === key);
    this.pages.delete(key);
  }

  /** Forgets the pages left with no subscription. */
  private prune(): void {
    const held = new Set(this.deps.filters.subscriptions().map((s) => s.page));
    for (const key of this.pages.keys()) if (!held.has(key)) this.pages.delete(key);
  }
}

/** `promise`'s value, or `fallback` when it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
