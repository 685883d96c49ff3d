/**
 * The tokens Vigil ships as listed on a network (./list.generated.ts, from the Superchain Token
 * List: scripts/token-list.mjs), and the naming a network's tokens are compared with
 * (./identity.ts): its native currency, the user's followed tokens, Vigil's list for the
 * chain and a network's own list (a local devnet's, from its well-known object). Pure.
 * @module
 */
import type { KnownToken, TokenNaming } from './identity.ts';
import { TOKEN_LIST_ROWS } from './list.generated.ts';

/** A listed token: its lower-case address, symbol and decimals, as the list gives them. */
export interface ListedToken extends KnownToken {
  decimals: number;
}

const byChain = new Map<number, ReadonlyMap<string, ListedToken>>();

/** The tokens Vigil lists on `chainId`, by lower-case address (empty for a chain it ships no list for). */
export function shippedTokens(chainId: number): ReadonlyMap<string, ListedToken> {
  let map = byChain.get(chainId);
  if (map === undefined) {
    const rows = Object.hasOwn(TOKEN_LIST_ROWS, chainId) ? TOKEN_LIST_ROWS[chainId]! : [];
    map = new Map(rows.map(([hex, symbol, decimals]) => [`0x${hex}`, { address: `0x${hex}`, symbol, decimals }]));
    byChain.set(chainId, map);
  }
  return map;
}

/** Ether's symbol: the native currency of every L1 network Vigil follows. */
export const NATIVE_SYMBOL = 'ETH';

/**
 * What the tokens of `chainId`'s effects are compared with: ether, the user's `followed` tokens,
 * Vigil's list and the network's `own` listed tokens (a local devnet's).
 */
export function tokenNaming(chainId: number, followed: readonly KnownToken[] = [], own: readonly KnownToken[] = []): TokenNaming {
  const shipped = shippedTokens(chainId);
  const listed = own.length === 0 ? shipped : new Map<string, KnownToken>([...shipped, ...own.map((t) => [t.address.toLowerCase(), { address: t.address.toLowerCase(), symbol: t.symbol }] as const)]);
  return { nativeSymbol: NATIVE_SYMBOL, followed: followed.map((t) => ({ address: t.address.toLowerCase(), symbol: t.symbol })), listed };
}
