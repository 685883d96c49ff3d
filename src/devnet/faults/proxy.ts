/**
 * The devnet's execution RPC: a JSON-RPC proxy on 127.0.0.1 in front of the node, started on
 * every devnet. While faults are on it lies: it rewrites answers (./lies.ts) or, for
 * `proof-other-block`, asks the node about an older block than the one requested. Batches (a
 * JSON array) are answered element by element, as an array in the same order, sent to the node
 * as one batch. With no fault on, the bytes pass through untouched.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { bigIntToHex, hexToBigInt, isHex } from '../../core/bytes.ts';
import { isObject } from '../../core/json.ts';
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

const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const MAX_BATCH = 1_000;
const UPSTREAM_TIMEOUT_MS = 30_000;
/** How far back `proof-other-block` looks for a block whose state differs. */
const OTHER_BLOCK_SEARCH = 64;

/**
 * @example
 * const proxy = await startExecutionProxy({ upstream: el.url, switchboard: new FaultSwitchboard() });
 * // point the client at proxy.url; switchboard.set('proof-balance', true) makes it lie
 */
export async function startExecutionProxy(options: ExecutionProxyOptions): Promise<ExecutionProxy> {
  const { upstream, switchboard } = options;
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
        if (isObject(request)) toNode.push({ index, request: await forwarded(request) });
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
    if (!switchboard.anyExecutionFault()) return passThrough();
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
  options.log?.(`execution RPC proxy at ${url} in front of ${upstream} (honest until a fault is on)`);
  return { url, port, stop: () => closeServer(server) };
}
