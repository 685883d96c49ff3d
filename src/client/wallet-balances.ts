/**
 * The wallet's accounts as the popup lists them: each ETH balance proven at the newest verified
 * head, and the followed tokens' balances by a verified eth_call there (their symbol and decimals
 * are the user's or a site's word, never verified).
 * @module
 */
import { InputError, VigilError } from '../core/errors.ts';
import type { WalletRepo, WatchedToken } from '../storage/wallet.ts';
import { toChecksumAddress } from '../wallet/keys.ts';
import type { NetworkInfo } from './approvals.ts';
import type { KeyringSession } from './keyring-session.ts';
import type { WalletChain } from './wallet-transactions.ts';

export interface AccountBalances {
  /** The verified head the balances were proven at. */
  at: { blockNumber: number; blockHash: string; timestamp: number } | null;
  accounts: ({ address: string; balance: string; nonce: string; tokens: { token: string; balance: string | null }[] } | { address: string; error: string })[];
  tokens: WatchedToken[];
}

export interface WalletBalancesDeps {
  repo: WalletRepo;
  keyring: KeyringSession;
  chain(): WalletChain | undefined;
  network(): NetworkInfo | undefined;
}

/** ERC-20 balanceOf(address). */
const BALANCE_OF = '0x70a08231';

export class WalletBalances {
  constructor(private readonly deps: WalletBalancesDeps) {}

  /** Each account's balances; a value that cannot be proven is left out with why. */
  async balances(): Promise<AccountBalances> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    const addresses = await this.deps.keyring.shownAddresses();
    const newest = chain?.signingHead();
    if (!chain || !network || !newest) return { at: null, accounts: addresses.map((address) => ({ address, error: 'no verified head or no execution RPC yet' })), tokens: [] };
    const tokens = await this.deps.repo.tokens(network.chainId);
    const accounts = await Promise.all(
      addresses.map(async (address) => {
        try {
          const a = await chain.proveAccount(address, newest);
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
          return { address, balance: a.balance.toString(), nonce: a.nonce.toString(), tokens: tokenBalances };
        } catch (err) {
          return { address, error: err instanceof VigilError ? `${err.code}: ${err.shortMessage}` : String(err) };
        }
      }),
    );
    const head = newest.head;
    return { at: { blockNumber: Number(head.blockNumber), blockHash: head.blockHash, timestamp: Number(head.timestamp) }, accounts, tokens };
  }

  /** Follows a token on the current network (the popup's form). */
  async addToken(token: { address: string; symbol: string; decimals: number }): Promise<void> {
    const network = this.deps.network();
    if (!network) throw new InputError('no network is set up');
    if (!/^0x[0-9a-fA-F]{40}$/.test(token.address)) throw new InputError('the token address expected 20 bytes of 0x-hex');
    if (!Number.isInteger(token.decimals) || token.decimals < 0 || token.decimals > 36) throw new InputError('decimals expected 0 to 36');
    await this.deps.repo.addToken(network.chainId, { address: toChecksumAddress(token.address), symbol: String(token.symbol).slice(0, 11), decimals: token.decimals });
  }
}
