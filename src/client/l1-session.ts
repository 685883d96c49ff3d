/**
 * The L1 session: the light client of the current network, followed in a loop that retries with
 * backoff (BLS checks and Merkle branches in the worker pool, the store in Dexie through
 * `persistence`, decoded committee keys through `committeeKeys`), the heads it verified, and what
 * rests on them for that network: proven account reads, the verified chain for calls and
 * transactions (the followed rollups stand on its heads beside it: ./rollups/session.ts). Free of browser APIs (injected), so it runs the same in
 * Chrome's service worker, Firefox's background page and Node tests.
 *
 * It is stopped whenever the browser likes: `start()` on every wake-up resumes from the stored
 * light-client state (no new bootstrap while the checkpoint is unchanged).
 * @module
 */
import { sleep } from '../core/sleep.ts';
import { VerificationError, type VigilError } from '../core/errors.ts';
import { blockEnvToJson } from '../execution/block-env.ts';
import { type ChainConfig, parseNetworkConfig, slotAtTime } from '../l1/config.ts';
import { type AnnouncedFork, hasOpenFork } from '../l1/announced-forks.ts';
import type { VerifiedBlockHashHead, VerifiedHead } from '../l1/heads.ts';
import { NETWORKS } from '../l1/networks.ts';
import type { BeaconApi } from '../rpc/beacon.ts';
import type { ExecutionTasks } from '../workers/execution-task-names.ts';
import { PooledUpdateProcessor } from '../workers/lc-processor.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import { signingHeadAgeSeconds } from '../wallet/policy.ts';
import type { ActivityReader } from './wallet/activity.ts';
import { activityReader } from './wallet/activity-reader.ts';
import { beaconApiFor } from './light-client/beacon-api.ts';
import { isDefaultNetwork } from './network/default-endpoints.ts';
import type { CommitteeKeysPersistence } from './light-client/committee-keys.ts';
import { blockEnvAt } from './verified/execution-env.ts';
import { type ExecutionFees, type ExecutionReader, executionReader } from './verified/execution-reader.ts';
import { ExecutionRpc } from './verified/execution-rpc.ts';
import { HeadWaiters } from './light-client/head-waiters.ts';
import { ExecutionService, type ExecutionServiceOptions } from './verified/execution-service.ts';
import { L1Sync } from './light-client/sync.ts';
import { NetworkSettings, type NetworkSettingsDeps } from './network/network-settings.ts';
import { type Counters, describeError, type HeadView, SessionStatus, type SessionStatusView, weakSubjectivityView } from './light-client/session-status.ts';
import type { L1Snapshot } from './rollups/session.ts';
import type { NetworkProfile } from './network/settings.ts';
import type { StorePersistence } from './light-client/store-persistence.ts';
import { anchorsOf } from './verified/headers.ts';
import type { AccountReader } from './verified/reads.ts';
import { walletChainOf } from './wallet/chain.ts';
import type { WalletChain } from './wallet/transactions.ts';
import type { CallRunnerFactory } from './verified/execution.ts';

type EndpointRejected = (err: VigilError, endpoint: string) => void;

/** How often a built-in network's beacon APIs are asked for the forks they announce: six hours. */
const SCHEDULE_CHECK_MS = 6 * 3600 * 1000;

/**
 * What the session builds on a network with an execution RPC: one execution service, with the
 * wallet's own reads in its first lane and the pages' in the other (the same endpoints in the
 * scheduler's page lane, so a page's reads never queue the wallet's; the same verified caches, so
 * nothing one lane proved is asked again by the other).
 */
export interface NetworkServices {
  rpc: ExecutionRpc;
  reader: AccountReader;
  execution: ExecutionService;
  /** The wallet's calls, broadcast and fees (its `execution` with the fees `L1SessionDeps.fees` reads). */
  wallet: ExecutionReader;
  pages: { reader: AccountReader; execution: ExecutionReader };
}

export interface L1SessionDeps extends Pick<NetworkSettingsDeps, 'loadSettings' | 'saveSettings' | 'announceChain' | 'announceInjection' | 'chainChanged' | 'findLocalDevnet' | 'checkRollupConfigs' | 'discoverNetwork' | 'profileOf' | 'applyEdit'> {
  loadCounters(): Promise<Counters>;
  saveCounters(counters: Counters): Promise<void>;
  persistence: StorePersistence;
  /** Decoded sync-committee keys kept across wake-ups. Default: not kept (decoded again). */
  committeeKeys?: CommitteeKeysPersistence;
  /** Verification tasks, and `evm.*` tasks for the execution worker. */
  runner: TaskRunner<VerifierTasks & ExecutionTasks>;
  /** The proven account reader over a network's execution RPCs, its proofs checked in `runner`. */
  accountReader(rpc: ExecutionRpc, runner: TaskRunner<VerifierTasks>, onRejected: EndpointRejected): AccountReader;
  /**
   * Where a network's verified calls run (./verified/execution.ts localCalls over `runner`'s
   * execution worker; the extension's service worker hands them to its app host, beside that worker).
   */
  calls(runner: TaskRunner<VerifierTasks & ExecutionTasks>, signal: AbortSignal): CallRunnerFactory;
  /**
   * Where a lane's fees are read from verified blocks (src/client/verified/chain-execution.ts): the
   * extension's service worker asks its app host, where those blocks' reads run; tests build a
   * ChainExecutionService (`execution`) and read them from the lane itself.
   */
  fees(execution: ExecutionService, lane: 'wallet' | 'pages'): ExecutionFees;
  /** The network's execution service. Default: the plain one (blocks and receipts, what a wake needs). */
  execution?(options: ExecutionServiceOptions): ExecutionService;
  now?: () => number;
  /** Transport factory (tests pass a replay). Default: REST over the profile's endpoints, SSZ. */
  beaconApi?: (endpoints: string[], config: ChainConfig, signal: AbortSignal) => BeaconApi;
  /**
   * Asks a built-in network's beacon APIs which fork epochs they announce that this release leaves
   * open (./network/announced-schedule.ts; the extension's app host runs it). Absent: the shipped schedule only.
   */
  announcedSchedule?(id: string, beaconApis: string[]): Promise<AnnouncedFork[]>;
  /** Called after each sync event (keeps a service worker awake, tests observe). */
  onActivity?: () => void;
  /** A new newest head (not a finalized one): what waits on new blocks follows it. */
  onHead?(head: HeadView): void;
}

export class L1Session {
  readonly settings: NetworkSettings;
  readonly board: SessionStatus;
  readonly now: () => number;
  private generation = 0;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private chainConfig: ChainConfig | undefined;
  private services: NetworkServices | undefined;
  /** Callers waiting for a verified head (whenHead, whenBlock): each checks the head it is woken for. */
  private readonly headWaiters = new HeadWaiters();

  constructor(private readonly deps: L1SessionDeps) {
    this.now = deps.now ?? Date.now;
    this.board = new SessionStatus(this.now);
    this.settings = new NetworkSettings({
      loadSettings: deps.loadSettings,
      saveSettings: deps.saveSettings,
      announceChain: deps.announceChain,
      announceInjection: deps.announceInjection,
      chainChanged: deps.chainChanged,
      checkRollupConfigs: deps.checkRollupConfigs,
      discoverNetwork: deps.discoverNetwork,
      profileOf: deps.profileOf,
      applyEdit: deps.applyEdit,
      stopFollowing: async () => {
        await this.stop();
        this.reset();
      },
      follow: () => this.follow(),
      now: this.now,
      ...(deps.findLocalDevnet ? { findLocalDevnet: deps.findLocalDevnet } : {}),
    });
  }

  /** Loads settings and starts (or resumes) following the current network. Idempotent. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.board.counters = await this.deps.loadCounters();
      await this.settings.load();
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

  /** Stops the loop (tests; a background about to be replaced; a change of network). */
  async stop(): Promise<void> {
    this.generation++;
    this.abort?.abort();
    await this.running;
  }

  profile(): NetworkProfile | undefined {
    return this.settings.current();
  }

  config(): ChainConfig | undefined {
    return this.chainConfig;
  }

  /** The wallet's own proven account reads. */
  reader(): AccountReader | undefined {
    return this.services?.reader;
  }

  /** The wallet's own calls, chain data and fees. */
  execution(): ExecutionService | undefined {
    return this.services?.execution;
  }

  /** The same reads for pages (EIP-1193): in the endpoints' page lane, behind the wallet's own. */
  pages(): NetworkServices['pages'] | undefined {
    return this.services?.pages;
  }

  /** The session's status: the network it follows, sync progress, the verified heads, what went wrong. */
  status(): SessionStatusView {
    const profile = this.profile();
    const config = this.chainConfig;
    const now = this.now();
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
        weakSubjectivity: weakSubjectivityView(config, now),
      },
      ...this.board.view(),
      currentSlot: config ? Number(slotAtTime(config, now / 1000)) : 0,
      overrideWindowEthereum: this.settings.overrideWindowEthereum(),
      now,
    };
  }

  /**
   * Resolves once the session holds a verified head (at once when it does), or after `timeoutMs`
   * while it is still starting: a woken service worker resumes its light client from the stored
   * state in a moment, and a page's request that woke it waits for that head instead of being
   * refused. A session that cannot sync (no beacon API, an error) is not waited for.
   */
  whenHead(timeoutMs: number): Promise<void> {
    const syncing = this.board.state === 'starting' || this.board.state === 'bootstrapping' || this.board.state === 'catching-up';
    if (this.board.newest() !== undefined || !syncing || (this.profile()?.beaconApis.length ?? 0) === 0) return Promise.resolve();
    return this.headWaiters.next(() => true, timeoutMs).then(() => undefined);
  }

  /**
   * Resolves true once the optimistic head's execution block is `number` or above; false after
   * `timeoutMs` or when the session stops following.
   */
  whenBlock(number: bigint, timeoutMs: number): Promise<boolean> {
    const reached = () => (this.board.heads().optimistic?.blockNumber ?? -1) >= Number(number);
    return reached() ? Promise.resolve(true) : this.headWaiters.next(reached, timeoutMs);
  }

  /** The verified chain as the wallet's activity settles its transactions against it. */
  activityReader(): ActivityReader | undefined {
    const execution = this.execution();
    const reader = this.reader();
    if (!execution || !reader) return undefined;
    return activityReader(execution, reader, () => this.board.heads());
  }

  /** The network and the verified heads, for the rollup side (./rollups/session.ts). */
  snapshot(): L1Snapshot {
    return { profile: this.profile(), heads: this.board.heads() };
  }

  /**
   * The verified chain as the wallet signs against it: the head signatures rest on (the newest
   * signed by at least two thirds of its sync committee), the newest head, proofs, estimates.
   */
  walletChain(): WalletChain | undefined {
    const profile = this.profile();
    const services = this.services;
    if (!profile || !services || !this.chainConfig) return undefined;
    return walletChainOf({
      network: { chainId: BigInt(profile.chainId), name: profile.label, maxHeadAgeSeconds: signingHeadAgeSeconds(this.chainConfig.secondsPerSlot), secondsPerSlot: this.chainConfig.secondsPerSlot },
      signing: () => this.board.heads().signing,
      newest: () => this.board.newest(),
      held: (blockHash) => this.board.held(blockHash),
      reader: services.reader,
      execution: services.wallet,
      // A send's proofs, its check before signing: the endpoints to the wallet, pages' reads after.
      first: (work) => services.rpc.first(work),
    });
  }

  /** Nothing of the old network stays. */
  private reset(): void {
    this.services = undefined;
    this.chainConfig = undefined;
    this.board.reset();
  }

  /** Starts the loop for the current profile, retrying with backoff until stopped. */
  private follow(): void {
    const profile = this.profile();
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
      this.board.state = 'error';
      this.board.record({ source: 'settings', ...describeError(err) });
      return;
    }
    this.chainConfig = config;
    const onRejected: EndpointRejected = (err, endpoint) => this.board.record({ source: 'read', ...describeError(err), endpoint });
    if (profile.executionRpcs.length > 0) {
      const rpc = new ExecutionRpc({ endpoints: profile.executionRpcs, signal });
      const execution = (this.deps.execution ?? ((options) => new ExecutionService(options)))({
        config,
        rpc,
        calls: this.deps.calls(this.deps.runner, signal),
        anchors: () => anchorsOf(this.board.heads()),
        // Two slots: the head that holds a block an endpoint already has comes within one.
        waitForBlock: (n) => this.whenBlock(n, 2 * config.secondsPerSlot * 1000),
        onRejected,
      });
      const services: NetworkServices = {
        rpc,
        reader: this.deps.accountReader(rpc, this.deps.runner, onRejected),
        execution,
        wallet: executionReader(execution, this.deps.fees(execution, 'wallet')),
        pages: { reader: this.deps.accountReader(rpc.forPages(), this.deps.runner, onRejected), execution: executionReader(execution.forPages(), this.deps.fees(execution.forPages(), 'pages')) },
      };
      this.services = services;
    } else {
      this.services = undefined;
    }
    if (profile.beaconApis.length === 0) {
      this.board.state = 'unconfigured';
      return;
    }
    void this.learnSchedule(profile, generation);
    const makeApi = this.deps.beaconApi ?? restApi;
    let backoffMs = 2000;
    while (this.generation === generation && !signal.aborted) {
      this.board.state = 'starting';
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
        // From Gloas on a head proves a block hash: its block comes through the wallet's lane.
        ...(this.services !== undefined ? { executionHeads: (h: VerifiedBlockHashHead) => this.services!.execution.headers.headAt(h) } : {}),
        onEvent: (e) => {
          if (this.generation !== generation) return;
          const { head, kind } = this.board.apply(e, (h) => this.envOf(h));
          if (e.type === 'checkpoint') void this.deps.saveCounters({ ...this.board.counters });
          // A new verified block may hold a receipt the activity waits for, and rollups read at it.
          if (head && kind !== 'finalized') this.deps.onHead?.(head);
          if (head) this.headWaiters.wake();
          this.deps.onActivity?.();
        },
        ...(profile.checkpoint !== undefined ? { checkpoint: profile.checkpoint, checkpointOrigin: profile.checkpointFrom ?? { kind: 'settings' } } : {}),
      });
      try {
        this.board.state = 'bootstrapping';
        await sync.run(signal);
        return; // run() returns only when stopped
      } catch (err) {
        if (signal.aborted || this.generation !== generation) return;
        this.board.state = 'error';
        this.board.record({ source: 'sync', ...describeError(err) });
      }
      // Stopped while backing off: the loop ends as a stop between slots does.
      if (!(await sleep(backoffMs, signal).then(() => true, () => false))) return;
      backoffMs = Math.min(backoffMs * 2, 60_000);
    }
  }

  /**
   * Learns, beside the sync, the fork epochs a built-in network's beacon APIs announce that this
   * release leaves open (mainnet's next fork before it is scheduled here): at most every
   * {@link SCHEDULE_CHECK_MS}, the network followed again when its schedule moved. A contradiction
   * is said in the status; the shipped schedule stays.
   */
  private async learnSchedule(profile: NetworkProfile, generation: number): Promise<void> {
    const ask = this.deps.announcedSchedule;
    if (ask === undefined || !isDefaultNetwork(profile.id) || !hasOpenFork(NETWORKS[profile.id]) || profile.beaconApis.length === 0) return;
    const now = this.now();
    const last = profile.announcedForks?.checkedAt;
    if (last !== undefined && now - last < SCHEDULE_CHECK_MS && now >= last) return;
    try {
      const forks = await ask(profile.id, profile.beaconApis);
      if (this.generation !== generation) return;
      await this.settings.setAnnouncedForks(profile.id, forks, now);
    } catch (err) {
      if (this.generation === generation) this.board.record({ source: 'settings', ...describeError(err) });
    }
  }

  /**
   * The block environment of a head for calls; none for a head before the merge, of rules this
   * version cannot run, or whose proven header disagrees with the fork schedule (said in the
   * status, since nothing can be simulated there).
   */
  private envOf(head: VerifiedHead) {
    const profile = this.profile();
    if (!this.chainConfig || !profile) return undefined;
    try {
      return blockEnvToJson(blockEnvAt(head, this.chainConfig, BigInt(profile.chainId)));
    } catch (err) {
      if (err instanceof VerificationError && (err.code === 'EXECUTION_FORK_MISMATCH' || head.execution.blockAccessListHash !== undefined)) this.board.record({ source: 'sync', ...describeError(err) });
      return undefined;
    }
  }
}

function restApi(endpoints: string[], config: ChainConfig, signal: AbortSignal): BeaconApi {
  return beaconApiFor(config, endpoints, { timeoutMs: 10_000, retries: 1, signal });
}
