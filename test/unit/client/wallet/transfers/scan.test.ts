/**
 * The proven transfer scan (src/client/wallet/transfers/scan.ts) over a scripted chain served on
 * 127.0.0.1: the newest blocks by blooms (complete; withheld receipts throw, never fewer
 * transfers), older ones by endpoints' eth_getLogs proven block by block: a dropped log inside a
 * named block still found, a forged log or a block off the verified chain demoting its endpoint,
 * a block omitted entirely not found (the ranges say endpoint-logs), a span nobody answers said.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../../src/core/bytes.ts';
import type { VigilError } from '../../../../../src/core/errors.ts';
import { TransportError } from '../../../../../src/rpc/errors.ts';
import { scanTransfers } from '../../../../../src/client/wallet/transfers/scan.ts';
import { VerifiedChain } from '../../../../../src/client/verified/chain.ts';
import { ExecutionRpc } from '../../../../../src/client/verified/execution-rpc.ts';
import { VerifiedHeaders } from '../../../../../src/client/verified/headers.ts';
import { encodeAbi, eventTopic } from '../../../../../src/execution/abi.ts';
import { EIP7708_EMITTER, ZERO_ADDRESS } from '../../../../../src/execution/effects.ts';
import { logMatches, parseLogFilter } from '../../../../../src/execution/logs.ts';
import type { Log } from '../../../../../src/proofs/receipts.ts';
import { l1Chain, L1_HEAD_NUMBER, l1Responder, type Responder, RpcFault, serveJsonRpc, type World } from '../../../../support/rpc-world.ts';
import { asyncErrorCode } from '../../../execution/helpers.ts';

const ME = '0x' + 'a1'.repeat(20);
const OTHER = '0x' + 'b2'.repeat(20);
const THIRD = '0x' + 'c3'.repeat(20);
const TOKEN = '0x' + '70'.repeat(20);
const NFT = '0x' + '71'.repeat(20);
const MULTI = '0x' + '72'.repeat(20);
const H = L1_HEAD_NUMBER;
const DEPTH = 260;

const topic = (a: string) => hexToBytes('0x' + a.slice(2).padStart(64, '0'));
const word = (v: bigint) => hexToBytes('0x' + v.toString(16).padStart(64, '0'));
const log = (address: string, signature: string, topics: Uint8Array[], data: Uint8Array = new Uint8Array(0)): Log => ({ address: hexToBytes(address), topics: [hexToBytes(eventTopic(signature)), ...topics], data });
const TRANSFER = 'Transfer(address,address,uint256)';

/** Which block holds what: two in the bloom window (the newest 64), four further back, one of them touching nobody. */
const EVENTS = [
  { number: H - 200n, to: '0x' + '01'.repeat(20), logs: [log(TOKEN, TRANSFER, [topic(ME), topic(OTHER)], word(7n))] },
  { number: H - 150n, to: '0x' + '02'.repeat(20), logs: [log(MULTI, 'TransferBatch(address,address,address,uint256[],uint256[])', [topic(THIRD), topic(ZERO_ADDRESS), topic(ME)], encodeAbi(['uint256[]', 'uint256[]'], [[1n, 2n], [5n, 6n]]))] },
  { number: H - 120n, to: '0x' + '03'.repeat(20), logs: [log(TOKEN, TRANSFER, [topic(OTHER), topic(THIRD)], word(1n))] },
  {
    number: H - 100n,
    to: '0x' + '04'.repeat(20),
    logs: [log(TOKEN, TRANSFER, [topic(OTHER), topic(ME)], word(9n)), log(TOKEN, 'Approval(address,address,uint256)', [topic(ME), topic(OTHER)], word(1n)), log(NFT, TRANSFER, [topic(OTHER), topic(ME), word(42n)])],
  },
  { number: H - 10n, to: '0x' + '05'.repeat(20), logs: [log(TOKEN, TRANSFER, [topic(THIRD), topic(ME)], word(3n)), log(TOKEN, TRANSFER, [topic(THIRD), topic(OTHER)], word(3n))] },
  { number: H - 3n, to: '0x' + '06'.repeat(20), logs: [log(EIP7708_EMITTER, TRANSFER, [topic(ME), topic(OTHER)], word(10n ** 18n))] },
];
const chain = l1Chain(new Uint8Array(32).fill(7), { depth: DEPTH, events: EVENTS });
const hashOf = (n: bigint) => bytesToHex(chain.byNumber.get(n)!.hash);

/** eth_getLogs as a node answers it, from the chain's receipts (the filter read as nodes read it). */
function getLogs(params: any[]): any[] {
  const [q] = params;
  const filter = parseLogFilter(q);
  const out: any[] = [];
  for (let n = BigInt(q.fromBlock); n <= BigInt(q.toBlock); n++) {
    const block = chain.byNumber.get(n);
    if (block === undefined) continue;
    let logIndex = 0;
    chain.receipts.get(bytesToHex(block.hash))!.forEach((r, i) => {
      for (const l of r.logs) {
        if (logMatches(l, filter)) {
          out.push({
            address: bytesToHex(l.address),
            topics: l.topics.map(bytesToHex),
            data: bytesToHex(l.data),
            blockNumber: '0x' + n.toString(16),
            blockHash: bytesToHex(block.hash),
            transactionHash: bytesToHex(block.transactions[i]!.hash),
            transactionIndex: '0x' + i.toString(16),
            logIndex: '0x' + logIndex.toString(16),
            removed: false,
          });
        }
        logIndex++;
      }
    });
  }
  return out;
}

interface Node {
  url: string;
  close(): Promise<void>;
  calls: { method: string; params: any[] }[];
  /** Changes an answer: return what to send (undefined: the honest one); throw an RpcFault to refuse. */
  lie?: ((method: string, params: any[], honest: unknown) => unknown) | undefined;
}

async function node(): Promise<Node> {
  const honest = l1Responder({} as World, chain);
  const n: Partial<Node> = { calls: [] };
  const respond: Responder = (method, params) => {
    n.calls!.push({ method, params });
    const answer = method === 'eth_getLogs' ? getLogs(params) : honest(method, params);
    const changed = n.lie?.(method, params, structuredClone(answer));
    return changed === undefined ? answer : changed;
  };
  return Object.assign(n, await serveJsonRpc(respond)) as Node;
}

let honest: Node;
let liar: Node;
beforeAll(async () => {
  [honest, liar] = await Promise.all([node(), node()]);
});
afterAll(async () => {
  await Promise.all([honest.close(), liar.close()]);
});
afterEach(() => {
  for (const n of [honest, liar]) (n.calls.length = 0), (n.lie = undefined);
});

function deps(endpoints: string[], maxWalk?: number) {
  const rejected: string[] = [];
  const rpc = new ExecutionRpc({ endpoints, timeoutMs: 120_000 });
  const name = (url: string) => (url === honest.url ? 'honest' : 'liar');
  const onRejected = (err: VigilError, endpoint: string) => rejected.push(`${name(endpoint)} ${err.code}`);
  const headers = new VerifiedHeaders({ rpc, anchors: () => ({ latest: { blockNumber: H, blockHash: chain.head.hash } }), onRejected, ...(maxWalk !== undefined ? { maxWalk } : {}) });
  return { chain: new VerifiedChain({ rpc, headers, onRejected }), rpc, onRejected, rejected, name };
}

const request = { accounts: [ME], fromBlock: H - 250n, toBlock: H, bloomWindow: 64, logSpan: 50 };
const at = (n: bigint, logIndex: number, found: 'bloom-scan' | 'endpoint-logs') => {
  const block = chain.byNumber.get(n)!;
  return { block: n, blockHash: bytesToHex(block.hash), transactionHash: bytesToHex(block.transactions[0]!.hash), transactionIndex: 0, logIndex, timestamp: Number(block.header.timestamp), found };
};
const ALL = [
  { asset: TOKEN, standard: 'erc20', from: ME, to: OTHER, amount: 7n, ...at(H - 200n, 0, 'endpoint-logs') },
  { asset: MULTI, standard: 'erc1155', from: ZERO_ADDRESS, to: ME, amount: 5n, tokenId: 1n, ...at(H - 150n, 0, 'endpoint-logs') },
  { asset: MULTI, standard: 'erc1155', from: ZERO_ADDRESS, to: ME, amount: 6n, tokenId: 2n, ...at(H - 150n, 0, 'endpoint-logs') },
  { asset: TOKEN, standard: 'erc20', from: OTHER, to: ME, amount: 9n, ...at(H - 100n, 0, 'endpoint-logs') },
  { asset: NFT, standard: 'erc721', from: OTHER, to: ME, amount: 1n, tokenId: 42n, ...at(H - 100n, 2, 'endpoint-logs') },
  { asset: TOKEN, standard: 'erc20', from: THIRD, to: ME, amount: 3n, ...at(H - 10n, 0, 'bloom-scan') },
  { asset: 'native', standard: 'native', from: ME, to: OTHER, amount: 10n ** 18n, ...at(H - 3n, 0, 'bloom-scan') },
];
const RANGES = [
  { fromBlock: H - 250n, toBlock: H - 64n, found: 'endpoint-logs' },
  { fromBlock: H - 63n, toBlock: H, found: 'bloom-scan' },
];
const receiptsAsked = (n: Node) => n.calls.filter((c) => c.method === 'eth_getBlockReceipts').map((c) => c.params[0]);

describe('scanTransfers', () => {
  it('an honest endpoint: every transfer, proven, by block and log index; blooms for the newest blocks, its logs further back', async () => {
    const d = deps([honest.url]);
    const result = await scanTransfers(d, request);
    expect(result).toEqual({ transfers: ALL, ranges: RANGES, unanswered: [], demoted: [] });
    // Receipts only of the blocks that hold the accounts' logs (block H-120's transfer touches nobody: its bloom lacks them).
    expect(new Set(receiptsAsked(honest))).toEqual(new Set([H - 200n, H - 150n, H - 100n, H - 10n, H - 3n].map(hashOf)));
    // The endpoint's logs asked in spans of 50 blocks, four filters each.
    expect(honest.calls.filter((c) => c.method === 'eth_getLogs')).toHaveLength(4 * 4);
    // All of it by blooms when the window covers the range.
    const all = await scanTransfers(d, { ...request, bloomWindow: 1024 });
    expect(all.transfers).toEqual(ALL.map((t) => ({ ...t, found: 'bloom-scan' })));
    expect(all.ranges).toEqual([{ fromBlock: H - 250n, toBlock: H, found: 'bloom-scan' }]);
  });

  it.each([
    ['withheld', () => new RpcFault(-32000, 'receipts pruned')],
    ['with a log dropped', (r: any[]) => (r[0].logs.pop(), r)],
  ])('bloom window, receipts %s by the only endpoint: an error, never fewer transfers', async (_, tamper) => {
    const target = hashOf(H - 10n);
    liar.lie = (method, params, answer) => {
      if ((method === 'eth_getBlockReceipts' && params[0] === target) || (method === 'eth_getTransactionReceipt' && params[0] === bytesToHex(chain.byNumber.get(H - 10n)!.transactions[0]!.hash))) {
        const out = (tamper as (r: any) => unknown)(method === 'eth_getBlockReceipts' ? answer : [answer]);
        if (out instanceof RpcFault) throw out;
        return method === 'eth_getBlockReceipts' ? out : (out as any[])[0];
      }
      return undefined;
    };
    expect(await asyncErrorCode(scanTransfers(deps([liar.url]), { ...request, fromBlock: H - 60n }))).toMatch(/^(ALL_ENDPOINTS_FAILED|RPC_ERROR|RECEIPTS_ROOT_MISMATCH|NOT_AVAILABLE)$/);
    // With an honest endpoint too: the whole answer.
    const d = deps([liar.url, honest.url]);
    expect((await scanTransfers(d, { ...request, fromBlock: H - 60n })).transfers).toEqual(ALL.slice(-2));
  });

  it('older blocks: an endpoint that drops one log of a block it names does not hide it (the proven receipts give every log)', async () => {
    const nft = hashOf(H - 100n);
    liar.lie = (method, _params, answer) => (method === 'eth_getLogs' ? (answer as any[]).filter((l) => !(l.blockHash === nft && l.address === NFT)) : undefined);
    const d = deps([liar.url]);
    const result = await scanTransfers(d, request);
    expect(result.transfers).toEqual(ALL);
    expect(result.demoted).toEqual([]);
  });

  it('older blocks: a forged log, or a block off the verified chain, demotes its endpoint and is dropped; the honest one still counts', async () => {
    const forged = {
      address: TOKEN,
      topics: [eventTopic(TRANSFER), bytesToHex(topic(OTHER)), bytesToHex(topic(ME))],
      data: bytesToHex(word(1_000_000n)),
      blockNumber: '0x' + (H - 120n).toString(16),
      blockHash: hashOf(H - 120n),
      transactionHash: bytesToHex(chain.byNumber.get(H - 120n)!.transactions[0]!.hash),
      transactionIndex: '0x0',
      logIndex: '0x0',
      removed: false,
    };
    for (const lie of [
      { ...forged },
      // A real log (block H-100's first), named in a block by another hash (a fork's, or made up).
      { ...forged, blockNumber: '0x' + (H - 100n).toString(16), blockHash: '0x' + '99'.repeat(32), data: bytesToHex(word(9n)) },
      // A real log's amount changed.
      { ...forged, blockNumber: '0x' + (H - 100n).toString(16), blockHash: hashOf(H - 100n), data: bytesToHex(word(900n)) },
    ]) {
      liar.lie = (method, params, answer) => (method === 'eth_getLogs' && BigInt(params[0].fromBlock) <= BigInt(lie.blockNumber) && BigInt(lie.blockNumber) <= BigInt(params[0].toBlock) ? [...(answer as any[]), lie] : undefined);
      const d = deps([liar.url, honest.url]);
      const result = await scanTransfers(d, request);
      expect(result.transfers).toEqual(ALL);
      expect(result.demoted).toEqual([liar.url]);
      expect(d.rejected).toEqual(['liar LOG_NOT_PROVEN']);
      expect(d.rpc.endpoints[0]).toBe(honest.url);
      // Alone, the same: nothing of its forgery shown.
      const alone = deps([liar.url]);
      expect((await scanTransfers(alone, request)).transfers).toEqual(ALL);
      liar.calls.length = 0;
    }
  });

  it('older blocks: a block no endpoint names is not found, and the ranges say the part rests on endpoint logs; another endpoint naming it finds it', async () => {
    const omitted = hashOf(H - 200n);
    liar.lie = (method, _params, answer) => (method === 'eth_getLogs' ? (answer as any[]).filter((l) => l.blockHash !== omitted) : undefined);
    const alone = await scanTransfers(deps([liar.url]), request);
    expect(alone.transfers).toEqual(ALL.slice(1));
    expect(alone.ranges).toEqual(RANGES);
    expect(alone.demoted).toEqual([]);
    // The union of what the endpoints name.
    expect((await scanTransfers(deps([liar.url, honest.url]), request)).transfers).toEqual(ALL);
  });

  it('older blocks: an endpoint that refuses eth_getLogs is passed over; when none answers, the spans are said unanswered, not covered', async () => {
    liar.lie = (method) => {
      if (method === 'eth_getLogs') throw new RpcFault(-32005, 'query exceeds max block range');
      return undefined;
    };
    const d = deps([liar.url, honest.url]);
    expect(await scanTransfers(d, request)).toEqual({ transfers: ALL, ranges: RANGES, unanswered: [], demoted: [] });
    expect(d.rejected.every((r) => r.startsWith('liar '))).toBe(true);
    const alone = await scanTransfers(deps([liar.url]), request);
    expect(alone.transfers).toEqual(ALL.slice(-2));
    expect(alone.ranges).toEqual([RANGES[1]]);
    expect(alone.unanswered).toEqual([{ fromBlock: H - 250n, toBlock: H - 64n }]);
  });

  it('older blocks: a span an endpoint refuses as too long is asked again in halves; an endpoint that cannot be reached is not asked again', async () => {
    liar.lie = (method, params) => {
      if (method === 'eth_getLogs' && BigInt(params[0].toBlock) - BigInt(params[0].fromBlock) + 1n > 20n) throw new RpcFault(-32005, 'query exceeds max block range 20');
      return undefined;
    };
    const d = deps([liar.url]);
    expect(await scanTransfers(d, request)).toEqual({ transfers: ALL, ranges: RANGES, unanswered: [], demoted: [] });
    const spans = liar.calls.filter((c) => c.method === 'eth_getLogs').map((c) => Number(BigInt(c.params[0].toBlock) - BigInt(c.params[0].fromBlock) + 1n));
    expect(Math.min(...spans)).toBeGreaterThan(10);
    // An endpoint down: asked once, never again in the scan; the other's logs stand.
    const dead = 'http://127.0.0.1:9';
    let deadCalls = 0;
    const real = d.rpc;
    const rpc = {
      get endpoints() {
        return [dead, honest.url];
      },
      demote: (e: string) => real.demote(e),
      callAt: (endpoint: string, method: string, params: readonly unknown[], maxBytes?: number) => {
        if (endpoint !== dead) return real.callAt(endpoint, method, params, maxBytes);
        deadCalls++;
        return Promise.reject(new TransportError('NETWORK', 'connection refused', { url: dead }));
      },
    };
    expect((await scanTransfers({ chain: d.chain, rpc }, request)).transfers).toEqual(ALL);
    expect(deadCalls).toBe(4);
    // An endpoint without eth_getLogs (-32601): asked once, no span halved; its part said unanswered.
    liar.calls.length = 0;
    liar.lie = (method) => {
      if (method === 'eth_getLogs') throw new RpcFault(-32601, 'the method eth_getLogs does not exist/is not available');
      return undefined;
    };
    const without = await scanTransfers(deps([liar.url]), request);
    expect(liar.calls.filter((c) => c.method === 'eth_getLogs')).toHaveLength(4);
    expect(without.unanswered).toEqual([{ fromBlock: H - 250n, toBlock: H - 64n }]);
  });

  it('older blocks: a named block Vigil cannot prove (below the walk bound) leaves its span unanswered; the others stand', async () => {
    const result = await scanTransfers(deps([honest.url], 170), request);
    expect(result.transfers).toEqual(ALL.filter((t) => t.block !== H - 200n));
    expect(result.ranges).toEqual([
      { fromBlock: H - 250n, toBlock: H - 214n, found: 'endpoint-logs' },
      { fromBlock: H - 163n, toBlock: H - 64n, found: 'endpoint-logs' },
      RANGES[1],
    ]);
    expect(result.unanswered).toEqual([{ fromBlock: H - 213n, toBlock: H - 164n }]);
    expect(result.demoted).toEqual([]);
  });

  it('a malformed eth_getLogs answer is refused (demoted), a block it names not believed', async () => {
    liar.lie = (method) => (method === 'eth_getLogs' ? [{ blockNumber: 'soon' }] : undefined);
    const d = deps([liar.url, honest.url]);
    const result = await scanTransfers(d, request);
    expect(result.transfers).toEqual(ALL);
    expect(result.demoted).toEqual([liar.url]);
    expect(d.rejected[0]).toBe('liar INVALID_INPUT');
  });

  it('input: accounts, the range and the window checked', async () => {
    const d = deps([honest.url]);
    expect(await asyncErrorCode(scanTransfers(d, { ...request, accounts: [] }))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(scanTransfers(d, { ...request, accounts: ['0x1234'] }))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(scanTransfers(d, { ...request, fromBlock: H, toBlock: H - 1n }))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(scanTransfers(d, { ...request, toBlock: H + 1n }))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(scanTransfers(d, { ...request, bloomWindow: -1 }))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(scanTransfers(d, { ...request, logSpan: 0 }))).toBe('INVALID_INPUT');
    expect(honest.calls).toEqual([]);
  });
});
