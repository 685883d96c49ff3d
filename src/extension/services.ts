/**
 * The service worker's application, wired: the L1 session, the wallet, and the provider's request
 * handling over them (src/client, src/provider) — what a wake needs. The followed rollups, the L2
 * wallet and the forced exits run in the app host (./app-host.ts) over the link (./link.ts): each
 * new head goes there, their reads come back, and the app host asks here for signatures, L2
 * secrets, sends and notifications. The browser's adapters (storage, ports, windows, alarms,
 * notifications, storage.session) come in through `BackgroundDeps`: background.ts gives the real
 * ones, Node tests their own.
 * @module
 */
import type { DelegationHost, DelegationPlan, PreparedDelegation } from '../client/wallet/delegation/delegate.ts';
import type { AccountDelegation } from '../client/wallet/delegation/delegation.ts';
import type { AnnouncedFork } from '../l1/announced-forks.ts';
import type { AccountsEvent } from '../client/wallet/permissions.ts';
import { L1Session, type L1SessionDeps } from '../client/l1-session.ts';
import type { NetworkProfile } from '../client/network/settings.ts';
import type { DiscoverNetworkRequest, NetworkPreview } from '../client/network/discovery.ts';
import type { L2Balance } from '../client/rollups/following.ts';
import type { SessionStore } from '../client/wallet/keyring-session.ts';
import type { SignInVerdict } from '../client/wallet/sign-in.ts';
import type { ReviewedTypedData } from '../client/wallet/typed-data-review.ts';
import type { TypedDataVersion } from '../wallet/typed-data.ts';
import type { OfferedToken, ProvenToken } from '../client/wallet/followed-tokens.ts';
import { Wallet } from '../client/wallet/wallet.ts';
import type { HostPrepared, HostRecheck, TransactionHost } from '../client/wallet/transaction-host.ts';
import type { L1Snapshot } from '../client/rollups/session.ts';
import type { ExecutionFees, TipChoice } from '../client/verified/execution-reader.ts';
import type { ChainCall } from '../provider/chain-call.ts';
import type { CallsStatus } from '../client/wallet/batches/calls-status.ts';
import type { PreparedBatch } from '../client/wallet/batches/prepare.ts';
import type { CallBatchRequest } from '../wallet/send-calls.ts';
import type { Replacement } from '../client/wallet/replacement.ts';
import type { PageTarget } from '../provider/filter-methods.ts';
import { createRequestHandler, type PageName, type ProviderRequest } from '../provider/handler.ts';
import { OriginRegistry } from '../provider/origins.ts';
import { applySpends, OriginQuotas } from '../provider/quotas.ts';
import type { InjectionConfig, NumberedPush, PortEvent } from '../provider/page-protocol.ts';
import { PooledAccountReader } from '../client/verified/reads.ts';
import type { VerifiedCallResult } from '../client/verified/call.ts';
import { type RollupReads, sessionBackend } from '../provider/session-backend.ts';
import type { WalletRepo } from '../storage/wallet.ts';
import type { ScryptParams } from '../wallet/vault.ts';
import type { ResealedChange, VaultWork } from '../wallet/keyring-changes.ts';
import type { SealRandom } from '../wallet/keyring-vault.ts';
import { bytesToHex } from '../core/bytes.ts';
import type { AppPopupRequest, AppRequest, BackgroundEnd, FeeAsk, LinkRequest } from './link.ts';
import type { AccountsRequest, ChainAnnouncement, LocalDevnet, ProfileEdit, RollupView, Settings, Status } from './messages.ts';
import type { WalletState } from '../client/wallet/wallet.ts';
import { statusView } from './views.ts';

export type { Counters } from '../client/light-client/session-status.ts';

/** How long a page's request waits for the first verified head after a wake (the resume takes about a slot's work). */
const WAKE_HEAD_WAIT_MS = 10_000;

export interface BackgroundDeps extends Omit<L1SessionDeps, 'accountReader' | 'calls' | 'fees' | 'execution' | 'chainChanged' | 'onHead' | 'announceChain' | 'announceInjection' | 'checkRollupConfigs' | 'discoverNetwork' | 'profileOf' | 'applyEdit'> {
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
    openApproval(id: string, origin: string): Promise<void>;
    scrypt?: ScryptParams;
  };
  /** The link to the app host: rollups (their configs checked whole there), the L2 wallet, exits. */
  app: BackgroundEnd;
  /** A system notification (a followed rollup holding the user's funds stopped). */
  notify?(id: string, title: string, message: string): void;
  /** Delivers a page's subscription pushes: true when its bridge took them (absent: nothing is delivered). */
  push?(page: PageTarget, messages: NumberedPush[]): Promise<boolean>;
}

export class BackgroundServices {
  readonly session: L1Session;
  readonly origins: OriginRegistry;
  /** Each origin's one budget of what its requests cost the endpoints; the app host's chain reads, filters and subscriptions spend from it too (link:spent). */
  readonly quotas = new OriginQuotas();
  readonly wallet: Wallet | undefined;
  readonly handleRequest: (origin: string, request: ProviderRequest, requestKey?: string, page?: PageTarget) => Promise<unknown>;

  constructor(private readonly deps: BackgroundDeps) {
    const session = new L1Session({
      ...deps,
      accountReader: (rpc, runner, onRejected) => new PooledAccountReader(rpc, runner, { onRejected }),
      // Calls run in the app host, beside the execution worker: one hop a call, not one per engine step, and no EVM plumbing in this bundle.
      calls: () => () => ({ run: (params) => appWalletCall<VerifiedCallResult>(deps.app, { type: 'app:run', params }) }),
      // So are fees: they read verified bodies and receipts (the oracle's blocks, eth_feeHistory's rewards), at this worker's heads.
      fees: (_execution, lane) => appFees(deps.app, lane, () => this.session.snapshot()),
      chainChanged: (chainId) => deps.broadcast({ event: 'chainChanged', data: chainId }),
      checkRollupConfigs: async (configs, l1ChainId) => void (await deps.app.request({ type: 'app:checkRollups', configs, l1ChainId })),
      // Discovery parses whole networks and rollup configs: the app host runs it, out of this bundle.
      discoverNetwork: async (request) => (await deps.app.request({ type: 'app:discoverNetwork', request })) as NetworkPreview,
      // The popup's settings checks run in the app host: out of this bundle.
      profileOf: async (network, from) => (await deps.app.request({ type: 'app:profileOf', network, from })) as NetworkProfile,
      applyEdit: async (settings, edit) => (await deps.app.request({ type: 'app:applyEdit', settings, edit })) as typeof settings,
      // A popup action, not a wake's need: the app host asks the local URL.
      findLocalDevnet: async (at) => (await deps.app.request({ type: 'app:findLocalDevnet', ...(at === undefined ? {} : { at }) })) as LocalDevnet | null,
      // A built-in network's announced fork epochs: the app host asks its beacon APIs (out of this bundle).
      announcedSchedule: async (id, beaconApis) => (await deps.app.request({ type: 'app:announcedSchedule', id, beaconApis })) as AnnouncedFork[],
      onHead: () => {
        // A new verified block may hold a receipt the activity waits for; the rollups are read at it.
        void this.wallet?.activity.track().catch(() => {});
        void deps.app.request({ type: 'app:adopt', snapshot: this.session.snapshot(), newHead: true }).catch(() => {});
      },
    });
    this.session = session;
    const now = session.now;
    this.origins = new OriginRegistry(now);
    const w = deps.wallet;
    this.wallet = w
      ? new Wallet({
          repo: w.repo,
          session: w.session,
          random: w.random,
          now,
          openApproval: w.openApproval,
          chain: () => session.walletChain(),
          chainReader: () => session.activityReader(),
          network: () => {
            const p = session.profile();
            return p ? { id: p.id, chainId: p.chainId, name: p.label } : undefined;
          },
          networkForChain: (chainId) => session.settings.networkForChain(chainId),
          switchNetwork: (id) => session.settings.switchNetwork(id),
          activeChainId: () => session.settings.activeRollup(),
          emit: (event: AccountsEvent, origin) => deps.broadcast(event, origin),
          maxUnattendedCost: () => session.settings.maxUnattendedCost(),
          // The sign-in parser runs in the app host: out of this bundle.
          checkSignIn: async (claim, origin, address) => (await deps.app.request({ type: 'app:checkSignIn', claim, origin, address })) as SignInVerdict,
          typedDataDigest: (typedData, chainId, version) => appTypedDataDigest(deps.app, typedData, chainId, version),
          // A token's proof decodes ABI: the app host runs it, out of this bundle.
          proveToken: (address, offered) => appProveToken(deps.app, address, offered),
          // A recipient chosen by name, resolved again by proof for the window: in the app host, beside the names (no gateway asked).
          resolveName: async (name) => (await deps.app.request({ type: 'app:pageName', name })) as PageName,
          // A transaction's proofs, estimate and simulations: the app host's, at this worker's heads (two round trips a transaction).
          transactions: appTransactionHost(deps.app, () => session.snapshot(), (work) => session.walletChain()?.first?.(work) ?? work()),
          // A delegation's proofs and runs: the app host's, at this worker's heads (its authorization unsigned); the authorization and the transaction are signed here, after the click.
          delegationHost: appDelegationHost(deps.app, () => session.snapshot(), (work) => session.walletChain()?.first?.(work) ?? work()),
          incomingToleranceBps: () => session.settings.incomingToleranceBps(),
          batchExpiryMinutes: () => session.settings.batchExpiryMinutes(),
          // A batch's request is read, and its status built, in the app host (beside its verified receipts): out of this bundle.
          readCalls: (params) => appWalletCall<CallBatchRequest>(deps.app, { type: 'app:readCalls', params }),
          prepareCalls: (origin, from, calls, pending, toleranceBps, atomic) =>
            appWalletCall<PreparedBatch>(deps.app, { type: 'app:prepareCalls', origin, from, calls: [...calls], pending: [...pending], ...(toleranceBps !== undefined ? { toleranceBps } : {}), ...(atomic ? { atomic } : {}) }),
          callsStatus: (origin, id) => appWalletCall<CallsStatus>(deps.app, { type: 'app:callsStatus', origin, id }),
          // The pinned EIP-7702 delegate's address on the followed network (the user's own network's profile only).
          delegator: () => session.profile()?.delegator,
          // The delegation's proof and its classification: the app host's, at this worker's heads (out of this bundle).
          atomic: (address, batch) => appWalletCall<boolean>(deps.app, { type: 'app:atomic', snapshot: session.snapshot(), address, batch }),
          advanceBatches: async () => void (await deps.app.request({ type: 'app:advanceBatches' })),
          // A new vault, a change of it (an account added, a phrase or key imported or removed, a
          // name), a new password, the unlock, a phrase shown again, a new phrase's words: the
          // popup's, not a wake's. The app host does the work and answers the new record and keys
          // (or the phrase); the keyring session checks them before it holds or stores them.
          vaultWork: appVaultWork(deps.app),
          ...(w.scrypt ? { scrypt: w.scrypt } : {}),
        })
      : undefined;
    // Nothing is signed on a network whose chain id is another chain's (an older version saved it: src/client/network/chain-id-taken.ts).
    this.wallet?.keyring.refuseSigningWhile(() => session.settings.signingRefusal());
    const wallet = this.wallet;
    const app = deps.app;
    app.serve((request) => this.serveApp(request));
    const handle = createRequestHandler(
      sessionBackend({
        session,
        rollups: appRollupReads(app),
        exits: async (owners) => (await app.request({ type: 'app:exitsOf', owners: [...owners] })) as unknown[],
        // Pages' chain reads run in the app host, at this worker's heads (the snapshot goes along): their
        // verified chain stays out of this bundle. They spend the origin's budget from here, as filters do.
        chain: appChainCall(app, () => session.snapshot()),
        // Pages' polling filters run in the app host, beside its verified L1 reads; it outlives a service-worker stop.
        // It spends the origin's budget from here: the levels go with the request, the spends come back (link:spent).
        // Its refusals come back as the ProviderRpcErrors they were (src/core/error-wire.ts).
        filters: (origin, method, params) => app.request({ type: 'app:filter', origin, method, params: [...params], budget: this.quotas.levels(origin, now()) }),
        // So do subscriptions: the app host pushes through this worker (link:push), waking it when stopped.
        subscriptions: (origin, page, method, params) => app.request({ type: 'app:subscribe', origin, page, method, params: [...params], budget: this.quotas.levels(origin, now()) }),
        ...(wallet ? { wallet: wallet.requests } : {}),
        // A page's ENS name (vigil_getVerifiedBalance): resolved in the app host, beside the ABI codec and the EVM; no gateway asked; its refusals come back as the page's errors.
        resolveName: async (name) => (await app.request({ type: 'app:pageName', name })) as PageName,
      }),
      this.origins,
      { quotas: this.quotas },
    );
    // A page's request that woke the service worker waits (briefly) for the resumed light client's first head.
    this.handleRequest = async (origin, request, requestKey, page) => {
      await session.whenHead(WAKE_HEAD_WAIT_MS);
      return handle(origin, request, requestKey, page);
    };
  }

  /** Loads settings and starts (or resumes) following the current network. Idempotent. */
  start(): Promise<void> {
    return this.session.start();
  }

  /** Called on alarms and wake-ups: restarts the loop if it is not running. */
  ensureRunning(): Promise<void> {
    return this.session.ensureRunning();
  }

  /** Stops the loop (tests; a background about to be replaced). */
  stop(): Promise<void> {
    return this.session.stop();
  }

  /** The popup's status; the rollups' part as the app host reads them now (none when it does not answer). */
  async status(): Promise<Status> {
    const rollups = ((await this.deps.app.request({ type: 'app:rollups' }).catch(() => [])) as RollupView[]) ?? [];
    return statusView(this.session, rollups);
  }

  /** A popup request the app host answers (the L2 wallet, forced exits). */
  forward(request: AppPopupRequest): Promise<unknown> {
    if (!this.wallet) throw new Error('the L2 wallet and forced exits are not available in this background');
    return this.deps.app.request({ type: 'app:popup', request });
  }

  /** The keepalive alarm: the app host's exits move on too. */
  async tick(): Promise<void> {
    await this.deps.app.request({ type: 'app:tick' });
  }

  /** What the app host asks: the network and heads, and what only the keyring and the signing policy may do. */
  private async serveApp(request: LinkRequest): Promise<unknown> {
    switch (request.type) {
      case 'link:snapshot':
        await this.start();
        return this.session.snapshot();
      case 'link:notify':
        this.deps.notify?.(request.id, request.title, request.message);
        return null;
      case 'link:error':
        this.session.board.record(request.error);
        return null;
      case 'link:push':
        return (await this.deps.push?.(request.page, request.messages)) ?? false;
      case 'link:spent':
        applySpends(this.quotas, request.spends, this.session.now());
        return null;
    }
    const wallet = this.wallet;
    if (!wallet) throw new Error('there is no wallet in this background');
    switch (request.type) {
      case 'link:sign':
        return wallet.own.sign(request.tx);
      case 'link:signL2':
        return wallet.own.signL2(request.from, request.tx);
      case 'link:broadcast':
        await wallet.own.broadcast(request.raw);
        return null;
      case 'link:addresses':
        return wallet.keyring.unlockedAddresses();
      case 'link:accounts': {
        const { locked, accounts } = await wallet.keyring.state();
        return { locked, accounts };
      }
      case 'link:l2Secret':
        return wallet.keyring.l2Secret(request.address, request.rollupChainId);
      case 'link:send':
        return wallet.requests.send(request.params);
    }
  }

  async getSettings(): Promise<Settings> {
    await this.start();
    return this.session.settings.get();
  }

  /** `vigil:setNetwork`: the devnet's ready object, or the id of a configured network. */
  async setNetwork(network: unknown): Promise<Status> {
    await this.start();
    await this.session.settings.setNetwork(network);
    return this.status();
  }

  /** Saves a previewed network (checked again) as a profile and switches to it. */
  async addNetwork(preview: unknown): Promise<Status> {
    await this.start();
    await this.session.settings.addNetwork(preview);
    return this.status();
  }

  async saveProfile(edit: ProfileEdit): Promise<Status> {
    await this.start();
    await this.session.settings.saveProfile(edit);
    return this.status();
  }

  async setMaxUnattendedCost(wei: string | undefined): Promise<Status> {
    await this.start();
    await this.session.settings.setMaxUnattendedCost(wei);
    return this.status();
  }

  async setIncomingTolerance(bps: number | undefined): Promise<Status> {
    await this.start();
    await this.session.settings.setIncomingToleranceBps(bps);
    return this.status();
  }

  async setBatchExpiry(minutes: number | undefined): Promise<Status> {
    await this.start();
    await this.session.settings.setBatchExpiryMinutes(minutes);
    return this.status();
  }

  async setOverrideWindowEthereum(value: boolean): Promise<Status> {
    await this.start();
    await this.session.settings.setOverrideWindowEthereum(value);
    return this.status();
  }

  /** "Add network": what a beacon API serves, checked; nothing saved. */
  async discoverNetwork(params: DiscoverNetworkRequest): Promise<NetworkPreview> {
    await this.start();
    return this.session.settings.discoverNetwork(params);
  }

  /** The devnet at the well-known local URL (or at `at`, what the user typed), if one runs (the popup offers it). */
  findLocalDevnet(at?: string): Promise<LocalDevnet | null> {
    return this.session.settings.findLocalDevnet(at);
  }

  /** Runs a no-op task on the verifier pool: which hash and BLS backends the workers use. */
  pingVerifier(): Promise<{ hash: string; bls: string }> {
    return this.deps.runner.run('ping', null, { timeoutMs: 20_000 });
  }
}

/** The popup's account management (src/client/wallet/accounts.ts), done: the wallet's state after it. */
export async function accountsRequest(wallet: Wallet, request: AccountsRequest): Promise<WalletState> {
  const accounts = wallet.accounts;
  switch (request.type) {
    case 'vigil:wallet:importSecret':
      await accounts.import(request.secret, request.password);
      break;
    case 'vigil:wallet:renameAccount':
      await accounts.rename(request.address, request.name, request.password);
      break;
    case 'vigil:wallet:removeKey':
      await accounts.removeKey(request.address, request.password);
      break;
    case 'vigil:wallet:removePhrase':
      await accounts.removePhrase(request.address, request.password);
      break;
    case 'vigil:wallet:forget':
      await accounts.forget(request.confirm);
      break;
    default:
      throw new Error(`unknown message ${(request as { type: string }).type}`);
  }
  return wallet.state();
}

/** The vault work in the app host: its random bytes travel as 0x hex (the link carries JSON). */
export function appVaultWork(app: Pick<BackgroundEnd, 'request'>): VaultWork {
  const random = (r: SealRandom) => ({ salt: bytesToHex(r.salt), nonce: bytesToHex(r.nonce), ...(r.params ? { params: r.params } : {}) });
  return {
    seal: (secret, password, r) => appWalletCall(app, { type: 'app:vault', work: 'seal', secret, password, random: random(r) }),
    reseal: (record, password, change, nonce) => appWalletCall<ResealedChange>(app, { type: 'app:vault', work: 'reseal', record, password, change, nonce: bytesToHex(nonce) }),
    rekey: (record, password, newPassword, r) => appWalletCall(app, { type: 'app:vault', work: 'rekey', record, password, newPassword, random: random(r) }),
    open: (record, password) => appWalletCall(app, { type: 'app:vault', work: 'open', record, password }),
    reveal: (record, password, phrase) => appWalletCall(app, { type: 'app:vault', work: 'reveal', record, password, phrase }),
    newMnemonic: (entropy) => appWalletCall(app, { type: 'app:vault', work: 'newMnemonic', entropy: bytesToHex(entropy) }),
  };
}

/** The provider's rollup reads, answered by the app host. */
function appRollupReads(app: BackgroundEnd): RollupReads {
  return {
    canRead: async () => (await app.request({ type: 'app:canRead' }).catch(() => false)) === true,
    acceptedBatch: async (chainId) => (await app.request({ type: 'app:acceptedBatch', chainId })) as number,
    balance: async (chainId, address) => (await app.request({ type: 'app:balance', chainId, address })) as L2Balance,
  };
}

/** The app host's proof of a token; its typed refusals come back as the WalletErrors they were. */
export function appProveToken(app: BackgroundEnd, address: string, offered: OfferedToken): Promise<ProvenToken> {
  return appWalletCall<ProvenToken>(app, { type: 'app:proveToken', address, offered });
}

/** eth_signTypedData_v4's (or _v3's) digest from the app host; INVALID_TYPED_DATA comes back as the WalletError it was. */
export function appTypedDataDigest(app: BackgroundEnd, typedData: unknown, chainId: bigint, version: TypedDataVersion = 'v4'): Promise<ReviewedTypedData> {
  return appWalletCall<ReviewedTypedData>(app, { type: 'app:typedDataDigest', typedData, chainId, ...(version === 'v3' ? { version } : {}) });
}

/**
 * The app host's transaction host (src/client/wallet/transaction-host.ts), each call carrying this worker's
 * network and heads. Run as the wallet's own work: pages' reads at this worker's endpoints wait.
 */
function appTransactionHost(app: BackgroundEnd, snapshot: () => L1Snapshot, first: <T>(work: () => Promise<T>) => Promise<T>): TransactionHost {
  return {
    prepare: (params, options) => first(() => appWalletCall<HostPrepared>(app, { type: 'app:prepareTransaction', snapshot: snapshot(), params, options })),
    recheck: (from, txs, options) => first(() => appWalletCall<HostRecheck>(app, { type: 'app:recheckTransactions', snapshot: snapshot(), from, txs: [...txs], options })),
    // The stored bytes are decoded in the app host: the transaction decoder stays out of this bundle.
    replacement: (row, kind, now) => appWalletCall<Replacement>(app, { type: 'app:replacement', snapshot: snapshot(), row, kind, now }),
  };
}

/** The app host's delegation host (src/client/wallet/delegation/delegate.ts), at this worker's heads. */
function appDelegationHost(app: BackgroundEnd, snapshot: () => L1Snapshot, first: <T>(work: () => Promise<T>) => Promise<T>): DelegationHost {
  return {
    plan: (params) => first(() => appWalletCall<DelegationPlan>(app, { type: 'app:planDelegation', snapshot: snapshot(), params: { ...params, pending: [...params.pending] } })),
    prepare: (plan, now) => first(() => appWalletCall<PreparedDelegation>(app, { type: 'app:prepareDelegation', snapshot: snapshot(), plan, now })),
    confirm: (from, action, delegate, now) => appWalletCall<AccountDelegation>(app, { type: 'app:confirmDelegation', snapshot: snapshot(), from, action, delegate, now }),
  };
}

/**
 * A page's chain method run in the app host at this worker's network and heads, with the
 * origin's quota levels; its answer, or the provider error the app host made of its failure.
 */
export function appChainCall(app: BackgroundEnd, snapshot: () => L1Snapshot): ChainCall {
  return (meter, method, params) => app.request({ type: 'app:chain', snapshot: snapshot(), origin: meter.origin, method, params: [...params], budget: meter.quotas.levels(meter.origin, meter.now()) });
}

/** A lane's fees, read in the app host at this worker's network and heads; typed errors come back as they were. */
export function appFees(app: BackgroundEnd, lane: 'wallet' | 'pages', snapshot: () => L1Snapshot): ExecutionFees {
  const ask = <T>(fee: FeeAsk) => appWalletCall<T>(app, { type: 'app:fees', snapshot: snapshot(), lane, ask: fee });
  return {
    suggestedTip: () => ask<bigint>({ fee: 'suggestedTip' }),
    tipChoice: ({ unattended }) => ask<TipChoice>({ fee: 'tipChoice', unattended }),
    feeHistory: (blockCount, newest, rewardPercentiles) => ask<Record<string, unknown>>({ fee: 'feeHistory', blockCount, newest, ...(rewardPercentiles !== undefined ? { rewardPercentiles } : {}) }),
  };
}

/** A request to the app host: its errors come back as the classes they were (src/core/error-wire.ts), WalletError and TransportError among them. */
async function appWalletCall<T>(app: Pick<BackgroundEnd, 'request'>, request: AppRequest): Promise<T> {
  return (await app.request(request)) as T;
}
