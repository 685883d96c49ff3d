/**
 * Proven transfers of the wallet's accounts (issue 56), kept per network (Dexie tables `transfers`
 * and `transferCursors` in the extension, {@link MemoryTransferStore} in tests): each row a log
 * proven by its block's receipts root, keyed by chain, block hash, log index and token id (an
 * ERC-1155 batch moves several ids in one log), so a range scanned again adds nothing twice. A
 * row keeps its block hash: until its block is final it is checked against the canonical chain
 * and removed when a reorg took its block. A cursor per account says how far its transfers are
 * known: from which block to which, every block of them checked, and the last scan that failed.
 * @module
 */
import type { Dexie, EntityTable } from 'dexie';
import type { ProvenTransfer, TransferFound, TransferStandard } from '../wallet/transfers/types.ts';
import { guardDb } from './errors.ts';

/** A ProvenTransfer as stored: bigints as decimal strings (structured clone and JSON alike). */
export interface TransferRow {
  /** `${chainId}:${blockHash}:${logIndex}:${tokenId ?? '-'}` (the primary key). */
  key: string;
  chainId: number;
  asset: string;
  standard: TransferStandard;
  from: string;
  to: string;
  /** Decimal base units. */
  amount: string;
  /** Decimal (ERC-721, ERC-1155). */
  tokenId?: string;
  block: number;
  blockHash: string;
  transactionHash: string;
  transactionIndex: number;
  logIndex: number;
  timestamp: number;
  found: TransferFound;
  /** Its block is at or below the finalized head: no reorg can take it any more. */
  final: boolean;
  /**
   * Ether that moved without a log (before Amsterdam: a transaction, a contract call or a
   * withdrawal): the account's proven balance change over blocks `fromBlock`…`block` less what its
   * proven transfers and own transactions explain. `amount` is its size; the account is `to` when it
   * came in, `from` when it left, the other side empty (not known). Proven by the balances after
   * block `fromBlock − 1` (hash `beforeHash`) and after `block` (`blockHash`); no transaction or log
   * (`transactionHash` empty, `logIndex` −1).
   */
  unlogged?: { fromBlock: number; beforeHash: string; because: string; missing?: number };
}

/** How far one account's transfers on one network are known. */
export interface TransferCursorRow {
  /** `${chainId}:${account}` (the primary key). */
  key: string;
  chainId: number;
  /** Lower-case. */
  account: string;
  /** Every block from `fromBlock` to `toBlock` was scanned (blooms of verified headers, proven receipts). */
  fromBlock: number;
  toBlock: number;
  /** The canonical hash of `toBlock` when it was scanned: a reorg below it shows as another hash there. */
  toHash: string;
  /** The last scan that failed after `toBlock` (nothing of it stored), until one succeeds. */
  failure?: { at: number; message: string };
  /** Blocks before `fromBlock` never checked: the cursor was too far behind to link them when the range started again. */
  skipped?: { fromBlock: number; toBlock: number };
  /** The account's ether balance and nonce proven after `block` (the cursor's `toBlock` once a pass stored it): the next pass's start. */
  ether?: EtherMark;
}

/** A balance and nonce proven at a block, kept to set the next range's against. Decimal strings. */
export interface EtherMark {
  block: number;
  hash: string;
  balance: string;
  nonce: string;
}

/** What the transfer follower needs of the memory: the extension's tables and the tests' maps alike. */
export interface TransferStore {
  /** Adds or keeps rows (one key, one row: a rescanned log changes nothing but `final`). */
  put(rows: readonly TransferRow[]): Promise<void>;
  /** A network's rows, newest first. */
  list(chainId: number): Promise<TransferRow[]>;
  remove(keys: readonly string[]): Promise<void>;
  cursors(chainId: number): Promise<TransferCursorRow[]>;
  putCursor(row: TransferCursorRow): Promise<void>;
}

/** Rows kept per database; the oldest blocks go first. */
export const MAX_TRANSFER_ROWS = 5000;

/** The row's primary key. */
export function transferKey(chainId: number, t: Pick<ProvenTransfer, 'blockHash' | 'logIndex' | 'tokenId'>): string {
  return `${chainId}:${t.blockHash.toLowerCase()}:${t.logIndex}:${t.tokenId === undefined ? '-' : t.tokenId.toString()}`;
}

/** The primary key of ether that moved without a log over a range ending at `blockHash`. */
export function unloggedKey(chainId: number, blockHash: string, account: string): string {
  return `${chainId}:${blockHash.toLowerCase()}:ether:${account.toLowerCase()}`;
}

export const cursorKey = (chainId: number, account: string) => `${chainId}:${account.toLowerCase()}`;

/** A proven transfer as a row of `chainId`. */
export function transferRow(chainId: number, t: ProvenTransfer, final: boolean): TransferRow {
  return {
    key: transferKey(chainId, t),
    chainId,
    asset: t.asset.toLowerCase(),
    standard: t.standard,
    from: t.from.toLowerCase(),
    to: t.to.toLowerCase(),
    amount: t.amount.toString(),
    ...(t.tokenId !== undefined ? { tokenId: t.tokenId.toString() } : {}),
    block: Number(t.block),
    blockHash: t.blockHash.toLowerCase(),
    transactionHash: t.transactionHash.toLowerCase(),
    transactionIndex: t.transactionIndex,
    logIndex: t.logIndex,
    timestamp: t.timestamp,
    found: t.found,
    final,
  };
}

const newestFirst = (a: TransferRow, b: TransferRow) => b.block - a.block || b.logIndex - a.logIndex;

/** The tables this repository keeps (the `vigil` database has them: src/storage/db.ts). */
export type TransferTables = Dexie & { transfers: EntityTable<TransferRow, 'key'>; transferCursors: EntityTable<TransferCursorRow, 'key'> };

export class TransferRepo implements TransferStore {
  constructor(private readonly db: TransferTables) {}

  async put(rows: readonly TransferRow[]): Promise<void> {
    if (rows.length === 0) return;
    await wrap('put', () => this.db.transfers.bulkPut([...rows]));
    const count = await wrap('count', () => this.db.transfers.count());
    if (count > MAX_TRANSFER_ROWS) {
      const old = await wrap('prune', () => this.db.transfers.orderBy('block').limit(count - MAX_TRANSFER_ROWS).primaryKeys());
      await wrap('prune', () => this.db.transfers.bulkDelete(old));
    }
  }

  async list(chainId: number): Promise<TransferRow[]> {
    return (await wrap('list', () => this.db.transfers.where('chainId').equals(chainId).toArray())).sort(newestFirst);
  }

  async remove(keys: readonly string[]): Promise<void> {
    await wrap('remove', () => this.db.transfers.bulkDelete([...keys]));
  }

  cursors(chainId: number): Promise<TransferCursorRow[]> {
    return wrap('cursors', () => this.db.transferCursors.where('chainId').equals(chainId).toArray());
  }

  async putCursor(row: TransferCursorRow): Promise<void> {
    await wrap('putCursor', () => this.db.transferCursors.put(row));
  }
}

/** The same memory in Maps (tests; a CLI run). */
export class MemoryTransferStore implements TransferStore {
  readonly rows = new Map<string, TransferRow>();
  readonly cursorRows = new Map<string, TransferCursorRow>();

  put(rows: readonly TransferRow[]): Promise<void> {
    for (const row of rows) this.rows.set(row.key, { ...row });
    return Promise.resolve();
  }

  list(chainId: number): Promise<TransferRow[]> {
    return Promise.resolve([...this.rows.values()].filter((r) => r.chainId === chainId).sort(newestFirst));
  }

  remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.rows.delete(key);
    return Promise.resolve();
  }

  cursors(chainId: number): Promise<TransferCursorRow[]> {
    return Promise.resolve([...this.cursorRows.values()].filter((c) => c.chainId === chainId));
  }

  putCursor(row: TransferCursorRow): Promise<void> {
    this.cursorRows.set(row.key, { ...row });
    return Promise.resolve();
  }
}

/** One database operation of this store (./errors.ts guardDb): a failure inside IndexedDB is `DB_ERROR` naming it. */
function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  return guardDb(`transfers ${what}`, fn);
}
