/**
 * The pages' chain reads beyond what a wake needs (./blocks.ts holds blocks and
 * receipts): block headers alone, transaction counts, transactions by hash or position, logs, and
 * the fee oracle's samples of verified bodies (src/client/verified/chain-execution.ts prices with them),
 * each proven through a header the light client verified and returned in the JSON form nodes
 * return. The extension runs it in the app host (src/extension/app-host.ts); the CLI and tests here.
 *
 * - Transactions: the RPC only says where a transaction is; it is taken from that verified
 *   block, its hash recomputed from its encoding and its sender recovered from its signature.
 *   A pending transaction (no block yet) is returned when it hashes to the hash asked for: its
 *   fields are signed; its position fields are null, as nodes print them.
 * - Logs: over at most `maxLogRange` blocks; the verified logsBloom of each header skips blocks
 *   that cannot match; the others' receipts are fetched (eth_getBlockReceipts, or per
 *   transaction at an endpoint without it) and verified.
 *
 * Absence is never proven, as in ./blocks.ts: null means "no endpoint showed one".
 * @module
 */
import { bytesToHex, equalBytes } from '../../core/bytes.ts';
import { registerErrorClass } from '../../core/error-registry.ts';
import { VerificationError, VigilError, type VigilErrorOptions } from '../../core/errors.ts';
import { blobBaseFee } from '../../execution/block-env.ts';
import { type BlockHeader, EMPTY_OMMERS_HASH, headerToJson } from '../../execution/header.ts';
import { blockTransactionToJson, type VerifiedBlock } from '../../execution/block-body.ts';
import { gasUsedOf } from '../../execution/block-receipts.ts';
import { blockEffectiveTips, blockRewards, blockTipSamples } from '../../execution/fee-oracle.ts';
import { bloomMayMatch, type LogFilter, logMatches, type LogPosition, logToJson } from '../../execution/logs.ts';
import type { Log } from '../../proofs/receipts.ts';
import { expectTransactionHash, parseRpcTransaction, recoverSender, transactionHash, transactionToJson } from '../../execution/transactions.ts';
import { type ChainConfig, slotAtTime } from '../../l1/config.ts';
import { TransportError } from '../../rpc/errors.ts';
import { blobForkAt } from './execution-env.ts';
import { type BlockRef, type BlockTag, sender, VerifiedBlocks } from './blocks.ts';
import type { VerifiedHeader } from './headers.ts';

export type { BlockRef, BlockTag, VerifiedChainOptions } from './blocks.ts';
type Json = Record<string, unknown>;

/** A log of verified receipts at its verified place. */
export interface ProvenLog extends LogPosition {
  log: Log;
}

export interface LogQuery {
  fromBlock?: BlockTag | bigint;
  toBlock?: BlockTag | bigint;
  /** Instead of a range (EIP-234). */
  blockHash?: Uint8Array;
  filter: LogFilter;
  /**
   * Told the logs matched so far after each group of blocks: what it throws ends the query there
   * (a page's quota of results: src/provider/quotas.ts).
   */
  onProgress?: (logs: number) => void;
}

/**
 * A query Vigil will not run as asked: its block range is reversed (INVALID_BLOCK_RANGE), or it
 * spans too many blocks or matches too many logs (QUERY_LIMIT_EXCEEDED).
 */
export class QueryError extends VigilError {
  override name = 'QueryError';
  override readonly code: 'INVALID_BLOCK_RANGE' | 'QUERY_LIMIT_EXCEEDED';

  constructor(code: 'INVALID_BLOCK_RANGE' | 'QUERY_LIMIT_EXCEEDED', shortMessage: string, options: VigilErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
  }
}
registerErrorClass(QueryError, 'QueryError', { rebuild: (code) => new QueryError(code as QueryError['code'], '') });


/** Blocks fetched per batch: bounds memory, not latency (batches of a group go out together). */
const GROUP = 4;

/**
 * @example
 * const chain = new VerifiedChain({ rpc, headers: new VerifiedHeaders({ rpc, anchors }) });
 * const logs = await chain.getLogs({ fromBlock: 'latest', filter: { addresses: [], topics: [] } });
 */
export class VerifiedChain extends VerifiedBlocks {
  /**
   * The tip oracle's samples (src/execution/fee-oracle.ts blockTipSamples) of the verified blocks
   * `from`..`to`, newest first: bodies fetched once per block hash, senders recovered only for the
   * lowest tips.
   */
  async tipSamples(from: bigint, to: bigint): Promise<bigint[][]> {
    return (await this.bodiesOfUsed(from, to)).map((b) => (b === undefined ? [] : blockTipSamples(b, (i) => sender(b, i)))).reverse();
  }

  /**
   * Every effective tip the verified blocks `from`..`to` paid, newest block first
   * (src/execution/fee-oracle.ts blockEffectiveTips): what an unattended transaction's tip is
   * floored by. The bodies are the ones {@link tipSamples} reads (cached).
   */
  async effectiveTips(from: bigint, to: bigint): Promise<bigint[][]> {
    return (await this.bodiesOfUsed(from, to)).map((b) => (b === undefined ? [] : blockEffectiveTips(b))).reverse();
  }

  /**
   * eth_feeHistory's rewards of the verified blocks `from`..`to`, ascending (src/execution/fee-oracle.ts
   * blockRewards): each transaction's gas from its verified receipt.
   */
  async rewards(from: bigint, to: bigint, percentiles: readonly number[]): Promise<bigint[][]> {
    const blocks = await this.bodiesOfUsed(from, to);
    const receipts = await this.receiptsOf(blocks.filter((b): b is VerifiedBlock => b !== undefined && b.transactions.length > 0));
    let withReceipts = 0;
    return blocks.map((b) => {
      if (b === undefined || b.transactions.length === 0) return percentiles.map(() => 0n);
      const rs = receipts[withReceipts++]!;
      return blockRewards(b, rs.map((_, i) => gasUsedOf(rs, i)), percentiles);
    });
  }

  /**
   * The verified bodies of the blocks `from`..`to`, ascending; undefined for a block whose verified
   * header used no gas (it holds no transaction: its body need not be fetched).
   */
  protected async bodiesOfUsed(from: bigint, to: bigint): Promise<(VerifiedBlock | undefined)[]> {
    const headers = await this.headers.range(from, to);
    const used = headers.filter((h) => h.header.gasUsed > 0n);
    const bodies = new Map((await this.bodies(used)).map((b) => [bytesToHex(b.hash), b]));
    return headers.map((h) => bodies.get(bytesToHex(h.hash)));
  }

  /** The block of a verified header, its body proven against it (cached by hash): the blob tie's (src/client/blobs/tie.ts). */
  verifiedBlock(header: VerifiedHeader): Promise<VerifiedBlock> {
    return this.body(header);
  }

  /** The verified header as a block object's header fields (`hash` first), its body never fetched. */
  async getHeader(ref: BlockRef): Promise<Json | null> {
    const header = await this.header(ref);
    return header === null ? null : headerToJson(header.header, header.hash);
  }

  /** eth_getBlockTransactionCountBy{Number,Hash}: the count of transactions that rebuild the root. */
  async getBlockTransactionCount(ref: BlockRef): Promise<number | null> {
    const header = await this.header(ref);
    return header === null ? null : (await this.body(header)).transactions.length;
  }

  /** eth_getUncleCountBy{Number,Hash}: 0 when sha3Uncles is the empty list's hash (every block after the merge). */
  async getUncleCount(ref: BlockRef): Promise<number | null> {
    const header = await this.header(ref);
    if (header === null) return null;
    if (equalBytes(header.header.sha3Uncles, EMPTY_OMMERS_HASH)) return 0;
    const { uncles } = await this.body(header);
    if (uncles === undefined) throw new VerificationError('HEADER_HASH_MISMATCH', 'no endpoint gave ommer headers that hash to sha3Uncles');
    return uncles.length;
  }

  /** eth_getTransactionByBlock{Number,Hash}AndIndex; null past the block's last transaction (that is proven). */
  async getTransactionByBlockAndIndex(ref: BlockRef, index: number): Promise<Json | null> {
    const header = await this.header(ref);
    if (header === null) return null;
    const block = await this.body(header);
    if (index >= block.transactions.length) return null;
    sender(block, index);
    return blockTransactionToJson(block, index);
  }

  /**
   * The verified block's transactions to `to`, as nodes print them: the body checked against the
   * header, senders recovered for those only (a batch inbox's postings without recovering every
   * sender of every block searched). Null when no verified header has that number or hash.
   */
  async transactionsTo(ref: BlockRef, to: Uint8Array): Promise<Json[] | null> {
    const header = await this.header(ref);
    if (header === null) return null;
    const block = await this.body(header);
    const out: Json[] = [];
    block.transactions.forEach((t, i) => {
      if (t.tx.to === null || !equalBytes(t.tx.to, to)) return;
      sender(block, i);
      out.push(blockTransactionToJson(block, i));
    });
    return out;
  }

  /** eth_getTransactionByHash. */
  async getTransactionByHash(hash: Uint8Array): Promise<Json | null> {
    return this.located(hash, 'eth_getTransactionByHash', async (json, endpoint) => {
      const { tx, claims } = parseRpcTransaction(json);
      expectTransactionHash(hash, transactionHash(tx), `the transaction ${endpoint} returned`);
      const found = claims.blockHash === undefined ? null : await this.findInBlock(hash, claims.blockNumber, claims.transactionIndex);
      // Pending, or in a block newer than every verified head: the signed fields, no position.
      if (found === null) return transactionToJson(tx, hash, recoverSender(tx));
      sender(found.block, found.index);
      return blockTransactionToJson(found.block, found.index);
    });
  }

  /**
   * The blocks `query` spans as it names them now (1 for a block hash); below 1 for a reversed
   * range. @throws NO_VERIFIED_HEAD for a tag before any head
   */
  logSpan(query: LogQuery): bigint {
    if (query.blockHash !== undefined) return 1n;
    return this.numberOf(query.toBlock ?? 'latest') - this.numberOf(query.fromBlock ?? 'latest') + 1n;
  }

  /**
   * eth_getLogs over verified receipts.
   * @throws QueryError past maxLogRange blocks or maxLogs logs, or for fromBlock after toBlock.
   */
  async getLogs(query: LogQuery): Promise<Json[]> {
    let headers: VerifiedHeader[];
    if (query.blockHash !== undefined) {
      const header = await this.headers.byHash(query.blockHash);
      if (header === null) throw new TransportError('NOT_AVAILABLE', 'eth_getLogs: no endpoint knows a block with this hash', { url: 'eth_getLogs' });
      headers = [header];
    } else {
      const from = this.numberOf(query.fromBlock ?? 'latest');
      const to = this.numberOf(query.toBlock ?? 'latest');
      if (from > to) throw new QueryError('INVALID_BLOCK_RANGE', 'invalid block range params: fromBlock is after toBlock', { expected: `<= ${to}`, got: String(from) });
      const maxRange = this.options.maxLogRange ?? 1024;
      if (to - from + 1n > BigInt(maxRange)) {
        throw new QueryError('QUERY_LIMIT_EXCEEDED', `eth_getLogs spans more than ${maxRange} blocks`, { expected: `<= ${maxRange} blocks`, got: `${to - from + 1n} blocks` });
      }
      headers = await this.headers.range(from, to);
    }
    const maxLogs = this.options.maxLogs ?? 10_000;
    const logs = await this.logsOfHeaders(headers, [query.filter], (matched) => {
      if (matched > maxLogs) throw new QueryError('QUERY_LIMIT_EXCEEDED', `eth_getLogs matches more than ${maxLogs} logs`, { expected: `<= ${maxLogs} logs`, got: `> ${maxLogs}` });
      query.onProgress?.(matched);
    });
    return logs.map(({ log, ...at }) => logToJson(log, at));
  }

  /**
   * Every log of the verified blocks `from`..`to` that matches any of `filters`, ascending by
   * block then log index, each once: the verified blooms skip blocks no filter can match, and each
   * other block's receipts are read once for all filters.
   * @throws QueryError past maxLogRange blocks or for `from` after `to`; the fetch's error when no
   * endpoint gives a candidate block's receipts (never fewer logs)
   */
  async logsMatchingAny(from: bigint, to: bigint, filters: readonly LogFilter[]): Promise<ProvenLog[]> {
    if (from > to) throw new QueryError('INVALID_BLOCK_RANGE', 'invalid block range: from is after to', { expected: `<= ${to}`, got: String(from) });
    const maxRange = this.options.maxLogRange ?? 1024;
    if (to - from + 1n > BigInt(maxRange)) throw new QueryError('QUERY_LIMIT_EXCEEDED', `a log scan spans more than ${maxRange} blocks`, { expected: `<= ${maxRange} blocks`, got: `${to - from + 1n} blocks` });
    return this.logsOfHeaders(await this.headers.range(from, to), filters);
  }

  /**
   * Every log matching any of `filters` in the blocks of these verified headers (in their order):
   * a block whose bloom no filter can match is skipped (that is proven: the bloom is in the
   * verified header), the others' bodies and receipts fetched and verified. `onGroup` is told the
   * count so far after each group of blocks; what it throws ends the read.
   * @throws the fetch's error when no endpoint gives a candidate block's body or receipts
   */
  async logsOfHeaders(headers: readonly VerifiedHeader[], filters: readonly LogFilter[], onGroup?: (matched: number) => void): Promise<ProvenLog[]> {
    const candidates = headers.filter((h) => filters.some((f) => bloomMayMatch(h.header.logsBloom, f)));
    const out: ProvenLog[] = [];
    for (let g = 0; g < candidates.length; g += GROUP) {
      const blocks = await this.bodies(candidates.slice(g, g + GROUP));
      const receipts = await this.receiptsOf(blocks);
      blocks.forEach((block, b) => {
        let logIndex = 0;
        receipts[b]!.forEach((receipt, i) => {
          for (const log of receipt.logs) {
            if (filters.some((f) => logMatches(log, f))) {
              out.push({
                log,
                blockHash: block.hash,
                blockNumber: block.header.number,
                blockTimestamp: block.header.timestamp,
                transactionHash: block.transactions[i]!.hash,
                transactionIndex: i,
                logIndex,
              });
            }
            logIndex++;
          }
        });
      });
      onGroup?.(out.length);
    }
    return out;
  }
}

/**
 * The `blobBaseFee` option for a chain: the blob-parameter fork the network's schedule puts at a
 * header's timestamp, and its update fraction; undefined where Vigil does not know them.
 */
export function blobBaseFeeOn(config: ChainConfig): (header: BlockHeader) => bigint | undefined {
  return (header) => {
    if (header.excessBlobGas === undefined) return undefined;
    try {
      const fork = blobForkAt(config, slotAtTime(config, Number(header.timestamp)));
      return blobBaseFee({ fork, excessBlobGas: header.excessBlobGas });
    } catch (err) {
      if (err instanceof VigilError) return undefined;
      throw err;
    }
  };
}

