/**
 * Polling filters (execution-apis eth_newFilter, eth_newBlockFilter, eth_getFilterChanges,
 * eth_getFilterLogs, eth_uninstallFilter), fed by verified heads and verified logs only: what a
 * filter reports comes from the same `ChainReader` as eth_getLogs and eth_getBlockByNumber, so
 * every block hash and log is proven through a header the light client verified.
 *
 * As geth's filters: a new filter reports what happens after it was made (eth_getFilterLogs
 * gives its whole range), each eth_getFilterChanges what came since the last one, and a filter
 * not polled for five minutes is dropped. A reorg reported blocks fell off is seen at the next
 * poll (the newest reported block's hash no longer the chain's at its number): the logs reported
 * from the blocks that left come back with `removed: true`, and the new branch's are reported.
 *
 * Filters belong to the page's origin and the chain they were made on (another origin's id, or
 * a filter after a network switch, is "filter not found"). The extension runs them in the app host
 * (its offscreen document in Chrome), which outlives a service-worker stop; like geth's, they do
 * not outlive their host.
 *
 * A subscription (./subscriptions.ts) is a filter bound to a page as well: the same changes are
 * pushed to it at each new head instead of polled, so it has no timeout; it is neither a filter
 * to the polling methods nor theirs to it.
 * @module
 */
import type { ChainReader } from './chain-methods.ts';
import { logQueryParam } from '../client/verified/chain-params.ts';
import { type LogQuery, QueryError } from '../client/verified/chain.ts';
import type { VerifiedHeadInfo } from '../client/light-client/session-status.ts';
import { bytesToHex } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';
import type { FilterCall, FilterMethod } from './filter-methods.ts';
import { meteredChain } from './metered-reads.ts';
import type { OriginQuotas } from './quotas.ts';

type Json = Record<string, unknown>;


/** geth's filter timeout: a filter not polled for this long is gone. */
export const FILTER_TIMEOUT_MS = 5 * 60_000;
/** Filters one origin may hold at once (each poll costs the user's endpoints a header or a log query). */
export const MAX_FILTERS_PER_ORIGIN = 32;
/** Blocks a block filter reports at most per poll (the newest; a page that polls less often misses the older hashes). */
export const MAX_BLOCKS_PER_POLL = 256;
/** A block reported to a filter and still above the finalized head: its hash, and the logs reported from it. */
interface Reported {
  number: string;
  hash: string;
  logs: Json[];
}

/** Polling filters report block hashes or logs; a newHeads subscription reports the headers. */
export type FilterKind = 'block' | 'log' | 'heads';

interface StoredFilter {
  id: string;
  origin: string;
  chainId: number;
  kind: FilterKind;
  /** A subscription's page (./subscriptions.ts pageKey); absent for a polling filter. */
  page?: string;
  /** The page's filter object, as given (parsed again at each poll). */
  query?: Json;
  /** The first block it reports (decimal): the one after the newest verified head when it was made. */
  start: string;
  /** The first block not reported yet (decimal). */
  next: string;
  /** Reported blocks above the finalized head, oldest first: a reorg is found from them. */
  reported: Reported[];
  touched: number;
}

/** The chain as a poll sees it: verified reads and the verified heads' numbers. */
export interface FilterChain {
  chainId: number;
  reader: ChainReader;
  newest: bigint;
  finalized: bigint;
}

const notFound = () => new ProviderRpcError(RpcErrorCode.SERVER_ERROR, 'filter not found');
const invalid = (message: string) => new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, message);

function parseQuery(raw: Json): LogQuery {
  let q: LogQuery;
  try {
    q = logQueryParam(raw);
  } catch (err) {
    throw err instanceof InputError ? invalid(`eth_newFilter: ${err.shortMessage.replace(/^eth_getLogs: /, '')}`) : err;
  }
  if (q.blockHash !== undefined) throw invalid('eth_newFilter: a filter cannot name a blockHash');
  return q;
}


export class Filters {
  private readonly filters = new Map<string, StoredFilter>();

  constructor(
    private readonly now: () => number,
    private readonly random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
  ) {}

  /** Drops the filters not polled for FILTER_TIMEOUT_MS (subscriptions are pushed, never polled). */
  private sweep(): void {
    const at = this.now();
    for (const [id, f] of this.filters) if (f.page === undefined && at - f.touched > FILTER_TIMEOUT_MS) this.filters.delete(id);
  }

  /** The origin's live filter `id` on this chain (with `page`: that page's subscription), or "filter not found". */
  private find(origin: string, chainId: number, id: unknown, page?: string): StoredFilter {
    if (typeof id !== 'string') throw invalid(`${page === undefined ? 'filter' : 'subscription'} id expected a 0x-hex string, got ${JSON.stringify(id)?.slice(0, 80)}`);
    this.sweep();
    const filter = this.filters.get(id.toLowerCase());
    if (filter === undefined || filter.origin !== origin || filter.chainId !== chainId || filter.page !== page) throw notFound();
    return filter;
  }

  /** The subscriptions, oldest first. */
  subscriptions(): { id: string; origin: string; chainId: number; page: string }[] {
    return [...this.filters.values()].flatMap((f) => (f.page === undefined ? [] : [{ id: f.id, origin: f.origin, chainId: f.chainId, page: f.page }]));
  }

  /** Ends the subscriptions `ends` picks (a page gone, a network switched from). */
  endSubscriptions(ends: (s: { origin: string; chainId: number; page: string }) => boolean): void {
    for (const [id, f] of this.filters) if (f.page !== undefined && ends({ origin: f.origin, chainId: f.chainId, page: f.page })) this.filters.delete(id);
  }

  /**
   * A new filter of `origin` (with `page`: a subscription of that page): it reports from the block
   * after the newest verified head on.
   */
  async create(origin: string, chain: FilterChain, kind: FilterKind, query?: Json, page?: string): Promise<string> {
    if (kind === 'log') parseQuery(query!);
    this.sweep();
    const at = this.now();
    const live = [...this.filters.values()].filter((f) => f.origin === origin);
    if (live.length >= MAX_FILTERS_PER_ORIGIN) {
      throw new ProviderRpcError(RpcErrorCode.LIMIT_EXCEEDED, `this site holds ${live.length} filters and subscriptions already: remove one first`, { code: 'QUOTA_EXCEEDED' });
    }
    const id = bytesToHex(this.random(16));
    const start = (chain.newest + 1n).toString();
    this.filters.set(id, { id, origin, chainId: chain.chainId, kind, ...(query !== undefined ? { query } : {}), ...(page !== undefined ? { page } : {}), start, next: start, reported: [], touched: at });
    return id;
  }

  uninstall(origin: string, chainId: number, id: unknown, page?: string): boolean {
    let filter: StoredFilter;
    try {
      filter = this.find(origin, chainId, id, page);
    } catch (err) {
      if (err instanceof ProviderRpcError && err.code === RpcErrorCode.SERVER_ERROR) return false;
      throw err;
    }
    return this.filters.delete(filter.id);
  }

  /** eth_getFilterLogs: every verified log of the filter's whole range. */
  async logs(origin: string, chain: FilterChain, id: unknown): Promise<Json[]> {
    const filter = this.find(origin, chain.chainId, id);
    if (filter.kind !== 'log') throw notFound();
    filter.touched = this.now();
    return chain.reader.getLogs(parseQuery(filter.query!));
  }

  /**
   * eth_getFilterChanges: the logs (or block hashes, or headers) since the last poll, after the
   * logs of reported blocks a reorg took away, with `removed: true`.
   */
  async changes(origin: string, chain: FilterChain, id: unknown, page?: string): Promise<unknown[]> {
    const found = this.find(origin, chain.chainId, id, page);
    // Worked on a copy, kept only once the poll's answer is whole: a failed read loses no removed log.
    const filter: StoredFilter = { ...found, reported: [...found.reported], touched: this.now() };
    const out: unknown[] = [];
    const reader = chain.reader;

    // A reorg: the newest reported blocks whose hash is no longer the chain's at their number. The
    // new branch is read again from the block after the newest that stayed (blocks reported with no
    // logs are not kept, so the fork may lie anywhere above it), never before the filter's start.
    let reorged = false;
    while (filter.reported.length > 0) {
      const last = filter.reported.at(-1)!;
      const number = BigInt(last.number);
      const block = number <= chain.newest ? await headerAt(reader, number) : null;
      if (block !== null && String(block.hash).toLowerCase() === last.hash) break;
      filter.reported.pop();
      out.push(...last.logs.map((l) => ({ ...l, removed: true })));
      reorged = true;
    }
    if (reorged) {
      const kept = filter.reported.at(-1);
      const after = kept !== undefined ? BigInt(kept.number) + 1n : chain.finalized + 1n;
      filter.next = (after > BigInt(filter.start) ? after : BigInt(filter.start)).toString();
    }

    const query = filter.kind === 'log' ? parseQuery(filter.query!) : undefined;
    // A numbered toBlock below the head ends the filter there; a tag follows the head.
    const to = typeof query?.toBlock === 'bigint' && query.toBlock < chain.newest ? query.toBlock : chain.newest;
    let from = BigInt(filter.next);
    if (from <= to) {
      if (query === undefined) {
        if (to - from >= BigInt(MAX_BLOCKS_PER_POLL)) from = to - BigInt(MAX_BLOCKS_PER_POLL) + 1n;
        for (let n = from; n <= to; n++) {
          const header = await headerAt(reader, n);
          if (header === null) break;
          const hash = String(header.hash).toLowerCase();
          // newHeads, as geth's: each new head once, and after a reorg the new branch's (nothing is "removed").
          out.push(filter.kind === 'heads' ? header : hash);
          filter.reported.push({ number: n.toString(), hash, logs: [] });
          filter.next = (n + 1n).toString();
        }
      } else {
        const logs = await reader.getLogs({ ...query, fromBlock: from, toBlock: to });
        const byBlock = new Map<string, Json[]>();
        for (const log of logs) {
          const number = BigInt(String(log.blockNumber)).toString();
          byBlock.set(number, [...(byBlock.get(number) ?? []), log]);
        }
        for (const [number, blockLogs] of byBlock) filter.reported.push({ number, hash: String(blockLogs[0]!.blockHash).toLowerCase(), logs: blockLogs });
        // The range's last block, logs or not: the next poll checks the chain still holds it.
        const end = await headerAt(reader, to);
        if (end !== null && !byBlock.has(to.toString())) filter.reported.push({ number: to.toString(), hash: String(end.hash).toLowerCase(), logs: [] });
        out.push(...logs);
        filter.next = (to + 1n).toString();
      }
    }
    // Blocks at or below the finalized head cannot leave the chain: nothing more to watch there.
    filter.reported = filter.reported.filter((r) => BigInt(r.number) > chain.finalized);
    // Unless it was removed meanwhile (eth_unsubscribe during a push's reads): not brought back.
    if (this.filters.has(filter.id)) this.filters.set(filter.id, filter);
    return out;
  }
}

/** Fields of a block object that are not its header's (a newHeads push carries none of them). */
const BODY_FIELDS = ['transactions', 'uncles', 'withdrawals', 'size', 'totalDifficulty'];

/** The verified header at `number` (header fields and `hash`), without its body where the reader can. */
async function headerAt(reader: ChainReader, number: bigint): Promise<Json | null> {
  if (reader.getHeader) return reader.getHeader({ number });
  const block = await reader.getBlock({ number }, false);
  return block === null ? null : Object.fromEntries(Object.entries(block).filter(([k]) => !BODY_FIELDS.includes(k)));
}


/** Answers one filter method for `origin`; a query past the chain's limits refused as eth_getLogs refuses it. */
export async function handleFilterMethod(filters: Filters, origin: string, chain: FilterChain, method: FilterMethod, params: readonly unknown[]): Promise<unknown> {
  try {
    return await dispatchFilter(filters, origin, chain, method, params);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    const code = err.code === 'INVALID_BLOCK_RANGE' ? RpcErrorCode.INVALID_PARAMS : RpcErrorCode.LIMIT_EXCEEDED;
    throw new ProviderRpcError(code, `${method}: ${err.shortMessage}`, { code: err.code });
  }
}

async function dispatchFilter(filters: Filters, origin: string, chain: FilterChain, method: FilterMethod, params: readonly unknown[]): Promise<unknown> {
  const one = (n: number) => {
    if (params.length !== n) throw invalid(`${method}: expected ${n} param${n === 1 ? '' : 's'}, got ${params.length}`);
    return params[0];
  };
  switch (method) {
    case 'eth_newBlockFilter':
      one(0);
      return filters.create(origin, chain, 'block');
    case 'eth_newFilter': {
      const q = one(1);
      if (typeof q !== 'object' || q === null || Array.isArray(q)) throw invalid('eth_newFilter: filter expected an object');
      return filters.create(origin, chain, 'log', q as Json);
    }
    case 'eth_getFilterChanges':
      return filters.changes(origin, chain, one(1));
    case 'eth_getFilterLogs':
      return filters.logs(origin, chain, one(1));
    case 'eth_uninstallFilter':
      return filters.uninstall(origin, chain.chainId, one(1));
  }
}

/** Where a host's polls read: its network's chain id, verified chain reads and verified heads. */
export interface FilterSource {
  chainId: number | undefined;
  reader: ChainReader | undefined;
  /** The verified heads' block numbers (a view of ../client/light-client/session-status.ts VerifiedHeads). */
  heads: { optimistic?: Pick<VerifiedHeadInfo, 'blockNumber'> | undefined; finalized?: Pick<VerifiedHeadInfo, 'blockNumber'> | undefined };
}

/**
 * The filter methods of a host over `source()`, each poll's reads charged to the page's origin
 * in `quotas` (as eth_getLogs' are: ./metered-reads.ts).
 * @throws ProviderRpcError DISCONNECTED without a network or an execution RPC; VerificationError NO_VERIFIED_HEAD.
 */
export function filterCall(filters: Filters, source: () => FilterSource, quotas: OriginQuotas, now: () => number): FilterCall {
  return async (origin, method, params) => handleFilterMethod(filters, origin, filterChain(source(), quotas, origin, now), method, params);
}

/**
 * The chain as `origin`'s reads see it now, charged to its quotas.
 * @throws ProviderRpcError DISCONNECTED without a network or an execution RPC; VerificationError NO_VERIFIED_HEAD.
 */
export function filterChain({ chainId, reader, heads }: FilterSource, quotas: OriginQuotas, origin: string, now: () => number): FilterChain {
  if (chainId === undefined || reader === undefined) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil has no execution RPC for this network yet: nothing can be proven');
  const newest = heads.optimistic ?? heads.finalized;
  if (newest === undefined) throw new VerificationError('NO_VERIFIED_HEAD', 'the light client has not verified any head of this network yet');
  return { chainId, reader: meteredChain(reader, { quotas, origin, now }), newest: BigInt(newest.blockNumber), finalized: BigInt(heads.finalized?.blockNumber ?? 0) };
}
