/**
 * "Add network": reads a network from a beacon API URL — `/eth/v1/config/spec`,
 * `/eth/v1/beacon/genesis`, `/eth/v1/config/fork_schedule` and the finalized header — checks
 * that they agree with each other (and with an execution RPC's `eth_chainId`), and answers the
 * NetworkPreview the user confirms before anything is saved. Saves nothing itself.
 * beacon-APIs: apis/config/spec.yaml, apis/beacon/genesis.yaml, apis/config/fork_schedule.yaml,
 * apis/beacon/headers/header.yaml.
 * @module
 */
import { bytesToHex, describe, hexToBytes, isHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { type ChainConfig, FAR_FUTURE_EPOCH, parseNetworkConfig, slotAtTime } from '../../l1/config.ts';
import { NETWORKS } from '../../l1/networks.ts';
import { type CheckRollupConfigs, rollupRef, rollupRefs } from '../../l2/kinds.ts';
import { TransportError } from '../../rpc/errors.ts';
import { httpGet, jsonRpcCall, parseJsonBody } from '../../rpc/http.ts';
import { chainIdTaken, shippedLabel } from './chain-id-taken.ts';
import { isDefaultNetwork } from './default-endpoints.ts';
import { checkEnsUniversalResolver } from './ens-resolver.ts';
import type { KnownToken } from '../../wallet/tokens/identity.ts';
import { LOCAL_DEVNET_PATH, type LocalDevnet, parseLocalDevnet } from './local-devnet.ts';
import { checkDelegator, checkPriceFeeds, checkRouters, checkTokens, type NetworkPriceFeed } from './own-network.ts';

export interface NetworkPreview {
  /** The profile id it would be saved as (the config's CONFIG_NAME, or a name made from the chain id). */
  id: string;
  label: string;
  chainId: number;
  preset: 'mainnet' | 'minimal';
  secondsPerSlot: number;
  /** Seconds since the epoch. */
  genesisTime: number;
  genesisValidatorsRoot: string;
  /** Every fork the config schedules, in order (epoch null: not scheduled); `active` at the server's current slot. */
  forks: { name: string; epoch: number | null; active: boolean }[];
  /** Forks the config names that Vigil does not know (it refuses to follow past them). */
  unknownForks: string[];
  /**
   * The finalized checkpoint Vigil would start from, and whose word it is: `beacon-api` when only
   * the one server vouches for it, `beacon-apis` when servers on other hosts (`agreedBy`, the
   * hosts, the reading one first) have the same block at that slot.
   */
  checkpoint: { root: string; slot: number; source: 'beacon-api' | 'beacon-apis'; agreedBy: string[] } | null;
  beaconApi: string;
  /** The other beacon APIs the checkpoint was compared with (saved after `beaconApi`, in order). */
  moreBeaconApis: string[];
  executionRpc: string | null;
  /** The network config in the consensus specs' names (what the profile stores). */
  network: Record<string, unknown>;
  /** Rollups to follow on this network (configs as given, checked when saved), with what the list shows. */
  rollups: { kind: string; chainId: number; label: string; config: Record<string, unknown> }[];
  /** Uniswap V2 routers the wallet will know on it (the local devnet's; ./own-network.ts checkRouters), lower-case. */
  routers: string[];
  /** The network's own tokens the wallet will list on it (the local devnet's; ./own-network.ts checkTokens), lower-case addresses. */
  tokens: KnownToken[];
  /** The network's own price feeds the wallet will read on it (the local devnet's; ./own-network.ts checkPriceFeeds); absent: none. */
  priceFeeds?: NetworkPriceFeed[];
  /** The network's ENS UniversalResolver (the local devnet's; ./settings.ts checkEnsUniversalResolver), lower-case. */
  ensUniversalResolver?: string;
  /** The pinned EIP-7702 delegate's address on it (the local devnet's; ./own-network.ts checkDelegator); absent: none. */
  delegator?: string;
  /** Things the user should read before saving (no execution RPC, a checkpoint from one server only, …). */
  warnings: string[];
  /**
   * Where the rollups, routers, tokens, price feeds, ENS resolver and delegate came from when the request gave
   * none: the Vigil devnet description its beacon API serves (its URL). Absent: from the request, or none.
   */
  describedBy?: string;
  /**
   * What the network will not have, on a network Vigil does not ship (absent on one it ships, and
   * from an older background): no rollups followed, no ENS resolver, no Uniswap router named, no delegate.
   */
  lacks?: NetworkLack[];
}

/** What an added network may lack (NetworkPreview.lacks). */
export type NetworkLack = 'rollups' | 'ens' | 'routers' | 'delegator';

/** What the popup asks "Add network" to read (src/extension/messages.ts vigil:discoverNetwork). */
export interface DiscoverNetworkRequest {
  beaconApi: string;
  /** Other beacon APIs of the same network: they must agree on the checkpoint. */
  moreBeaconApis?: string[];
  executionRpc?: string;
  /** Rollup configs to follow on it (the local devnet's). */
  rollups?: unknown[];
  /** Uniswap V2 routers on it (the local devnet's). */
  routers?: unknown[];
  /** Its own tokens, `{ address, symbol }` (the local devnet's). */
  tokens?: unknown[];
  /** Its own price feeds, `{ pair, address, heartbeat, base }` (the local devnet's). */
  priceFeeds?: unknown[];
  /** Its ENS UniversalResolver (the local devnet's). */
  ensUniversalResolver?: unknown;
  /** The pinned EIP-7702 delegate's address on it (the local devnet's). */
  delegator?: unknown;
}

/** A GET answered with its status and its body as JSON (`undefined` when a non-2xx body is not JSON). */
/** A discovery as the settings ask for it (./network-settings.ts), with the built-in networks' beacon APIs by id. */
export type DiscoverNetwork = (request: DiscoverNetworkRequest & { knownBeaconApis: Record<string, string[]> }) => Promise<NetworkPreview>;

/** Discovery run here (the app host, the CLI, tests): the rollup configs checked whole by `checkRollups`. */
export function localDiscovery(checkRollups: CheckRollupConfigs, now: () => number): DiscoverNetwork {
  return ({ knownBeaconApis, ...request }) => discoverNetwork({ ...request, knownBeaconApis: (id) => knownBeaconApis[id] ?? [], checkRollups, now });
}

export type FetchJson = (url: string) => Promise<{ status: number; json: unknown }>;

export interface DiscoverNetworkParams {
  beaconApi: string;
  /** Other beacon APIs the user gave: each must serve the same genesis and the same checkpoint block. */
  moreBeaconApis?: string[];
  /**
   * Beacon APIs Vigil already knows for a network id (a built-in network's defaults): asked to
   * confirm the checkpoint too once the network is read; one that cannot be reached is noted, one
   * that disagrees refuses the network.
   */
  knownBeaconApis?: (id: string) => string[];
  executionRpc?: string;
  /** Rollup configs to follow on the network (checked here against its chain id, and whole by `checkRollups`). */
  rollups?: unknown[];
  /** Uniswap V2 routers on the network (./own-network.ts checkRouters); none on a network Vigil ships. */
  routers?: unknown[];
  /** The network's own tokens, `{ address, symbol }` (./own-network.ts checkTokens); none on a network Vigil ships. */
  tokens?: unknown[];
  /** The network's own price feeds (./own-network.ts checkPriceFeeds); none on a network Vigil ships. */
  priceFeeds?: unknown[];
  /** The network's ENS UniversalResolver (./settings.ts checkEnsUniversalResolver); none on a network Vigil ships. */
  ensUniversalResolver?: unknown;
  /** Where the pinned EIP-7702 delegate is on the network (./own-network.ts checkDelegator); none on a network Vigil ships. */
  delegator?: unknown;
  checkRollups: CheckRollupConfigs;
  /** The clock, in milliseconds since the epoch (which forks are active now). */
  now: () => number;
  /** The GET to use (tests); default: `httpGet` with a deadline and a size limit. */
  fetchJson?: FetchJson;
}

const TIMEOUT_MS = 15_000;
/** A mainnet config/spec is ~20 KiB; far more is not a beacon API. */
const MAX_BYTES = 1 << 20;

export const WARN_NO_EXECUTION_RPC = 'No execution RPC: balances cannot be proven until you add one.';
export const WARN_CHECKPOINT_ONE_SERVER =
  'The checkpoint is this one server\'s word for the finalized block: Vigil trusts whatever chain it leads to. Compare it with another source, or replace it in Settings.';
export const warnUnconfirmed = (url: string, why: string) => `${url} could not confirm the checkpoint (${why}).`;
export const WARN_NO_CHECKPOINT =
  'The server has no finalized block: there is no checkpoint to start from. Set one in Settings before Vigil can sync.';

/** The default FetchJson: bounded GET, strict JSON for a 2xx answer. */
export const httpFetchJson: FetchJson = async (url) => {
  const res = await httpGet(url, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, accept: 'application/json' });
  if (res.status < 200 || res.status >= 300) {
    let json: unknown;
    try {
      json = parseJsonBody(res.bytes, url);
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }
  return { status: res.status, json: parseJsonBody(res.bytes, url) };
};

/**
 * Reads and checks the network a beacon API serves.
 * @throws InputError: a URL that is not http(s), a server that is not a beacon API (HTTP error,
 *   not JSON, no `data`), a config parseNetworkConfig refuses or without DEPOSIT_CHAIN_ID.
 *   VerificationError `NETWORK_GENESIS_MISMATCH`, `NETWORK_FORK_SCHEDULE_MISMATCH`,
 *   `NETWORK_CHAIN_ID_MISMATCH`, `NETWORK_CHAIN_ID_TAKEN` (a shipped network's chain id on another
 *   genesis: ./chain-id-taken.ts). TransportError when a server cannot be reached.
 * @example
 * const preview = await discoverNetwork({ beaconApi: 'http://127.0.0.1:5052', now: Date.now });
 */
export async function discoverNetwork(params: DiscoverNetworkParams): Promise<NetworkPreview> {
  const beaconApi = httpUrl(params.beaconApi, 'beaconApi');
  const given = (params.moreBeaconApis ?? []).map((u, i) => httpUrl(u, `moreBeaconApis[${i}]`)).filter((u) => u !== beaconApi);
  const executionRpc = params.executionRpc === undefined || params.executionRpc.trim() === '' ? null : httpUrl(params.executionRpc, 'executionRpc');
  const fetchJson = params.fetchJson ?? httpFetchJson;

  const [spec, genesis] = await Promise.all([
    beaconData(fetchJson, beaconApi, '/eth/v1/config/spec'),
    beaconData(fetchJson, beaconApi, '/eth/v1/beacon/genesis'),
  ]);
  if (!isObject(spec)) throw notBeaconApi(beaconApi, '/eth/v1/config/spec', `its data is ${describe(spec)}, not an object`);
  if (!isObject(genesis)) throw notBeaconApi(beaconApi, '/eth/v1/beacon/genesis', `its data is ${describe(genesis)}, not an object`);

  // The genesis fork version is in both: they must agree.
  const specVersion = hexField(spec, 'GENESIS_FORK_VERSION', 4, 'config/spec');
  const genesisVersion = hexField(genesis, 'genesis_fork_version', 4, 'genesis');
  if (specVersion !== genesisVersion) {
    throw new VerificationError('NETWORK_GENESIS_MISMATCH', 'the config/spec GENESIS_FORK_VERSION contradicts the server\'s genesis', {
      expected: genesisVersion,
      got: specVersion,
    });
  }
  const genesisRoot = hexField(genesis, 'genesis_validators_root', 32, 'genesis');
  const genesisTime = genesis.genesis_time;
  if (typeof genesisTime !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(genesisTime)) {
    throw new InputError(`beacon API genesis.genesis_time expected a decimal integer string, got ${describe(genesisTime)}`);
  }
  // A spec that also names its genesis (some servers do) must name this one.
  for (const [key, value] of [['GENESIS_VALIDATORS_ROOT', genesisRoot], ['GENESIS_TIME', genesisTime]] as const) {
    const own = spec[key];
    if (own !== undefined && String(own).toLowerCase() !== value) {
      throw new VerificationError('NETWORK_GENESIS_MISMATCH', `the config/spec ${key} contradicts the server's genesis`, { expected: value, got: String(own).slice(0, 80) });
    }
  }

  const chainId = depositChainId(spec.DEPOSIT_CHAIN_ID);
  const network: Record<string, unknown> = { ...spec, GENESIS_TIME: genesisTime, GENESIS_VALIDATORS_ROOT: genesisRoot };
  const name = typeof spec.CONFIG_NAME === 'string' ? spec.CONFIG_NAME : undefined;
  const id = profileId(name, genesisRoot, chainId);
  network.CONFIG_NAME = id; // the profile is saved under the config's name (settings.ts profileFromReady)
  const config = parseNetworkConfig(network);
  // Whatever it calls itself, a network on another genesis may not sign for a shipped network's chain id.
  const taken = chainIdTaken({ id, chainId, genesisValidatorsRoot: genesisRoot, genesisTime: config.genesisTime });
  if (taken !== undefined) throw taken;

  await checkForkSchedule(fetchJson, beaconApi, spec, config);

  if (executionRpc !== null) {
    const answer = await jsonRpcCall(executionRpc, 'eth_chainId', [], { timeoutMs: TIMEOUT_MS, maxBytes: 1 << 16 });
    if (typeof answer !== 'string' || !/^0x(0|[1-9a-f][0-9a-f]*)$/i.test(answer)) {
      throw new InputError(`execution RPC eth_chainId expected a hex quantity, got ${describe(answer)}`);
    }
    const rpcChainId = BigInt(answer);
    if (rpcChainId !== BigInt(chainId)) {
      throw new VerificationError(
        'NETWORK_CHAIN_ID_MISMATCH',
        `the execution RPC serves chain ${rpcChainId}, but the beacon API's network has DEPOSIT_CHAIN_ID ${chainId}: they are different networks`,
        { expected: String(chainId), got: String(rpcChainId) },
      );
    }
  }

  // Given only the servers, a Vigil devnet's beacon API says what else it has (only a hint, as the
  // well-known object: everything is checked as if the request had given it).
  const own = ownFactsGiven(params) || isDefaultNetwork(id) || !isLoopback(beaconApi) ? null : await devnetDescription(fetchJson, beaconApi, chainId, genesisRoot);
  const facts = own ?? params;
  const routers = facts.routers === undefined ? [] : checkRouters(facts.routers);
  const tokens = facts.tokens === undefined ? [] : checkTokens(facts.tokens);
  const priceFeeds = facts.priceFeeds === undefined ? [] : checkPriceFeeds(facts.priceFeeds);
  const ensUniversalResolver = facts.ensUniversalResolver === undefined ? undefined : checkEnsUniversalResolver(facts.ensUniversalResolver);
  const delegator = facts.delegator === undefined || facts.delegator === null ? null : checkDelegator(facts.delegator);
  const rollups = await previewRollups(facts.rollups ?? [], chainId, params.checkRollups);
  if (delegator !== null && isDefaultNetwork(id)) throw new InputError(`"delegator": Vigil offers no delegate on ${id}; only your own network takes one`);
  if (routers.length > 0 && isDefaultNetwork(id)) throw new InputError(`"routers": ${id} has the routers Vigil ships; only your own network takes a list`);
  if (tokens.length > 0 && isDefaultNetwork(id)) throw new InputError(`"tokens": ${id} has the tokens Vigil ships; only your own network takes a list`);
  if (priceFeeds.length > 0 && isDefaultNetwork(id)) throw new InputError(`"priceFeeds": ${id} has the price feeds Vigil ships; only your own network takes a list`);
  if (ensUniversalResolver !== undefined && isDefaultNetwork(id)) throw new InputError(`"ensUniversalResolver": ${id} has the ENS resolver Vigil ships; only your own network takes one`);

  const warnings: string[] = [];
  if (executionRpc === null) warnings.push(WARN_NO_EXECUTION_RPC);
  const read = await finalizedCheckpoint(fetchJson, beaconApi);
  const moreBeaconApis = [...new Set(given)];
  const known = (params.knownBeaconApis?.(id) ?? []).map((u) => httpUrl(u, 'knownBeaconApis')).filter((u) => u !== beaconApi && !moreBeaconApis.includes(u));
  let checkpoint: NetworkPreview['checkpoint'] = null;
  if (read === null) {
    warnings.push(WARN_NO_CHECKPOINT);
  } else {
    const confirmed = await confirmCheckpoint(fetchJson, genesisRoot, read, [
      ...moreBeaconApis.map((url) => ({ url, given: true })),
      ...known.map((url) => ({ url, given: false })),
    ]);
    warnings.push(...confirmed.warnings);
    const hosts = [...new Set([new URL(beaconApi).host, ...confirmed.agreed.map((u) => new URL(u).host)])];
    checkpoint = { ...read, source: hosts.length > 1 ? 'beacon-apis' : 'beacon-api', agreedBy: hosts };
    if (hosts.length === 1) warnings.push(WARN_CHECKPOINT_ONE_SERVER);
  }

  const epochNow = slotAtTime(config, params.now() / 1000) / config.preset.SLOTS_PER_EPOCH;
  return {
    id,
    label: shippedLabel(id) ?? (id === `custom-${chainId}` ? `Custom network (chain ${chainId})` : `${id[0]!.toUpperCase()}${id.slice(1)}`),
    chainId,
    preset: config.preset.name,
    secondsPerSlot: config.secondsPerSlot,
    genesisTime: config.genesisTime,
    genesisValidatorsRoot: genesisRoot,
    forks: config.forks.map((f) => ({
      name: f.name,
      epoch: f.epoch === FAR_FUTURE_EPOCH ? null : Number(f.epoch),
      active: f.epoch !== FAR_FUTURE_EPOCH && epochNow >= f.epoch,
    })),
    unknownForks: config.unsupportedForks.map((f) => f.name),
    checkpoint,
    beaconApi,
    moreBeaconApis,
    executionRpc,
    network,
    rollups,
    routers,
    tokens,
    ...(priceFeeds.length > 0 ? { priceFeeds } : {}),
    ...(ensUniversalResolver === undefined ? {} : { ensUniversalResolver }),
    ...(delegator !== null ? { delegator } : {}),
    warnings,
    ...(own !== null ? { describedBy: beaconApi + LOCAL_DEVNET_PATH } : {}),
    ...(isDefaultNetwork(id) ? {} : { lacks: lacking(rollups.length > 0, ensUniversalResolver !== undefined, routers.length > 0, delegator !== null) }),
  };
}

function lacking(rollups: boolean, ens: boolean, routers: boolean, delegator: boolean): NetworkLack[] {
  return [...(rollups ? [] : ['rollups' as const]), ...(ens ? [] : ['ens' as const]), ...(routers ? [] : ['routers' as const]), ...(delegator ? [] : ['delegator' as const])];
}

function ownFactsGiven(params: DiscoverNetworkParams): boolean {
  return [params.rollups, params.routers, params.tokens, params.priceFeeds, params.ensUniversalResolver, params.delegator].some((v) => v !== undefined && v !== null);
}

function isLoopback(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

/**
 * The Vigil devnet description the beacon API serves (src/devnet/beacon/server.ts), when it
 * describes this very chain (its chain id, and its genesis when named); null when there is none
 * (any other beacon API: 404), or it is malformed or of another chain: the network is then added
 * as given, and the preview says what it lacks.
 */
async function devnetDescription(fetchJson: FetchJson, beaconApi: string, chainId: number, genesisRoot: string): Promise<LocalDevnet | null> {
  let res: { status: number; json: unknown };
  try {
    res = await fetchJson(beaconApi + LOCAL_DEVNET_PATH);
  } catch {
    return null;
  }
  if (res.status !== 200) return null;
  let devnet: LocalDevnet;
  try {
    devnet = parseLocalDevnet(res.json);
  } catch {
    return null;
  }
  if (devnet.chainId !== chainId || (devnet.genesisValidatorsRoot !== undefined && devnet.genesisValidatorsRoot !== genesisRoot)) return null;
  return devnet;
}

/**
 * Asks each other beacon API for its genesis and its block at the checkpoint's slot. Another
 * genesis or another block refuses the network (one of them lies or follows another chain); a
 * server the user gave must answer, a known one that cannot be reached is only noted.
 */
async function confirmCheckpoint(
  fetchJson: FetchJson,
  genesisRoot: string,
  checkpoint: { root: string; slot: number },
  others: { url: string; given: boolean }[],
): Promise<{ agreed: string[]; warnings: string[] }> {
  const answers = await Promise.all(
    others.map(async ({ url, given }) => {
      try {
        const genesis = await beaconData(fetchJson, url, '/eth/v1/beacon/genesis');
        const root = isObject(genesis) ? genesis.genesis_validators_root : undefined;
        if (!isHex(root) || bytesToHex(hexToBytes(root, 32, 'genesis_validators_root')) !== genesisRoot) {
          throw new VerificationError('NETWORK_GENESIS_MISMATCH', `${url} serves another network than the first beacon API`, { expected: genesisRoot, got: String(root).slice(0, 80) });
        }
        const path = `/eth/v1/beacon/headers/${checkpoint.slot}`;
        const res = await getJson(fetchJson, url, path);
        const data = isObject(res.json) ? res.json.data : undefined;
        const block = res.status === 200 && isObject(data) && isHex(data.root) ? bytesToHex(hexToBytes(data.root, 32, 'header root')) : null;
        if (block !== checkpoint.root) {
          throw new VerificationError(
            'NETWORK_CHECKPOINT_DISAGREEMENT',
            `${url} has ${block === null ? `no block (HTTP ${res.status})` : `block ${block}`} at slot ${checkpoint.slot}, where the first beacon API's finalized checkpoint is ${checkpoint.root}`,
            { expected: checkpoint.root, got: block ?? `HTTP ${res.status}` },
          );
        }
        return { url, agreed: true as const };
      } catch (err) {
        if (given || err instanceof VerificationError) throw err;
        return { url, agreed: false as const, why: err instanceof Error ? err.message.slice(0, 120) : String(err) };
      }
    }),
  );
  return {
    agreed: answers.filter((a) => a.agreed).map((a) => a.url),
    warnings: answers.flatMap((a) => (a.agreed ? [] : [warnUnconfirmed(a.url, a.why)])),
  };
}

/** The rollup configs as the preview lists them; each must settle on this chain and parse by its kind. */
async function previewRollups(configs: unknown[], l1ChainId: number, check: CheckRollupConfigs): Promise<NetworkPreview['rollups']> {
  if (!Array.isArray(configs)) throw new InputError('"rollups" expected an array of rollup configs');
  const checked = rollupRefs(configs, l1ChainId);
  if (checked.length > 0) await check(checked, l1ChainId);
  return checked.map((config) => {
    const { kind, chainId, name } = rollupRef(config);
    return { kind, chainId, label: name, config: config as Record<string, unknown> };
  });
}

/**
 * The id to save the network under: its CONFIG_NAME, unless that is missing, not a plain name,
 * or a well-known network's name on another genesis (it must not replace that profile).
 */
function profileId(name: string | undefined, genesisRoot: string, chainId: number): string {
  if (name === undefined || !/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(name)) return `custom-${chainId}`;
  const known = (NETWORKS as Record<string, { GENESIS_VALIDATORS_ROOT: string } | undefined>)[name];
  if (known && known.GENESIS_VALIDATORS_ROOT.toLowerCase() !== genesisRoot) return `custom-${chainId}`;
  return name;
}

function httpUrl(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new InputError(`"${name}" expected a URL string, got ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InputError(`"${name}": "${value.slice(0, 80)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`"${name}": ${value.slice(0, 80)} is not http(s)`);
  return url.href.replace(/\/+$/, '');
}

function notBeaconApi(base: string, path: string, why: string, cause?: unknown): InputError {
  return new InputError(`${base} is not a beacon API: ${path} ${why}`, cause === undefined ? {} : { cause });
}

/** The `data` of a beacon API answer; anything else says the server is not one. */
async function beaconData(fetchJson: FetchJson, base: string, path: string): Promise<unknown> {
  const res = await getJson(fetchJson, base, path);
  if (res.status < 200 || res.status >= 300) throw notBeaconApi(base, path, `answered HTTP ${res.status}`);
  if (!isObject(res.json) || res.json.data === undefined) throw notBeaconApi(base, path, 'answered JSON without "data"');
  return res.json.data;
}

async function getJson(fetchJson: FetchJson, base: string, path: string): Promise<{ status: number; json: unknown }> {
  try {
    return await fetchJson(base + path);
  } catch (err) {
    // Unreachable or too slow stays a TransportError; an answer that is not JSON says "not a beacon API".
    if (err instanceof TransportError && err.code === 'BAD_RESPONSE') throw notBeaconApi(base, path, 'answered something that is not JSON', err);
    throw err;
  }
}

function hexField(obj: Record<string, unknown>, key: string, length: number, where: string): string {
  const v = obj[key];
  if (!isHex(v)) throw new InputError(`beacon API ${where}.${key} expected ${length} bytes of hex, got ${describe(v)}`);
  return bytesToHex(hexToBytes(v, length, key));
}

function depositChainId(value: unknown): number {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || !/^[1-9][0-9]{0,15}$/.test(s) || !Number.isSafeInteger(Number(s))) {
    throw new InputError(`beacon API config/spec DEPOSIT_CHAIN_ID expected a positive integer, got ${describe(value)}`);
  }
  return Number(s);
}

/**
 * Every entry of `/eth/v1/config/fork_schedule` must be a fork of the spec, at the spec's epoch.
 * A server without the endpoint (404) is accepted: the spec alone then says.
 */
async function checkForkSchedule(fetchJson: FetchJson, base: string, spec: Record<string, unknown>, config: ChainConfig): Promise<void> {
  const path = '/eth/v1/config/fork_schedule';
  const res = await getJson(fetchJson, base, path);
  if (res.status === 404) return;
  if (res.status < 200 || res.status >= 300) throw notBeaconApi(base, path, `answered HTTP ${res.status}`);
  const data = isObject(res.json) ? res.json.data : undefined;
  if (!Array.isArray(data)) throw notBeaconApi(base, path, 'answered JSON without a "data" array');

  // The spec's forks by version: GENESIS at 0, <NAME>_FORK_VERSION at <NAME>_FORK_EPOCH (also forks Vigil does not know).
  const byVersion = new Map<string, { name: string; epoch: bigint }>();
  byVersion.set(bytesToHex(config.forks[0]!.version), { name: 'genesis', epoch: 0n });
  for (const key of Object.keys(spec)) {
    const m = /^([A-Z0-9]+)_FORK_VERSION$/.exec(key);
    if (!m || m[1] === 'GENESIS' || !isHex(spec[key])) continue;
    const epochValue = spec[`${m[1]}_FORK_EPOCH`];
    if (epochValue === undefined || !/^(0|[1-9][0-9]*)$/.test(String(epochValue))) continue;
    const version = bytesToHex(hexToBytes(spec[key], 4, key));
    if (!byVersion.has(version)) byVersion.set(version, { name: m[1]!.toLowerCase(), epoch: BigInt(String(epochValue)) });
  }
  data.forEach((entry, i) => {
    if (!isObject(entry) || !isHex(entry.current_version) || typeof entry.epoch !== 'string' || !/^(0|[1-9][0-9]*)$/.test(entry.epoch)) {
      throw notBeaconApi(base, path, `entry ${i} is not {previous_version, current_version, epoch}`);
    }
    const version = bytesToHex(hexToBytes(entry.current_version, 4, `fork_schedule[${i}].current_version`));
    const fork = byVersion.get(version);
    if (!fork) {
      throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', `the fork schedule names fork version ${version}, which the config/spec does not have`, {
        expected: [...byVersion.keys()].join(', '),
        got: version,
      });
    }
    if (BigInt(entry.epoch) !== fork.epoch && !(fork.epoch === FAR_FUTURE_EPOCH && BigInt(entry.epoch) >= FAR_FUTURE_EPOCH)) {
      throw new VerificationError('NETWORK_FORK_SCHEDULE_MISMATCH', `the fork schedule puts ${fork.name} (${version}) at another epoch than the config/spec`, {
        expected: String(fork.epoch),
        got: entry.epoch,
      });
    }
  });
}

/** The finalized block the server names, or null when it has none (404). */
async function finalizedCheckpoint(fetchJson: FetchJson, base: string): Promise<{ root: string; slot: number } | null> {
  const path = '/eth/v1/beacon/headers/finalized';
  const res = await getJson(fetchJson, base, path);
  if (res.status === 404) return null;
  if (res.status < 200 || res.status >= 300) throw notBeaconApi(base, path, `answered HTTP ${res.status}`);
  const data = isObject(res.json) ? res.json.data : undefined;
  const message = isObject(data) && isObject(data.header) && isObject(data.header.message) ? data.header.message : undefined;
  if (!isObject(data) || !isHex(data.root) || message === undefined || typeof message.slot !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(message.slot)) {
    throw notBeaconApi(base, path, 'answered without data.root and data.header.message.slot');
  }
  const slot = Number(message.slot);
  if (!Number.isSafeInteger(slot)) throw notBeaconApi(base, path, `answered slot ${message.slot}`);
  return { root: bytesToHex(hexToBytes(data.root, 32, 'finalized root')), slot };
}
