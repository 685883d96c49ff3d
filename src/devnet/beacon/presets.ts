/**
 * The preset values the devnet's full BeaconState and BeaconBlockBody need beyond the light
 * client's (src/l1 `Preset`): list limits and vector lengths that fix the containers' shapes,
 * hence their roots. consensus-specs v1.6 presets/{mainnet,minimal}/{phase0,…,electra}.yaml.
 * @module
 */
import { PRESETS, type Preset } from '../../l1/config.ts';

export interface DevnetPreset extends Preset {
  SLOTS_PER_HISTORICAL_ROOT: number;
  EPOCHS_PER_HISTORICAL_VECTOR: number;
  EPOCHS_PER_SLASHINGS_VECTOR: number;
  EPOCHS_PER_ETH1_VOTING_PERIOD: number;
  HISTORICAL_ROOTS_LIMIT: number;
  VALIDATOR_REGISTRY_LIMIT: number;
  MAX_COMMITTEES_PER_SLOT: number;
  MAX_VALIDATORS_PER_COMMITTEE: number;
  MAX_PROPOSER_SLASHINGS: number;
  MAX_ATTESTER_SLASHINGS: number;
  MAX_ATTESTATIONS: number;
  MAX_DEPOSITS: number;
  MAX_VOLUNTARY_EXITS: number;
  MAX_BLS_TO_EXECUTION_CHANGES: number;
  MAX_BYTES_PER_TRANSACTION: number;
  MAX_TRANSACTIONS_PER_PAYLOAD: number;
  BYTES_PER_LOGS_BLOOM: number;
  MAX_EXTRA_DATA_BYTES: number;
  MAX_WITHDRAWALS_PER_PAYLOAD: number;
  MAX_BLOB_COMMITMENTS_PER_BLOCK: number;
  DEPOSIT_CONTRACT_TREE_DEPTH: number;
  MIN_SEED_LOOKAHEAD: number;
  // Electra
  PENDING_DEPOSITS_LIMIT: number;
  PENDING_PARTIAL_WITHDRAWALS_LIMIT: number;
  PENDING_CONSOLIDATIONS_LIMIT: number;
  MAX_ATTESTER_SLASHINGS_ELECTRA: number;
  MAX_ATTESTATIONS_ELECTRA: number;
  MAX_DEPOSIT_REQUESTS_PER_PAYLOAD: number;
  MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD: number;
  MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD: number;
}

/** Values both presets share. */
const common = {
  HISTORICAL_ROOTS_LIMIT: 2 ** 24,
  VALIDATOR_REGISTRY_LIMIT: 2 ** 40,
  MAX_VALIDATORS_PER_COMMITTEE: 2048,
  MAX_PROPOSER_SLASHINGS: 16,
  MAX_ATTESTER_SLASHINGS: 2,
  MAX_ATTESTATIONS: 128,
  MAX_DEPOSITS: 16,
  MAX_VOLUNTARY_EXITS: 16,
  MAX_BLS_TO_EXECUTION_CHANGES: 16,
  MAX_BYTES_PER_TRANSACTION: 2 ** 30,
  MAX_TRANSACTIONS_PER_PAYLOAD: 2 ** 20,
  BYTES_PER_LOGS_BLOOM: 256,
  MAX_EXTRA_DATA_BYTES: 32,
  MAX_BLOB_COMMITMENTS_PER_BLOCK: 4096,
  DEPOSIT_CONTRACT_TREE_DEPTH: 32,
  MIN_SEED_LOOKAHEAD: 1,
  PENDING_DEPOSITS_LIMIT: 2 ** 27,
  MAX_ATTESTER_SLASHINGS_ELECTRA: 1,
  MAX_ATTESTATIONS_ELECTRA: 8,
  MAX_DEPOSIT_REQUESTS_PER_PAYLOAD: 8192,
  MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD: 16,
  MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD: 2,
};

export const DEVNET_PRESETS: Record<Preset['name'], DevnetPreset> = {
  mainnet: {
    ...PRESETS.mainnet,
    ...common,
    SLOTS_PER_HISTORICAL_ROOT: 8192,
    EPOCHS_PER_HISTORICAL_VECTOR: 65536,
    EPOCHS_PER_SLASHINGS_VECTOR: 8192,
    EPOCHS_PER_ETH1_VOTING_PERIOD: 64,
    MAX_COMMITTEES_PER_SLOT: 64,
    MAX_WITHDRAWALS_PER_PAYLOAD: 16,
    PENDING_PARTIAL_WITHDRAWALS_LIMIT: 2 ** 27,
    PENDING_CONSOLIDATIONS_LIMIT: 2 ** 18,
  },
  minimal: {
    ...PRESETS.minimal,
    ...common,
    SLOTS_PER_HISTORICAL_ROOT: 64,
    EPOCHS_PER_HISTORICAL_VECTOR: 64,
    EPOCHS_PER_SLASHINGS_VECTOR: 64,
    EPOCHS_PER_ETH1_VOTING_PERIOD: 4,
    MAX_COMMITTEES_PER_SLOT: 4,
    MAX_WITHDRAWALS_PER_PAYLOAD: 4,
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
