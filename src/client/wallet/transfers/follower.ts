/**
 * Follows the wallet's accounts' transfers (issue 56): at each new verified head, each account's
 * range is scanned from its stored cursor to the head (the first time: the last
 * {@link FIRST_SCAN_BLOCKS} blocks) by the blooms of verified headers and proven receipts
 * (./scan.ts), and what it proves is stored with its block hash. A scan that fails (receipts
 * withheld, no endpoint) stores nothing and leaves the cursor: the activity says the transfers are
 * known up to the cursor's block. Until final, each stored transfer is checked against the
 * canonical chain: a reorg that took its block removes it, and the cursor goes back to the
 * finalized block so the new branch is scanned. The endpoints a scan demotes are the session's
 * (the same ExecutionRpc), demoted for every other read too. With an ether reader, each pass also
 * proves each account's balance at its end and stores the ether that moved without a log
 * (./ether-pass.ts); a pass whose balances cannot be proven fails whole.
 * @module
 */
import { TransportError } from '../../../rpc/errors.ts';
import { cursorKey, type EtherMark, type TransferCursorRow, type TransferRow, type TransferStore, transferRow } from '../../../storage/transfers.ts';
import type { TransferScanResult as ScanResult } from './scan.ts';
import { type EtherReader, etherPass } from './ether-pass.ts';

/** Blocks scanned the first time an account is followed on a network (chain.getLogs' bound). */
export const FIRST_SCAN_BLOCKS = 1024n;
/** At most this many blocks a pass: a cursor far behind catches up a window per head. */
export const MAX_SCAN_BLOCKS = 1024n;
/**
 * A cursor further behind the head than this starts again at the last {@link FIRST_SCAN_BLOCKS}
 * blocks (the verified headers reach 8,192 blocks below a verified head: src/client/verified/headers.ts),
 * the blocks between kept as `skipped`: said, never claimed checked.
 */
export const MAX_BEHIND_BLOCKS = 7168n;

/** What ./scan.ts answers (scanTransfers), as the follower reads it. */
export type TransferScanResult = Pick<ScanResult, 'transfers' | 'ranges' | 'demoted'>;

/** ./scan.ts scanTransfers, bound to the session's verified chain and endpoints. */
export type ScanAccounts = (query: { accounts: string[]; fromBlock: bigint; toBlock: bigint }) => Promise<TransferScanResult>;

export interface TransferFollowerDeps {
  store: TransferStore;
  /** The followed network's chain id; undefined before one is set. */
  chainId(): number | undefined;
  /** The wallet's accounts (any case). */
  accounts(): Promise<string[]>;
  /** The newest verified head's execution block number. */
  headNumber(): bigint | undefined;
  finalizedNumber(): bigint | undefined;
  /** The canonical hash (0x-hex) at `number`, linked to the verified heads. */
  canonicalHash(number: bigint): Promise<string>;
  scan: ScanAccounts;
  /** Proven balances and own transactions for ether that moves without a log; absent: tokens only. */
  ether?: EtherReader;
  now(): number;
}

export class TransferFollower {
  private following = false;

  constructor(private readonly deps: TransferFollowerDeps) {}

  /** One pass against the newest verified head; a pass already running makes this one nothing. */
  async follow(): Promise<void> {
    // Heads can come faster than a scan is proven.
    if (this.following) return;
    this.following = true;
    try {
      await this.followOnce();
    } finally {
      this.following = false;
    }
  }

  private async followOnce(): Promise<void> {
    const chainId = this.deps.chainId();
    const head = this.deps.headNumber();
    if (chainId === undefined || head === undefined) return;
    const accounts = [...new Set((await this.deps.accounts()).map((a) => a.toLowerCase()))];
    if (accounts.length === 0) return;
    const finalized = this.deps.finalizedNumber();
    await this.recheck(chainId, finalized);
    const cursors = new Map((await this.deps.store.cursors(chainId)).map((c) => [c.account, c]));
    // Accounts whose cursors stand at one block scan together (one pass over the blooms).
    const groups = new Map<string, { cursor: TransferCursorRow | undefined; accounts: string[] }>();
    for (const account of accounts) {
      const cursor = cursors.get(account);
      const key = cursor ? `${cursor.fromBlock}:${cursor.toBlock}` : 'new';
      const group = groups.get(key) ?? { cursor, accounts: [] };
      group.accounts.push(account);
      groups.set(key, group);
    }
    for (const { cursor, accounts: group } of groups.values()) await this.scanGroup(chainId, group, cursor, cursors, head, finalized);
  }

  /** Not-final rows whose block left the chain go; rows now at or below the finalized head are final. A cursor whose block left the chain goes back. */
  private async recheck(chainId: number, finalized: bigint | undefined): Promise<void> {
    const rows = (await this.deps.store.list(chainId)).filter((r) => !r.final);
    const byBlock = new Map<number, TransferRow[]>();
    for (const row of rows) byBlock.set(row.block, [...(byBlock.get(row.block) ?? []), row]);
    for (const [block, atBlock] of byBlock) {
      let canonical: string;
      try {
        canonical = (await this.deps.canonicalHash(BigInt(block))).toLowerCase();
      } catch {
        continue; // Not linkable now: checked again at the next head.
      }
      const gone: TransferRow[] = [];
      for (const r of atBlock) if (r.blockHash !== canonical || !(await this.beforeHolds(r))) gone.push(r);
      if (gone.length > 0) await this.deps.store.remove(gone.map((r) => r.key));
      const kept = atBlock.filter((r) => !gone.includes(r));
      if (finalized !== undefined && BigInt(block) <= finalized && kept.length > 0) await this.deps.store.put(kept.map((r) => ({ ...r, final: true })));
    }
    for (const cursor of await this.deps.store.cursors(chainId)) {
      if (cursor.toBlock < cursor.fromBlock) continue; // Nothing scanned yet.
      if (finalized !== undefined && BigInt(cursor.toBlock) <= finalized) continue;
      let canonical: string;
      try {
        canonical = (await this.deps.canonicalHash(BigInt(cursor.toBlock))).toLowerCase();
      } catch {
        continue;
      }
      if (canonical === cursor.toHash.toLowerCase()) continue;
      // A reorg at or below the cursor (never below the finalized head): scanned again from there, what is kept is deduplicated by key.
      const back = finalized !== undefined && Number(finalized) >= cursor.fromBlock ? Number(finalized) : cursor.fromBlock - 1;
      if (back < cursor.fromBlock) {
        await this.deps.store.putCursor({ ...cursor, toBlock: cursor.fromBlock - 1, toHash: '' });
        continue;
      }
      try {
        await this.deps.store.putCursor({ ...cursor, toBlock: back, toHash: (await this.deps.canonicalHash(BigInt(back))).toLowerCase() });
      } catch {
        // Linked again at the next head.
      }
    }
  }

  /** Ether without a log is proven by two balances: a reorg of the block before its range takes it as one of its end block does. */
  private async beforeHolds(row: TransferRow): Promise<boolean> {
    if (row.unlogged === undefined) return true;
    try {
      return (await this.deps.canonicalHash(BigInt(row.unlogged.fromBlock - 1))).toLowerCase() === row.unlogged.beforeHash;
    } catch {
      return true; // Not linkable now: checked again at the next head.
    }
  }

  private async scanGroup(chainId: number, accounts: string[], cursor: TransferCursorRow | undefined, cursors: ReadonlyMap<string, TransferCursorRow>, head: bigint, finalized: bigint | undefined): Promise<void> {
    const first = head >= FIRST_SCAN_BLOCKS ? head - FIRST_SCAN_BLOCKS + 1n : 0n;
    let fromBlock = cursor ? BigInt(cursor.toBlock) + 1n : first;
    let skipped: TransferCursorRow['skipped'];
    if (cursor && head - fromBlock + 1n > MAX_BEHIND_BLOCKS) {
      // Too far behind to link (the wallet was not running): a new range, the blocks between said unchecked.
      skipped = { fromBlock: Number(fromBlock), toBlock: Number(first) - 1 };
      fromBlock = first;
    }
    if (fromBlock > head) return;
    const toBlock = head - fromBlock + 1n > MAX_SCAN_BLOCKS ? fromBlock + MAX_SCAN_BLOCKS - 1n : head;
    let result: TransferScanResult;
    let toHash: string;
    const marks = new Map<string, EtherMark>();
    const etherRows: TransferRow[] = [];
    try {
      // The hash first: a reorg during the scan shows at the next head as another hash at toBlock.
      toHash = (await this.deps.canonicalHash(toBlock)).toLowerCase();
      result = await this.deps.scan({ accounts, fromBlock, toBlock });
      if (this.deps.ether) {
        const final = finalized !== undefined && toBlock <= finalized;
        for (const account of accounts) {
          // A range started again (skipped) has no start to set against; the first pass only records.
          const own = cursors.get(account);
          const before = own && !skipped && own.toBlock >= own.fromBlock ? await this.markAt(this.deps.ether, account, own) : undefined;
          const beforeHash = own?.toHash ?? '';
          const { mark, row } = await etherPass(this.deps.ether, { chainId, account, fromBlock, toBlock, toHash, beforeHash, ...(before ? { before } : {}), transfers: result.transfers, final });
          marks.set(account, mark);
          if (row) etherRows.push(row);
        }
      }
    } catch (err) {
      const failure = { at: this.deps.now(), message: (err instanceof Error ? err.message : String(err)).slice(0, 200) };
      // Nothing stored; the cursor stays where it was, the failure beside it.
      for (const account of accounts) {
        // Each account's own row: its ether mark is its own.
        const c = cursor && !skipped ? (cursors.get(account) ?? cursor) : { key: cursorKey(chainId, account), chainId, account, fromBlock: Number(fromBlock), toBlock: Number(fromBlock) - 1, toHash: '', ...(skipped ? { skipped } : {}) };
        await this.deps.store.putCursor({ ...c, key: cursorKey(chainId, account), account, failure });
      }
      return;
    }
    const ours = new Set(accounts);
    const rows = result.transfers
      .filter((t) => t.block >= fromBlock && t.block <= toBlock && (ours.has(t.from.toLowerCase()) || ours.has(t.to.toLowerCase())))
      .map((t) => transferRow(chainId, t, finalized !== undefined && t.block <= finalized));
    await this.deps.store.put([...rows, ...etherRows]);
    const keptSkip = skipped ?? cursor?.skipped;
    for (const account of accounts) {
      const start = cursor && !skipped && cursor.toBlock >= cursor.fromBlock ? cursor.fromBlock : Number(fromBlock);
      const mark = marks.get(account);
      await this.deps.store.putCursor({ key: cursorKey(chainId, account), chainId, account, fromBlock: start, toBlock: Number(toBlock), toHash, ...(keptSkip ? { skipped: keptSkip } : {}), ...(mark ? { ether: mark } : {}) });
    }
  }

  /**
   * The balance at the cursor's block: its mark, or, when a reorg moved the cursor back (or it was
   * kept before marks were), proven there now while the state is served; else none (only recorded).
   */
  private async markAt(reader: EtherReader, account: string, cursor: TransferCursorRow): Promise<EtherMark | undefined> {
    if (cursor.ether && cursor.ether.block === cursor.toBlock && cursor.ether.hash === cursor.toHash.toLowerCase()) return cursor.ether;
    try {
      const { balance, nonce } = await reader.accountAt(account, BigInt(cursor.toBlock));
      return { block: cursor.toBlock, hash: cursor.toHash.toLowerCase(), balance: balance.toString(), nonce: nonce.toString() };
    } catch (err) {
      if (err instanceof TransportError) return undefined;
      throw err;
    }
  }
}
