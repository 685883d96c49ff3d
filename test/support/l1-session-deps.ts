/**
 * An L1 session's dependencies as the extension gives them (src/extension/services.ts), in Node:
 * settings and counters kept in `shared` (so a new session over the same `shared` and
 * `persistence` is a restarted service worker), worker tasks in this thread, proofs through
 * PooledAccountReader, devnet discovery. Tests add what they watch (`onHead`, `now`, …).
 */
import { ChainExecutionService } from '../../src/client/verified/chain-execution.ts';
import { memoryCommitteeKeys } from '../../src/client/light-client/committee-keys.ts';
import type { L1SessionDeps } from '../../src/client/l1-session.ts';
import { localDiscovery } from '../../src/client/network/discovery.ts';
import { profileOf } from '../../src/client/network/preview.ts';
import { applyEdit } from '../../src/client/network/settings.ts';
import type { Counters } from '../../src/client/light-client/session-status.ts';
import { checkSettings, type Settings } from '../../src/client/network/settings.ts';
import type { StorePersistence } from '../../src/client/light-client/store-persistence.ts';
import { PooledAccountReader } from '../../src/client/verified/reads.ts';
import { localCalls } from '../../src/client/verified/execution.ts';
import { checkRollupConfigs } from '../../src/l2/configs.ts';
import { inThreadRunner } from '../unit/provider/helpers.ts';

export interface SessionShared {
  settings: Settings | undefined;
  counters: Counters;
}

export const sessionShared = (): SessionShared => ({ settings: undefined, counters: { bootstraps: 0, resumes: 0 } });

export function sessionDeps(shared: SessionShared, persistence: StorePersistence, more: Partial<L1SessionDeps> = {}): L1SessionDeps {
  return {
    loadSettings: async () => checkSettings(shared.settings),
    saveSettings: async (s) => void (shared.settings = structuredClone(s)),
    loadCounters: async () => ({ ...shared.counters }),
    saveCounters: async (c) => void (shared.counters = { ...c }),
    persistence,
    committeeKeys: memoryCommitteeKeys(),
    runner: inThreadRunner,
    announceChain: async () => {},
    announceInjection: async () => {},
    chainChanged: () => {},
    checkRollupConfigs,
    discoverNetwork: localDiscovery(checkRollupConfigs, Date.now),
    profileOf: async (network, from) => profileOf(network, from),
    applyEdit: async (settings, edit) => applyEdit(settings, edit),
    accountReader: (rpc, runner, onRejected) => new PooledAccountReader(rpc, runner, { onRejected }),
    // All of the chain's reads and the fees here, in the lane asked (the extension reads them in its app host).
    execution: (options) => new ChainExecutionService(options),
    fees: (execution) => execution as ChainExecutionService,
    calls: (runner, signal) => localCalls({ step: (task) => runner.run('evm.step', task, { timeoutMs: 60_000, signal }) }),
    ...more,
  };
}
