/**
 * Ports for the devnet's servers: a fixed plan from `--port-base`, or port 0, the kernel's pick at bind.
 * Everything binds 127.0.0.1 only.
 * @module
 */
import { createServer } from 'node:net';

export const DEVNET_HOST = '127.0.0.1';

/** Offsets from `--port-base`, one per server. */
export const PORT_OFFSETS = { execution: 0, beacon: 1, proxy: 2, admin: 3 } as const;
export type PortRole = keyof typeof PORT_OFFSETS;

/**
 * The port option for `role`: `base + offset` when a base is given, otherwise none, and the server
 * binds port 0 and says the port the kernel gave it. (A port picked first and bound later may be
 * taken meanwhile, often as the local end of an outgoing connection: EADDRINUSE.)
 * @example portFor('beacon', 30000) // { port: 30001 }
 */
export function portFor(role: PortRole, base: number | undefined): { port?: number } {
  return base === undefined ? {} : { port: base + PORT_OFFSETS[role] };
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
