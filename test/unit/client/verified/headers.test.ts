import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import { type VerifiedAnchors, VerifiedHeaders } from '../../../../src/client/verified/headers.ts';
import { headerHash } from '../../../../src/execution/header.ts';
import { asyncErrorCode } from '../../execution/helpers.ts';
import { anchorsAt, type ChainServer, chainBlocks, startChainServer } from './chain-server.ts';

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
    s.replaced.clear();
  }
});

function resolver(endpoints: string[], anchors: VerifiedAnchors = anchorsAt(54), options: { maxWalk?: number; walkBatch?: number; cacheSize?: number } = {}) {
  const rejected: string[] = [];
  const rpc = new ExecutionRpc({ endpoints, timeoutMs: 120_000 });
  const headers = new VerifiedHeaders({ rpc, anchors: () => anchors, onRejected: (err, endpoint) => rejected.push(`${endpoint} ${err.code}`), ...options });
  return { rpc, headers, rejected };
}

describe('verified headers', () => {
  it('proves an anchor by its hash, and older headers by walking parent hashes down in batches', async () => {
    const { headers } = resolver([honest.url], anchorsAt(54), { walkBatch: 16 });
    expect(bytesToHex((await headers.byNumber(54n)).hash)).toBe(bytesToHex(chain[54]!.hash));
    expect(honest.calls).toHaveLength(1);
    honest.calls.length = 0;
    const before = honest.requests.length;
    const one = await headers.byNumber(1n);
    expect(bytesToHex(one.hash)).toBe(bytesToHex(chain[1]!.hash));
    expect(honest.calls).toHaveLength(53);
    // 53 headers in rounds of 16: four HTTP requests.
    expect(honest.requests.length - before).toBe(4);
    honest.calls.length = 0;
    // Cached: the walk follows parent hashes through memory.
    const range = await headers.range(0n, 54n);
    expect(range.map((h) => bytesToHex(h.hash))).toEqual(chain.map((b) => bytesToHex(b.hash)));
    expect(honest.calls).toHaveLength(1);
    expect(honest.calls[0]!.params[0]).toBe('0x0');
  });

  it('refuses what it cannot reach: above the newest head, past the walk bound, with no head at all', async () => {
    const { headers } = resolver([honest.url], anchorsAt(40), { maxWalk: 10 });
    expect(await asyncErrorCode(headers.byNumber(41n))).toBe('BLOCK_NOT_VERIFIED');
    expect(await asyncErrorCode(headers.byNumber(29n))).toBe('HEADER_TOO_FAR');
    expect(await asyncErrorCode(headers.range(20n, 40n))).toBe('HEADER_TOO_FAR');
    expect(bytesToHex((await headers.byNumber(30n)).hash)).toBe(bytesToHex(chain[30]!.hash));
    expect(await asyncErrorCode(resolver([honest.url], {}).headers.byNumber(1n))).toBe('NO_VERIFIED_HEAD');
  });

  it('walks from the nearest anchor at or above the block', async () => {
    const { headers } = resolver([honest.url], anchorsAt(54, 20));
    await headers.byNumber(18n);
    expect(honest.calls.map((c) => c.params[0])).toEqual(['0x14', '0x13', '0x12']);
  });

  it('refuses a header that does not link (header-unlinked); fails over to an honest endpoint and demotes the liar', async () => {
    liar.tamper = (method, params, result: any) => {
      if (method === 'eth_getBlockByNumber' && params[0] === '0x1e') result.stateRoot = '0x' + '00'.repeat(32);
      return result;
    };
    expect(await asyncErrorCode(resolver([liar.url]).headers.byNumber(10n))).toBe('HEADER_HASH_MISMATCH');
    const { headers, rpc, rejected } = resolver([liar.url, honest.url]);
    expect(bytesToHex((await headers.byNumber(10n)).hash)).toBe(bytesToHex(chain[10]!.hash));
    expect(rejected).toEqual([`${liar.url} HEADER_HASH_MISMATCH`]);
    expect(rpc.endpoints).toEqual([honest.url, liar.url]);
    // The honest endpoint continued from the lie, not from the top: 31…54 came from the liar.
    expect(honest.calls.map((c) => Number(c.params[0]))[0]).toBe(30);
  });

  it('refuses an answer for another block, and a hidden block (null) is not available rather than a lie', async () => {
    liar.tamper = (method, params) => (method === 'eth_getBlockByNumber' && params[0] === '0x35' ? chainBlocksJson(52) : undefined);
    expect(await asyncErrorCode(resolver([liar.url]).headers.byNumber(50n))).toBe('HEADER_HASH_MISMATCH');
    liar.tamper = (method) => (method === 'eth_getBlockByNumber' ? null : undefined);
    const { headers, rpc, rejected } = resolver([liar.url, honest.url]);
    expect(bytesToHex((await headers.byNumber(50n)).hash)).toBe(bytesToHex(chain[50]!.hash));
    expect(rejected).toEqual([`${liar.url} NOT_AVAILABLE`]);
    expect(rpc.endpoints).toEqual([liar.url, honest.url]);
  });

  it('works with an endpoint that refuses batches (single calls in parallel)', async () => {
    honest.batches = false;
    const { headers } = resolver([honest.url]);
    expect(bytesToHex((await headers.byNumber(44n)).hash)).toBe(bytesToHex(chain[44]!.hash));
  });

  it('finds a header by hash when it is on the verified chain; null for a hash no endpoint knows; HEADER_NOT_LINKED for an ommer', async () => {
    const { headers } = resolver([honest.url]);
    expect(bytesToHex((await headers.byHash(chain[12]!.hash))!.hash)).toBe(bytesToHex(chain[12]!.hash));
    expect(await headers.byHash(new Uint8Array(32))).toBeNull();
    // An ommer of block 3 is a real header, but not the canonical block at its number.
    const withOmmer = chain.find((b) => b.ommers.length > 0)!;
    const ommer = withOmmer.ommers[0]!;
    honest.replaced.set(-1, { ...withOmmer, header: ommer, hash: headerHash(ommer), ommers: [] });
    expect(await asyncErrorCode(headers.byHash(headerHash(ommer)))).toBe('HEADER_NOT_LINKED');
    // A server that answers a hash with another header is lying.
    liar.tamper = (method) => (method === 'eth_getBlockByHash' ? chainBlocksJson(5) : undefined);
    expect(await asyncErrorCode(resolver([liar.url]).headers.byHash(chain[7]!.hash))).toBe('HEADER_HASH_MISMATCH');
  });

  it('answers BLOCKHASH from the call block down, within 256 blocks', async () => {
    const { headers } = resolver([honest.url]);
    const below = { number: 54n, hash: chain[54]!.hash, parentHash: chain[54]!.header.parentHash };
    expect(bytesToHex(await headers.hashOf(53n, below))).toBe(bytesToHex(chain[53]!.hash));
    expect(honest.calls).toHaveLength(0);
    expect(bytesToHex(await headers.hashOf(40n, below))).toBe(bytesToHex(chain[40]!.hash));
    expect(await asyncErrorCode(headers.hashOf(54n, below))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(headers.hashOf(-1n, below))).toBe('INVALID_INPUT');
  });

  it('never serves the abandoned branch after the head moves to another fork', async () => {
    const anchors: VerifiedAnchors = anchorsAt(54);
    const { headers } = resolver([honest.url], anchors);
    await headers.range(50n, 54n);
    // Block 54 of another branch: same parent, other contents.
    const fork = { ...chain[54]!, header: { ...chain[54]!.header, extraData: Uint8Array.of(1) } };
    fork.hash = headerHash(fork.header);
    honest.replaced.set(54, fork);
    anchors.latest = { blockNumber: 54n, blockHash: fork.hash };
    expect(bytesToHex((await headers.byNumber(54n)).hash)).toBe(bytesToHex(fork.hash));
    expect(bytesToHex((await headers.byNumber(53n)).hash)).toBe(bytesToHex(chain[53]!.hash));
  });
});

function chainBlocksJson(n: number) {
  const b = chain[n]!;
  return { ...Object.fromEntries(Object.entries(b.header).map(([k, v]) => [k, typeof v === 'bigint' ? '0x' + v.toString(16) : bytesToHex(v)])), hash: bytesToHex(b.hash) };
}
