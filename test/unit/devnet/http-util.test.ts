/**
 * The devnet's servers (src/devnet/http-util.ts, `listen`) never close an idle keep-alive
 * connection themselves: a client that comes back late to a socket it kept must find it open, not
 * one the server is closing (the ECONNRESET a loaded machine turned up under a JSON-RPC batch).
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, listen } from '../../../src/devnet/http-util.ts';

/** Node's own idle close, which the devnet's servers turn off: 5 s. */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000;

let server: Server | undefined;
afterEach(async () => {
  if (server) await closeServer(server);
  server = undefined;
});

async function started(): Promise<number> {
  server = createServer((_req, res) => res.end('ok'));
  return listen(server, 0);
}

/** One HTTP/1.1 request on `socket`, kept alive; resolves with the response's head and body. */
function request(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\nok')) {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve(text);
      }
    };
    const onClose = () => reject(new Error(`the server closed the connection (read: ${JSON.stringify(text)})`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  });
}

describe('listen: idle keep-alive connections are the client\'s to close', () => {
  it('advertises no idle timeout to the client (fetch would plan its reuse by it)', async () => {
    const port = await started();
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.text()).toBe('ok');
    expect(res.headers.get('connection')).toBe('keep-alive');
    expect(res.headers.get('keep-alive')).toBeNull();
    expect(server!.keepAliveTimeout).toBe(0);
  });

  it('answers a second request on a socket left idle past Node\'s own close', async () => {
    const port = await started();
    const socket = connect(port, '127.0.0.1');
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      expect(await request(socket)).toMatch(/^HTTP\/1\.1 200/);
      // Idle for longer than Node would keep it; the server closing it ends the wait at once.
      const closedByServer = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), NODE_DEFAULT_KEEP_ALIVE_MS + 1_500);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      expect(closedByServer).toBe(false);
      expect(await request(socket)).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  });

  it('closeServer still drops a connection left open, and resolves', async () => {
    const port = await started();
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    await request(socket);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await closeServer(server!);
    server = undefined;
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
