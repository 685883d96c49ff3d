/**
 * Where a rollup batch's data lives, as read from verified L1 alone: in blobs (the versioned
 * hashes of the proven type-3 transaction), in calldata (the proven transaction's input, or a log
 * of its receipt), off Ethereum (an alt-DA commitment, a data availability committee's
 * certificate), or unknown (what could not be tied, and why). The rules of each kind
 * (./op-batcher.ts, ./arbitrum.ts, ./commits.ts) produce these; the words say what follows for a
 * user: data off Ethereum means Ethereum alone cannot rebuild the rollup's state.
 *
 * Pure: transactions and receipts arrive proven through their verified block (src/client), a
 * transaction outside every verified block carries a null block.
 * @module
 */
import type { DataAvailability } from './availability.ts';

/** Where a batch's data is. */
export type DataWhere = 'blobs' | 'calldata' | 'off-ethereum' | 'unknown';

/** An L1 transaction as the verified chain shows it (src/client/verified/chain.ts getTransactionByHash). */
export interface ProvenTx {
  hash: string;
  from: string;
  to: string | null;
  /** EIP-2718 type: 3 carries blobs. */
  type: number;
  input: string;
  /** Type 3 only (lower-case 0x-hex), in the transaction's order. */
  blobVersionedHashes: string[];
  /** Null: the transaction is in no verified block (pending, or newer than every verified head): not proven. */
  blockNumber: bigint | null;
}

/** A transaction's receipt, proven against its block's receiptsRoot. */
export interface ProvenReceipt {
  status: string;
  logs: { address: string; topics: string[]; data: string }[];
}

/** How the batch was tied to what Vigil reads. */
export type DataTie =
  /** The batch behind the accepted root: named by proven storage or a proven log of the rollup's contract. */
  | 'root'
  /** The rollup's newest postings only: L1 names no batch behind the root Vigil reads (OP output roots, Arbitrum's week-old assertions). */
  | 'recent';

/** One batch's data location, with what was checked. */
export interface DataLocation {
  where: DataWhere;
  /** The batch in the rollup's words: "batch 412", "proposal 77", "submission 0x…", "posting". */
  batch: string;
  /** The batch's L1 transaction and its verified block; null when none was proven. */
  l1: { tx: string; block: bigint } | null;
  /** Blobs: their versioned hashes (lower-case 0x-hex); empty otherwise. */
  versionedHashes: string[];
  /** Off Ethereum: the layer named by the commitment or the config (EigenDA, AnyTrust DAC). */
  layer?: string;
  tie: DataTie;
  /** What was checked and how it was proven, one fact a line. */
  checked: string[];
  words: string;
  /** Blobs: what sampling their cells found (src/client/blobs); absent until sampled or where sampling does not apply. */
  availability?: DataAvailability;
}

/** A rollup's data report: its batches' locations, what L1 ties and what it cannot. */
export interface DataReport {
  batches: DataLocation[];
  /** What ties the batches to the root, or, for `recent`, what Vigil cannot tie from L1 alone. */
  scope: string;
}

const short = (hash: string) => `${hash.slice(0, 10)}…`;

/** The words of a location, from its facts (`sampled`: what blob sampling found, src/client/blobs). */
export function dataWords(where: DataWhere, facts: { tx?: string; block?: bigint; blobs?: number; layer?: string; reason?: string; via?: string; sampled?: string }): string {
  const at = facts.tx !== undefined ? ` (L1 tx ${short(facts.tx)}${facts.block !== undefined ? ` in block ${facts.block}` : ''})` : '';
  switch (where) {
    case 'blobs':
      return `data in Ethereum blobs: ${facts.blobs ?? 0} versioned hash${facts.blobs === 1 ? '' : 'es'}${at}; ${facts.sampled ?? 'not sampled (no beacon API to ask); nodes keep blobs about 18 days'}`;
    case 'calldata':
      return `data in Ethereum ${facts.via ?? 'calldata'}${at}: anyone can rebuild the rollup's state from Ethereum alone`;
    case 'off-ethereum':
      return `data off Ethereum (${facts.layer ?? 'alt-DA'})${at}: Ethereum alone cannot rebuild this rollup's state; a forced exit depends on it`;
    case 'unknown':
      return `data location unknown: ${facts.reason ?? 'nothing proven names it'}`;
  }
}

/** An unknown location, with why. */
export function unknownLocation(batch: string, tie: DataTie, reason: string, checked: string[] = [], l1: DataLocation['l1'] = null): DataLocation {
  return { where: 'unknown', batch, l1, versionedHashes: [], tie, checked, words: dataWords('unknown', { reason }) };
}

/** A location read from a transaction proven in `block`, with its words. */
export function provenLocation(
  where: Exclude<DataWhere, 'unknown'>,
  batch: string,
  tx: ProvenTx & { blockNumber: bigint },
  tie: DataTie,
  checked: string[],
  more: { versionedHashes?: string[]; layer?: string; via?: string } = {},
): DataLocation {
  const versionedHashes = more.versionedHashes ?? [];
  return {
    where,
    batch,
    l1: { tx: tx.hash, block: tx.blockNumber },
    versionedHashes,
    ...(more.layer !== undefined ? { layer: more.layer } : {}),
    tie,
    checked,
    words: dataWords(where, { tx: tx.hash, block: tx.blockNumber, blobs: versionedHashes.length, ...(more.layer !== undefined ? { layer: more.layer } : {}), ...(more.via !== undefined ? { via: more.via } : {}) }),
  };
}

/** The proven transaction's blobs: its versioned hashes when it is type 3 and carries well-formed ones (EIP-4844: version byte 0x01). */
export function blobHashesOf(tx: ProvenTx): string[] | null {
  if (tx.type !== 3 || tx.blobVersionedHashes.length === 0) return null;
  const hashes = tx.blobVersionedHashes.map((h) => h.toLowerCase());
  return hashes.every((h) => /^0x01[0-9a-f]{62}$/.test(h)) ? hashes : null;
}

/** Whether the transaction sits in a verified block (and, when given, the block a proven log named). */
export function inVerifiedBlock(tx: ProvenTx, block?: bigint): tx is ProvenTx & { blockNumber: bigint } {
  return tx.blockNumber !== null && (block === undefined || tx.blockNumber === block);
}

/** Lower-case address equality, null-safe. */
export const sameAddress = (a: string | null | undefined, b: string): boolean => a !== null && a !== undefined && a.toLowerCase() === b.toLowerCase();
