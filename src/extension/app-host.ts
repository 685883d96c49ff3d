/**
 * The app host: what rests on the L1 session's verified heads but is not needed at a service
 * worker's wake — the followed rollups (their proofs re-verified), the L2 wallet and the forced
 * exits (src/client). It runs in Chrome's offscreen document and in Firefox's background page,
 * takes the heads and the network from the service worker over the link (./link.ts), and asks it
 * for what only the keyring and the signing policy may do: signatures, the L2 secret of an
 * unlocked account, the wallet's own sends, notifications. The browser's adapters (Dexie tables,
 * the worker pool, HTTP) come in through `AppHostDeps`.
 * @module
 */
import type { L1BlockFinality } from '../client/verified/block-finality.ts';
import { verifiedChainSources } from '../client/exits/escape-proof.ts';
import { indexerGet } from '../client/exits/needs.ts';
import { ExitService } from '../client/exits/exit-service.ts';
import { replacementInActivity } from '../client/wallet/own-transactions.ts';
import { findNonceUse, nonceSearchFrom } from '../client/verified/nonce-use.ts';
import { readerNonces } from '../client/wallet/activity-reader.ts';
import { localDiscovery } from '../client/network/discovery.ts';
import { InputError } from '../core/errors.ts';
import { announcedSchedule } from '../client/network/announced-schedule.ts';
import { isDefaultNetwork } from '../client/network/default-endpoints.ts';
import { NETWORKS } from '../l1/networks.ts';
import { profileOf } from '../client/network/preview.ts';
import { applyEdit } from '../client/network/settings.ts';
import { checkSignIn } from '../client/wallet/sign-in.ts';
import { proveToken } from '../client/wallet/token-proof.ts';
import { followedTokens } from '../client/wallet/followed-tokens.ts';
import { lookupAddress, type NameDeps, resolveName } from '../client/wallet/ens/names.ts';
import { universalResolverOf } from '../client/network/ens-resolver.ts';
import { askGateway } from '../rpc/ccip-gateway.ts';
import { PINNED_VERIFYING_RESOLVERS } from '../wallet/ens/pins.ts';
import { knownRouters, previewAgainst, previewRemainders, type PreviewOptions, wordsBindings } from '../client/wallet/transaction-preview.ts';
import { findLocalDevnet } from '../client/network/local-devnet.ts';
import { reviewTypedData } from '../client/wallet/typed-data-review.ts';
import { ownNames } from '../client/wallet/names/own-names.ts';
import { type TransactionHost, transactionHost } from '../client/wallet/transaction-host.ts';
import type { WalletChain } from '../client/wallet/transactions.ts';
import { type DelegationHost, delegationHost } from '../client/wallet/delegation/delegate.ts';
import { walletChainOf } from '../client/wallet/chain.ts';
import { WalletError } from '../wallet/errors.ts';
import { signingHeadAgeSeconds } from '../wallet/policy.ts';
import { parseNetworkConfig } from '../l1/config.ts';
import type { AccountReader } from '../client/verified/reads.ts';
import { L2Wallet } from '../client/rollups/l2-wallet.ts';
import { RollupFollowing } from '../client/rollups/following.ts';
import { RollupSession } from '../client/rollups/session.ts';
import { depositBridges } from '../client/rollups/deposit-bridges.ts';
import type { KeyValueStore } from '../client/rollups/memory.ts';
import type { DataChecks } from '../storage/data-checks.ts';
import { MemoryTransferStore, type TransferStore } from '../storage/transfers.ts';
import { TransferHost } from './transfer-host.ts';
import { PriceHost } from './price-host.ts';
import { ownPriceFeeds, pricesFor, readPrice } from '../client/wallet/prices.ts';
import { scanOver } from './transfer-scan.ts';
import type { ExecutionRpc } from '../client/verified/execution-rpc.ts';
import { PooledAccountReader } from '../client/verified/reads.ts';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { TransportError } from '../rpc/errors.ts';
import { blockEnvFromJson } from '../execution/block-env.ts';
import { checkRollupConfigs } from '../l2/configs.ts';
import type { ExitRepo } from '../storage/exits.ts';
import type { L2TransferRepo } from '../storage/l2-transfers.ts';
import type { WalletRepo } from '../storage/wallet.ts';
import type { CallBatchStore } from '../storage/call-batches.ts';
import { repoCallsStatus } from '../client/wallet/batches/calls-status.ts';
import { parseSendCalls } from '../wallet/send-calls.ts';
import { localVaultWork } from '../wallet/keyring-changes.ts';
import { prepareBatch } from '../client/wallet/batches/prepare.ts';
import { CallBatchProgress } from '../client/wallet/batches/progress.ts';
import { provenAtomic } from '../client/wallet/batches/atomic.ts';
import { WalletBalances } from '../client/wallet/balances.ts';
import { Activity } from '../client/wallet/activity.ts';
import { l2KeyOfSecret } from '../wallet/l2-keys.ts';
import type { ExecutionTasks } from '../workers/execution-task-names.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import type { AppEnd, AppPopupRequest, AppRequest, HexSealRandom, VaultRequest } from './link.ts';
import type { FilterCall } from '../provider/filter-methods.ts';
import { chainCall } from '../provider/chain-call.ts';
import { filterCall, Filters } from '../provider/filters.ts';
import { noExecutionRpc, toProviderError } from '../provider/handler.ts';
import { SharedQuotas } from '../provider/quotas.ts';
import { pageName } from '../provider/page-name.ts';
import { Subscriptions } from '../provider/subscriptions.ts';
import type { AccountBalances, L2TransferView, TransfersView } from './messages.ts';
import { depositOnTheWay, followedRollupViews, l2AccountView } from './rollup-views.ts';
import { asView } from './views.ts';

export interface AppHostDeps {
  link: AppEnd;
  runner: TaskRunner<VerifierTasks & ExecutionTasks>;
  exits: ExitRepo;
  l2Transfers: L2TransferRepo;
  /** The wallet's tables: read here (balances, a batch's status); the service worker writes them, but for a batch's sent calls. */
  wallet: WalletRepo;
  /** The EIP-5792 batches the service worker signed, moved on here. */
  batches: CallBatchStore;
  /** The L2 RPC is asked for hints and takes transfers; nothing it says is shown unproven. */
  l2Call(url: string, method: string, params: unknown[]): Promise<unknown>;
  now?: () => number;
  /** The proven account reader (default: the pooled one, proofs checked in `runner`). */
  accountReader?(rpc: ExecutionRpc, runner: TaskRunner<VerifierTasks>): AccountReader;
  /** The settings table: the rollups' memory across restarts (a change told of, the last proven L2 balances). */
  settings?: KeyValueStore;
  /** What blob sampling found per batch (the `dataChecks` table); absent: kept in memory. */
  dataChecks?: DataChecks;
  /** The proven transfers and each account's cursor (the `transfers` tables); absent: kept in memory. */
  transfers?: TransferStore;
}

export class AppHost {
  readonly session: RollupSession;
  readonly l2Wallet: L2Wallet;
  readonly exits: ExitService;
  readonly rollups: RollupFollowing;
  private adopted = false;

  /** The popup's balances and followed tokens, proven over this host's reads (the vault's public addresses). */
  private readonly balances: WalletBalances;
  /** EIP-5792 batches the service worker signed, each call sent once the one before it is proven included. */
  private readonly batches: CallBatchProgress;
  /** A transaction's proofs, estimate and simulations for the service worker, which judges and signs. */
  private readonly transactions: TransactionHost;
  /** The popup's EIP-7702 delegations: planned, simulated and confirmed here, signed in the service worker. */
  private readonly delegations: DelegationHost;
  /** The accounts' proven transfers, followed at each head; the tokens they hold unfollowed. */
  readonly transfers: TransferHost;

  /** Pages' polling filters, over this host's verified L1 reads and heads (each origin's polls under its own quotas). */
  private readonly filterCall: FilterCall;
  /** Pages' subscriptions: the same filters, pushed at each new head through the service worker. */
  readonly subscriptions: Subscriptions;
  /** The origins' quotas, one budget with the service worker's: its levels adopted with each page request, every spend reported back. */
  private readonly quotas: SharedQuotas;

  constructor(private readonly deps: AppHostDeps) {
    const link = deps.link;
    const session = new RollupSession({
      runner: deps.runner,
      accountReader: deps.accountReader ?? ((rpc, runner, onRejected) => new PooledAccountReader(rpc, runner, { onRejected })),
      ...(deps.now ? { now: deps.now } : {}),
      onError: (error) => void link.request({ type: 'link:error', error }).catch(() => {}),
      ...(deps.settings ? { store: deps.settings } : {}),
      ...(deps.dataChecks ? { dataChecks: deps.dataChecks } : {}),
    });
    this.session = session;
    const now = session.now;
    const filters = new Filters(now);
    const source = () => ({ chainId: session.profile()?.chainId, reader: session.execution()?.chain, heads: session.heads() });
    const quotas = new SharedQuotas((spends) => void link.request({ type: 'link:spent', spends }).catch(() => {}));
    this.quotas = quotas;
    this.filterCall = filterCall(filters, source, quotas, now);
    this.subscriptions = new Subscriptions({ filters, source, quotas, now, push: async (page, messages) => (await link.request({ type: 'link:push', page, messages })) === true });
    // The light client's word on L1 blocks: what a reorg could undo is checked until it is finalized.
    const l1: L1BlockFinality = {
      finalizedBlockNumber: () => {
        const finalized = session.heads().finalized;
        return finalized === undefined ? undefined : BigInt(finalized.blockNumber);
      },
      blockHashAt: async (blockNumber) => {
        const chain = session.execution()?.chain;
        if (!chain) throw new TransportError('NOT_AVAILABLE', 'no execution endpoint to link the block to the verified heads', { url: 'block finality' });
        return bytesToHex((await chain.headers.byNumber(blockNumber)).hash);
      },
    };
    this.l2Wallet = new L2Wallet({
      rollups: () => session.rollups(),
      newestHead: () => session.newestRef(),
      addresses: async () => (await link.request({ type: 'link:addresses' })) as string[],
      l2Key: async (address, rollupChainId) => l2KeyOfSecret((await link.request({ type: 'link:l2Secret', address, rollupChainId })) as Uint8Array),
      send: async (params) => (await link.request({ type: 'link:send', params })) as string,
      l2Call: deps.l2Call,
      transfers: deps.l2Transfers,
      l1,
      now,
    });
    type Signed = { hash: string; raw: string };
    this.exits = new ExitService({
      rollups: () => session.rollups(),
      newestHead: () => session.newestRef(),
      networkId: () => session.profile()?.id,
      repo: deps.exits,
      receipt: async (hash) => {
        const chain = session.execution()?.chain;
        if (!chain) return null;
        // blockHash and each log's logIndex: OP names its deposit's L2 transaction by them.
        const r = (await chain.getTransactionReceipt(hexToBytes(hash, 32, 'hash'))) as { status: string; blockNumber: string; blockHash?: string; logs: { address: string; topics: string[]; data: string; logIndex?: string }[] } | null;
        return r === null ? null : { status: r.status, blockNumber: r.blockNumber, ...(typeof r.blockHash === 'string' ? { blockHash: r.blockHash } : {}), logs: r.logs };
      },
      ...l1,
      nonceUse: async (owner, nonce, head) => {
        const execution = session.execution();
        const reader = session.reader();
        if (!execution || !reader) return undefined;
        return findNonceUse(readerNonces(execution, reader), owner, nonce, nonceSearchFrom(head.blockNumber), head.blockNumber);
      },
      sign: async (tx) => (await link.request({ type: 'link:sign', tx })) as Signed,
      // A step the user sped up or cancelled from the popup's activity: the exit follows it.
      replacementOf: (hashes) => replacementInActivity(deps.wallet, hashes),
      signL2: async (from, tx) => (await link.request({ type: 'link:signL2', from, tx })) as Signed,
      broadcast: async (raw) => void (await link.request({ type: 'link:broadcast', raw })),
      httpGet: indexerGet,
      baseFeePerGas: (ref) => {
        const env = session.held(ref.blockHash)?.env;
        return env === undefined ? undefined : blockEnvFromJson(env).baseFeePerGas;
      },
      // The L2 RPC's account proof when it hashes to the root L1 holds; else the L2 state rebuilt from L1 (calldata, and blobs read from the beacon APIs).
      l1History: () => {
        const chain = session.execution()?.chain;
        return chain ? verifiedChainSources(chain, session.blobSources()) : undefined;
      },
      notify: (id, title, message) => void link.request({ type: 'link:notify', id, title, message }).catch(() => {}),
      now,
    });
    this.rollups = new RollupFollowing({
      session,
      l2Wallet: this.l2Wallet,
      afterRead: () => [this.exits.tick()],
      notify: (id, title, message) => void link.request({ type: 'link:notify', id, title, message }).catch(() => {}),
    });
    const network = () => {
      const p = session.profile();
      return p ? { id: p.id, chainId: p.chainId, name: p.label } : undefined;
    };
    const chain = () => this.chainOrNone();
    const routers = () => this.routers();
    this.batches = new CallBatchProgress({
      batches: deps.batches,
      repo: deps.wallet,
      // Writes a sent call's row as the service worker's activity would; that activity settles it from then on.
      activity: new Activity({ repo: deps.wallet, now, chain, chainReader: () => undefined, network }),
      chain,
      network,
      now,
      simulate: async (requests) => (await previewAgainst(this.walletChain(), requests, undefined, { now: Math.floor(now() / 1000), routers: routers(), knownTokens: await this.knownTokens() })).effects,
      remainders: async (requests) => previewRemainders(this.walletChain(), requests, { now: Math.floor(now() / 1000), knownTokens: await this.knownTokens() }),
    });
    // A call to a followed rollup's deposit contract, or a swap on a router known on this network, is named in the window (src/wallet/call-name.ts).
    const bridges = () => depositBridges((session.rollups()?.snapshots() ?? []).map((s) => s.rollup));
    this.delegations = delegationHost(chain);
    this.transactions = transactionHost({ chain, preview: async (c, requests, against, options) => previewAgainst(c, requests, against, { ...options, bridges: bridges(), routers: routers(), ...(await this.tokensAndNames()) }) });
    this.transfers = new TransferHost({
      session,
      store: deps.transfers ?? new MemoryTransferStore(),
      wallet: deps.wallet,
      l1,
      scan: scanOver(session, (error) => void link.request({ type: 'link:error', error }).catch(() => {})),
      walletChain: () => this.walletChain(),
    });
    // The home's values: the current network's own feeds (the devnet's, from its profile) and Chainlink's shipped table, one read per feed and head.
    const prices = new PriceHost({
      feeds: (tokens) => {
        const profile = session.profile();
        return profile ? pricesFor(profile.chainId, tokens, ownPriceFeeds(profile)) : { tokens: new Map() };
      },
      read: readPrice,
    });
    this.balances = new WalletBalances({
      repo: deps.wallet,
      addresses: async () => [...((await deps.wallet.getVault())?.addresses ?? [])],
      chain,
      network,
      proveToken: (address, offered) => proveToken(this.walletChain(), address, offered),
      held: (c, at, accounts, followed) => this.transfers.held(c, at, accounts, followed),
      prices: (c, at, tokens) => prices.prices(c, at, tokens),
    });
    link.serve((request) => this.handle(request));
  }

  /**
   * A started host asks the service worker for the network and heads once (a new offscreen
   * document, a reloaded background page); after that they come with each new head.
   */
  async start(): Promise<void> {
    if (this.adopted) return;
    const snapshot = await this.deps.link.request({ type: 'link:snapshot' });
    if (!this.adopted) this.handle({ type: 'app:adopt', snapshot: snapshot as never, newHead: true });
  }

  handle(request: AppRequest): Promise<unknown> {
    switch (request.type) {
      case 'app:adopt':
      case 'app:checkRollups':
      case 'app:discoverNetwork':
      case 'app:profileOf':
      case 'app:applyEdit':
      case 'app:checkSignIn':
      case 'app:typedDataDigest':
      case 'app:findLocalDevnet':
      case 'app:announcedSchedule':
      case 'app:readCalls':
      case 'app:vault':
        return this.serve(request);
      case 'app:prepareTransaction':
      case 'app:recheckTransactions':
      case 'app:planDelegation':
      case 'app:prepareDelegation':
      case 'app:confirmDelegation':
      case 'app:replacement':
      case 'app:chain':
      case 'app:fees':
      case 'app:atomic':
        // At the service worker's own heads: the facts it judges come from the head it signs against.
        this.adopted = true;
        this.session.adopt(request.snapshot);
        return this.serve(request);
      default:
        // Answered from the network and heads: a host that has not adopted them yet (just started,
        // after a browser restart) asks for them first, rather than answer as if it had no network.
        return this.start().then(() => this.serve(request));
    }
  }

  private serve(request: AppRequest): Promise<unknown> {
    switch (request.type) {
      case 'app:adopt': {
        this.adopted = true;
        this.session.adopt(request.snapshot);
        const newest = this.session.newest();
        if (request.newHead && newest) this.rollups.followAt(newest);
        if (request.newHead) void this.subscriptions.onHead().catch(() => {});
        if (request.newHead) this.transfers.onHead();
        return Promise.resolve(null);
      }
      case 'app:rollups':
        this.rollups.statusAsked();
        return Promise.resolve(followedRollupViews(this.session, this.rollups));
      case 'app:canRead':
        return Promise.resolve(this.rollups.canRead());
      case 'app:checkRollups':
        return checkRollupConfigs(request.configs, request.l1ChainId).then(() => null);
      case 'app:profileOf':
        return Promise.resolve().then(() => profileOf(request.network, request.from));
      case 'app:applyEdit':
        return Promise.resolve().then(() => applyEdit(request.settings, request.edit));
      case 'app:discoverNetwork':
        return localDiscovery(checkRollupConfigs, Date.now)(request.request);
      case 'app:acceptedBatch':
        return this.rollups.acceptedBatch(request.chainId);
      case 'app:balance':
        return this.rollups.balance(request.chainId, request.address);
      case 'app:filter':
        if (request.budget) this.quotas.adopt(request.origin, request.budget, this.session.now());
        return this.filterCall(request.origin, request.method, request.params);
      case 'app:subscribe':
        if (request.budget) this.quotas.adopt(request.origin, request.budget, this.session.now());
        return this.subscriptions.call(request.origin, request.page, request.method, request.params);
      case 'app:chain': {
        if (request.budget) this.quotas.adopt(request.origin, request.budget, this.session.now());
        // In the pages' lane of this host's endpoints, as app:run.
        const reader = this.session.execution()?.forPages().chain;
        const meter = { quotas: this.quotas, origin: request.origin, now: this.session.now };
        const answer = reader ? chainCall(reader)(meter, request.method, request.params) : Promise.reject(noExecutionRpc());
        // Every failure as the provider error the service worker's handler would make of it, made here:
        // chainCall's QueryError is a class the service worker does not load (src/core/error-wire.ts).
        return answer.catch((err: unknown) => {
          throw toProviderError(err);
        });
      }
      case 'app:fees': {
        const execution = this.session.execution();
        if (execution === undefined) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
        const lane = request.lane === 'pages' ? execution.forPages() : execution;
        const { ask } = request;
        if (ask.fee === 'suggestedTip') return lane.suggestedTip();
        if (ask.fee === 'tipChoice') return lane.tipChoice({ unattended: ask.unattended });
        return lane.feeHistory(ask.blockCount, ask.newest, ask.rewardPercentiles);
      }
      case 'app:exitsOf':
        return this.exits.list(request.owners);
      case 'app:pageName':
        return pageName((name) => resolveName(this.names([]), name), request.name);
      case 'app:checkSignIn':
        return Promise.resolve(checkSignIn(request.claim, request.origin, request.address, Date.now()));
      case 'app:typedDataDigest': {
        // Its words bind as a transaction's do: Vigil's list and the network's own tokens (a devnet's VUSD permit).
        const chain = this.chainOrNone();
        return this.tokensAndNames().then((b) => reviewTypedData(chain, request.typedData, request.chainId, request.version, chain ? wordsBindings(chain, b, this.routers()) : undefined));
      }
      case 'app:proveToken':
        return proveToken(this.walletChain(), request.address, request.offered);
      case 'app:run': {
        // In the pages' lane of this host's endpoints, behind its own work (rollups, exits, transactions).
        const pages = this.session.execution()?.forPages();
        if (pages === undefined) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
        return pages.run(request.params);
      }
      case 'app:prepareTransaction':
        return this.transactions.prepare(request.params, request.options);
      case 'app:planDelegation':
        return this.delegations.plan(request.params);
      case 'app:prepareDelegation':
        return this.delegations.prepare(request.plan, request.now);
      case 'app:confirmDelegation':
        return this.delegations.confirm(request.from, request.action, request.delegate, request.now);
      case 'app:recheckTransactions':
        return this.transactions.recheck(request.from, request.txs, request.options);
      case 'app:replacement':
        return this.transactions.replacement(request.row, request.kind, request.now);
      case 'app:findLocalDevnet':
        return findLocalDevnet(request.at === undefined ? {} : { at: request.at });
      case 'app:vault':
        return vaultWork(request);
      case 'app:announcedSchedule': {
        if (!isDefaultNetwork(request.id)) throw new InputError(`"${request.id}" is not a network Vigil ships`);
        return announcedSchedule(NETWORKS[request.id], request.beaconApis);
      }
      case 'app:readCalls':
        return Promise.resolve().then(() => parseSendCalls(request.params));
      case 'app:prepareCalls': {
        const chain = this.walletChain();
        const now = Math.floor(Date.now() / 1000);
        const routers = this.routers();
        return this.tokensAndNames().then((b) =>
          prepareBatch({ chain, pending: request.pending, now, simulate: async (requests) => (await previewAgainst(chain, requests, undefined, { now, toleranceBps: request.toleranceBps, routers, ...b, atomic: request.atomic === true })).effects }, request.origin, request.from, request.calls, { atomic: request.atomic === true }),
        );
      }
      case 'app:advanceBatches':
        return this.batches.advance().then(() => null);
      case 'app:atomic':
        return provenAtomic(this.chainOrNone(), request.address, request.batch);
      case 'app:callsStatus':
        return repoCallsStatus(this.deps.wallet, () => this.session.profile()?.chainId, () => this.session.execution()?.chain)(request.origin, request.id);
      case 'app:tick':
        return this.exits.tick().then(() => null);
      case 'app:popup':
        return this.popup(request.request);
    }
  }

  /**
   * The verified chain as the wallet reads it, over this host's reads of L1: token proofs and
   * transaction previews run here (the ABI codec and the effects' decoding live out of the service
   * worker's bundle).
   */
  /** The chain when this host can prove on it (a typed-data review before the host adopted a network shows its spenders not proven). */
  private chainOrNone(): WalletChain | undefined {
    try {
      return this.walletChain();
    } catch (err) {
      if (err instanceof WalletError) return undefined;
      throw err;
    }
  }

  /**
   * The Uniswap V2 routers known on the followed network: Vigil's own and, on the user's own
   * network, the profile's (a local devnet's list, from the loopback server the user chose to add).
   * That list only labels a call and reads its minimum-out; nameCall names a swap only when the
   * calldata decodes whole and the simulation over proven state moves the user's assets as named,
   * so a wrong list can at worst leave a call unnamed or put a wrong protocol label on a swap whose
   * effects are still proven and shown.
   */
  routers(): ReadonlySet<string> {
    const profile = this.session.profile();
    return profile ? knownRouters(profile.chainId, profile.routers) : new Set();
  }

  /**
   * Who the effects' tokens are on the followed network (src/wallet/tokens/identity.ts): the tokens
   * the user follows there (rows that break the token rule left out) beside Vigil's list and, on
   * the user's own network, the profile's listed tokens (a local devnet's own, from the loopback
   * server the user chose to add: src/client/network/own-network.ts checkTokens). A simulation also
   * reads the followed ones' balances around the run, whether or not it logs a move of them.
   */
  async knownTokens(): Promise<NonNullable<PreviewOptions['knownTokens']>> {
    const profile = this.session.profile();
    if (!profile) return {};
    const followed = followedTokens(await this.deps.wallet.tokens(profile.chainId)).filter((t) => t.problem === undefined);
    return { followed, ...(profile.tokens ? { listed: profile.tokens } : {}) };
  }

  /** What a preview's words bind to and name: {@link knownTokens}, and the user's accounts as the popup names them (src/client/wallet/names/own-names.ts; none when the service worker cannot say). */
  private async tokensAndNames(): Promise<Pick<PreviewOptions, 'knownTokens' | 'names'>> {
    const [knownTokens, names] = await Promise.all([this.knownTokens(), this.deps.link.request({ type: 'link:accounts' }).then(ownNames, () => new Map<string, string>())]);
    return { knownTokens, names };
  }

  /**
   * ENS names on the followed network, at the signing head, through its UniversalResolver; a
   * gateway asked only when its origin is allowed (the popup asked the user: it sees the name).
   */
  private names(allowedGateways: readonly string[]): NameDeps {
    const profile = this.session.profile();
    return {
      chain: this.walletChain(),
      universalResolver: profile ? universalResolverOf(profile) : undefined,
      // Loopback and LAN gateways only on the user's own network (a devnet's), never on one Vigil ships.
      askGateway: (request) => askGateway(request, { allowPrivate: profile !== undefined && !isDefaultNetwork(profile.id) }),
      allowedGateways: allowedGateways.filter((g) => typeof g === 'string').slice(0, 8),
      pins: PINNED_VERIFYING_RESOLVERS,
    };
  }

  private walletChain(): WalletChain {
    const session = this.session;
    const profile = session.profile();
    const reader = session.reader();
    const execution = session.execution();
    if (!profile || !reader || !execution) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    const { secondsPerSlot } = parseNetworkConfig(profile.config);
    const network = { chainId: BigInt(profile.chainId), name: profile.label, maxHeadAgeSeconds: signingHeadAgeSeconds(secondsPerSlot), secondsPerSlot };
    return walletChainOf({ network, signing: () => session.newest(), newest: () => session.heads().optimistic ?? session.newest(), held: (h) => session.held(h), reader, execution });
  }

  private async popup(request: AppPopupRequest): Promise<unknown> {
    switch (request.type) {
      case 'vigil:wallet:balances':
        return asView<AccountBalances>(await this.balances.balances());
      case 'vigil:wallet:transfers':
        return asView<TransfersView>(await this.transfers.view());
      case 'vigil:wallet:addToken':
        return this.balances.addToken(request);
      case 'vigil:wallet:removeToken':
        return this.balances.removeToken(request.address);
      case 'vigil:wallet:resolveName':
        return resolveName(this.names(request.allowedGateways ?? []), request.name);
      case 'vigil:wallet:lookupAddress':
        return lookupAddress(this.names([]), request.address);
      case 'vigil:wallet:l2Accounts': {
        // The wallet's own L1 transactions: a deposit not yet on L2 is said to be on its way.
        const [reads, activity] = await Promise.all([this.l2Wallet.accounts(), this.deps.wallet.listActivity().catch(() => [])]);
        const networkId = this.session.profile()?.id;
        return reads.map((read) => {
          const view = l2AccountView(read, this.session.now());
          const deposit = depositOnTheWay(read, activity, networkId);
          return deposit === undefined ? view : { ...view, deposit };
        });
      }
      case 'vigil:wallet:l2Deposit':
        return this.l2Wallet.deposit(request);
      case 'vigil:wallet:l2Transfer':
        return asView<L2TransferView>(await this.l2Wallet.transfer(request));
      case 'vigil:wallet:l2Transfers':
        return asView<L2TransferView[]>(await this.l2Wallet.transfers());
      case 'vigil:exit:allowFee':
        return this.exits.allowFee(request.id);
      case 'vigil:exit:abandon':
        return this.exits.abandon(request.id);
      case 'vigil:exit:start':
        return this.exits.start(request);
      case 'vigil:exit:list':
        return this.exits.list();
      case 'vigil:exit:routes':
        return this.exits.routes();
      case 'vigil:exit:balance':
        return this.exits.balance(request);
    }
  }
}

/** The keyring session's vault work, done here (src/wallet/keyring-changes.ts): the service worker checks what it answers. */
export function vaultWork(request: VaultRequest): Promise<unknown> {
  const random = (r: HexSealRandom) => ({ salt: hexToBytes(r.salt, 32, 'salt'), nonce: hexToBytes(r.nonce, 12, 'nonce'), ...(r.params ? { params: r.params } : {}) });
  switch (request.work) {
    case 'seal':
      return localVaultWork.seal(request.secret, request.password, random(request.random));
    case 'reseal':
      return localVaultWork.reseal(request.record, request.password, request.change, hexToBytes(request.nonce, 12, 'nonce'));
    case 'rekey':
      return localVaultWork.rekey(request.record, request.password, request.newPassword, random(request.random));
    case 'open':
      return localVaultWork.open(request.record, request.password);
    case 'reveal':
      return localVaultWork.reveal(request.record, request.password, request.phrase);
    case 'newMnemonic': {
      const entropy = hexToBytes(request.entropy, undefined, 'entropy');
      return localVaultWork.newMnemonic(entropy).finally(() => entropy.fill(0));
    }
    default:
      return Promise.reject(new InputError(`unknown vault work ${String((request as { work?: unknown }).work).slice(0, 40)}`));
  }
}
