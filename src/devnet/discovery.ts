/**
 * Serves the devnet's well-known object (src/client/network/local-devnet.ts) on 127.0.0.1, so that a
 * fresh browser profile finds the devnet without being told where it is. A port already taken (a
 * second devnet) is not fatal: that devnet simply is not offered.
 * @module
 */
import { createServer } from 'node:http';
import { LOCAL_DEVNET_PATH, type LocalDevnet } from '../client/network/local-devnet.ts';
import { closeServer, listen, sendJson } from './http-util.ts';

export interface DiscoveryServer {
  url: string;
  stop(): Promise<void>;
}

/** @returns the server, or null when `port` is taken (what is listening there is left alone). */
export async function startDiscoveryServer(options: { port: number; object: LocalDevnet; log?: (line: string) => void }): Promise<DiscoveryServer | null> {
  const body = options.object;
  const server = createServer((req, res) => {
    // Any page may read it (it holds only loopback URLs); the extension reads it with host access anyway.
    res.setHeader('access-control-allow-origin', '*');
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' });
    if (path !== LOCAL_DEVNET_PATH) return sendJson(res, 404, { error: `not found; the devnet is described at ${LOCAL_DEVNET_PATH}` });
    sendJson(res, 200, body);
  });
  try {
    const port = await listen(server, options.port);
    const url = `http://127.0.0.1:${port}${LOCAL_DEVNET_PATH}`;
    options.log?.(`discovery: ${url}`);
    return { url, stop: () => closeServer(server) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    options.log?.(`discovery: port ${options.port} is taken (another devnet?); this one is not offered to the extension`);
    return null;
  }
}
