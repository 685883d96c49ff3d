/**
 * Runs a rollup's data rule (src/l2/data/rules.ts) on verified L1: the log it names found in
 * verified receipts, the transaction proven through its block (its sender recovered, its place in
 * the block's transactions root), the receipt against the block's receiptsRoot, the batcher's
 * postings read from verified block bodies (senders recovered for the inbox's transactions only). The rule then reads where the data is; nothing an RPC
 * says is taken unchecked (the L2 RPC only names the devnet rollup's commit transaction).
 * @module
 */
import { hexToBytes, isHex } from '../../core/bytes.ts';
import { TransportError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { FoundL1Log, L1LogQuery } from '../../l2/adapter.ts';
import type { DataAvailability } from '../../l2/data/availability.ts';
import type { DataLocation, DataReport, ProvenReceipt, ProvenTx } from '../../l2/data/location.ts';
import { dataWords, unknownLocation } from '../../l2/data/location.ts';
import { type BatcherFacts, opBatcherReport, provenBatcherFacts } from '../../l2/data/op-batcher.ts';
import { storageKey } from '../../l2/slots.ts';
import { dataQuery, type DataQuery, type FollowedFacts } from '../../l2/data/rules.ts';
import type { VerifiedChain } from '../verified/chain.ts';
import type { L1HeadRef, RollupFollowerDeps } from './follower.ts';

export interface DataSources {
  chain: Pick<VerifiedChain, 'getTransactionByHash' | 'getTransactionReceipt' | 'transactionsTo'>;
  /** The newest log of `query` in verified receipts (src/client/rollups/sources.ts newestLog). */
  newestLog?(query: L1LogQuery, head: L1HeadRef): Promise<FoundL1Log | null>;
  /** The devnet rollup's commit transaction of `batch`, named by its L2 RPC (a hint). */
  commitTxOf?(batch: bigint): Promise<string | null>;
  /** L1 storage proven at the head (eth_getProof, verified): the OP SystemConfig's batcher and inbox. Absent: the pinned ones. */
  readStorage?: RollupFollowerDeps<unknown, unknown>['readStorage'];
  /**
   * What sampling finds about a batch in blobs (src/client/blobs/checker.ts BlobChecker.check:
   * tied to a verified beacon block, sampled, remembered); undefined where it does not apply.
   * Absent: not sampled.
   */
  availability?(location: DataLocation): Promise<DataAvailability> | undefined;
}

/** Block bodies read at once while searching the batcher's postings. */
const BODIES_AT_ONCE = 4;

/**
 * Where the data behind a followed root lives, per the rule's query, at `head`.
 * @throws TransportError when the chain cannot be read; a proof that fails is a VerificationError
 *   from the verified chain.
 */
export async function findDataLocation(sources: DataSources, query: DataQuery, head: L1HeadRef): Promise<DataReport> {
  switch (query.by) {
    case 'none':
      return query.report;
    case 'commit-tx': {
      const batch = `batch ${query.batch}`;
      const hash = sources.commitTxOf ? await sources.commitTxOf(query.batch) : null;
      if (hash === null) return { batches: [unknownLocation(batch, 'root', 'no L1 transaction was named for the batch')], scope: query.scope };
      return { batches: [await located(sources, hash, batch, 'root', (tx, receipt) => query.locate(tx, receipt))], scope: query.scope };
    }
    case 'log': {
      const log = sources.newestLog ? await sources.newestLog(query.log, head) : null;
      if (log === null) return { batches: [unknownLocation('batch', query.tie, `no ${query.log.topics[0]} log of ${query.log.address} in the last ${query.log.withinBlocks} verified blocks`)], scope: query.scope };
      return { batches: [await located(sources, log.transactionHash, 'batch', query.tie, (tx, receipt) => query.locate(log, tx, receipt))], scope: query.scope };
    }
    case 'inbox': {
      const facts = await batcherAt(sources, query.facts, head);
      const toBlock = head.blockNumber;
      const fromBlock = toBlock - BigInt(query.withinBlocks) + 1n > 0n ? toBlock - BigInt(query.withinBlocks) + 1n : 0n;
      const txs: ProvenTx[] = [];
      let oldest = toBlock + 1n;
      // Newest first; a block no endpoint serves (a young chain, a pruned node) ends the search there.
      search: for (let top = toBlock; top >= fromBlock; top -= BigInt(BODIES_AT_ONCE)) {
        const numbers = Array.from({ length: BODIES_AT_ONCE }, (_, i) => top - BigInt(i)).filter((n) => n >= fromBlock);
        const inbox = hexToBytes(facts.inbox, 20, 'inbox');
        const blocks = await Promise.all(numbers.map((n) => sources.chain.transactionsTo({ number: n }, inbox).catch((err: unknown) => (err instanceof TransportError ? null : Promise.reject(err)))));
        for (const [i, sent] of blocks.entries()) {
          if (sent === null) break search;
          oldest = numbers[i]!;
          for (const t of sent) if (toInbox(t, facts.inbox)) txs.push(provenTx(t));
        }
      }
      if (oldest > toBlock) return { batches: [unknownLocation('posting', 'recent', `no verified block at or below ${toBlock} could be read`)], scope: 'not read' };
      return opBatcherReport(txs, facts, { fromBlock: oldest, toBlock });
    }
  }
}

/** The batcher and inbox the SystemConfig's storage holds at `head` (proven), else the pinned ones. */
async function batcherAt(sources: DataSources, facts: BatcherFacts, head: L1HeadRef): Promise<BatcherFacts> {
  const sc = facts.systemConfig;
  if (sc === undefined || sources.readStorage === undefined) return facts;
  const keys = [storageKey({ slot: sc.batcherHashSlot }), ...(sc.batchInboxSlot !== undefined ? [storageKey({ storageKey: sc.batchInboxSlot })] : [])];
  const { storage } = await sources.readStorage(head, sc.address, keys);
  return provenBatcherFacts(facts, { batcherHash: storage.get(keys[0]!), ...(keys[1] !== undefined ? { batchInbox: storage.get(keys[1]) } : {}) });
}

/** The transaction and receipt of `hash` from the verified chain, read by `locate`; unknown when either is on no verified block. */
async function located(sources: DataSources, hash: string, batch: string, tie: 'root' | 'recent', locate: (tx: ProvenTx, receipt: ProvenReceipt) => DataLocation): Promise<DataLocation> {
  const bytes = hexToBytes(hash, 32, 'transaction hash');
  const [tx, receipt] = await Promise.all([sources.chain.getTransactionByHash(bytes), sources.chain.getTransactionReceipt(bytes)]);
  if (tx === null || receipt === null) return unknownLocation(batch, tie, `the transaction ${hash} is on no verified block`);
  return locate(provenTx(tx), provenReceipt(receipt));
}

const toInbox = (t: unknown, inbox: string): boolean => isObject(t) && typeof t.to === 'string' && t.to.toLowerCase() === inbox;

/** A verified chain's transaction JSON as the rules read it. */
export function provenTx(json: unknown): ProvenTx {
  const t = isObject(json) ? json : {};
  const str = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
  return {
    hash: str(t.hash),
    from: str(t.from),
    to: typeof t.to === 'string' ? t.to.toLowerCase() : null,
    type: isHex(t.type) ? Number(BigInt(t.type)) : 0,
    input: isHex(t.input) ? t.input : '0x',
    blobVersionedHashes: Array.isArray(t.blobVersionedHashes) ? t.blobVersionedHashes.map(str) : [],
    blockNumber: isHex(t.blockNumber) ? BigInt(t.blockNumber) : null,
  };
}

function provenReceipt(json: unknown): ProvenReceipt {
  const r = isObject(json) ? json : {};
  const logs = Array.isArray(r.logs) ? r.logs.filter(isObject) : [];
  return {
    status: typeof r.status === 'string' ? r.status : '0x0',
    logs: logs.map((l) => ({ address: String(l.address), topics: Array.isArray(l.topics) ? l.topics.map(String) : [], data: typeof l.data === 'string' ? l.data : '0x' })),
  };
}

/** The report as `vigil l2-balance` prints it (`data`): the root's batch (or the newest posting) first. */
export function dataJson(report: DataReport): Record<string, unknown> {
  const first = report.batches[0];
  const one = (b: DataLocation) => ({
    where: b.where,
    batch: b.batch,
    tie: b.tie,
    l1: b.l1 === null ? null : { tx: b.l1.tx, block: Number(b.l1.block) },
    ...(b.versionedHashes.length > 0 ? { versionedHashes: b.versionedHashes } : {}),
    ...(b.layer !== undefined ? { layer: b.layer } : {}),
    checked: b.checked,
    words: b.words,
    ...(b.availability !== undefined ? { availability: availabilityJson(b.availability) } : {}),
  });
  return { ...(first ? one(first) : { where: 'unknown' }), scope: report.scope, ...(report.batches.length > 1 ? { more: report.batches.slice(1).map(one) } : {}) };
}

/**
 * The data report of a followed rollup (its kind's rule run at `head`); a read that fails is
 * reported as unknown with why, never in place of the proven balance beside it.
 */
export async function followedData(sources: DataSources, rollup: { kind: string; config: unknown; chainId: number }, followed: FollowedFacts, head: L1HeadRef): Promise<DataReport> {
  let report: DataReport;
  try {
    report = await findDataLocation(sources, dataQuery(rollup.kind, rollup.config, rollup.chainId, followed), head);
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    return { batches: [unknownLocation('batch', 'root', `reading it failed: ${err.code} ${err.shortMessage}`)], scope: 'not read' };
  }
  return sources.availability ? { ...report, batches: await Promise.all(report.batches.map((b) => sampled(b, sources.availability!))) } : report;
}

/** A location in blobs with what sampling found, its words saying it. */
async function sampled(location: DataLocation, availability: NonNullable<DataSources['availability']>): Promise<DataLocation> {
  if (location.where !== 'blobs') return location;
  const found = await availability(location);
  if (found === undefined || location.l1 === null) return location;
  const words = dataWords('blobs', { tx: location.l1.tx, block: location.l1.block, blobs: location.versionedHashes.length, sampled: found.words });
  return { ...location, availability: found, words };
}

/** A sampling's verdict as JSON (src/extension/messages.ts AvailabilityView; `vigil l2-balance`'s `data.availability`). */
export function availabilityJson(a: DataAvailability): AvailabilityJson {
  return {
    status: a.status,
    slot: a.slot === undefined ? null : Number(a.slot),
    beaconRoot: a.beaconRoot ?? null,
    blobs: a.blobs,
    columns: { ...a.columns },
    endpoints: a.endpoints.map((e) => ({ ...e, ...(e.error ? { error: { ...e.error } } : {}) })),
    checkedAt: a.checkedAt ?? null,
    expiresAt: a.expiresAt ?? null,
    ...(a.code !== undefined ? { code: a.code } : {}),
    ...(a.reason !== undefined ? { reason: a.reason } : {}),
    words: a.words,
  };
}

/** DataAvailability as JSON: numbers for the slot, null for what is not known. */
export interface AvailabilityJson {
  status: DataAvailability['status'];
  slot: number | null;
  beaconRoot: string | null;
  blobs: number;
  columns: DataAvailability['columns'];
  endpoints: DataAvailability['endpoints'];
  checkedAt: number | null;
  expiresAt: number | null;
  code?: string;
  reason?: string;
  words: string;
}

/** The popup's view of a report (src/extension/messages.ts RollupDataView): its first batch (the root's, or the newest posting). */
export function rollupDataView(report: DataReport): RollupDataJson | null {
  const b = report.batches[0];
  if (b === undefined) return null;
  return {
    where: b.where,
    batch: b.batch,
    tie: b.tie,
    l1: b.l1 === null ? null : { tx: b.l1.tx, block: Number(b.l1.block) },
    ...(b.layer !== undefined ? { layer: b.layer } : {}),
    words: b.words,
    scope: report.scope,
    availability: b.availability ? availabilityJson(b.availability) : null,
  };
}

/** A report's first batch as the popup shows it (the shape of RollupDataView). */
export interface RollupDataJson {
  where: DataLocation['where'];
  batch: string;
  tie: DataLocation['tie'];
  l1: { tx: string; block: number } | null;
  layer?: string;
  words: string;
  scope: string;
  availability: AvailabilityJson | null;
}
