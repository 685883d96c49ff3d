/**
 * Network configuration in the consensus specs' own names (config.yaml, `/eth/v1/config/spec`),
 * presets, and the fork schedule: which fork, fork version and fork digest hold at an epoch.
 * consensus-specs: phase0/beacon-chain.md (compute_fork_digest, compute_epoch_at_slot),
 * altair/light-client/sync-protocol.md (compute_sync_committee_period), fulu/beacon-chain.md
 * (EIP-7892: the blob schedule enters the fork digest).
 * @module
 */
import { bytesToHex, concatBytes, describe, hexToBytes, isHex } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { sha256 } from '../crypto/sha256.ts';
import { Bytes32, Bytes4, Container } from '../ssz/index.ts';

/** Forks the light client follows, in order. */
export const FORKS = ['phase0', 'altair', 'bellatrix', 'capella', 'deneb', 'electra', 'fulu', 'gloas'] as const;
export type ForkName = (typeof FORKS)[number];
/** Forks whose light-client header still carries the execution payload header. */
export type PreGloasForkName = Exclude<ForkName, 'gloas'>;

/** Preset values the light client depends on (presets/{mainnet,minimal}/*.yaml). */
export interface Preset {
  name: 'mainnet' | 'minimal';
  SLOTS_PER_EPOCH: bigint;
  EPOCHS_PER_SYNC_COMMITTEE_PERIOD: bigint;
  SYNC_COMMITTEE_SIZE: number;
}

export const PRESETS: Record<Preset['name'], Preset> = {
  mainnet: { name: 'mainnet', SLOTS_PER_EPOCH: 32n, EPOCHS_PER_SYNC_COMMITTEE_PERIOD: 256n, SYNC_COMMITTEE_SIZE: 512 },
  minimal: { name: 'minimal', SLOTS_PER_EPOCH: 8n, EPOCHS_PER_SYNC_COMMITTEE_PERIOD: 8n, SYNC_COMMITTEE_SIZE: 32 },
};

export const FAR_FUTURE_EPOCH = 2n ** 64n - 1n;

export interface ForkEntry {
  name: ForkName;
  version: Uint8Array;
  epoch: bigint;
}

export interface BlobScheduleEntry {
  epoch: bigint;
  maxBlobsPerBlock: bigint;
}

export interface ChainConfig {
  name: string;
  preset: Preset;
  secondsPerSlot: number;
  genesisTime: number;
  genesisValidatorsRoot: Uint8Array;
  /** Every fork from phase0 to gloas, ascending by epoch; unscheduled ones at FAR_FUTURE_EPOCH. */
  forks: ForkEntry[];
  /** Forks the config schedules that Vigil cannot follow yet (e.g. heze): refused from their epoch. */
  unsupportedForks: { name: string; epoch: bigint }[];
  blobSchedule: BlobScheduleEntry[];
  maxBlobsPerBlockElectra: bigint;
  /** The config in spec names, as JSON (what `--network-config` files hold). */
  json: Record<string, unknown>;
}

const ForkData = /* @__PURE__ */ Container(
  { currentVersion: Bytes4, genesisValidatorsRoot: Bytes32 },
  { typeName: 'ForkData' },
);

/**
 * Reads a network config in the specs' names. Numbers may be JSON numbers or decimal strings
 * (as `/eth/v1/config/spec` serves them); versions and roots are hex.
 * @example parseNetworkConfig(JSON.parse(readFileSync('devnet.json', 'utf8')))
 */
export function parseNetworkConfig(json: unknown): ChainConfig {
  if (!isObject(json)) throw new InputError(`network config expected an object, got ${describe(json)}`);
  const presetName = String(json.PRESET_BASE ?? 'mainnet').toLowerCase();
  if (presetName !== 'mainnet' && presetName !== 'minimal') {
    throw new InputError(`network config PRESET_BASE expected "mainnet" or "minimal", got ${describe(json.PRESET_BASE)}`);
  }
  const forks: ForkEntry[] = [
    { name: 'phase0', version: version(json, 'GENESIS_FORK_VERSION'), epoch: 0n },
  ];
  for (const name of FORKS.slice(1)) {
    const key = name.toUpperCase();
    forks.push({
      name,
      version: version(json, `${key}_FORK_VERSION`),
      epoch: json[`${key}_FORK_EPOCH`] === undefined ? FAR_FUTURE_EPOCH : uint(json, `${key}_FORK_EPOCH`),
    });
  }
  for (let i = 1; i < forks.length; i++) {
    if (forks[i]!.epoch < forks[i - 1]!.epoch) {
      throw new InputError(`network config ${forks[i]!.name.toUpperCase()}_FORK_EPOCH (${forks[i]!.epoch}) is before ${forks[i - 1]!.name.toUpperCase()}_FORK_EPOCH (${forks[i - 1]!.epoch})`);
    }
  }
  if (forks[1]!.epoch === FAR_FUTURE_EPOCH) throw new InputError('network config has no ALTAIR_FORK_EPOCH: no light client before Altair');

  const unsupportedForks: ChainConfig['unsupportedForks'] = [];
  for (const key of Object.keys(json)) {
    const m = /^([A-Z0-9]+)_FORK_EPOCH$/.exec(key);
    if (!m || FORKS.some((f) => f.toUpperCase() === m[1])) continue;
    const epoch = uint(json, key);
    if (epoch !== FAR_FUTURE_EPOCH) unsupportedForks.push({ name: m[1]!.toLowerCase(), epoch });
  }

  const scheduleJson = json.BLOB_SCHEDULE ?? [];
  if (!Array.isArray(scheduleJson)) throw new InputError('network config BLOB_SCHEDULE expected an array');
  const blobSchedule = scheduleJson.map((entry, i) => {
    if (!isObject(entry)) throw new InputError(`network config BLOB_SCHEDULE[${i}] expected an object`);
    return { epoch: uint(entry, 'EPOCH', `BLOB_SCHEDULE[${i}].`), maxBlobsPerBlock: uint(entry, 'MAX_BLOBS_PER_BLOCK', `BLOB_SCHEDULE[${i}].`) };
  });
  if (new Set(blobSchedule.map((e) => e.epoch)).size !== blobSchedule.length) {
    throw new InputError('network config BLOB_SCHEDULE has two entries for one epoch');
  }
  blobSchedule.sort((a, b) => (a.epoch < b.epoch ? -1 : 1));

  const secondsPerSlot =
    json.SLOT_DURATION_MS !== undefined ? Number(uint(json, 'SLOT_DURATION_MS')) / 1000 : Number(uint(json, 'SECONDS_PER_SLOT'));
  if (!(secondsPerSlot > 0)) throw new InputError('network config slot duration must be positive');
  return {
    name: typeof json.CONFIG_NAME === 'string' ? json.CONFIG_NAME : 'custom',
    preset: PRESETS[presetName],
    secondsPerSlot,
    genesisTime: Number(uint(json, 'GENESIS_TIME')),
    genesisValidatorsRoot: hexToBytes(json.GENESIS_VALIDATORS_ROOT, 32, 'GENESIS_VALIDATORS_ROOT'),
    forks,
    unsupportedForks,
    blobSchedule,
    maxBlobsPerBlockElectra: json.MAX_BLOBS_PER_BLOCK_ELECTRA === undefined ? 9n : uint(json, 'MAX_BLOBS_PER_BLOCK_ELECTRA'),
    json: { ...json },
  };
}

function uint(obj: Record<string, unknown>, key: string, prefix = ''): bigint {
  const v = obj[key];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^(0|[1-9][0-9]*)$/.test(v) && BigInt(v) <= FAR_FUTURE_EPOCH) return BigInt(v);
  throw new InputError(`network config ${prefix}${key} expected a non-negative integer, got ${describe(v)}`);
}

function version(obj: Record<string, unknown>, key: string): Uint8Array {
  const v = obj[key];
  if (v === undefined && key !== 'GENESIS_FORK_VERSION') return new Uint8Array(4).fill(0xff);
  if (!isHex(v)) throw new InputError(`network config ${key} expected 4 bytes of hex, got ${describe(v)}`);
  return hexToBytes(v, 4, key);
}

export function computeEpochAtSlot(config: ChainConfig, slot: bigint): bigint {
  return slot / config.preset.SLOTS_PER_EPOCH;
}

/** compute_sync_committee_period_at_slot */
export function computeSyncCommitteePeriodAtSlot(config: ChainConfig, slot: bigint): bigint {
  return computeEpochAtSlot(config, slot) / config.preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD;
}

export function slotsPerSyncCommitteePeriod(config: ChainConfig): bigint {
  return config.preset.SLOTS_PER_EPOCH * config.preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD;
}

/** The fork in force at `epoch`. Throws LC_UNSUPPORTED_FORK past a fork Vigil cannot follow. */
export function forkAtEpoch(config: ChainConfig, epoch: bigint): ForkEntry {
  const unsupported = config.unsupportedForks.find((f) => epoch >= f.epoch);
  if (unsupported) {
    throw new VerificationError('LC_UNSUPPORTED_FORK', `epoch ${epoch} is in fork ${unsupported.name}, which Vigil does not follow yet`);
  }
  let current = config.forks[0]!;
  for (const f of config.forks) if (epoch >= f.epoch) current = f;
  return current;
}

export function forkAtSlot(config: ChainConfig, slot: bigint): ForkEntry {
  return forkAtEpoch(config, computeEpochAtSlot(config, slot));
}

/**
 * `fork` for code that needs a pre-Gloas header (one carrying the execution payload header):
 * gloas is refused with LC_UNSUPPORTED_FORK, as every fork past Fulu was before Vigil knew Gloas.
 */
export function preGloasFork<F extends ForkName>(fork: F): Exclude<F, 'gloas'> {
  if (fork === 'gloas') {
    throw new VerificationError('LC_UNSUPPORTED_FORK', 'gloas light-client data proves only an execution block hash, which this path cannot take');
  }
  return fork as Exclude<F, 'gloas'>;
}

/** compute_fork_version */
export function computeForkVersion(config: ChainConfig, epoch: bigint): Uint8Array {
  return forkAtEpoch(config, epoch).version;
}

/** compute_fork_data_root */
export function computeForkDataRoot(currentVersion: Uint8Array, genesisValidatorsRoot: Uint8Array): Uint8Array {
  return ForkData.hashTreeRoot({ currentVersion, genesisValidatorsRoot });
}

/** get_blob_parameters (fulu/beacon-chain.md, EIP-7892) */
export function getBlobParameters(config: ChainConfig, epoch: bigint): BlobScheduleEntry {
  for (let i = config.blobSchedule.length - 1; i >= 0; i--) {
    if (epoch >= config.blobSchedule[i]!.epoch) return config.blobSchedule[i]!;
  }
  return { epoch: forkEpoch(config, 'electra'), maxBlobsPerBlock: config.maxBlobsPerBlockElectra };
}

/** compute_fork_digest as of Fulu: the fork data root, masked with the blob parameters from Fulu on. */
export function computeForkDigest(config: ChainConfig, epoch: bigint): Uint8Array {
  const base = computeForkDataRoot(computeForkVersion(config, epoch), config.genesisValidatorsRoot);
  if (epoch < forkEpoch(config, 'fulu')) return base.slice(0, 4);
  const { epoch: blobEpoch, maxBlobsPerBlock } = getBlobParameters(config, epoch);
  const mask = sha256(concatBytes(uint64le(blobEpoch), uint64le(maxBlobsPerBlock)));
  return Uint8Array.from({ length: 4 }, (_, i) => base[i]! ^ mask[i]!);
}

/**
 * Every fork digest the network has used or scheduled, with its fork: what the SSZ framing of
 * `light_client/updates` carries as each item's context.
 */
export function forkDigests(config: ChainConfig): Map<string, ForkName> {
  const epochs = new Set<bigint>(config.forks.filter((f) => f.epoch !== FAR_FUTURE_EPOCH).map((f) => f.epoch));
  for (const e of config.blobSchedule) if (e.epoch >= forkEpoch(config, 'fulu')) epochs.add(e.epoch);
  const out = new Map<string, ForkName>();
  for (const epoch of epochs) {
    let fork: ForkEntry;
    try {
      fork = forkAtEpoch(config, epoch);
    } catch {
      continue;
    }
    out.set(bytesToHex(computeForkDigest(config, epoch)), fork.name);
  }
  return out;
}

export function forkEpoch(config: ChainConfig, name: ForkName): bigint {
  return config.forks.find((f) => f.name === name)!.epoch;
}

/** Slot at a wall-clock time (seconds since the epoch): the "current slot" the protocol is given. */
export function slotAtTime(config: ChainConfig, unixSeconds: number): bigint {
  if (unixSeconds < config.genesisTime) return 0n;
  return BigInt(Math.floor((unixSeconds - config.genesisTime) / config.secondsPerSlot));
}

function uint64le(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}
