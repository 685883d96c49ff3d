/**
 * The devnet's network configuration in the specs' config.yaml names, as `parseNetworkConfig`
 * (src/l1/config.ts) reads it and `/eth/v1/config/spec` serves it: every fork up to the chosen
 * one at epoch 0, Gloas at its epoch if scheduled, later ones at FAR_FUTURE_EPOCH.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { FAR_FUTURE_EPOCH } from '../../l1/config.ts';
import { type DevnetFork } from './containers.ts';
import { type DevnetPreset, presetSpecValues } from './presets.ts';

const FORK_KEYS = ['ALTAIR', 'BELLATRIX', 'CAPELLA', 'DENEB', 'ELECTRA', 'FULU', 'GLOAS'] as const;

/** Fork versions of the devnet: `0xNN000064`, NN the fork's ordinal (genesis 00). */
export function devnetForkVersion(ordinal: number): string {
  return `0x${ordinal.toString(16).padStart(2, '0')}000064`;
}

/**
 * The blob schedule (EIP-7892) of a devnet: on Fulu, one blob-parameter-only fork at the start of
 * sync-committee period 1, so the fork digest changes mid-fork (the SSZ `updates` framing then
 * carries two digests). Its maximum is mainnet BPO1's, 15 (target 10), the parameters the
 * execution node's BPO1 (@ethereumjs/common's) and Vigil's execution of the fork use.
 */
export function devnetBlobSchedule(fork: DevnetFork, preset: DevnetPreset): { epoch: number; maxBlobsPerBlock: number }[] {
  return fork === 'fulu' ? [{ epoch: Number(preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD), maxBlobsPerBlock: 15 }] : [];
}

export interface DevnetConfigParams {
  fork: DevnetFork;
  preset: DevnetPreset;
  secondsPerSlot: number;
  genesisTime: number;
  genesisValidatorsRoot: Uint8Array;
  depositChainId: bigint;
  /** Gloas's fork epoch; unset: FAR_FUTURE_EPOCH. */
  gloasEpoch?: bigint;
}

export function devnetNetworkConfig(p: DevnetConfigParams): Record<string, unknown> {
  const last = FORK_KEYS.indexOf(p.fork.toUpperCase() as (typeof FORK_KEYS)[number]);
  const json: Record<string, unknown> = {
    CONFIG_NAME: 'devnet',
    PRESET_BASE: p.preset.name,
    SECONDS_PER_SLOT: p.secondsPerSlot,
    GENESIS_TIME: p.genesisTime,
    GENESIS_VALIDATORS_ROOT: bytesToHex(p.genesisValidatorsRoot),
    GENESIS_FORK_VERSION: devnetForkVersion(0),
  };
  FORK_KEYS.forEach((key, i) => {
    json[`${key}_FORK_VERSION`] = devnetForkVersion(i + 1);
    json[`${key}_FORK_EPOCH`] = i <= last ? 0 : key === 'GLOAS' && p.gloasEpoch !== undefined ? Number(p.gloasEpoch) : FAR_FUTURE_EPOCH.toString();
  });
  json.MAX_BLOBS_PER_BLOCK = 6;
  json.MAX_BLOBS_PER_BLOCK_ELECTRA = 9;
  json.BLOB_SCHEDULE = devnetBlobSchedule(p.fork, p.preset).map((e) => ({ EPOCH: e.epoch, MAX_BLOBS_PER_BLOCK: e.maxBlobsPerBlock }));
  json.DEPOSIT_CHAIN_ID = Number(p.depositChainId);
  json.DEPOSIT_NETWORK_ID = Number(p.depositChainId);
  return json;
}

/** `/eth/v1/config/spec`'s `data`: the config and the preset, every value a string. */
export function specValues(config: Record<string, unknown>, preset: DevnetPreset): Record<string, unknown> {
  const out: Record<string, unknown> = { ...presetSpecValues(preset) };
  for (const [key, value] of Object.entries(config)) {
    out[key] = Array.isArray(value)
      ? value.map((entry) => Object.fromEntries(Object.entries(entry as object).map(([k, v]) => [k, String(v)])))
      : String(value);
  }
  return out;
}
