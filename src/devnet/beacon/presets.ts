/**
 * The preset values the devnet's full BeaconState needs beyond a block's (src/l1/block/presets.ts):
 * list limits and vector lengths that fix the containers' shapes, hence their roots. consensus-specs v1.6 presets/{mainnet,minimal}/{phase0,…,electra}.yaml, and
 * gloas.yaml (consensus-specs@a08d8a6e).
 * @module
 */
import type { Preset } from '../../l1/config.ts';
import { BLOCK_PRESETS, type BlockPreset } from '../../l1/block/presets.ts';

/** A block's preset values (src/l1/block/presets.ts) and the state's. */
export interface DevnetPreset extends BlockPreset {
  SLOTS_PER_HISTORICAL_ROOT: number;
  EPOCHS_PER_HISTORICAL_VECTOR: number;
  EPOCHS_PER_SLASHINGS_VECTOR: number;
  EPOCHS_PER_ETH1_VOTING_PERIOD: number;
  HISTORICAL_ROOTS_LIMIT: number;
  VALIDATOR_REGISTRY_LIMIT: number;
  MIN_SEED_LOOKAHEAD: number;
  // Electra
  PENDING_DEPOSITS_LIMIT: number;
  PENDING_PARTIAL_WITHDRAWALS_LIMIT: number;
  PENDING_CONSOLIDATIONS_LIMIT: number;
}

/** State values both presets share. */
const common = {
  HISTORICAL_ROOTS_LIMIT: 2 ** 24,
  VALIDATOR_REGISTRY_LIMIT: 2 ** 40,
  MIN_SEED_LOOKAHEAD: 1,
  PENDING_DEPOSITS_LIMIT: 2 ** 27,
};

export const DEVNET_PRESETS: Record<Preset['name'], DevnetPreset> = {
  mainnet: {
    ...BLOCK_PRESETS.mainnet,
    ...common,
    SLOTS_PER_HISTORICAL_ROOT: 8192,
    EPOCHS_PER_HISTORICAL_VECTOR: 65536,
    EPOCHS_PER_SLASHINGS_VECTOR: 8192,
    EPOCHS_PER_ETH1_VOTING_PERIOD: 64,
    PENDING_PARTIAL_WITHDRAWALS_LIMIT: 2 ** 27,
    PENDING_CONSOLIDATIONS_LIMIT: 2 ** 18,
  },
  minimal: {
    ...BLOCK_PRESETS.minimal,
    ...common,
    SLOTS_PER_HISTORICAL_ROOT: 64,
    EPOCHS_PER_HISTORICAL_VECTOR: 64,
    EPOCHS_PER_SLASHINGS_VECTOR: 64,
    EPOCHS_PER_ETH1_VOTING_PERIOD: 4,
    PENDING_PARTIAL_WITHDRAWALS_LIMIT: 64,
    PENDING_CONSOLIDATIONS_LIMIT: 64,
  },
};

/** Preset values as `/eth/v1/config/spec` lists them (all decimal). */
export function presetSpecValues(preset: DevnetPreset): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(preset)) {
    if (key === 'name') continue;
    out[key] = String(value);
  }
  out.SLOTS_PER_EPOCH = String(preset.SLOTS_PER_EPOCH);
  out.EPOCHS_PER_SYNC_COMMITTEE_PERIOD = String(preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD);
  out.MIN_SYNC_COMMITTEE_PARTICIPANTS = '1';
  out.UPDATE_TIMEOUT = String(preset.SLOTS_PER_EPOCH * preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD);
  return out;
}
