/**
 * The wallet, put together: the keyring session, the sites' permissions, the approval queue,
 * the requests sites and the popup make, the wallet's own transactions, the activity and the
 * balances, over one Dexie repository and the current network's verified chain. Free of browser
 * APIs (injected), so it runs in Node tests as in the extension.
 * @module
 */
import type { WalletRepo } from '../../storage/wallet.ts';
import type { ScryptParams } from '../../wallet/vault.ts';
import { WalletAccounts } from './accounts.ts';
import { Activity, type ActivityReader } from './activity.ts';
import { Approvals, type NetworkInfo } from './approvals.ts';
import { CallBatches, type CallBatchesDeps } from './batches/call-batches.ts';
import type { DelegationHost } from './delegation/delegate.ts';
import { DelegationRequests } from './delegation/requests.ts';
import type { ProveToken } from './followed-tokens.ts';
import type { VaultWork } from '../../wallet/keyring-changes.ts';
import { KeyringSession, type KeyringState, repoAttemptStore, repoVaultStore, type SessionStore } from './keyring-session.ts';
import { OwnTransactions } from './own-transactions.ts';
import { type AccountsEvent, Permissions } from './permissions.ts';
import { WalletRequests, type WalletRequestsDeps } from './requests.ts';
import type { WalletChain } from './transactions.ts';

export interface WalletDeps {
  repo: WalletRepo;
  /** Where the unlocked keyring survives a stopped service worker (storage.session). */
  session: SessionStore;
  random(length: number): Uint8Array;
  now(): number;
  /** Shows this approval in its origin's window (its own window, never an iframe; one per origin). */
  openApproval(id: string, origin: string): Promise<void>;
  /** The current network's verified chain for transactions; undefined when it cannot prove. */
  chain(): WalletChain | undefined;
  /** The current network's verified chain as the activity settles transactions against it. */
  chainReader(): ActivityReader | undefined;
  network(): NetworkInfo | undefined;
  /** Network ids by chain id, of networks Vigil can verify (a profile with a beacon API). */
  networkForChain(chainId: bigint): string | undefined;
  switchNetwork(id: string): Promise<void>;
  /** The chain pages see when it is not the network's own (a followed rollup switched to). */
  activeChainId?(): number | undefined;
  /** Sends an event to the pages of `origin` (every page when undefined). */
  emit(event: AccountsEvent, origin?: string): void;
  /** scrypt cost (tests pass a small one). */
  scrypt?: ScryptParams;
  /** A new vault, a change of it, a new password (src/wallet/keyring-changes.ts; the app host does it in the extension). */
  vaultWork: VaultWork;
  /** The user's cap on what a step signed with no window may cost (wei); undefined: the policy's default. */
  maxUnattendedCost?(): bigint | undefined;
  /** Checks a personal message that claims to be a sign-in (ERC-4361): src/client/wallet/sign-in.ts, in the app host in the extension. */
  checkSignIn: WalletRequestsDeps['checkSignIn'];
  typedDataDigest: WalletRequestsDeps['typedDataDigest'];
  /** A token's own symbol and decimals, proven (src/client/wallet/token-proof.ts: the app host runs it in the extension). */
  proveToken: ProveToken;
  /** A name resolved by proof, no gateway asked (the app host's in the extension): a recipient chosen by name is checked again for the window. */
  resolveName?: WalletRequestsDeps['resolveName'];
  /** Where a transaction is filled, simulated and proven again before signing (src/client/wallet/transaction-host.ts: the app host's in the extension). */
  transactions: WalletRequestsDeps['transactions'];
  /** The user's tolerance on what they receive between the window and the signature (basis points; default 50). */
  incomingToleranceBps?: WalletRequestsDeps['incomingToleranceBps'];
  /** How long a batch's signed calls may still be sent after its approval (minutes; default 60). */
  batchExpiryMinutes?: CallBatchesDeps['batchExpiryMinutes'];
  /** A page's wallet_sendCalls request read and checked (src/wallet/send-calls.ts: the app host runs it in the extension). */
  readCalls: CallBatchesDeps['readCalls'];
  /** Moves the open batches on after each activity pass (src/client/wallet/batches/progress.ts: the app host runs it in the extension). */
  advanceBatches: CallBatchesDeps['advanceBatches'];
  /** A batch prepared for its window (src/client/wallet/batches/prepare.ts: the app host runs it in the extension). */
  prepareCalls: CallBatchesDeps['prepareCalls'];
  /** wallet_getCallsStatus (src/client/wallet/batches/calls-status.ts: the app host answers it in the extension). */
  callsStatus: CallBatchesDeps['callsStatus'];
  /** The followed network's pinned EIP-7702 delegate address (its profile's `delegator`); absent or undefined: delegating is not offered. */
  delegator?(): string | undefined;
  /** Where a delegation is planned, simulated and confirmed (src/client/wallet/delegation/delegate.ts delegationHost: the app host's in the extension); absent: not offered. */
  delegationHost?: DelegationHost;
  /** Whether an account (and a batch of it) runs atomically, proven (src/client/wallet/batches/atomic.ts: the app host runs it in the extension). */
  atomic: CallBatchesDeps['atomic'];
}

/** The wallet as the popup sees it. */
export interface WalletState extends KeyringState {
  pendingApprovals: string[];
}

export class Wallet {
  readonly keyring: KeyringSession;
  /** The popup's account management: imports, accounts added, renamed, removed; the wallet forgotten. */
  readonly accounts: WalletAccounts;
  readonly permissions: Permissions;
  readonly approvals: Approvals;
  /** The provider's wallet (src/provider/wallet-methods.ts WalletBackend), and the popup's send. */
  readonly requests: WalletRequests;
  readonly own: OwnTransactions;
  readonly activity: Activity;
  /** EIP-5792 batches: one approval; one transaction through the pinned delegate, or one per call sent in order. */
  readonly batches: CallBatches;
  /** The popup's EIP-7702 delegation and revocation, each in its own window. */
  readonly delegations: DelegationRequests;

  constructor(deps: WalletDeps) {
    const { repo, now, chain, network } = deps;
    this.keyring = new KeyringSession({
      vault: repoVaultStore(repo, now),
      session: deps.session,
      // In Dexie, not storage.session: the backoff survives a browser restart.
      attempts: repoAttemptStore(repo),
      random: deps.random,
      now,
      ...(deps.scrypt ? { scrypt: deps.scrypt } : {}),
      ...deps.vaultWork,
      onLockChange: () => this.permissions.announce(),
    });
    const keyring = this.keyring;
    this.permissions = new Permissions({ repo, keyring, now, emit: deps.emit });
    this.activity = new Activity({ repo, now, chain, chainReader: deps.chainReader, network, afterTrack: () => deps.advanceBatches() });
    this.approvals = new Approvals({
      repo,
      keyring,
      session: deps.session,
      random: deps.random,
      now,
      openApproval: deps.openApproval,
      network,
      perform: (row) => (row.kind === 'calls' ? this.batches.perform(row) : row.kind === 'delegation' ? this.delegations.perform(row) : this.requests.perform(row)),
      // The proof the atomic status rests on (src/client/wallet/batches/atomic.ts: the account's code and its
      // delegate's, at this worker's signing head, in the app host): it answers only once the delegation is proven.
      delegationProven: async (address) => void (await deps.atomic(address)),
    });
    // What a transaction and a batch both rest on.
    const signing = {
      repo,
      keyring,
      permissions: this.permissions,
      approvals: this.approvals,
      activity: this.activity,
      now,
      chain,
      network,
      networkForChain: deps.networkForChain,
      transactions: deps.transactions,
      ...(deps.incomingToleranceBps ? { incomingToleranceBps: deps.incomingToleranceBps } : {}),
    };
    this.batches = new CallBatches({
      ...signing,
      batches: repo.batches,
      readCalls: deps.readCalls,
      prepareCalls: deps.prepareCalls,
      callsStatus: deps.callsStatus,
      atomic: deps.atomic,
      advanceBatches: deps.advanceBatches,
      ...(deps.batchExpiryMinutes ? { batchExpiryMinutes: deps.batchExpiryMinutes } : {}),
    });
    this.requests = new WalletRequests({
      ...signing,
      batches: this.batches,
      switchNetwork: deps.switchNetwork,
      ...(deps.activeChainId ? { activeChainId: deps.activeChainId } : {}),
      checkSignIn: deps.checkSignIn,
      typedDataDigest: deps.typedDataDigest,
      proveToken: deps.proveToken,
      ...(deps.resolveName ? { resolveName: deps.resolveName } : {}),
    });
    this.delegations = new DelegationRequests({ repo, keyring, approvals: this.approvals, activity: this.activity, now, chain, network, networkForChain: deps.networkForChain, delegator: () => deps.delegator?.(), host: deps.delegationHost });
    this.accounts = new WalletAccounts({ keyring, permissions: this.permissions, approvals: this.approvals });
    this.own = new OwnTransactions({
      keyring,
      activity: this.activity,
      chain,
      network,
      prepare: (origin, request, unattended, replaces) => this.requests.prepare(origin, request, unattended, replaces),
      ...(deps.maxUnattendedCost ? { maxUnattendedCost: deps.maxUnattendedCost } : {}),
    });
  }

  async state(): Promise<WalletState> {
    return { ...(await this.keyring.state()), pendingApprovals: await this.approvals.pendingIds() };
  }
}
