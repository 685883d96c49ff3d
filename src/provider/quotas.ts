/**
 * Per-origin quotas on what a page's requests cost the user's endpoints: the blocks an eth_getLogs
 * spans (each one's header fetched and linked, its receipts when its bloom matches) and the logs
 * it returns, the blocks of an eth_feeHistory, the gas of eth_call / eth_estimateGas /
 * eth_createAccessList (the state they touch is proven account by account), blocks of receipts
 * (eth_getTransactionReceipt and eth_getBlockReceipts verify a whole block's receipts), the
 * headers walked to link an older block to a verified head, block bodies (a block's transactions,
 * fetched and checked against its root), account proofs (eth_getBalance, eth_getTransactionCount,
 * eth_getCode, eth_getStorageAt: one eth_getProof each, its slots and code counted too), and the
 * transactions and batches a page sends only to have them refused (each prepared and simulated
 * over proven state before the refusal). Each is a token bucket per origin: a burst of
 * `capacity`, refilled at `perMinute`. Over quota a page gets EIP-1474's "limit exceeded" (-32005,
 * QuotaError QUOTA_EXCEEDED with the resource and when to retry in `data`); the per-request caps
 * (1024 blocks and 10,000 logs per eth_getLogs, 1024 blocks per eth_feeHistory) stand apart.
 *
 * One budget per origin: the service worker keeps it; the app host, which runs the pages'
 * chain reads, filters and subscriptions, spends from a copy ({@link SharedQuotas}) that takes the service
 * worker's levels with each request it forwards and reports every spend back to it.
 *
 * Pure: the time is passed in. Origins past {@link MAX_ORIGINS} are forgotten least recently used
 * first (their buckets start full again: one site cannot make the table grow without bound). The
 * buckets live in the service worker's memory: one stopped after its idle time starts them full
 * again, and a page that keeps it busy (the only way to spend a quota) keeps it running.
 * @module
 */
import { registerErrorClass, wireNumber } from '../core/error-registry.ts';
import { InputError, VigilError } from '../core/errors.ts';

export type QuotaResource = 'logBlocks' | 'logResults' | 'feeHistoryBlocks' | 'callGas' | 'receiptBlocks' | 'headerBlocks' | 'blockBodies' | 'accountProofs' | 'refusedSends';

export interface QuotaLimit {
  /** The most one origin may spend at once (the bucket's size). */
  capacity: number;
  /** What flows back per minute. */
  perMinute: number;
}

/**
 * Sixteen maximum-range eth_getLogs at once, about fifteen a minute after; 50,000 logs a minute;
 * four maximum eth_feeHistory; a billion gas (about thirty calls at a full block's limit at once,
 * tens of thousands of view calls a minute); twenty blocks of receipts a second; four walks to
 * the oldest block Vigil links (8192 headers) at once, two a minute after; 256 block bodies at
 * once, two a second after; ten account proofs a second; ten sends refused at once, one every
 * twelve seconds after.
 */
export const DEFAULT_QUOTAS: Readonly<Record<QuotaResource, QuotaLimit>> = Object.freeze({
  logBlocks: { capacity: 16_384, perMinute: 16_384 },
  logResults: { capacity: 50_000, perMinute: 50_000 },
  feeHistoryBlocks: { capacity: 4096, perMinute: 4096 },
  callGas: { capacity: 1_000_000_000, perMinute: 1_000_000_000 },
  receiptBlocks: { capacity: 1200, perMinute: 1200 },
  headerBlocks: { capacity: 32_768, perMinute: 16_384 },
  blockBodies: { capacity: 256, perMinute: 120 },
  accountProofs: { capacity: 600, perMinute: 600 },
  refusedSends: { capacity: 10, perMinute: 5 },
});

export const QUOTA_RESOURCES = Object.keys(DEFAULT_QUOTAS) as QuotaResource[];

/** Origins whose buckets are kept. */
export const MAX_ORIGINS = 512;

/** A page's request over its origin's quota: -32005 to the page. */
export class QuotaError extends VigilError {
  override name = 'QuotaError';
  override readonly code = 'QUOTA_EXCEEDED';
  readonly resource: QuotaResource;
  /** When (ms from now) the bucket holds what was asked, or 0 when it never will in one request. */
  readonly retryAfterMs: number;

  constructor(resource: QuotaResource, asked: number, available: number, retryAfterMs: number) {
    super(`${RESOURCE_WORDS[resource]}: this site's quota is spent, retry later`, { expected: `<= ${Math.floor(available)}`, got: String(asked) });
    this.resource = resource;
    this.retryAfterMs = retryAfterMs;
  }
}

registerErrorClass(QuotaError, 'QuotaError', {
  rebuild: (_code, f) => {
    const resource = QUOTA_RESOURCES.find((r) => r === f.resource);
    const retryAfterMs = wireNumber(f.retryAfterMs);
    if (resource === undefined || retryAfterMs === undefined) throw new InputError('not a quota resource');
    return new QuotaError(resource, 0, 0, retryAfterMs);
  },
  fields: (e) => ({ resource: e.resource, retryAfterMs: String(e.retryAfterMs) }),
});

const RESOURCE_WORDS: Record<QuotaResource, string> = {
  logBlocks: 'eth_getLogs block range',
  logResults: 'eth_getLogs results',
  feeHistoryBlocks: 'eth_feeHistory blocks',
  callGas: 'gas of calls',
  receiptBlocks: 'blocks of receipts',
  headerBlocks: 'headers walked to older blocks',
  blockBodies: 'block bodies',
  accountProofs: 'account proofs',
  refusedSends: 'transactions refused',
};

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * @example
 * const quotas = new OriginQuotas();
 * quotas.take('https://app.example', 'logBlocks', 1024, Date.now()); // throws QuotaError when spent
 */
export class OriginQuotas {
  private readonly limits: Readonly<Record<QuotaResource, QuotaLimit>>;
  /** By origin; Map order is recency (oldest first). */
  private readonly origins = new Map<string, Map<QuotaResource, Bucket>>();

  constructor(limits: Partial<Record<QuotaResource, QuotaLimit>> = {}) {
    this.limits = { ...DEFAULT_QUOTAS, ...limits };
  }

  /** What `origin` may spend of `resource` now (negative while it pays off a charge it ran over with). */
  available(origin: string, resource: QuotaResource, now: number): number {
    return this.bucket(origin, resource, now).tokens;
  }

  /** Spends `amount` before the work. @throws QuotaError when the bucket holds less. */
  take(origin: string, resource: QuotaResource, amount: number, now: number): void {
    const b = this.bucket(origin, resource, now);
    if (amount > b.tokens) {
      const { capacity, perMinute } = this.limits[resource];
      const retryAfterMs = amount > capacity ? 0 : Math.ceil(((amount - b.tokens) * 60_000) / perMinute);
      throw new QuotaError(resource, amount, Math.max(0, b.tokens), retryAfterMs);
    }
    b.tokens -= amount;
  }

  /** Spends what the work turned out to cost (it may leave the bucket below zero: the next request waits). */
  charge(origin: string, resource: QuotaResource, amount: number, now: number): void {
    this.bucket(origin, resource, now).tokens -= amount;
  }

  /** Gives back what was taken and not used (a call's gas limit beyond its gas used). */
  refund(origin: string, resource: QuotaResource, amount: number, now: number): void {
    const b = this.bucket(origin, resource, now);
    b.tokens = Math.min(this.limits[resource].capacity, b.tokens + amount);
  }

  /** What `origin` holds of each resource now (what another context spending its budget starts from). */
  levels(origin: string, now: number): Record<QuotaResource, number> {
    return Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, this.available(origin, r, now)])) as Record<QuotaResource, number>;
  }

  /** Takes `origin`'s levels as the budget's owner has them (each bounded by its capacity; unknown resources and non-numbers ignored). */
  adopt(origin: string, levels: Partial<Record<string, unknown>>, now: number): void {
    for (const r of QUOTA_RESOURCES) {
      const level = levels[r];
      if (typeof level !== 'number' || !Number.isFinite(level)) continue;
      this.bucket(origin, r, now).tokens = Math.min(this.limits[r].capacity, level);
    }
  }

  private bucket(origin: string, resource: QuotaResource, now: number): Bucket {
    let buckets = this.origins.get(origin);
    if (buckets === undefined) {
      buckets = new Map();
      if (this.origins.size >= MAX_ORIGINS) this.origins.delete(this.origins.keys().next().value!);
    } else this.origins.delete(origin);
    this.origins.set(origin, buckets);
    const { capacity, perMinute } = this.limits[resource];
    let b = buckets.get(resource);
    if (b === undefined) {
      b = { tokens: capacity, at: now };
      buckets.set(resource, b);
    }
    // A clock that went back refills nothing.
    if (now > b.at) b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = Math.max(b.at, now);
    return b;
  }
}

/** One spend reported to the budget's owner: positive spent, negative given back. */
export interface QuotaSpend {
  origin: string;
  resource: QuotaResource;
  amount: number;
}

/**
 * The app host's copy of the service worker's budget: it spends locally (so a filter's query ends
 * when the quota does, as in the service worker) and reports every spend, batched, to `report`;
 * the service worker's levels come back with each request it forwards ({@link OriginQuotas.adopt}).
 * One budget per origin however many contexts serve it.
 */
export class SharedQuotas extends OriginQuotas {
  private pending: QuotaSpend[] = [];

  constructor(private readonly report: (spends: QuotaSpend[]) => void, limits: Partial<Record<QuotaResource, QuotaLimit>> = {}) {
    super(limits);
  }

  override take(origin: string, resource: QuotaResource, amount: number, now: number): void {
    super.take(origin, resource, amount, now);
    this.spent({ origin, resource, amount });
  }

  override charge(origin: string, resource: QuotaResource, amount: number, now: number): void {
    super.charge(origin, resource, amount, now);
    this.spent({ origin, resource, amount });
  }

  override refund(origin: string, resource: QuotaResource, amount: number, now: number): void {
    super.refund(origin, resource, amount, now);
    this.spent({ origin, resource, amount: -amount });
  }

  /** Spends of one turn go together. */
  private spent(spend: QuotaSpend): void {
    if (spend.amount === 0) return;
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push(spend);
  }

  private flush(): void {
    const spends = this.pending;
    this.pending = [];
    if (spends.length > 0) this.report(spends);
  }
}

/** Applies spends another context reported (its QuotaSpends, checked: a malformed one is skipped). */
export function applySpends(quotas: OriginQuotas, spends: unknown, now: number): void {
  if (!Array.isArray(spends)) return;
  for (const s of spends.slice(0, 10_000) as Partial<QuotaSpend>[]) {
    if (typeof s?.origin !== 'string' || !QUOTA_RESOURCES.includes(s.resource as QuotaResource) || typeof s.amount !== 'number' || !Number.isFinite(s.amount)) continue;
    if (s.amount >= 0) quotas.charge(s.origin, s.resource as QuotaResource, s.amount, now);
    else quotas.refund(s.origin, s.resource as QuotaResource, -s.amount, now);
  }
}
