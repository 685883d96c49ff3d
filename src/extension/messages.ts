/**
 * Runtime messages between extension pages (popup, settings, tests), the background and the
 * offscreen document. JSON-safe (Chrome serializes extension messages as JSON).
 * @module
 */
import type { WireError } from '../workers/errors.ts';
import type { DiscoverNetworkRequest } from './network-preview.ts';
import type { ProfileEdit } from './settings.ts';

export type BackgroundRequest =
  | { type: 'vigil:getStatus' }
  | { type: 'vigil:getSettings' }
  /** `network`: the devnet's ready object as `vigil devnet` prints it, or a known network's id. */
  | { type: 'vigil:setNetwork'; network: unknown }
  | { type: 'vigil:saveProfile'; edit: ProfileEdit }
  | { type: 'vigil:setOverrideWindowEthereum'; value: boolean }
  /** Reads a network from a beacon API URL (and checks an execution RPC against it): answers a NetworkPreview, saves nothing. */
  | ({ type: 'vigil:discoverNetwork' } & DiscoverNetworkRequest)
  /** The devnet at the well-known local URL (src/client/local-devnet.ts), or null when none answers. */
  | { type: 'vigil:findLocalDevnet' }
  /** Saves a previewed network (checked again) as a profile and switches to it: answers the Status. */
  | { type: 'vigil:addNetwork'; preview: unknown }
  /** Run a verifier pool ping (diagnostics and tests). */
  | { type: 'vigil:poolPing' }
  // The wallet (src/client/wallet.ts): extension pages only, never a web page.
  | { type: 'vigil:wallet:getState' }
  | { type: 'vigil:wallet:newMnemonic' }
  | { type: 'vigil:wallet:create'; password: string; mnemonic?: string; privateKey?: string }
  | { type: 'vigil:wallet:unlock'; password: string }
  | { type: 'vigil:wallet:lock' }
  | { type: 'vigil:wallet:reveal'; password: string }
  | { type: 'vigil:wallet:addAccount'; password: string }
  | { type: 'vigil:wallet:importKey'; privateKey: string; password: string }
  | { type: 'vigil:wallet:setAutoLock'; minutes: number }
  | { type: 'vigil:wallet:balances' }
  | { type: 'vigil:wallet:activity' }
  | { type: 'vigil:wallet:permissions' }
  | { type: 'vigil:wallet:revoke'; origin: string }
  /** The popup's send: opens the same approval window as a dApp's request; answers the hash. */
  | { type: 'vigil:wallet:send'; from: string; to: string; value: string; data?: string }
  | { type: 'vigil:wallet:addToken'; address: string; symbol: string; decimals: number }
  /** Each wallet account's L2 account on each followed rollup, proven (src/extension/rollup-views.ts). */
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
  /** Starts the forced exit of an account's L2 balance to L1 (src/extension/exit-controller.ts); answers the ExitView. */
  | { type: 'vigil:exit:start'; rollupChainId: number; address: string }
  /** The current network's forced exits, newest first. */
  | { type: 'vigil:exit:list' }
  // Real rollups' forced exits (src/extension/rollup-exit-controller.ts): the kinds with an exit plan.
  /** Starts the forced exit of `amount` wei (decimal) of `address`'s L2 balance; answers the RollupExitView. */
  | { type: 'vigil:rollupExit:start'; rollupChainId: number; address: string; amount: string }
  /** The current network's real-rollup exits, newest first (archived ones too). */
  | { type: 'vigil:rollupExit:list' }
  /** Each followed rollup with an exit plan: its liveness and route with real delays (RollupExitRoute[]). */
  | { type: 'vigil:rollupExit:routes' }
  /** `address`'s L2 balance on the rollup proven now (the most an exit can take: ProvenL2Balance). */
  | { type: 'vigil:rollupExit:balance'; rollupChainId: number; address: string }
  | { type: 'vigil:approval:get'; id: string }
  | { type: 'vigil:approval:resolve'; id: string; approve: boolean; accounts?: string[] };

export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };

// ---------------------------------------------------------------------------------------------
// The wallet's views (src/client/wallet.ts)

/** The wallet as the popup sees it. */
export interface WalletState {
  exists: boolean;
  locked: boolean;
  accounts: { address: string; kind: 'hd' | 'imported'; index?: number; name?: string }[];
  hasMnemonic: boolean;
  autoLockMinutes: number;
  pendingApprovals: string[];
  /** When the next password try is allowed (ms), while a backoff runs. */
  retryAt: number | null;
}

export type ApprovalKind = 'connect' | 'transaction' | 'personalSign' | 'typedData' | 'watchAsset' | 'switchChain';

/** What the approval window shows (JSON). */
export interface ApprovalView {
  id: string;
  kind: ApprovalKind;
  origin: string;
  status: 'pending' | 'approved' | 'rejected' | 'done' | 'failed';
  locked: boolean;
  network: { id: string; chainId: number; name: string } | null;
  /** kind-specific: see src/client/wallet-requests.ts and transaction-details.ts. */
  details: Record<string, unknown>;
  error?: { code: string; message: string };
  result?: unknown;
}

/** Each account's balances proven at the newest verified head (or why not). */
export interface AccountBalances {
  at: { blockNumber: number; blockHash: string; timestamp: number } | null;
  accounts: ({ address: string; balance: string; nonce: string; tokens: { token: string; balance: string | null }[] } | { address: string; error: string })[];
  tokens: { address: string; symbol: string; decimals: number }[];
}

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

export interface ChainAnnouncement {
  /** 0x-hex chain id, or null when no network is set up. */
  chainId: string | null;
  networkId: string;
}
