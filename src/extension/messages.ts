/**
 * Runtime messages between extension pages (popup, settings, tests), the background and the
 * offscreen document, and every view the popup and the approval window read: the wire contract.
 * JSON-safe (Chrome serializes extension messages as JSON). The background maps the application's
 * objects (src/client) into these views (src/extension/views.ts); each view holds what the popup
 * reads. A view that is a type of a pure layer or a client view type as it is (TierJson,
 * NativeCurrency, NetworkPreview) is not restated here: the UI imports it from its source, types
 * only (the layer table, test/unit/architecture/layers.ts).
 * @module
 */
import type { ErrorView, HeadView as SessionHeadView, SyncState } from '../client/light-client/session-status.ts';
import type { DiscoverNetworkRequest } from '../client/network/discovery.ts';
import type { LivenessState, NativeCurrency } from '../l2/adapter.ts';
import type { TierJson } from '../l2/tier.ts';
import type { L2TransferRow } from '../storage/l2-transfers.ts';
import type { WireError } from '../core/error-wire.ts';
import type { LocalDevnet } from '../client/network/local-devnet.ts';
import type { ChainAnnouncement } from '../client/network/network-settings.ts';
import type { ProfileEdit, ShippedRollup } from '../client/network/settings.ts';
import type { ApprovalAcknowledgements } from '../client/wallet/approval-gates.ts';
import type { AccountBalances } from '../client/wallet/balances.ts';
import type { HeldToken } from '../client/wallet/transfers/held-tokens.ts';
import type { PriceView } from '../client/wallet/price-view.ts';
import type { TransferCoverageView, TransfersView, TransferView, UnexplainedView } from '../client/wallet/transfers/activity-view.ts';
import type { WalletState } from '../client/wallet/wallet.ts';
import type { CheckpointOrigin } from '../storage/db.ts';
import type { ApprovalKind } from '../storage/wallet.ts';
import type { TransactionEffects } from '../wallet/transaction-effects.ts';

export type { AccountBalances, HeldToken, PriceView, TransferCoverageView, TransfersView, TransferView, UnexplainedView, ApprovalKind, ChainAnnouncement, CheckpointOrigin, ErrorView, LocalDevnet, ProfileEdit, ShippedRollup, SyncState, WalletState };

export type BackgroundRequest =
  | { type: 'vigil:getStatus' }
  | { type: 'vigil:getSettings' }
  /** `network`: the devnet's ready object as `vigil devnet` prints it, or a known network's id. */
  | { type: 'vigil:setNetwork'; network: unknown }
  | { type: 'vigil:saveProfile'; edit: ProfileEdit }
  | { type: 'vigil:setOverrideWindowEthereum'; value: boolean }
  /** The most a forced-exit step may cost without asking (wei, decimal); null: the default 0.05 ETH. */
  | { type: 'vigil:setMaxUnattendedCost'; wei: string | null }
  /** How much less the user may receive at signing than the window showed before it asks again (basis points); null: 50. */
  | { type: 'vigil:setIncomingTolerance'; bps: number | null }
  | { type: 'vigil:setBatchExpiry'; minutes: number | null }
  /** Reads a network from a beacon API URL (and checks an execution RPC against it): answers a NetworkPreview, saves nothing. */
  | ({ type: 'vigil:discoverNetwork' } & DiscoverNetworkRequest)
  /** The devnet at the well-known local URL (src/client/network/local-devnet.ts), or null when none answers. */
  /** The devnet on this computer: at its well-known URL, or at `at` (what the user typed: a port or a local URL). */
  | { type: 'vigil:findLocalDevnet'; at?: string }
  /** Saves a previewed network (checked again) as a profile and switches to it: answers the Status. */
  | { type: 'vigil:addNetwork'; preview: unknown }
  /** Run a verifier pool ping (diagnostics and tests). */
  | { type: 'vigil:poolPing' }
  // The wallet (src/client/wallet/wallet.ts): extension pages only, never a web page.
  | { type: 'vigil:wallet:getState' }
  | { type: 'vigil:wallet:newMnemonic' }
  | { type: 'vigil:wallet:create'; password: string; mnemonic?: string; privateKey?: string }
  | { type: 'vigil:wallet:unlock'; password: string }
  | { type: 'vigil:wallet:lock' }
  /** Recovery phrase `phrase` (its place in the keyring; absent: 0, the wallet's own). */
  | { type: 'vigil:wallet:reveal'; password: string; phrase?: number }
  /** Re-seals the vault under `newPassword` with a fresh salt; `password` counts as every prompt's does. */
  | { type: 'vigil:wallet:changePassword'; password: string; newPassword: string }
  /** The next account of phrase `phrase` (its place in the keyring; absent: 0, the wallet's own). */
  | { type: 'vigil:wallet:addAccount'; password: string; phrase?: number }
  | { type: 'vigil:wallet:importKey'; privateKey: string; password: string }
  | AccountsRequest
  | { type: 'vigil:wallet:setAutoLock'; minutes: number }
  | { type: 'vigil:wallet:balances' }
  | { type: 'vigil:wallet:activity' }
  /** The accounts' proven token transfers, where each account's are known, and the look-alike senders marked (a TransfersView: the app host's). */
  | { type: 'vigil:wallet:transfers' }
  | { type: 'vigil:wallet:permissions' }
  | { type: 'vigil:wallet:revoke'; origin: string }
  /** The popup's send: opens the same approval window as a dApp's request; answers the hash. */
  | { type: 'vigil:wallet:send'; from: string; to: string; value: string; data?: string; name?: string }
  /** The popup's EIP-7702 delegation or revocation (src/client/wallet/delegation/requests.ts): its own approval window; the hash once signed. */
  | { type: 'vigil:wallet:delegate'; from: string; action: 'delegate' | 'revoke' }
  /** Speeds up or cancels a pending transaction (src/client/wallet/replacement.ts): a new approval window; the replacement's hash once signed. */
  | { type: 'vigil:wallet:replace'; hash: string; kind: 'speedUp' | 'cancel' }
  /** Follows a token: its symbol and decimals proven by verified call (src/client/wallet/followed-tokens.ts); the user's, when typed, must match. */
  | { type: 'vigil:wallet:addToken'; address: string; symbol?: string; decimals?: number }
  | { type: 'vigil:wallet:removeToken'; address: string }
  /**
   * An ENS name's address by verified call (src/client/wallet/ens/names.ts): a NameView. A gateway is
   * asked only when its origin is in `allowedGateways` (the user allowed it: it sees the name); else
   * NameError GATEWAY_NOT_ALLOWED names the origins.
   */
  | { type: 'vigil:wallet:resolveName'; name: string; allowedGateways?: string[] }
  /** An address's primary ENS name, checked forward, with no gateway asked: a ReverseNameView. */
  | { type: 'vigil:wallet:lookupAddress'; address: string }
  /** Each wallet account's L2 account on each followed rollup, proven (src/client/rollups/l2-wallet.ts). */
  | { type: 'vigil:wallet:l2Accounts' }
  /**
   * An L1 deposit into a rollup (a new L2 account with the account's seed-derived L2 key, or a
   * top-up of its existing one): opens the approval window like `send`; answers the L1 hash.
   * `value`: wei as a 0x quantity, like `send`.
   */
  | { type: 'vigil:wallet:l2Deposit'; from: string; rollupChainId: number; value: string }
  /** An L2 transfer signed with the account's L2 key; `to`: an L1 address (its owner) or an account index; `value` as `send`. */
  | { type: 'vigil:wallet:l2Transfer'; from: string; rollupChainId: number; to: string; value: string }
  | { type: 'vigil:wallet:l2Transfers' }
  // Forced exits from followed rollups of every kind with an exit plan (src/client/exits/exit-service.ts).
  /** Starts one: `amount` wei (decimal), or none where the rollup's exit takes the whole proven balance; answers the ExitView. */
  | { type: 'vigil:exit:start'; rollupChainId: number; address: string; amount?: string }
  /** Lets the exit's current step cost what it asked (its `feeAsked`): the user's answer to FEE_ABOVE_CAP. */
  | { type: 'vigil:exit:allowFee'; id: string }
  /** Abandons an exit that cannot go on (archived with its history, never moved again; a new one may start): answers its ExitView. */
  | { type: 'vigil:exit:abandon'; id: string }
  /** The current network's exits, newest first, archived ones too (ExitView[]). */
  | { type: 'vigil:exit:list' }
  /** Each followed rollup with an exit plan: its liveness and route with real delays (ExitRouteView[]). */
  | { type: 'vigil:exit:routes' }
  /** `address`'s L2 balance on the rollup proven now: the most an exit can take (ExitBalanceView). */
  | { type: 'vigil:exit:balance'; rollupChainId: number; address: string }
  | { type: 'vigil:approval:get'; id: string }
  /** The queue approval `id` is in: its origin's waiting approvals (ApprovalQueueView). */
  | { type: 'vigil:approval:queue'; id: string }
  /** The approval window closes by itself (its last request answered, none waiting when it looked): not the user's no. */
  | { type: 'vigil:approval:closing'; id: string }
  /** The user's answer; with a yes, the boxes the window had ticked (the background checks its gates again: src/client/wallet/approval-gates.ts). */
  | { type: 'vigil:approval:resolve'; id: string; approve: boolean; accounts?: string[]; acknowledged?: ApprovalAcknowledgements };

/**
 * The popup's account management (src/client/wallet/accounts.ts): each answers the WalletState
 * after the change. Every one but `forget` asks the password (a wrong one counts as every prompt's).
 */
export type AccountsRequest =
  /** A recovery phrase or a private key, as typed in the import field, added to the wallet. */
  | { type: 'vigil:wallet:importSecret'; secret: string; password: string }
  /** Names an account ('' removes its name). */
  | { type: 'vigil:wallet:renameAccount'; address: string; name: string; password: string }
  | { type: 'vigil:wallet:removeKey'; address: string; password: string }
  /** Removes the imported phrase `address` is an account of, with all its accounts (never the wallet's own phrase). */
  | { type: 'vigil:wallet:removePhrase'; address: string; password: string }
  /** Deletes the vault and the wallet's state; `confirm`: the word the user typed ("forget"). */
  | { type: 'vigil:wallet:forget'; confirm: string };

const ACCOUNTS_REQUESTS: ReadonlySet<string> = new Set(['vigil:wallet:importSecret', 'vigil:wallet:renameAccount', 'vigil:wallet:removeKey', 'vigil:wallet:removePhrase', 'vigil:wallet:forget']);

export function isAccountsRequest(request: BackgroundRequest): request is AccountsRequest {
  return ACCOUNTS_REQUESTS.has(request.type);
}

export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };

// ---------------------------------------------------------------------------------------------
// Status (vigil:getStatus): the network, sync progress, the verified heads, what went wrong

/**
 * A verified head as the popup reads it: a view of the session's (src/client/light-client/session-status.ts
 * HeadView); who signed it may be absent from an older background's status.
 */
export type HeadView = Pick<SessionHeadView, 'slot' | 'blockNumber' | 'blockHash' | 'stateRoot' | 'timestamp' | 'finalized' | 'verifiedAt'> &
  Partial<Pick<SessionHeadView, 'signedBy' | 'thinlySigned'>>;


export interface NetworkView {
  id: string;
  label: string;
  chainId: number;
  preset: string;
  secondsPerSlot: number;
  beaconApis: string[];
  executionRpcs: string[];
  checkpoint: string | null;
  /**
   * How old a checkpoint taken now may be, and so how long Vigil may stay away after syncing
   * (`seconds`); `gloas`: past the network's Gloas (Glamsterdam) fork, which shortened it (EIP-8061).
   * Absent from an older background's status.
   */
  weakSubjectivity?: { seconds: number; gloas: boolean };
}

export interface Status {
  network: NetworkView;
  state: SyncState;
  /** Sync-committee periods: where the store is, where the chain is, where this catch-up began. */
  period: { current: number; head: number; start: number; catchingUp: boolean; updatesVerified: number } | null;
  finalized: HeadView | null;
  optimistic: HeadView | null;
  /** The newest head two thirds of its sync committee signed: what transactions are signed against. */
  signing?: HeadView | null;
  /** The network's current slot by this machine's clock. */
  currentSlot: number;
  stale: { slotsWithoutNewHead: number; lastHeadSlot: number; since: number } | null;
  /** Newest first, at most 12. */
  errors: ErrorView[];
  /**
   * The trusted checkpoint of this run. `source`: how this run got it (`stored`: resumed from the
   * saved store). `origin`: where the checkpoint itself came from — the user, or these beacon API
   * hosts agreeing on it — kept with the store across restarts; null when the store was saved
   * before Vigil recorded it (absent from an older background's status).
   */
  checkpoint: { root: string; source: 'user' | 'stored' | 'beacon-apis'; at: number; origin?: CheckpointOrigin | null } | null;
  /** How this background instance started its light client. */
  lifecycle: {
    /** When this background instance started (a service worker restart makes a new one). */
    instanceStartedAt: number;
    /** Bootstraps and resumes from the stored state, over all instances. */
    bootstraps: number;
    resumes: number;
    /** How the current run began. */
    lastInit: 'bootstrap' | 'resume' | null;
  };
  /** The rollups this network's profile follows (none when it has no rollup configs). */
  rollups: RollupView[];
  /** The extension's own settings the popup shows with the status. */
  overrideWindowEthereum: boolean;
  now: number;
}

// ---------------------------------------------------------------------------------------------
// Rollups and the wallet's L2 accounts (built by src/extension/rollup-views.ts)


/**
 * One proven L1 fact a rollup's liveness rests on, in words: `label`, then (when given) an age
 * (`ageSeconds` ago) or a wait (`waitedSeconds`).
 */
export interface LivenessSignal {
  label: string;
  ageSeconds?: number;
  waitedSeconds?: number;
}

/** While the accepted root is only `claimed`: until when a challenge may still undo it (seconds; null: not known yet, `note` says until what). */
export interface ClaimWindow {
  until: number | null;
  note: string;
}

/** One followed rollup, as of the newest verified L1 head it was read at. */
export interface RollupView {
  /** The L2's chain id. */
  chainId: number;
  name: string;
  /** The adapter kind (`vigil-zk-v1`, …). */
  kind: string;
  /** 'waiting': no verified L1 head or execution RPC yet; 'error': the last follow failed (see `error`). */
  state: 'waiting' | 'following' | 'error';
  liveness: LivenessState | null;
  /** The facts the liveness rests on, all from proven L1 storage. */
  facts: { lastBatchAgeSeconds: number; oldestQueuedAgeSeconds: number | null; frozen: boolean; oldestOwnPendingAgeSeconds?: number | null } | null;
  /** What `batch` counts: the rollup's batches, or (OP Stack, Arbitrum) the accepted L2 block's number. */
  unit: 'batch' | 'L2 block';
  /** The liveness facts in words, as this kind of rollup keeps them on L1 (the newest game, the last confirmation, the last finalization, …). */
  signals: LivenessSignal[];
  /** While `status` is `claimed`. */
  claim: ClaimWindow | null;
  /** Whether its L2 accounts are Ethereum's addresses (proven by eth_getProof, or on Linea read unproven): the wallet shows each of its accounts' balance there. */
  evm: boolean;
  /** The batch L1 accepted last, its root (0x-hex) and when L1 accepted it (seconds). */
  batch: number | null;
  root: string | null;
  acceptedAt: number | null;
  /** How final the accepted root is on L1: `claimed` while a challenge may still undo it (optimistic rollups). */
  status: 'finalized' | 'claimed' | null;
  /** 'verified': the batch's validity proof was re-verified here against the pinned key. */
  proof: 'verified' | 'not-applicable' | null;
  /** How far its root can be trusted, with the words the popup shows (src/l2/tier.ts). */
  tier: TierJson | null;
  /** What an account's balance there counts (Mantle: MNT). */
  nativeCurrency: NativeCurrency;
  /** Whether Vigil can take the user's funds out without the sequencer; when not, the route its contracts offer and why Vigil does not take it. */
  exit: { available: true } | { available: false; note: string };
  /** The verified L1 head it was read at. */
  l1: { blockNumber: number; blockHash: string } | null;
  /** Why the last follow failed (a lying L2 RPC, a proof that does not verify, an upgraded verifier, …). */
  error: { code: string; message: string } | null;
  /** With `error`: the rollup's L1 contracts changed to something its config does not accept (src/l2/rollup-change.ts). */
  change?: RollupChangeView;
  /** Where the data behind the accepted root lives and what sampling its blobs found; null until read (src/client/rollups/data.ts). */
  data: RollupDataView | null;
  /** When it was last read, ms. */
  checkedAt: number | null;
}

/** Where a rollup's batch data lives (src/l2/data/location.ts DataLocation, as JSON: numbers for blocks and slots). */
export interface RollupDataView {
  where: 'blobs' | 'calldata' | 'off-ethereum' | 'unknown';
  /** The batch in the rollup's words ("batch 12"). */
  batch: string;
  /** 'root': the batch behind the accepted root; 'recent': the rollup's newest postings only. */
  tie: 'root' | 'recent';
  l1: { tx: string; block: number } | null;
  /** Off Ethereum: the layer (EigenDA, AnyTrust DAC). */
  layer?: string;
  words: string;
  /** What ties the batch to the root, or what cannot be tied from L1 alone. */
  scope: string;
  /** Blobs: what sampling found (src/l2/data/availability.ts); null when not sampled or not blobs. */
  availability: AvailabilityView | null;
}

/** DataAvailability as JSON. */
export interface AvailabilityView {
  status: 'verified' | 'partial' | 'unsampled' | 'expired-checked' | 'expired-unchecked' | 'untied';
  slot: number | null;
  beaconRoot: string | null;
  blobs: number;
  columns: { asked: number; verified: number; total: number };
  endpoints: { url: string; asked: number; served: number; verified: number; bad: number; demoted: boolean; askedLast?: boolean; error?: { code: string; message: string } }[];
  /** Unix seconds. */
  checkedAt: number | null;
  expiresAt: number | null;
  code?: string;
  reason?: string;
  words: string;
}

/** A change of a rollup's L1 contracts in words ("Vigil needs an update to follow …"); `l1Block` exact when L1 names it, else the head it was seen by. */
export interface RollupChangeView { kind: 'game-type' | 'game-code' | 'implementation' | 'verifier'; words: string; l1Block: { number: number; exact: boolean }; expected: string | null; got: string | null }

/** One wallet account's L2 account on one rollup, proven against the accepted root. */
export interface L2AccountView {
  rollupChainId: number;
  rollupName: string;
  /** What its balance counts. */
  nativeCurrency: NativeCurrency;
  /**
   * An EVM rollup (OP Stack, Arbitrum, Scroll): the same address on L2, its balance by
   * eth_getProof against the accepted state root; no index, key, deposit or transfer here. Absent: the devnet rollup's.
   */
  evm?: {
    /** What `batch` counts (the accepted L2 block on OP Stack and Arbitrum, the batch on Scroll). */
    unit: 'batch' | 'L2 block';
    status: 'finalized' | 'claimed' | null;
    claim: ClaimWindow | null;
    /** When L1 accepted it (seconds) and how long before the L1 head it was read at. */
    acceptedAt: number | null;
    acceptedAgeSeconds: number | null;
  };
  /** The wallet's L1 address (the account's owner). */
  address: string;
  /** The L2 account's index; null when the account has no L2 account yet (deposit to open one). */
  index: number | null;
  /** Wei and nonce, proven (unless `notProven`); null with `error` when they could not be read. */
  balance: string | null;
  nonce: string | null;
  /** The account's L2 public key (Baby Jubjub, decimal strings) derived from the wallet's seed. */
  publicKey: { ax: string; ay: string } | null;
  batch: number | null;
  batchAgeSeconds: number | null;
  proof: 'verified' | 'not-applicable' | null;
  /** The tier of the root its balance is proven against. */
  tier: TierJson | null;
  /** The rollup changed under Vigil: `balance` is the last proven, never current (at `l2Block`, at the L1 head of time `provenAt`, s). */
  stale?: { l2Block: number; provenAt: number; provenAgeSeconds?: number; change: RollupChangeView };
  /**
   * Set where Vigil does not prove the rollup's accounts (Linea's trie): the balance and nonce are
   * the L2 RPC's at the accepted block, and this says so (e.g. "account not proven (Linea's trie)").
   */
  notProven?: string;
  /** With `notProven`: read at the L2 RPC's latest block, as it keeps no state of the accepted one. */
  readLatest?: boolean;
  l1BlockNumber: number | null;
  error: { code: string; message: string } | null;
  /**
   * While the account has no proven L2 account yet: the newest L1 deposit the wallet sent from
   * this address into the rollup (value in wei, decimal), and the L1 block that included it once
   * a verified receipt did (src/extension/rollup-views.ts depositOnTheWay).
   */
  deposit?: { hash: string; value: string; blockNumber?: number };
}

/** An L2 transfer the wallet signed, tracked until a verified batch includes it: its row as stored (JSON-safe). */
export type L2TransferView = L2TransferRow;

// ---------------------------------------------------------------------------------------------
// Settings and networks (src/client/network/settings.ts, network-discovery.ts, local-devnet.ts)


/** One network as Settings shows it. */
export interface NetworkProfileView {
  id: string;
  label: string;
  chainId: number;
  beaconApis: string[];
  executionRpcs: string[];
  checkpoint?: string;
  allowOldCheckpoint?: boolean;
  shippedRollups?: ShippedRollup[];
  /** The user's own network's Uniswap V2 routers (a local devnet's): swaps on them are named in the approval window. */
  routers?: string[];
  /** The user's own network's listed tokens (a local devnet's own): the approval window does not mark them unknown. */
  tokens?: { address: string; symbol: string }[];
  /** The user's own network's pinned EIP-7702 delegate address (a local devnet's): delegating is offered there. */
  delegator?: string;
  /** The network config in the consensus specs' names, as saved: the devnet offer compares its genesis (GENESIS_VALIDATORS_ROOT, GENESIS_TIME). */
  config?: unknown;
}

export interface Settings {
  current: string;
  profiles: Record<string, NetworkProfileView>;
  overrideWindowEthereum: boolean;
  /** The most a forced-exit step may cost without asking (wei, decimal); absent: 0.05 ETH. */
  maxUnattendedCost?: string;
  /** Basis points; absent: 50 (0.5%). */
  incomingToleranceBps?: number;
  /** Minutes a batch's signed calls may still be sent; absent: 60. */
  batchExpiryMinutes?: number;
}



// ---------------------------------------------------------------------------------------------
// The wallet's views (src/client/wallet/wallet.ts)



/** What the approval window shows (JSON). */
export interface ApprovalView {
  id: string;
  kind: ApprovalKind;
  origin: string;
  status: 'pending' | 'approved' | 'rejected' | 'done' | 'failed';
  locked: boolean;
  network: { id: string; chainId: number; name: string } | null;
  /** kind-specific: see src/client/wallet/requests.ts and transaction-details.ts. */
  details: Record<string, unknown>;
  error?: { code: string; message: string };
  result?: unknown;
}

/** One origin's approvals waiting for the user, oldest first: what its window shows in turn. */
export interface ApprovalQueueView {
  origin: string;
  pending: string[];
}

/** A transaction the wallet signed, as the activity list shows it. */
export interface ActivityView {
  hash: string;
  from: string;
  to: string | null;
  /** Decimal wei. */
  value: string;
  /** The most it can cost (decimal wei): its value and its gas limit at its fee cap, as signed. */
  maxCost: string;
  origin: string;
  summary: string;
  /** src/storage/wallet.ts ActivityStatus: settled only by proofs, "final" only in a finalized block. */
  status: 'signed' | 'pending' | 'included' | 'final' | 'failed' | 'replaced' | 'dropped';
  /** Decimal. */
  nonce: string;
  /** `effectiveGasPrice`: decimal wei per gas, from the verified block (absent in older rows). */
  receipt?: { blockNumber: number; blockHash: string; gasUsed: string; status: 0 | 1; effectiveGasPrice?: string };
  /** The verified block that settled it, and whether that block is final. */
  settledIn?: { blockNumber: number; blockHash: string; final: boolean };
  replacedBy?: string;
  replaces?: { hash: string; kind: 'speedUp' | 'cancel' };
  /** A forced exit's step: not sped up or cancelled from the list. */
  exitStep?: true;
  /** Times its block left the canonical chain. */
  reorgs?: number;
  /** Why broadcast failed, last time it was tried. */
  lastError?: string;
  /** Unsettled above a nonce none of the wallet's transactions holds (decimal): the next transaction takes it. */
  waitsFor?: string;
  /** What its simulation showed before it was signed, proven at that head: its block, and what names the call (a deposit, a swap) and its tokens. */
  effects?: Pick<TransactionEffects, 'at' | 'ok'> & Partial<TransactionEffects>;
  /** Its call as the window decoded it (src/client/wallet/call-summary.ts; null: no data); absent in older rows: `summary` says it. */
  decoded?: Record<string, unknown> | null;
  /** The name the recipient was chosen by, proven to resolve to `address` when the window was prepared. */
  recipientName?: { name: string; address: string };
  createdAt: number;
}

/** A site the wallet connected, as the sites list shows it. */
export interface PermissionView {
  origin: string;
  accounts: string[];
  lastUsedAt: number;
}


// ---------------------------------------------------------------------------------------------
// Forced exits (src/client/exits/exit-service.ts)

/** One exit: its plan's record (`step` and `history` in the plan's step names), what it waits for, whether it ended. */
export interface ExitView {
  id: string;
  kind: string;
  rollupChainId: number;
  networkId: string;
  /** The wallet account whose L2 funds leave (lower-case 0x-hex); `amount` in wei, decimal. */
  owner: string;
  amount: string;
  step: string;
  terminal: boolean;
  /** A terminal step resting on a block not yet finalized: that block (decimal); absent once final. */
  endedAtBlock?: string;
  /**
   * Where this session's escape proof came from: the L2 RPC's (checked against the root L1 holds), or
   * the L2 state rebuilt from Ethereum (commits, calldata or blobs) after the L2 RPC's was refused
   * (`rejected`). Absent until an escape proof was gathered since the extension started.
   */
  escapeProof?: { source: 'l2-rpc' | 'l1-rebuild'; rejected?: { code: string; message: string } };
  /** L1 transactions sent, by the label of the step that sent them (hash, and when: L1 seconds). */
  sent: Record<string, { hash: string; at: number }>;
  /** What the plan learned (e.g. `recovered`: the wei paid out on L1; `deadline`, `queueIndex`). */
  facts: Record<string, string>;
  waiting?: { reason: string; until?: number };
  error?: { code: string; message: string };
  /** The error is the background's tick's (a locked wallet, an RPC down), not the plan's. */
  errorFromTick?: boolean;
  /** The current step costs more than Vigil spends without asking: what the user may allow for it (wei). */
  feeAsked?: { step: string; maxCost: string };
  /** What the user allowed a step to cost (wei). */
  feeAllowance?: { step: string; maxCost: string };
  reverts: number;
  history: { step: string; at: number; note?: string }[];
  createdAt: number;
  updatedAt: number;
  /** When (ms) a newer exit of the account on the rollup began, or the user abandoned this one. */
  archivedAt?: number;
  /** When (ms) the user abandoned it. */
  abandonedAt?: number;
}

/** A followed rollup's forced-exit route: who acts at each step and the real delays. */
export interface ExitRouteView {
  chainId: number;
  name: string;
  kind: string;
  liveness: 'healthy' | 'delayed' | 'stalled' | 'frozen' | null;
  l1BlockNumber: number | null;
  /** Whether an exit may take part of the balance; else it takes all of it. */
  partial: boolean;
  nativeCurrency: NativeCurrency;
  route: { step: string; title: string; who: 'you' | 'anyone' | 'rollup'; delaySeconds?: number; detail: string; steps?: string[] }[];
}

/** An L2 balance proven now (wei, decimal) at an L2 block (and the L1 block it was read at); `index` on rollups whose accounts are numbered. */
export type ExitBalanceView = { rollupChainId: number; address: string; balance: string; l2Block: number; l1BlockNumber: number; index?: number };

/** Background → offscreen document. */
export type OffscreenRequest =
  | { target: 'vigil-offscreen'; type: 'pool-run'; id: number; task: string; params: unknown; timeoutMs: number }
  | { target: 'vigil-offscreen'; type: 'pool-cancel'; id: number };

export function isBackgroundRequest(value: unknown): value is BackgroundRequest {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && (value as { type: string }).type.startsWith('vigil:');
}

export function isOffscreenRequest(value: unknown): value is OffscreenRequest {
  return typeof value === 'object' && value !== null && (value as { target?: unknown }).target === 'vigil-offscreen';
}

/** Storage keys (browser.storage.local) that content scripts read without waking the background. */
export const CHAIN_KEY = 'vigil.chain';
export const INJECTION_KEY = 'vigil.injection';


// ---------------------------------------------------------------------------------------------
// ENS names (src/client/wallet/ens/names.ts), as the popup and the approval window show them: always
// beside the address, with where the answer comes from.

/** Where a name's answer comes from (src/wallet/ens/provenance.ts NameProvenance). */
export type NameProvenanceView =
  | { kind: 'proven' }
  | { kind: 'resolver-checked'; gateways: string[]; resolvers: { address: string; name: string }[] }
  | { kind: 'gateway'; gateways: string[]; unpinned: string[] };

/** vigil:wallet:resolveName's answer. */
export interface NameView {
  /** The name as resolved: its ENSIP-15 normalized form. */
  name: string;
  /** Checksummed; null when the name has no address. */
  address: string | null;
  resolver: string | null;
  provenance: NameProvenanceView;
  at: { blockNumber: string; blockHash: string };
}

/** vigil:wallet:lookupAddress's answer. */
export interface ReverseNameView {
  address: string;
  name: string | null;
  why?: string;
  provenance: NameProvenanceView;
  at: { blockNumber: string; blockHash: string };
}
