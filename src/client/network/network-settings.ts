/**
 * The user's settings as the L1 session follows them: which network, its profile (edited, added
 * from a preview, or the devnet's ready object), whether pages see a followed rollup's chain
 * instead of the network's, and whether Vigil may take `window.ethereum`. Every change is saved
 * and announced: content scripts read the chain from storage, pages get chainChanged, and a
 * change of network restarts the sync loop.
 * @module
 */
import { InputError, type VerificationError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { NETWORKS } from '../../l1/networks.ts';
import type { AnnouncedFork } from '../../l1/announced-forks.ts';
import type { CheckRollupConfigs } from '../../l2/kinds.ts';
import { chainIdentity, chainIdTaken, type NamedChain } from './chain-id-taken.ts';
import type { LocalDevnet } from './local-devnet.ts';
import type { DiscoverNetwork, DiscoverNetworkRequest, NetworkPreview } from './discovery.ts';
import { checkBatchExpiry, checkIncomingTolerance, checkUnattendedCost, type NetworkProfile, type ProfileEdit, rollupChainIds, type Settings, withShippedConfig } from './settings.ts';

/** Network ids of followed rollups as the wallet's chain switch names them. */
const L2_NETWORK_PREFIX = 'l2:';

/** What content scripts read (without waking the background) to answer eth_chainId. */
export interface ChainAnnouncement {
  /** 0x-hex chain id, or null when no network is set up. */
  chainId: string | null;
  networkId: string;
}

export interface NetworkSettingsDeps {
  loadSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<void>;
  announceChain(announcement: ChainAnnouncement): Promise<void>;
  announceInjection(config: { overrideWindowEthereum: boolean }): Promise<void>;
  /** Tells every page the chain it sees changed. */
  chainChanged(chainId: string): void;
  /** Stops following the current network (its state goes), before the settings change it. */
  stopFollowing(): Promise<void>;
  /** Starts following the current network. */
  follow(): void;
  now(): number;
  /** Checks rollup configs whole before they are saved (the service worker reads their identity only). */
  checkRollupConfigs: CheckRollupConfigs;
  /** Reads and checks what a beacon API serves (./discovery.ts; the extension runs it in its app host). */
  discoverNetwork: DiscoverNetwork;
  /**
   * The profile a devnet's ready object (`ready`) or an "Add network" preview checked again
   * (`preview`: ./preview.ts) makes (./settings.ts profileFromReady; the extension's app
   * host runs both). @throws InputError
   */
  profileOf(network: unknown, from: 'ready' | 'preview'): Promise<NetworkProfile>;
  /** The settings form's edit applied to `settings` (./settings.ts applyEdit; the extension's app host runs it). @throws InputError */
  applyEdit(settings: Settings, edit: ProfileEdit): Promise<Settings>;
  /** Looks for the devnet at its well-known local URL, or at `at` (./local-devnet.ts findLocalDevnet; the extension's app host runs it). Absent: none is found. */
  findLocalDevnet?: (at?: string) => Promise<LocalDevnet | null>;
}

export class NetworkSettings {
  private settings: Settings | undefined;

  constructor(private readonly deps: NetworkSettingsDeps) {}

  /** Loads the settings and announces the chain and the injection (on every wake-up). */
  async load(): Promise<void> {
    this.settings = await this.deps.loadSettings();
    await this.deps.announceInjection({ overrideWindowEthereum: this.settings.overrideWindowEthereum });
    await this.announce();
  }

  /** The settings as loaded (call {@link load} first). */
  get(): Settings {
    if (!this.settings) throw new Error('unreachable: the settings are read before they are loaded');
    return this.settings;
  }

  current(): NetworkProfile | undefined {
    return this.settings?.profiles[this.settings.current];
  }

  /** Whether Vigil may replace another wallet's `window.ethereum` (false until loaded). */
  overrideWindowEthereum(): boolean {
    return this.settings?.overrideWindowEthereum ?? false;
  }

  /** The followed rollup pages see, when one is switched to. */
  activeRollup(): number | undefined {
    return this.settings?.activeRollup;
  }

  /** The chain id pages see. */
  visibleChainId(): number | undefined {
    return this.settings?.activeRollup ?? this.current()?.chainId;
  }

  /** The network (or followed rollup, `l2:<chain id>`) the wallet's chain switch names for a chain id (never one that may not sign: {@link signingRefusal}). */
  networkForChain(chainId: bigint): string | undefined {
    const profile = this.current();
    if (profile && rollupChainIds(profile).some((id) => BigInt(id) === chainId)) return `${L2_NETWORK_PREFIX}${chainId}`;
    return Object.values(this.settings?.profiles ?? {}).find((p) => BigInt(p.chainId) === chainId && p.beaconApis.length > 0 && this.barred(p.id) === undefined)?.id;
  }

  /**
   * Why nothing may be signed on the current network: it has the chain id of a network Vigil
   * ships, or of one of the user's networks saved before it, on another genesis (an older version
   * saved it; it is kept and may be followed: ./chain-id-taken.ts). Undefined: it may sign (or the
   * settings are not loaded yet).
   */
  signingRefusal(): VerificationError | undefined {
    return this.settings === undefined ? undefined : this.barred(this.settings.current);
  }

  /** A stored network's refusal to sign, against the shipped networks and the user's saved before it. */
  private barred(id: string): VerificationError | undefined {
    const profiles = this.settings?.profiles ?? {};
    const profile = profiles[id];
    if (profile === undefined) return undefined;
    const ids = Object.keys(profiles);
    const before = ids.slice(0, ids.indexOf(id)).map((other) => profiles[other]!);
    // A stored config parses (./settings.ts checkProfile keeps no other).
    return chainIdTaken(chainIdentity(profile), identities(before), 'sign');
  }

  /** Switches to what {@link networkForChain} named. */
  async switchNetwork(id: string): Promise<void> {
    if (id.startsWith(L2_NETWORK_PREFIX)) await this.setActiveRollup(Number(id.slice(L2_NETWORK_PREFIX.length)));
    else if (id === this.settings?.current) await this.setActiveRollup(undefined);
    else await this.setNetwork(id);
  }

  /** `vigil:setNetwork`: the devnet's ready object, or the id of a configured network (`from`: what `network` is when not an id). */
  async setNetwork(network: unknown, from: 'ready' | 'preview' = 'ready'): Promise<void> {
    let settings = this.get();
    if (typeof network === 'string') {
      if (!settings.profiles[network]) throw new InputError(`unknown network "${network.slice(0, 40)}"`);
      settings = { ...settings, current: network };
    } else {
      const profile = await this.deps.profileOf(network, from);
      // One chain id, one chain: a shipped network's, or the user's network saved first with it, is not another genesis's.
      const taken = chainIdTaken(chainIdentity(profile), identities(Object.values(settings.profiles)));
      if (taken !== undefined) throw taken;
      if (profile.rollups) await this.deps.checkRollupConfigs(profile.rollups, profile.chainId);
      settings = { ...settings, current: profile.id, profiles: { ...settings.profiles, [profile.id]: profile } };
    }
    await this.replace(settings, true);
  }

  /**
   * "Add network": reads and checks the network a beacon API serves (and an execution RPC against
   * it); saves nothing. @throws VerificationError NETWORK_CHAIN_ID_TAKEN for a network on another
   * genesis than the shipped network, or the user's network, that has its chain id (./chain-id-taken.ts)
   */
  async discoverNetwork(params: DiscoverNetworkRequest): Promise<NetworkPreview> {
    const { beaconApi, moreBeaconApis, executionRpc, rollups, routers, tokens, priceFeeds, ensUniversalResolver, delegator } = isObject(params) ? params : ({} as DiscoverNetworkRequest);
    const profiles = this.get().profiles;
    const preview = await this.deps.discoverNetwork({
      beaconApi,
      ...(moreBeaconApis === undefined ? {} : { moreBeaconApis }),
      ...(executionRpc === undefined ? {} : { executionRpc }),
      ...(rollups === undefined ? {} : { rollups }),
      ...(routers === undefined ? {} : { routers }),
      ...(tokens === undefined ? {} : { tokens }),
      ...(priceFeeds === undefined ? {} : { priceFeeds }),
      ...(ensUniversalResolver === undefined ? {} : { ensUniversalResolver }),
      ...(delegator === undefined ? {} : { delegator }),
      // A built-in network's own beacon APIs confirm (or contradict) the new server's checkpoint.
      knownBeaconApis: Object.fromEntries(Object.keys(NETWORKS).map((id) => [id, profiles[id]?.beaconApis ?? []])),
    });
    // Said before the user confirms: the discovery knows the shipped networks, not the user's own.
    const taken = chainIdTaken(preview, identities(Object.values(profiles)));
    if (taken !== undefined) throw taken;
    return preview;
  }

  /** The devnet at the well-known local URL, or at `at` (what the user typed: a port or a local URL), if one runs (the popup offers it). */
  findLocalDevnet(at?: string): Promise<LocalDevnet | null> {
    return this.deps.findLocalDevnet?.(at) ?? Promise.resolve(null);
  }

  /** Saves a previewed network, checked again (it comes from the popup: ./preview.ts), as a profile and switches to it. */
  async addNetwork(preview: unknown): Promise<void> {
    // A preview is an object: never a saved network's id.
    if (typeof preview === 'string') throw new InputError('"preview" expected a network preview object');
    await this.setNetwork(preview, 'preview');
  }

  /** The settings form's edit of one network, checked and applied (./settings.ts applyEdit; the extension's app host runs it). */
  async saveProfile(edit: ProfileEdit): Promise<void> {
    const settings = await this.deps.applyEdit(this.get(), edit);
    await this.replace(settings, edit.id === this.get().current);
  }

  /**
   * What a built-in network's beacon APIs announced of the forks this release leaves open
   * (./announced-schedule.ts), kept with when they were asked; the network is followed again
   * when its schedule changed by it.
   */
  async setAnnouncedForks(id: string, forks: AnnouncedFork[], checkedAt: number): Promise<void> {
    const settings = this.get();
    const before = settings.profiles[id];
    if (before === undefined) return;
    const after = withShippedConfig({ ...before, announcedForks: { forks, checkedAt } });
    const moved = JSON.stringify(after.config) !== JSON.stringify(before.config);
    await this.replace({ ...settings, profiles: { ...settings.profiles, [id]: after } }, moved && id === settings.current);
  }

  /** The most a step signed with no window may cost (wei, decimal string); undefined: the default. */
  async setMaxUnattendedCost(wei: string | undefined): Promise<void> {
    const { maxUnattendedCost: _old, ...rest } = this.get();
    this.settings = wei === undefined ? rest : { ...rest, maxUnattendedCost: checkUnattendedCost(wei) };
    await this.deps.saveSettings(this.settings);
  }

  /** The most a step signed with no window may cost now (wei). */
  maxUnattendedCost(): bigint | undefined {
    const wei = this.settings?.maxUnattendedCost;
    return wei === undefined ? undefined : BigInt(wei);
  }

  /** How much less the user may receive at signing than the window showed (basis points); undefined: the default. */
  async setIncomingToleranceBps(bps: number | undefined): Promise<void> {
    const { incomingToleranceBps: _old, ...rest } = this.get();
    this.settings = bps === undefined ? rest : { ...rest, incomingToleranceBps: checkIncomingTolerance(bps) };
    await this.deps.saveSettings(this.settings);
  }

  incomingToleranceBps(): number | undefined {
    return this.settings?.incomingToleranceBps;
  }

  /** How long a batch's signed calls may still be sent after its approval (minutes); undefined: the default. */
  async setBatchExpiryMinutes(minutes: number | undefined): Promise<void> {
    const { batchExpiryMinutes: _old, ...rest } = this.get();
    this.settings = minutes === undefined ? rest : { ...rest, batchExpiryMinutes: checkBatchExpiry(minutes) };
    await this.deps.saveSettings(this.settings);
  }

  batchExpiryMinutes(): number | undefined {
    return this.settings?.batchExpiryMinutes;
  }

  async setOverrideWindowEthereum(value: boolean): Promise<void> {
    this.settings = { ...this.get(), overrideWindowEthereum: value === true };
    await this.deps.saveSettings(this.settings);
    await this.deps.announceInjection({ overrideWindowEthereum: this.settings.overrideWindowEthereum });
  }

  /** Pages see the rollup `chainId` of the current network (undefined: the network itself). */
  private async setActiveRollup(chainId: number | undefined): Promise<void> {
    const settings = { ...this.get() };
    if (chainId === undefined) delete settings.activeRollup;
    else settings.activeRollup = chainId;
    const before = this.visibleChainId();
    this.settings = settings;
    await this.deps.saveSettings(settings);
    await this.announce();
    const after = this.visibleChainId();
    if (after !== undefined && after !== before) this.deps.chainChanged('0x' + after.toString(16));
  }

  private async replace(settings: Settings, restart: boolean): Promise<void> {
    const before = this.visibleChainId();
    if (settings.activeRollup !== undefined && !rollupChainIds(settings.profiles[settings.current]!).includes(settings.activeRollup)) {
      settings = { ...settings };
      delete settings.activeRollup;
    }
    this.settings = settings;
    await this.deps.saveSettings(settings);
    if (!restart) return;
    await this.deps.stopFollowing();
    await this.announce();
    const after = this.visibleChainId()!;
    if (before !== after) this.deps.chainChanged('0x' + after.toString(16));
    this.deps.follow();
  }

  private async announce(): Promise<void> {
    const profile = this.current();
    const visible = this.visibleChainId();
    await this.deps.announceChain({ chainId: profile && visible !== undefined ? '0x' + visible.toString(16) : null, networkId: profile?.id ?? 'none' });
  }
}

/** Saved networks as ./chain-id-taken.ts compares them (one whose config no longer parses takes no chain id). */
function identities(profiles: readonly NetworkProfile[]): NamedChain[] {
  return profiles.flatMap((p) => {
    try {
      return [chainIdentity(p)];
    } catch {
      return [];
    }
  });
}
