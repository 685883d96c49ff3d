/**
 * The provider's backend over the application services: the L1 session's chain, verified heads
 * and proven reads, the followed rollups, and the wallet. Where nothing can be proven yet, pages
 * get EIP-1193's 4900 (disconnected).
 * @module
 */
import type { L1Session } from '../client/l1-session.ts';
import type { L2Balance } from '../client/rollups/following.ts';
import { rollupChainIds } from '../client/network/settings.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';
import type { L2Backend, PageName, ProviderBackend } from './handler.ts';
import type { ChainCall } from './chain-call.ts';
import type { FilterCall, SubscriptionCall } from './filter-methods.ts';
import type { WalletBackend } from './wallet-methods.ts';

/** The followed rollups' reads, wherever they run (Chrome: the offscreen document). */
export interface RollupReads {
  /** Whether they can be read now: a verified L1 head and an execution RPC. */
  canRead(): boolean | Promise<boolean>;
  acceptedBatch(chainId: number): Promise<number>;
  balance(chainId: number, address: string): Promise<L2Balance>;
}

export interface SessionBackendParts {
  session: L1Session;
  /** The followed rollups' reads (absent: pages see no rollup). */
  rollups?: RollupReads;
  /** Accounts, permissions and signing (src/client/wallet/requests.ts); absent, the provider is read-only. */
  wallet?: WalletBackend;
  /** The forced exits of these owners, for vigil_getExitStatus. */
  exits?(owners: readonly string[]): Promise<unknown[]>;
  /** Pages' chain reads (./chain-call.ts), where they run (the extension: its app host); served while the network has an execution RPC. */
  chain?: ChainCall;
  /** Pages' polling filters (absent: eth_newFilter and the rest are not served). */
  filters?: FilterCall;
  /** Pages' subscriptions (absent: eth_subscribe is not served). */
  subscriptions?: SubscriptionCall;
  /** An ENS name's proven address, no gateway asked (absent: pages' names are not taken). */
  resolveName?(name: string): Promise<PageName>;
}

export function sessionBackend({ session, rollups, wallet, exits, chain, filters, subscriptions, resolveName }: SessionBackendParts): ProviderBackend {
  return {
    ...(resolveName ? { resolveName } : {}),
    filters: () => filters,
    subscriptions: () => subscriptions,
    chainId: () => session.profile()?.chainId,
    l2: () => (rollups ? l2Backend(session, rollups, exits) : undefined),
    verifiedHeads: () => session.board.heads(),
    // Pages read through the endpoints' page lane: the wallet's own work goes first (src/client/verified/endpoint-scheduler.ts).
    readAccount: (request) => {
      const reader = session.pages()?.reader;
      if (!reader) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil has no execution RPC for this network yet: nothing can be proven');
      return reader.read(request);
    },
    now: session.now,
    execution: () => session.pages()?.execution,
    chain: () => (session.pages() !== undefined ? chain : undefined),
    wallet: () => wallet,
    // The reader recorded the endpoint's lie a moment ago: add which page asked.
    onVerificationFailure: (f) => session.board.recordPageFailure(f),
  };
}

/** The provider's view of the rollups: which chain pages see, and proven L2 balances. */
function l2Backend(session: L1Session, rollups: RollupReads, exits: SessionBackendParts['exits']): L2Backend | undefined {
  const profile = session.profile();
  if (!profile || rollupChainIds(profile).length === 0) return undefined;
  const readable = async () => {
    if (!(await rollups.canRead())) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil has no verified L1 head and execution RPC to read the rollup from yet');
  };
  return {
    active: session.settings.activeRollup(),
    has: (chainId) => rollupChainIds(profile).includes(chainId),
    exits: async (owners) => (exits ? exits(owners.map((o) => o.toLowerCase())) : []),
    acceptedBatch: async (chainId) => {
      await readable();
      return rollups.acceptedBatch(chainId);
    },
    balance: async (chainId, address) => {
      await readable();
      return rollups.balance(chainId, address);
    },
  };
}
