/**
 * The beacon devnet over the fake EL with an injected clock that tests move slot by slot, and
 * Vigil's own sync loop (L1Sync + RestBeaconApi, unchanged) pointed at its Beacon API.
 */
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { L1Sync, type SyncEvent } from '../../../../src/client/light-client/sync.ts';
import { memoryPersistence, type StorePersistence } from '../../../../src/client/light-client/store-persistence.ts';
import { type ChainConfig, forkDigests, parseNetworkConfig } from '../../../../src/l1/config.ts';
import { RestBeaconApi, type ForkName } from '../../../../src/rpc/beacon.ts';
import { type BeaconDevnet, type BeaconDevnetOptions, startBeaconDevnet } from '../../../../src/devnet/beacon/index.ts';
import { type FakeEl, startFakeEl } from './fake-el.ts';
import { localProcessorFor } from '../../../../src/l1/processor.ts';

export interface Harness {
  el: FakeEl;
  devnet: BeaconDevnet;
  config: ChainConfig;
  /** checkpoint() right after start: the genesis block root. */
  genesisRoot: string;
  /** The injected clock, in ms. */
  now: () => number;
  /** Moves the clock into `slot` and produces every block up to it (`missLate`: as the slot timers do, missing slots when far behind). */
  advanceTo(slot: number, options?: { missLate?: boolean }): Promise<void>;
  /**
   * A sync loop over the devnet's Beacon API, bootstrapped from `checkpoint` (default: the
   * devnet's current one; null: none, resuming what `persistence` holds).
   */
  sync(encoding: 'json' | 'ssz', options?: { checkpoint?: string | null; timeoutMs?: number; persistence?: StorePersistence }): { sync: L1Sync; events: SyncEvent[]; api: RestBeaconApi };
  close(): Promise<void>;
}

export async function startHarness(
  options: Partial<BeaconDevnetOptions> = {},
): Promise<Harness> {
  const el = await startFakeEl();
  let t = Date.now();
  const now = () => t;
  const devnet = await startBeaconDevnet({ secondsPerSlot: 1, ...options, executionRpc: el.url, now, manual: true });
  const config = parseNetworkConfig(devnet.networkConfig);
  const digests = forkDigests(config);
  return {
    el,
    devnet,
    config,
    genesisRoot: devnet.checkpoint(),
    now,
    async advanceTo(slot, tickOptions) {
      // A little into the slot, as a node that just received the block.
      t = (config.genesisTime + slot * config.secondsPerSlot) * 1000 + 100;
      await devnet.tick(tickOptions);
    },
    sync(encoding, opts = {}) {
      const events: SyncEvent[] = [];
      const api = new RestBeaconApi({
        endpoints: [devnet.url],
        encoding,
        forkFromDigest: (d) => digests.get(bytesToHex(d)) as ForkName | undefined,
        retries: 0,
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      });
      const sync = new L1Sync({
        processor: localProcessorFor(config),
        network: 'devnet',
        config,
        api,
        persistence: opts.persistence ?? memoryPersistence(),
        ...(opts.checkpoint !== null ? { checkpoint: opts.checkpoint ?? devnet.checkpoint() } : {}),
        now,
        onEvent: (e) => events.push(e),
      });
      return { sync, events, api };
    },
    async close() {
      await devnet.stop();
      await el.close();
    },
  };
}

/** Codes of the rejections a sync loop reported. */
export function rejectedCodes(events: SyncEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'rejected' ? [String((e.error as { code?: string }).code)] : []));
}
