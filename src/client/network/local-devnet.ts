/**
 * The local devnet's well-known address: `vigil devnet` serves a small JSON object there (its
 * beacon API, execution RPC, rollup configs, Uniswap V2 routers, its own tokens, its price feeds, ENS UniversalResolver and the pinned EIP-7702 delegate's address), and the popup offers it with one click when it
 * answers. The object is only a hint of where to look: the network itself is then read from the
 * beacon API and checked like any other (network-discovery.ts), and the user confirms it.
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { httpGet, parseJsonBody } from '../../rpc/http.ts';
import type { KnownToken } from '../../wallet/tokens/identity.ts';
import { checkDelegator, checkPriceFeeds, checkRouters, checkTokens, type NetworkPriceFeed } from './own-network.ts';

/** Fixed so that a fresh browser profile can find the devnet without being told where it is. */
export const LOCAL_DEVNET_PORT = 8590;
export const LOCAL_DEVNET_PATH = '/.well-known/vigil-devnet.json';
export const LOCAL_DEVNET_URL = `http://127.0.0.1:${LOCAL_DEVNET_PORT}${LOCAL_DEVNET_PATH}`;
/** What the object's `kind` says, so an unrelated server on the port is not mistaken for a devnet. */
export const LOCAL_DEVNET_KIND = 'vigil-devnet-v1';

export interface LocalDevnet {
  kind: typeof LOCAL_DEVNET_KIND;
  label: string;
  chainId: number;
  beaconApi: string;
  /** A second beacon API of the same chain (the devnet's mirror): a second endpoint to sample blobs from. */
  beaconMirror?: string;
  executionRpc: string;
  /** Rollup configs, parsed and checked only when the network is added (settings.ts). */
  rollups: Record<string, unknown>[];
  /**
   * The devnet's Uniswap V2 Router02s (lower-case addresses, at most a handful): saved with the
   * network so that a swap on them is named in the approval window. Why this much trust is safe:
   * ./own-network.ts checkRouters.
   */
  routers: string[];
  /**
   * The devnet's own tokens (the ERC-20s and the NFT collection it deploys: lower-case addresses
   * with their symbols, at most a few): saved with the network as its listed tokens, so that the
   * approval window does not mark them unknown. Why this much trust is safe: ./own-network.ts checkTokens.
   */
  tokens: KnownToken[];
  /**
   * The devnet's own price feeds (its VigilPriceFeed: "ETH/USD at 0x…, heartbeat 3600"): saved with
   * the network so that the wallet shows a proven value on it. Why this much trust is safe:
   * ./own-network.ts checkPriceFeeds. Absent: none (a devnet without contracts, an older one).
   */
  priceFeeds?: NetworkPriceFeed[];
  /**
   * The devnet's ENS UniversalResolver (lower case; src/devnet/ens), when it has ENS: where names
   * are resolved on this network. Only a hint, as the rest: every answer is then read by verified
   * eth_call over proven state.
   */
  ensUniversalResolver?: string;
  /** The pinned EIP-7702 delegate's address on it (lower-case); absent: none. Only where to look (./own-network.ts checkDelegator). */
  delegator?: string;
  /**
   * Its genesis (validators root, lower case, and time in seconds) and its config's CONFIG_NAME (the
   * id it is saved under): the popup tells another devnet on a followed chain id from the followed
   * one, and whether using it replaces that one. Absent from an older devnet's object.
   */
  genesisValidatorsRoot?: string;
  genesisTime?: number;
  configName?: string;
}

/** A loopback http URL: the well-known object may only point at this machine. */
function loopbackUrl(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new InputError(`local devnet "${name}" expected a URL, got ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`local devnet "${name}": ${value.slice(0, 80)} is not a URL`);
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new InputError(`local devnet "${name}": ${value.slice(0, 80)} is not an http URL on this machine`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Checks the well-known object's shape.
 * @throws InputError when it is not a Vigil devnet's object.
 */
export function parseLocalDevnet(json: unknown): LocalDevnet {
  if (!isObject(json) || json.kind !== LOCAL_DEVNET_KIND) throw new InputError(`the local devnet object expected kind "${LOCAL_DEVNET_KIND}", got ${describe(isObject(json) ? json.kind : json)}`);
  const chainId = json.chainId;
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) throw new InputError(`local devnet "chainId" expected a positive integer, got ${describe(chainId)}`);
  const rollups = json.rollups ?? [];
  if (!Array.isArray(rollups) || !rollups.every(isObject)) throw new InputError('local devnet "rollups" expected an array of objects');
  const label = typeof json.label === 'string' && json.label.trim() !== '' ? json.label.trim().slice(0, 80) : `Local devnet (chain ${chainId})`;
  return {
    kind: LOCAL_DEVNET_KIND,
    label,
    chainId,
    beaconApi: loopbackUrl(json.beaconApi, 'beaconApi'),
    ...(json.beaconMirror === undefined ? {} : { beaconMirror: loopbackUrl(json.beaconMirror, 'beaconMirror') }),
    executionRpc: loopbackUrl(json.executionRpc, 'executionRpc'),
    rollups: rollups as Record<string, unknown>[],
    routers: json.routers === undefined ? [] : checkRouters(json.routers),
    tokens: json.tokens === undefined ? [] : checkTokens(json.tokens),
    ...ownFeeds(json.priceFeeds === undefined ? [] : checkPriceFeeds(json.priceFeeds)),
    ...(json.ensUniversalResolver === undefined ? {} : { ensUniversalResolver: checkAddress(json.ensUniversalResolver, 'ensUniversalResolver') }),
    ...(json.delegator === undefined || json.delegator === null ? {} : { delegator: checkDelegator(json.delegator) }),
    ...genesisFacts(json),
  };
}

/** `priceFeeds` when there are any: the object of a devnet without them stays as it was. */
function ownFeeds(priceFeeds: NetworkPriceFeed[]): Pick<LocalDevnet, 'priceFeeds'> {
  return priceFeeds.length > 0 ? { priceFeeds } : {};
}

/** The optional genesis facts of the object, checked (a malformed one refuses the object: it is not a Vigil devnet's). */
function genesisFacts(json: Record<string, unknown>): Pick<LocalDevnet, 'genesisValidatorsRoot' | 'genesisTime' | 'configName'> {
  const { genesisValidatorsRoot: root, genesisTime: time, configName: name } = json;
  if (time !== undefined && (typeof time !== 'number' || !Number.isSafeInteger(time) || time < 0)) throw new InputError(`local devnet "genesisTime" expected seconds, got ${describe(time)}`);
  if (name !== undefined && (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(name))) throw new InputError(`local devnet "configName" expected a plain name, got ${describe(name)}`);
  return {
    ...(root === undefined ? {} : { genesisValidatorsRoot: checkRoot(root) }),
    ...(time === undefined ? {} : { genesisTime: time }),
    ...(name === undefined ? {} : { configName: name }),
  };
}

/** A 32-byte root, lower case. */
function checkRoot(value: unknown): string {
  if (typeof value !== 'string') throw new InputError(`local devnet "genesisValidatorsRoot" expected 32 bytes of hex, got ${describe(value)}`);
  return bytesToHex(hexToBytes(value, 32, 'local devnet "genesisValidatorsRoot"'));
}

/** A 20-byte address, lower case. */
function checkAddress(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new InputError(`local devnet "${name}" expected an address, got ${describe(value)}`);
  return bytesToHex(hexToBytes(value, 20, `local devnet "${name}"`));
}

/** The object a devnet serves (src/devnet/discovery.ts). */
export function localDevnetObject(info: {
  chainId: number;
  beaconApi: string;
  beaconMirror?: string;
  executionRpc: string;
  rollups?: Record<string, unknown>[];
  routers?: string[];
  tokens?: KnownToken[];
  priceFeeds?: NetworkPriceFeed[];
  ensUniversalResolver?: string;
  delegator?: string;
  /** The devnet's network config in the specs' names: its genesis and CONFIG_NAME are described. */
  network?: Record<string, unknown>;
}): LocalDevnet {
  const n = info.network;
  const genesis = n === undefined ? {} : genesisFacts({ genesisValidatorsRoot: n.GENESIS_VALIDATORS_ROOT, genesisTime: n.GENESIS_TIME === undefined ? undefined : Number(n.GENESIS_TIME), configName: n.CONFIG_NAME });
  return {
    kind: LOCAL_DEVNET_KIND,
    label: 'Vigil devnet',
    chainId: info.chainId,
    beaconApi: info.beaconApi,
    ...(info.beaconMirror !== undefined ? { beaconMirror: info.beaconMirror } : {}),
    executionRpc: info.executionRpc,
    rollups: info.rollups ?? [],
    routers: checkRouters(info.routers ?? []),
    tokens: checkTokens(info.tokens ?? []),
    ...ownFeeds(checkPriceFeeds(info.priceFeeds ?? [])),
    ...(info.ensUniversalResolver !== undefined ? { ensUniversalResolver: checkAddress(info.ensUniversalResolver, 'ensUniversalResolver') } : {}),
    ...(info.delegator === undefined ? {} : { delegator: checkDelegator(info.delegator) }),
    ...genesis,
  };
}

/** The hosts a devnet the user points at may be on: this computer, by the names `vigil devnet` prints. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];

/**
 * Where a devnet's description is, from what the user typed in Settings: its discovery port
 * (`8591`, as `vigil devnet --discovery-port 8591` prints), a host and port (`localhost:8591`) or
 * a URL; the well-known path is added when none is given. Only this computer: the object is a
 * hint of where to look, and a hint from elsewhere would point the wallet at someone else's chain.
 * @throws InputError for anything else, naming what is accepted
 * @example localDevnetUrl('8591') // 'http://127.0.0.1:8591/.well-known/vigil-devnet.json'
 */
export function localDevnetUrl(typed: string): string {
  const text = typed.trim();
  const accepted = 'a port (8591), or a URL on 127.0.0.1 or localhost';
  if (text === '') throw new InputError(`enter where the devnet describes itself: ${accepted}`);
  const port = /^:?(\d{1,5})$/.exec(text);
  let url: URL;
  try {
    url = new URL(port ? `http://127.0.0.1:${port[1]}` : /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new InputError(`"${text.slice(0, 80)}" is not a port or a URL: enter ${accepted}`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.includes(url.hostname)) {
    throw new InputError(`"${text.slice(0, 80)}" is not on this computer: Vigil looks for a devnet only at 127.0.0.1 or localhost (${accepted})`);
  }
  return `${url.origin}${url.pathname === '/' ? LOCAL_DEVNET_PATH : url.pathname}`;
}

/**
 * The devnet at the well-known URL (or at `at`, what the user typed: {@link localDevnetUrl}), or
 * null when nothing answers there (the usual case: no devnet runs). A server that answers with
 * something else is an error: the port is someone else's.
 * @throws InputError for an `at` not on this computer, or an answer that is not a devnet's object
 */
export async function findLocalDevnet(options: { url?: string; at?: string; timeoutMs?: number } = {}): Promise<LocalDevnet | null> {
  const url = options.at !== undefined ? localDevnetUrl(options.at) : (options.url ?? LOCAL_DEVNET_URL);
  let res: Awaited<ReturnType<typeof httpGet>>;
  try {
    res = await httpGet(url, { timeoutMs: options.timeoutMs ?? 1500, maxBytes: 1 << 20, accept: 'application/json' });
  } catch {
    return null; // refused or silent: no devnet here
  }
  if (res.status === 404) return null;
  if (res.status < 200 || res.status >= 300) throw new InputError(`${url} answered HTTP ${res.status}: not a Vigil devnet`);
  return parseLocalDevnet(parseJsonBody(res.bytes, url));
}
