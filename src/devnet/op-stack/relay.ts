/**
 * The devnet OP chain's block relay: what a browser, which cannot join gossipsub, reads the
 * sequencer's signed blocks from, in the format Helios's OP Stack server speaks
 * (a16z/helios opstack/src/server: `GET /latest` → `null` or `{"data","signature":{"r","s","yParity"}}`,
 * `GET /chain_id` → a number). A relay is untrusted: it can only withhold or serve what does not
 * verify. Its faults show that: `bad-signature` serves the newest block with its signature's s
 * changed, `stale` keeps serving the block that was newest when it was set.
 * @module
 */
import { createServer } from 'node:http';
import { numberToHex } from 'viem';
import { closeServer, listen, sendJson } from '../http-util.ts';
import type { SignedL2Block } from './sequencer.ts';

export type OpRelayFault = 'none' | 'bad-signature' | 'stale';
export const OP_RELAY_FAULTS: readonly OpRelayFault[] = ['none', 'bad-signature', 'stale'];

export interface OpRelay {
  /** http://127.0.0.1:port */
  url: string;
  /** The sequencer's newest signed block. */
  publish(block: SignedL2Block): void;
  setFault(fault: OpRelayFault): void;
  stop(): Promise<void>;
}

/** As Helios serves a signature: quantities in 0x-hex. */
function commitment(block: SignedL2Block): unknown {
  const q = (h: string) => numberToHex(BigInt(h));
  return { data: block.data, signature: { r: q(block.signature.r), s: q(block.signature.s), yParity: numberToHex(block.signature.yParity) } };
}

/** Starts the relay on 127.0.0.1 (`port` 0: a free one). */
export async function startOpRelay(options: { chainId: bigint; port?: number }): Promise<OpRelay> {
  let latest: SignedL2Block | null = null;
  let fault: OpRelayFault = 'none';
  let held: SignedL2Block | null = null;
  const served = (): SignedL2Block | null => {
    if (fault === 'stale') return held;
    if (fault === 'bad-signature' && latest !== null) {
      const s = BigInt(latest.signature.s) ^ 1n;
      return { ...latest, signature: { ...latest.signature, s: numberToHex(s, { size: 32 }) } };
    }
    return latest;
  };
  const server = createServer((req, res) => {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'GET only' });
    const path = new URL(req.url ?? '/', 'http://relay').pathname;
    if (path === '/chain_id') return sendJson(res, 200, Number(options.chainId));
    if (path === '/latest') {
      const block = served();
      return sendJson(res, 200, block === null ? null : commitment(block));
    }
    return sendJson(res, 404, { error: `no route ${path}` });
  });
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    publish(block) {
      latest = block;
    },
    setFault(next) {
      if (!OP_RELAY_FAULTS.includes(next)) throw new Error(`unknown relay fault ${String(next)}`);
      fault = next;
      held = next === 'stale' ? latest : null;
    },
    stop: () => closeServer(server),
  };
}
