/**
 * "Add network": the network a preview names (as src/client/network/discovery.ts answered it, back
 * from the popup), checked again before it is saved, as the ready object a profile is made from
 * (./settings.ts profileFromReady). Pure; the extension's app host runs it.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { parseNetworkConfig } from '../../l1/config.ts';
import { NETWORKS } from '../../l1/networks.ts';
import { checkCheckpointFrom, type NetworkProfile, normalizeUrls, profileFromReady } from './settings.ts';

/** The profile a devnet's ready object or an "Add network" preview makes (what NetworkSettings saves). @throws InputError */
export function profileOf(network: unknown, from: 'ready' | 'preview'): NetworkProfile {
  const profile = profileFromReady(from === 'preview' ? networkOfPreview(network) : network);
  if (profile.checkpoint === undefined) return profile;
  // Who gave the checkpoint, for the status to say: the beacon APIs that named it as the network was added, or the devnet.
  const hosts = from === 'preview' && isObject(network) && isObject(network.checkpoint) && Array.isArray(network.checkpoint.agreedBy) ? network.checkpoint.agreedBy : [];
  const checkpointFrom = from === 'preview' ? checkCheckpointFrom({ kind: 'added', by: hosts }) : ({ kind: 'devnet' } as const);
  return checkpointFrom === undefined ? profile : { ...profile, checkpointFrom };
}

/** @throws InputError for a preview that does not hold together, or that would replace a built-in network with another genesis */
export function networkOfPreview(preview: unknown): Record<string, unknown> {
  if (!isObject(preview)) throw new InputError('"preview" expected a network preview object');
  const config = parseNetworkConfig(preview.network);
  if (typeof preview.id !== 'string' || config.name !== preview.id) {
    throw new InputError(`"preview.id" expected the network's CONFIG_NAME ${config.name}, got ${String(preview.id).slice(0, 40)}`);
  }
  const known = (NETWORKS as Record<string, { GENESIS_VALIDATORS_ROOT: string } | undefined>)[config.name];
  if (known && known.GENESIS_VALIDATORS_ROOT.toLowerCase() !== bytesToHex(config.genesisValidatorsRoot)) {
    throw new InputError(`"preview.network" names ${config.name} with another genesis: it may not replace that network`);
  }
  if (typeof preview.chainId !== 'number' || !Number.isSafeInteger(preview.chainId) || preview.chainId <= 0) {
    throw new InputError(`"preview.chainId" expected a positive integer, got ${String(preview.chainId)}`);
  }
  const more = preview.moreBeaconApis ?? [];
  if (!Array.isArray(more)) throw new InputError('"preview.moreBeaconApis" expected an array of URLs');
  const beaconApis = normalizeUrls([preview.beaconApi, ...more], 'beaconApi');
  const executionRpcs = preview.executionRpc === null || preview.executionRpc === undefined ? [] : normalizeUrls([preview.executionRpc], 'executionRpc');
  if (beaconApis.length === 0) throw new InputError('"preview.beaconApi" expected a URL');
  const rollups = preview.rollups ?? [];
  if (!Array.isArray(rollups) || !rollups.every((r) => isObject(r) && isObject(r.config))) throw new InputError('"preview.rollups" expected [{ config }]');
  const checkpoint = isObject(preview.checkpoint) ? preview.checkpoint.root : undefined;
  const routers = preview.routers ?? [];
  if (!Array.isArray(routers)) throw new InputError('"preview.routers" expected an array of addresses');
  const tokens = preview.tokens ?? [];
  if (!Array.isArray(tokens)) throw new InputError('"preview.tokens" expected an array of { address, symbol }');
  const priceFeeds = preview.priceFeeds ?? [];
  if (!Array.isArray(priceFeeds)) throw new InputError('"preview.priceFeeds" expected an array of { pair, address, heartbeat, base }');
  return {
    network: preview.network,
    chainId: preview.chainId,
    beaconApis,
    executionRpcs,
    // Checked again by the profile's parser (kind, L1 chain, distinct chain ids).
    ...(rollups.length > 0 ? { rollups: rollups.map((r) => (r as { config: unknown }).config) } : {}),
    ...(checkpoint === undefined ? {} : { checkpoint }),
    // Checked again by the profile's parser (addresses, how many, never on a network Vigil ships).
    ...(routers.length > 0 ? { routers } : {}),
    // Checked again by the profile's parser (addresses, symbols, how many, never on a network Vigil ships).
    ...(tokens.length > 0 ? { tokens } : {}),
    // Checked again by the profile's parser (addresses, pairs, heartbeats, how many, never on a network Vigil ships).
    ...(priceFeeds.length > 0 ? { priceFeeds } : {}),
    // Checked again by the profile's parser (an address, never on a network Vigil ships).
    ...(typeof preview.ensUniversalResolver === 'string' ? { ensUniversalResolver: preview.ensUniversalResolver } : {}),
    ...(preview.delegator !== undefined && preview.delegator !== null ? { delegator: preview.delegator } : {}),
    ...(typeof preview.label === 'string' && preview.label.trim() !== '' ? { label: preview.label.trim().slice(0, 80) } : {}),
  };
}
