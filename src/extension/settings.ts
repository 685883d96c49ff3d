/**
 * The user's settings: which network Vigil follows, and for each network its beacon APIs,
 * execution RPCs (several each, with failover) and checkpoint; and whether Vigil may take
 * `window.ethereum` from another wallet. Kept in Dexie's settings table; every read is checked.
 *
 * Mainnet, sepolia and hoodi come with public endpoints (src/extension/default-endpoints.ts) until
 * the user changes their lists; see {@link checkSettings} for how stored profiles are kept.
 * @module
 */
import { hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { type ChainConfig, parseNetworkConfig } from '../l1/config.ts';
import { NETWORKS } from '../l1/networks.ts';
import { parseRollup, rollupConfigs } from '../l2/registry.ts';
import { defaultEndpoints, isDefaultNetwork } from './default-endpoints.ts';

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
  /** Trusted checkpoint (finalized beacon block root). Absent: the beacon APIs must agree on one. */
  checkpoint?: string;
  /** Accept a checkpoint older than the weak-subjectivity period. */
  allowOldCheckpoint?: boolean;
  /** Rollup configs (JSON, src/l2/registry.ts) followed from this network's verified heads. */
  rollups?: unknown[];
}

export interface Settings {
  current: string;
  profiles: Record<string, NetworkProfile>;
  /** Vigil may replace a `window.ethereum` that another wallet set (EIP-6963 announces regardless). */
  overrideWindowEthereum: boolean;
  /** The L2 chain id pages see (wallet_switchEthereumChain to a rollup of the current network); absent: the network's own. */
  activeRollup?: number;
}

export const SETTINGS_KEY = 'vigil.settings';

const KNOWN: Record<string, { label: string; chainId: number }> = {
  mainnet: { label: 'Ethereum Mainnet', chainId: 1 },
  sepolia: { label: 'Sepolia', chainId: 11155111 },
  hoodi: { label: 'Hoodi', chainId: 560048 },
};

/**
 * Named networks start with several public beacon APIs and execution RPCs of different operators
 * (src/extension/default-endpoints.ts), so a fresh install follows mainnet at once; none is
 * trusted, and no checkpoint: the beacon APIs must agree on one (src/client/l1-sync.ts).
 */
export function defaultSettings(): Settings {
  const profiles: Record<string, NetworkProfile> = {};
  for (const [id, { label, chainId }] of Object.entries(KNOWN)) {
    const endpoints = defaultEndpoints(id) ?? { beaconApis: [], executionRpcs: [] };
    profiles[id] = { id, label, chainId, config: NETWORKS[id as keyof typeof NETWORKS], ...endpoints, endpointsFrom: 'defaults' };
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
  const rollups = rollupConfigs(value.rollups, chainId);
  if (rollups.length > 0) profile.rollups = rollups;
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
      if (checked && checked.id === id) profiles[id] = withEndpoints(checked);
    }
  }
  const current = typeof value.current === 'string' && profiles[value.current] ? value.current : base.current;
  const settings: Settings = { current, profiles, overrideWindowEthereum: value.overrideWindowEthereum === true };
  if (typeof value.activeRollup === 'number' && rollupChainIds(profiles[current]!).includes(value.activeRollup)) settings.activeRollup = value.activeRollup;
  return settings;
}

/** A stored profile with the endpoint lists it follows (see {@link checkSettings}). */
function withEndpoints(profile: NetworkProfile): NetworkProfile {
  if (!isDefaultNetwork(profile.id)) return profile;
  const empty = profile.beaconApis.length === 0 && profile.executionRpcs.length === 0;
  const from = profile.endpointsFrom ?? (empty ? 'defaults' : 'user');
  if (from === 'user') return { ...profile, endpointsFrom: 'user' };
  return { ...profile, ...defaultEndpoints(profile.id)!, endpointsFrom: 'defaults' };
}

const chainIdsOf = new WeakMap<object, number[]>();

/** The L2 chain ids of a profile's rollups (configs that no longer parse are left out); parsed once per profile object. */
export function rollupChainIds(profile: NetworkProfile): number[] {
  const cached = chainIdsOf.get(profile);
  if (cached) return cached;
  const ids: number[] = [];
  for (const json of profile.rollups ?? []) {
    try {
      ids.push(parseRollup(json).identity.chainId);
    } catch {
      // Reported when the network is followed.
    }
  }
  chainIdsOf.set(profile, ids);
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
    if (value.checkpoint !== undefined) profile.checkpoint = normalizeCheckpoint(value.checkpoint);
    if (value.allowOldCheckpoint === true) profile.allowOldCheckpoint = true;
    const rollups = storedRollups(value.rollups, value.chainId);
    if (rollups.length > 0) profile.rollups = rollups;
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
      identity = parseRollup(json).identity;
    } catch {
      return true;
    }
    if (identity.l1ChainId !== l1ChainId || identity.chainId === l1ChainId || seen.has(identity.chainId)) return false;
    seen.add(identity.chainId);
    return true;
  });
}

/** Edits the popup's settings form may make to one network (undefined fields stay as they are). */
export interface ProfileEdit {
  id: string;
  beaconApis?: string[];
  executionRpcs?: string[];
  /** Empty string clears it. */
  checkpoint?: string;
  allowOldCheckpoint?: boolean;
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
    if (edit.checkpoint.trim() === '') delete next.checkpoint;
    else next.checkpoint = normalizeCheckpoint(edit.checkpoint);
  }
  if (edit.allowOldCheckpoint !== undefined) next.allowOldCheckpoint = edit.allowOldCheckpoint;
  return { ...settings, profiles: { ...settings.profiles, [edit.id]: next } };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
