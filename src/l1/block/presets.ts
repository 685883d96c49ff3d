/**
 * The preset values a beacon block's containers need beyond the light client's (src/l1/config.ts
 * `Preset`): the list limits and vector lengths that fix a BeaconBlockBody's shape, hence its
 * root. The blob tie hashes whole blocks with them (Gloas column sidecars carry no commitments);
 * the devnet builds its blocks (and, with more values, its states) from the same ones.
 * consensus-specs v1.6 presets/{mainnet,minimal}/{phase0,…,electra}.yaml, and gloas.yaml
 * (consensus-specs@a08d8a6e).
 * @module
 */
import { PRESETS, type Preset } from '../config.ts';

export interface BlockPreset extends Preset {
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
  // Electra
  MAX_ATTESTER_SLASHINGS_ELECTRA: number;
  MAX_ATTESTATIONS_ELECTRA: number;
  MAX_DEPOSIT_REQUESTS_PER_PAYLOAD: number;
  MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD: number;
  MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD: number;
  // Gloas
  PTC_SIZE: number;
  MAX_PAYLOAD_ATTESTATIONS: number;
  MAX_BUILDER_DEPOSIT_REQUESTS_PER_PAYLOAD: number;
  MAX_BUILDER_EXIT_REQUESTS_PER_PAYLOAD: number;
}

/** Values both presets share. */
const common = {
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
  MAX_ATTESTER_SLASHINGS_ELECTRA: 1,
  MAX_ATTESTATIONS_ELECTRA: 8,
  MAX_DEPOSIT_REQUESTS_PER_PAYLOAD: 8192,
  MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD: 16,
  MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD: 2,
  MAX_PAYLOAD_ATTESTATIONS: 4,
  MAX_BUILDER_DEPOSIT_REQUESTS_PER_PAYLOAD: 64,
  MAX_BUILDER_EXIT_REQUESTS_PER_PAYLOAD: 16,
};

export const BLOCK_PRESETS: Record<Preset['name'], BlockPreset> = {
  mainnet: { ...PRESETS.mainnet, ...common, MAX_COMMITTEES_PER_SLOT: 64, MAX_WITHDRAWALS_PER_PAYLOAD: 16, PTC_SIZE: 512 },
  minimal: { ...PRESETS.minimal, ...common, MAX_COMMITTEES_PER_SLOT: 4, MAX_WITHDRAWALS_PER_PAYLOAD: 4, PTC_SIZE: 16 },
};
