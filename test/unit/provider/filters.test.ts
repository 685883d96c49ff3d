/**
 * Polling filters (src/provider/filters.ts) over a scripted chain whose reads stand for verified
 * ones: what each poll reports, a reorg's `removed: true` logs and the new branch's, the owner and
 * the chain of a filter, its five-minute life, and the handler's routing (a page on an L1 network;
 * the parameters as geth checks them).
 */
import { describe, expect, it } from 'vitest';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { Filters, FILTER_TIMEOUT_MS, handleFilterMethod, MAX_FILTERS_PER_ORIGIN } from '../../../src/provider/filters.ts';
import { QueryError } from '../../../src/client/verified/chain.ts';
import { Chain, type Log, TOKEN } from './fake-chain.ts';

const SITE = 'https://app.example';

function setup() {
  const chain = new Chain().build(10n);
  const clock = { now: 1_000_000 };
  let seed = 0;
  const filters = new Filters(() => clock.now, (n) => new Uint8Array(n).fill(++seed));
  const call = (method: string, params: unknown[] = [], origin = SITE, chainId = 1) => handleFilterMethod(filters, origin, chain.at(chainId), method as never, params);
  return { chain, clock, filters, call };
}

const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof ProviderRpcError ? `${e.code} ${e.message}` : String(e)));

describe('eth_newBlockFilter', () => {
  it('reports the hashes of the blocks verified since the last poll, each once', async () => {
    const { chain, call } = setup();
    const id = (await call('eth_newBlockFilter')) as string;
    expect(id).toMatch(/^0x[0-9a-f]{32}$/);
    expect(await call('eth_getFilterChanges', [id])).toEqual([]);
    chain.build(13n);
    expect(await call('eth_getFilterChanges', [id])).toEqual([chain.hash(11n), chain.hash(12n), chain.hash(13n)]);
    expect(await call('eth_getFilterChanges', [id])).toEqual([]);
    chain.build(14n);
    expect(await call('eth_getFilterChanges', [id])).toEqual([chain.hash(14n)]);
  });

  it('after a reorg, reports the new branch from the block after the last one that stayed', async () => {
    const { chain, call } = setup();
    const id = (await call('eth_newBlockFilter')) as string;
    chain.build(13n);
    await call('eth_getFilterChanges', [id]);
    chain.reorg(12n, 14n, 'b');
    expect(await call('eth_getFilterChanges', [id])).toEqual([chain.hash(12n), chain.hash(13n), chain.hash(14n)]);
  });
});

describe('eth_newFilter', () => {
  it('reports the logs of the blocks verified since it was made, each once; eth_getFilterLogs its whole range', async () => {
    const { chain, call } = setup();
    const id = (await call('eth_newFilter', [{ address: TOKEN, fromBlock: '0x1' }])) as string;
    chain.build(12n, 'a', { 11: 2, 12: 1 });
    const first = (await call('eth_getFilterChanges', [id])) as Log[];
    expect(first.map((l) => [l.blockNumber, l.logIndex])).toEqual([['0xb', '0x0'], ['0xb', '0x1'], ['0xc', '0x0']]);
    // Asked with the page's filter and the range since the last poll.
    expect(chain.queries.at(-1)).toMatchObject({ fromBlock: 11n, toBlock: 12n, filter: { addresses: [expect.any(Uint8Array)] } });
    expect(await call('eth_getFilterChanges', [id])).toEqual([]);
    await call('eth_getFilterLogs', [id]);
    expect(chain.queries.at(-1)).toMatchObject({ fromBlock: 1n });
    expect(chain.queries.at(-1)!.toBlock).toBeUndefined();
  });

  it('after a reorg: the logs of the blocks that left, removed: true, then the new branch’s', async () => {
    const { chain, call } = setup();
    const id = (await call('eth_newFilter', [{ address: TOKEN }])) as string;
    chain.build(14n, 'a', { 11: 1, 13: 2 });
    const before = (await call('eth_getFilterChanges', [id])) as Log[];
    expect(before).toHaveLength(3);
    chain.reorg(12n, 15n, 'b', { 14: 1 });
    const after = (await call('eth_getFilterChanges', [id])) as Log[];
    expect(after).toEqual([
      ...before.slice(1).map((l) => ({ ...l, removed: true })),
      ...chain.blocks.get(14n)!.logs,
    ]);
    // Block 11 stayed: its log is not taken back, and the branch is read from 12.
    expect(chain.queries.at(-1)).toMatchObject({ fromBlock: 12n, toBlock: 15n });
  });

  it('stops at a toBlock below the head, and stops watching blocks once finalized', async () => {
    const { chain, call } = setup();
    const id = (await call('eth_newFilter', [{ toBlock: '0xc' }])) as string;
    chain.build(15n, 'a', { 12: 1, 13: 1 });
    expect(((await call('eth_getFilterChanges', [id])) as Log[]).map((l) => l.blockNumber)).toEqual(['0xc']);
    // Not final yet: each poll reads the newest reported block back to see it stayed.
    const before = chain.blockReads;
    await call('eth_getFilterChanges', [id]);
    expect(chain.blockReads - before).toBe(1);
    chain.finalized = 15n;
    await call('eth_getFilterChanges', [id]);
    const after = chain.blockReads;
    await call('eth_getFilterChanges', [id]);
    expect(chain.blockReads).toBe(after);
  });

  it("refuses a poll past the chain's log limits as eth_getLogs refuses it (-32005): the filter as it was, a reorg's removed logs still to come", async () => {
    const { chain, filters } = setup();
    const id = (await handleFilterMethod(filters, SITE, chain.at(), 'eth_newFilter', [{}])) as string;
    chain.build(11n, 'a', { 11: 1 });
    const first = (await handleFilterMethod(filters, SITE, chain.at(), 'eth_getFilterChanges', [id])) as Log[];
    chain.reorg(11n, 12n, 'b', { 12: 1 });
    const over = { ...chain.at(), reader: { ...chain.reader(), getLogs: async () => Promise.reject(new QueryError('QUERY_LIMIT_EXCEEDED', 'query returned more than 10000 results')) } };
    expect(await code(handleFilterMethod(filters, SITE, over, 'eth_getFilterChanges', [id]))).toBe('-32005 eth_getFilterChanges: query returned more than 10000 results');
    expect(await handleFilterMethod(filters, SITE, chain.at(), 'eth_getFilterChanges', [id])).toEqual([{ ...first[0], removed: true }, ...chain.blocks.get(12n)!.logs]);
  });

  it('refuses a filter that is no filter, as geth does (-32602)', async () => {
    const { call } = setup();
    expect(await code(call('eth_newFilter', [{ fromBlock: '0x5', toBlock: '0x2' }]))).toMatch(/^-32602 eth_newFilter: invalid block range/);
    expect(await code(call('eth_newFilter', [{ address: '0x12' }]))).toMatch(/^-32602 /);
    expect(await code(call('eth_newFilter', [{ blockHash: '0x' + '11'.repeat(32) }]))).toMatch(/^-32602 eth_newFilter: a filter cannot name a blockHash/);
    expect(await code(call('eth_newFilter', ['latest']))).toMatch(/^-32602 /);
    expect(await code(call('eth_getFilterChanges', [7]))).toMatch(/^-32602 /);
    expect(await code(call('eth_newBlockFilter', [{}]))).toMatch(/^-32602 /);
  });
});

describe("a filter's owner and life", () => {
  it("is the origin's and the chain's: another's id, or after a network switch, is 'filter not found'", async () => {
    const { call } = setup();
    const id = (await call('eth_newBlockFilter')) as string;
    expect(await code(call('eth_getFilterChanges', [id], 'https://evil.example'))).toBe('-32000 filter not found');
    expect(await code(call('eth_getFilterChanges', [id], SITE, 5))).toBe('-32000 filter not found');
    expect(await call('eth_uninstallFilter', [id], 'https://evil.example')).toBe(false);
    expect(await call('eth_uninstallFilter', [id])).toBe(true);
    expect(await call('eth_uninstallFilter', [id])).toBe(false);
    expect(await code(call('eth_getFilterChanges', [id]))).toBe('-32000 filter not found');
  });

  it('lives five minutes from its last poll', async () => {
    const { clock, call } = setup();
    const id = (await call('eth_newBlockFilter')) as string;
    clock.now += FILTER_TIMEOUT_MS;
    expect(await call('eth_getFilterChanges', [id])).toEqual([]);
    clock.now += FILTER_TIMEOUT_MS + 1;
    expect(await code(call('eth_getFilterChanges', [id]))).toBe('-32000 filter not found');
  });

  it(`holds at most ${MAX_FILTERS_PER_ORIGIN} filters per origin (-32005), others unaffected`, async () => {
    const { call } = setup();
    for (let i = 0; i < MAX_FILTERS_PER_ORIGIN; i++) await call('eth_newBlockFilter');
    expect(await code(call('eth_newBlockFilter'))).toMatch(/^-32005 /);
    expect(await call('eth_newBlockFilter', [], 'https://other.example')).toMatch(/^0x/);
  });
});
