/**
 * The background's state machine, free of browser APIs (they are injected), so it runs the same
 * in Chrome's service worker, Firefox's background page and Node tests.
 *
 * It owns the L1 sync loop of the current network (store in Dexie through `persistence`, decoded
 * sync-committee keys through `committeeKeys`), the provider's request handling, the settings,
 * and the status the popup shows. It is stopped
 * whenever the browser likes: `start()` on every wake-up resumes from the stored light-client
 * state (no new bootstrap while the checkpoint is unchanged).
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../core/bytes.ts';
import { errorSummary, InputError, VerificationError, VigilError } from '../core/errors.ts';
import { ExecutionRpc } from '../client/execution-rpc.ts';
import { L1Sync, type SyncEvent } from '../client/l1-sync.ts';
import type { CommitteeKeysPersistence } from '../client/committee-keys.ts';
import type { StorePersistence } from '../client/store-persistence.ts';
import { type ChainConfig, parseNetworkConfig, slotAtTime } from '../l1/config.ts';
import type { VerifiedHead } from '../l1/heads.ts';
import { ProviderRpcError, RpcErrorCode } from '../provider/errors.ts';
import { createRequestHandler, type L2Backend, type ProviderBackend, type ProviderRequest, type VerifiedHeadInfo } from '../provider/handler.ts';
import { OriginRegistry } from '../provider/origins.ts';
import type { InjectionConfig, PortEvent } from '../provider/page-protocol.ts';
import { PooledAccountReader } from '../provider/reads.ts';
import type { BeaconApi } from '../rpc/beacon.ts';
import { TransportError } from '../rpc/errors.ts';
import { PooledUpdateProcessor } from '../workers/lc-processor.ts';
import type { ExecutionTasks } from '../workers/execution-task-names.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import { blockEnvToJson } from '../execution/block-env.ts';
import { blockEnvAt } from '../client/execution-env.ts';
import { ExecutionService } from '../client/execution-service.ts';
import type { HeaderAnchor } from '../client/verified-headers.ts';
import type { ChainAnnouncement } from './messages.ts';
import { applyEdit, followedRollupConfigs, type NetworkProfile, normalizeUrls, type ProfileEdit, profileFromReady, rollupChainIds, type Settings } from './settings.ts';
import type { DiscoverNetworkRequest, NetworkPreview } from './network-preview.ts';
import { findLocalDevnet, type LocalDevnet } from '../client/local-devnet.ts';
import { discoverNetwork } from '../client/network-discovery.ts';
import { NETWORKS } from '../l1/networks.ts';
import { isObject } from '../core/json.ts';
import { livenessState } from '../l2/adapter.ts';
import type { ErrorView, HeadView, Status, SyncState } from './status.ts';
import { beaconApiFor } from '../client/beacon-api.ts';
import { nextBaseFee } from '../execution/fees.ts';
import { blockEnvFromJson } from '../execution/block-env.ts';
import type { WalletChain } from '../client/wallet-transactions.ts';
import type { WalletRepo } from '../storage/wallet.ts';
import type { ScryptParams } from '../wallet/vault.ts';
import { type SessionStore, WalletController } from './wallet-controller.ts';
import { RollupWatch } from '../client/rollup-watch.ts';
import { rollupSources } from '../client/rollup-sources.ts';
import type { L1HeadRef } from '../client/rollup-follower.ts';
import { parseRollup } from '../l2/registry.ts';
import type { L2TransferRepo } from '../storage/l2-transfers.ts';
import { L2Wallet } from './l2-wallet.ts';
import type { ExitRepo } from '../storage/exits.ts';
import { ExitService } from '../client/exits.ts';
import { indexerGet } from '../client/exit-plan-runner.ts';
import { verifiedChainSources } from '../client/escape-proof.ts';
import { isEvmRollup, rollupView } from './rollup-views.ts';

export interface Counters {
  bootstraps: number;
  resumes: number;
}

export interface ControllerDeps {
  loadSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<void>;
  loadCounters(): Promise<Counters>;
  saveCounters(counters: Counters): Promise<void>;
  persistence: StorePersistence;
  /** Decoded sync-committee keys kept across wake-ups. Default: not kept (decoded again). */
  committeeKeys?: CommitteeKeysPersistence;
  /** Verification tasks, and `evm.*` tasks for the execution worker. */
  runner: TaskRunner<VerifierTasks & ExecutionTasks>;
  /** Tells content scripts (through storage they watch) which chain is current. */
  announceChain(announcement: ChainAnnouncement): Promise<void>;
  announceInjection(config: InjectionConfig): Promise<void>;
  /** Sends an event to every connected page, or to the pages of `origin`. */
  broadcast(event: PortEvent, origin?: string): void;
  /** The wallet's tables; absent, the provider stays read-only (no accounts, no signing). */
  wallet?: {
    repo: WalletRepo;
    session: SessionStore;
    random(length: number): Uint8Array;
    openApproval(id: string): Promise<void>;
    scrypt?: ScryptParams;
    /** L2 transfers this wallet signed; with `l2Call`, the wallet works on followed rollups. */
    l2Transfers?: L2TransferRepo;
    l2Call?(url: string, method: string, params: unknown[]): Promise<unknown>;
    /** Forced exits of the followed rollups whose kind has an exit plan (src/client/exits.ts). */
    exits?: ExitRepo;
  };
  now?: () => number;
  /** Looks for the devnet at its well-known local URL. Default: findLocalDevnet (src/client/local-devnet.ts). */
  findLocalDevnet?: () => Promise<LocalDevnet | null>;
  /** Transport factory (tests pass a replay). Default: REST over the profile's endpoints, SSZ. */
  beaconApi?: (endpoints: string[], config: ChainConfig, signal: AbortSignal) => BeaconApi;
  /** Called after each sync event (keeps a service worker awake, tests observe). */
  onActivity?: () => void;
  /** A system notification (a followed rollup holding the user's funds stopped). */
  notify?(id: string, title: string, message: string): void;
}

const MAX_ERRORS = 12;
/** A status ask after this long without one is a popup opening (it polls every few seconds while open). */
const POPUP_OPENED_AFTER_MS = 30_000;
/** Network ids of followed rollups as the wallet's chain switch names them. */
const L2_NETWORK_PREFIX = 'l2:';
const MAX_RECENT_HEADS = 64;
/** Codes that are the normal weather of a live chain, not a server's lie. */
const WARNING_CODES = new Set([
  'LC_SIGNATURE_SLOT_IN_FUTURE',
  'LC_UNVERIFIABLE_PERIOD',
  'NOT_AVAILABLE',
  'TIMEOUT',
  'NETWORK',
  'HTTP_STATUS',
  'ALL_ENDPOINTS_FAILED',
  'STALE_HEAD',
  'NO_VERIFIED_HEAD',
  'BLOCK_NOT_VERIFIED',
]);

/** A head this old (or more) is stale for signing: ten slots, and never under a minute. */
const MIN_SIGNING_HEAD_AGE_SECONDS = 60;
const SIGNING_HEAD_AGE_SLOTS = 10;

export class BackgroundController {
  readonly origins: OriginRegistry;
  readonly wallet: WalletController | undefined;
  readonly l2Wallet: L2Wallet | undefined;
  readonly exits: ExitService | undefined;
  readonly handleRequest: (origin: string, request: ProviderRequest, requestKey?: string) => Promise<unknown>;
  private readonly now: () => number;
  private settings: Settings | undefined;
  private counters: Counters = { bootstraps: 0, resumes: 0 };
  private generation = 0;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private config: ChainConfig | undefined;
  private reader: PooledAccountReader | undefined;
  private execution: ExecutionService | undefined;
  private rollups: RollupWatch | undefined;
  private starting: Promise<void> | undefined;
  private readonly instanceStartedAt: number;
  private state: SyncState = 'starting';
  private period: Status['period'] = null;
  private finalized: HeadView | null = null;
  private optimistic: HeadView | null = null;
  private recent: HeadView[] = [];
  private stale: Status['stale'] = null;
  private errors: ErrorView[] = [];
  private checkpoint: Status['checkpoint'] = null;
  private lastInit: 'bootstrap' | 'resume' | null = null;

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? Date.now;
    this.instanceStartedAt = this.now();
    this.origins = new OriginRegistry(this.now);
    const backend: ProviderBackend = {
      chainId: () => this.currentProfile()?.chainId,
      l2: () => this.l2Backend(),
      verifiedHeads: () => ({
        finalized: this.finalized ?? undefined,
        optimistic: this.optimistic ?? undefined,
        recent: this.recent,
      }),
      readAccount: (request) => {
        if (!this.reader) {
          throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil has no execution RPC for this network yet: nothing can be proven');
        }
        return this.reader.read(request);
      },
      now: this.now,
      execution: () => this.execution,
      chain: () => this.execution?.chain,
      wallet: () => this.wallet,
      onVerificationFailure: (f) => {
        // The reader recorded the endpoint's lie a moment ago: add which page asked.
        const recent = this.errors.find((e) => e.source === 'read' && e.code === f.code && this.now() - e.at < 5000);
        if (recent) {
          recent.origin = f.origin;
          recent.method = f.method;
        } else {
          this.recordError({ source: 'read', code: f.code, message: f.message, origin: f.origin, method: f.method });
        }
      },
    };
    this.handleRequest = createRequestHandler(backend, this.origins);
    const w = deps.wallet;
    this.wallet = w
      ? new WalletController({
          repo: w.repo,
          session: w.session,
          random: w.random,
          now: this.now,
          openApproval: w.openApproval,
          chain: () => this.walletChain(),
          chainReader: () => this.execution?.chain,
          network: () => {
            const p = this.currentProfile();
            return p ? { id: p.id, chainId: p.chainId, name: p.label } : undefined;
          },
          networkForChain: (chainId) => {
            const profile = this.currentProfile();
            if (profile && rollupChainIds(profile).some((id) => BigInt(id) === chainId)) return `${L2_NETWORK_PREFIX}${chainId}`;
            return Object.values(this.settings?.profiles ?? {}).find((p) => BigInt(p.chainId) === chainId && p.beaconApis.length > 0)?.id;
          },
          switchNetwork: async (id) => {
            if (id.startsWith(L2_NETWORK_PREFIX)) await this.setActiveRollup(Number(id.slice(L2_NETWORK_PREFIX.length)));
            else if (id === this.settings?.current) await this.setActiveRollup(undefined);
            else await this.setNetwork(id);
          },
          activeChainId: () => this.settings?.activeRollup,
          emit: (event, origin) => this.deps.broadcast(event, origin),
          ...(w.scrypt ? { scrypt: w.scrypt } : {}),
        })
      : undefined;
    const wallet = this.wallet;
    this.l2Wallet =
      wallet && w?.l2Transfers && w.l2Call
        ? new L2Wallet({
            rollups: () => this.rollups,
            newestHead: () => headRef(this.optimistic ?? this.finalized),
            addresses: () => wallet.unlockedAddresses(),
            l2Key: (address, chainId) => wallet.l2Key(address, chainId),
            send: (params) => wallet.send(params),
            l2Call: w.l2Call,
            transfers: w.l2Transfers,
            now: this.now,
          })
        : undefined;
    this.exits =
      wallet && w?.exits
        ? new ExitService({
            rollups: () => this.rollups,
            newestHead: () => headRef(this.optimistic ?? this.finalized),
            networkId: () => this.currentProfile()?.id,
            repo: w.exits,
            receipt: async (hash) => {
              const chain = this.execution?.chain;
              if (!chain) return null;
              // blockHash and each log's logIndex: OP names its deposit's L2 transaction by them.
              const r = (await chain.getTransactionReceipt(hexToBytes(hash, 32, 'hash'))) as { status: string; blockNumber: string; blockHash?: string; logs: { address: string; topics: string[]; data: string; logIndex?: string }[] } | null;
              return r === null ? null : { status: r.status, blockNumber: r.blockNumber, ...(typeof r.blockHash === 'string' ? { blockHash: r.blockHash } : {}), logs: r.logs };
            },
            sign: (tx) => wallet.signOwn(tx),
            signL2: (from, tx) => wallet.signL2Own(from, tx),
            broadcast: (raw) => wallet.broadcastOwn(raw),
            httpGet: indexerGet,
            baseFeePerGas: (ref) => {
              const env = this.heldHead(ref.blockHash)?.env;
              return env === undefined ? undefined : blockEnvFromJson(env).baseFeePerGas;
            },
            // The L2 RPC's account proof when it hashes to the root L1 holds; else the L2 state rebuilt from L1's calldata.
            l1History: () => (this.execution?.chain ? verifiedChainSources(this.execution.chain) : undefined),
            now: this.now,
          })
        : undefined;
  }

  /** A verified head still held (newest, finalized or recent), by its block hash. */
  private heldHead(blockHash: string): HeadView | undefined {
    return [this.optimistic, this.finalized, ...this.recent].find((h): h is HeadView => h !== null && h.blockHash === blockHash);
  }

  /** The provider's view of the rollups: which chain pages see, and proven L2 balances. */
  private l2Backend(): L2Backend | undefined {
    const profile = this.currentProfile();
    if (!profile || rollupChainIds(profile).length === 0) return undefined;
    const active = this.settings?.activeRollup;
    return {
      active,
      has: (chainId) => rollupChainIds(profile).includes(chainId),
      exits: async (owners) => (this.exits ? this.exits.list(owners.map((o) => o.toLowerCase())) : []),
      acceptedBatch: async (chainId) => {
        const ref = headRef(this.optimistic ?? this.finalized);
        if (!this.rollups || !ref) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil has no verified L1 head and execution RPC to read the rollup from yet');
        return Number((await this.rollups.at(chainId, ref)).accepted.batch);
      },
      balance: async (chainId, address) => {
        const watch = this.rollups;
        const info = this.optimistic ?? this.finalized;
        const ref = headRef(info);
        if (!watch || !info || !ref) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil has no verified L1 head and execution RPC to read the rollup from yet');
        const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === chainId);
        if (snapshot && isEvmRollup(snapshot.rollup)) {
          // The same address on the L2, proven against the state root L1 accepted (once per root).
          const { identity } = snapshot.rollup;
          const { followed, account } = await watch.evmAccount(chainId, ref, address);
          return {
            balance: bigIntToHex(account.account.balance),
            nonce: bigIntToHex(account.account.nonce),
            chainId: bigIntToHex(BigInt(chainId)),
            address: address.toLowerCase(),
            l2: {
              name: identity.name,
              kind: snapshot.rollup.adapter.kind,
              batch: Number(followed.accepted.batch),
              status: followed.accepted.status,
              root: bigIntToHex(followed.accepted.root),
              acceptedAt: Number(followed.accepted.acceptedAt),
              batchAgeSeconds: followed.liveness.lastBatchAgeSeconds,
              liveness: livenessState(followed.liveness, identity.liveness),
              proof: followed.proof,
            },
            // The L1 head the rollup's contracts were proven at (a lower-rate follow: maybe older than the newest head).
            l1: l1Provenance(profile.chainId, followed.at, this.heldHead(followed.at.blockHash)),
            verifiedAt: this.now(),
          };
        }
        const { followed, proven } = await watch.account(chainId, ref, { owner: address });
        const identity = watch.identities().find((i) => i.chainId === chainId)!;
        if (!proven) throw new VerificationError('L2_ACCOUNT_MISSING', `${address} has no L2 account on ${identity.name} (the L2 RPC knows none; an absence Vigil cannot prove)`);
        const now = this.now();
        return {
          balance: bigIntToHex(proven.account.balance),
          nonce: bigIntToHex(proven.account.nonce),
          chainId: bigIntToHex(BigInt(chainId)),
          index: proven.index,
          l2: {
            name: identity.name,
            batch: Number(followed.accepted.batch),
            root: bigIntToHex(followed.accepted.root),
            acceptedAt: Number(followed.accepted.acceptedAt),
            batchAgeSeconds: followed.liveness.lastBatchAgeSeconds,
            liveness: livenessState(followed.liveness, identity.liveness),
            proof: followed.proof,
          },
          l1: { chainId: bigIntToHex(BigInt(profile.chainId)), blockNumber: info.blockNumber, blockHash: info.blockHash, stateRoot: info.stateRoot, beaconSlot: info.slot, finalized: info.finalized },
          verifiedAt: now,
        };
      },
    };
  }

  /** Pages see the rollup `chainId` of the current network (undefined: the network itself). */
  private async setActiveRollup(chainId: number | undefined): Promise<void> {
    const settings = { ...this.settings! };
    if (chainId === undefined) delete settings.activeRollup;
    else settings.activeRollup = chainId;
    const before = this.visibleChainId();
    this.settings = settings;
    await this.deps.saveSettings(settings);
    await this.announce();
    const after = this.visibleChainId();
    if (after !== undefined && after !== before) this.deps.broadcast({ event: 'chainChanged', data: '0x' + after.toString(16) });
  }

  /** The chain id pages see. */
  private visibleChainId(): number | undefined {
    return this.settings?.activeRollup ?? this.currentProfile()?.chainId;
  }

  /** The rollups of the current network, read at the newest verified head. */
  rollupWatch(): RollupWatch | undefined {
    return this.rollups;
  }

  /** The verified chain as the wallet signs against it: the newest head, proofs, estimates. */
  private walletChain(): WalletChain | undefined {
    const profile = this.currentProfile();
    const execution = this.execution;
    const reader = this.reader;
    if (!profile || !execution || !reader || !this.config) return undefined;
    const secondsPerSlot = this.config.secondsPerSlot;
    return {
      network: {
        chainId: BigInt(profile.chainId),
        name: profile.label,
        maxHeadAgeSeconds: Math.max(MIN_SIGNING_HEAD_AGE_SECONDS, SIGNING_HEAD_AGE_SLOTS * secondsPerSlot),
      },
      newestHead: () => {
        const h = this.optimistic ?? this.finalized;
        if (!h || h.env === undefined || h.nextBaseFee === undefined) return undefined;
        return {
          head: { blockNumber: BigInt(h.blockNumber), blockHash: h.blockHash, timestamp: BigInt(h.timestamp) },
          env: blockEnvFromJson(h.env),
          nextBaseFee: BigInt(h.nextBaseFee),
        };
      },
      proveAccount: async (address, at) => {
        const info = this.heldHead(at.head.blockHash);
        if (!info) throw new InputError('the head to prove at is no longer held');
        const proven = await reader.read({ head: info, address: address.toLowerCase(), storageKeys: [], code: false });
        return { address, nonce: BigInt(proven.nonce), balance: BigInt(proven.balance), blockNumber: at.head.blockNumber, blockHash: at.head.blockHash };
      },
      execution,
    };
  }

  /** Loads settings and starts (or resumes) following the current network. Idempotent. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.settings = await this.deps.loadSettings();
      this.counters = await this.deps.loadCounters();
      await this.deps.announceInjection({ overrideWindowEthereum: this.settings.overrideWindowEthereum });
      await this.announce();
      this.follow();
    })();
    // A failed start (the database would not open) is tried again on the next wake-up.
    this.starting.catch(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Called on alarms and wake-ups: restarts the loop if it is not running. */
  async ensureRunning(): Promise<void> {
    await this.start();
    if (!this.running) this.follow();
  }

  /** `vigil:setNetwork`: the devnet's ready object, or the id of a configured network. */
  async setNetwork(network: unknown): Promise<Status> {
    await this.start();
    let settings = this.settings!;
    if (typeof network === 'string') {
      if (!settings.profiles[network]) throw new InputError(`unknown network "${network.slice(0, 40)}"`);
      settings = { ...settings, current: network };
    } else {
      const profile = profileFromReady(network);
      settings = { ...settings, current: profile.id, profiles: { ...settings.profiles, [profile.id]: profile } };
    }
    await this.replaceSettings(settings, true);
    return this.status();
  }

  /** "Add network": reads and checks the network a beacon API serves (and an execution RPC against it); saves nothing. */
  async discoverNetwork(params: DiscoverNetworkRequest): Promise<NetworkPreview> {
    await this.start();
    const { beaconApi, moreBeaconApis, executionRpc, rollups } = isObject(params) ? params : ({} as DiscoverNetworkRequest);
    const profiles = this.settings!.profiles;
    return discoverNetwork({
      beaconApi,
      ...(moreBeaconApis === undefined ? {} : { moreBeaconApis }),
      ...(executionRpc === undefined ? {} : { executionRpc }),
      ...(rollups === undefined ? {} : { rollups }),
      // A built-in network's own beacon APIs confirm (or contradict) the new server's checkpoint.
      knownBeaconApis: (id) => (id in NETWORKS ? (profiles[id]?.beaconApis ?? []) : []),
      now: this.now,
    });
  }

  /** The devnet at the well-known local URL, if one runs (the popup offers it). */
  findLocalDevnet(): Promise<LocalDevnet | null> {
    return (this.deps.findLocalDevnet ?? findLocalDevnet)();
  }

  /** Saves a previewed network, checked again (it comes from the popup), as a profile and switches to it. */
  async addNetwork(preview: unknown): Promise<Status> {
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
    return this.setNetwork({
      network: preview.network,
      chainId: preview.chainId,
      beaconApis,
      executionRpcs,
      // Checked again by the profile's parser (kind, L1 chain, distinct chain ids).
      ...(rollups.length > 0 ? { rollups: rollups.map((r) => (r as { config: unknown }).config) } : {}),
      ...(checkpoint === undefined ? {} : { checkpoint }),
      ...(typeof preview.label === 'string' && preview.label.trim() !== '' ? { label: preview.label.trim().slice(0, 80) } : {}),
    });
  }

  async saveProfile(edit: ProfileEdit): Promise<Status> {
    await this.start();
    const settings = applyEdit(this.settings!, edit);
    await this.replaceSettings(settings, edit.id === this.settings!.current);
    return this.status();
  }

  async setOverrideWindowEthereum(value: boolean): Promise<Status> {
    await this.start();
    this.settings = { ...this.settings!, overrideWindowEthereum: value === true };
    await this.deps.saveSettings(this.settings);
    await this.deps.announceInjection({ overrideWindowEthereum: this.settings.overrideWindowEthereum });
    return this.status();
  }

  async getSettings(): Promise<Settings> {
    await this.start();
    return this.settings!;
  }

  /** Runs a no-op task on the verifier pool: which hash and BLS backends the workers use. */
  pingVerifier(): Promise<{ hash: string; bls: string }> {
    return this.deps.runner.run('ping', null, { timeoutMs: 20_000 });
  }

  /** Stops the loop (tests; a background about to be replaced). */
  async stop(): Promise<void> {
    this.generation++;
    this.abort?.abort();
    await this.running;
  }

  status(): Status {
    const profile = this.currentProfile();
    const config = this.config;
    const now = this.now();
    // The popup polls the status while open: the first poll after a pause is the popup opening,
    // and real rollups (followed every 10–15 min) are read again then, on demand.
    if (now - this.statusAskedAt > POPUP_OPENED_AFTER_MS) this.followRollupsNow();
    this.statusAskedAt = now;
    return {
      network: {
        id: profile?.id ?? 'none',
        label: profile?.label ?? 'No network',
        chainId: profile?.chainId ?? 0,
        preset: config?.preset.name ?? 'mainnet',
        secondsPerSlot: config?.secondsPerSlot ?? 12,
        beaconApis: profile?.beaconApis ?? [],
        executionRpcs: profile?.executionRpcs ?? [],
        checkpoint: profile?.checkpoint ?? null,
      },
      state: this.state,
      period: this.period,
      finalized: this.finalized,
      optimistic: this.optimistic,
      currentSlot: config ? Number(slotAtTime(config, now / 1000)) : 0,
      stale: this.stale,
      errors: this.errors.map((e) => ({ ...e })),
      checkpoint: this.checkpoint,
      lifecycle: { instanceStartedAt: this.instanceStartedAt, ...this.counters, lastInit: this.lastInit },
      rollups: this.rollups?.snapshots().map((s) => rollupView(s, this.ownPending.get(s.rollup.identity.chainId))) ?? [],
      overrideWindowEthereum: this.settings?.overrideWindowEthereum ?? false,
      now,
    };
  }

  /** The block environment of a head for calls; none for a head before the merge or an unknown fork. */
  private envOf(head: VerifiedHead) {
    const profile = this.currentProfile();
    if (!this.config || !profile) return undefined;
    try {
      return blockEnvToJson(blockEnvAt(head, this.config, BigInt(profile.chainId)));
    } catch {
      return undefined;
    }
  }

  private currentProfile(): NetworkProfile | undefined {
    return this.settings?.profiles[this.settings.current];
  }

  private async replaceSettings(settings: Settings, restart: boolean): Promise<void> {
    const before = this.visibleChainId();
    if (settings.activeRollup !== undefined && !rollupChainIds(settings.profiles[settings.current]!).includes(settings.activeRollup)) {
      settings = { ...settings };
      delete settings.activeRollup;
    }
    this.settings = settings;
    await this.deps.saveSettings(settings);
    if (!restart) return;
    await this.stop();
    this.resetChainState();
    await this.announce();
    const after = this.visibleChainId()!;
    if (before !== after) this.deps.broadcast({ event: 'chainChanged', data: '0x' + after.toString(16) });
    this.follow();
  }

  private resetChainState(): void {
    this.reader = undefined;
    this.execution = undefined;
    this.rollups = undefined;
    this.config = undefined;
    this.period = null;
    this.finalized = null;
    this.optimistic = null;
    this.recent = [];
    this.stale = null;
    this.errors = [];
    this.checkpoint = null;
    this.lastInit = null;
    this.state = 'starting';
  }

  private async announce(): Promise<void> {
    const profile = this.currentProfile();
    const visible = this.visibleChainId();
    await this.deps.announceChain({ chainId: profile && visible !== undefined ? '0x' + visible.toString(16) : null, networkId: profile?.id ?? 'none' });
  }

  /** Starts the loop for the current profile, retrying with backoff until stopped. */
  private follow(): void {
    const profile = this.currentProfile();
    if (!profile) return;
    const generation = ++this.generation;
    const abort = new AbortController();
    this.abort = abort;
    this.running = this.loop(profile, generation, abort.signal).finally(() => {
      if (this.generation === generation) this.running = undefined;
    });
  }

  private async loop(profile: NetworkProfile, generation: number, signal: AbortSignal): Promise<void> {
    let config: ChainConfig;
    try {
      config = parseNetworkConfig(profile.config);
    } catch (err) {
      this.state = 'error';
      this.recordError({ source: 'settings', ...describeError(err) });
      return;
    }
    this.config = config;
    const onRejected = (err: VigilError, endpoint: string) => this.recordError({ source: 'read', ...describeError(err), endpoint });
    if (profile.executionRpcs.length > 0) {
      const rpc = new ExecutionRpc({ endpoints: profile.executionRpcs, signal });
      this.reader = new PooledAccountReader(rpc, this.deps.runner, { onRejected });
      this.execution = new ExecutionService({
        config,
        rpc,
        executor: { step: (task) => this.deps.runner.run('evm.step', task, { timeoutMs: 60_000, signal }) },
        anchors: () => ({ latest: anchor(this.optimistic), finalized: anchor(this.finalized), recent: this.recent.map(anchor).filter((a) => a !== undefined) }),
        onRejected,
      });
      this.rollups = this.watchRollups(profile, rpc, signal, onRejected);
    } else {
      this.reader = undefined;
      this.execution = undefined;
      this.rollups = undefined;
    }
    if (profile.beaconApis.length === 0) {
      this.state = 'unconfigured';
      return;
    }
    const makeApi = this.deps.beaconApi ?? restApi;
    let backoffMs = 2000;
    while (this.generation === generation && !signal.aborted) {
      this.state = 'starting';
      const sync = new L1Sync({
        network: profile.id,
        config,
        api: makeApi(profile.beaconApis, config, signal),
        checkpointSources: profile.beaconApis.map((e) => makeApi([e], config, signal)),
        persistence: this.deps.persistence,
        ...(this.deps.committeeKeys !== undefined ? { committeeKeys: this.deps.committeeKeys } : {}),
        // BLS checks and Merkle branches of every update run in the worker pool.
        processor: new PooledUpdateProcessor(this.deps.runner, profile.config),
        allowOldCheckpoint: profile.allowOldCheckpoint ?? false,
        now: this.now,
        onEvent: (e) => {
          if (this.generation === generation) this.onSyncEvent(e);
        },
        ...(profile.checkpoint !== undefined ? { checkpoint: profile.checkpoint } : {}),
      });
      try {
        this.state = 'bootstrapping';
        await sync.run(signal);
        return; // run() returns only when stopped
      } catch (err) {
        if (signal.aborted || this.generation !== generation) return;
        this.state = 'error';
        this.recordError({ source: 'sync', ...describeError(err) });
      }
      await sleep(backoffMs, signal);
      backoffMs = Math.min(backoffMs * 2, 60_000);
    }
  }

  /**
   * The profile's rollups, followed with L1 storage proven in the worker pool at the verified
   * head the follower names, the commit transactions proven through their blocks, and each
   * batch's validity proof re-verified in a worker. A config that no longer parses is reported,
   * never followed.
   */
  private watchRollups(profile: NetworkProfile, rpc: ExecutionRpc, signal: AbortSignal, onRejected: (err: VigilError, endpoint: string) => void): RollupWatch | undefined {
    const parsed = [];
    // The user's own configs, then the rollups Vigil ships that the profile keeps on.
    for (const json of followedRollupConfigs(profile)) {
      try {
        parsed.push(parseRollup(json));
      } catch (err) {
        this.recordError({ source: 'settings', ...describeError(err) });
      }
    }
    const reader = this.reader;
    const chain = this.execution?.chain;
    if (parsed.length === 0 || !reader || !chain) return undefined;
    return new RollupWatch({
      rollups: parsed,
      now: this.now,
      sources: (rollup) =>
        rollupSources({
          rpc,
          chain,
          l2Rpc: rollup.identity.l2Rpc,
          readStorage: async (ref, address, keys) => {
            const head = this.heldHead(ref.blockHash);
            if (!head) throw new InputError('the L1 head the rollup is read at is no longer held');
            const proven = await reader.read({ head, address: address.toLowerCase(), storageKeys: keys, code: false });
            return { codeHash: proven.codeHash, storage: new Map(proven.storage.map((s) => [s.key, BigInt(s.value)])) };
          },
          verifyProof: async (check) => (await this.deps.runner.run('zk.verify', check, { timeoutMs: 120_000, signal })).valid,
          onRejected,
        }),
    });
  }

  private onSyncEvent(e: SyncEvent): void {
    const now = this.now();
    switch (e.type) {
      case 'checkpoint': {
        this.checkpoint = { root: e.root, source: e.source, at: now, origin: e.origin };
        this.lastInit = e.source === 'stored' ? 'resume' : 'bootstrap';
        if (e.source === 'stored') this.counters.resumes++;
        else this.counters.bootstraps++;
        void this.deps.saveCounters({ ...this.counters });
        break;
      }
      case 'head': {
        const view = headView(e.head, e.kind === 'finalized', now, this.envOf(e.head));
        if (e.kind === 'finalized') this.finalized = view;
        else this.optimistic = view;
        this.recent = [view, ...this.recent.filter((h) => h.blockHash !== view.blockHash)].slice(0, MAX_RECENT_HEADS);
        this.stale = null;
        if (this.state !== 'catching-up') this.state = 'synced';
        // A new verified block may hold a receipt the activity waits for.
        if (e.kind !== 'finalized') {
          void this.wallet?.trackActivity().catch(() => {});
          this.followRollups(view);
        }
        break;
      }
      case 'progress': {
        const start = this.period?.catchingUp ? this.period.start : e.period;
        this.period = { current: e.period, head: e.headPeriod, start: Math.min(start, e.period), catchingUp: e.catchingUp, updatesVerified: e.updatesVerified };
        this.state = e.catchingUp ? 'catching-up' : this.stale ? 'stale' : 'synced';
        break;
      }
      case 'stale':
        this.stale = { slotsWithoutNewHead: e.slotsWithoutNewHead, lastHeadSlot: e.lastHeadSlot, since: now };
        this.state = 'stale';
        this.recordError({
          source: 'sync',
          code: 'STALE_HEAD',
          message: `${e.slotsWithoutNewHead} slots without a new verified head, the last at slot ${e.lastHeadSlot}`,
        });
        break;
      case 'rejected':
        this.recordError({ source: 'sync', ...describeError(e.error), ...(e.endpoint ? { endpoint: e.endpoint } : {}) });
        break;
      case 'saved':
        break;
    }
    this.deps.onActivity?.();
  }

  /** When the status was last asked (ms): see {@link status}. */
  private statusAskedAt = Number.NEGATIVE_INFINITY;

  /** Reads every rollup at the newest verified head now (RollupWatch throttles repeats within a minute). */
  private followRollupsNow(): void {
    const watch = this.rollups;
    const ref = headRef(this.optimistic ?? this.finalized);
    if (!watch || !ref) return;
    void watch.refresh(ref, { eager: true }).catch(() => {});
  }

  /** Reads the rollups at a new head (one read at a time: a slow proof skips heads, never piles up). */
  private followingRollups = false;
  private followRollups(head: HeadView): void {
    const watch = this.rollups;
    const ref = headRef(head);
    if (!watch || !ref || this.followingRollups) return;
    this.followingRollups = true;
    void watch
      .refresh(ref)
      .then(() => Promise.all([this.l2Wallet?.track().then(() => this.noteOwnPending()), this.exits?.tick()]))
      .then(() => this.warnStalled(watch))
      .catch(() => {})
      .finally(() => {
        this.followingRollups = false;
      });
  }

  /** Per rollup, when (seconds) the oldest of the wallet's L2 transfers still waiting for a verified batch was sent. */
  private ownPending = new Map<number, number>();

  private async noteOwnPending(): Promise<void> {
    const waiting = new Map<number, number>();
    for (const t of (await this.l2Wallet?.transfers()) ?? []) {
      if (t.status !== 'submitted') continue;
      const at = Math.floor(t.createdAt / 1000);
      waiting.set(t.rollupChainId, Math.min(waiting.get(t.rollupChainId) ?? at, at));
    }
    this.ownPending = waiting;
  }

  /** Liveness last seen per rollup: a notification goes out when one turns stalled or frozen. */
  private readonly livenessSeen = new Map<number, string>();

  /** Notifies once when a followed rollup where a wallet account holds a proven balance turns stalled or frozen. */
  private async warnStalled(watch: RollupWatch): Promise<void> {
    for (const view of watch.snapshots().map((s) => rollupView(s, this.ownPending.get(s.rollup.identity.chainId)))) {
      const before = this.livenessSeen.get(view.chainId);
      if (view.liveness === null) continue;
      this.livenessSeen.set(view.chainId, view.liveness);
      if (view.liveness === before || (view.liveness !== 'stalled' && view.liveness !== 'frozen') || !this.deps.notify || !this.l2Wallet) continue;
      const held = (await this.l2Wallet.accounts()).filter((a) => a.rollupChainId === view.chainId && a.balance !== null && BigInt(a.balance) > 0n);
      if (held.length === 0) continue;
      const facts = view.facts!;
      this.deps.notify(
        `vigil-rollup-${view.chainId}`,
        `${view.name} is ${view.liveness}`,
        view.liveness === 'frozen'
          ? 'Its L1 contract is frozen: open Vigil to escape your funds to L1.'
          : `No batch for ${facts.lastBatchAgeSeconds} s (proven on L1). Open Vigil: Wallet → Exit to L1 gets your funds back.`,
      );
    }
  }

  private recordError(e: Omit<ErrorView, 'at' | 'severity'> & { severity?: ErrorView['severity'] }): void {
    const entry: ErrorView = { ...e, severity: e.severity ?? (WARNING_CODES.has(e.code) ? 'warning' : 'error'), at: this.now() };
    // The same complaint again (every slot, every request) is one entry, refreshed and moved up.
    const same = this.errors.findIndex((e) => e.code === entry.code && e.endpoint === entry.endpoint && e.source === entry.source);
    const previous = same >= 0 ? this.errors[same] : undefined;
    if (previous) {
      entry.origin ??= previous.origin;
      entry.method ??= previous.method;
    }
    this.errors = [entry, ...this.errors.filter((_, i) => i !== same)].slice(0, MAX_ERRORS);
  }
}

function restApi(endpoints: string[], config: ChainConfig, signal: AbortSignal): BeaconApi {
  return beaconApiFor(config, endpoints, { timeoutMs: 10_000, retries: 1, signal });
}

export function headView(head: VerifiedHead, finalized: boolean, verifiedAt: number, env?: VerifiedHeadInfo['env']): HeadView {
  const info: VerifiedHeadInfo = {
    slot: Number(head.slot),
    beaconRoot: bytesToHex(head.root),
    blockNumber: Number(head.execution.blockNumber),
    blockHash: bytesToHex(head.execution.blockHash),
    stateRoot: bytesToHex(head.execution.stateRoot),
    timestamp: Number(head.execution.timestamp),
    finalized,
    ...(env !== undefined ? { env } : {}),
  };
  const x = head.execution;
  if (x.baseFeePerGas !== undefined) {
    info.nextBaseFee = '0x' + nextBaseFee({ gasUsed: x.gasUsed, gasLimit: x.gasLimit, baseFeePerGas: x.baseFeePerGas }).toString(16);
  }
  return { ...info, verifiedAt };
}

/** The L1 head an L2 value was proven at, as the provider reports it (beacon slot and finality when that head is still held). */
function l1Provenance(l1ChainId: number, at: L1HeadRef, held: HeadView | undefined): { chainId: string; blockNumber: number; blockHash: string; stateRoot: string; beaconSlot: number; finalized: boolean } {
  return { chainId: bigIntToHex(BigInt(l1ChainId)), blockNumber: Number(at.blockNumber), blockHash: at.blockHash, stateRoot: at.stateRoot, beaconSlot: held?.slot ?? 0, finalized: held?.finalized ?? false };
}

/** A head as the rollup follower reads at it. */
function headRef(head: HeadView | null | undefined): L1HeadRef | undefined {
  return head ? { blockNumber: BigInt(head.blockNumber), blockHash: head.blockHash, stateRoot: head.stateRoot, timestamp: BigInt(head.timestamp) } : undefined;
}

/** A head as an anchor of the header chain (blocks are verified by linking down from it). */
function anchor(head: HeadView | null | undefined): HeaderAnchor | undefined {
  return head ? { blockNumber: BigInt(head.blockNumber), blockHash: hexToBytes(head.blockHash, 32) } : undefined;
}

function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof TransportError) {
    const first = err.errors[0];
    return { code: err.code, message: first ? `${err.shortMessage} (${first.url ?? ''}: ${first.shortMessage})` : err.shortMessage };
  }
  return errorSummary(err);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
