/**
 * The user's settings: which network Vigil follows, and for each network its beacon APIs,
 * execution RPCs (several each, with failover) and checkpoint; and whether Vigil may take
 * `window.ethereum` from another wallet. Kept in Dexie's settings table; every read is checked.
 *
 * Mainnet, sepolia and hoodi come with public endpoints (src/client/network/default-endpoints.ts) until
 * the user changes their lists; see {@link checkSettings} for how stored profiles are kept.
 * Mainnet and sepolia also follow the rollups Vigil ships on them (src/l2/shipped.ts), each
 * with its project's public L2 RPC, kept the same way per rollup (`shippedRollups`).
 * @module
 */
import { hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { KnownToken } from '../../wallet/tokens/identity.ts';
import { type AnnouncedFork, withAnnouncedForks } from '../../l1/announced-forks.ts';
import { type ChainConfig, parseNetworkConfig } from '../../l1/config.ts';
import { NETWORKS } from '../../l1/networks.ts';
import { type RollupRef, rollupRef, rollupRefs } from '../../l2/kinds.ts';
import { SHIPPED_ROLLUP_NAMES, shippedRollupRef } from '../../l2/shipped.ts';
import { defaultEndpoints, defaultL2Rpc, isDefaultNetwork } from './default-endpoints.ts';
import { readyEnsUniversalResolver, storedEnsUniversalResolver } from './ens-resolver.ts';
import { checkDelegator, checkPriceFeeds, checkRouters, checkTokens, type NetworkPriceFeed, stored } from './own-network.ts';

export interface NetworkProfile {
  /** Store and settings key: `mainnet`, `sepolia`, `hoodi`, or a custom network's CONFIG_NAME. */
  id: string;
  /** Shown to the user. */
  label: string;
  chainId: number;
  /** The network config in the consensus specs' names (parseNetworkConfig's input). */
  config: unknown;
  /** Tried in this order (one URL per line in Settings). */
  beaconApis: string[];
  executionRpcs: string[];
  /**
   * Whose endpoint lists these are, for mainnet, sepolia and hoodi: `defaults` (this release's
   * public endpoints, refreshed on every load) or `user` (changed in Settings, kept as they are,
   * even empty). Absent: saved before defaults existed (see {@link checkSettings}).
   */
  endpointsFrom?: 'defaults' | 'user';
  /**
   * Mainnet, sepolia, hoodi: fork epochs this release leaves open that the beacon APIs announced
   * (src/l1/announced-forks.ts), with when they were last asked (ms). `config` is always this
   * release's shipped config with these set, never a stored copy.
   */
  announcedForks?: { forks: AnnouncedFork[]; checkedAt: number };
  /** Trusted checkpoint (finalized beacon block root). Absent: the beacon APIs must agree on one. */
  checkpoint?: string;
  /**
   * Who gave `checkpoint`: the user in Settings, the devnet's start-up object, or the beacon APIs
   * on these hosts when the network was added ("Add network"). Absent: saved before Vigil kept it.
   */
  checkpointFrom?: CheckpointFrom;
  /** Accept a checkpoint older than the weak-subjectivity period. */
  allowOldCheckpoint?: boolean;
  /** Rollup configs (JSON, src/l2/registry.ts) followed from this network's verified heads: the user's own (a devnet's, "Add network"). */
  rollups?: unknown[];
  /**
   * Mainnet and sepolia: the rollups Vigil ships that settle on this network
   * (src/l2/shipped.ts), each on or off with its L2 RPC; see ../rollups/session.ts followedRollupConfigs.
   */
  shippedRollups?: ShippedRollup[];
  /**
   * The user's own network only (a devnet's, "Add network"): Uniswap V2 Router02s on it, by
   * lower-case address, that the wallet knows besides KNOWN_ROUTERS (src/wallet/transaction-effects.ts);
   * see {@link checkRouters}. Never on mainnet, sepolia or hoodi: Vigil's own list is theirs.
   */
  routers?: string[];
  /**
   * The user's own network only (a devnet's, "Add network"): the tokens it lists as its own (the
   * ERC-20s and the NFT collection a devnet deploys), lower-case addresses with their symbols,
   * named beside Vigil's list for the chain (src/wallet/tokens/shipped.ts tokenNaming); see
   * {@link checkTokens}. Never on mainnet, sepolia or hoodi: Vigil's own list is theirs.
   */
  tokens?: KnownToken[];
  /**
   * The user's own network only (a devnet's, "Add network"): its own price feeds (the devnet's
   * ETH/USD), read by verified call for the value shown (src/client/wallet/prices.ts pricesFor);
   * see {@link checkPriceFeeds}. Never on mainnet, sepolia or hoodi: Vigil's table is theirs.
   */
  priceFeeds?: NetworkPriceFeed[];
  /** The user's own network only (a devnet's): its ENS UniversalResolver (./ens-resolver.ts), lower-case. */
  ensUniversalResolver?: string;
  /**
   * The user's own network only (a devnet's, "Add network"): where the pinned EIP-7702 delegate
   * (src/wallet/eip7702-pin.ts) is deployed on it, lower-case; see {@link checkDelegator}. Absent:
   * delegating is not offered on this network.
   */
  delegator?: string;
}

/** Who gave a profile's checkpoint (NetworkProfile.checkpointFrom; the status says it: src/storage/db.ts CheckpointOrigin). */
export type CheckpointFrom = { kind: 'user' } | { kind: 'devnet' } | { kind: 'added'; by: string[] };

/** A stored checkpointFrom, or undefined when it does not parse (only a note: the profile is kept). */
export function checkCheckpointFrom(value: unknown): CheckpointFrom | undefined {
  if (!isObject(value)) return undefined;
  if (value.kind === 'user' || value.kind === 'devnet') return { kind: value.kind };
  const by = value.by;
  if (value.kind !== 'added' || !Array.isArray(by) || by.length === 0 || by.length > 32 || !by.every((h) => typeof h === 'string' && h !== '' && h.length <= 255)) return undefined;
  return { kind: 'added', by: [...(by as string[])] };
}

/** A rollup Vigil ships, as a built-in network follows it. */
export interface ShippedRollup {
  /** Its name in src/l2/shipped.ts (`op-mainnet`, `arbitrum-one`, …). */
  name: string;
  enabled: boolean;
  /** The L2 RPC asked for hints (the committed L2 header, account proofs); null: none. */
  l2Rpc: string | null;
  /**
   * `defaults`: this release's choice (on, with its public L2 RPC), refreshed on every load;
   * `user`: changed in Settings (turned off, another L2 RPC), kept as it is.
   */
  from: 'defaults' | 'user';
}

export interface Settings {
  current: string;
  profiles: Record<string, NetworkProfile>;
  /** Vigil may replace a `window.ethereum` that another wallet set (EIP-6963 announces regardless). */
  overrideWindowEthereum: boolean;
  /** The L2 chain id pages see (wallet_switchEthereumChain to a rollup of the current network); absent: the network's own. */
  activeRollup?: number;
  /**
   * The most a transaction Vigil signs with no window (a forced-exit step) may cost in fees and
   * value, wei as a decimal string; absent: the policy's 0.05 ETH (src/wallet/policy.ts).
   */
  maxUnattendedCost?: string;
  /**
   * How much less of an asset the user may receive at signing than the approval window showed
   * before the window asks again (basis points, 0–1000); absent: 50 (0.5%; src/wallet/transaction-effects.ts).
   */
  incomingToleranceBps?: number;
  /**
   * How long the calls of an EIP-5792 batch signed at its approval may still be sent (minutes,
   * {@link MIN_BATCH_EXPIRY_MINUTES}–{@link MAX_BATCH_EXPIRY_MINUTES}); absent: 60. Past it, or once the
   * network changes, the calls not yet sent are erased (src/client/wallet/batches/progress.ts).
   */
  batchExpiryMinutes?: number;
}

/** A batch's signed calls may be sent for an hour after its approval, unless the user sets otherwise. */
export const DEFAULT_BATCH_EXPIRY_MINUTES = 60;
/** At least 5 minutes (a call waits for the one before it to be proven included), at most a day. */
export const MIN_BATCH_EXPIRY_MINUTES = 5;
export const MAX_BATCH_EXPIRY_MINUTES = 24 * 60;

/** @throws InputError for an expiry that is not a whole number of minutes within 5–1440. */
export function checkBatchExpiry(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_BATCH_EXPIRY_MINUTES || value > MAX_BATCH_EXPIRY_MINUTES) {
    throw new InputError(`"batchExpiryMinutes" expected a whole number of minutes from ${MIN_BATCH_EXPIRY_MINUTES} to ${MAX_BATCH_EXPIRY_MINUTES}, got ${String(value).slice(0, 40)}`);
  }
  return value;
}

/** The most a user may let what they receive fall between the window and the signature: 10%. */
const MAX_INCOMING_TOLERANCE_BPS = 1000;

/** @throws InputError for a tolerance that is not a whole number of basis points within 0–1000. */
export function checkIncomingTolerance(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_INCOMING_TOLERANCE_BPS) {
    throw new InputError(`"incomingToleranceBps" expected a whole number of basis points from 0 to ${MAX_INCOMING_TOLERANCE_BPS}, got ${String(value).slice(0, 40)}`);
  }
  return value;
}

/** Bounds on the unattended cost a user may set: more than nothing, at most 10 ETH. */
const MAX_UNATTENDED_COST = 10n * 10n ** 18n;

/**
 * A user's unattended cost (wei, decimal string) checked: a positive integer up to 10 ETH.
 * @throws InputError otherwise
 */
export function checkUnattendedCost(value: unknown): string {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,30}$/.test(value) || BigInt(value) > MAX_UNATTENDED_COST) {
    throw new InputError(`"maxUnattendedCost" expected wei as a decimal string, more than 0 and at most ${MAX_UNATTENDED_COST}, got ${String(value).slice(0, 40)}`);
  }
  return value;
}

export const SETTINGS_KEY = 'vigil.settings';

const KNOWN: Record<string, { label: string; chainId: number }> = {
  mainnet: { label: 'Ethereum Mainnet', chainId: 1 },
  sepolia: { label: 'Sepolia', chainId: 11155111 },
  hoodi: { label: 'Hoodi', chainId: 560048 },
};

/**
 * Named networks start with several public beacon APIs and execution RPCs of different operators
 * (src/client/network/default-endpoints.ts), so a fresh install follows mainnet at once; none is
 * trusted, and no checkpoint: the beacon APIs must agree on one (src/client/light-client/sync.ts).
 */
export function defaultSettings(): Settings {
  const profiles: Record<string, NetworkProfile> = {};
  for (const [id, { label, chainId }] of Object.entries(KNOWN)) {
    const endpoints = defaultEndpoints(id) ?? { beaconApis: [], executionRpcs: [] };
    profiles[id] = withShippedRollups({ id, label, chainId, config: NETWORKS[id as keyof typeof NETWORKS], ...endpoints, endpointsFrom: 'defaults' });
  }
  return { current: 'mainnet', profiles, overrideWindowEthereum: false };
}

/** The devnet's start-up object (`vigil devnet` prints it; tests send it with vigil:setNetwork). */
export interface DevnetReady {
  executionRpc: string;
  beaconApi: string;
  chainId: number;
  checkpoint: string;
  network: unknown;
  networkConfig?: string;
  mnemonic?: string;
  accounts?: string[];
  admin?: string;
}

/**
 * A network profile from `vigil:setNetwork`'s `network`: the devnet's ready object, or a full
 * profile-like object `{config|network, chainId, beaconApis|beaconApi, executionRpcs|executionRpc, checkpoint?}`.
 * @throws InputError naming the field that is missing or malformed
 */
export function profileFromReady(value: unknown): NetworkProfile {
  if (!isObject(value)) throw new InputError('"network" expected the devnet ready object');
  const config = value.network ?? value.config;
  const parsed = parseNetworkConfig(config);
  const chainId = value.chainId;
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new InputError(`"network.chainId" expected a positive integer, got ${String(chainId)}`);
  }
  const list = (one: unknown, many: unknown, name: string): string[] => {
    const all = [...(Array.isArray(many) ? many : []), ...(one === undefined ? [] : [one])];
    return normalizeUrls(all, name);
  };
  const beaconApis = list(value.beaconApi, value.beaconApis, 'beaconApi');
  const executionRpcs = list(value.executionRpc, value.executionRpcs, 'executionRpc');
  if (beaconApis.length === 0) throw new InputError('"network.beaconApi" expected a URL');
  const profile: NetworkProfile = {
    id: parsed.name,
    label: typeof value.label === 'string' ? value.label : labelFor(parsed),
    chainId,
    config,
    beaconApis,
    executionRpcs,
  };
  if (value.checkpoint !== undefined) profile.checkpoint = normalizeCheckpoint(value.checkpoint);
  if (value.allowOldCheckpoint === true) profile.allowOldCheckpoint = true;
  const rollups = rollupRefs(value.rollups, chainId);
  if (rollups.length > 0) profile.rollups = rollups;
  // The user's own network's lists (a devnet's): a network Vigil ships has its own.
  for (const [key, check] of [['routers', checkRouters], ['tokens', checkTokens], ['priceFeeds', checkPriceFeeds]] as const) {
    const list = value[key] === undefined ? [] : check(value[key], `network.${key}`);
    if (list.length === 0) continue;
    if (isDefaultNetwork(profile.id)) throw new InputError(`"network.${key}": ${profile.label} has the ${key} Vigil ships; only your own network takes a list`);
    (profile as unknown as Record<string, unknown>)[key] = list;
  }
  Object.assign(profile, readyEnsUniversalResolver(value, profile.id));
  if (value.delegator !== undefined) {
    if (isDefaultNetwork(profile.id)) throw new InputError(`"network.delegator": Vigil offers no delegate on ${profile.label}; only your own network takes one`);
    profile.delegator = checkDelegator(value.delegator, 'network.delegator');
  }
  return profile;
}

function labelFor(config: ChainConfig): string {
  return KNOWN[config.name]?.label ?? `${config.name[0]!.toUpperCase()}${config.name.slice(1)}`;
}

/** http(s) URLs, trimmed, without a trailing slash, deduplicated. */
export function normalizeUrls(values: readonly unknown[], name: string): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string') throw new InputError(`"${name}" expected URL strings, got ${typeof v}`);
    const s = v.trim();
    if (s === '') continue;
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new InputError(`"${name}": "${s.slice(0, 80)}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`"${name}": ${s.slice(0, 80)} is not http(s)`);
    const norm = url.href.replace(/\/+$/, '');
    if (!out.includes(norm)) out.push(norm);
  }
  return out;
}

export function normalizeCheckpoint(value: unknown): string {
  const bytes = hexToBytes(typeof value === 'string' ? value.trim() : value, 32, 'checkpoint');
  return '0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Settings as stored, checked; anything unusable falls back to the defaults, field by field.
 *
 * The endpoint lists of a stored mainnet, sepolia or hoodi profile ({@link withEndpoints}): the
 * user's stay as they are, and the defaults follow this release. Whose they are is recorded in
 * `endpointsFrom`, set to `user` by {@link applyEdit} whenever Settings changes either list —
 * also when it empties them — so a list removed on purpose is never brought back. A profile saved
 * before this marker existed is read by its lists: both empty is how named networks used to
 * start (nothing chosen yet), so it gets the defaults; any list set is the user's.
 */
export function checkSettings(value: unknown): Settings {
  const base = defaultSettings();
  if (!isObject(value)) return base;
  const profiles = { ...base.profiles };
  if (isObject(value.profiles)) {
    for (const [id, p] of Object.entries(value.profiles)) {
      const checked = checkProfile(p);
      if (checked && checked.id === id) profiles[id] = withShippedRollups(withEndpoints(withShippedConfig(checked)));
    }
  }
  const current = typeof value.current === 'string' && profiles[value.current] ? value.current : base.current;
  const settings: Settings = { current, profiles, overrideWindowEthereum: value.overrideWindowEthereum === true };
  if (typeof value.activeRollup === 'number' && rollupChainIds(profiles[current]!).includes(value.activeRollup)) settings.activeRollup = value.activeRollup;
  try {
    if (value.maxUnattendedCost !== undefined) settings.maxUnattendedCost = checkUnattendedCost(value.maxUnattendedCost);
  } catch {
    // A stored value out of bounds falls back to the default.
  }
  try {
    if (value.incomingToleranceBps !== undefined) settings.incomingToleranceBps = checkIncomingTolerance(value.incomingToleranceBps);
  } catch {
    // As above: the default.
  }
  try {
    if (value.batchExpiryMinutes !== undefined) settings.batchExpiryMinutes = checkBatchExpiry(value.batchExpiryMinutes);
  } catch {
    // As above: the default.
  }
  return settings;
}

/**
 * A built-in network's profile with this release's config (a stored copy would keep an older
 * release's fork schedule), and the fork epochs its beacon APIs announced that this release
 * leaves open (src/l1/announced-forks.ts: taken only where the pinned versions agree).
 */
export function withShippedConfig(profile: NetworkProfile): NetworkProfile {
  if (!isDefaultNetwork(profile.id)) return profile;
  const shipped = NETWORKS[profile.id];
  let forks: AnnouncedFork[] = [];
  try {
    forks = checkAnnouncedForks(profile.announcedForks?.forks);
    const config = withAnnouncedForks(shipped, forks);
    return { ...profile, config, ...(profile.announcedForks ? { announcedForks: { forks, checkedAt: profile.announcedForks.checkedAt } } : {}) };
  } catch {
    // A record this release's pins contradict: dropped, asked again.
    const { announcedForks: _dropped, ...rest } = profile;
    return { ...rest, config: shipped };
  }
}

function checkAnnouncedForks(value: unknown): AnnouncedFork[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 8) throw new InputError('"announcedForks" expected a short list');
  return value.map((f) => {
    if (!isObject(f) || typeof f.key !== 'string' || typeof f.epoch !== 'string' || typeof f.version !== 'string') throw new InputError('"announcedForks" expected {key, epoch, version}');
    return { key: f.key, epoch: f.epoch, version: f.version };
  });
}

/** A stored profile with the endpoint lists it follows (see {@link checkSettings}). */
function withEndpoints(profile: NetworkProfile): NetworkProfile {
  if (!isDefaultNetwork(profile.id)) return profile;
  const empty = profile.beaconApis.length === 0 && profile.executionRpcs.length === 0;
  const from = profile.endpointsFrom ?? (empty ? 'defaults' : 'user');
  if (from === 'user') return { ...profile, endpointsFrom: 'user' };
  return { ...profile, ...defaultEndpoints(profile.id)!, endpointsFrom: 'defaults' };
}

/**
 * The shipped rollups of a built-in network, as stored ones are kept: one entry per rollup Vigil
 * ships on that L1 (iterating src/l2/known-rollups.ts, never a list of names here), in that
 * order. A `user` entry stays as the user left it; a `defaults` one (or a missing one: a profile
 * stored before rollups were shipped gains them) is this release's: on, with its default L2 RPC.
 * A shipped rollup whose chain id one of the user's own configs already takes is left out (the
 * user's config wins); entries of rollups no longer shipped are dropped.
 */
function withShippedRollups(profile: NetworkProfile): NetworkProfile {
  if (!isDefaultNetwork(profile.id)) return profile;
  const taken = new Set(ownChainIds(profile));
  const stored = new Map((profile.shippedRollups ?? []).map((r) => [r.name, r]));
  const shipped: ShippedRollup[] = [];
  for (const { name, identity } of shippedOn(profile.chainId)) {
    if (taken.has(identity.chainId)) continue;
    const own = stored.get(name);
    shipped.push(own?.from === 'user' ? own : { name, enabled: true, l2Rpc: defaultL2Rpc(name, identity.l2Rpc) ?? null, from: 'defaults' });
  }
  const next = { ...profile };
  if (shipped.length > 0) next.shippedRollups = shipped;
  else delete next.shippedRollups;
  return next;
}

/** The rollups Vigil ships that settle on `l1ChainId`, in src/l2/shipped.ts's order. */
export function shippedOn(l1ChainId: number): { name: string; identity: RollupRef }[] {
  const out = [];
  for (const name of SHIPPED_ROLLUP_NAMES) {
    const identity = shippedRollupRef(name)!;
    if (identity.l1ChainId === l1ChainId) out.push({ name, identity });
  }
  return out;
}

/** The default L2 RPC of every rollup shipped on a built-in network: the manifest grants their origins. */
export function shippedL2Rpcs(): string[] {
  const urls = new Set<string>();
  for (const p of Object.values(defaultSettings().profiles)) for (const r of p.shippedRollups ?? []) if (r.l2Rpc !== null) urls.add(r.l2Rpc);
  return [...urls];
}

const chainIdsOf = new WeakMap<object, number[]>();

/** The L2 chain ids of the user's own rollup configs (those whose identity reads). */
function ownChainIds(profile: NetworkProfile): number[] {
  return chainIdsIn(profile.rollups ?? []);
}

/**
 * The L2 chain ids of the rollups a profile follows, in ../rollups/session.ts followedRollupConfigs's order: its own
 * configs (those whose identity reads), then each shipped rollup turned on. Once per profile object.
 */
export function rollupChainIds(profile: NetworkProfile): number[] {
  const cached = chainIdsOf.get(profile);
  if (cached) return cached;
  const ids = ownChainIds(profile);
  for (const r of profile.shippedRollups ?? []) {
    const ref = r.enabled ? shippedRollupRef(r.name) : undefined;
    if (ref !== undefined) ids.push(ref.chainId);
  }
  chainIdsOf.set(profile, ids);
  return ids;
}

function chainIdsIn(configs: readonly unknown[]): number[] {
  const ids: number[] = [];
  for (const json of configs) {
    try {
      ids.push(rollupRef(json).chainId);
    } catch {
      // Reported when the network is followed.
    }
  }
  return ids;
}

function checkProfile(value: unknown): NetworkProfile | undefined {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.label !== 'string') return undefined;
  try {
    parseNetworkConfig(value.config);
    if (typeof value.chainId !== 'number' || !Number.isSafeInteger(value.chainId)) return undefined;
    const profile: NetworkProfile = {
      id: value.id,
      label: value.label,
      chainId: value.chainId,
      config: value.config,
      beaconApis: normalizeUrls(Array.isArray(value.beaconApis) ? value.beaconApis : [], 'beaconApis'),
      executionRpcs: normalizeUrls(Array.isArray(value.executionRpcs) ? value.executionRpcs : [], 'executionRpcs'),
    };
    if (value.endpointsFrom === 'defaults' || value.endpointsFrom === 'user') profile.endpointsFrom = value.endpointsFrom;
    if (isObject(value.announcedForks) && Number.isSafeInteger(value.announcedForks.checkedAt)) {
      profile.announcedForks = { forks: value.announcedForks.forks as AnnouncedFork[], checkedAt: value.announcedForks.checkedAt as number };
    }
    if (value.checkpoint !== undefined) profile.checkpoint = normalizeCheckpoint(value.checkpoint);
    const from = profile.checkpoint === undefined ? undefined : checkCheckpointFrom(value.checkpointFrom);
    if (from !== undefined) profile.checkpointFrom = from;
    if (value.allowOldCheckpoint === true) profile.allowOldCheckpoint = true;
    const rollups = storedRollups(value.rollups, value.chainId);
    if (rollups.length > 0) profile.rollups = rollups;
    const shipped = storedShipped(value.shippedRollups);
    if (shipped.length > 0) profile.shippedRollups = shipped;
    const routers = stored(checkRouters, value.routers, value.id);
    if (routers?.length) profile.routers = routers;
    const tokens = stored(checkTokens, value.tokens, value.id);
    if (tokens?.length) profile.tokens = tokens;
    const priceFeeds = stored(checkPriceFeeds, value.priceFeeds, value.id);
    if (priceFeeds?.length) profile.priceFeeds = priceFeeds;
    Object.assign(profile, storedEnsUniversalResolver(value.ensUniversalResolver, value.id));
    const delegator = stored(checkDelegator, value.delegator, value.id);
    if (delegator !== undefined) profile.delegator = delegator;
    return profile;
  } catch {
    return undefined;
  }
}

/**
 * Stored rollup configs, field by field: one that no longer parses (a stricter adapter after an
 * update) is kept, left out of rollupChainIds and reported when the network is followed, rather
 * than losing the whole network with it; one of another L1 or a taken chain id is dropped.
 */
function storedRollups(value: unknown, l1ChainId: number): unknown[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<number>();
  return value.filter((json) => {
    let identity;
    try {
      identity = rollupRef(json);
    } catch {
      return true;
    }
    if (identity.l1ChainId !== l1ChainId || identity.chainId === l1ChainId || seen.has(identity.chainId)) return false;
    seen.add(identity.chainId);
    return true;
  });
}

/** Stored shipped-rollup entries, each checked (one that is not is dropped: the defaults take its place). */
function storedShipped(value: unknown): ShippedRollup[] {
  if (!Array.isArray(value)) return [];
  const out: ShippedRollup[] = [];
  for (const r of value) {
    if (!isObject(r) || typeof r.name !== 'string' || typeof r.enabled !== 'boolean' || (r.from !== 'defaults' && r.from !== 'user')) continue;
    if (out.some((o) => o.name === r.name)) continue;
    let l2Rpc: string | null = null;
    if (r.l2Rpc !== null) {
      try {
        l2Rpc = normalizeUrls([r.l2Rpc], 'l2Rpc')[0] ?? null;
      } catch {
        continue;
      }
    }
    out.push({ name: r.name, enabled: r.enabled, l2Rpc, from: r.from });
  }
  return out;
}

/** Edits the popup's settings form may make to one network (undefined fields stay as they are). */
export interface ProfileEdit {
  id: string;
  beaconApis?: string[];
  executionRpcs?: string[];
  /** Empty string clears it. */
  checkpoint?: string;
  allowOldCheckpoint?: boolean;
  /** Shipped rollups by name: on or off, and the L2 RPC (empty string: none). */
  rollups?: { name: string; enabled?: boolean; l2Rpc?: string }[];
}

export function applyEdit(settings: Settings, edit: ProfileEdit): Settings {
  const old = settings.profiles[edit.id];
  if (!old) throw new InputError(`unknown network "${String(edit.id).slice(0, 40)}"`);
  const next: NetworkProfile = { ...old };
  if (edit.beaconApis !== undefined) next.beaconApis = normalizeUrls(edit.beaconApis, 'beaconApis');
  if (edit.executionRpcs !== undefined) next.executionRpcs = normalizeUrls(edit.executionRpcs, 'executionRpcs');
  // Lists the user changed (reordered, trimmed, emptied) are theirs from now on: never refilled.
  if (!sameList(next.beaconApis, old.beaconApis) || !sameList(next.executionRpcs, old.executionRpcs)) next.endpointsFrom = 'user';
  if (edit.checkpoint !== undefined) {
    if (edit.checkpoint.trim() === '') {
      delete next.checkpoint;
      delete next.checkpointFrom;
    } else {
      next.checkpoint = normalizeCheckpoint(edit.checkpoint);
      // Typed (or changed) by the user: theirs from now on. The same root saved again keeps who gave it.
      if (next.checkpoint !== old.checkpoint) next.checkpointFrom = { kind: 'user' };
    }
  }
  if (edit.allowOldCheckpoint !== undefined) next.allowOldCheckpoint = edit.allowOldCheckpoint;
  if (edit.rollups !== undefined) next.shippedRollups = editShipped(old.shippedRollups ?? [], edit.rollups);
  return { ...settings, profiles: { ...settings.profiles, [edit.id]: next } };
}

/** A shipped rollup the user turned on or off or gave another L2 RPC is theirs from then on (`user`); one left as it was keeps its owner. */
function editShipped(old: readonly ShippedRollup[], edits: NonNullable<ProfileEdit['rollups']>): ShippedRollup[] {
  if (!Array.isArray(edits)) throw new InputError('"rollups" expected [{ name, enabled?, l2Rpc? }]');
  const next = old.map((r) => ({ ...r }));
  for (const e of edits) {
    const r = next.find((x) => x.name === e?.name);
    if (!r) throw new InputError(`"rollups": this network ships no rollup named ${String(e?.name).slice(0, 40)}`);
    const enabled = e.enabled ?? r.enabled;
    if (typeof enabled !== 'boolean') throw new InputError(`"rollups[${r.name}].enabled" expected true or false`);
    const l2Rpc = e.l2Rpc === undefined ? r.l2Rpc : e.l2Rpc.trim() === '' ? null : normalizeUrls([e.l2Rpc], `rollups[${r.name}].l2Rpc`)[0]!;
    if (enabled !== r.enabled || l2Rpc !== r.l2Rpc) Object.assign(r, { enabled, l2Rpc, from: 'user' as const });
  }
  return next;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
