/**
 * The popup's view of the proven transfers (issue 56): each stored transfer with its direction,
 * its token named (followed: the symbol and decimals proven when followed; else proven by
 * verified call, ./held-tokens.ts; else base units by the address), its block and whether that
 * block is final; where each account's transfers are known (the cursor's range, every block
 * checked, and the scan that last failed after it); what reconciliation left unexplained; and a
 * transfer whose sender looks like an address the wallet sent to before (first and last 4 hex
 * characters alike, another address) and that moved nothing or dust: address poisoning, marked.
 * Pure: the app host gathers the rows and runs it.
 * @module
 */
import type { TransferCursorRow, TransferRow } from '../../../storage/transfers.ts';
import type { AssetReconciliation, TransferFound, TransferStandard } from '../../../wallet/transfers/types.ts';
import type { TokenMeta } from './held-tokens.ts';

/** One proven transfer as the activity lists it. */
export interface TransferView {
  key: string;
  /** `native` or the token's lower-case address. */
  asset: string;
  standard: TransferStandard;
  /** `self`: between two of the wallet's accounts. */
  direction: 'in' | 'out' | 'self';
  from: string;
  to: string;
  /** Decimal base units. */
  amount: string;
  tokenId?: string;
  block: number;
  blockHash: string;
  transactionHash: string;
  logIndex: number;
  /** The block's time, seconds. */
  timestamp: number;
  final: boolean;
  found: TransferFound;
  /** Its symbol and decimals: the followed token's, or the token's own by verified call; absent: not known (base units). */
  token?: TokenMeta;
  /** The sender looks like `address`, which the wallet sent to at `sentAt` (ms): a different address. */
  lookAlike?: { address: string; sentAt: number };
}

/** How far an account's transfers are known. */
export interface TransferCoverageView {
  account: string;
  /** Every block from `fromBlock` to `toBlock` checked; null: none yet. */
  fromBlock: number | null;
  toBlock: number | null;
  /** The last scan after `toBlock` failed: nothing of it was stored. */
  failure?: { at: number; message: string };
}

/** An asset whose proven balance change a range's proven transfers do not explain. */
export interface UnexplainedView {
  account: string;
  asset: string;
  token?: TokenMeta;
  /** Decimal base units (may be negative). */
  unexplained: string;
  fromBlock: number;
  toBlock: number;
  because?: string;
}

export interface TransfersView {
  /** Newest first. */
  transfers: TransferView[];
  coverage: TransferCoverageView[];
  unexplained: UnexplainedView[];
}

/** An address the wallet sent to (its own transactions, its proven outgoing transfers), and when (ms). */
export interface SentTo {
  address: string;
  at: number;
}

/** The look-alike rule (src/wallet/transfers/look-alike.ts): the address sent to that `address` imitates, if any. */
export type LookAlike = (address: string, sentTo: readonly SentTo[]) => SentTo | undefined;

export interface TransfersViewInput {
  accounts: readonly string[];
  rows: readonly TransferRow[];
  cursors: readonly TransferCursorRow[];
  /** Token metadata by lower-case address (followed first, then proven). */
  tokens: ReadonlyMap<string, TokenMeta>;
  sentTo: readonly SentTo[];
  lookAlike: LookAlike;
  reconciliations?: readonly (AssetReconciliation & { account: string })[];
}

/**
 * Dust: what no one sends as a payment. Zero, a token's amount below a ten-thousandth of one unit
 * (its decimals known), or any amount of a token whose decimals are not known: its symbol is not
 * proven, so nothing of it is worth the look-alike's risk.
 */
export function isDust(amount: bigint, standard: TransferStandard, token: TokenMeta | undefined): boolean {
  if (amount === 0n) return true;
  if (standard === 'erc721' || standard === 'erc1155') return false;
  const decimals = standard === 'native' ? 18 : token?.decimals;
  if (decimals === undefined) return true;
  return decimals >= 4 && amount < 10n ** BigInt(decimals - 4);
}

/** The view of the stored rows. */
export function transfersView(input: TransfersViewInput): TransfersView {
  const ours = new Set(input.accounts.map((a) => a.toLowerCase()));
  const transfers = input.rows
    .filter((r) => ours.has(r.from) || ours.has(r.to))
    .map((r): TransferView => {
      const direction = ours.has(r.from) && ours.has(r.to) ? 'self' : ours.has(r.to) ? 'in' : 'out';
      const token = r.asset === 'native' ? { symbol: 'ETH', decimals: 18 } : input.tokens.get(r.asset);
      const view: TransferView = {
        key: r.key,
        asset: r.asset,
        standard: r.standard,
        direction,
        from: r.from,
        to: r.to,
        amount: r.amount,
        ...(r.tokenId !== undefined ? { tokenId: r.tokenId } : {}),
        block: r.block,
        blockHash: r.blockHash,
        transactionHash: r.transactionHash,
        logIndex: r.logIndex,
        timestamp: r.timestamp,
        final: r.final,
        found: r.found,
        ...(token ? { token } : {}),
      };
      if (direction !== 'in' || !isDust(BigInt(r.amount), r.standard, token)) return view;
      // Only what was sent to before this transfer came counts: a poisoner's dust comes after the user's send.
      const before = input.sentTo.filter((s) => s.at <= r.timestamp * 1000 && s.address.toLowerCase() !== r.from);
      const like = input.lookAlike(r.from, before);
      return like ? { ...view, lookAlike: { address: like.address, sentAt: like.at } } : view;
    });
  const cursors = new Map(input.cursors.map((c) => [c.account, c]));
  const coverage = [...ours].map((account): TransferCoverageView => {
    const c = cursors.get(account);
    const known = c !== undefined && c.toBlock >= c.fromBlock;
    return { account, fromBlock: known ? c.fromBlock : null, toBlock: known ? c.toBlock : null, ...(c?.failure ? { failure: c.failure } : {}) };
  });
  const unexplained = (input.reconciliations ?? [])
    .filter((r) => r.unexplained !== undefined && r.unexplained !== 0n)
    .map((r): UnexplainedView => {
      const token = r.asset === 'native' ? { symbol: 'ETH', decimals: 18 } : input.tokens.get(r.asset.toLowerCase());
      return { account: r.account.toLowerCase(), asset: r.asset, ...(token ? { token } : {}), unexplained: r.unexplained!.toString(), fromBlock: Number(r.fromBlock), toBlock: Number(r.toBlock), ...(r.because ? { because: r.because } : {}) };
    });
  return { transfers, coverage, unexplained };
}

/** What the wallet sent to: its own transactions' recipients (a token transfer's recipient, not the token) and its proven outgoing transfers'. */
export function sentToOf(activity: readonly { to: string | null; createdAt: number; decoded?: unknown }[], rows: readonly TransferRow[], accounts: readonly string[]): SentTo[] {
  const ours = new Set(accounts.map((a) => a.toLowerCase()));
  const out: SentTo[] = [];
  for (const row of activity) {
    const decoded = row.decoded as { recipient?: unknown } | null | undefined;
    const to = typeof decoded?.recipient === 'string' ? decoded.recipient : row.to;
    if (typeof to === 'string' && /^0x[0-9a-fA-F]{40}$/.test(to) && !ours.has(to.toLowerCase())) out.push({ address: to.toLowerCase(), at: row.createdAt });
  }
  for (const r of rows) if (ours.has(r.from) && !ours.has(r.to)) out.push({ address: r.to, at: r.timestamp * 1000 });
  return out;
}
