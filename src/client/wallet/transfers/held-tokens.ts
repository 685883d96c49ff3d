/**
 * The tokens the wallet holds without following them (issue 56): every token seen in a proven
 * transfer of an account is a candidate; each candidate's balance is read by verified call
 * (balanceOf at the signing head, as followed tokens' balances are: ../balances.ts), and those
 * with a non-zero balance are kept, named by their own symbol and decimals, proven the same way
 * (../token-proof.ts), with their address beside them. Listed ones (Vigil's list for the network,
 * a devnet's own) are said to be; the others were received unasked: the popup shows them apart,
 * marked as possibly spam. ERC-1155 balances are per id and are not read here.
 * @module
 */
import { InputError, VigilError } from '../../../core/errors.ts';
import { functionSelector } from '../../../execution/abi.ts';
import type { TransferRow } from '../../../storage/transfers.ts';
import { toChecksumAddress } from '../../../wallet/keys.ts';
import type { TransferStandard } from '../../../wallet/transfers/types.ts';
import { decodeDecimals, decodeSymbol, tokenCall } from '../token-proof.ts';
import type { WalletChain, WalletHead } from '../transactions.ts';

/** A token's own symbol and decimals, proven by verified call (an ERC-721's decimals: 0). */
export interface TokenMeta {
  symbol: string;
  decimals: number;
}

/** A token held and not followed, as the home lists it. */
export interface HeldToken {
  /** Checksummed. */
  address: string;
  standard: Extract<TransferStandard, 'erc20' | 'erc721'>;
  /** Proven; null when symbol() or decimals() gave nothing within the token rule (shown by its address). */
  symbol: string | null;
  decimals: number | null;
  /** On Vigil's list for the network or the network's own list; else received unasked (possibly spam). */
  listed: boolean;
  /** Each account's proven non-zero balance (decimal base units). */
  balances: { account: string; balance: string }[];
}

/** ERC-20 / ERC-721 balanceOf(address). */
const BALANCE_OF = '0x70a08231';
const SYMBOL = functionSelector('symbol()');
const DECIMALS = functionSelector('decimals()');
/** Candidates read per ask: a spammed account's hundred airdrops are read a few at a time, newest first. */
export const MAX_CANDIDATES = 24;

/** Proven token metadata, kept for the session (one pair of calls per token, not per view). */
export class TokenMetaCache {
  private readonly known = new Map<string, Promise<TokenMeta | null>>();

  /** The token's own symbol and decimals at `at`, or null when they do not keep the rule; a call that could not be proven is not kept. */
  metaOf(chain: Pick<WalletChain, 'execution'>, at: WalletHead, chainId: number, address: string, standard: TransferStandard): Promise<TokenMeta | null> {
    const key = `${chainId}:${address.toLowerCase()}`;
    let meta = this.known.get(key);
    if (meta === undefined) {
      meta = proveMeta(chain, at, address, standard);
      this.known.set(key, meta);
      meta.catch(() => this.known.delete(key));
    }
    return meta;
  }

  /** What is proven already, without a call. */
  async peek(chainId: number, address: string): Promise<TokenMeta | null | undefined> {
    const meta = this.known.get(`${chainId}:${address.toLowerCase()}`);
    return meta === undefined ? undefined : meta.catch(() => undefined);
  }
}

async function proveMeta(chain: Pick<WalletChain, 'execution'>, at: WalletHead, address: string, standard: TransferStandard): Promise<TokenMeta | null> {
  const to = toChecksumAddress(address);
  try {
    const symbol = decodeSymbol(await tokenCall(chain, at, to, SYMBOL, 'symbol()'));
    const decimals = standard === 'erc20' ? decodeDecimals(await tokenCall(chain, at, to, DECIMALS, 'decimals()')) : 0;
    return { symbol, decimals };
  } catch (err) {
    // A token whose answers break the rule is shown by its address; a proof that failed is tried again.
    if (err instanceof VigilError && String(err.code).startsWith('TOKEN_')) return null;
    throw err;
  }
}

export interface HeldTokensInput {
  chainId: number;
  /** The wallet's accounts (any case). */
  accounts: readonly string[];
  /** The network's stored transfers, newest first. */
  transfers: readonly TransferRow[];
  /** Followed tokens' addresses (any case): listed with their balances already, left out here. */
  followed: readonly string[];
  /** Listed tokens by lower-case address (src/wallet/tokens/shipped.ts tokenNaming's `listed`). */
  listed: ReadonlyMap<string, unknown>;
}

/**
 * The held tokens among the transfers' candidates, each balance by verified call at `at`; a
 * candidate whose balance cannot be proven now is left out (asked again at the next view).
 * @example const held = await heldTokens(chain, chain.signingHead()!, cache, { chainId: 1, accounts, transfers, followed: [], listed });
 */
export async function heldTokens(chain: Pick<WalletChain, 'execution'>, at: WalletHead, cache: TokenMetaCache, input: HeldTokensInput): Promise<HeldToken[]> {
  const ours = new Set(input.accounts.map((a) => a.toLowerCase()));
  const followed = new Set(input.followed.map((a) => a.toLowerCase()));
  const candidates = new Map<string, { standard: HeldToken['standard']; accounts: Set<string> }>();
  for (const t of input.transfers) {
    if ((t.standard !== 'erc20' && t.standard !== 'erc721') || followed.has(t.asset)) continue;
    if (!candidates.has(t.asset) && candidates.size >= MAX_CANDIDATES) continue;
    const c = candidates.get(t.asset) ?? { standard: t.standard, accounts: new Set<string>() };
    for (const side of [t.from, t.to]) if (ours.has(side)) c.accounts.add(side);
    candidates.set(t.asset, c);
  }
  const held = await Promise.all(
    [...candidates].map(async ([asset, c]): Promise<HeldToken | undefined> => {
      const balances = (await Promise.all([...c.accounts].map(async (account) => ({ account, balance: await balanceOf(chain, at, asset, account) })))).filter(
        (b): b is { account: string; balance: string } => b.balance !== undefined && b.balance !== '0',
      );
      if (balances.length === 0) return undefined;
      let meta: TokenMeta | null;
      try {
        meta = await cache.metaOf(chain, at, input.chainId, asset, c.standard);
      } catch {
        return undefined; // Not provable now.
      }
      return { address: toChecksumAddress(asset), standard: c.standard, symbol: meta?.symbol ?? null, decimals: meta?.decimals ?? null, listed: input.listed.has(asset), balances };
    }),
  );
  return held.filter((t): t is HeldToken => t !== undefined);
}

/** balanceOf(account) by verified call; undefined when the token does not answer a uint256 there (or the call is not provable now). */
async function balanceOf(chain: Pick<WalletChain, 'execution'>, at: WalletHead, token: string, account: string): Promise<string | undefined> {
  if (!/^0x[0-9a-f]{40}$/.test(account)) throw new InputError(`"account" expected a lower-case address, got ${account.slice(0, 50)}`);
  try {
    const { outcome } = await chain.execution.run({ env: at.env, mode: 'call', call: { to: toChecksumAddress(token), data: BALANCE_OF + account.slice(2).padStart(64, '0') } });
    return outcome.status === 'success' && outcome.returnData.length === 66 ? BigInt(outcome.returnData).toString() : undefined;
  } catch {
    return undefined;
  }
}
