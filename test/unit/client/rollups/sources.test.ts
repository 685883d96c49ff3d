/**
 * The follower's sources for optimistic rollups: code by eth_getCode at the head's block, and the
 * L2 header an adapter asks for — by number, by hash, or the block hash the newest L1 event in
 * verified receipts names (window by window back from the head) — fetched from the L2 RPC and
 * re-encoded to the RLP its hash is of (a real mainnet header here).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import { rollupSources } from '../../../../src/client/rollups/sources.ts';
import type { VerifiedChain } from '../../../../src/client/verified/chain.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { listen } from '../../../../src/devnet/http-util.ts';

const block = JSON.parse(readFileSync(new URL('../../../fixtures/mainnet-call/header.json', import.meta.url), 'utf8')) as Record<string, string>;
const calls: { method: string; params: unknown[] }[] = [];
let logs: unknown[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { id, method, params } = JSON.parse(body) as { id: number; method: string; params: unknown[] };
      calls.push({ method, params });
      const result =
        method === 'eth_getCode' ? '0x6001'
        : method === 'eth_getLogs' ? logs
        : method === 'eth_getBlockByHash' ? (params[0] === block.hash ? block : null)
        : method === 'eth_getBlockByNumber' ? (params[0] === block.number ? block : null)
        : null;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    });
  });
  await listen(server, 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const head = { blockNumber: 20_000n, blockHash: '0x' + '11'.repeat(32), stateRoot: '0x' + '22'.repeat(32), timestamp: 1n };
/** Verified logs by window: the fake chain answers `logsAt(to)` for the window ending at `to`. */
let logsAt: (to: bigint) => unknown[] = () => [];
const windows: [bigint, bigint, number][] = [];
const chain = {
  getLogs: async (q: { fromBlock: bigint; toBlock: bigint; filter: { addresses: Uint8Array[]; topics: Uint8Array[][] } }) => {
    windows.push([q.fromBlock, q.toBlock, q.filter.topics.length]);
    return logsAt(q.toBlock);
  },
} as unknown as VerifiedChain;
const sources = () =>
  rollupSources({ rpc: new ExecutionRpc({ endpoints: [url] }), chain, l2Rpc: url, verifyProof: async () => true, readStorage: async () => ({ codeHash: '0x', storage: new Map() }) });

describe('rollupSources for optimistic rollups', () => {
  it("reads code at the head's block", async () => {
    calls.length = 0;
    expect(await sources().readCode!(head, '0x' + 'ab'.repeat(20))).toEqual(new Uint8Array([0x60, 0x01]));
    expect(calls).toEqual([{ method: 'eth_getCode', params: ['0x' + 'ab'.repeat(20), '0x4e20'] }]);
  });

  it('fetches an L2 header by number or hash as the RLP its hash is of', async () => {
    const byNumber = await sources().l2Header!({ blockNumber: BigInt(block.number!) }, head);
    expect(bytesToHex(keccak256(byNumber!.header!))).toBe(block.hash);
    expect(byNumber!.l1Log).toBeUndefined();
    const byHash = await sources().l2Header!({ blockHash: block.hash! }, head);
    expect(byHash).toEqual(byNumber);
    expect(await sources().l2Header!({ blockHash: '0x' + '00'.repeat(32) }, head)).toBeNull();
  });

  it('takes the block hash from the newest verified L1 log of the event, window by window back from the head', async () => {
    const event = { address: '0x' + 'cc'.repeat(20), topic0: '0x' + 'dd'.repeat(32), topic1: '0x' + 'ee'.repeat(32), word: 1 };
    const log = (hash: string) => ({ address: event.address, topics: [event.topic0, event.topic1], data: '0x' + '00'.repeat(32) + hash.slice(2) });
    // As the verified chain gives them: with their block and transaction.
    const placed = (hash: string) => ({ ...log(hash), blockNumber: '0x4a00', blockTimestamp: '0x5', transactionHash: '0x' + '77'.repeat(32) });
    // Nothing in the newest window; two logs in the one before: the later one counts.
    logsAt = (to) => (to === 20_000n ? [] : [placed('0x' + '99'.repeat(32)), placed(block.hash!)]);
    windows.length = 0;
    const found = await sources().l2Header!({ l1Event: event }, head);
    expect(bytesToHex(keccak256(found!.header!))).toBe(block.hash);
    expect(found!.l1Log).toEqual(log(block.hash!));
    expect(windows).toEqual([[18_977n, 20_000n, 2], [17_953n, 18_976n, 2]]);
    // None within seven windows (about a day): nothing found.
    logsAt = () => [];
    windows.length = 0;
    expect(await sources().l2Header!({ l1Event: event }, head)).toBeNull();
    expect(windows).toHaveLength(7);
    expect(windows.at(-1)).toEqual([12_833n, 13_856n, 2]);
  });

  it('finds the newest L1 log of a query (any topic where null) with its block, time and transaction; else the oldest block searched', async () => {
    const address = '0x' + 'cc'.repeat(20);
    const topic = '0x' + 'dd'.repeat(32);
    const at = (n: number, tx: string, data = '0x') => ({ address, topics: [topic, '0x' + '01'.repeat(32)], data, blockNumber: '0x' + n.toString(16), blockTimestamp: '0x64', transactionHash: tx });
    const TX_A = '0x' + 'a1'.repeat(32);
    const TX_B = '0x' + 'b2'.repeat(32);
    logsAt = (to) => (to === 20_000n ? [at(19_990, TX_A, '0x01'), at(19_995, TX_B, '0x02')] : []);
    windows.length = 0;
    const found = await sources().l2Header!({ l1Log: { address, topics: [topic, null], withinBlocks: 5000 } }, head);
    expect(found).toEqual({ found: { address, topics: [topic, '0x' + '01'.repeat(32)], data: '0x02', blockNumber: 19_995n, timestamp: 100n, transactionHash: TX_B } });
    expect(windows).toEqual([[18_977n, 20_000n, 2]]);
    // Before a transaction of the newest block searched: its own log and later ones are not it.
    const newestLog = sources().newestLog!;
    expect((await newestLog({ address, topics: [topic], withinBlocks: 5000, toBlock: 20_000n, beforeTransaction: TX_B }, head))?.transactionHash).toBe(TX_A);
    expect(await newestLog({ address, topics: [topic], withinBlocks: 5000, toBlock: 20_000n, beforeTransaction: TX_A }, head)).toBeNull();
    // Not found: the oldest block searched, with its verified time.
    logsAt = () => [];
    const searchedChain = { ...chain, getLogs: chain.getLogs, header: async (ref: { number: bigint }) => ({ header: { timestamp: 7n, number: ref.number } as never, hash: new Uint8Array(32) }) } as unknown as VerifiedChain;
    const s2 = rollupSources({ rpc: new ExecutionRpc({ endpoints: [url] }), chain: searchedChain, l2Rpc: url, verifyProof: async () => true, readStorage: async () => ({ codeHash: '0x', storage: new Map() }) });
    expect(await s2.l2Header!({ l1Log: { address, topics: [topic], withinBlocks: 3000 } }, head)).toEqual({ searched: { fromBlock: 17_001n, fromTimestamp: 7n } });
  });

  it("finds a step's transaction by its log in the verified block made at the step's time: the block's last such log", async () => {
    const at = { header: { timestamp: 1n } as never, hash: new Uint8Array(32).fill(0x42) };
    const asked: unknown[] = [];
    const stepChain = {
      header: async () => at,
      getLogs: async (q: unknown) => (asked.push(q), [{ transactionHash: '0x' + 'A1'.repeat(32) }, { transactionHash: '0x' + 'A2'.repeat(32) }]),
    } as unknown as VerifiedChain;
    const s = rollupSources({ rpc: new ExecutionRpc({ endpoints: [url] }), chain: stepChain, l2Rpc: url, verifyProof: async () => true, readStorage: async () => ({ codeHash: '0x', storage: new Map() }) });
    const log = { address: '0x' + 'cc'.repeat(20), topics: ['0x' + 'dd'.repeat(32)] };
    // Two proves in one block (Taiko): the later one set the state that was read.
    expect(await s.stepTxOf!(log, 1n, head)).toBe('0x' + 'a2'.repeat(32));
    expect(asked).toEqual([{ blockHash: at.hash, filter: { addresses: [hexToBytes(log.address)], topics: [[hexToBytes(log.topics[0]!)]] } }]);
    // A time after the head: no block, no transaction.
    expect(await s.stepTxOf!(log, head.timestamp + 1n, head)).toBeNull();
  });
});

describe('blockAtTimestamp: the verified L1 block made at a time (an OP Succinct output stores block.timestamp)', () => {
  /** Blocks 0…1000 at 12 s, block n missing its slot (one block 24 s after the one before) for every n in `skipped`. */
  function chainOf(skipped: Set<number>) {
    const times: bigint[] = [];
    let t = 1_700_000_000n;
    for (let n = 0; n <= 1000; n++) {
      if (n > 0) t += skipped.has(n) ? 24n : 12n;
      times.push(t);
    }
    const asked: number[] = [];
    const chain = {
      header: async ({ number }: { number: bigint }) => {
        asked.push(Number(number));
        const timestamp = times[Number(number)];
        return timestamp === undefined ? null : { header: { timestamp } as never, hash: new Uint8Array(32).fill(Number(number) & 0xff) };
      },
    };
    const head = { blockNumber: 1000n, blockHash: '0x' + '00'.repeat(32), stateRoot: '0x' + '00'.repeat(32), timestamp: times[1000]! };
    return { chain, head, times, asked };
  }

  it('finds the block of each time, also across missed slots, in a few probes; a time no block has, or after the head: none', async () => {
    const { blockAtTimestamp } = await import('../../../../src/client/rollups/sources.ts');
    const skipped = new Set([100, 350, 351, 352, 700, 990]);
    const { chain, head, times, asked } = chainOf(skipped);
    for (const n of [0, 1, 99, 100, 349, 353, 500, 701, 989, 990, 999, 1000]) {
      asked.length = 0;
      const found = await blockAtTimestamp(chain, times[n]!, head);
      expect(found?.header.timestamp, `block ${n}`).toBe(times[n]);
      expect(asked.length, `probes for block ${n}`).toBeLessThanOrEqual(12);
    }
    expect(await blockAtTimestamp(chain, times[100]! - 12n, head)).toBeNull(); // inside block 100's missed slot
    expect(await blockAtTimestamp(chain, head.timestamp + 12n, head)).toBeNull();
    expect(await blockAtTimestamp(chain, times[0]! - 12n, head)).toBeNull();
  });
});
