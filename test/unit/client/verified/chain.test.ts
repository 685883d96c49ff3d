import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import { VerifiedChain } from '../../../../src/client/verified/chain.ts';
import { type VerifiedAnchors, VerifiedHeaders } from '../../../../src/client/verified/headers.ts';
import { bloomMayMatch, logToJson, parseLogFilter } from '../../../../src/execution/logs.ts';
import { asyncErrorCode, io } from '../../execution/helpers.ts';
import { anchorsAt, type ChainServer, chainBlocks, RECORDED_RECEIPTS, startChainServer } from './chain-server.ts';

const chain = chainBlocks();
let honest: ChainServer;
let liar: ChainServer;

beforeAll(async () => {
  [honest, liar] = await Promise.all([startChainServer(), startChainServer()]);
});
afterAll(async () => {
  await Promise.all([honest.close(), liar.close()]);
});
afterEach(() => {
  for (const s of [honest, liar]) {
    s.calls.length = 0;
    s.tamper = undefined;
    s.batches = true;
    s.blockReceipts = true;
  }
});

function client(endpoints: string[], anchors: VerifiedAnchors = anchorsAt(54, 40), options: { maxLogRange?: number; maxLogs?: number } = {}) {
  const rejected: string[] = [];
  const rpc = new ExecutionRpc({ endpoints, timeoutMs: 120_000 });
  const onRejected = (err: { code: string | number }, endpoint: string) => rejected.push(`${endpoint === honest.url ? 'honest' : 'liar'} ${err.code}`);
  const headers = new VerifiedHeaders({ rpc, anchors: () => anchors, onRejected });
  const chainClient = new VerifiedChain({ rpc, headers, onRejected, ...options });
  return { rpc, chain: chainClient, rejected };
}

const hash = (h: string) => hexToBytes(h, 32);
const result = (path: string) => io(path).response.result;

describe('one chain, two lanes', () => {
  it("the pages' lane (through the page lane of the same endpoints) reads what the wallet's lane proved without asking again", async () => {
    const { rpc, chain: wallet } = client([honest.url]);
    const pageRpc = rpc.forPages();
    const pages = wallet.through(pageRpc, wallet.headers.through(pageRpc));
    expect(pageRpc.lane).toBe('page');
    const full = await wallet.getBlock({ number: 1n }, true);
    expect(honest.calls.length).toBeGreaterThan(0);
    honest.calls.length = 0;
    // The block, its body and the headers down to it, proven once: the pages' lane asks nothing.
    expect(await pages.getBlock({ number: 1n }, true)).toEqual(full);
    expect(bytesToHex((await pages.headers.byNumber(30n)).hash)).toBe(bytesToHex(chain[30]!.hash));
    expect(honest.calls).toEqual([]);
    // The newest block's header too, proven once for both lanes.
    const far = await wallet.getBlock('latest', false);
    honest.calls.length = 0;
    expect(bytesToHex((await pages.headers.byNumber(BigInt(far!.number as string))).hash)).toBe(far!.hash);
    expect(honest.calls).toEqual([]);
  });
});

describe('verified chain: answers as geth gives them, every value proven', () => {
  it('blocks, by number, tag and hash, with hashes or full transactions', async () => {
    const { chain: c } = client([honest.url]);
    expect(await c.getBlock('latest', true)).toEqual(result('eth_getBlockByNumber/get-latest.io'));
    expect(await c.getBlock({ hash: chain[1]!.hash }, true)).toEqual(result('eth_getBlockByHash/get-block-by-hash.io'));
    const byNumber = await c.getBlock({ number: 1n }, false);
    expect(byNumber!.transactions).toEqual(result('eth_getBlockByHash/get-block-by-hash.io').transactions.map((t: any) => t.hash));
    expect(await c.getBlock({ hash: new Uint8Array(32) }, true)).toBeNull();
    expect((await c.getBlock('finalized', false))!.number).toBe('0x28');
    expect(await c.getBlockTransactionCount({ number: 1n })).toBe(4);
    expect(await c.getBlockTransactionCount('earliest')).toBe(0);
  });

  it('ommers: proven against sha3Uncles for a pre-merge block, 0 after the merge', async () => {
    const { chain: c } = client([honest.url]);
    const withOmmer = chain.find((b) => b.ommers.length > 0)!;
    expect(await c.getUncleCount({ number: withOmmer.header.number })).toBe(1);
    const block = await c.getBlock({ number: withOmmer.header.number }, false);
    expect(block!.uncles).toEqual(withOmmer.uncles!.map(bytesToHex));
    expect(block!.size).toBe('0x' + withOmmer.size!.toString(16));
    expect(await c.getUncleCount('latest')).toBe(0);
    expect(honest.calls.filter((x) => x.method === 'eth_getUncleByBlockHashAndIndex')).toHaveLength(1);
  });

  it.each(['get-legacy-tx', 'get-legacy-create', 'get-access-list', 'get-dynamic-fee', 'get-blob-tx', 'get-setcode-tx'])('eth_getTransactionByHash %s', async (name) => {
    const { request, response } = io(`eth_getTransactionByHash/${name}.io`);
    expect(await client([honest.url]).chain.getTransactionByHash(hash(request.params[0]))).toEqual(response.result);
  });

  it('transactions by block and index', async () => {
    const { chain: c } = client([honest.url]);
    expect(await c.getTransactionByBlockAndIndex({ number: 1n }, 0)).toEqual(result('eth_getTransactionByBlockNumberAndIndex/get-block-n.io'));
    expect(await c.getTransactionByBlockAndIndex({ hash: chain[1]!.hash }, 0)).toEqual(result('eth_getTransactionByBlockHashAndIndex/get-block-n.io'));
    expect(await c.getTransactionByBlockAndIndex({ number: 1n }, 4)).toBeNull();
  });

  it('receipts: of one transaction, of a block; derived fields computed', async () => {
    const { chain: c } = client([honest.url]);
    for (const name of ['get-legacy-contract', 'get-legacy-input']) {
      const { request, response } = io(`eth_getTransactionReceipt/${name}.io`);
      expect(await c.getTransactionReceipt(hash(request.params[0]))).toEqual(response.result);
    }
    expect(await c.getBlockReceipts('latest')).toEqual(result('eth_getBlockReceipts/get-block-receipts-latest.io'));
    expect(await c.getBlockReceipts({ hash: chain[1]!.hash })).toEqual(result('eth_getBlockReceipts/get-block-receipts-by-hash.io'));
    expect(await c.getBlockReceipts('earliest')).toEqual([]);
    expect(await c.getTransactionReceipt(hash(io('eth_getTransactionReceipt/get-notfound-tx.io').request.params[0]))).toBeNull();
    for (const tx of chain[54]!.transactions) {
      const receipt = await c.getTransactionReceipt(tx.hash);
      expect(receipt).toEqual(RECORDED_RECEIPTS.get(54)![chain[54]!.transactions.indexOf(tx)]);
    }
    // One eth_getBlockReceipts per block: the second receipt of block 54 came from the cache.
    expect(honest.calls.filter((x) => x.method === 'eth_getBlockReceipts' && x.params[0] === bytesToHex(chain[54]!.hash))).toHaveLength(1);
  });

  it("a receipt is not returned when no endpoint gives the rest of its block's receipts (the root needs them all)", async () => {
    const blob = io('eth_getTransactionReceipt/get-blob-tx.io');
    honest.tamper = (m) => (m === 'eth_getTransactionReceipt' ? blob.response.result : undefined);
    expect(await asyncErrorCode(client([honest.url]).chain.getTransactionReceipt(hash(blob.request.params[0])))).toBe('NOT_AVAILABLE');
  });

  it('eth_getLogs: the verified bloom skips blocks; receipts only where it matches; from verified receipts', async () => {
    const { chain: c } = client([honest.url]);
    const address = '0xb1917d669e2a9307d342d04ab74e68ea94c4d11c';
    const expected = result('eth_getBlockReceipts/get-block-receipts-latest.io').flatMap((r: any) => r.logs).filter((l: any) => l.address === address);
    expect(expected).toHaveLength(10);
    const filter = parseLogFilter({ address });
    // The test itself checks that no other block of the range could match.
    expect(chain.slice(30, 54).filter((b) => bloomMayMatch(b.header.logsBloom, filter))).toHaveLength(0);
    expect(await c.getLogs({ fromBlock: 30n, toBlock: 'latest', filter })).toEqual(expected);
    expect(honest.calls.filter((x) => x.method === 'eth_getBlockReceipts').map((x) => x.params[0])).toEqual([bytesToHex(chain[54]!.hash)]);
    // By block hash, with topics.
    const topic = expected[3].topics[0];
    expect(await c.getLogs({ blockHash: chain[54]!.hash, filter: parseLogFilter({ topics: [[topic]] }) })).toEqual(
      result('eth_getBlockReceipts/get-block-receipts-latest.io').flatMap((r: any) => r.logs).filter((l: any) => l.topics[0] === topic),
    );
    expect(await c.getLogs({ fromBlock: 10n, toBlock: 12n, filter: parseLogFilter({ address: '0x' + '00'.repeat(20) }) })).toEqual([]);
  });

  it('logsMatchingAny: several filters, each block read once, each log once, with its verified place; withheld receipts throw', async () => {
    const { chain: c } = client([honest.url]);
    const recorded = result('eth_getBlockReceipts/get-block-receipts-latest.io').flatMap((r: any) => r.logs);
    const address = '0xb1917d669e2a9307d342d04ab74e68ea94c4d11c';
    // Two topic0s of block 54's logs in no other block of the range (the server holds no other receipts): two filters, neither holding the other.
    const onlyHere = (t: string) => chain.slice(30, 54).every((b) => !bloomMayMatch(b.header.logsBloom, parseLogFilter({ topics: [[t]] })));
    const topics: string[] = [...new Set<string>(recorded.map((l: any) => l.topics[0]))].filter((t) => t !== undefined && onlyHere(t)).slice(0, 2);
    expect(topics).toHaveLength(2);
    const [one, two] = topics.map((t) => parseLogFilter({ topics: [[t]] }));
    const byAddress = parseLogFilter({ address });
    const logs = await c.logsMatchingAny(30n, 54n, [one!, two!, one!]);
    const expected = recorded.filter((l: any) => topics.includes(l.topics[0]));
    expect(expected.length).toBeLessThan(recorded.length);
    expect(logs.map(({ log, ...at }) => logToJson(log, at))).toEqual(expected);
    expect(honest.calls.filter((x) => x.method === 'eth_getBlockReceipts').map((x) => x.params[0])).toEqual([bytesToHex(chain[54]!.hash)]);
    expect(await c.logsMatchingAny(30n, 54n, [])).toEqual([]);
    expect(await asyncErrorCode(c.logsMatchingAny(54n, 53n, [byAddress]))).toBe('INVALID_BLOCK_RANGE');
    expect(await asyncErrorCode(client([honest.url], anchorsAt(54), { maxLogRange: 10 }).chain.logsMatchingAny(30n, 54n, [byAddress]))).toBe('QUERY_LIMIT_EXCEEDED');
    // The only endpoint withholds block 54's receipts (and each one's): an error, not fewer logs.
    liar.tamper = (m) => (m === 'eth_getBlockReceipts' || m === 'eth_getTransactionReceipt' ? null : undefined);
    expect(await asyncErrorCode(client([liar.url]).chain.logsMatchingAny(30n, 54n, [one!, byAddress]))).toMatch(/^(NOT_AVAILABLE|ALL_ENDPOINTS_FAILED)$/);
  });

  it('eth_getLogs bounds: the block range and the log count, and a reversed range', async () => {
    const { chain: c } = client([honest.url], anchorsAt(54), { maxLogRange: 10, maxLogs: 5 });
    const filter = parseLogFilter({});
    expect(await asyncErrorCode(c.getLogs({ fromBlock: 1n, toBlock: 54n, filter }))).toBe('QUERY_LIMIT_EXCEEDED');
    expect(await asyncErrorCode(c.getLogs({ fromBlock: 'latest', toBlock: 50n, filter }))).toBe('INVALID_BLOCK_RANGE');
    expect(await asyncErrorCode(c.getLogs({ blockHash: chain[54]!.hash, filter }))).toBe('QUERY_LIMIT_EXCEEDED');
    expect(await asyncErrorCode(c.getLogs({ fromBlock: 50n, toBlock: 55n, filter }))).toBe('BLOCK_NOT_VERIFIED');
  });

  it('falls back to per-transaction receipts where eth_getBlockReceipts is missing, and to single calls where batches are', async () => {
    honest.blockReceipts = false;
    honest.batches = false;
    const { chain: c } = client([honest.url]);
    expect(await c.getBlockReceipts('latest')).toEqual(result('eth_getBlockReceipts/get-block-receipts-latest.io'));
    expect(honest.calls.filter((x) => x.method === 'eth_getTransactionReceipt')).toHaveLength(4);
    expect(honest.calls.filter((x) => x.method === 'eth_getBlockReceipts')).toHaveLength(1);
  });

  it('a pending transaction, or one in a block newer than every verified head: its signed fields, no position; no receipt yet', async () => {
    const tx = chain[54]!.transactions[2]!;
    const { chain: c } = client([honest.url], anchorsAt(50));
    const pending = await c.getTransactionByHash(tx.hash);
    expect(pending).toMatchObject({ blockHash: null, blockNumber: null, transactionIndex: null, hash: bytesToHex(tx.hash), from: bytesToHex(tx.from!) });
    expect(await c.getTransactionReceipt(tx.hash)).toBeNull();
    liar.tamper = (method, _params, r: any) => (method === 'eth_getTransactionByHash' ? { ...r, blockHash: null, blockNumber: null, transactionIndex: null } : undefined);
    expect(await client([liar.url]).chain.getTransactionByHash(tx.hash)).toMatchObject({ blockHash: null, from: bytesToHex(tx.from!) });
  });
});

describe('verified chain: the lying RPC never changes a returned value', () => {
  const receiptOf = (n: number, i: number) => chain[n]!.transactions[i]!.hash;

  it.each([
    ['a forged transaction (tx-forge)', 'TRANSACTIONS_ROOT_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockByHash' && r.transactions.length ? (r.transactions[1].value = '0x1', r) : undefined)],
    ['a dropped transaction', 'TRANSACTIONS_ROOT_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockByHash' && r.transactions.length ? (r.transactions.pop(), r) : undefined)],
    ['a header that does not link (header-unlinked)', 'HEADER_HASH_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockByNumber' ? (r.receiptsRoot = '0x' + '11'.repeat(32), r) : undefined)],
    ['a forged receipt (receipt-forge)', 'RECEIPTS_ROOT_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockReceipts' && r.length ? (r[3].status = '0x0', r) : undefined)],
    ['a dropped log (logs-drop)', 'RECEIPTS_ROOT_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockReceipts' && r.length ? (r[1].logs.splice(2, 1), r) : undefined)],
    ['a missing receipt', 'RECEIPTS_ROOT_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockReceipts' && r.length ? r.slice(0, -1) : undefined)],
    ['a wrong receipt bloom', 'RECEIPTS_ROOT_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockReceipts' && r.length ? (r[1].logsBloom = '0x' + 'ff'.repeat(256), r) : undefined)],
    ['a wrong header bloom, to hide logs', 'HEADER_HASH_MISMATCH', (m: string, _p: any[], r: any) => (m === 'eth_getBlockByNumber' ? (r.logsBloom = '0x' + '00'.repeat(256), r) : undefined)],
    ['a transaction placed in another block', 'TRANSACTION_NOT_IN_BLOCK', (m: string, _p: any[], r: any) => (m === 'eth_getTransactionReceipt' ? { ...r, blockNumber: '0x35', blockHash: bytesToHex(chain[53]!.hash) } : undefined)],
  ])('%s: refused alone (%s); with an honest endpoint too, the honest answer', async (_, code, tamper) => {
    const expectedReceipt = RECORDED_RECEIPTS.get(54)![1];
    const expectedLogs = RECORDED_RECEIPTS.get(54)!.flatMap((r: any) => r.logs);
    liar.tamper = tamper;
    const alone = client([liar.url]).chain;
    const failures = await Promise.all([
      asyncErrorCode(alone.getTransactionReceipt(receiptOf(54, 1))),
      asyncErrorCode(alone.getLogs({ fromBlock: 54n, toBlock: 54n, filter: parseLogFilter({}) })),
    ]);
    expect(failures).toContain(code);
    for (const f of failures) expect(f === code || f === undefined).toBe(true);
    const { chain: c, rpc, rejected } = client([liar.url, honest.url]);
    expect(await c.getTransactionReceipt(receiptOf(54, 1))).toEqual(expectedReceipt);
    expect(await c.getLogs({ fromBlock: 54n, toBlock: 54n, filter: parseLogFilter({}) })).toEqual(expectedLogs);
    expect(rejected.some((r) => r === `liar ${code}`)).toBe(true);
    expect(rpc.endpoints[0]).toBe(honest.url);
  });

  it('a forged sender, hash or position in the JSON changes nothing Vigil returns', async () => {
    liar.tamper = (m, _p, r: any) => {
      if (m === 'eth_getBlockByHash') for (const t of r.transactions) Object.assign(t, { from: '0x' + '11'.repeat(20), hash: '0x' + '22'.repeat(32), transactionIndex: '0x9' });
      if (m === 'eth_getBlockReceipts') for (const x of r) Object.assign(x, { from: '0x' + '11'.repeat(20), gasUsed: '0x1', effectiveGasPrice: '0x2', contractAddress: null });
      return r;
    };
    const { chain: c, rejected } = client([liar.url]);
    expect(await c.getBlock({ number: 1n }, true)).toEqual(result('eth_getBlockByHash/get-block-by-hash.io'));
    expect(await c.getBlockReceipts({ number: 1n })).toEqual(result('eth_getBlockReceipts/get-block-receipts-by-hash.io'));
    expect(rejected).toEqual([]);
  });

  it('a transaction that does not hash to the hash asked for is refused', async () => {
    liar.tamper = (m, _p, r: any) => (m === 'eth_getTransactionByHash' ? { ...r, nonce: '0x7' } : undefined);
    const tx = chain[45]!.transactions[1]!;
    expect(await asyncErrorCode(client([liar.url]).chain.getTransactionByHash(tx.hash))).toBe('TRANSACTION_HASH_MISMATCH');
    const { chain: c } = client([liar.url, honest.url]);
    expect(await c.getTransactionByHash(tx.hash)).toEqual(result('eth_getTransactionByHash/get-setcode-tx.io'));
  });

  it('a receipt placed above the verified head is lag, not absence: the others are asked, then the head is waited for', async () => {
    const tx = chain[54]!.transactions[1]!;
    const expected = RECORDED_RECEIPTS.get(54)![1];
    // One endpoint says block 99 (above the head): the other proves it; lag demotes no one.
    liar.tamper = (m, _p, r: any) => (m === 'eth_getTransactionReceipt' && r ? { ...r, blockNumber: '0x63' } : undefined);
    const both = client([liar.url, honest.url]);
    expect(await both.chain.getTransactionReceipt(tx.hash)).toEqual(expected);
    expect(both.rejected).toEqual([]);
    expect(both.rpc.endpoints).toEqual([liar.url, honest.url]);
    // Every endpoint is ahead of the head (50): the lookup waits for the head to reach 54, then proves it.
    const anchors = anchorsAt(50);
    const waited: bigint[] = [];
    const rpc = new ExecutionRpc({ endpoints: [honest.url], timeoutMs: 120_000 });
    const headers = new VerifiedHeaders({ rpc, anchors: () => anchors });
    const waiting = new VerifiedChain({
      rpc,
      headers,
      waitForBlock: async (n) => {
        waited.push(n);
        Object.assign(anchors, anchorsAt(54));
        return true;
      },
    });
    expect(await waiting.getTransactionReceipt(tx.hash)).toEqual(expected);
    expect(waited).toEqual([54n]);
    // The head never comes: not found yet (null), never an error.
    const never = new VerifiedChain({ rpc, headers: new VerifiedHeaders({ rpc, anchors: () => anchorsAt(50) }), waitForBlock: async () => false });
    expect(await never.getTransactionReceipt(tx.hash)).toBeNull();
  });

  it("a failure while proving one endpoint's answer ends only that endpoint's turn", async () => {
    const tx = chain[54]!.transactions[1]!;
    // The liar places it in block 1, further below the head than this client walks: HEADER_TOO_FAR, then the honest answer.
    liar.tamper = (m, _p, r: any) => (m === 'eth_getTransactionReceipt' && r ? { ...r, blockNumber: '0x1' } : undefined);
    const rpc = new ExecutionRpc({ endpoints: [liar.url, honest.url], timeoutMs: 120_000 });
    const c = new VerifiedChain({ rpc, headers: new VerifiedHeaders({ rpc, anchors: () => anchorsAt(54), maxWalk: 10 }) });
    expect(await c.getTransactionReceipt(tx.hash)).toEqual(RECORDED_RECEIPTS.get(54)![1]);
    expect(await asyncErrorCode(new VerifiedChain({ rpc: new ExecutionRpc({ endpoints: [liar.url], timeoutMs: 120_000 }), headers: new VerifiedHeaders({ rpc, anchors: () => anchorsAt(54), maxWalk: 10 }) }).getTransactionReceipt(tx.hash))).toBe('HEADER_TOO_FAR');
  });

  it('a hidden transaction is null only when no endpoint shows it', async () => {
    liar.tamper = (m) => (m === 'eth_getTransactionByHash' || m === 'eth_getTransactionReceipt' ? null : undefined);
    const tx = chain[54]!.transactions[0]!;
    expect(await client([liar.url]).chain.getTransactionByHash(tx.hash)).toBeNull();
    expect(await client([liar.url]).chain.getTransactionReceipt(tx.hash)).toBeNull();
    expect((await client([liar.url, honest.url]).chain.getTransactionReceipt(tx.hash))!.transactionHash).toBe(bytesToHex(tx.hash));
  });
});
