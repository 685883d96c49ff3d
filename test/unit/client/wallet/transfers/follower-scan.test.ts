/**
 * The transfer follower over the real scan (src/extension/transfer-scan.ts scanOver, as the app
 * host binds it) and a scripted chain served on 127.0.0.1: the transfers stored, proven; an
 * endpoint withholding receipts alone makes the pass store nothing and keep the cursor; beside an
 * honest one its lie is refused, the honest answer stored, and the liar is demoted in the
 * session's one ExecutionRpc (every other read of the session asks the honest one first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../../src/core/bytes.ts';
import { VerifiedChain } from '../../../../../src/client/verified/chain.ts';
import { ExecutionRpc } from '../../../../../src/client/verified/execution-rpc.ts';
import { VerifiedHeaders } from '../../../../../src/client/verified/headers.ts';
import { TransferFollower } from '../../../../../src/client/wallet/transfers/follower.ts';
import { scanOver } from '../../../../../src/extension/transfer-scan.ts';
import { eventTopic } from '../../../../../src/execution/abi.ts';
import type { Log } from '../../../../../src/proofs/receipts.ts';
import { MemoryTransferStore } from '../../../../../src/storage/transfers.ts';
import { l1Chain, L1_HEAD_NUMBER, l1Responder, type Responder, RpcFault, serveJsonRpc, type World } from '../../../../support/rpc-world.ts';

const ME = '0x' + 'a1'.repeat(20);
const OTHER = '0x' + 'b2'.repeat(20);
const TOKEN = '0x' + '70'.repeat(20);
const H = L1_HEAD_NUMBER;
const topic = (a: string) => hexToBytes('0x' + a.slice(2).padStart(64, '0'));
const word = (v: bigint) => hexToBytes('0x' + v.toString(16).padStart(64, '0'));
const log = (topics: Uint8Array[], data: Uint8Array): Log => ({ address: hexToBytes(TOKEN), topics: [hexToBytes(eventTopic('Transfer(address,address,uint256)')), ...topics], data });
const chain = l1Chain(new Uint8Array(32).fill(9), { depth: 1030, events: [{ number: H - 10n, to: '0x' + '05'.repeat(20), logs: [log([topic(OTHER), topic(ME)], word(3n))] }] });
const target = bytesToHex(chain.byNumber.get(H - 10n)!.hash);

interface Node {
  url: string;
  close(): Promise<void>;
  lie: 'none' | 'withhold' | 'tamper';
}
async function node(): Promise<Node> {
  const honest = l1Responder({} as World, chain);
  const n: Partial<Node> = { lie: 'none' };
  const respond: Responder = (method, params) => {
    const asked = (method === 'eth_getBlockReceipts' && params[0] === target) || method === 'eth_getTransactionReceipt';
    if (asked && n.lie === 'withhold') throw new RpcFault(-32000, 'receipts pruned');
    const answer = honest(method, params);
    // The user's transfer taken out of the block's receipts: they no longer hash to its receipts root.
    if (asked && n.lie === 'tamper' && method === 'eth_getBlockReceipts') for (const r of answer as { logs: unknown[] }[]) r.logs = [];
    return answer;
  };
  return Object.assign(n, await serveJsonRpc(respond)) as Node;
}

let honest: Node;
let liar: Node;
beforeAll(async () => {
  [honest, liar] = await Promise.all([node(), node()]);
  liar.lie = 'withhold';
});
afterAll(async () => {
  await Promise.all([honest.close(), liar.close()]);
});

function world(endpoints: string[]) {
  const rpc = new ExecutionRpc({ endpoints, timeoutMs: 120_000 });
  const headers = new VerifiedHeaders({ rpc, anchors: () => ({ latest: { blockNumber: H, blockHash: chain.head.hash } }) });
  const verified = new VerifiedChain({ rpc, headers });
  const errors: string[] = [];
  const store = new MemoryTransferStore();
  const session = { execution: () => ({ chain: verified }) as never, executionRpc: () => rpc };
  const follower = new TransferFollower({
    store,
    chainId: () => 1,
    accounts: async () => [ME],
    headNumber: () => H,
    finalizedNumber: () => undefined,
    canonicalHash: async (n) => bytesToHex((await headers.byNumber(n)).hash),
    scan: scanOver(session, (e) => errors.push(`${e.endpoint}`)),
    now: () => 7,
  });
  return { rpc, store, follower, errors };
}

describe('the follower over the real scan', () => {
  it('stores the proven transfer and moves the cursor to the head', async () => {
    const { store, follower } = world([honest.url]);
    await follower.follow();
    expect((await store.list(1)).map((r) => [r.block, r.amount, r.from, r.to, r.blockHash, r.found])).toEqual([[Number(H - 10n), '3', OTHER, ME, target, 'bloom-scan']]);
    expect((await store.cursors(1))[0]).toMatchObject({ fromBlock: Number(H - 1023n), toBlock: Number(H), toHash: bytesToHex(chain.head.hash) });
  });

  it('an endpoint alone withholding receipts: nothing stored, the cursor kept, why said', async () => {
    const { store, follower } = world([liar.url]);
    await follower.follow();
    expect(await store.list(1)).toEqual([]);
    const cursor = (await store.cursors(1))[0]!;
    expect(cursor.toBlock).toBeLessThan(cursor.fromBlock);
    expect(cursor.failure?.at).toBe(7);
  });

  it('beside an honest endpoint: the honest answer stored; a liar whose receipts do not prove demoted for the whole session', async () => {
    const withheld = world([liar.url, honest.url]);
    await withheld.follower.follow();
    expect((await withheld.store.list(1)).map((r) => r.block)).toEqual([Number(H - 10n)]);
    liar.lie = 'tamper';
    try {
      const tampered = world([liar.url, honest.url]);
      await tampered.follower.follow();
      expect((await tampered.store.list(1)).map((r) => r.amount)).toEqual(['3']);
      expect(tampered.rpc.endpoints[0]).toBe(honest.url);
    } finally {
      liar.lie = 'withhold';
    }
  });
});
