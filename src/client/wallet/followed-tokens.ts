/**
 * The ERC-20 tokens the wallet follows (EIP-747 `wallet_watchAsset`, the popup's form) store what
 * Vigil proved, never what a page said (./token-proof.ts proves a token's own symbol and
 * decimals; a page's must equal them). Each value must keep the rule of src/core/token-rules.ts
 * (refused, never truncated). Rows read back are checked again: one an older version stored
 * against the rule is shown marked and never used, one without a usable address is dropped.
 * @module
 */
import { isObject } from '../../core/json.ts';
import { followedTokenProblem } from '../../core/token-rules.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';

/** A token as the wallet keeps it: its checksummed address and its own symbol and decimals. */
export interface TokenMetadata {
  address: string;
  symbol: string;
  decimals: number;
}

/** What ./token-proof.ts proved, and where. */
export interface ProvenToken extends TokenMetadata {
  provenAt: { blockNumber: string; blockHash: string };
}

/** A followed token as read back; `problem` (in words) marks a row that breaks the rule: shown, never used. */
export interface FollowedToken extends TokenMetadata {
  problem?: string;
}

/** What a page (or the user) says of a token: compared with what is proven, never stored. */
export interface OfferedToken {
  symbol?: unknown;
  decimals?: unknown;
}

/** Proves a token at an address (./token-proof.ts, wherever it runs: the app host in the extension). */
export type ProveToken = (address: string, offered: OfferedToken) => Promise<ProvenToken>;

/**
 * The stored list as the wallet may show it: rows without a usable address dropped, rows that
 * break the rule marked (their symbol and decimals never passed on), the others as stored.
 */
export function followedTokens(rows: readonly unknown[]): FollowedToken[] {
  const out: FollowedToken[] = [];
  for (const row of rows) {
    if (!isObject(row) || typeof row.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(row.address)) continue;
    const address = toChecksumAddress(row.address);
    const problem = followedTokenProblem(row);
    out.push(problem === undefined ? { address, symbol: row.symbol as string, decimals: row.decimals as number } : { address, symbol: '', decimals: 0, problem });
  }
  return out;
}
