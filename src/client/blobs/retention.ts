/**
 * The blob retention window and the remembered checks (issue 54): beacon nodes serve a block's
 * blobs (Fulu on: its data column sidecars) for MIN_EPOCHS_FOR_BLOB_SIDECARS_REQUESTS
 * (MIN_EPOCHS_FOR_DATA_COLUMN_SIDECARS_REQUESTS) epochs — 4096, about 18 days on mainnet — and may
 * drop them after. Within the window a batch is sampled, its verdict remembered
 * (src/storage/data-checks.ts) and shown, and sampled again now and then rather than at every
 * head; past it nothing is asked, and the card says "available when checked (date)" or "not
 * checked before it expired".
 *
 * consensus-specs deneb/p2p-interface.md (MIN_EPOCHS_FOR_BLOB_SIDECARS_REQUESTS),
 * fulu/p2p-interface.md (MIN_EPOCHS_FOR_DATA_COLUMN_SIDECARS_REQUESTS). Time is passed in.
 * @module
 */
import type { ChainConfig } from '../../l1/config.ts';
import type { DataAvailability } from '../../l2/data/availability.ts';
import type { DataChecks } from '../../storage/data-checks.ts';
import type { BlobFork, ProvenBlobs } from './types.ts';

/** Both specs' value: 2^12 epochs. */
export const DEFAULT_MIN_EPOCHS_FOR_BLOB_REQUESTS = 4096;
/** A verified sampling stands this long before the batch is sampled again (seconds). */
export const RESAMPLE_VERIFIED_SECONDS = 10 * 60;
/** Any other verdict (partial, unsampled) stands this long: an endpoint may come back. */
export const RESAMPLE_OTHER_SECONDS = 60;

/**
 * How long nodes keep a block's blobs, in seconds: the config's MIN_EPOCHS_FOR_… (4096 when it
 * names none) × SLOTS_PER_EPOCH × the slot's duration, of the network's own config (the devnet's
 * preset and slot differ from mainnet's).
 * @example retentionSeconds(mainnet, 'fulu') // 1572864 (18.2 days)
 */
export function retentionSeconds(config: Pick<ChainConfig, 'json' | 'preset' | 'secondsPerSlot'>, fork: BlobFork): number {
  const key = fork === 'deneb' || fork === 'electra' ? 'MIN_EPOCHS_FOR_BLOB_SIDECARS_REQUESTS' : 'MIN_EPOCHS_FOR_DATA_COLUMN_SIDECARS_REQUESTS';
  const raw = config.json[key];
  const epochs = typeof raw === 'number' || (typeof raw === 'string' && /^[0-9]+$/.test(raw)) ? Number(raw) : DEFAULT_MIN_EPOCHS_FOR_BLOB_REQUESTS;
  return epochs * Number(config.preset.SLOTS_PER_EPOCH) * config.secondsPerSlot;
}

/** When nodes may drop the blobs (unix seconds): the block's time plus the window. */
export const dataExpiresAt = (blobs: Pick<ProvenBlobs, 'timestamp' | 'fork'>, config: Pick<ChainConfig, 'json' | 'preset' | 'secondsPerSlot'>): number =>
  Number(blobs.timestamp) + retentionSeconds(config, blobs.fork);

export interface CheckedAvailabilityDeps {
  /** The network's id (the memory's key with the transaction). */
  network: string;
  config: Pick<ChainConfig, 'json' | 'preset' | 'secondsPerSlot'>;
  checks: DataChecks;
  /** Samples now (./sampling.ts sampleBlobs with its deps). */
  sample(blobs: ProvenBlobs): Promise<DataAvailability>;
  /** Unix seconds. */
  now(): number;
}

/** A time as the card shows it: `2026-11-27 14:05 UTC`. */
export const dateWords = (seconds: number): string => `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The batch's availability now: past the window, what was remembered; within it, the remembered
 * verdict while it is fresh, else a new sampling (remembered).
 * @throws StorageError when the memory cannot be read or written
 */
export async function checkedAvailability(blobs: ProvenBlobs, deps: CheckedAvailabilityDeps): Promise<DataAvailability> {
  const now = deps.now();
  const expiresAt = dataExpiresAt(blobs, deps.config);
  const remembered = await deps.checks.get(deps.network, blobs.tx);
  if (now >= expiresAt) return expired(blobs, remembered?.verified, expiresAt);
  const last = remembered?.last;
  if (last !== undefined && last.checkedAt !== undefined && last.status !== 'untied') {
    const fresh = last.status === 'verified' ? RESAMPLE_VERIFIED_SECONDS : RESAMPLE_OTHER_SECONDS;
    if (now - last.checkedAt < fresh) return { ...last, expiresAt };
  }
  const sampled = { ...(await deps.sample(blobs)), expiresAt };
  await deps.checks.put(deps.network, blobs.tx, sampled, now * 1000);
  return sampled;
}

/** Past the window: the verified sampling remembered, or none. */
export function expired(blobs: Pick<ProvenBlobs, 'slot' | 'beaconRoot' | 'blobs'>, verified: DataAvailability | undefined, expiresAt: number): DataAvailability {
  const past = `past the blob retention window since ${dateWords(expiresAt)}: nodes may have dropped it`;
  if (verified !== undefined && verified.checkedAt !== undefined) {
    return {
      ...verified,
      status: 'expired-checked',
      expiresAt,
      words: `available when checked (${dateWords(verified.checkedAt)}: ${verified.words}); ${past}`,
    };
  }
  return {
    status: 'expired-unchecked',
    slot: blobs.slot,
    beaconRoot: blobs.beaconRoot,
    blobs: blobs.blobs.length,
    columns: { asked: 0, verified: 0, total: 128 },
    endpoints: [],
    expiresAt,
    words: `not checked before it expired; ${past}`,
  };
}
