/**
 * A real HTTP server on 127.0.0.1 (random port) for the transport tests, with a handler the
 * test swaps at will, and a log of the requests it saw.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../../../src/devnet/http-util.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface TestServer {
  url: string;
  /** `METHOD path` of each request, in order. */
  requests: string[];
  /** Request headers of each request, in order. */
  headers: IncomingMessage['headers'][];
  handler: Handler;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const state: TestServer = {
    url: '',
    requests: [],
    headers: [],
    handler,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests.push(`${req.method} ${req.url}`);
      state.headers.push(req.headers);
      Promise.resolve(state.handler(req, res, Buffer.concat(chunks).toString('utf8'))).catch((err: unknown) => {
        res.destroy(err instanceof Error ? err : undefined);
      });
    });
  });
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** A URL on 127.0.0.1 where nothing listens (a server opened and closed again). */
export async function deadUrl(): Promise<string> {
  const s = await startServer(() => {});
  await s.close();
  return s.url;
}

export function sendJson(res: ServerResponse, value: unknown, status = 200, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), ...headers });
  res.end(body);
}

export function sendBytes(res: ServerResponse, bytes: Uint8Array, headers: Record<string, string> = {}, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), ...headers });
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** SSZ `updates` framing: per item, uint64 LE length (context + payload), 4-byte context, payload. */
export function frame(items: readonly { digest: Uint8Array; payload: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const { digest, payload } of items) {
    const head = new Uint8Array(8);
    new DataView(head.buffer).setBigUint64(0, BigInt(digest.length + payload.length), true);
    parts.push(head, digest, payload);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
