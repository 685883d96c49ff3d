/**
 * What came in and went out, proven (issue 56): transfers of ether and tokens to and from the
 * user's accounts, each a log in a receipt whose receipts root is in a header linked to a verified
 * head, and, per asset, the proven balance change over a range set against those transfers. The
 * types every layer shares (the client's scan, the CLI's `vigil activity`, the extension's views);
 * pure.
 * @module
 */

/** `native`: ether (EIP-7708's Transfer logs from Amsterdam on); the others as effects.ts reads them. */
export type TransferStandard = 'native' | 'erc20' | 'erc721' | 'erc1155';

/** How a transfer's log was found; either way it is proven by its block's receipts root. */
export type TransferFound =
  /** In a range whose every verified header's bloom was tested: nothing matching can be left out. */
  | 'bloom-scan'
  /** Named by an endpoint's eth_getLogs, then every matching log of that block read from its proven receipts. */
  | 'endpoint-logs';

/** One movement of value to or from an account, read from a proven log. */
export interface ProvenTransfer {
  /** `native` for ether, else the token's lower-case address. */
  asset: string;
  standard: TransferStandard;
  /** Lower-case addresses; the zero address for a mint (as `from`) or a burn (as `to`). */
  from: string;
  to: string;
  /** Base units (1 for an ERC-721 token). */
  amount: bigint;
  /** ERC-721 and ERC-1155. */
  tokenId?: bigint;
  block: bigint;
  /** 0x-hex, lower-case. */
  blockHash: string;
  transactionHash: string;
  transactionIndex: number;
  /** The log's index in its block. */
  logIndex: number;
  /** The block's timestamp (seconds). */
  timestamp: number;
  found: TransferFound;
}

/**
 * How far a range is known complete. `bloom-scan`: every header's bloom tested (complete);
 * `reconciled`: transfers from endpoints' logs, set against proven balances; `unreconciled`: the
 * balances at the range's ends could not be proven (no endpoint keeps that state): `reach` says
 * from which block on they could.
 */
export type RangeCoverage = 'bloom-scan' | 'reconciled' | 'unreconciled';

/** One asset's proven balance change over [fromBlock, toBlock] against the proven transfers. */
export interface AssetReconciliation {
  asset: string;
  standard: TransferStandard;
  /** ERC-1155: balances are per token id, so is the reconciliation. */
  tokenId?: bigint;
  /** The account's balance is proven after `fromBlock - 1` and after `toBlock`. */
  fromBlock: bigint;
  toBlock: bigint;
  /** after − before (may be negative). Undefined when `coverage` is `unreconciled`. */
  change?: bigint;
  /** Σ incoming − Σ outgoing of the proven transfers (and, for ether, the account's own transactions' value and fees). */
  explained: bigint;
  /** change − explained. */
  unexplained?: bigint;
  coverage: RangeCoverage;
  /**
   * Why an unexplained amount is what it is, in words: for ether before Amsterdam, "received by a
   * contract call or a withdrawal" (no log exists for those); for a token, "transfers not reported".
   */
  because?: string;
  /** `unreconciled`: the oldest block whose state some endpoint serves, when known. */
  reach?: bigint;
}

/** What a scan of one account over a range found. */
export interface TransferScan {
  account: string;
  fromBlock: bigint;
  toBlock: bigint;
  /** Ordered by block, then logIndex. */
  transfers: ProvenTransfer[];
  reconciliations: AssetReconciliation[];
  /** Endpoints whose logs did not prove (demoted), by URL. */
  demoted: string[];
}
