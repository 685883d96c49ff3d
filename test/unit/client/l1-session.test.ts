/**
 * The L1 session in Node, on the real mainnet light-client data (replay transport) and an
 * in-memory store: it follows the chain, serves the provider (src/provider/session-backend.ts)
 * from verified heads, switches networks with chainChanged, records what went wrong, and a new
 * instance (a restarted service worker) resumes from the stored state without a bootstrap.
 */
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import { memoryCommitteeKeys } from '../../../src/client/light-client/committee-keys.ts';
import { memoryPersistence } from '../../../src/client/light-client/store-persistence.ts';
import { L1Session, type L1SessionDeps } from '../../../src/client/l1-session.ts';
import type { ChainAnnouncement } from '../../../src/client/network/network-settings.ts';
import type { Counters } from '../../../src/client/light-client/session-status.ts';
import { defaultEndpoints } from '../../../src/client/network/default-endpoints.ts';
import { checkSettings, defaultSettings, type Settings } from '../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../src/l1/networks.ts';
import { createRequestHandler } from '../../../src/provider/handler.ts';
import { PooledAccountReader } from '../../../src/client/verified/reads.ts';
import { sessionBackend } from '../../../src/provider/session-backend.ts';
import { ReplayBeaconApi } from '../../../src/rpc/beacon-replay.ts';
import { mainnetJson } from '../l1/helpers.ts';
import { inThreadRunner } from '../provider/helpers.ts';
import { checkRollupConfigs } from '../../../src/l2/configs.ts';
import { localDiscovery } from '../../../src/client/network/discovery.ts';
import { profileOf } from '../../../src/client/network/preview.ts';
import { applyEdit } from '../../../src/client/network/settings.ts';
import { ChainExecutionService } from '../../../src/client/verified/chain-execution.ts';
import { localCalls } from '../../../src/client/verified/execution.ts';
import { until as waitUntil } from '../../support/until.ts';

const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const now = () => (NETWORKS.mainnet.GENESIS_TIME + 7109433 * 12) * 1000;
const recording = () => ({
  bootstraps: { [CHECKPOINT]: mainnetJson('bootstrap.json') },
  updates: mainnetJson('updates.json'),
  finality: mainnetJson('finality.json'),
  optimistic: mainnetJson('optimistic.json'),
});

/** A replayed "mainnet" reachable at a fake URL, as the devnet's ready object names its servers. */
const READY = {
  executionRpc: 'http://127.0.0.1:1/',
  beaconApi: 'http://127.0.0.1:2',
  chainId: 1,
  checkpoint: CHECKPOINT,
  network: { ...NETWORKS.mainnet, CONFIG_NAME: 'replayed' },
  allowOldCheckpoint: true,
  mnemonic: 'test test test test test test test test test test test junk',
  accounts: [],
};

function world(extra: Partial<L1SessionDeps> = {}) {
  const persistence = memoryPersistence();
  const committeeKeys = memoryCommitteeKeys();
  const shared = { settings: undefined as Settings | undefined, counters: { bootstraps: 0, resumes: 0 } as Counters };
  const chains: ChainAnnouncement[] = [];
  const events: { event: 'chainChanged'; data: string }[] = [];
  const bootstraps: string[] = [];
  const progress: string[] = [];
  const make = () => {
    let session: L1Session | undefined;
    const deps: L1SessionDeps = {
      loadSettings: async () => checkSettings(shared.settings),
      saveSettings: async (s) => void (shared.settings = structuredClone(s)),
      loadCounters: async () => ({ ...shared.counters }),
      saveCounters: async (c) => void (shared.counters = { ...c }),
      persistence,
      committeeKeys,
      runner: inThreadRunner,
      announceChain: async (a) => void chains.push(a),
      checkRollupConfigs,
      discoverNetwork: localDiscovery(checkRollupConfigs, Date.now),
      profileOf: async (network, from) => profileOf(network, from),
      applyEdit: async (settings, edit) => applyEdit(settings, edit),
      announceInjection: async () => {},
      chainChanged: (chainId) => void events.push({ event: 'chainChanged', data: chainId }),
      accountReader: (rpc, runner, onRejected) => new PooledAccountReader(rpc, runner, { onRejected }),
    execution: (options) => new ChainExecutionService(options),
    fees: (execution) => execution as ChainExecutionService,
    calls: (runner, signal) => localCalls({ step: (task) => runner.run('evm.step', task, { timeoutMs: 60_000, signal }) }),
      now,
      beaconApi: () => {
        const api = new ReplayBeaconApi(recording());
        const getBootstrap = api.getBootstrap.bind(api);
        api.getBootstrap = (root) => (bootstraps.push(root), getBootstrap(root));
        return api;
      },
      ...extra,
      onActivity: () => {
        const s = session?.status();
        if (s?.period) progress.push(`${s.state} ${s.period.current}/${s.period.head} from ${s.period.start}`);
      },
    };
    session = new L1Session(deps);
    // The pages' requests, answered from the session's verified heads.
    const handleRequest = createRequestHandler(sessionBackend({ session }));
    return Object.assign(session, { handleRequest });
  };
  return { make, chains, events, bootstraps, shared, progress, committeeKeys };
}

/** The shared wait (time-bounded, against a hang), asking every 20 ms. */
const until = <T>(fn: () => T | undefined | null | false, ms = 120_000) => waitUntil('the session', fn, ms, 20);

describe('L1Session', () => {
  it("learns a built-in network's next fork from its beacon APIs (at most every six hours), and says a contradiction in words", async () => {
    let asked = 0;
    const w = world({ announcedSchedule: async () => (asked++, [{ key: 'GLOAS_FORK_EPOCH', epoch: '450000', version: '0x07000000' }]) });
    const c = w.make();
    await c.start();
    const learned = await until(() => w.shared.settings?.profiles.mainnet?.announcedForks);
    expect(learned.forks).toEqual([{ key: 'GLOAS_FORK_EPOCH', epoch: '450000', version: '0x07000000' }]);
    expect(w.shared.settings!.profiles.mainnet!.config).toMatchObject({ GLOAS_FORK_EPOCH: '450000', GLOAS_FORK_VERSION: '0x07000000' });
    await until(() => c.profile()?.announcedForks !== undefined);
    await c.stop();
    // A restarted worker within the six hours does not ask again; the learned schedule is kept.
    const again = w.make();
    await again.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(asked).toBe(1);
    expect(again.profile()!.config).toMatchObject({ GLOAS_FORK_EPOCH: '450000' });
    await again.stop();

    const refused = world({ announcedSchedule: async () => Promise.reject(new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', 'the beacon APIs announce different fork schedules')) });
    const r = refused.make();
    await r.start();
    await until(() => r.status().errors.find((e) => e.code === 'NETWORK_FORK_SCHEDULE_MISMATCH'));
    expect(r.status().errors.find((e) => e.code === 'NETWORK_FORK_SCHEDULE_MISMATCH')).toMatchObject({ source: 'settings' });
    expect(r.profile()!.config).toEqual(NETWORKS.mainnet);
    await r.stop();
  });

  it('starts on mainnet with its default public endpoints, trusting no checkpoint until they agree on one', async () => {
    const w = world();
    const c = w.make();
    await c.start();
    // The replayed servers have no finalized root to agree on: nothing is trusted, the loop retries.
    await until(() => c.status().state === 'error');
    expect(c.status().network).toMatchObject({ id: 'mainnet', chainId: 1, ...defaultEndpoints('mainnet'), checkpoint: null, weakSubjectivity: { seconds: 14 * 24 * 3600, gloas: false } });
    expect(c.status().errors[0]).toMatchObject({ source: 'sync', code: 'NOT_AVAILABLE' });
    expect(c.status().checkpoint).toBeNull();
    expect(w.chains).toEqual([{ chainId: '0x1', networkId: 'mainnet' }]);
    expect(await c.handleRequest('https://app.test', { method: 'eth_chainId' })).toBe('0x1');
    await expect(c.handleRequest('https://app.test', { method: 'eth_blockNumber' })).rejects.toMatchObject({ code: -32099, data: { code: 'NO_VERIFIED_HEAD' } });
    // A session in error is not waited for: a page's request is answered (or refused) at once.
    const first = await Promise.race([c.whenHead(60_000).then(() => 'at once'), new Promise((r) => setTimeout(() => r('waited'), 1000))]);
    expect(first).toBe('at once');
    await c.stop();
  });

  it('follows a network set by vigil:setNetwork, serves verified heads, and resumes after a restart without a bootstrap', async () => {
    const w = world();
    const c = w.make();
    await c.start();
    await c.settings.setNetwork(READY);
    const first = c.status();
    expect(first.network).toMatchObject({ id: 'replayed', chainId: 1, beaconApis: ['http://127.0.0.1:2'], executionRpcs: ['http://127.0.0.1:1'], checkpoint: CHECKPOINT });
    const synced = await until(() => {
      const s = c.status();
      return s.optimistic?.blockNumber === 17923113 && s;
    });
    expect(synced.state).toBe('synced');
    expect(synced.finalized!.blockNumber).toBe(17923026);
    expect(synced.period).toMatchObject({ current: 867, head: 867, catchingUp: false });
    // The popup saw the catch-up period by period (its progress bar: start 862, head 867).
    expect(w.progress).toContain('catching-up 862/867 from 862');
    expect(w.progress.filter((p) => p.startsWith('catching-up')).length).toBeGreaterThan(1);
    expect(synced.lifecycle).toMatchObject({ bootstraps: 1, resumes: 0, lastInit: 'bootstrap' });
    // The devnet's ready object gave the checkpoint, not the user: said so.
    expect(synced.checkpoint).toMatchObject({ root: CHECKPOINT, source: 'user', origin: { kind: 'devnet' } });
    expect(await c.handleRequest('https://app.test', { method: 'eth_blockNumber' })).toBe('0x' + (17923113).toString(16));
    expect(w.bootstraps).toEqual([CHECKPOINT]);
    await c.stop();
    // The committee keys the workers decoded were stored for the network: period 867's among them.
    const stored = w.committeeKeys.records.get('replayed')!;
    expect(stored.size).toBeGreaterThan(0);
    expect([...stored.values()].some((s) => s.aggregate !== undefined && s.keys.some(([i]) => i === 72))).toBe(true);

    // A new instance over the same storage: the service worker came back.
    const again = w.make();
    await again.start();
    expect(again.board.newest()).toBeUndefined();
    // A page's request that woke it waits for the resumed light client's first head, not the time-out
    // (ten minutes, past the test's bound: only the head can end the wait in time).
    await again.whenHead(600_000);
    expect(again.board.newest()).toBeDefined();
    const resumed = await until(() => again.status().optimistic && again.status());
    expect(resumed.lifecycle).toMatchObject({ bootstraps: 1, resumes: 1, lastInit: 'resume' });
    expect(resumed.checkpoint).toMatchObject({ source: 'stored', origin: { kind: 'devnet' } });
    expect(resumed.optimistic!.blockNumber).toBe(17923113);
    expect(w.bootstraps).toEqual([CHECKPOINT]);
    await again.stop();
  });

  it('emits chainChanged when the chain id changes, and announces it for content scripts', async () => {
    const w = world();
    const c = w.make();
    await c.start();
    await c.settings.setNetwork({ ...READY, chainId: 1337 });
    expect(w.events).toEqual([{ event: 'chainChanged', data: '0x539' }]);
    await c.settings.setNetwork('sepolia');
    expect(w.events.at(-1)).toEqual({ event: 'chainChanged', data: '0xaa36a7' });
    expect(w.chains.at(-1)).toEqual({ chainId: '0xaa36a7', networkId: 'sepolia' });
    expect(await c.handleRequest('https://app.test', { method: 'eth_chainId' })).toBe('0xaa36a7');
    await expect(c.settings.setNetwork('nowhere')).rejects.toThrow('unknown network');
    await expect(c.settings.setNetwork({ beaconApi: 'http://x' })).rejects.toThrow();
    await c.stop();
  });

  it('saves edits to a network and the window.ethereum choice', async () => {
    const w = world();
    const c = w.make();
    await c.start();
    await c.settings.saveProfile({ id: 'mainnet', beaconApis: ['https://a.example/', 'https://b.example'], executionRpcs: ['https://rpc.example'], checkpoint: CHECKPOINT.toUpperCase().replace('0X', '0x') });
    const s = c.settings.get();
    expect(s.profiles.mainnet).toMatchObject({ beaconApis: ['https://a.example', 'https://b.example'], executionRpcs: ['https://rpc.example'], checkpoint: CHECKPOINT });
    await expect(c.settings.saveProfile({ id: 'mainnet', checkpoint: '0x1234' })).rejects.toThrow('checkpoint');
    await expect(c.settings.saveProfile({ id: 'mainnet', beaconApis: ['ftp://x'] })).rejects.toThrow('http');
    await c.settings.setOverrideWindowEthereum(true);
    expect(c.status().overrideWindowEthereum).toBe(true);
    expect(w.shared.settings!.overrideWindowEthereum).toBe(true);
    await c.stop();
  });

  it('keeps defaults for settings it cannot read', () => {
    expect(checkSettings(undefined)).toEqual(defaultSettings());
    expect(checkSettings({ current: 'ghost', profiles: { mainnet: { id: 'mainnet', label: 'x', config: 'bad' } } })).toEqual(defaultSettings());
  });
});
