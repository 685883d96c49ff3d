/**
 * The rollup configs a network profile follows, whole: what the app host parses and follows
 * (./rollup-session.ts). The service worker knows them by identity only (./settings.ts
 * rollupChainIds) and carries none of the shipped configs.
 * @module
 */
import { knownRollupConfig } from '../l2/known-rollups.ts';
import type { NetworkProfile } from './settings.ts';

/**
 * The rollup configs a profile follows: the user's own, then each shipped rollup turned on, its
 * shipped config with the L2 RPC of the profile's entry.
 */
export function followedRollupConfigs(profile: NetworkProfile): unknown[] {
  const configs = [...(profile.rollups ?? [])];
  for (const r of profile.shippedRollups ?? []) {
    if (!r.enabled) continue;
    const config = knownRollupConfig(r.name);
    if (config === undefined) continue;
    if (r.l2Rpc === null) delete config.l2Rpc;
    else config.l2Rpc = r.l2Rpc;
    configs.push(config);
  }
  return configs;
}
