/**
 * Pages' polling filters (src/provider/filters.ts) on the devnet, through the provider as the
 * extension builds it (src/provider/session-backend.ts over the L1 session, the filters run as the
 * app host runs them): a token Transfer is
 * reported once it is in a verified block, and when the devnet's `reorg` fault drops its block
 * (and the transaction with it) the next poll reports that log again with `removed: true`; a block
 * filter reports the new branch's hashes, each the node's.
 */
import type { ChainExecutionService } from '../../src/client/verified/chain-execution.ts';
import { type ChainCall, chainCall } from '../../src/provider/chain-call.ts';
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { L1Session } from '../../src/client/l1-session.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import { filterCall, Filters } from '../../src/provider/filters.ts';
import { createRequestHandler } from '../../src/provider/handler.ts';
import { OriginQuotas } from '../../src/provider/quotas.ts';
import { sessionBackend } from '../../src/provider/session-backend.ts';
import { rpc, type RunningDevnet, startDevnetProcess, until } from './helpers.ts';
import { sessionOnDevnet } from './wallet-devnet.ts';

const SITE = 'https://filters.example';
const VigilTokenAbi = ARTIFACTS.VigilToken.abi;
type Log = { transactionHash: string; blockHash: string; blockNumber: string; removed: boolean; data: string; topics: string[] };

let devnet: RunningDevnet;
let session: L1Session;
let handle: ReturnType<typeof createRequestHandler>;
const call = (method: string, params: unknown[] = []) => handle(SITE, { method, params });

beforeAll(async () => {
  devnet = await startDevnetProcess(['--contracts', '--faults']);
  session = await sessionOnDevnet(devnet.info);
  // As the app host runs them: over the session's verified reads and heads.
  const filters = filterCall(new Filters(session.now), () => ({ chainId: session.profile()?.chainId, reader: (session.execution() as ChainExecutionService | undefined)?.forPages().chain, heads: session.board.heads() }), new OriginQuotas(), session.now);
  // The pages' chain reads too, as the app host runs them (src/provider/chain-call.ts).
  const chain: ChainCall = (meter, method, params) => chainCall((session.execution() as ChainExecutionService).forPages().chain)(meter, method, params);
  handle = createRequestHandler(sessionBackend({ session, filters, chain }));
}, 120_000);
afterAll(async () => {
  await session?.stop();
  await devnet?.stop('SIGKILL');
});

describe('polling filters on the devnet', () => {
  it('reports a verified Transfer once, then the same log with removed: true when a reorg drops its block', async () => {
    const info = devnet.info;
    const token = info.contracts!.token;
    await until('a verified head', async () => session.board.heads().optimistic);
    const logs = (await call('eth_newFilter', [{ address: token }])) as string;
    const blocks = (await call('eth_newBlockFilter')) as string;

    const data = encodeFunctionData({ abi: VigilTokenAbi, functionName: 'transfer', args: [info.accounts[3] as `0x${string}`, 5n] });
    const hash = (await rpc(info.nodeRpc, 'eth_sendTransaction', [{ from: info.accounts[1], to: token, data, gas: '0x30000' }])) as string;
    const heard: Log[] = [];
    const seen = await until('the transfer reported', async () => {
      heard.push(...((await call('eth_getFilterChanges', [logs])) as Log[]));
      return heard.find((l) => l.transactionHash === hash);
    });
    expect(seen.removed).toBe(false);
    const node = (await rpc(info.executionRpc, 'eth_getTransactionReceipt', [hash])) as { blockHash: string; logs: { data: string; topics: string[] }[] };
    expect(seen).toMatchObject({ blockHash: node.blockHash, data: node.logs[0]!.data, topics: node.logs[0]!.topics });
    expect(await call('eth_getFilterChanges', [logs])).toEqual([]);
    await call('eth_getFilterChanges', [blocks]);

    // Drop the block holding it (and those after), the transaction left out of the new branch.
    const nodeHead = Number(((await rpc(info.executionRpc, 'eth_getBlockByNumber', ['latest', false])) as { number: string }).number);
    const depth = nodeHead - Number(seen.blockNumber) + 1;
    const res = await fetch(`${info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault: 'reorg', depth, drop: true }) });
    expect(res.ok).toBe(true);

    const refused: string[] = [];
    const removed = await until('the log taken back', async () => {
      let changes: Log[];
      try {
        changes = (await call('eth_getFilterChanges', [logs])) as Log[];
      } catch (err) {
        // Until the light client follows the new branch, the node's blocks there do not hash to the
        // verified ones: Vigil refuses them (-32099), and the page asks again.
        if ((err as { code?: unknown }).code !== -32099 || !/does not hash to the verified block hash/.test(String((err as Error).message))) throw err;
        refused.push((err as Error).message);
        return undefined;
      }
      return changes.find((l) => l.transactionHash === hash && l.removed);
    });
    expect(removed).toEqual({ ...seen, removed: true });
    // The new branch: block hashes the node's at their numbers, from the fork point on.
    const newBranch = await until('new-branch blocks', async () => {
      const hashes = (await call('eth_getFilterChanges', [blocks])) as string[];
      return hashes.length > 0 && hashes;
    });
    for (const h of newBranch) {
      const b = (await rpc(info.executionRpc, 'eth_getBlockByHash', [h, false])) as { hash: string } | null;
      expect(b?.hash).toBe(h);
    }
    expect(newBranch).not.toContain(seen.blockHash);
    expect(await call('eth_uninstallFilter', [logs])).toBe(true);
  }, 180_000);
});
