/**
 * A wallet chain over the real execution engine and a proven world (../../execution/world.ts): the
 * previews' tests run what a preview asks step by step, as src/client/verified/execution.ts does,
 * each account, slot and code the engine misses fetched with its proof from the world.
 */
import type { ExecutionReader } from '../../../../src/client/verified/execution-reader.ts';
import type { PreviewChain } from '../../../../src/client/wallet/transaction-preview.ts';
import type { WalletHead } from '../../../../src/client/wallet/transactions.ts';
import { blockEnvToJson } from '../../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionTask, type FetchedAccount } from '../../../../src/execution/engine.ts';
import type { World } from '../../execution/world.ts';

/** @param onRun told of every run the preview asks for (before it runs) */
export function engineChain(world: World, head: WalletHead, onRun?: (params: Parameters<ExecutionReader['run']>[0]) => void): PreviewChain {
  const engine = new ExecutionEngine();
  const run: ExecutionReader['run'] = async (params) => {
    onRun?.(params);
    let fetched: FetchedAccount[] = [];
    for (let step = 1; step < 32; step++) {
      const task: ExecutionTask = {
        env: blockEnvToJson(params.env),
        mode: params.mode,
        call: params.call,
        ...(params.calls ? { calls: params.calls } : {}),
        ...(params.holdings !== undefined ? { holdings: params.holdings } : {}),
        fetched,
      };
      const reply = await engine.step(task);
      if (reply.done) return { outcome: reply.outcome, steps: step, proven: { accounts: 0, slots: 0 }, endpoints: [] };
      fetched = await Promise.all(reply.missing.accounts.map(async (a) => ({ request: { address: a.address, slots: a.slots }, proof: await world.getProof(a.address, a.slots), ...(a.code ? { code: world.getCode(a.address) } : {}) })));
    }
    throw new Error('no outcome');
  };
  return { network: { chainId: 31337n, name: 'test', maxHeadAgeSeconds: 60, secondsPerSlot: 12 }, signingHead: () => head, newestHead: () => head.head, execution: { run } };
}
