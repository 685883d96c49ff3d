/**
 * "Add network" (src/client/network/network-settings.ts): a preview (as discoverNetwork answers it) is
 * checked again and saved as a profile through setNetwork, and the session follows it; a tampered
 * preview is refused and nothing is saved.
 */
import { describe, expect, it } from 'vitest';
import { memoryCommitteeKeys } from '../../../../src/client/light-client/committee-keys.ts';
import { memoryPersistence } from '../../../../src/client/light-client/store-persistence.ts';
import { InputError } from '../../../../src/core/errors.ts';
import { L1Session, type L1SessionDeps } from '../../../../src/client/l1-session.ts';
import type { NetworkPreview } from '../../../../src/client/network/discovery.ts';
import type { Counters } from '../../../../src/client/light-client/session-status.ts';
import { PooledAccountReader } from '../../../../src/client/verified/reads.ts';
import { checkSettings, type Settings } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { ReplayBeaconApi } from '../../../../src/rpc/beacon-replay.ts';
import { inThreadRunner } from '../../provider/helpers.ts';
import { checkRollupConfigs } from '../../../../src/l2/configs.ts';
import { localDiscovery } from '../../../../src/client/network/discovery.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { applyEdit } from '../../../../src/client/network/settings.ts';
import { knownRollupConfig } from '../../../../src/l2/known-rollups.ts';
import { ChainExecutionService } from '../../../../src/client/verified/chain-execution.ts';
import { localCalls } from '../../../../src/client/verified/execution.ts';

const ROOT = `0x${'ab'.repeat(32)}`;
const now = () => (NETWORKS.mainnet.GENESIS_TIME + 7109433 * 12) * 1000;

function controller() {
  const shared = { settings: undefined as Settings | undefined, counters: { bootstraps: 0, resumes: 0 } as Counters };
  const deps: L1SessionDeps = {
    loadSettings: async () => checkSettings(shared.settings),
    saveSettings: async (s) => void (shared.settings = structuredClone(s)),
    loadCounters: async () => ({ ...shared.counters }),
    saveCounters: async (c) => void (shared.counters = { ...c }),
    persistence: memoryPersistence(),
    committeeKeys: memoryCommitteeKeys(),
    runner: inThreadRunner,
    announceChain: async () => {},
    checkRollupConfigs,
    discoverNetwork: localDiscovery(checkRollupConfigs, Date.now),
    profileOf: async (network, from) => profileOf(network, from),
    applyEdit: async (settings, edit) => applyEdit(settings, edit),
    announceInjection: async () => {},
    chainChanged: () => {},
    accountReader: (rpc, runner, onRejected) => new PooledAccountReader(rpc, runner, { onRejected }),
    execution: (options) => new ChainExecutionService(options),
    fees: (execution) => execution as ChainExecutionService,
    calls: (runner, signal) => localCalls({ step: (task) => runner.run('evm.step', task, { timeoutMs: 60_000, signal }) }),
    now,
    beaconApi: () => new ReplayBeaconApi({ bootstraps: {}, updates: [], finality: null, optimistic: null } as never),
  };
  const c = new L1Session(deps);
  // As the background answers the popup: the settings loaded first, then the change, then the status.
  const addNetwork = async (preview: unknown) => {
    await c.start();
    await c.settings.addNetwork(preview);
    return c.status();
  };
  return { c: Object.assign(c, { addNetwork }), shared };
}

function preview(): NetworkPreview {
  return {
    id: 'mynet',
    label: 'My net',
    chainId: 1,
    preset: 'mainnet',
    secondsPerSlot: 12,
    genesisTime: NETWORKS.mainnet.GENESIS_TIME,
    genesisValidatorsRoot: NETWORKS.mainnet.GENESIS_VALIDATORS_ROOT,
    forks: [],
    unknownForks: [],
    checkpoint: { root: ROOT, slot: 100, source: 'beacon-api', agreedBy: ['127.0.0.1:2'] },
    beaconApi: 'http://127.0.0.1:2/',
    moreBeaconApis: [],
    executionRpc: 'http://127.0.0.1:1',
    network: { ...NETWORKS.mainnet, CONFIG_NAME: 'mynet' },
    rollups: [],
    routers: [],
    tokens: [],
    warnings: [],
  };
}

describe('addNetwork', () => {
  it('saves the preview as a profile and switches to it', async () => {
    const { c, shared } = controller();
    const status = await c.addNetwork(JSON.parse(JSON.stringify(preview())));
    expect(status.network).toMatchObject({ id: 'mynet', chainId: 1, beaconApis: ['http://127.0.0.1:2'], executionRpcs: ['http://127.0.0.1:1'], checkpoint: ROOT });
    expect(shared.settings!.current).toBe('mynet');
    expect(shared.settings!.profiles.mynet).toMatchObject({ label: 'My net', checkpoint: ROOT, config: { CONFIG_NAME: 'mynet' } });
    await c.stop();
  });

  it('saves the other beacon APIs after the first, and the rollups it lists (checked again)', async () => {
    const { c, shared } = controller();
    const more = { ...preview(), moreBeaconApis: ['http://localhost:3/', 'http://127.0.0.1:2'] };
    const status = await c.addNetwork(JSON.parse(JSON.stringify(more)));
    expect(status.network).toMatchObject({ beaconApis: ['http://127.0.0.1:2', 'http://localhost:3'] });
    const { c: c2 } = controller();
    // A rollup settling on another chain is refused by the profile's own parser.
    await expect(c2.addNetwork({ ...preview(), rollups: [{ kind: 'vigil-zk-v1', chainId: 5, label: 'x', config: { kind: 'vigil-zk-v1', l1ChainId: 7 } }] })).rejects.toBeInstanceOf(InputError);
    await expect(c2.addNetwork({ ...preview(), rollups: [{ label: 'no config' }] })).rejects.toBeInstanceOf(InputError);
    await expect(c2.addNetwork({ ...preview(), moreBeaconApis: 'http://x' })).rejects.toBeInstanceOf(InputError);
    expect(shared.settings!.profiles.mynet).toBeDefined();
    await c.stop();
    await c2.stop();
  });

  it("refuses a rollup its kind refuses (checked whole by checkRollupConfigs, the app host's in the extension) and saves nothing", async () => {
    const { c, shared } = controller();
    await c.start();
    const before = structuredClone(shared.settings);
    // Its identity reads (kind, name, chain ids); OP Mainnet's parser refuses the rest.
    const config: Record<string, unknown> = { ...knownRollupConfig('op-mainnet')!, maxGamesBack: -1 };
    const refused = await c.addNetwork({ ...preview(), rollups: [{ kind: config.kind, chainId: 10, label: 'OP', config }] }).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).shortMessage).toMatch(/"network\.rollups\[0\]": "maxGamesBack"/);
    expect(shared.settings).toEqual(before);
    // The same config whole is taken.
    await c.addNetwork({ ...preview(), rollups: [{ kind: config.kind, chainId: 10, label: 'OP', config: knownRollupConfig('op-mainnet') }] });
    expect(shared.settings!.profiles.mynet!.rollups).toEqual([knownRollupConfig('op-mainnet')]);
    await c.stop();
  });

  it('refuses a tampered preview and saves nothing', async () => {
    const { c, shared } = controller();
    await c.start();
    const before = structuredClone(shared.settings);
    const bad: unknown[] = [
      { ...preview(), id: 'other' },
      { ...preview(), chainId: 1.5 },
      { ...preview(), beaconApi: 'ftp://x' },
      { ...preview(), network: { ...NETWORKS.mainnet, CONFIG_NAME: 'mynet', ALTAIR_FORK_VERSION: 'zz' } },
      { ...preview(), id: 'sepolia', network: { ...NETWORKS.mainnet, CONFIG_NAME: 'sepolia' } },
      null,
    ];
    for (const p of bad) await expect(c.addNetwork(p)).rejects.toBeInstanceOf(InputError);
    expect(shared.settings).toEqual(before);
    await c.stop();
  });
});
