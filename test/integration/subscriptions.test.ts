/**
 * Subscriptions (src/provider/subscriptions.ts) on the devnet, through the provider as the
 * extension builds it (src/provider/session-backend.ts over the L1 session; each new verified
 * head starts a round of pushes, as the app host's adopt does): a token Transfer is pushed once,
 * as the node logged it, once its block is verified; when the devnet's `reorg` fault drops that
 * block (and the transaction with it) the same log is pushed again with `removed: true`. newHeads
 * pushes the headers of the verified blocks, each the node's, the new branch's after the reorg.
 */
import type { ChainExecutionService } from '../../src/client/verified/chain-execution.ts';
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { L1Session } from '../../src/client/l1-session.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import type { PageTarget } from '../../src/provider/filter-methods.ts';
import { Filters } from '../../src/provider/filters.ts';
import { createRequestHandler } from '../../src/provider/handler.ts';
import type { PushMessage } from '../../src/provider/page-protocol.ts';
import { OriginQuotas } from '../../src/provider/quotas.ts';
import { sessionBackend } from '../../src/provider/session-backend.ts';
import { Subscriptions } from '../../src/provider/subscriptions.ts';
import { rpc, type RunningDevnet, startDevnetProcess, until } from './helpers.ts';
import { sessionOnDevnet } from './wallet-devnet.ts';

const SITE = 'https://subscriptions.example';
const PAGE: PageTarget = { tabId: 3, frameId: 0, session: 'integration' };
const TRANSFER = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const VigilTokenAbi = ARTIFACTS.VigilToken.abi;
type Log = { transactionHash: string; blockHash: string; blockNumber: string; removed: boolean; data: string; topics: string[]; address: string };
type Header = { hash: string; number: string; parentHash: string; transactions?: unknown };

let devnet: RunningDevnet;
let session: L1Session;
let handle: ReturnType<typeof createRequestHandler>;
const pushed: PushMessage[] = [];
const call = (method: string, params: unknown[] = []) => handle(SITE, { method, params }, undefined, PAGE);

beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--faults']);
  let subscriptions: Subscriptions | undefined;
  // As the app host: a round of pushes at each new verified head.
  session = await sessionOnDevnet(devnet.info, { onHead: () => void subscriptions?.onHead().catch(() => {}) });
  subscriptions = new Subscriptions({
    filters: new Filters(session.now),
    source: () => ({ chainId: session.profile()?.chainId, reader: (session.execution() as ChainExecutionService | undefined)?.forPages().chain, heads: session.board.heads() }),
    quotas: new OriginQuotas(),
    now: session.now,
    push: async (page, messages) => {
      expect(page).toEqual(PAGE);
      pushed.push(...messages);
      return true;
    },
  });
  const subs = subscriptions;
  handle = createRequestHandler(sessionBackend({ session, subscriptions: (origin, page, method, params) => subs.call(origin, page, method, params) }));
}, 120_000);
afterAll(async () => {
  await session?.stop();
  await devnet?.stop('SIGKILL');
});

describe('subscriptions on the devnet', () => {
  it('pushes a verified Transfer once, then the same log with removed: true when a reorg drops its block; newHeads the node’s headers', async () => {
    const info = devnet.info;
    const token = info.contracts!.token;
    await until('a verified head', async () => session.board.heads().optimistic);
    const logs = (await call('eth_subscribe', ['logs', { address: token, topics: [TRANSFER] }])) as string;
    const heads = (await call('eth_subscribe', ['newHeads'])) as string;
    const of = (id: string) => pushed.filter((m) => m.subscription === id).map((m) => m.result);

    const data = encodeFunctionData({ abi: VigilTokenAbi, functionName: 'transfer', args: [info.accounts[3] as `0x${string}`, 5n] });
    const hash = (await rpc(info.nodeRpc, 'eth_sendTransaction', [{ from: info.accounts[1], to: token, data, gas: '0x30000' }])) as string;
    const ours = () => (of(logs) as Log[]).filter((l) => l.transactionHash === hash);
    const seen = await until('the transfer pushed', async () => ours()[0]);
    expect(seen.removed).toBe(false);
    const node = (await rpc(info.executionRpc, 'eth_getTransactionReceipt', [hash])) as { blockHash: string; logs: { address: string; data: string; topics: string[] }[] };
    expect(seen).toMatchObject({ blockHash: node.blockHash, address: node.logs[0]!.address.toLowerCase(), data: node.logs[0]!.data, topics: node.logs[0]!.topics });
    // Heads pushed meanwhile: header fields only, each the node's block at its number.
    const headers = of(heads) as Header[];
    expect(headers.some((h) => h.hash === seen.blockHash)).toBe(true);
    for (const h of headers.slice(-3)) {
      expect(h.transactions).toBeUndefined();
      const b = (await rpc(info.executionRpc, 'eth_getBlockByNumber', [h.number, false])) as { hash: string; parentHash: string };
      expect({ hash: h.hash, parentHash: h.parentHash }).toEqual({ hash: b.hash, parentHash: b.parentHash });
    }
    // Once, however many heads came since.
    const at = headers.length;
    await until('two more heads pushed', async () => of(heads).length >= at + 2);
    expect(ours()).toHaveLength(1);

    // Drop the block holding it (and those after), the transaction left out of the new branch.
    const nodeHead = Number(((await rpc(info.executionRpc, 'eth_getBlockByNumber', ['latest', false])) as { number: string }).number);
    const depth = nodeHead - Number(seen.blockNumber) + 1;
    const before = of(heads).length;
    const res = await fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'reorg', depth, drop: true }) });
    expect(res.ok).toBe(true);

    const removed = await until('the log taken back', async () => ours().find((l) => l.removed));
    expect(removed).toEqual({ ...seen, removed: true });
    expect(ours().map((l) => l.removed)).toEqual([false, true]);
    // newHeads: the new branch's head at the dropped block's number, not the block that left.
    const branch = await until('the new branch’s head at that number', async () =>
      (of(heads) as Header[]).slice(before).find((h) => h.number === seen.blockNumber),
    );
    expect(branch.hash).not.toBe(seen.blockHash);
    expect(branch.hash).toBe(((await rpc(info.executionRpc, 'eth_getBlockByNumber', [seen.blockNumber, false])) as { hash: string }).hash);

    expect(await call('eth_unsubscribe', [logs])).toBe(true);
    expect(await call('eth_unsubscribe', [logs])).toBe(false);
    expect(await call('eth_unsubscribe', [heads])).toBe(true);
    const count = of(heads).length;
    const now = session.board.heads().optimistic!.blockNumber;
    await until('two more verified heads', async () => session.board.heads().optimistic!.blockNumber >= now + 2);
    expect(of(heads)).toHaveLength(count);
  }, 180_000);
});
