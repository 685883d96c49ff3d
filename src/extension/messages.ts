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
  // The wallet (src/extension/wallet-controller.ts): extension pages only, never a web page.
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
  // Forced exits from followed rollups of every kind with an exit plan (src/client/exits.ts).
  /** Starts one: `amount` wei (decimal), or none where the rollup's exit takes the whole proven balance; answers the ExitView. */
  | { type: 'vigil:exit:start'; rollupChainId: number; address: string; amount?: string }
  /** The current network's exits, newest first, archived ones too (ExitView[]). */
  | { type: 'vigil:exit:list' }
  /** Each followed rollup with an exit plan: its liveness and route with real delays (ExitRouteView[]). */
  | { type: 'vigil:exit:routes' }
  /** `address`'s L2 balance on the rollup proven now: the most an exit can take (ExitBalanceView). */
  | { type: 'vigil:exit:balance'; rollupChainId: number; address: string }
  | { type: 'vigil:approval:get'; id: string }
  | { type: 'vigil:approval:resolve'; id: string; approve: boolean; accounts?: string[] };

export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };

// What the exit messages answer, as data (the background's types are src/client/exits.ts's).

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
  /** L1 transactions sent, by the label of the step that sent them (hash, and when: L1 seconds). */
  sent: Record<string, { hash: string; at: number }>;
  /** What the plan learned (e.g. `recovered`: the wei paid out on L1; `deadline`, `queueIndex`). */
  facts: Record<string, string>;
  waiting?: { reason: string; until?: number };
  error?: { code: string; message: string };
  /** The error is the background's tick's (a locked wallet, an RPC down), not the plan's. */
  errorFromTick?: boolean;
  reverts: number;
  history: { step: string; at: number; note?: string }[];
  createdAt: number;
  updatedAt: number;
  /** When (ms) a newer exit of the account on the rollup began. */
  archivedAt?: number;
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

export interface ChainAnnouncement {
  /** 0x-hex chain id, or null when no network is set up. */
  chainId: string | null;
  networkId: string;
}
