/**
 * The wallet's accounts as the popup lists them: each ETH balance proven at the newest verified
 * head, and the followed tokens' balances by a verified eth_call there (their symbol and decimals
 * the token's own, proven when it was followed: ./followed-tokens.ts; a row that breaks the rule
 * comes marked, its balance in base units), and its EIP-7702 delegation from the same proof
 * (./delegation/delegation.ts). A popup view: the app host answers it, out of the service worker's bundle.
 * @module
 */
import { InputError, VigilError } from '../../core/errors.ts';
import type { WalletRepo } from '../../storage/wallet.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { NetworkInfo } from './approvals.ts';
import { type AccountDelegation, delegationOf } from './delegation/delegation.ts';
import { type FollowedToken, followedTokens, type ProvenToken, type ProveToken } from './followed-tokens.ts';
import type { WalletChain, WalletHead } from './transactions.ts';
import type { HeldToken } from './transfers/held-tokens.ts';
import type { PriceView } from './price-view.ts';

export interface AccountBalances {
  /** The verified head the balances were proven at. */
  at: { blockNumber: number; blockHash: string; timestamp: number } | null;
  accounts: ({ address: string; balance: string; nonce: string; tokens: { token: string; balance: string | null }[]; delegation: AccountDelegation } | { address: string; error: string })[];
  tokens: FollowedToken[];
  /** Tokens seen in proven transfers, not followed, with a proven non-zero balance (./transfers/held-tokens.ts); absent where not read. */
  held?: HeldToken[];
  /** The feeds pricing ether and the tokens listed, read at `at` (./price-view.ts); absent where not read. */
  prices?: PriceView[];
}

export interface WalletBalancesDeps {
  repo: WalletRepo;
  /** The accounts the popup lists, in the keyring's order (the vault's public addresses, shown while locked too). */
  addresses(): Promise<string[]>;
  chain(): WalletChain | undefined;
  network(): NetworkInfo | undefined;
  /** A token's own symbol and decimals, proven (./token-proof.ts; the app host in the extension). */
  proveToken: ProveToken;
  /** The tokens held and not followed, at `at` (the app host's transfers); absent: none read. */
  held?(chain: WalletChain, at: WalletHead, accounts: readonly string[], followed: readonly string[]): Promise<HeldToken[]>;
  /** The readings at `at` of the feeds pricing ether and `tokens` (the app host's, one read per head); never rejects. */
  prices?(chain: WalletChain, at: WalletHead, tokens: readonly string[]): Promise<PriceView[]>;
}

/** ERC-20 balanceOf(address). */
const BALANCE_OF = '0x70a08231';

export class WalletBalances {
  constructor(private readonly deps: WalletBalancesDeps) {}

  /** Each account's balances; a value that cannot be proven is left out with why. */
  async balances(): Promise<AccountBalances> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    const addresses = await this.deps.addresses();
    const newest = chain?.signingHead();
    if (!chain || !network || !newest) return { at: null, accounts: addresses.map((address) => ({ address, error: 'no verified head or no execution RPC yet' })), tokens: [] };
    const tokens = followedTokens(await this.deps.repo.tokens(network.chainId));
    // Begun beside the balances, at their head: ether's feed and the followed tokens'.
    const priced = this.deps.prices?.(chain, newest, tokens.map((t) => t.address)).catch(() => undefined);
    const accounts = await Promise.all(
      addresses.map(async (address) => {
        try {
          // With its code (checked against the proven hash): the account's EIP-7702 delegation.
          const a = await chain.proveAccount(address, newest, { code: true });
          const delegation = await delegationOf(chain, a, newest);
          const tokenBalances = await Promise.all(
            tokens.map(async (t) => {
              try {
                const data = BALANCE_OF + address.slice(2).toLowerCase().padStart(64, '0');
                const { outcome } = await chain.execution.run({ env: newest.env, mode: 'call', call: { to: t.address, data } });
                return { token: t.address, balance: outcome.status === 'success' && outcome.returnData.length === 66 ? BigInt(outcome.returnData).toString() : null };
              } catch {
                return { token: t.address, balance: null };
              }
            }),
          );
          return { address, balance: a.balance.toString(), nonce: a.nonce.toString(), tokens: tokenBalances, delegation };
        } catch (err) {
          return { address, error: err instanceof VigilError ? `${err.code}: ${err.shortMessage}` : String(err) };
        }
      }),
    );
    const head = newest.head;
    // Not provable now: the home shows the followed ones, the held ones at the next read.
    const held = this.deps.held ? await this.deps.held(chain, newest, addresses, tokens.map((t) => t.address)).catch(() => undefined) : undefined;
    // The held tokens' feeds too (those begun above are shared, not read again).
    const prices = this.deps.prices && (await priced) ? await this.deps.prices(chain, newest, [...tokens, ...(held ?? [])].map((t) => t.address)).catch(() => undefined) : undefined;
    return { at: { blockNumber: Number(head.blockNumber), blockHash: head.blockHash, timestamp: Number(head.timestamp) }, accounts, tokens, ...(held ? { held } : {}), ...(prices ? { prices } : {}) };
  }

  /**
   * Follows a token on the current network (the popup's form): its symbol and decimals proven as
   * a page's are (./token-proof.ts); what the user typed, when anything, must match them.
   * @throws WalletError DISCONNECTED, TOKEN_NOT_A_CONTRACT, TOKEN_METADATA_INVALID, TOKEN_METADATA_MISMATCH
   */
  async addToken(token: { address: string; symbol?: string; decimals?: number }): Promise<ProvenToken> {
    const network = this.deps.network();
    if (!network || !this.deps.chain()) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    if (typeof token.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(token.address)) throw new InputError('the token address expected 20 bytes of 0x-hex');
    const typed = { ...(token.symbol ? { symbol: token.symbol } : {}), ...(token.decimals !== undefined ? { decimals: token.decimals } : {}) };
    const proven = await this.deps.proveToken(token.address, typed);
    await this.deps.repo.addToken(network.chainId, { address: proven.address, symbol: proven.symbol, decimals: proven.decimals });
    return proven;
  }

  /** Stops following a token on the current network (any row of its address, one that breaks the rule too). */
  async removeToken(address: string): Promise<void> {
    const network = this.deps.network();
    if (!network) throw new InputError('no network is set up');
    if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address)) throw new InputError('the token address expected 20 bytes of 0x-hex');
    await this.deps.repo.removeToken(network.chainId, address);
  }
}
