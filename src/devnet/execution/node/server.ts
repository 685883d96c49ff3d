/**
 * The execution node's HTTP face: JSON-RPC over POST on 127.0.0.1, a request or a batch per body,
 * bodies bounded in size (a blob transaction in its network form is about 0.3 MB a blob, in hex).
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyTooLarge, closeServer, listen, readBody, sendJson } from '../../http-util.ts';
import { DEVNET_HOST } from '../../ports.ts';
import { INTERNAL_ERROR, INVALID_REQUEST } from './rpc-error.ts';
import type { JsonRpcResponse } from './rpc.ts';

/** Large enough for a batch of blob transactions (9 blobs with their proofs: ~2.4 MB as hex). */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
const PARSE_ERROR = -32700;

export interface RpcServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `answer` on `port` (0: a free one); bodies over `maxBytes` (default {@link MAX_REQUEST_BYTES}) get 413.
 * @example const server = await serveRpc(createRpc(chain), 0); // server.url
 */
export async function serveRpc(answer: (body: unknown) => Promise<JsonRpcResponse | JsonRpcResponse[]>, port: number, options: { maxBytes?: number } = {}): Promise<RpcServer> {
  const maxBytes = options.maxBytes ?? MAX_REQUEST_BYTES;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message: 'POST JSON-RPC here' } });
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, maxBytes)).toString('utf8'));
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message: err.message } });
      return sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'parse error' } });
    }
    sendJson(res, 200, await answer(body));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      sendJson(res, 500, { jsonrpc: '2.0', id: null, error: { code: INTERNAL_ERROR, message: (err as Error).message } });
    });
  });
  const bound = await listen(server, port);
  return { url: `http://${DEVNET_HOST}:${bound}`, port: bound, close: () => closeServer(server) };
}
