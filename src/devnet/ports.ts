/**
 * Ports for the devnet's servers: a fixed plan from `--port-base`, or free ports the kernel picks.
 * Everything binds 127.0.0.1 only.
 * @module
 */
import { createServer } from 'node:net';

export const DEVNET_HOST = '127.0.0.1';

/** Offsets from `--port-base`, one per server. */
export const PORT_OFFSETS = { execution: 0, beacon: 1, proxy: 2, admin: 3 } as const;
export type PortRole = keyof typeof PORT_OFFSETS;

/**
 * A port no one listens on right now: the kernel picks one for a throw-away listener, which is
 * closed again. Another process may take it before we bind it; the caller's bind then fails loudly.
 * @example const port = await freePort(); // e.g. 41873
 */
export function freePort(host = DEVNET_HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the kernel gave no port'))));
    });
  });
}

/** The port for `role`: `base + offset` when a base is given, otherwise a free one. */
export function portFor(role: PortRole, base: number | undefined): Promise<number> {
  return base === undefined ? freePort() : Promise.resolve(base + PORT_OFFSETS[role]);
}

/**
 * Throws unless `port` can be bound on 127.0.0.1 now. For a child process that would otherwise
 * fail late, or worse, leave us talking to whatever already listens there.
 */
export function assertPortFree(port: number, what: string, host = DEVNET_HOST): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`${what}: port ${port} on ${host} is not free (${err.code ?? err.message})`)),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
