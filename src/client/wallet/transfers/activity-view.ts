/**
 * The popup's view of the proven transfers (issue 56): each stored transfer with its direction,
 * its token named (followed: the symbol and decimals proven when followed; else proven by
 * verified call, ./held-tokens.ts; else base units by the address), its block and whether that
 * block is final; where each account's transfers are known (the cursor's range, every block
 * checked, and the scan that last failed after it); what reconciliation left unexplained; and a
 * zero-value or dust transfer whose other side looks like an address the wallet sent to before
 * (src/wallet/transfers/look-alike.ts poisoningOf): address poisoning, marked.
 * Pure: the app host gathers the rows and runs it.
 * @module
 */
import type { TransferCursorRow, TransferRow } from '../../../storage/transfers.ts';
import { poisoningOf, type SentTo, sentToOf as sentToOfActivity, type SentRow } from '../../../wallet/transfers/look-alike.ts';
import { toChecksumAddress } from '../../../wallet/keys.ts';
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
  /** Checksummed. */
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
  /**
   * Ether that moved without a log over blocks `fromBlock`…`block`, proven by the balances after
   * `fromBlock − 1` and after `block`; `because` why no log records it, `missing` own transactions
   * the nonce says were sent but not found. The other side (`from` in, `to` out) is empty: not known.
   */
  unlogged?: { fromBlock: number; because: string; missing?: number };
}

/** How far an account's transfers are known. */
export interface TransferCoverageView {
  account: string;
  /** Every block from `fromBlock` to `toBlock` checked; null: none yet. */
  fromBlock: number | null;
  toBlock: number | null;
  /** The last scan after `toBlock` failed: nothing of it was stored. */
  failure?: { at: number; message: string };
  /** Blocks before `fromBlock` never checked (the range started again when it was too far behind). */
  skipped?: { fromBlock: number; toBlock: number };
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

export interface TransfersViewInput {
  accounts: readonly string[];
  rows: readonly TransferRow[];
  cursors: readonly TransferCursorRow[];
  /** Token metadata by lower-case address (followed first, then proven). */
  tokens: ReadonlyMap<string, TokenMeta>;
  /** What the wallet sent to ({@link sentToOf}). */
  sentTo: readonly SentTo[];
  reconciliations?: readonly (AssetReconciliation & { account: string })[];
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
        from: r.from === '' ? '' : toChecksumAddress(r.from),
        to: r.to === '' ? '' : toChecksumAddress(r.to),
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
        ...(r.unlogged ? { unlogged: { fromBlock: r.unlogged.fromBlock, because: r.unlogged.because, ...(r.unlogged.missing ? { missing: r.unlogged.missing } : {}) } } : {}),
      };
      // No sender to look like anything: a balance moved.
      if (direction === 'self' || r.unlogged) return view;
      // Only what was sent to before this transfer's block counts: a poisoner's dust follows the user's send.
      const before = input.sentTo.filter((s) => s.at <= r.timestamp * 1000);
      const account = direction === 'in' ? r.to : r.from;
      const like = poisoningOf({ standard: r.standard, amount: BigInt(r.amount), from: r.from, to: r.to } as never, account, before, token ? { decimals: token.decimals } : {});
      return like ? { ...view, lookAlike: { address: toChecksumAddress(like.address), sentAt: like.at } } : view;
    });
  const cursors = new Map(input.cursors.map((c) => [c.account, c]));
  const coverage = [...ours].map((account): TransferCoverageView => {
    const c = cursors.get(account);
    const known = c !== undefined && c.toBlock >= c.fromBlock;
    return { account, fromBlock: known ? c.fromBlock : null, toBlock: known ? c.toBlock : null, ...(c?.failure ? { failure: c.failure } : {}), ...(c?.skipped ? { skipped: c.skipped } : {}) };
  });
  const unexplained = (input.reconciliations ?? [])
    .filter((r) => r.unexplained !== undefined && r.unexplained !== 0n)
    .map((r): UnexplainedView => {
      const token = r.asset === 'native' ? { symbol: 'ETH', decimals: 18 } : input.tokens.get(r.asset.toLowerCase());
      return { account: r.account.toLowerCase(), asset: r.asset, ...(token ? { token } : {}), unexplained: r.unexplained!.toString(), fromBlock: Number(r.fromBlock), toBlock: Number(r.toBlock), ...(r.because ? { because: r.because } : {}) };
    });
  return { transfers, coverage, unexplained };
}

/**
 * What the wallet sent to: its own transactions' recipients (src/core/look-alike.ts sentToOf: a
 * token transfer's recipient, not the token) and its proven outgoing transfers' (a transfer from
 * another wallet of the same key), none of the wallet's own accounts.
 */
export function sentToOf(activity: readonly SentRow[], rows: readonly TransferRow[], accounts: readonly string[]): SentTo[] {
  const ours = new Set(accounts.map((a) => a.toLowerCase()));
  const out = sentToOfActivity(activity)
    .map((s) => ({ address: s.address.toLowerCase(), at: s.at }))
    .filter((s) => !ours.has(s.address));
  for (const r of rows) if (!r.unlogged && ours.has(r.from) && !ours.has(r.to) && BigInt(r.amount) > 0n) out.push({ address: r.to, at: r.timestamp * 1000 });
  return out;
}
