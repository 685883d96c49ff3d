/**
 * The lying execution RPC: a JSON-RPC proxy on 127.0.0.1 in front of the devnet's node. While no
 * execution fault is on it passes bytes through untouched; with faults on it rewrites the
 * answers (src/devnet/faults/lies.ts) or, for `proof-other-block`, asks the node about an older
 * block than the one requested.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { bigIntToHex, hexToBigInt, isHex } from '../../core/bytes.ts';
import { isObject } from '../../core/json.ts';
import { BodyTooLarge, closeServer, listen, readBody, sendJson } from '../http-util.ts';
import { DEVNET_HOST } from '../ports.ts';
import { lieAbout } from './lies.ts';
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

const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
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
  const on = (fault: Parameters<FaultSwitchboard['isOn']>[0]) => switchboard.isOn(fault);

  const post = async (body: string | Uint8Array): Promise<{ status: number; type: string; bytes: Buffer }> => {
    const res = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? 'application/json', bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const call = async (method: string, params: unknown[]): Promise<unknown> => {
    const { bytes } = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    const json = JSON.parse(bytes.toString('utf8')) as { result?: unknown };
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

  /** One request object through the lies that are on. */
  const one = async (request: unknown): Promise<unknown> => {
    if (!isObject(request) || typeof request.method !== 'string') {
      return JSON.parse((await post(JSON.stringify(request))).bytes.toString('utf8'));
    }
    const method = request.method;
    let forwarded = request;
    if (method === 'eth_getProof' && on('proof-other-block') && Array.isArray(request.params)) {
      const params = [...request.params];
      params[2] = await olderBlock(params[2]);
      forwarded = { ...request, params };
    }
    const response = JSON.parse((await post(JSON.stringify(forwarded))).bytes.toString('utf8')) as unknown;
    if (isObject(response) && 'result' in response && (response.error === undefined || response.error === null)) {
      return { ...response, result: lieAbout(method, response.result, on) };
    }
    return response;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      sendJson(res, 405, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'POST JSON-RPC here' } });
      return;
    }
    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (!switchboard.anyExecutionFault()) {
      const up = await post(body);
      res.writeHead(up.status, { 'content-type': up.type, 'content-length': up.bytes.length });
      res.end(up.bytes);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      const up = await post(body);
      res.writeHead(up.status, { 'content-type': up.type });
      res.end(up.bytes);
      return;
    }
    sendJson(res, 200, Array.isArray(json) ? await Promise.all(json.map(one)) : await one(json));
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
  options.log?.(`faults: execution RPC proxy at ${url} (honest until a fault is on) in front of ${upstream}`);
  return { url, port, stop: () => closeServer(server) };
}
