/**
 * Ports for servers the tests start as child processes that must be told their port (a Hardhat
 * node, `vigil devnet --port-base`). Chosen below Linux's ephemeral range (32768 and up by
 * default), where the kernel picks the local port of every outgoing connection and of every server
 * bound to port 0: a port chosen there and bound a moment later may meanwhile be one end of some
 * connection (EADDRINUSE). Not the well-known discovery port 8590 either, which an e2e file holds.
 * @module
 */
import { assertPortFree } from '../../src/devnet/ports.ts';
import { LOCAL_DEVNET_PORT } from '../../src/client/network/local-devnet.ts';

const LOW = 10_000;
const HIGH = 32_000;

/** The first of `count` consecutive ports free on 127.0.0.1 right now, below the ephemeral range. */
export async function freePorts(count = 1): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = LOW + Math.floor(Math.random() * (HIGH - LOW - count));
    if (base <= LOCAL_DEVNET_PORT && LOCAL_DEVNET_PORT < base + count) continue;
    try {
      for (let i = 0; i < count; i++) await assertPortFree(base + i, 'a test port');
      return base;
    } catch {
      // taken: another
    }
  }
  throw new Error(`no ${count} consecutive free ports found below ${HIGH}`);
}
