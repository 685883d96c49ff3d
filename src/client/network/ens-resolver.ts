/**
 * Which ENS UniversalResolver a network profile resolves names through: on a network Vigil ships,
 * Vigil's own (src/wallet/ens/deployments.ts; a profile cannot change it); on the user's own
 * network, the one its profile carries (a local devnet's, ./settings.ts), if any.
 * @module
 */
import { UNIVERSAL_RESOLVERS } from '../../wallet/ens/deployments.ts';
import { isDefaultNetwork } from './default-endpoints.ts';
import type { NetworkProfile } from './settings.ts';

/** @example universalResolverOf(settings.profiles.mainnet) // '0xeeeeeeee14d718c2b47d9923deab1335e144eeee' */
export function universalResolverOf(profile: Pick<NetworkProfile, 'id' | 'ensUniversalResolver'>): string | undefined {
  if (isDefaultNetwork(profile.id)) return UNIVERSAL_RESOLVERS[profile.id];
  return profile.ensUniversalResolver;
}
