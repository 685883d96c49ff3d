/**
 * The retention window (of the network's own config) and the remembered checks: within the window
 * a fresh verdict stands and an old one is sampled again; past it, what was checked or that
 * nothing was, never a new sampling. And the checker: a batch that cannot be tied says why, or,
 * past the window, what was remembered.
 */
import { describe, expect, it } from 'vitest';
import { BlobChecker } from '../../../../src/client/blobs/checker.ts';
import { checkedAvailability, dataExpiresAt, retentionSeconds } from '../../../../src/client/blobs/retention.ts';
import type { ProvenBlobs } from '../../../../src/client/blobs/types.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { parseNetworkConfig } from '../../../../src/l1/config.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import type { DataAvailability } from '../../../../src/l2/data/availability.ts';
import type { DataLocation } from '../../../../src/l2/data/location.ts';
import { MemoryDataChecks } from '../../../../src/storage/data-checks.ts';

const mainnet = parseNetworkConfig(NETWORKS.mainnet);
const devnetLike = { json: {}, preset: { ...mainnet.preset, SLOTS_PER_EPOCH: 8n }, secondsPerSlot: 2 };

const blobs: ProvenBlobs = {
  tx: '0x' + 'cd'.repeat(32),
  block: 10n,
  timestamp: 1_000_000n,
  slot: 50n,
  beaconRoot: '0x' + '22'.repeat(32),
  fork: 'fulu',
  blobs: [{ index: 0, commitment: new Uint8Array(48), versionedHash: '0x01' + '00'.repeat(31) }],
  checked: [],
};

describe('retentionSeconds', () => {
  it('is 4096 epochs of the network: about 18 days on mainnet, the devnet preset and slot its own', () => {
    expect(retentionSeconds(mainnet, 'fulu')).toBe(4096 * 32 * 12);
    expect(retentionSeconds(mainnet, 'fulu') / 86_400).toBeCloseTo(18.2, 1);
    expect(retentionSeconds(devnetLike, 'electra')).toBe(4096 * 8 * 2);
    // A config that names its own (the data column and blob sidecar values apart).
    const own = { ...devnetLike, json: { MIN_EPOCHS_FOR_DATA_COLUMN_SIDECARS_REQUESTS: '2', MIN_EPOCHS_FOR_BLOB_SIDECARS_REQUESTS: 3 } };
    expect(retentionSeconds(own, 'gloas')).toBe(2 * 16);
    expect(retentionSeconds(own, 'deneb')).toBe(3 * 16);
    expect(dataExpiresAt(blobs, mainnet)).toBe(1_000_000 + 1_572_864);
  });
});

function sampler() {
  let n = 0;
  const sample = async (b: ProvenBlobs): Promise<DataAvailability> => {
    n++;
    return { status: 'verified', slot: b.slot, beaconRoot: b.beaconRoot, blobs: 1, columns: { asked: 16, verified: 16, total: 128 }, endpoints: [], checkedAt: clock.now, words: `sampling ${n}` };
  };
  const clock = { now: 1_000_100 };
  return { sample, clock, count: () => n };
}

describe('checkedAvailability', () => {
  const expiresAt = 1_000_000 + 4096 * 32 * 12;

  it('within the window: samples, remembers, shows the remembered verdict while fresh, samples again after', async () => {
    const { sample, clock, count } = sampler();
    const checks = new MemoryDataChecks();
    const deps = { network: 'mainnet', config: mainnet, checks, sample, now: () => clock.now };
    const first = await checkedAvailability(blobs, deps);
    expect(first).toMatchObject({ status: 'verified', words: 'sampling 1', expiresAt, checkedAt: 1_000_100 });
    clock.now += 9 * 60;
    expect((await checkedAvailability(blobs, deps)).words).toBe('sampling 1');
    clock.now += 2 * 60;
    expect((await checkedAvailability(blobs, deps)).words).toBe('sampling 2');
    expect(count()).toBe(2);
    expect((await checks.get('mainnet', blobs.tx))?.last.words).toBe('sampling 2');
  });

  it('an unsampled verdict stands only a minute', async () => {
    const checks = new MemoryDataChecks();
    await checks.put('mainnet', blobs.tx, { status: 'unsampled', blobs: 1, columns: { asked: 16, verified: 0, total: 128 }, endpoints: [], checkedAt: 1_000_000, words: 'none' }, 0);
    const { sample, clock } = sampler();
    clock.now = 1_000_030;
    expect((await checkedAvailability(blobs, { network: 'mainnet', config: mainnet, checks, sample, now: () => clock.now })).words).toBe('none');
    clock.now = 1_000_061;
    expect((await checkedAvailability(blobs, { network: 'mainnet', config: mainnet, checks, sample, now: () => clock.now })).words).toBe('sampling 1');
  });

  it('past the window: "available when checked (date)" from the verified sampling remembered, never sampled again', async () => {
    const { sample, clock, count } = sampler();
    const checks = new MemoryDataChecks();
    const deps = { network: 'mainnet', config: mainnet, checks, sample, now: () => clock.now };
    await checkedAvailability(blobs, deps);
    await checks.put('mainnet', blobs.tx, { status: 'unsampled', blobs: 1, columns: { asked: 16, verified: 0, total: 128 }, endpoints: [], checkedAt: 1_200_000, words: 'none' }, 0);
    clock.now = expiresAt;
    const got = await checkedAvailability(blobs, deps);
    expect(got.status).toBe('expired-checked');
    expect(got.checkedAt).toBe(1_000_100);
    expect(got.words).toBe('available when checked (1970-01-12 13:48 UTC: sampling 1); past the blob retention window since 1970-01-30 18:41 UTC: nodes may have dropped it');
    expect(count()).toBe(1);
  });

  it('past the window, never verified: "not checked before it expired"', async () => {
    const { sample, count } = sampler();
    const got = await checkedAvailability(blobs, { network: 'mainnet', config: mainnet, checks: new MemoryDataChecks(), sample, now: () => expiresAt + 1 });
    expect(got).toMatchObject({ status: 'expired-unchecked', slot: 50n, expiresAt });
    expect(got.words).toMatch(/^not checked before it expired; past the blob retention window since /);
    expect(count()).toBe(0);
  });
});

describe('BlobChecker', () => {
  const location: DataLocation = { where: 'blobs', batch: 'batch 3', l1: { tx: blobs.tx, block: 10n }, versionedHashes: ['0x01' + '00'.repeat(31)], tie: 'root', checked: [], words: '' };
  const base = { network: 'mainnet', config: mainnet, endpoints: [], verifyCells: async () => true, verifyBlob: async () => true, random: (v: Uint32Array) => v.fill(0) };

  it('applies only to blobs proven in a block; a batch that cannot be tied says why', async () => {
    const checker = new BlobChecker({ ...base, checks: new MemoryDataChecks(), now: () => 1_000_100, tie: async () => Promise.reject(new VerificationError('BLOB_VERSIONED_HASH_MISMATCH', 'the body commits to other blobs')) });
    expect(checker.check({ ...location, where: 'calldata' })).toBeUndefined();
    expect(checker.check({ ...location, l1: null })).toBeUndefined();
    const got = await checker.check(location)!;
    expect(got).toMatchObject({ status: 'untied', code: 'BLOB_VERSIONED_HASH_MISMATCH', reason: 'the body commits to other blobs' });
    expect(got.words).toBe('not sampled: the blobs could not be tied to a verified beacon block (BLOB_VERSIONED_HASH_MISMATCH: the body commits to other blobs)');
  });

  it('tied: sampled from the endpoints given (none here: unsampled), and a remembered verified sampling speaks past the window even untied', async () => {
    const checks = new MemoryDataChecks();
    let now = 1_000_100;
    let tie = async () => blobs;
    const checker = new BlobChecker({ ...base, checks, now: () => now, tie: () => tie() });
    expect((await checker.check(location)!).words).toBe('could not be sampled: no beacon endpoint to ask');
    await checks.put('mainnet', blobs.tx, { status: 'verified', slot: 50n, beaconRoot: blobs.beaconRoot, blobs: 1, columns: { asked: 16, verified: 16, total: 128 }, endpoints: [], checkedAt: 1_000_200, expiresAt: 1_500_000, words: '16 of 128 columns sampled from 1 endpoint, all verified, at slot 50' }, 0);
    now = 1_600_000;
    tie = async () => Promise.reject(new VerificationError('BLOB_COUNT_MISMATCH', 'too old'));
    expect(await checker.check(location)!).toMatchObject({ status: 'expired-checked', checkedAt: 1_000_200 });
  });
});
