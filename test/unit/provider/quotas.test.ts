/**
 * Per-origin quotas on the reads that cost the user's endpoints (src/provider/quotas.ts,
 * metered-reads.ts), played by a greedy page: eth_getLogs' block span and results against a
 * real verified chain over the execution-apis test chain, receipts, eth_feeHistory's blocks and
 * calls' gas, the headers walked to older blocks and their bodies, account proofs, and sends that
 * are only refused. Over quota the page gets -32005 with data.code QUOTA_EXCEEDED, the resource
 * and when to retry; another origin is untouched; the bucket refills with time. One budget per
 * origin: the app host's filters and subscriptions spend the service worker's (levels in, spends
 * out), however the page splits its requests between them.
 */
import { chainCall } from '../../../src/provider/chain-call.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../src/client/verified/execution-rpc.ts';
import { callBlockOf, type CallBlock, type ExecutionReader } from '../../../src/client/verified/execution-reader.ts';
import { VerifiedChain } from '../../../src/client/verified/chain.ts';
import { VerifiedHeaders } from '../../../src/client/verified/headers.ts';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { handleExecutionMethod } from '../../../src/provider/execution-methods.ts';
import { createRequestHandler, type ProviderBackend, toProviderError } from '../../../src/provider/handler.ts';
import { meteredExecution } from '../../../src/provider/metered-reads.ts';
import { applySpends, MAX_ORIGINS, OriginQuotas, QuotaError, type QuotaSpend, SharedQuotas } from '../../../src/provider/quotas.ts';
import type { WalletBackend } from '../../../src/provider/wallet-methods.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { HEAD } from './helpers.ts';
import { anchorsAt, type ChainServer, chainBlocks, startChainServer } from '../client/verified/chain-server.ts';
import { CALL_ENV } from './helpers.ts';

const PAGE = 'https://greedy.example';
const OTHER = 'https://other.example';
const chain = chainBlocks();
let server: ChainServer;
beforeAll(async () => {
  server = await startChainServer();
});
afterAll(() => server.close());

const rpcError = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof ProviderRpcError ? e : toProviderError(e)).toJSON(),
  );

function handler(quotas: OriginQuotas, clock: { now: number }, more: Partial<ProviderBackend> = {}) {
  const rpc = new ExecutionRpc({ endpoints: [server.url], timeoutMs: 120_000 });
  const headers = new VerifiedHeaders({ rpc, anchors: () => anchorsAt(54, 40) });
  const verified = new VerifiedChain({ rpc, headers });
  const backend: ProviderBackend = {
    chainId: () => 1,
    verifiedHeads: () => ({ optimistic: undefined, finalized: undefined, recent: [] }),
    readAccount: () => Promise.reject(new Error('not used')),
    now: () => clock.now,
    chain: () => chainCall(verified),
    ...more,
  };
  return createRequestHandler(backend, undefined, { quotas });
}

describe('OriginQuotas', () => {
  it('takes from a bucket per origin and resource, refills it by the minute, and says when to retry', () => {
    const q = new OriginQuotas({ logBlocks: { capacity: 100, perMinute: 60 } });
    q.take(PAGE, 'logBlocks', 100, 0);
    const err = (() => {
      try {
        q.take(PAGE, 'logBlocks', 30, 10_000);
      } catch (e) {
        return e as QuotaError;
      }
    })();
    expect(err).toBeInstanceOf(QuotaError);
    expect(err).toMatchObject({ code: 'QUOTA_EXCEEDED', resource: 'logBlocks', retryAfterMs: 20_000 });
    q.take(OTHER, 'logBlocks', 100, 10_000); // another origin has its own
    q.take(PAGE, 'logBlocks', 30, 30_000);
    // More than the bucket ever holds: no retry helps.
    expect(() => q.take(PAGE, 'logBlocks', 101, 10_000_000)).toThrow(expect.objectContaining({ retryAfterMs: 0 }));
    // A clock that goes back refills nothing.
    expect(q.available(PAGE, 'logBlocks', 0)).toBe(100);
    q.take(PAGE, 'logBlocks', 100, 10_000_000);
    expect(q.available(PAGE, 'logBlocks', 5)).toBe(0);
  });

  it('runs into debt for work charged after the fact, and pays it off before the next', () => {
    const q = new OriginQuotas({ logResults: { capacity: 10, perMinute: 60 } });
    q.charge(PAGE, 'logResults', 25, 0);
    expect(q.available(PAGE, 'logResults', 0)).toBe(-15);
    expect(() => q.take(PAGE, 'logResults', 1, 10_000)).toThrow(QuotaError);
    expect(q.available(PAGE, 'logResults', 16_000)).toBe(1);
    q.refund(PAGE, 'logResults', 100, 16_000);
    expect(q.available(PAGE, 'logResults', 16_000)).toBe(10);
  });

  it(`keeps at most ${MAX_ORIGINS} origins, the least recently used forgotten first`, () => {
    const q = new OriginQuotas({ receiptBlocks: { capacity: 1, perMinute: 1 } });
    q.take(PAGE, 'receiptBlocks', 1, 0);
    for (let i = 0; i < MAX_ORIGINS - 1; i++) q.take(`https://s${i}.example`, 'receiptBlocks', 1, 0);
    expect(q.available(PAGE, 'receiptBlocks', 0)).toBe(0); // still known (and now the most recent)
    q.take('https://one-more.example', 'receiptBlocks', 1, 0);
    expect(q.available('https://s0.example', 'receiptBlocks', 0)).toBe(1); // forgotten: a fresh bucket
    expect(q.available(PAGE, 'receiptBlocks', 0)).toBe(0);
  });
});

describe('a page over its quota gets -32005', () => {
  it("eth_getLogs: its block span is taken before anything is fetched; past it, nothing goes to the endpoint", async () => {
    const clock = { now: 1_000_000 };
    const handle = handler(new OriginQuotas({ logBlocks: { capacity: 40, perMinute: 60 } }), clock);
    // An address whose logs are in block 54 only (the verified blooms skip the others).
    const logs = (origin: string, from: number, to: number) =>
      handle(origin, { method: 'eth_getLogs', params: [{ fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, address: '0xb1917d669e2a9307d342d04ab74e68ea94c4d11c' }] });
    expect(await logs(PAGE, 30, 54)).toHaveLength(10);
    server.calls.length = 0;
    expect(await rpcError(logs(PAGE, 30, 54))).toEqual({
      code: -32005,
      message: "limit exceeded: eth_getLogs block range: this site's quota is spent, retry later: expected <= 15, got 25",
      data: { code: 'QUOTA_EXCEEDED', resource: 'logBlocks', retryAfterMs: 10_000 },
    });
    expect(server.calls).toEqual([]);
    // Another site is not held back by this one; this one is served again once its bucket refilled.
    expect(await logs(OTHER, 30, 54)).toHaveLength(10);
    clock.now += 10_000;
    expect(await logs(PAGE, 30, 54)).toHaveLength(10);
    // Past the per-request cap: refused as before (QUERY_LIMIT_EXCEEDED), and not charged.
    clock.now += 60_000;
    expect(await rpcError(logs(PAGE, 0, 1100))).toMatchObject({ code: -32005, data: { code: 'QUERY_LIMIT_EXCEEDED' } });
    expect(await logs(PAGE, 30, 54)).toHaveLength(10);
  });

  it('eth_getLogs: the logs it returns count; the query ends once they pass what is left', async () => {
    const clock = { now: 0 };
    const handle = handler(new OriginQuotas({ logResults: { capacity: 12, perMinute: 12 } }), clock);
    const blockLogs = (n: number) => handle(PAGE, { method: 'eth_getLogs', params: [{ blockHash: bytesToHex(chain[n]!.hash) }] });
    const first = (await blockLogs(54)) as unknown[];
    expect(first.length).toBeGreaterThan(6);
    expect(first.length).toBeLessThanOrEqual(12);
    expect(await rpcError(blockLogs(54))).toMatchObject({ code: -32005, data: { code: 'QUOTA_EXCEEDED', resource: 'logResults' } });
    clock.now += 60_000;
    expect(await blockLogs(54)).toHaveLength(first.length);
  });

  it('receipts: each lookup takes a block of receipts', async () => {
    const clock = { now: 0 };
    const handle = handler(new OriginQuotas({ receiptBlocks: { capacity: 2, perMinute: 1 } }), clock);
    const receipts = () => handle(PAGE, { method: 'eth_getBlockReceipts', params: ['latest'] });
    await receipts();
    await handle(PAGE, { method: 'eth_getTransactionReceipt', params: [bytesToHex(chain[54]!.transactions[0]!.hash)] });
    expect(await rpcError(receipts())).toMatchObject({ code: -32005, data: { resource: 'receiptBlocks', retryAfterMs: 60_000 } });
    clock.now += 60_000;
    expect(await receipts()).toHaveLength(chain[54]!.transactions.length);
  });
});

describe('execution reads over quota', () => {
  const heads = (): CallBlock => callBlockOf(CALL_ENV);
  const reader = (gasUsed: string): ExecutionReader & { runs: number } => {
    const r = {
      runs: 0,
      async run() {
        r.runs++;
        return { outcome: { status: 'success' as const, returnData: '0x', gasUsed }, steps: 1, proven: { accounts: 0, slots: 0 }, endpoints: [] };
      },
      sendRawTransaction: async () => ({ hash: '0x' }),
      suggestedTip: async () => 1n,
      feeHistory: async (count: number) => ({ oldestBlock: '0x' + (100 - count + 1).toString(16) }),
    };
    return r;
  };

  it("eth_call reserves its gas limit (the block's when it names none) and gives back what it did not use", async () => {
    const quotas = new OriginQuotas({ callGas: { capacity: 60_000_000, perMinute: 60_000_000 } });
    const r = reader('0x5208');
    const metered = meteredExecution(r, { quotas, origin: PAGE, now: () => 0 });
    // Three calls at the block's limit could not all be reserved; each gives back all but 21000.
    for (let i = 0; i < 3; i++) await handleExecutionMethod(metered, heads, 'eth_call', [{ to: '0x' + '11'.repeat(20) }]);
    expect(quotas.available(PAGE, 'callGas', 0)).toBe(60_000_000 - 3 * 21_000);
    const greedy = meteredExecution(reader('0x1c9c380'), { quotas, origin: PAGE, now: () => 0 });
    await handleExecutionMethod(greedy, heads, 'eth_estimateGas', [{ to: '0x' + '11'.repeat(20) }]);
    const e = await rpcError(handleExecutionMethod(greedy, heads, 'eth_call', [{ to: '0x' + '11'.repeat(20) }]));
    expect(e).toMatchObject({ code: -32005, data: { code: 'QUOTA_EXCEEDED', resource: 'callGas' } });
    // A call that names a small gas limit still fits.
    await handleExecutionMethod(greedy, heads, 'eth_call', [{ to: '0x' + '11'.repeat(20), gas: '0x5208' }]);
  });

  it('eth_feeHistory takes its block count', async () => {
    const quotas = new OriginQuotas({ feeHistoryBlocks: { capacity: 1024, perMinute: 1024 } });
    const metered = meteredExecution(reader('0x0'), { quotas, origin: PAGE, now: () => 0 });
    await handleExecutionMethod(metered, heads, 'eth_feeHistory', ['0x300', 'latest']);
    expect(await rpcError(handleExecutionMethod(metered, heads, 'eth_feeHistory', ['0x200', 'latest']))).toMatchObject({ code: -32005, data: { resource: 'feeHistoryBlocks' } });
    await handleExecutionMethod(metered, heads, 'eth_feeHistory', ['0x100', 'latest']);
  });
});

describe('what else costs the endpoints', () => {
  const hex = (n: number) => `0x${n.toString(16)}`;

  it('a block read takes the headers walked from the newest head down to it, and its body; past them, nothing goes to the endpoint', async () => {
    const clock = { now: 0 };
    const quotas = new OriginQuotas({ headerBlocks: { capacity: 60, perMinute: 60 } });
    const handle = handler(quotas, clock);
    // Block 30 is 25 blocks below the newest verified head (54): linked by walking down to it.
    expect(await handle(PAGE, { method: 'eth_getBlockByNumber', params: [hex(30), false] })).toMatchObject({ number: hex(30) });
    expect(quotas.available(PAGE, 'headerBlocks', 0)).toBe(35);
    await handle(PAGE, { method: 'eth_getTransactionByBlockNumberAndIndex', params: [hex(30), '0x0'] });
    server.calls.length = 0;
    expect(await rpcError(handle(PAGE, { method: 'eth_getBlockTransactionCountByNumber', params: [hex(30)] }))).toMatchObject({ code: -32005, data: { code: 'QUOTA_EXCEEDED', resource: 'headerBlocks' } });
    expect(server.calls).toEqual([]);
    // The newest block is one header; another site has its own budget.
    expect(await handle(PAGE, { method: 'eth_getBlockByNumber', params: ['latest', false] })).toMatchObject({ number: hex(54) });
    await handle(OTHER, { method: 'eth_getBlockByNumber', params: [hex(30), false] });
  });

  it('a block named by hash is charged its walk once its number is known; a log query the walk down to its range', async () => {
    const clock = { now: 0 };
    const quotas = new OriginQuotas({ headerBlocks: { capacity: 100, perMinute: 100 } });
    const handle = handler(quotas, clock);
    await handle(PAGE, { method: 'eth_getBlockByHash', params: [bytesToHex(chain[30]!.hash), false] });
    expect(quotas.available(PAGE, 'headerBlocks', 0)).toBe(75);
    await handle(PAGE, { method: 'eth_getLogs', params: [{ fromBlock: hex(30), toBlock: hex(32), address: '0xb1917d669e2a9307d342d04ab74e68ea94c4d11c' }] });
    expect(quotas.available(PAGE, 'headerBlocks', 0)).toBe(50);
    expect(quotas.available(PAGE, 'logBlocks', 0)).toBe(16_384 - 3);
  });

  it("each block body counts (eth_getBlockByNumber, eth_getTransactionByHash …), but not a header alone", async () => {
    const clock = { now: 0 };
    const quotas = new OriginQuotas({ blockBodies: { capacity: 3, perMinute: 1 } });
    const handle = handler(quotas, clock);
    await handle(PAGE, { method: 'eth_getBlockByNumber', params: ['latest', true] });
    await handle(PAGE, { method: 'eth_getBlockByNumber', params: ['latest', false] });
    await handle(PAGE, { method: 'eth_getTransactionByHash', params: [bytesToHex(chain[54]!.transactions[0]!.hash)] });
    server.calls.length = 0;
    expect(await rpcError(handle(PAGE, { method: 'eth_getBlockByNumber', params: ['latest', false] }))).toMatchObject({ code: -32005, data: { resource: 'blockBodies', retryAfterMs: 60_000 } });
    expect(server.calls).toEqual([]);
    clock.now += 60_000;
    await handle(PAGE, { method: 'eth_getBlockByNumber', params: ['latest', false] });
  });

  it('account proofs: eth_getBalance, eth_getTransactionCount, eth_getCode, eth_getStorageAt each take theirs before the proof is fetched', async () => {
    const clock = { now: 0 };
    const quotas = new OriginQuotas({ accountProofs: { capacity: 5, perMinute: 5 } });
    let proofs = 0;
    const handle = handler(quotas, clock, {
      verifiedHeads: () => ({ optimistic: HEAD, finalized: HEAD, recent: [] }),
      readAccount: async (r) => (proofs++, { address: r.address, balance: '0x1', nonce: '0x2', codeHash: '0x', storageHash: '0x', code: '0x60', storage: r.storageKeys.map((key) => ({ key, value: '0x0' })) }) as never,
    });
    const account = '0x' + '11'.repeat(20);
    await handle(PAGE, { method: 'eth_getBalance', params: [account, 'latest'] });
    await handle(PAGE, { method: 'eth_getTransactionCount', params: [account, 'latest'] });
    await handle(PAGE, { method: 'eth_getStorageAt', params: [account, '0x0', 'latest'] }); // the proof and its slot
    expect(await rpcError(handle(PAGE, { method: 'eth_getCode', params: [account, 'latest'] }))).toMatchObject({ code: -32005, data: { resource: 'accountProofs' } });
    expect(proofs).toBe(3);
    await handle(OTHER, { method: 'eth_getBalance', params: [account, 'latest'] });
    expect(proofs).toBe(4);
  });

  it('sends that are only refused: each takes one before it is prepared; those that reach the user give it back; past them, -32005 before any preparing', async () => {
    const clock = { now: 0 };
    const quotas = new OriginQuotas({ refusedSends: { capacity: 3, perMinute: 1 } });
    let prepared = 0;
    let outcome: 'refused' | 'rejected' | 'signed' = 'refused';
    const send = async () => {
      prepared++;
      if (outcome === 'refused') throw new WalletError('STALE_HEAD', 'the newest verified head is too old');
      if (outcome === 'rejected') throw new WalletError('USER_REJECTED', 'the user rejected the request');
      return '0x' + 'ab'.repeat(32);
    };
    const wallet = { accounts: async () => ['0x' + '11'.repeat(20)], sendTransaction: send, sendCalls: async () => ({ id: await send() }) } as unknown as WalletBackend;
    const handle = handler(quotas, clock, { wallet: () => wallet });
    const tx = () => handle(PAGE, { method: 'eth_sendTransaction', params: [{ to: '0x' + '22'.repeat(20), value: '0x1' }] });
    // Signed, or rejected by the user: nothing spent.
    outcome = 'signed';
    await tx();
    outcome = 'rejected';
    expect(await rpcError(tx())).toMatchObject({ code: 4001 });
    expect(quotas.available(PAGE, 'refusedSends', 0)).toBe(3);
    // Refused: a batch of two takes two, a transaction one.
    outcome = 'refused';
    expect(await rpcError(handle(PAGE, { method: 'wallet_sendCalls', params: [{ version: '2.0.0', chainId: '0x1', calls: [{ to: '0x' + '22'.repeat(20) }, { to: '0x' + '33'.repeat(20) }] }] }))).toMatchObject({ data: { code: 'STALE_HEAD' } });
    expect(await rpcError(tx())).toMatchObject({ data: { code: 'STALE_HEAD' } });
    const before = prepared;
    expect(await rpcError(tx())).toMatchObject({ code: -32005, data: { code: 'QUOTA_EXCEEDED', resource: 'refusedSends', retryAfterMs: 60_000 } });
    expect(prepared).toBe(before);
    clock.now += 60_000;
    expect(await rpcError(tx())).toMatchObject({ data: { code: 'STALE_HEAD' } });
  });
});

describe('typed data and tokens to follow, reviewed with proofs before any window', () => {
  it('are charged as sends: a page looping refused eth_signTypedData_v4 or wallet_watchAsset runs out, before any review', async () => {
    const clock = { now: 0 };
    const quotas = new OriginQuotas({ refusedSends: { capacity: 2, perMinute: 1 } });
    let reviewed = 0;
    const refuse = async (): Promise<never> => {
      reviewed++;
      throw new WalletError('TOKEN_METADATA_MISMATCH', 'the symbol offered is not the token\'s own');
    };
    const wallet = { accounts: async () => ['0x' + '11'.repeat(20)], signTypedData: refuse, watchAsset: refuse } as unknown as WalletBackend;
    const handle = handler(quotas, clock, { wallet: () => wallet });
    const token = { type: 'ERC20', options: { address: '0x' + '22'.repeat(20), symbol: 'FAKE', decimals: 18 } };
    expect(await rpcError(handle(PAGE, { method: 'wallet_watchAsset', params: token }))).toMatchObject({ data: { code: 'TOKEN_METADATA_MISMATCH' } });
    expect(await rpcError(handle(PAGE, { method: 'eth_signTypedData_v4', params: ['0x' + '11'.repeat(20), '{}'] }))).toMatchObject({ data: { code: 'TOKEN_METADATA_MISMATCH' } });
    expect(await rpcError(handle(PAGE, { method: 'wallet_watchAsset', params: token }))).toMatchObject({ code: -32005, data: { resource: 'refusedSends' } });
    expect(reviewed).toBe(2);
  });
});

describe('one budget per origin across the service worker and the app host', () => {
  it("the app host spends the service worker's levels and reports each spend back: a page gets no second budget by splitting its requests", async () => {
    const now = 0;
    const limits = { logResults: { capacity: 100, perMinute: 1 } };
    const worker = new OriginQuotas(limits);
    const reported: QuotaSpend[][] = [];
    const host = new SharedQuotas((spends) => reported.push(spends), limits);
    // The page spends 70 in the service worker (eth_getLogs).
    worker.take(PAGE, 'logResults', 70, now);
    // Its filter poll goes to the app host with the worker's levels: 30 left there too.
    host.adopt(PAGE, worker.levels(PAGE, now), now);
    expect(host.available(PAGE, 'logResults', now)).toBe(30);
    expect(() => host.take(PAGE, 'logResults', 31, now)).toThrow(QuotaError);
    host.take(PAGE, 'logResults', 25, now);
    host.refund(PAGE, 'logResults', 5, now);
    host.take(OTHER, 'logResults', 1, now);
    await Promise.resolve();
    // One report per turn, back to the worker: the worker's next request sees what the app host spent.
    expect(reported).toEqual([[{ origin: PAGE, resource: 'logResults', amount: 25 }, { origin: PAGE, resource: 'logResults', amount: -5 }, { origin: OTHER, resource: 'logResults', amount: 1 }]]);
    applySpends(worker, reported[0], now);
    expect(worker.available(PAGE, 'logResults', now)).toBe(10);
    expect(() => worker.take(PAGE, 'logResults', 11, now)).toThrow(QuotaError);
    // A malformed report changes nothing.
    applySpends(worker, [{ origin: PAGE, resource: 'nothing', amount: 5 }, { origin: PAGE, resource: 'logResults', amount: Number.NaN }, null], now);
    expect(worker.available(PAGE, 'logResults', now)).toBe(10);
  });
});
