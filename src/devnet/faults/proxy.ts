/**
 * The devnet's execution RPC: a JSON-RPC proxy on 127.0.0.1 in front of the node, started on
 * every devnet. It serves what Hardhat lacks and real nodes have (`eth_createAccessList`, see
 * ../execution/create-access-list.ts; `eth_getBlockReceipts`, ../execution/block-receipts.ts)
 * and, while faults are on, lies: it rewrites answers
 * (./lies.ts) or, for `proof-other-block`, asks the node about an older block than the one
 * requested. Batches (a JSON array) are answered element by element, as an array in the same
 * order, the elements the node can answer sent to it as one batch. With no fault on and no
 * method of ours in the body, the bytes pass through untouched.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { bigIntToHex, hexToBigInt, isHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { blockReceipts } from '../execution/block-receipts.ts';
import { createAccessList } from '../execution/create-access-list.ts';
import { type Hardfork, PRECOMPILES } from '../execution/config.ts';
import { BodyTooLarge, closeServer, listen, readBody, sendJson } from '../http-util.ts';
import { DEVNET_HOST } from '../ports.ts';
import { lieAbout } from './lies.ts';
import type { ExecutionLayerFault } from './names.ts';
import type { FaultSwitchboard } from './switchboard.ts';

export interface ExecutionProxyOptions {
  /** The honest node's JSON-RPC URL. */
  upstream: string;
  /** Default: a free port. */
  port?: number;
  switchboard: FaultSwitchboard;
  /** The node's hardfork, for the precompiles eth_createAccessList leaves out. Default `prague`. */
  hardfork?: Hardfork;
  log?: (line: string) => void;
}

export interface ExecutionProxy {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A JSON-RPC error object the node answered with, passed on as it came. */
export class NodeRpcError extends Error {
  constructor(readonly error: { code: number; message: string; data?: unknown }) {
    super(`node: JSON-RPC error ${error.code}: ${error.message}`);
  }
}

type Json = Record<string, unknown>;

/** Methods the proxy answers itself; anything else is the node's. */
const SERVED = ['eth_createAccessList', 'eth_getBlockReceipts'] as const;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const MAX_BATCH = 1_000;
const UPSTREAM_TIMEOUT_MS = 30_000;
/** Honest answers of served methods kept for blocks named by number or hash (they never change here). */
const CACHE_ENTRIES = 256;
/** How far back `proof-other-block` looks for a block whose state differs. */
const OTHER_BLOCK_SEARCH = 64;

/**
 * @example
 * const proxy = await startExecutionProxy({ upstream: el.url, switchboard: new FaultSwitchboard(), hardfork: 'osaka' });
 * // point the client at proxy.url; switchboard.set('proof-balance', true) makes it lie
 */
export async function startExecutionProxy(options: ExecutionProxyOptions): Promise<ExecutionProxy> {
  const { upstream, switchboard } = options;
  const precompiles = PRECOMPILES[options.hardfork ?? 'prague'];
  const on = (fault: ExecutionLayerFault) => switchboard.isOn(fault);
  let nextId = 1;

  const post = async (body: string | Uint8Array): Promise<{ status: number; type: string; bytes: Buffer }> => {
    const res = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? 'application/json', bytes: Buffer.from(await res.arrayBuffer()) };
  };
  /** One call to the node: its result, or its error object as a NodeRpcError. */
  const call = async (method: string, params: unknown[]): Promise<unknown> => {
    const { bytes } = await post(JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }));
    const json = JSON.parse(bytes.toString('utf8')) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (json.error) throw new NodeRpcError(json.error);
    return json.result;
  };

  /** The block `proof-other-block` answers for instead of `requested`: the newest older one whose state root differs. */
  const olderBlock = async (requested: unknown): Promise<string> => {
    const block = (await call('eth_getBlockByNumber', [isHex(requested) ? requested : 'latest', false])) as
      | { number: string; stateRoot: string }
      | null;
    if (!block) return '0x0';
    const n = hexToBigInt(block.number);
    for (let k = n - 1n; k >= 0n && k >= n - BigInt(OTHER_BLOCK_SEARCH); k--) {
      const older = (await call('eth_getBlockByNumber', [bigIntToHex(k), false])) as { stateRoot: string } | null;
      if (older && older.stateRoot !== block.stateRoot) return bigIntToHex(k);
    }
    return bigIntToHex(n > 0n ? n - 1n : 0n);
  };

  /**
   * Tracing makes eth_createAccessList 5-40 times slower here than an eth_call (a real node runs
   * the call about twice): a repeated request for a pinned block is answered from memory.
   */
  const cache = new Map<string, unknown>();
  const compute = async (method: (typeof SERVED)[number], params: unknown): Promise<unknown> => {
    const block = Array.isArray(params) ? params[method === 'eth_createAccessList' ? 1 : 0] : undefined;
    const pinned = isHex(block) || (isObject(block) && isHex(block.blockHash));
    const key = pinned ? JSON.stringify([method, params]) : undefined;
    if (key !== undefined && cache.has(key)) return cache.get(key);
    const result = method === 'eth_createAccessList' ? await createAccessList(call, params, precompiles) : await blockReceipts(call, params);
    // A block not mined yet (null) will be, later.
    if (key !== undefined && result !== null) {
      if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(key, result);
    }
    return result;
  };

  /** A method Hardhat lacks, answered here, then lied about if a fault says so. */
  const served = async (request: Json): Promise<Json> => {
    const envelope = { jsonrpc: '2.0', id: request.id ?? null };
    const method = request.method as (typeof SERVED)[number];
    try {
      const result = await compute(method, request.params);
      return { ...envelope, result: lieAbout(method, result, on) };
    } catch (err) {
      if (err instanceof NodeRpcError) return { ...envelope, error: err.error };
      if (err instanceof InputError) return { ...envelope, error: { code: -32602, message: err.shortMessage } };
      return { ...envelope, error: { code: -32603, message: `proxy: ${(err as Error).message}` } };
    }
  };

  /** The request as the node gets it (`proof-other-block` moves eth_getProof to an older block). */
  const forwarded = async (request: Json): Promise<Json> => {
    if (request.method === 'eth_getProof' && on('proof-other-block') && Array.isArray(request.params)) {
      const params = [...request.params];
      params[2] = await olderBlock(params[2]);
      return { ...request, params };
    }
    return request;
  };

  /**
   * Answers every request, in order. What the node answers goes to it as one batch, each
   * element under an id of ours (clients may repeat ids or leave them out), given back its own.
   */
  const answerAll = async (requests: readonly unknown[]): Promise<unknown[]> => {
    const answers: unknown[] = new Array(requests.length);
    const toNode: { index: number; request: Json }[] = [];
    await Promise.all(
      requests.map(async (request, index) => {
        if (isObject(request) && (SERVED as readonly unknown[]).includes(request.method)) answers[index] = await served(request);
        else if (isObject(request)) toNode.push({ index, request: await forwarded(request) });
        else answers[index] = { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request: not an object' } };
      }),
    );
    if (toNode.length === 0) return answers;
    const base = nextId;
    nextId += toNode.length;
    const { bytes } = await post(JSON.stringify(toNode.map(({ request }, k) => ({ ...request, id: base + k }))));
    const reply = JSON.parse(bytes.toString('utf8')) as unknown;
    const byId = new Map<unknown, Json>();
    for (const item of Array.isArray(reply) ? reply : [reply]) if (isObject(item)) byId.set(item.id, item);
    toNode.forEach(({ index, request }, k) => {
      const response = byId.get(base + k);
      const id = request.id ?? null;
      if (response === undefined) {
        answers[index] = { jsonrpc: '2.0', id, error: { code: -32603, message: 'proxy: the node left this request unanswered' } };
      } else if ('result' in response && (response.error === undefined || response.error === null)) {
        answers[index] = { ...response, id, result: lieAbout(String(request.method), response.result, on) };
      } else {
        answers[index] = { ...response, id };
      }
    });
    return answers;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      sendJson(res, 405, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'POST JSON-RPC here' } });
      return;
    }
    const body = await readBody(req, MAX_REQUEST_BYTES);
    const passThrough = async () => {
      const up = await post(body);
      res.writeHead(up.status, { 'content-type': up.type, 'content-length': up.bytes.length });
      res.end(up.bytes);
    };
    if (!switchboard.anyExecutionFault() && !SERVED.some((m) => body.includes(m))) return passThrough();
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return passThrough(); // the node's own parse error
    }
    if (!Array.isArray(json)) return sendJson(res, 200, (await answerAll([json]))[0]);
    if (json.length === 0) return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request: empty batch' } });
    if (json.length > MAX_BATCH) return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32600, message: `invalid request: batch of more than ${MAX_BATCH}` } });
    sendJson(res, 200, await answerAll(json));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      const status = err instanceof BodyTooLarge ? 413 : 502;
      sendJson(res, status, { jsonrpc: '2.0', id: null, error: { code: -32603, message: `proxy: ${(err as Error).message}` } });
    });
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://${DEVNET_HOST}:${port}`;
  options.log?.(`execution RPC proxy at ${url} in front of ${upstream} (serves eth_createAccessList; honest until a fault is on)`);
  return { url, port, stop: () => closeServer(server) };
}
