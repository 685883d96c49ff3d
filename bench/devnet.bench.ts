/**
 * A proven balance end to end on the devnet — from the request to the verified value
 * (eth_getProof at the light client's verified head, parse, Merkle-Patricia verification) —
 * against the plain, unverified eth_getBalance at the same block, both over HTTP to the same node.
 *
 * The devnet (minimal preset, 6 s slots: little block production to disturb the samples) runs
 * in a child process so that its block production and signing do not share this event loop; it
 * is stopped when this process exits. The cold start (checkpoint → first verified head) is a
 * one-shot measurement: bench/devnet-coldstart.ts.
 */
import { ExecutionRpc } from '../src/client/verified/execution-rpc.ts';
import { L1Sync } from '../src/client/light-client/sync.ts';
import { memoryPersistence } from '../src/client/light-client/store-persistence.ts';
import { getVerifiedBalance } from '../src/client/verified/reads.ts';
import { bigIntToHex } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { parseNetworkConfig } from '../src/l1/config.ts';
import { jsonRpcCall } from '../src/rpc/http.ts';
import type { BenchGroup } from './run.ts';
import { startDevnetChild } from './devnet-child.ts';
import { beaconApiFor } from '../src/client/light-client/beacon-api.ts';
import { localProcessorFor } from '../src/l1/processor.ts';

await cryptoReady();
const info = await startDevnetChild(['--preset', 'minimal', '--slot-seconds', '6']);
const config = parseNetworkConfig(info.network);
const sync = new L1Sync({
  processor: localProcessorFor(config),
  network: 'devnet',
  config,
  api: beaconApiFor(config, [info.beaconApi]),
  persistence: memoryPersistence(),
  checkpoint: info.checkpoint,
});
await sync.init();
for (let i = 0; i < 60 && (sync.optimistic?.slot ?? 0n) === (sync.finalized?.slot ?? 0n); i++) {
  await new Promise((r) => setTimeout(r, 500));
  await sync.step();
}
const head = sync.optimistic!;
const address = info.accounts[0]!;
const block = bigIntToHex(head.execution.blockNumber);
const rpc = new ExecutionRpc({ endpoints: [info.executionRpc] });
const options = { timeoutMs: 10_000, maxBytes: 1 << 20 };

export default [
  {
    name: 'devnet: proven balance end to end vs plain eth_getBalance',
    anchor: {
      name: 'eth_getBalance (unverified)',
      async: true,
      fn: () => jsonRpcCall(info.executionRpc, 'eth_getBalance', [address, block], options),
    },
    cases: [
      {
        name: 'getVerifiedBalance (eth_getProof + verify at the verified head)',
        async: true,
        fn: () => getVerifiedBalance({ rpc, head, address }),
      },
    ],
  },
] satisfies BenchGroup[];
