/**
 * Subscriptions (src/provider/subscriptions.ts) over a scripted chain whose reads stand for
 * verified ones: what each new head pushes to which page (headers, matching logs, a reorg's
 * `removed: true` logs before the new branch's), the owner of a subscription (origin, chain, page),
 * a page that is gone or cannot be reached, the limits shared with polling filters, the handler's
 * routing, and eth_subscribe's parameters as geth reads them (with a property test).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import type { PageTarget } from '../../../src/provider/filter-methods.ts';
import { FILTER_TIMEOUT_MS, Filters, handleFilterMethod, MAX_FILTERS_PER_ORIGIN } from '../../../src/provider/filters.ts';
import { createRequestHandler, type ProviderBackend } from '../../../src/provider/handler.ts';
import { type NumberedPush, PUSH_CHANNEL, type PushMessage } from '../../../src/provider/page-protocol.ts';
import { pushListener } from '../../../src/extension/page-push.ts';
import { OriginQuotas } from '../../../src/provider/quotas.ts';
import { QueryError } from '../../../src/client/verified/chain.ts';
import { PAGE_CHECK_MS, subscribeParams, Subscriptions } from '../../../src/provider/subscriptions.ts';
import { Chain, type Log, OTHER_TOKEN, TOKEN } from './fake-chain.ts';

const SITE = 'https://app.example';
const PAGE: PageTarget = { tabId: 7, frameId: 0, documentId: 'DOC-1', session: 'session-1' };
const OTHER_PAGE: PageTarget = { ...PAGE, session: 'session-2' };

type Delivery = { page: PageTarget; messages: PushMessage[] };

function setup(options: { headers?: boolean; quotas?: OriginQuotas } = {}) {
  const chain = new Chain(options).build(10n);
  const clock = { now: 1_000_000 };
  let seed = 0;
  const filters = new Filters(() => clock.now, (n) => new Uint8Array(n).fill(++seed));
  const net = { chainId: 1 };
  const source = () => ({ chainId: net.chainId, reader: chain.reader(), heads: { optimistic: { blockNumber: Number(chain.newest) }, finalized: { blockNumber: Number(chain.finalized) } } });
  const delivered: Delivery[] = [];
  /** What each push does: delivered (true), the page gone (false), or not carried (throws). */
  let answer: (page: PageTarget) => Promise<boolean> = async () => true;
  /** What reaches the page's side before the answer (a bridge, where a test wires one). */
  let carry: (page: PageTarget, messages: NumberedPush[]) => Promise<void> = async () => {};
  const subscriptions = new Subscriptions({
    filters,
    source,
    quotas: options.quotas ?? new OriginQuotas(),
    now: () => clock.now,
    push: async (page, messages) => {
      await carry(page, messages);
      const ok = await answer(page);
      if (ok) delivered.push({ page, messages });
      return ok;
    },
  });
  const call = (method: 'eth_subscribe' | 'eth_unsubscribe', params: unknown[], origin = SITE, page = PAGE) => subscriptions.call(origin, page, method, params);
  /** The results pushed to `id` so far, in order. */
  const results = (id: unknown) => delivered.flatMap((d) => d.messages.filter((m) => m.subscription === id).map((m) => m.result));
  return { chain, clock, filters, net, delivered, subscriptions, call, results, answer: (fn: typeof answer) => void (answer = fn), carry: (fn: typeof carry) => void (carry = fn) };
}

const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof ProviderRpcError ? `${e.code} ${e.message}` : String(e)));

describe('newHeads', () => {
  it('pushes each new verified head once, its header fields only, in order', async () => {
    const { chain, subscriptions, call, results, delivered } = setup();
    const id = (await call('eth_subscribe', ['newHeads'])) as string;
    expect(id).toMatch(/^0x[0-9a-f]{32}$/);
    await subscriptions.onHead();
    expect(delivered).toEqual([]);
    chain.build(12n);
    await subscriptions.onHead();
    await subscriptions.onHead();
    chain.build(13n);
    await subscriptions.onHead();
    expect(results(id)).toEqual([chain.header(11n), chain.header(12n), chain.header(13n)]);
    expect(Object.keys(results(id)[0] as Log)).toEqual(['hash', 'parentHash', 'number', 'timestamp']);
    expect(delivered.every((d) => d.page === PAGE)).toBe(true);
  });

  it('reads headers alone where the reader can (no block body fetched)', async () => {
    const { chain, subscriptions, call, results } = setup({ headers: true });
    const id = await call('eth_subscribe', ['newHeads']);
    chain.build(12n);
    await subscriptions.onHead();
    expect(results(id)).toEqual([chain.header(11n), chain.header(12n)]);
    expect(chain.blockReads).toBe(0);
    expect(chain.headerReads).toBeGreaterThan(0);
  });

  it('after a reorg, pushes the new branch’s heads from the block after the last that stayed', async () => {
    const { chain, subscriptions, call, results } = setup();
    const id = await call('eth_subscribe', ['newHeads']);
    chain.build(13n);
    await subscriptions.onHead();
    chain.reorg(12n, 14n, 'b');
    await subscriptions.onHead();
    expect(results(id).map((h) => (h as Log).hash)).toEqual([chain.hash(11n), '0x' + '61c'.padStart(64, '0'), '0x' + '61d'.padStart(64, '0'), chain.hash(12n), chain.hash(13n), chain.hash(14n)]);
  });
});

describe('logs', () => {
  it('pushes each matching verified log once, as its own message, and nothing else', async () => {
    const { chain, subscriptions, call, results, delivered } = setup();
    const id = await call('eth_subscribe', ['logs', { address: TOKEN }]);
    const all = await call('eth_subscribe', ['logs']);
    chain.build(11n, 'a', { 11: 2 });
    chain.build(12n, 'a', { 12: 1 }, OTHER_TOKEN);
    await subscriptions.onHead();
    await subscriptions.onHead();
    expect(results(id)).toEqual(chain.blocks.get(11n)!.logs);
    expect(results(all)).toEqual([...chain.blocks.get(11n)!.logs, ...chain.blocks.get(12n)!.logs]);
    // One push for the page per head, its subscriptions' messages in the order they were made.
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.messages.map((m) => m.subscription)).toEqual([id, id, all, all, all]);
  });

  it('after a reorg: the logs of the blocks that left, removed: true, then the new branch’s', async () => {
    const { chain, subscriptions, call, results } = setup();
    const id = await call('eth_subscribe', ['logs', { address: TOKEN }]);
    chain.build(14n, 'a', { 11: 1, 13: 2 });
    await subscriptions.onHead();
    const before = results(id) as Log[];
    expect(before).toHaveLength(3);
    chain.reorg(12n, 15n, 'b', { 14: 1 });
    await subscriptions.onHead();
    expect(results(id).slice(3)).toEqual([...before.slice(1).map((l) => ({ ...l, removed: true })), ...chain.blocks.get(14n)!.logs]);
  });

  it('keeps its place when a read fails (a spent quota): the logs come with a later head, once', async () => {
    const quotas = new OriginQuotas({ logBlocks: { capacity: 2048, perMinute: 2048 } });
    const { chain, clock, subscriptions, call, results } = setup({ quotas });
    const id = await call('eth_subscribe', ['logs', { address: TOKEN }]);
    // The site spent its log quota on eth_getLogs of its own.
    quotas.take(SITE, 'logBlocks', 2048, clock.now);
    chain.build(20n, 'a', { 12: 1, 19: 1 });
    await subscriptions.onHead();
    expect(results(id)).toEqual([]);
    clock.now += 5 * 60_000;
    chain.build(21n);
    await subscriptions.onHead();
    await subscriptions.onHead();
    expect(results(id)).toEqual([...chain.blocks.get(12n)!.logs, ...chain.blocks.get(19n)!.logs]);
  });
  it("ends when its log query passes the chain's limits (it only grows with each head); a failed read otherwise keeps it", async () => {
    const { chain, subscriptions, call, results } = setup();
    const over = await call('eth_subscribe', ['logs', {}]);
    const kept = await call('eth_subscribe', ['logs', { address: TOKEN }]);
    const reader = chain.reader.bind(chain);
    chain.reader = () => {
      const r = reader();
      return { ...r, getLogs: async (q) => Promise.reject(q.filter.addresses.length === 0 ? new QueryError('QUERY_LIMIT_EXCEEDED', 'query returned more than 10000 results') : new Error('socket hang up')) };
    };
    chain.build(11n, 'a', { 11: 1 });
    await subscriptions.onHead();
    chain.reader = reader;
    chain.build(12n);
    await subscriptions.onHead();
    expect(results(over)).toEqual([]);
    expect(await call('eth_unsubscribe', [over])).toBe(false);
    expect(results(kept)).toEqual(chain.blocks.get(11n)!.logs);
  });
});

describe("a subscription's owner and life", () => {
  it('ends with eth_unsubscribe (true, then false), only for its own page and origin; nothing is pushed after', async () => {
    const { chain, subscriptions, call, results } = setup();
    const id = await call('eth_subscribe', ['newHeads']);
    expect(await call('eth_unsubscribe', [id], 'https://evil.example')).toBe(false);
    expect(await call('eth_unsubscribe', [id], SITE, OTHER_PAGE)).toBe(false);
    expect(await call('eth_unsubscribe', [id], SITE, { ...PAGE, documentId: 'DOC-2' })).toBe(false);
    chain.build(11n);
    await subscriptions.onHead();
    expect(results(id)).toHaveLength(1);
    expect(await call('eth_unsubscribe', [id])).toBe(true);
    expect(await call('eth_unsubscribe', [id])).toBe(false);
    chain.build(12n);
    await subscriptions.onHead();
    expect(results(id)).toHaveLength(1);
    expect(await code(call('eth_unsubscribe', [7]))).toMatch(/^-32602 subscription id expected a 0x-hex string/);
    expect(await code(call('eth_unsubscribe', []))).toBe('-32602 eth_unsubscribe: expected 1 param, got 0');
  });

  it('is neither a polling filter nor a filter a subscription', async () => {
    const { filters, chain, call } = setup();
    const sub = await call('eth_subscribe', ['newHeads']);
    expect(await code(handleFilterMethod(filters, SITE, chain.at(), 'eth_getFilterChanges', [sub]))).toBe('-32000 filter not found');
    expect(await handleFilterMethod(filters, SITE, chain.at(), 'eth_uninstallFilter', [sub])).toBe(false);
    const filter = await handleFilterMethod(filters, SITE, chain.at(), 'eth_newBlockFilter', []);
    expect(await call('eth_unsubscribe', [filter])).toBe(false);
  });

  it('does not time out as a polling filter does', async () => {
    const { chain, clock, subscriptions, call, results } = setup();
    const id = await call('eth_subscribe', ['newHeads']);
    clock.now += 3 * FILTER_TIMEOUT_MS;
    chain.build(11n);
    await subscriptions.onHead();
    expect(results(id)).toHaveLength(1);
  });

  it('ends with a network switch', async () => {
    const { chain, net, subscriptions, call, results } = setup();
    const id = await call('eth_subscribe', ['newHeads']);
    net.chainId = 5;
    chain.build(11n);
    await subscriptions.onHead();
    net.chainId = 1;
    chain.build(12n);
    await subscriptions.onHead();
    expect(results(id)).toEqual([]);
    expect(await call('eth_unsubscribe', [id])).toBe(false);
  });

  it(`shares the origin's ${MAX_FILTERS_PER_ORIGIN} with polling filters (-32005), others unaffected`, async () => {
    const { filters, chain, call } = setup();
    for (let i = 0; i < MAX_FILTERS_PER_ORIGIN / 2; i++) await handleFilterMethod(filters, SITE, chain.at(), 'eth_newBlockFilter', []);
    for (let i = 0; i < MAX_FILTERS_PER_ORIGIN / 2; i++) await call('eth_subscribe', ['newHeads'], SITE, i % 2 === 0 ? PAGE : OTHER_PAGE);
    expect(await code(call('eth_subscribe', ['newHeads']))).toMatch(/^-32005 /);
    expect(await code(handleFilterMethod(filters, SITE, chain.at(), 'eth_newBlockFilter', []))).toMatch(/^-32005 /);
    expect(await call('eth_subscribe', ['newHeads'], 'https://other.example')).toMatch(/^0x/);
  });
});

describe('delivery', () => {
  it('pushes only to the page that subscribed; a page that is gone ends its subscriptions, its reads stop', async () => {
    const { chain, subscriptions, call, results, answer } = setup();
    const mine = await call('eth_subscribe', ['newHeads']);
    const theirs = await call('eth_subscribe', ['logs', {}], SITE, OTHER_PAGE);
    answer(async (page) => page !== OTHER_PAGE);
    chain.build(11n, 'a', { 11: 1 });
    await subscriptions.onHead();
    expect(results(mine)).toHaveLength(1);
    expect(results(theirs)).toEqual([]);
    expect(await call('eth_unsubscribe', [theirs], SITE, OTHER_PAGE)).toBe(false);
    // Its log subscription is read no more.
    chain.build(12n, 'a', { 12: 1 });
    const queries = chain.queries.length;
    await subscriptions.onHead();
    expect(chain.queries.length).toBe(queries);
    expect(results(mine)).toHaveLength(2);
  });

  it('keeps what could not be carried (the service worker away) and pushes it first with the next head’s', async () => {
    const { chain, subscriptions, call, results, answer } = setup();
    const id = await call('eth_subscribe', ['newHeads']);
    answer(async () => Promise.reject(new Error('no answer to link:push over the link')));
    chain.build(11n);
    await subscriptions.onHead();
    answer(async () => true);
    chain.build(12n);
    await subscriptions.onHead();
    expect(results(id)).toEqual([chain.header(11n), chain.header(12n)]);
  });

  it('a push the service worker delivered before it stopped, its answer lost, is sent again and reaches the page once (the bridge drops its number)', async () => {
    const { chain, subscriptions, call, answer, carry } = setup();
    const id = await call('eth_subscribe', ['newHeads']);
    const heard: PushMessage[] = [];
    const bridge = pushListener(PAGE.session!, 'ext', (m) => heard.push(m));
    const carried: NumberedPush[][] = [];
    // The bridge takes the messages each time; the first time, the answer never comes back.
    carry(async (_page, messages) => {
      carried.push(messages);
      await bridge({ channel: PUSH_CHANNEL, session: PAGE.session, messages }, { id: 'ext' });
    });
    let lose = true;
    answer(async () => {
      if (!lose) return true;
      lose = false;
      throw new Error('no answer to link:push over the link');
    });
    chain.build(11n);
    await subscriptions.onHead();
    chain.build(12n);
    await subscriptions.onHead();
    // Block 11 carried twice, with the same number; the page heard it once.
    expect(carried.map((m) => m.map((x) => x.seq))).toEqual([[1], [1, 2]]);
    expect(heard).toEqual([
      { subscription: id, result: chain.header(11n) },
      { subscription: id, result: chain.header(12n) },
    ]);
  });

  it("keeps a page's pushes in order when a head comes while its last push is under way", async () => {
    const { chain, subscriptions, call, results, answer, delivered } = setup();
    const id = await call('eth_subscribe', ['newHeads']);
    const pending: ((ok: boolean) => void)[] = [];
    answer(() => new Promise((resolve) => pending.push(resolve)));
    const tick = () => new Promise((r) => setTimeout(r, 0));
    chain.build(11n);
    const first = subscriptions.onHead();
    await tick();
    chain.build(12n);
    const second = subscriptions.onHead();
    await tick();
    // Whatever pushes are under way are answered newest first: a second one in flight would overtake.
    for (let i = 0; i < 10 && results(id).length < 2; i++) {
      pending.splice(0).reverse().forEach((resolve) => resolve(true));
      await tick();
    }
    await Promise.all([first, second]);
    expect(results(id)).toEqual([chain.header(11n), chain.header(12n)]);
    expect(delivered.map((d) => d.messages.length)).toEqual([1, 1]);
  });

  it('pushes nothing for a subscription ended meanwhile: not what its reads under way found, not what waited to be carried', async () => {
    const { chain, subscriptions, call, results, answer } = setup();
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const logs = await call('eth_subscribe', ['logs', {}]);
    const heads = await call('eth_subscribe', ['newHeads']);
    const stays = await call('eth_subscribe', ['newHeads']);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const reader = chain.reader.bind(chain);
    chain.reader = () => {
      const r = reader();
      return { ...r, getLogs: async (q) => (await gate, r.getLogs(q)) };
    };
    chain.build(11n, 'a', { 11: 1 });
    const round = subscriptions.onHead();
    await tick();
    expect(await call('eth_unsubscribe', [logs])).toBe(true);
    open();
    await round;
    expect(results(logs)).toEqual([]);
    // Not brought back by the reads that ended after it.
    expect(await call('eth_unsubscribe', [logs])).toBe(false);

    answer(async () => Promise.reject(new Error('no answer to link:push over the link')));
    chain.build(12n);
    await subscriptions.onHead();
    expect(await call('eth_unsubscribe', [heads])).toBe(true);
    answer(async () => true);
    chain.build(13n);
    await subscriptions.onHead();
    expect(results(heads)).toEqual([chain.header(11n)]);
    expect(results(stays)).toEqual([chain.header(11n), chain.header(12n), chain.header(13n)]);
  });

  it(`asks a page pushed nothing for ${PAGE_CHECK_MS / 60_000} minutes whether it is there (an empty push); gone, its subscriptions end`, async () => {
    const { chain, clock, subscriptions, call, delivered, answer } = setup();
    const id = await call('eth_subscribe', ['logs', { address: TOKEN }]);
    chain.build(11n);
    await subscriptions.onHead();
    expect(delivered).toEqual([]);
    clock.now += PAGE_CHECK_MS;
    chain.build(12n);
    await subscriptions.onHead();
    expect(delivered).toEqual([{ page: PAGE, messages: [] }]);
    clock.now += PAGE_CHECK_MS;
    answer(async () => false);
    chain.build(13n);
    await subscriptions.onHead();
    expect(await call('eth_unsubscribe', [id])).toBe(false);
  });
});

describe('eth_subscribe parameters', () => {
  it('refuses what cannot be proven or is no subscription, naming it (-32602)', async () => {
    const { call } = setup();
    expect(await code(call('eth_subscribe', ['newPendingTransactions']))).toBe('-32602 eth_subscribe: Vigil does not serve "newPendingTransactions": nothing pending can be proven');
    expect(await code(call('eth_subscribe', ['syncing']))).toMatch(/^-32602 eth_subscribe: Vigil does not serve "syncing"/);
    expect(await code(call('eth_subscribe', ['newBlocks']))).toBe('-32602 eth_subscribe: no subscription kind "newBlocks" (Vigil serves "newHeads" and "logs")');
    expect(await code(call('eth_subscribe', []))).toMatch(/^-32602 eth_subscribe: the subscription kind expected a string/);
    expect(await code(call('eth_subscribe', ['newHeads', {}]))).toMatch(/^-32602 eth_subscribe: newHeads takes no other param/);
  });

  it('refuses a logs filter that names a block range or a block, naming the field, or that is no filter (-32602)', async () => {
    const { call } = setup();
    for (const field of ['fromBlock', 'toBlock', 'blockHash']) {
      expect(await code(call('eth_subscribe', ['logs', { address: TOKEN, [field]: field === 'blockHash' ? '0x' + '11'.repeat(32) : 'latest' }]))).toMatch(new RegExp(`^-32602 eth_subscribe: a logs subscription cannot name "${field}"`));
    }
    expect(await code(call('eth_subscribe', ['logs', { address: '0x12' }]))).toMatch(/^-32602 eth_subscribe: "address"/);
    expect(await code(call('eth_subscribe', ['logs', 'latest']))).toMatch(/^-32602 eth_subscribe: the logs filter expected an object/);
    expect(await code(call('eth_subscribe', ['logs', {}, {}]))).toMatch(/^-32602 /);
  });

  const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => '0x' + Buffer.from(b).toString('hex'));
  const address = fc.oneof(hex(20), fc.array(hex(20), { maxLength: 3 }));
  const topics = fc.array(fc.oneof(fc.constant(null), hex(32), fc.array(hex(32), { maxLength: 3 })), { maxLength: 4 });

  it('property: any params are a subscription or a -32602 refusal, never another error', () => {
    const kind = fc.oneof({ weight: 4, arbitrary: fc.constant('logs') }, fc.constantFrom('newHeads', 'newPendingTransactions', 'syncing'), fc.anything());
    const maybe = <T,>(valid: fc.Arbitrary<T>) => fc.oneof(valid, fc.anything(), fc.string());
    const rare = fc.option(fc.anything(), { nil: undefined, freq: 2 });
    const filter = fc.oneof(
      { weight: 4, arbitrary: fc.record({ address: maybe(address), topics: maybe(topics), fromBlock: rare, toBlock: rare, blockHash: rare }, { requiredKeys: [] }) },
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.tuple(kind, filter, fc.anything()).chain(([k, f, x]) => fc.constantFrom([k], [k, f], [k, f, x], [] as unknown[])), (params) => {
        try {
          const out = subscribeParams(params);
          expect(['newHeads', 'logs']).toContain(out.kind);
        } catch (err) {
          expect(err).toBeInstanceOf(ProviderRpcError);
          expect((err as ProviderRpcError).code).toBe(-32602);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a well-formed logs filter is kept as given; with a range or block field set it is refused naming that field', () => {
    fc.assert(
      fc.property(fc.record({ address, topics }, { requiredKeys: [] }), fc.option(fc.constantFrom('fromBlock', 'toBlock', 'blockHash'), { nil: undefined }), fc.oneof(fc.constantFrom('latest', '0x1', 'earliest'), hex(32)), (f, field, value) => {
        const params = ['logs', field === undefined ? f : { ...f, [field]: value }];
        if (field === undefined) {
          expect(subscribeParams(params)).toEqual({ kind: 'logs', filter: f });
          return;
        }
        expect(() => subscribeParams(params)).toThrow(`cannot name "${field}"`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('routing (src/provider/handler.ts)', () => {
  const backend = (over: Partial<ProviderBackend>): ProviderBackend => ({
    chainId: () => 1,
    verifiedHeads: () => ({ optimistic: undefined, finalized: undefined, recent: [] }),
    readAccount: async () => Promise.reject(new Error('not read here')),
    now: () => 0,
    ...over,
  });

  it('passes the page down; without a page to push to (or no subscriptions served) refuses with 4200', async () => {
    const asked: unknown[] = [];
    const subscriptions = async (...args: unknown[]) => (asked.push(args), '0xabc');
    const handle = createRequestHandler(backend({ subscriptions: () => subscriptions }));
    expect(await handle(SITE, { method: 'eth_subscribe', params: ['newHeads'] }, undefined, PAGE)).toBe('0xabc');
    expect(asked).toEqual([[SITE, PAGE, 'eth_subscribe', ['newHeads']]]);
    expect(await code(handle(SITE, { method: 'eth_subscribe', params: ['newHeads'] }))).toBe('4200 eth_subscribe: no page to push to here (use eth_newFilter)');
    expect(await code(createRequestHandler(backend({}))(SITE, { method: 'eth_unsubscribe', params: ['0x1'] }, undefined, PAGE))).toMatch(/^4200 /);
  });

  it('refuses them while pages see a followed rollup, as other methods it cannot prove there', async () => {
    const l2 = { active: 167_000, has: () => true, exits: async () => [], acceptedBatch: async () => 1, balance: async () => Promise.reject(new Error('no')) };
    const handle = createRequestHandler(backend({ l2: () => l2, subscriptions: () => async () => '0xabc' }));
    expect(await code(handle(SITE, { method: 'eth_subscribe', params: ['newHeads'] }, undefined, PAGE))).toMatch(/^4200 eth_subscribe is not available on chain 0x28c58/);
  });
});
