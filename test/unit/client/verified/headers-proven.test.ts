/**
 * VerifiedHeaders.byProvenHash (src/client/verified/headers.ts): the execution header of a hash proven elsewhere (a Gloas head's
 * execution block hash), from eth_getBlockByHash with failover, demoting an endpoint whose header
 * does not hash to it; an Amsterdam header (blockAccessListHash, slotNumber) served by the test
 * chain's node in place of block 54.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import { VerifiedHeaders } from '../../../../src/client/verified/headers.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { EMPTY_OMMERS_HASH, headerHash } from '../../../../src/execution/header.ts';
import { asyncErrorCode } from '../../execution/helpers.ts';
import { type ChainServer, chainBlocks, startChainServer } from './chain-server.ts';

const chain = chainBlocks();
/** Block 54 as an Amsterdam block would carry it: the empty block access list's hash and a slot. */
const amsterdam = (() => {
  const header = { ...chain[54]!.header, blockAccessListHash: EMPTY_OMMERS_HASH, slotNumber: 13_565_442n };
  return { ...chain[54]!, header, hash: headerHash(header) };
})();
const AMSTERDAM = bytesToHex(amsterdam.hash);

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
    s.replaced.clear();
  }
});

function resolver(endpoints: string[]) {
  const rejected: string[] = [];
  const rpc = new ExecutionRpc({ endpoints, timeoutMs: 120_000 });
  // No anchors: a proven hash needs none.
  const headers = new VerifiedHeaders({ rpc, anchors: () => ({}), onRejected: (err, endpoint) => rejected.push(`${endpoint} ${err.code}`) });
  return { rpc, headers, rejected };
}

/** Both servers hold the Amsterdam block; the liar answers it through `lie`. */
function serveAmsterdam(lie?: (block: Record<string, unknown>) => unknown) {
  for (const s of [honest, liar]) s.replaced.set(-1, amsterdam);
  if (lie) liar.tamper = (method, params, result) => (method === 'eth_getBlockByHash' && params[0] === AMSTERDAM ? lie({ ...(result as Record<string, unknown>) }) : undefined);
}

describe('verified headers: by proven hash', () => {
  it('fetches the header of a proven hash once: cached, and one request for callers at the same time', async () => {
    const { headers } = resolver([honest.url]);
    const [a, b] = await Promise.all([headers.byProvenHash(chain[54]!.hash), headers.byProvenHash(chain[54]!.hash)]);
    expect(a.header.number).toBe(54n);
    expect(b).toBe(a);
    expect(honest.calls).toEqual([{ method: 'eth_getBlockByHash', params: [bytesToHex(chain[54]!.hash), false] }]);
    expect(await headers.byProvenHash(chain[54]!.hash)).toBe(a);
    expect(honest.calls).toHaveLength(1);
  });

  it('verifies an Amsterdam header (block access list hash, slot number) served by hash', async () => {
    serveAmsterdam();
    const { header } = await resolver([honest.url]).headers.byProvenHash(amsterdam.hash);
    expect(header.slotNumber).toBe(13_565_442n);
    expect(bytesToHex(header.blockAccessListHash!)).toBe(bytesToHex(EMPTY_OMMERS_HASH));
    expect(header.stateRoot).toEqual(chain[54]!.header.stateRoot);
  });

  it.each([
    ['a field changed', (b: Record<string, unknown>) => ({ ...b, stateRoot: '0x' + '00'.repeat(32) }), 'HEADER_HASH_MISMATCH'],
    ['the slot number changed', (b: Record<string, unknown>) => ({ ...b, slotNumber: '0x1' }), 'HEADER_HASH_MISMATCH'],
    ['a field left out for one Vigil cannot place', ({ slotNumber: _, ...b }: Record<string, unknown>) => ({ ...b, inclusionListRoot: '0x' + '00'.repeat(32) }), 'HEADER_FIELD_UNKNOWN'],
    ['the slot number missing', ({ slotNumber: _, ...b }: Record<string, unknown>) => b, 'HEADER_HASH_MISMATCH'],
    ['the access list hash missing (slot number out of fork order)', ({ blockAccessListHash: _, ...b }: Record<string, unknown>) => b, 'INVALID_INPUT'],
    ['a required field missing', ({ stateRoot: _, ...b }: Record<string, unknown>) => b, 'INVALID_INPUT'],
    ['another block (the claimed hash too)', () => ({ ...chainJson(53) }), 'HEADER_HASH_MISMATCH'],
    ['the right header, another claimed hash', (b: Record<string, unknown>) => ({ ...b, hash: bytesToHex(chain[53]!.hash) }), 'HEADER_HASH_MISMATCH'],
  ])('refuses %s with its code, demotes the liar and fails over to an honest endpoint', async (_, lie, code) => {
    serveAmsterdam(lie);
    expect(await asyncErrorCode(resolver([liar.url]).headers.byProvenHash(amsterdam.hash))).toBe(code);
    const { headers, rpc, rejected } = resolver([liar.url, honest.url]);
    const { header, hash } = await headers.byProvenHash(amsterdam.hash);
    expect(bytesToHex(hash)).toBe(AMSTERDAM);
    expect(header.slotNumber).toBe(13_565_442n);
    expect(rejected).toEqual([`${liar.url} ${code}`]);
    expect(rpc.endpoints).toEqual([honest.url, liar.url]);
    // Verified once, from the honest endpoint: the next ask is answered from the cache.
    honest.calls.length = 0;
    await headers.byProvenHash(amsterdam.hash);
    expect(honest.calls).toHaveLength(0);
  });

  it("takes a node's own member beside a header that hashes to the proven value (it is no field of it)", async () => {
    serveAmsterdam((b) => ({ ...b, nodeExtra: '0x01' }));
    const { header } = await resolver([liar.url]).headers.byProvenHash(amsterdam.hash);
    expect(header.slotNumber).toBe(13_565_442n);
  });

  it('a block no endpoint has yet is not available (no demotion, nothing cached); a lie outranks it', async () => {
    const { headers, rpc } = resolver([liar.url, honest.url]);
    expect(await asyncErrorCode(headers.byProvenHash(amsterdam.hash))).toBe('NOT_AVAILABLE');
    expect(rpc.endpoints).toEqual([liar.url, honest.url]);
    honest.replaced.set(-1, amsterdam);
    expect((await headers.byProvenHash(amsterdam.hash)).header.slotNumber).toBe(13_565_442n);
    const other = resolver([liar.url, honest.url]);
    honest.replaced.clear();
    liar.tamper = (method) => (method === 'eth_getBlockByHash' ? chainJson(53) : undefined);
    expect(await asyncErrorCode(other.headers.byProvenHash(amsterdam.hash))).toBe('HEADER_HASH_MISMATCH');
  });
});

function chainJson(n: number) {
  const b = chain[n]!;
  return { ...Object.fromEntries(Object.entries(b.header).map(([k, v]) => [k, typeof v === 'bigint' ? '0x' + v.toString(16) : bytesToHex(v)])), hash: bytesToHex(b.hash) };
}
