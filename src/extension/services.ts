/**
 * The background's application, wired: the L1 session, the wallet and its L2 side, the rollups
 * followed from the session's heads, the forced exits, and the provider's request handling over
 * them (src/client, src/provider). The browser's adapters (storage, ports, windows, alarms,
 * notifications, storage.session) come in through `BackgroundDeps`: background.ts gives the real
 * ones, Node tests their own. Each popup request is answered here with its view (./messages.ts).
 * @module
 */
import { verifiedChainSources } from '../client/escape-proof.ts';
import { ExitService } from '../client/exits.ts';
import { indexerGet } from '../client/exit-plan-runner.ts';
import type { AccountsEvent } from '../client/permissions.ts';
import { L1Session, type L1SessionDeps } from '../client/l1-session.ts';
import { L2Wallet } from '../client/l2-wallet.ts';
import { RollupFollowing } from '../client/rollup-following.ts';
import type { SessionStore } from '../client/keyring-session.ts';
import { Wallet } from '../client/wallet.ts';
import { hexToBytes } from '../core/bytes.ts';
import { blockEnvFromJson } from '../execution/block-env.ts';
import { createRequestHandler, type ProviderRequest } from '../provider/handler.ts';
import { OriginRegistry } from '../provider/origins.ts';
import type { InjectionConfig, PortEvent } from '../provider/page-protocol.ts';
import { PooledAccountReader } from '../client/verified-reads.ts';
import { sessionBackend } from '../provider/session-backend.ts';
import type { ExitRepo } from '../storage/exits.ts';
import type { L2TransferRepo } from '../storage/l2-transfers.ts';
import type { WalletRepo } from '../storage/wallet.ts';
import type { ScryptParams } from '../wallet/vault.ts';
import type { ChainAnnouncement, DiscoverNetworkRequest, L2AccountView, LocalDevnet, NetworkPreview, ProfileEdit, Settings, Status } from './messages.ts';
import { l2AccountView, statusView } from './views.ts';

export type { Counters } from '../client/session-status.ts';

export interface BackgroundDeps extends Omit<L1SessionDeps, 'accountReader' | 'chainChanged' | 'onHead' | 'announceChain' | 'announceInjection'> {
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
  /** A system notification (a followed rollup holding the user's funds stopped). */
  notify?(id: string, title: string, message: string): void;
}

export class BackgroundServices {
  readonly session: L1Session;
  readonly origins: OriginRegistry;
  readonly wallet: Wallet | undefined;
  readonly l2Wallet: L2Wallet | undefined;
  readonly rollups: RollupFollowing;
  readonly exits: ExitService | undefined;
  readonly handleRequest: (origin: string, request: ProviderRequest, requestKey?: string) => Promise<unknown>;

  constructor(private readonly deps: BackgroundDeps) {
    const session = new L1Session({
      ...deps,
      accountReader: (rpc, runner, onRejected) => new PooledAccountReader(rpc, runner, { onRejected }),
      chainChanged: (chainId) => deps.broadcast({ event: 'chainChanged', data: chainId }),
      onHead: (head) => {
        // A new verified block may hold a receipt the activity waits for.
        void this.wallet?.activity.track().catch(() => {});
        this.rollups.followAt(head);
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
          chainReader: () => session.execution()?.chain,
          network: () => {
            const p = session.profile();
            return p ? { id: p.id, chainId: p.chainId, name: p.label } : undefined;
          },
          networkForChain: (chainId) => session.settings.networkForChain(chainId),
          switchNetwork: (id) => session.settings.switchNetwork(id),
          activeChainId: () => session.settings.activeRollup(),
          emit: (event: AccountsEvent, origin) => deps.broadcast(event, origin),
          ...(w.scrypt ? { scrypt: w.scrypt } : {}),
        })
      : undefined;
    const wallet = this.wallet;
    this.l2Wallet =
      wallet && w?.l2Transfers && w.l2Call
        ? new L2Wallet({
            rollups: () => session.rollups(),
            newestHead: () => session.newestRef(),
            addresses: () => wallet.keyring.unlockedAddresses(),
            l2Key: (address, chainId) => wallet.keyring.l2Key(address, chainId),
            send: (params) => wallet.requests.send(params),
            l2Call: w.l2Call,
            transfers: w.l2Transfers,
            now,
          })
        : undefined;
    this.exits =
      wallet && w?.exits
        ? new ExitService({
            rollups: () => session.rollups(),
            newestHead: () => session.newestRef(),
            networkId: () => session.profile()?.id,
            repo: w.exits,
            receipt: async (hash) => {
              const chain = session.execution()?.chain;
              if (!chain) return null;
              // blockHash and each log's logIndex: OP names its deposit's L2 transaction by them.
              const r = (await chain.getTransactionReceipt(hexToBytes(hash, 32, 'hash'))) as { status: string; blockNumber: string; blockHash?: string; logs: { address: string; topics: string[]; data: string; logIndex?: string }[] } | null;
              return r === null ? null : { status: r.status, blockNumber: r.blockNumber, ...(typeof r.blockHash === 'string' ? { blockHash: r.blockHash } : {}), logs: r.logs };
            },
            finalizedBlockNumber: () => {
              const finalized = session.board.heads().finalized;
              return finalized === undefined ? undefined : BigInt(finalized.blockNumber);
            },
            sign: (tx) => wallet.own.sign(tx),
            signL2: (from, tx) => wallet.own.signL2(from, tx),
            broadcast: (raw) => wallet.own.broadcast(raw),
            httpGet: indexerGet,
            baseFeePerGas: (ref) => {
              const env = session.board.held(ref.blockHash)?.env;
              return env === undefined ? undefined : blockEnvFromJson(env).baseFeePerGas;
            },
            // The L2 RPC's account proof when it hashes to the root L1 holds; else the L2 state rebuilt from L1's calldata.
            l1History: () => {
              const chain = session.execution()?.chain;
              return chain ? verifiedChainSources(chain) : undefined;
            },
            now,
          })
        : undefined;
    this.rollups = new RollupFollowing({
      session,
      ...(this.l2Wallet ? { l2Wallet: this.l2Wallet } : {}),
      afterRead: () => [this.exits?.tick() ?? Promise.resolve()],
      ...(deps.notify ? { notify: deps.notify } : {}),
    });
    const exits = this.exits;
    this.handleRequest = createRequestHandler(
      sessionBackend({ session, rollups: this.rollups, ...(wallet ? { wallet: wallet.requests } : {}), ...(exits ? { exits: (owners) => exits.list(owners) } : {}) }),
      this.origins,
    );
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

  status(): Status {
    this.rollups.statusAsked();
    return statusView(this.session, this.rollups);
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

  /** The devnet at the well-known local URL, if one runs (the popup offers it). */
  findLocalDevnet(): Promise<LocalDevnet | null> {
    return this.session.settings.findLocalDevnet();
  }

  /** Each wallet account's L2 account on each followed rollup, proven. */
  async l2Accounts(): Promise<L2AccountView[]> {
    return (await this.l2WalletOrThrow().accounts()).map(l2AccountView);
  }

  l2WalletOrThrow(): L2Wallet {
    if (!this.l2Wallet) throw new Error('the L2 wallet is not available in this background');
    return this.l2Wallet;
  }

  /** Runs a no-op task on the verifier pool: which hash and BLS backends the workers use. */
  pingVerifier(): Promise<{ hash: string; bls: string }> {
    return this.deps.runner.run('ping', null, { timeoutMs: 20_000 });
  }
}
