/**
 * Execution headers proven against the light client's heads. The verified anchors are the
 * execution block hashes of the optimistic and finalized heads: never older optimistic heads,
 * which after a reorganisation may be blocks of the abandoned branch. A header is returned only when its RLP hashes to an anchor's hash, or
 * to the parentHash of a header already proven that way: the walk goes down from the nearest
 * verified descendant, fetching headers in JSON-RPC batches (eth_getBlockByNumber), at most
 * `maxWalk` blocks (HEADER_TOO_FAR past it; BLOCK_NOT_VERIFIED above the newest anchor).
 *
 * Proven headers are cached by hash (bounded, least recently used first out). A number is never
 * looked up in the cache directly: each request walks from its anchor through parent hashes, so a
 * reorganisation of the optimistic head can never serve a header of the abandoned branch by
 * number. An endpoint whose header does not hash to what it must is demoted and the walk goes on
 * with the next endpoint from where it stopped; when none gives a verified answer, the first
 * verification error is thrown (a lie outranks a timeout).
 *
 * A hash proven by other means (a Gloas head's execution block hash) is fetched by hash alone,
 * with no walk ({@link VerifiedHeaders.byProvenHash}).
 * @module
 */
import { bigIntToHex, bytesToHex, equalBytes } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { type ExecutionBlock, headAtBlock, type HeadBlock, headFromJson, type HeadJson, type VerifiedBlockHashHead, type VerifiedHead } from '../../l1/heads.ts';
import { type BlockHeader, verifyRpcHeader } from '../../execution/header.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { ExecutionRpc } from './execution-rpc.ts';

/** A block the light client verified: its execution number and hash (a view of src/l1/heads.ts VerifiedHead: its `execution` fits). */
type Anchor = Pick<HeadBlock, 'blockNumber' | 'blockHash'>;

export interface VerifiedAnchors {
  /** The optimistic head: `latest`. */
  latest?: Anchor | undefined;
  /** The finalized head: `finalized`, `safe`. */
  finalized?: Anchor | undefined;
}

/** The anchors of the heads a session holds, from their JSON form (src/l1/heads.ts headFromJson). */
export function anchorsOf(heads: { optimistic?: HeadJson | undefined; finalized?: HeadJson | undefined }): VerifiedAnchors {
  const { optimistic, finalized } = heads;
  return { latest: optimistic && headFromJson(optimistic).execution, finalized: finalized && headFromJson(finalized).execution };
}

export interface VerifiedHeader {
  header: BlockHeader;
  hash: Uint8Array;
}

/** The calls of ExecutionRpc this module makes (a test double implements just these). */
export type HeaderRpc = Pick<ExecutionRpc, 'endpoints' | 'demote' | 'batchAt' | 'callAt'>;

export interface VerifiedHeadersOptions {
  rpc: HeaderRpc;
  /** Asked on every request: the anchors move as the light client follows the chain. */
  anchors: () => VerifiedAnchors;
  /** Most blocks walked below the nearest anchor. Default 8192 (a little over a day). */
  maxWalk?: number;
  /** Most headers kept. Default 4096. */
  cacheSize?: number;
  /** Headers asked for per round of the walk. Default 256. */
  walkBatch?: number;
  /** Told about each endpoint whose answer was refused, before the next is asked. */
  onRejected?: (error: VigilError, endpoint: string) => void;
}

/** A block header object with up to ~2000 transaction hashes. */
const HEADER_MAX_BYTES = 160 * 1024;

/**
 * @example
 * const headers = new VerifiedHeaders({ rpc, anchors: () => ({ latest: sync.optimistic?.execution, finalized: sync.finalized?.execution }) });
 * const { header } = await headers.byNumber(21_000_000n);
 */
export class VerifiedHeaders {
  readonly maxWalk: number;
  private readonly rpc: HeaderRpc;
  private readonly anchors: () => VerifiedAnchors;
  private readonly cacheSize: number;
  private readonly walkBatch: number;
  private readonly onRejected: ((error: VigilError, endpoint: string) => void) | undefined;
  /** By lower-case hex hash; Map order is recency (oldest first). Shared with the views {@link through} makes. */
  private readonly cache: Map<string, VerifiedHeader>;
  /** byProvenHash's requests under way, by lower-case hex hash. */
  private readonly pending = new Map<string, Promise<VerifiedHeader>>();

  constructor(options: VerifiedHeadersOptions, cache = new Map<string, VerifiedHeader>()) {
    this.cache = cache;
    this.rpc = options.rpc;
    this.anchors = options.anchors;
    this.maxWalk = options.maxWalk ?? 8192;
    this.cacheSize = options.cacheSize ?? 4096;
    this.walkBatch = Math.max(1, options.walkBatch ?? 256);
    this.onRejected = options.onRejected;
  }

  /**
   * The same headers, one cache, asked of the endpoints through `rpc` (another lane of the same
   * endpoints: ./execution-rpc.ts forPages): what either proved, the other does not ask again.
   */
  through(rpc: HeaderRpc): VerifiedHeaders {
    return new VerifiedHeaders({ rpc, anchors: this.anchors, maxWalk: this.maxWalk, cacheSize: this.cacheSize, walkBatch: this.walkBatch, ...(this.onRejected ? { onRejected: this.onRejected } : {}) }, this.cache);
  }

  /** Every anchor the light client gives now, newest first. @throws NO_VERIFIED_HEAD */
  allAnchors(): Anchor[] {
    const { latest, finalized } = this.anchors();
    const all = [latest, finalized].filter((a): a is Anchor => a !== undefined);
    if (all.length === 0) throw new VerificationError('NO_VERIFIED_HEAD', 'the light client has not verified any head of this network yet');
    return all.sort((a, b) => (a.blockNumber > b.blockNumber ? -1 : a.blockNumber < b.blockNumber ? 1 : 0));
  }

  /** The anchor a tag names: `latest`/`pending` the optimistic head, `finalized`/`safe` the finalized one. */
  anchorFor(tag: 'latest' | 'finalized'): Anchor {
    const { latest, finalized } = this.anchors();
    const anchor = tag === 'finalized' ? finalized : (latest ?? finalized);
    if (anchor === undefined) throw new VerificationError('NO_VERIFIED_HEAD', `the light client has no verified ${tag} head yet`);
    return anchor;
  }

  /** The canonical header at `number`, as the nearest anchor at or above it sees the chain. */
  async byNumber(number: bigint): Promise<VerifiedHeader> {
    return (await this.walk(this.startFor(number), number))[0]!;
  }

  /**
   * The canonical headers `from`..`to`, ascending, in one walk from the anchor nearest above `to`.
   * @throws HEADER_TOO_FAR when `from` is more than maxWalk below that anchor.
   */
  async range(from: bigint, to: bigint): Promise<VerifiedHeader[]> {
    if (from > to) throw new InputError(`header range expected from <= to, got ${from} > ${to}`);
    const start = this.startFor(to);
    if (start.blockNumber - from > BigInt(this.maxWalk)) throw this.tooFar(from, start);
    const walked = await this.walk(start, from);
    return walked.slice(0, Number(to - from) + 1);
  }

  /**
   * The header with this hash, when it is on the verified chain: the RPC says which number it
   * has, and the walk from the anchor above must reach the same hash at that number.
   * @returns null when no endpoint knows the hash (absence is not proven: a server may hide a block).
   * @throws HEADER_NOT_LINKED for a real header that is not on the verified chain (another branch).
   */
  async byHash(hash: Uint8Array): Promise<VerifiedHeader | null> {
    const cached = this.cached(hash);
    if (cached) return cached;
    const claimed = await this.fetchByHash(hash);
    if (claimed === null) return null;
    const canonical = await this.byNumber(claimed.header.number);
    if (!equalBytes(canonical.hash, hash)) {
      throw new VerificationError('HEADER_NOT_LINKED', `block ${claimed.header.number} with this hash is not on the verified chain`, {
        expected: bytesToHex(canonical.hash),
        got: bytesToHex(hash),
      });
    }
    return canonical;
  }

  /**
   * BLOCKHASH: the hash of block `number`, an ancestor within 256 blocks of `below` (a verified
   * header, the block a call executes in), proven through parent hashes from `below`.
   * @throws InputError for a number outside [below.number − 256, below.number − 1].
   */
  async hashOf(number: bigint, below: { number: bigint; hash: Uint8Array; parentHash: Uint8Array }): Promise<Uint8Array> {
    if (number >= below.number || number < below.number - 256n || number < 0n) {
      throw new InputError(`BLOCKHASH expected a block in [${below.number - 256n}, ${below.number - 1n}], got ${number}`);
    }
    if (number === below.number - 1n) return below.parentHash;
    const walked = await this.walk({ blockNumber: below.number - 1n, blockHash: below.parentHash }, number);
    return walked[0]!.hash;
  }

  /**
   * The header of a block whose hash is already proven (from Gloas on, a light-client head proves
   * only its execution block hash): eth_getBlockByHash from the endpoints in preference order,
   * the first whose header hashes to `hash` (src/execution/header.ts verifyRpcHeader); an endpoint whose
   * header does not is demoted and told to `onRejected`, as a lying proof is. Cached by hash, and
   * one request at a time per hash (every reader at a new head asks for the same header).
   * @throws the first lie (HEADER_HASH_MISMATCH, HEADER_FIELD_UNKNOWN, INVALID_INPUT) when no
   *   endpoint gives the header, else TransportError (NOT_AVAILABLE: no endpoint has the block yet)
   * @example const { header } = await headers.byProvenHash(head.executionBlockHash)
   */
  async byProvenHash(hash: Uint8Array): Promise<VerifiedHeader> {
    const key = bytesToHex(hash);
    const cached = this.cached(hash);
    if (cached) return cached;
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = this.fetchByHash(hash).then((found) => {
        if (found === null) throw notAvailable('eth_getBlockByHash', `block ${key} (on no endpoint yet)`);
        this.remember(found);
        return found;
      });
      this.pending.set(key, pending);
      void pending.then(
        () => this.pending.delete(key),
        () => this.pending.delete(key),
      );
    }
    return pending;
  }

  /**
   * The head a Gloas-shaped light-client head proves: its execution block read by the proven hash.
   * @throws as {@link byProvenHash}, and EXECUTION_UNSUPPORTED for a block before London
   */
  async headAt(head: VerifiedBlockHashHead): Promise<VerifiedHead> {
    return headAtBlock(head, executionBlockOf(await this.byProvenHash(head.executionBlockHash)));
  }

  /** The nearest anchor at or above `number`. */
  private startFor(number: bigint): Anchor {
    if (number < 0n) throw new InputError(`block number expected non-negative, got ${number}`);
    const anchors = this.allAnchors();
    const above = anchors.filter((a) => a.blockNumber >= number);
    if (above.length === 0) {
      throw new VerificationError('BLOCK_NOT_VERIFIED', 'the block is newer than every head the light client verified', {
        expected: `<= ${anchors[0]!.blockNumber}`,
        got: String(number),
      });
    }
    const start = above[above.length - 1]!;
    if (start.blockNumber - number > BigInt(this.maxWalk)) throw this.tooFar(number, start);
    return start;
  }

  private tooFar(number: bigint, start: Anchor): VerificationError {
    return new VerificationError('HEADER_TOO_FAR', `block ${number} is more than ${this.maxWalk} blocks below the nearest verified head`, {
      expected: `>= ${start.blockNumber - BigInt(this.maxWalk)}`,
      got: String(number),
    });
  }

  private cached(hash: Uint8Array): VerifiedHeader | undefined {
    const key = bytesToHex(hash);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private remember(verified: VerifiedHeader): void {
    const key = bytesToHex(verified.hash);
    this.cache.delete(key);
    this.cache.set(key, verified);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  /**
   * Headers `to`..`top.blockNumber` (ascending), the top one hashing to `top.blockHash` and each
   * below to its child's parentHash.
   */
  private async walk(top: Anchor, to: bigint): Promise<VerifiedHeader[]> {
    const out: VerifiedHeader[] = [];
    let expected = top.blockHash;
    let n = top.blockNumber;
    const endpoints = this.rpc.endpoints;
    const failures: VigilError[] = [];
    let e = 0;
    while (n >= to) {
      const hit = this.cached(expected);
      if (hit && hit.header.number === n) {
        out.push(hit);
        expected = hit.header.parentHash;
        n--;
        continue;
      }
      const endpoint = endpoints[e];
      if (endpoint === undefined) throw firstFailure(failures, 'eth_getBlockByNumber');
      const count = Number(n - to + 1n < BigInt(this.walkBatch) ? n - to + 1n : BigInt(this.walkBatch));
      const numbers = Array.from({ length: count }, (_, i) => n - BigInt(i));
      try {
        const outcomes = await this.rpc.batchAt(
          endpoint,
          numbers.map((k) => ({ method: 'eth_getBlockByNumber', params: [bigIntToHex(k), false] })),
          HEADER_MAX_BYTES * Math.min(count, 100),
        );
        for (let i = 0; i < count; i++) {
          const outcome = outcomes[i]!;
          if (!outcome.ok) throw outcome.error;
          if (outcome.result === null) throw notAvailable(endpoint, `block ${numbers[i]}`);
          const header = verifyRpcHeader(outcome.result, expected, `block ${numbers[i]}`);
          // Only a wrong anchor number gets here: the hash already bound the header.
          if (header.number !== numbers[i]) {
            throw new VerificationError('HEADER_HASH_MISMATCH', 'eth_getBlockByNumber answered with another block', {
              expected: String(numbers[i]),
              got: String(header.number),
            });
          }
          const verified = { header, hash: expected };
          this.remember(verified);
          out.push(verified);
          expected = header.parentHash;
          n--;
        }
      } catch (err) {
        if (!(err instanceof VigilError)) throw err;
        if (!(err instanceof TransportError)) this.rpc.demote(endpoint);
        failures.push(err);
        this.onRejected?.(err, endpoint);
        e++;
      }
    }
    return out.reverse();
  }

  /** eth_getBlockByHash from the endpoints in turn; the header must hash to what was asked. */
  private async fetchByHash(hash: Uint8Array): Promise<VerifiedHeader | null> {
    const failures: VigilError[] = [];
    let nulls = 0;
    for (const endpoint of this.rpc.endpoints) {
      try {
        const result = await this.rpc.callAt(endpoint, 'eth_getBlockByHash', [bytesToHex(hash), false], HEADER_MAX_BYTES);
        if (result === null) {
          nulls++;
          continue;
        }
        return { header: verifyRpcHeader(result, hash), hash };
      } catch (err) {
        if (!(err instanceof VigilError)) throw err;
        if (!(err instanceof TransportError)) this.rpc.demote(endpoint);
        failures.push(err);
        this.onRejected?.(err, endpoint);
      }
    }
    if (failures.some((f) => !(f instanceof TransportError)) || nulls === 0) throw firstFailure(failures, 'eth_getBlockByHash');
    return null;
  }
}

export function notAvailable(endpoint: string, what: string): TransportError {
  return new TransportError('NOT_AVAILABLE', `the RPC does not have ${what}`, { url: endpoint });
}

/**
 * The error to report when no endpoint gave a verified answer: the first lie (a verification
 * failure, or server data not even of the expected form), else the transport failure(s).
 */
export function firstFailure(failures: readonly VigilError[], method: string): VigilError {
  const lie = failures.find((e) => e instanceof VerificationError) ?? failures.find((e) => e instanceof InputError);
  if (lie) return lie;
  if (failures.every((e) => e.code === failures[0]!.code)) return failures[0]!;
  return new TransportError('ALL_ENDPOINTS_FAILED', `${method}: no execution endpoint answered`, {
    url: method,
    errors: failures.filter((e): e is TransportError => e instanceof TransportError),
  });
}

/**
 * The fields of a verified execution header that a head carries (blob fields zero before Cancun).
 * @throws VerificationError EXECUTION_UNSUPPORTED for a block before London (no base fee)
 */
export function executionBlockOf({ header, hash }: VerifiedHeader): ExecutionBlock {
  if (header.baseFeePerGas === undefined) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `block ${header.number} is from before London: Vigil follows blocks from the merge on`);
  }
  return {
    parentHash: header.parentHash,
    feeRecipient: header.miner,
    stateRoot: header.stateRoot,
    receiptsRoot: header.receiptsRoot,
    prevRandao: header.mixHash,
    blockNumber: header.number,
    gasLimit: header.gasLimit,
    gasUsed: header.gasUsed,
    timestamp: header.timestamp,
    baseFeePerGas: header.baseFeePerGas,
    blockHash: hash,
    blobGasUsed: header.blobGasUsed ?? 0n,
    excessBlobGas: header.excessBlobGas ?? 0n,
    ...(header.blockAccessListHash !== undefined ? { blockAccessListHash: header.blockAccessListHash } : {}),
    ...(header.slotNumber !== undefined ? { slotNumber: header.slotNumber } : {}),
  };
}
