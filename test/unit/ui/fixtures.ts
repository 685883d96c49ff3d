/** A status and settings as the background sends them, for the UI tests. */
import type { Settings } from '../../../src/extension/settings.ts';
import { defaultSettings } from '../../../src/extension/settings.ts';
import type { Status } from '../../../src/extension/status.ts';

export const NOW = 1_800_000_000_000;

export function status(overrides: Partial<Status> = {}): Status {
  const head = (blockNumber: number, slot: number, finalized: boolean) => ({
    slot,
    beaconRoot: '0x' + '11'.repeat(32),
    blockNumber,
    blockHash: '0x' + '22'.repeat(32),
    stateRoot: '0x' + '33'.repeat(32),
    timestamp: NOW / 1000 - 12,
    finalized,
    verifiedAt: NOW - 3000,
  });
  return {
    network: { id: 'devnet', label: 'Devnet', chainId: 1337, preset: 'minimal', secondsPerSlot: 1, beaconApis: ['http://127.0.0.1:5052'], executionRpcs: ['http://127.0.0.1:8545'], checkpoint: '0x' + '44'.repeat(32) },
    state: 'synced',
    period: { current: 3, head: 3, start: 3, catchingUp: false },
    finalized: head(1200, 1210, true),
    optimistic: head(1234, 1244, false),
    currentSlot: 1245,
    stale: null,
    errors: [],
    checkpoint: { root: '0x' + '44'.repeat(32), source: 'user', at: NOW - 60_000 },
    lifecycle: { instanceStartedAt: NOW - 60_000, bootstraps: 1, resumes: 0, lastInit: 'bootstrap' },
    overrideWindowEthereum: false,
    now: NOW,
    ...overrides,
  };
}

export function settings(): Settings {
  const s = defaultSettings();
  s.profiles.devnet = {
    id: 'devnet',
    label: 'Devnet',
    chainId: 1337,
    config: s.profiles.mainnet!.config,
    beaconApis: ['http://127.0.0.1:5052'],
    executionRpcs: ['http://127.0.0.1:8545', 'http://127.0.0.1:8546'],
    checkpoint: '0x' + '44'.repeat(32),
  };
  s.current = 'devnet';
  return s;
}
