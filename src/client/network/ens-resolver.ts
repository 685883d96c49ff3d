/**
 * Which ENS UniversalResolver a network profile resolves names through: on a network Vigil ships,
 * Vigil's own (src/wallet/ens/deployments.ts; a profile cannot change it); on the user's own
 * network, the one its profile carries (a local devnet's well-known or ready object, through "Add
 * network" like its routers: ./settings.ts), if any.
 *
 * Why an address from the devnet may be trusted this far: the network is the user's own, added
 * from the loopback server they chose, and every answer is still a verified call over that
 * network's proven state; the address only says which contract of that network resolves names.
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { UNIVERSAL_RESOLVERS } from '../../wallet/ens/deployments.ts';
import { isDefaultNetwork } from './default-endpoints.ts';

/** @example universalResolverOf(settings.profiles.mainnet) // '0xeeeeeeee14d718c2b47d9923deab1335e144eeee' */
export function universalResolverOf(profile: { id: string; ensUniversalResolver?: string | undefined }): string | undefined {
  if (isDefaultNetwork(profile.id)) return UNIVERSAL_RESOLVERS[profile.id];
  return profile.ensUniversalResolver;
}

/**
 * A network's own UniversalResolver: one 20-byte address, lower-cased.
 * @throws InputError for anything but an address
 */
export function checkEnsUniversalResolver(value: unknown, name = 'ensUniversalResolver'): string {
  if (typeof value !== 'string') throw new InputError(`"${name}" expected an address, got ${describe(value)}`);
  return bytesToHex(hexToBytes(value, 20, name));
}

/** A profile's field, or none. */
export type EnsUniversalResolverField = { ensUniversalResolver: string } | Record<string, never>;

/**
 * A profile-like object's UniversalResolver as the profile's field: its own, or a devnet ready
 * object's `ens.universalResolver`; none given, none.
 * @throws InputError for one that is not an address, or one for a network Vigil ships
 */
export function readyEnsUniversalResolver(value: Record<string, unknown>, id: string): EnsUniversalResolverField {
  const ur = value.ensUniversalResolver ?? (isObject(value.ens) ? value.ens.universalResolver : undefined);
  if (ur === undefined) return {};
  if (isDefaultNetwork(id)) throw new InputError('"network.ensUniversalResolver": only your own network takes one');
  return { ensUniversalResolver: checkEnsUniversalResolver(ur, 'network.ensUniversalResolver') };
}

/** A stored one as the profile's field: a built-in network's (never saved) and one that no longer checks are dropped, the network kept. */
export function storedEnsUniversalResolver(value: unknown, id: string): EnsUniversalResolverField {
  if (value === undefined || isDefaultNetwork(id)) return {};
  try {
    return { ensUniversalResolver: checkEnsUniversalResolver(value) };
  } catch {
    return {};
  }
}
