/**
 * Small HTTP helpers the devnet's servers share: listen on 127.0.0.1, read a bounded body,
 * answer JSON, close with every open connection.
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DEVNET_HOST } from './ports.ts';

/**
 * Listens on `port` (0: any free one) on `host` (127.0.0.1) and returns the bound port.
 *
 * The server never closes an idle keep-alive connection: the client does. Node's default (close
 * after 5 s, advertised as `Keep-Alive: timeout=5`) races the client: fetch (undici) reuses a
 * socket until 1 s before the advertised time by its own coarse timers, so a client whose event
 * loop runs late, as on a loaded machine, writes its next request into a socket the server is
 * closing and gets ECONNRESET. With no timeout the server sends no hint and keeps the socket until
 * the client closes it (undici after 4 s idle, a browser later); {@link closeServer} drops the rest.
 */
export function listen(server: Server, port: number, host = DEVNET_HOST): Promise<number> {
  server.keepAliveTimeout = 0;
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Stops accepting, drops keep-alive and in-flight connections, resolves when closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export class BodyTooLarge extends Error {}

/** The request body, refused past `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw new BodyTooLarge(`request body over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
