/**
 * A JSON-RPC execution node on 127.0.0.1 serving the execution-apis test chain (genesis and
 * blocks 1…54 from chain.rlp, the receipts geth recorded for blocks 1 and 54), batches included.
 * A test makes it lie by setting `tamper`, which sees every call's honest result and returns what
 * the server sends instead.
 */
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { blockToJson, blockTransactionToJson } from '../../../../src/execution/block-body.ts';
import { headerHash, headerToJson, parseRpcHeader } from '../../../../src/execution/header.ts';
import { type ChainBlock, io, testChain } from '../../execution/helpers.ts';
import { sendJson, startServer, type TestServer } from '../../rpc/server.ts';

export type Tamper = (method: string, params: any[], result: unknown) => unknown;

export interface ChainServer extends TestServer {
  /** Every JSON-RPC call seen, in order (a batch's calls one by one). */
  calls: { method: string; params: any[] }[];
  /** Changes answers: return the result to send (undefined: the honest one). */
  tamper: Tamper | undefined;
  /** Whether JSON-RPC batches are answered (else refused with one error object). */
  batches: boolean;
  /** Whether eth_getBlockReceipts exists (else -32601). */
  blockReceipts: boolean;
  /** Blocks by number served in place of the chain's (a fork). */
  replaced: Map<number, ChainBlock>;
}

/** Genesis (no transactions, so its body is trivially verified) and blocks 1…54. */
export function chainBlocks(): ChainBlock[] {
  const genesisJson = io('eth_getBlockByNumber/get-genesis.io').response.result;
  const { header, hash } = parseRpcHeader(genesisJson);
  const genesis: ChainBlock = { header, hash: hash!, transactions: [], ommers: [], uncles: [], size: Number(genesisJson.size) };
  return [genesis, ...testChain()];
}

/** Geth's receipts by block number. */
export const RECORDED_RECEIPTS = new Map<number, any[]>([
  [0, []],
  [1, io('eth_getBlockReceipts/get-block-receipts-by-hash.io').response.result],
  [54, io('eth_getBlockReceipts/get-block-receipts-latest.io').response.result],
]);

/** Receipts geth recorded one at a time, of blocks whose other receipts it did not record. */
const SINGLE_RECEIPTS = new Map<string, unknown>(
  ['get-access-list', 'get-blob-tx', 'get-dynamic-fee', 'get-legacy-receipt', 'get-setcode-tx'].map((name) => {
    const { request, response } = io(`eth_getTransactionReceipt/${name}.io`);
    return [request.params[0], response.result];
  }),
);

const rpcError = (code: number, message: string) => ({ error: { code, message } });

export async function startChainServer(): Promise<ChainServer> {
  const chain = chainBlocks();
  const server = (await startServer(() => {})) as ChainServer;
  Object.assign(server, { calls: [], tamper: undefined, batches: true, blockReceipts: true, replaced: new Map() });

  const block = (n: number): ChainBlock | undefined => server.replaced.get(n) ?? chain[n];
  const byHash = (hash: string) => [...server.replaced.values(), ...chain].find((b) => bytesToHex(b.hash) === hash.toLowerCase());
  const byTag = (tag: string) => (tag === 'latest' || tag === 'finalized' || tag === 'safe' ? block(chain.length - 1) : tag === 'earliest' ? chain[0] : block(Number(tag)));
  const locate = (hash: string) => {
    for (const b of chain) {
      const i = b.transactions.findIndex((t) => bytesToHex(t.hash) === hash.toLowerCase());
      if (i >= 0) return { b, i };
    }
    return undefined;
  };

  function answer(method: string, params: any[]): unknown {
    switch (method) {
      case 'eth_getBlockByNumber': {
        const b = byTag(params[0]);
        return b ? blockToJson(b, params[1]) : null;
      }
      case 'eth_getBlockByHash': {
        const b = byHash(params[0]);
        return b ? blockToJson(b, params[1]) : null;
      }
      case 'eth_getTransactionByHash': {
        const at = locate(params[0]);
        return at ? blockTransactionToJson(at.b, at.i) : null;
      }
      case 'eth_getTransactionReceipt': {
        const at = locate(params[0]);
        return at ? (RECORDED_RECEIPTS.get(Number(at.b.header.number))?.[at.i] ?? SINGLE_RECEIPTS.get(params[0]) ?? null) : null;
      }
      case 'eth_getBlockReceipts': {
        if (!server.blockReceipts) return rpcError(-32601, 'the method eth_getBlockReceipts does not exist/is not available');
        const b = String(params[0]).length === 66 ? byHash(params[0]) : byTag(params[0]);
        return b ? (RECORDED_RECEIPTS.get(Number(b.header.number)) ?? null) : null;
      }
      case 'eth_getUncleByBlockHashAndIndex': {
        const ommer = byHash(params[0])?.ommers[Number(params[1])];
        return ommer ? { ...headerToJson(ommer, headerHash(ommer)), uncles: [], transactions: [] } : null;
      }
      default:
        return rpcError(-32601, `the method ${method} does not exist/is not available`);
    }
  }

  function envelope(request: any): unknown {
    const { id, method, params } = request;
    server.calls.push({ method, params });
    let result = answer(method, params);
    if (result !== null && typeof result === 'object' && 'error' in (result as object)) return { jsonrpc: '2.0', id, ...(result as object) };
    result = structuredClone(result);
    if (server.tamper) {
      const changed = server.tamper(method, params, result);
      if (changed !== undefined) result = changed;
    }
    return { jsonrpc: '2.0', id, result };
  }

  server.handler = (_req, res, body) => {
    const json = JSON.parse(body);
    if (Array.isArray(json)) {
      if (!server.batches) return sendJson(res, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batches are not supported' } });
      return sendJson(res, json.map(envelope));
    }
    sendJson(res, envelope(json));
  };
  return server;
}

/** The test chain's anchors: its head (block 54) and, for tests that want one, an older finalized block. */
export function anchorsAt(latest: number, finalized?: number) {
  const chain = chainBlocks();
  const anchor = (n: number) => ({ blockNumber: BigInt(n), blockHash: chain[n]!.hash });
  return { latest: anchor(latest), ...(finalized !== undefined ? { finalized: anchor(finalized) } : {}) };
}
