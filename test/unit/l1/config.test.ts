import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import {
  computeForkDigest,
  computeSyncCommitteePeriodAtSlot,
  forkAtEpoch,
  forkDigests,
  parseNetworkConfig,
  slotAtTime,
} from '../../../src/l1/config.ts';
import { NETWORKS, networkConfig } from '../../../src/l1/networks.ts';

describe('network configs', () => {
  it('sepolia fork digests match the public ones, BPO forks included (EIP-7892)', () => {
    const sepolia = networkConfig('sepolia');
    const digest = (epoch: bigint) => bytesToHex(computeForkDigest(sepolia, epoch));
    expect(digest(222464n)).toBe('0x14045b5a'); // electra
    expect(digest(272640n)).toBe('0x7e0d3447'); // fulu, electra blob parameters
    expect(digest(274176n)).toBe('0xfd32b622'); // BPO1
    expect(digest(275712n)).toBe('0x74d01459'); // BPO2
    expect(digest(300000n)).toBe('0x74d01459');
    const all = forkDigests(sepolia);
    expect(all.get('0x74d01459')).toBe('fulu');
    expect(all.get('0x14045b5a')).toBe('electra');
  });

  it('ships Gloas: Sepolia at epoch 353024 (0x90000076), mainnet pinned but unscheduled (0x07000000)', () => {
    const sepolia = networkConfig('sepolia');
    const gloas = sepolia.forks.find((f) => f.name === 'gloas')!;
    expect([bytesToHex(gloas.version), gloas.epoch]).toEqual(['0x90000076', 353024n]);
    expect(forkAtEpoch(sepolia, 353023n).name).toBe('fulu');
    expect(forkAtEpoch(sepolia, 353024n).name).toBe('gloas');
    // Gloas keeps BPO2's blob parameters: the digest masks the new version with (275712, 21).
    // The research note derived the same value independently (gloas-2026-11.md §3).
    const digest = bytesToHex(computeForkDigest(sepolia, 353024n));
    expect(digest).toBe('0x669e6c11');
    expect(forkDigests(sepolia).get(digest)).toBe('gloas');
    expect(forkDigests(sepolia).get('0x74d01459')).toBe('fulu');
    expect(sepolia.unsupportedForks).toEqual([]);

    const mainnet = networkConfig('mainnet');
    const pinned = mainnet.forks.find((f) => f.name === 'gloas')!;
    expect([bytesToHex(pinned.version), pinned.epoch]).toEqual(['0x07000000', 2n ** 64n - 1n]);
    expect(forkAtEpoch(mainnet, 10n ** 9n).name).toBe('fulu');
    expect([...forkDigests(mainnet).values()]).not.toContain('gloas');
    // Hoodi has announced no Gloas version: unscheduled.
    expect(networkConfig('hoodi').forks.find((f) => f.name === 'gloas')!.epoch).toBe(2n ** 64n - 1n);
  });

  it('picks the fork by epoch', () => {
    const mainnet = networkConfig('mainnet');
    expect(forkAtEpoch(mainnet, 194047n).name).toBe('bellatrix');
    expect(forkAtEpoch(mainnet, 194048n).name).toBe('capella');
    expect(forkAtEpoch(mainnet, 411392n).name).toBe('fulu');
    expect(computeSyncCommitteePeriodAtSlot(mainnet, 7069376n)).toBe(862n);
    expect(slotAtTime(mainnet, 1606824023 + 12 * 100 + 5)).toBe(100n);
    expect(networkConfig('hoodi').genesisTime).toBe(1742213400);
  });

  it('reads /eth/v1/config/spec style strings and refuses forks it cannot follow', () => {
    const asStrings = Object.fromEntries(
      Object.entries(NETWORKS.mainnet).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
    );
    // A user network scheduling Gloas reads it as the other forks; a fork past Gloas is refused.
    const config = parseNetworkConfig({ ...asStrings, GLOAS_FORK_VERSION: '0x07000000', GLOAS_FORK_EPOCH: '500000', HEZE_FORK_VERSION: '0x08000000', HEZE_FORK_EPOCH: '600000' });
    expect(config.secondsPerSlot).toBe(12);
    expect(forkAtEpoch(config, 499999n).name).toBe('fulu');
    expect(forkAtEpoch(config, 500000n).name).toBe('gloas');
    expect(bytesToHex(forkAtEpoch(config, 500000n).version)).toBe('0x07000000');
    expect(config.unsupportedForks).toEqual([{ name: 'heze', epoch: 600000n }]);
    expect(() => forkAtEpoch(config, 600000n)).toThrow(VerificationError);
    const unscheduled = parseNetworkConfig({ ...asStrings, GLOAS_FORK_EPOCH: '18446744073709551615', HEZE_FORK_EPOCH: '18446744073709551615' });
    expect(forkAtEpoch(unscheduled, 10n ** 9n).name).toBe('fulu');
    expect(unscheduled.unsupportedForks).toEqual([]);
  });

  it('rejects malformed configs with InputError', () => {
    const bad = [
      { ...NETWORKS.mainnet, PRESET_BASE: 'gnosis' },
      { ...NETWORKS.mainnet, ALTAIR_FORK_EPOCH: -1 },
      { ...NETWORKS.mainnet, CAPELLA_FORK_EPOCH: 1 },
      { ...NETWORKS.mainnet, GENESIS_VALIDATORS_ROOT: '0x12' },
      { ...NETWORKS.mainnet, DENEB_FORK_VERSION: 'deneb' },
      { ...NETWORKS.mainnet, BLOB_SCHEDULE: 'none' },
      { ...NETWORKS.mainnet, SECONDS_PER_SLOT: 0 },
      'mainnet',
    ];
    for (const config of bad) expect(() => parseNetworkConfig(config)).toThrow(InputError);
    expect(() => networkConfig('goerli')).toThrow(InputError);
  });
});
