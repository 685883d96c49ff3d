/**
 * A Beacon API transport for one network: the REST client, with the SSZ fork digests of that
 * network's config (so `updates` items are read as the fork they say they are).
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { type ChainConfig, forkDigests } from '../../l1/config.ts';
import type { ForkFromDigest } from '../../rpc/beacon.ts';
import { RestBeaconApi, type RestBeaconApiOptions } from '../../rpc/beacon.ts';

/** Maps a fork digest (EIP-7892 blob-schedule forks included) to the network's fork. */
export function forkFromDigestFor(config: ChainConfig): ForkFromDigest {
  const digests = forkDigests(config);
  // Phase 0 has no light-client data: its digest is as unknown as a stranger's.
  return (digest) => {
    const fork = digests.get(bytesToHex(digest));
    return fork === 'phase0' ? undefined : fork;
  };
}

export type BeaconApiOptions = Omit<RestBeaconApiOptions, 'endpoints' | 'forkFromDigest' | 'encoding'> & {
  /** Default `ssz`. */
  encoding?: 'ssz' | 'json';
};

/**
 * @example beaconApiFor(config, ['http://127.0.0.1:5052'], { signal })
 */
export function beaconApiFor(config: ChainConfig, endpoints: readonly string[], options: BeaconApiOptions = {}): RestBeaconApi {
  return new RestBeaconApi({ encoding: 'ssz', ...options, endpoints, forkFromDigest: forkFromDigestFor(config) });
}
