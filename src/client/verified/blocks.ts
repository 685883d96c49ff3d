/**
 * Blocks and receipts, each proven through a header the light client verified
 * (./headers.ts) and returned in the JSON form nodes return: what the service worker's
 * wake needs of the chain (the activity's receipts, the nonce search's blocks). The pages' other
 * reads (logs, transactions by hash, counts, the fee oracle's samples) extend it in
 * ./chain.ts, which the app host runs: a class's methods cannot be left out of a bundle,
 * so what a wake does not call lives in the subclass.
 *
 * - Blocks: the header proven by hash; the transactions rebuild its transactionsRoot (so even a
 *   block of transaction hashes needs the full transactions), withdrawals its withdrawalsRoot,
 *   ommer headers its sha3Uncles. Left out: `totalDifficulty` (unverifiable; nodes dropped it
 *   after the merge), and `uncles`/`size` of a pre-merge block whose ommers no endpoint gave.
 * - Receipts: all of a block's receipts rebuild its receiptsRoot; every field besides the
 *   consensus ones (status/root, cumulativeGasUsed, logsBloom, logs) is derived from the
 *   verified block (src/execution/block-receipts.ts). `blobGasPrice` needs the fork's blob
 *   update fraction: it is left out unless the `blobBaseFee` option gives it.
 *
 * Absence is never proven: when every endpoint says a transaction, receipt or block hash is
 * unknown, the answer is null, meaning "no endpoint showed one", not "there is none". A server can
 * hide data this way (as it can by not answering); it can never make Vigil return a forged value.
 * An endpoint whose answer does not verify is demoted and the next is asked; when none verifies,
 * the first verification error is thrown.
 * @module
 */
import { bigIntToHex, bytesToHex, equalBytes } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { aobject } from '../../core/json.ts';
import { type BlockHeader, EMPTY_OMMERS_HASH, parseRpcHeader } from '../../execution/header.ts';
import { blockToJson, type VerifiedBlock, verifyBlockBody } from '../../execution/block-body.ts';
import { blockReceiptsToJson, receiptToJson, verifyBlockReceipts } from '../../execution/block-receipts.ts';
import { optionalQuantity } from '../../execution/rpc-json.ts';
import { recoverSender } from '../../execution/transactions.ts';
import { parseRpcReceipt, type Receipt } from '../../proofs/receipts.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { JsonRpcOutcome } from '../../rpc/http.ts';
import { firstFailure, type HeaderRpc, type VerifiedHeader, VerifiedHeaders } from './headers.ts';


export type BlockTag = 'latest' | 'pending' | 'safe' | 'finalized' | 'earliest';
export type BlockRef = BlockTag | { number: bigint } | { hash: Uint8Array };
type Json = Record<string, unknown>;

export interface VerifiedChainOptions {
  rpc: HeaderRpc;
  headers: VerifiedHeaders;
  /** Most blocks one eth_getLogs spans. Default 1024. */
  maxLogRange?: number;
  /** Most logs one eth_getLogs returns. Default 10000. */
  maxLogs?: number;
  /** Verified blocks (and their receipts) kept. Default 16. */
  cacheSize?: number;
  /**
   * The blob base fee of a block (src/execution/block-env.ts `blobBaseFee` at the fork the
   * network's schedule puts at its timestamp); undefined when unknown.
   */
  blobBaseFee?: (header: BlockHeader) => bigint | undefined;
  onRejected?: (error: VigilError, endpoint: string) => void;
  /**
   * Resolves true once the light client verified a head at or above block `number`, false when
   * it gave up waiting: a receipt an endpoint places above the verified head is looked up again
   * then, instead of being reported missing. Without it such a lookup answers null at once.
   */
  waitForBlock?: (number: bigint) => Promise<boolean>;
}

/** A full block's JSON (a 36M-gas block of calldata is ~9 MB as hex). */
const BLOCK_MAX_BYTES = 32 * 1024 * 1024;
const RECEIPTS_MAX_BYTES = 32 * 1024 * 1024;
const TX_MAX_BYTES = 4 * 1024 * 1024;

/** What one chain's views share ({@link VerifiedBlocks.through}). */
export interface ChainCaches {
  blocks: Map<string, VerifiedBlock>;
  receipts: Map<string, Receipt[]>;
  noBlockReceipts: Set<string>;
}

/**
 * @example
 * const blocks = new VerifiedBlocks({ rpc, headers: new VerifiedHeaders({ rpc, anchors }) });
 * const receipt = await blocks.getTransactionReceipt(hexToBytes(txHash, 32));
 */
export class VerifiedBlocks {
  readonly headers: VerifiedHeaders;
  protected readonly rpc: HeaderRpc;
  protected readonly options: VerifiedChainOptions;
  /** Verified bodies and receipts by block hash, and the endpoints that refuse eth_getBlockReceipts: shared with the views {@link through} makes. */
  private readonly blocks: Map<string, VerifiedBlock>;
  private readonly receipts: Map<string, Receipt[]>;
  /** Endpoints that answered eth_getBlockReceipts with an error: asked per transaction instead. */
  private readonly noBlockReceipts: Set<string>;

  constructor(options: VerifiedChainOptions, shared?: ChainCaches) {
    this.rpc = options.rpc;
    this.headers = options.headers;
    this.options = options;
    this.blocks = shared?.blocks ?? new Map();
    this.receipts = shared?.receipts ?? new Map();
    this.noBlockReceipts = shared?.noBlockReceipts ?? new Set();
  }

  /** The same chain data, one cache, of the same class, over `headers` and `rpc` (another lane of the same endpoints); `waitForBlock` that lane's own. */
  through(rpc: HeaderRpc, headers: VerifiedHeaders, waitForBlock?: VerifiedChainOptions['waitForBlock']): this {
    const Chain = this.constructor as new (options: VerifiedChainOptions, shared: ChainCaches) => this;
    return new Chain({ ...this.options, rpc, headers, ...(waitForBlock ? { waitForBlock } : {}) }, { blocks: this.blocks, receipts: this.receipts, noBlockReceipts: this.noBlockReceipts });
  }

  /** The verified header a reference names; null for a hash no endpoint knows. */
  async header(ref: BlockRef): Promise<VerifiedHeader | null> {
    if (typeof ref === 'object' && 'hash' in ref) return this.headers.byHash(ref.hash);
    return this.headers.byNumber(this.numberOf(ref));
  }

  /** eth_getBlockBy{Number,Hash}. */
  async getBlock(ref: BlockRef, fullTransactions: boolean): Promise<Json | null> {
    const header = await this.header(ref);
    if (header === null) return null;
    const block = await this.body(header);
    if (fullTransactions) block.transactions.forEach((_, i) => sender(block, i));
    return blockToJson(block, fullTransactions);
  }

  /** eth_getTransactionReceipt: null until the transaction is in a verified block (or when no endpoint knows it). */
  async getTransactionReceipt(hash: Uint8Array): Promise<Json | null> {
    return this.located(hash, 'eth_getTransactionReceipt', async (json) => {
      const claim = aobject(json, 'receipt');
      const number = optionalQuantity(claim, 'blockNumber', 'receipt', 64);
      const found = await this.findInBlock(hash, number, optionalQuantity(claim, 'transactionIndex', 'receipt', 32));
      if (found === null) throw new Ahead(number!);
      const [receipts] = await settled(this.receiptsOf([found.block]));
      sender(found.block, found.index);
      return receiptToJson(found.block, receipts!, found.index, undefined, this.receiptOptions(found.block.header));
    });
  }

  /** eth_getBlockReceipts. */
  async getBlockReceipts(ref: BlockRef): Promise<Json[] | null> {
    const header = await this.header(ref);
    if (header === null) return null;
    const block = await this.body(header);
    const [receipts] = await this.receiptsOf([block]);
    block.transactions.forEach((_, i) => sender(block, i));
    return blockReceiptsToJson(block, receipts!, this.receiptOptions(block.header));
  }

  /** A tag or number as a block number, by the light client's heads. */
  numberOf(ref: BlockTag | bigint | { number: bigint }): bigint {
    if (typeof ref === 'bigint') return ref;
    if (typeof ref === 'object') return ref.number;
    if (ref === 'earliest') return 0n;
    return this.headers.anchorFor(ref === 'finalized' || ref === 'safe' ? 'finalized' : 'latest').blockNumber;
  }

  protected receiptOptions(header: BlockHeader): { blobGasPrice?: bigint } {
    const price = header.excessBlobGas === undefined ? undefined : this.options.blobBaseFee?.(header);
    return price === undefined ? {} : { blobGasPrice: price };
  }

  /**
   * Asks the endpoints in turn where a transaction is (`method` answers with an object naming
   * its block), and proves the answer with `prove`. Null when every endpoint that answered said
   * null. Only the locating answer is held against its endpoint: what `prove` fetches went
   * through every endpoint already (`settled`), and its failure ends only this endpoint's turn.
   * A block above the verified head is lag, not absence: the others are asked, then the lookup
   * waits for the head to reach it (`waitForBlock`) and asks again, once.
   */
  protected async located(hash: Uint8Array, method: string, prove: (json: unknown, endpoint: string) => Promise<Json | null>): Promise<Json | null> {
    const failures: VigilError[] = [];
    let nulls = 0;
    let ahead: bigint | undefined;
    for (let round = 0; round < 2; round++) {
      for (const endpoint of this.rpc.endpoints) {
        try {
          const json = await this.rpc.callAt(endpoint, method, [bytesToHex(hash)], TX_MAX_BYTES);
          if (json === null) {
            nulls++;
            continue;
          }
          return await prove(json, endpoint);
        } catch (err) {
          if (err instanceof Ahead) ahead = ahead === undefined || err.number < ahead ? err.number : ahead;
          else if (err instanceof Settled) failures.push(asVigilError(err.error, method));
          else this.reject(err, endpoint, failures);
        }
      }
      if (ahead === undefined || round > 0 || !this.options.waitForBlock || !(await this.options.waitForBlock(ahead))) break;
      failures.length = 0;
      nulls = 0;
      ahead = undefined;
    }
    if (ahead !== undefined) return null;
    if (nulls > 0 && failures.every((f) => f instanceof TransportError)) return null;
    throw firstFailure(failures, method);
  }

  /**
   * The verified block holding transaction `hash`, at the number the RPC named (the index it
   * named is only where to look first); null when that block is newer than every verified head.
   * @throws TRANSACTION_NOT_IN_BLOCK when the verified block there does not contain it.
   */
  protected async findInBlock(hash: Uint8Array, number: bigint | undefined, index: bigint | number | undefined): Promise<{ block: VerifiedBlock; index: number } | null> {
    if (number === undefined) throw new InputError('the RPC names no blockNumber for a mined transaction');
    if (number > this.headers.allAnchors()[0]!.blockNumber) return null;
    const header = await settled(this.headers.byNumber(number));
    const block = await settled(this.body(header));
    const hinted = block.transactions[index === undefined ? -1 : Number(index)];
    const at = hinted && equalBytes(hinted.hash, hash) ? Number(index) : block.transactions.findIndex((t) => equalBytes(t.hash, hash));
    if (at < 0) {
      throw new VerificationError('TRANSACTION_NOT_IN_BLOCK', `the verified block ${number} does not contain the transaction`, {
        expected: bytesToHex(hash),
        got: `${block.transactions.length} other transactions`,
      });
    }
    return { block, index: at };
  }

  protected async body(header: VerifiedHeader): Promise<VerifiedBlock> {
    return (await this.bodies([header]))[0]!;
  }

  /** The verified bodies of `headers`, in order: from the cache, else fetched by hash in one batch. */
  protected async bodies(headers: readonly VerifiedHeader[]): Promise<VerifiedBlock[]> {
    return this.fetchEach(headers, this.blocks, (h) => ({ method: 'eth_getBlockByHash', params: [bytesToHex(h.hash), true] }), BLOCK_MAX_BYTES, async (h, result, endpoint) => {
      const json = aobject(result, 'block');
      let ommers: BlockHeader[] | undefined;
      if (!equalBytes(h.header.sha3Uncles, EMPTY_OMMERS_HASH) && Array.isArray(json.uncles) && json.uncles.length <= 16) {
        ommers = await this.ommers(endpoint, h.hash, json.uncles.length);
      }
      return verifyBlockBody(h.header, h.hash, json, { recoverSenders: false, ...(ommers ? { ommers } : {}) });
    });
  }

  protected async ommers(endpoint: string, blockHash: Uint8Array, count: number): Promise<BlockHeader[]> {
    const outcomes = await this.rpc.batchAt(
      endpoint,
      Array.from({ length: count }, (_, i) => ({ method: 'eth_getUncleByBlockHashAndIndex', params: [bytesToHex(blockHash), bigIntToHex(i)] })),
    );
    return outcomes.map((o, i) => parseRpcHeader(result(o, endpoint, `ommer ${i}`), `ommer ${i}`).header);
  }

  /** The verified receipts of each block, in order. */
  protected async receiptsOf(blocks: readonly VerifiedBlock[]): Promise<Receipt[][]> {
    const asHeaders = blocks.map((b) => ({ header: b.header, hash: b.hash, block: b }));
    return this.fetchEach(asHeaders, this.receipts, (h) => ({ method: 'eth_getBlockReceipts', params: [bytesToHex(h.hash)] }), RECEIPTS_MAX_BYTES, async (h, answer, endpoint) => {
      const receipts = answer === PER_TRANSACTION ? await this.receiptsPerTransaction(endpoint, h.block) : listOf(answer, 'eth_getBlockReceipts').map((r, i) => parseRpcReceipt(r, `receipts[${i}]`));
      verifyBlockReceipts(h.block, receipts);
      return receipts;
    }, this.noBlockReceipts);
  }

  protected async receiptsPerTransaction(endpoint: string, block: VerifiedBlock): Promise<Receipt[]> {
    const outcomes = await this.rpc.batchAt(endpoint, block.transactions.map((t) => ({ method: 'eth_getTransactionReceipt', params: [bytesToHex(t.hash)] })), RECEIPTS_MAX_BYTES);
    return outcomes.map((o, i) => parseRpcReceipt(result(o, endpoint, `the receipt of transaction ${i}`), `receipts[${i}]`));
  }

  /**
   * For each item not in `cache`: one batch per endpoint of the items still missing, each answer
   * verified on its own; an endpoint whose answer does not verify is demoted and the items it
   * failed go to the next. With `perTransaction`, an endpoint that answered the batch method with
   * an error is remembered there and `verify` gets PER_TRANSACTION instead of an answer.
   */
  protected async fetchEach<H extends VerifiedHeader, T>(
    items: readonly H[],
    cache: Map<string, T>,
    request: (item: H) => { method: string; params: unknown[] },
    maxBytes: number,
    verify: (item: H, answer: unknown, endpoint: string) => Promise<T>,
    perTransaction?: Set<string>,
  ): Promise<T[]> {
    const found = new Map<string, T>();
    for (const item of items) {
      const key = bytesToHex(item.hash);
      const hit = cache.get(key);
      if (hit !== undefined) found.set(key, hit);
    }
    const failures: VigilError[] = [];
    for (const endpoint of this.rpc.endpoints) {
      const missing = items.filter((item) => !found.has(bytesToHex(item.hash)));
      if (missing.length === 0) break;
      let outcomes: JsonRpcOutcome[];
      try {
        outcomes = perTransaction?.has(endpoint)
          ? missing.map(() => ({ ok: true, result: PER_TRANSACTION }))
          : await this.rpc.batchAt(endpoint, missing.map(request), maxBytes * missing.length);
      } catch (err) {
        this.reject(err, endpoint, failures);
        continue;
      }
      let lied = false;
      const round: VigilError[] = [];
      await Promise.all(
        missing.map(async (item, i) => {
          try {
            const outcome = outcomes[i]!;
            let answer: unknown;
            if (!outcome.ok && perTransaction && outcome.error.code === 'RPC_ERROR') {
              perTransaction.add(endpoint);
              answer = PER_TRANSACTION;
            } else answer = result(outcome, endpoint, request(item).method);
            const value = await verify(item, answer, endpoint);
            found.set(bytesToHex(item.hash), value);
            remember(cache, bytesToHex(item.hash), value, this.options.cacheSize ?? 16);
          } catch (err) {
            if (!(err instanceof VigilError)) throw err;
            round.push(err);
            if (!(err instanceof TransportError)) lied = true;
          }
        }),
      );
      if (lied) this.rpc.demote(endpoint);
      for (const err of round) this.options.onRejected?.(err, endpoint);
      failures.push(...round);
    }
    return items.map((item) => {
      const value = found.get(bytesToHex(item.hash));
      if (value === undefined) throw firstFailure(failures, request(item).method);
      return value;
    });
  }

  protected reject(err: unknown, endpoint: string, failures: VigilError[]): void {
    if (!(err instanceof VigilError)) throw err;
    if (!(err instanceof TransportError)) this.rpc.demote(endpoint);
    failures.push(err);
    this.options.onRejected?.(err, endpoint);
  }
}

/** An error of a fetch that went through every endpoint already: not the caller's endpoint's fault. */
/** An endpoint placed the transaction in a block above every verified head. */
class Ahead extends Error {
  constructor(readonly number: bigint) {
    super('above the verified head');
  }
}

function asVigilError(err: unknown, method: string): VigilError {
  if (err instanceof VigilError) return err;
  throw err instanceof Error ? err : new Error(`${method}: ${String(err)}`);
}

export class Settled extends Error {
  constructor(readonly error: unknown) {
    super('settled');
  }
}

export async function settled<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    throw new Settled(err);
  }
}

/** Marks "ask this endpoint per transaction" in place of an eth_getBlockReceipts answer. */
const PER_TRANSACTION = Symbol('per transaction');

/** The result of one call, or why there is none (an unknown object counts as not available). */
function result(outcome: JsonRpcOutcome, endpoint: string, what: string): unknown {
  if (!outcome.ok) throw outcome.error;
  if (outcome.result === null) throw new TransportError('NOT_AVAILABLE', `the endpoint answered null for ${what} of a verified block (it lacks or withholds it)`, { url: endpoint });
  return outcome.result;
}

function listOf(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new InputError(`"${what}" expected an array`);
  return value;
}

/** The sender of the block's transaction `index`, recovered once and kept. */
export function sender(block: VerifiedBlock, index: number): Uint8Array {
  const t = block.transactions[index]!;
  t.from ??= recoverSender(t.tx);
  return t.from;
}

function remember<T>(cache: Map<string, T>, key: string, value: T, size: number): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > size) cache.delete(cache.keys().next().value!);
}
