/**
 * The popup's and the approval window's only way to the background: runtime messages (see
 * src/extension/messages.ts), one typed method each.
 * @module
 */
import { errorFromWire } from '../core/error-wire.ts';
import type {
  AccountBalances,
  ActivityView,
  ApprovalQueueView,
  ApprovalView,
  BackgroundRequest,
  ExitBalanceView,
  ExitRouteView,
  ExitView,
  L2AccountView,
  L2TransferView,
  LocalDevnet,
  NameView,
  PermissionView,
  ProfileEdit,
  Reply,
  ReverseNameView,
  RollupView,
  Settings,
  Status,
  TransfersView,
  WalletState,
} from '../extension/messages.ts';
import type { DiscoverNetworkRequest, NetworkPreview } from '../client/network/discovery.ts';
import type { ApprovalAcknowledgements } from '../client/wallet/approval-gates.ts';

/** An account's EIP-7702 delegation as the balances carry it (src/client/wallet/delegation/delegation.ts). */
export type AccountDelegation = Extract<AccountBalances['accounts'][number], { delegation: unknown }>['delegation'];

export type { NameView, ReverseNameView } from '../extension/messages.ts';
export type { HeldToken, PriceView, TransfersView, TransferView } from '../extension/messages.ts';
export type { AccountBalances, ActivityView, ApprovalQueueView, ApprovalView, DiscoverNetworkRequest, ExitBalanceView, ExitRouteView, ExitView, LocalDevnet, NetworkPreview, L2AccountView, L2TransferView, PermissionView, RollupView, WalletState };

export interface PopupApi {
  getStatus(): Promise<Status>;
  getSettings(): Promise<Settings>;
  setNetwork(network: unknown): Promise<Status>;
  saveProfile(edit: ProfileEdit): Promise<Status>;
  setOverrideWindowEthereum(value: boolean): Promise<Status>;
  setMaxUnattendedCost(wei: string | null): Promise<Status>;
  setIncomingTolerance(bps: number | null): Promise<Status>;
  /** Minutes a batch's signed calls may still be sent after its approval; null: the default (60). */
  setBatchExpiry(minutes: number | null): Promise<Status>;
  /** "Add network": what a beacon API URL says, checked; nothing saved (errors: InputError / VerificationError / TransportError codes). */
  discoverNetwork(params: DiscoverNetworkRequest): Promise<NetworkPreview>;
  /** The devnet running on this computer (its well-known local URL, or `at`: a port or a local URL the user typed), or null; a place not on this computer is refused (INVALID_INPUT). */
  findLocalDevnet(at?: string): Promise<LocalDevnet | null>;
  /** Saves the previewed network and switches to it. */
  addNetwork(preview: NetworkPreview): Promise<Status>;
  /** Asks the user for host access to these URLs (any server the manifest does not grant, a local one among them); call it from the click that asks. */
  requestHosts(urls: string[]): Promise<boolean>;

  // The wallet (src/client/wallet/wallet.ts).
  getWalletState(): Promise<WalletState>;
  /** A fresh 12-word phrase; nothing is stored until createWallet. */
  newMnemonic(): Promise<string>;
  createWallet(params: { password: string; mnemonic?: string; privateKey?: string }): Promise<WalletState>;
  /** Errors: WRONG_PASSWORD, PASSWORD_BACKOFF (the retry time in `expected`), VAULT_INVALID. */
  unlock(password: string): Promise<WalletState>;
  lock(): Promise<WalletState>;
  /** `phrase`: its place in the keyring (absent: 0, the wallet's own). */
  revealMnemonic(password: string, phrase?: number): Promise<string>;
  /** Errors: WRONG_PASSWORD, PASSWORD_BACKOFF (the one counter of every prompt), WEAK_PASSWORD (the new one). */
  changePassword(password: string, newPassword: string): Promise<void>;
  /** The next account of phrase `phrase` (its place in the keyring, as accounts carry it; absent: the wallet's own). */
  addAccount(password: string, phrase?: number): Promise<WalletState>;
  importKey(privateKey: string, password: string): Promise<WalletState>;
  /**
   * A recovery phrase or a private key as typed, added to the wallet at any time. Errors:
   * INVALID_MNEMONIC, INVALID_PRIVATE_KEY, DUPLICATE_PHRASE, DUPLICATE_ACCOUNT, WRONG_PASSWORD, PASSWORD_BACKOFF.
   */
  importSecret(secret: string, password: string): Promise<WalletState>;
  /** Names an account ('' removes the name). Errors: UNKNOWN_ACCOUNT, WRONG_PASSWORD, INVALID_INPUT (over 64 characters). */
  renameAccount(address: string, name: string, password: string): Promise<WalletState>;
  /** Removes an imported key. Errors: UNKNOWN_ACCOUNT (no imported key with this address), WRONG_PASSWORD. */
  removeImportedKey(address: string, password: string): Promise<WalletState>;
  /** Removes the imported phrase `address` belongs to, with its accounts. Errors: UNKNOWN_ACCOUNT, WRONG_PASSWORD, INVALID_INPUT (the wallet's own phrase). */
  removePhrase(address: string, password: string): Promise<WalletState>;
  /** Deletes the vault and the wallet's state: `confirm` is the word the user typed ("forget"). Errors: INVALID_INPUT (another word), LOCKED. */
  forgetWallet(confirm: string): Promise<WalletState>;
  setAutoLock(minutes: number): Promise<void>;
  balances(): Promise<AccountBalances>;
  activity(): Promise<ActivityView[]>;
  /** The accounts' proven token transfers and where they are known (the app host's follower). */
  transfers?(): Promise<TransfersView>;
  permissions(): Promise<PermissionView[]>;
  revoke(origin: string): Promise<void>;
  /**
   * Opens the approval window and resolves with the hash only once the user approved there
   * (rejects at once when Vigil refuses to prepare it): never await it in a UI flow.
   */
  /** `name`: the name the recipient was chosen by (the window shows it only once proven again to be the recipient's). */
  send(params: { from: string; to: string; value: string; data?: string; name?: string }): Promise<string>;
  /**
   * Delegates the account to the network's pinned EIP-7702 delegate, or revokes its delegation:
   * opens the approval window, resolves with the hash once approved there (never await it in a UI flow).
   */
  delegate?(params: { from: string; action: 'delegate' | 'revoke' }): Promise<string>;
  /** Speeds up or cancels a pending transaction: resolves to the replacement's hash once the user signed it in the window. */
  replaceTransaction(hash: string, kind: 'speedUp' | 'cancel'): Promise<string>;
  /** Follows a token (its symbol and decimals proven; typed ones must match): TOKEN_NOT_A_CONTRACT, TOKEN_METADATA_INVALID, TOKEN_METADATA_MISMATCH. */
  addToken(token: { address: string; symbol?: string; decimals?: number }): Promise<void>;
  removeToken(address: string): Promise<void>;
  /**
   * An ENS name's proven address (errors: INVALID_INPUT for a name ENSIP-15 refuses; NameError
   * GATEWAY_NOT_ALLOWED with the gateway origins in `got`, one a line: ask the user, then again with them allowed).
   */
  resolveName(name: string, allowedGateways?: string[]): Promise<NameView>;
  /** An address's primary ENS name, checked forward (no gateway asked). */
  lookupAddress(address: string): Promise<ReverseNameView>;
  /** Each account's L2 accounts on the followed rollups, proven against the accepted roots. */
  l2Accounts(): Promise<L2AccountView[]>;
  /** Like `send` (resolves only after the approval window): a deposit into the rollup's L1 contract. */
  l2Deposit(params: { from: string; rollupChainId: number; value: string }): Promise<string>;
  /** Signs and submits at once (the popup's form is the confirmation); resolves with the tracked transfer. */
  l2Transfer(params: { from: string; rollupChainId: number; to: string; value: string }): Promise<L2TransferView>;
  l2Transfers(): Promise<L2TransferView[]>;
  // Forced exits (src/client/exits/exit-service.ts): every followed rollup with an exit plan.
  /** Starts one: `amount` wei (decimal), at most the proven L2 balance; none where the exit takes the whole balance (then the exit under way is answered). */
  startExit(params: { rollupChainId: number; address: string; amount?: string }): Promise<ExitView>;
  allowExitFee(id: string): Promise<ExitView>;
  /** Abandons an exit that cannot go on: archived with its history, never resumed; a new one may start. */
  abandonExit(id: string): Promise<ExitView>;
  exits(): Promise<ExitView[]>;
  /** Each followed rollup with an exit plan: liveness and route with its real delays. */
  exitRoutes(): Promise<ExitRouteView[]>;
  /** The L2 balance proven now (the most an exit can take). */
  exitBalance(params: { rollupChainId: number; address: string }): Promise<ExitBalanceView>;
  getApproval(id: string): Promise<ApprovalView>;
  /** The origin's approvals waiting with approval `id`, oldest first (its window shows them in turn). */
  approvalQueue(id: string): Promise<ApprovalQueueView>;
  /** The approval window, its last request answered and none waiting, closes by itself. */
  approvalClosing(id: string): Promise<null>;
  /** `acknowledged`: with a yes, the boxes the user ticked (the background checks the window's gates again). */
  resolveApproval(id: string, approve: boolean, accounts?: string[], acknowledged?: ApprovalAcknowledgements): Promise<ApprovalView>;
}

/** What the approval window uses. */
/** `balances`: the signing account's EIP-7702 delegation (an unknown delegate flagged); without it the window says "delegation not checked" and a signature request cannot be approved. */
export type ApprovalApi = Pick<PopupApi, 'getApproval' | 'approvalQueue' | 'approvalClosing' | 'resolveApproval' | 'getWalletState' | 'unlock'> & Partial<Pick<PopupApi, 'balances' | 'lookupAddress'>>;

/** The popup's own refusals (no reply at all); what the background refuses comes as the error it sent (`errorFromWire`). */
export class BackgroundError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The error's expected / got / details fields as the background sent them. */
    readonly expected?: string,
    readonly got?: string,
    readonly details?: string,
  ) {
    super(message);
  }
}

type Send = (message: BackgroundRequest) => Promise<unknown>;
type Permissions = { request(p: { origins: string[] }): Promise<boolean>; contains(p: { origins: string[] }): Promise<boolean> };

export function backgroundApi(send: Send, permissions?: Permissions): PopupApi {
  const call = async <T>(message: BackgroundRequest): Promise<T> => {
    const reply = (await send(message)) as Reply<T> | undefined;
    if (!reply) throw new BackgroundError('NO_REPLY', 'the background did not answer');
    // The popup loads core's error classes only: a wallet's or storage's error comes out as a VigilError with its code (src/core/error-wire.ts).
    if (!reply.ok) throw errorFromWire(reply.error);
    return reply.result;
  };
  return {
    getStatus: () => call({ type: 'vigil:getStatus' }),
    getSettings: () => call({ type: 'vigil:getSettings' }),
    setNetwork: (network) => call({ type: 'vigil:setNetwork', network }),
    saveProfile: (edit) => call({ type: 'vigil:saveProfile', edit }),
    setOverrideWindowEthereum: (value) => call({ type: 'vigil:setOverrideWindowEthereum', value }),
    setMaxUnattendedCost: (wei) => call({ type: 'vigil:setMaxUnattendedCost', wei }),
    setIncomingTolerance: (bps) => call({ type: 'vigil:setIncomingTolerance', bps }),
    setBatchExpiry: (minutes) => call({ type: 'vigil:setBatchExpiry', minutes }),
    discoverNetwork: (params) => call({ type: 'vigil:discoverNetwork', ...params }),
    addNetwork: (preview) => call({ type: 'vigil:addNetwork', preview }),
    findLocalDevnet: (at) => call({ type: 'vigil:findLocalDevnet', ...(at === undefined ? {} : { at }) }),
    requestHosts: async (urls) => {
      if (!permissions) return true;
      const origins = [...new Set(urls.map(hostPattern).filter((o): o is string => o !== undefined))];
      if (origins.length === 0) return true;
      // Asked first, before any await: a browser grants a prompt only within the click that led here
      // (Firefox: synchronously); already granted, it answers true without one. Outside a click
      // the request is refused: then what is granted already is enough.
      try {
        return await permissions.request({ origins });
      } catch {
        return permissions.contains({ origins });
      }
    },
    getWalletState: () => call({ type: 'vigil:wallet:getState' }),
    newMnemonic: () => call({ type: 'vigil:wallet:newMnemonic' }),
    createWallet: (params) => call({ type: 'vigil:wallet:create', ...params }),
    unlock: (password) => call({ type: 'vigil:wallet:unlock', password }),
    lock: () => call({ type: 'vigil:wallet:lock' }),
    revealMnemonic: (password, phrase) => call({ type: 'vigil:wallet:reveal', password, ...(phrase ? { phrase } : {}) }),
    changePassword: async (password, newPassword) => void (await call({ type: 'vigil:wallet:changePassword', password, newPassword })),
    addAccount: (password, phrase) => call({ type: 'vigil:wallet:addAccount', password, ...(phrase !== undefined ? { phrase } : {}) }),
    importKey: (privateKey, password) => call({ type: 'vigil:wallet:importKey', privateKey, password }),
    importSecret: (secret, password) => call({ type: 'vigil:wallet:importSecret', secret, password }),
    renameAccount: (address, name, password) => call({ type: 'vigil:wallet:renameAccount', address, name, password }),
    removeImportedKey: (address, password) => call({ type: 'vigil:wallet:removeKey', address, password }),
    removePhrase: (address, password) => call({ type: 'vigil:wallet:removePhrase', address, password }),
    forgetWallet: (confirm) => call({ type: 'vigil:wallet:forget', confirm }),
    setAutoLock: async (minutes) => void (await call({ type: 'vigil:wallet:setAutoLock', minutes })),
    balances: () => call({ type: 'vigil:wallet:balances' }),
    activity: () => call({ type: 'vigil:wallet:activity' }),
    transfers: () => call({ type: 'vigil:wallet:transfers' }),
    permissions: () => call({ type: 'vigil:wallet:permissions' }),
    revoke: async (origin) => void (await call({ type: 'vigil:wallet:revoke', origin })),
    send: (params) => call({ type: 'vigil:wallet:send', ...params }),
    delegate: (params) => call({ type: 'vigil:wallet:delegate', ...params }),
    replaceTransaction: (hash, kind) => call({ type: 'vigil:wallet:replace', hash, kind }),
    addToken: async (token) => void (await call({ type: 'vigil:wallet:addToken', ...token })),
    removeToken: async (address) => void (await call({ type: 'vigil:wallet:removeToken', address })),
    resolveName: (name, allowedGateways) => call({ type: 'vigil:wallet:resolveName', name, ...(allowedGateways && allowedGateways.length > 0 ? { allowedGateways } : {}) }),
    lookupAddress: (address) => call({ type: 'vigil:wallet:lookupAddress', address }),
    l2Accounts: () => call({ type: 'vigil:wallet:l2Accounts' }),
    l2Deposit: (params) => call({ type: 'vigil:wallet:l2Deposit', ...params }),
    l2Transfer: (params) => call({ type: 'vigil:wallet:l2Transfer', ...params }),
    l2Transfers: () => call({ type: 'vigil:wallet:l2Transfers' }),
    startExit: (params) => call({ type: 'vigil:exit:start', ...params }),
    allowExitFee: (id) => call({ type: 'vigil:exit:allowFee', id }),
    abandonExit: (id) => call({ type: 'vigil:exit:abandon', id }),
    exits: () => call({ type: 'vigil:exit:list' }),
    exitRoutes: () => call({ type: 'vigil:exit:routes' }),
    exitBalance: (params) => call({ type: 'vigil:exit:balance', ...params }),
    getApproval: (id) => call({ type: 'vigil:approval:get', id }),
    approvalQueue: (id) => call({ type: 'vigil:approval:queue', id }),
    approvalClosing: (id) => call({ type: 'vigil:approval:closing', id }),
    resolveApproval: (id, approve, accounts, acknowledged) => call({ type: 'vigil:approval:resolve', id, approve, ...(accounts ? { accounts } : {}), ...(acknowledged ? { acknowledged } : {}) }),
  };
}

/**
 * `https://host:port/path` → `https://host/*` (match patterns have no ports). Local hosts too: the
 * extension as shipped grants none (only its development build does, for the devnet).
 */
function hostPattern(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return undefined;
  }
}
