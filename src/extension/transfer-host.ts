/**
 * The proven transfers in the app host (issue 56): the follower (src/client/wallet/transfers/
 * follower.ts) run at each new verified head over the session's verified chain and endpoints (the
 * scan reads headers and receipts: it stays out of the service worker's bundle), the popup's view
 * of what it stored (with the ether that came in or left without a log: ./transfer-ether.ts), and
 * the tokens held without being followed for the home's balances.
 * @module
 */
import type { L1BlockFinality } from '../client/verified/block-finality.ts';
import type { RollupSession } from '../client/rollups/session.ts';
import { sentToOf, type TransfersView, transfersView } from '../client/wallet/transfers/activity-view.ts';
import { TransferFollower, type ScanAccounts } from '../client/wallet/transfers/follower.ts';
import { type HeldToken, heldTokens, type TokenMeta, TokenMetaCache } from '../client/wallet/transfers/held-tokens.ts';
import { followedTokens } from '../client/wallet/followed-tokens.ts';
import type { WalletChain, WalletHead } from '../client/wallet/transactions.ts';
import type { TransferStore } from '../storage/transfers.ts';
import { etherReaderOver } from './transfer-ether.ts';
import type { WalletRepo } from '../storage/wallet.ts';
import { tokenNaming } from '../wallet/tokens/shipped.ts';

/** Tokens proven per view of the activity (the others are named by address until a later one). */
const NAMED_PER_VIEW = 8;

export interface TransferHostDeps {
  session: RollupSession;
  store: TransferStore;
  wallet: WalletRepo;
  l1: L1BlockFinality;
  /** ./scan.ts scanTransfers over the session's verified chain and endpoints. */
  scan: ScanAccounts;
  /** The verified chain as the wallet reads it; throws while there is none. */
  walletChain(): WalletChain;
}

export class TransferHost {
  readonly follower: TransferFollower;
  readonly meta = new TokenMetaCache();

  constructor(private readonly deps: TransferHostDeps) {
    const { session, l1 } = deps;
    this.follower = new TransferFollower({
      store: deps.store,
      chainId: () => session.profile()?.chainId,
      accounts: () => this.accounts(),
      headNumber: () => {
        const head = session.heads().optimistic ?? session.newest();
        return head === undefined ? undefined : BigInt(head.blockNumber);
      },
      finalizedNumber: () => l1.finalizedBlockNumber(),
      canonicalHash: (number) => l1.blockHashAt(number),
      scan: deps.scan,
      ether: etherReaderOver(session, deps.wallet),
      now: session.now,
    });
  }

  /** A new verified head: the transfers followed to it (failures are the cursor's to say). */
  onHead(): void {
    void this.follower.follow().catch(() => {});
  }

  /** The popup's view of the current network's proven transfers. */
  async view(): Promise<TransfersView> {
    const chainId = this.deps.session.profile()?.chainId;
    if (chainId === undefined) return { transfers: [], coverage: [], unexplained: [] };
    const [accounts, rows, cursors, activity] = await Promise.all([this.accounts(), this.deps.store.list(chainId), this.deps.store.cursors(chainId), this.deps.wallet.listActivity().catch(() => [])]);
    const assets = new Map(rows.map((r) => [r.asset, r.standard]));
    const tokens = await this.tokenNames(chainId, [...assets].map(([asset, standard]) => ({ asset, standard })));
    const own = activity.filter((a) => a.chainId === chainId);
    return transfersView({ accounts, rows, cursors, tokens, sentTo: sentToOf(own, rows, accounts) });
  }

  /**
   * Held tokens not followed, at the signing head (for the balances). Asks for the same head,
   * accounts and followed tokens while one is being proven share it: a popup asking at each head
   * on a busy machine must not stack verified calls ahead of an approval window's.
   */
  held(chain: WalletChain, at: WalletHead, accounts: readonly string[], followed: readonly string[]): Promise<HeldToken[]> {
    const key = `${at.head.blockHash}|${accounts.join()}|${followed.join()}`;
    if (this.heldAsk?.key === key) return this.heldAsk.answer;
    const answer = this.proveHeld(chain, at, accounts, followed);
    this.heldAsk = { key, answer };
    const clear = () => {
      if (this.heldAsk?.answer === answer) this.heldAsk = undefined;
    };
    answer.then(clear, clear);
    return answer;
  }

  private heldAsk: { key: string; answer: Promise<HeldToken[]> } | undefined;

  private async proveHeld(chain: WalletChain, at: WalletHead, accounts: readonly string[], followed: readonly string[]): Promise<HeldToken[]> {
    const profile = this.deps.session.profile();
    if (!profile) return [];
    const transfers = await this.deps.store.list(profile.chainId);
    const { listed } = tokenNaming(profile.chainId, [], profile.tokens ?? []);
    return heldTokens(chain, at, this.meta, { chainId: profile.chainId, accounts, transfers, followed, listed });
  }

  private async accounts(): Promise<string[]> {
    return [...((await this.deps.wallet.getVault())?.addresses ?? [])].map((a) => a.toLowerCase());
  }

  /** Followed tokens' proven symbol and decimals, then the tokens' own proven here (a few per view). */
  private async tokenNames(chainId: number, assets: readonly { asset: string; standard: string }[]): Promise<Map<string, TokenMeta>> {
    const names = new Map<string, TokenMeta>();
    for (const t of followedTokens(await this.deps.wallet.tokens(chainId))) if (t.problem === undefined) names.set(t.address.toLowerCase(), { symbol: t.symbol, decimals: t.decimals });
    let chain: WalletChain | undefined;
    try {
      chain = this.deps.walletChain();
    } catch {
      chain = undefined;
    }
    const at = chain?.signingHead();
    let asked = 0;
    for (const { asset, standard } of assets) {
      if (asset === 'native' || names.has(asset) || standard === 'native') continue;
      const known = await this.meta.peek(chainId, asset);
      if (known) names.set(asset, known);
      if (known !== undefined || !chain || !at || asked >= NAMED_PER_VIEW) continue;
      asked++;
      const meta = await this.meta.metaOf(chain, at, chainId, asset, standard as 'erc20').catch(() => null);
      if (meta) names.set(asset, meta);
    }
    return names;
  }
}
