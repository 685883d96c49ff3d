/**
 * Execution-layer JSON-RPC over several endpoints, in order of preference, failing over when one
 * does not answer. It moves data and never vouches for it: callers verify what comes back
 * (src/client/verified/reads.ts) and `demote` an endpoint whose answer did not verify, so the
 * next call prefers another.
 *
 * Every request goes through the endpoint scheduler (./endpoint-scheduler.ts) in its lane: the
 * wallet's own work by default, pages' reads through the view {@link ExecutionRpc.forPages}
 * returns (same endpoints, preference order and scheduler), so that a page's heavy reads never
 * queue the wallet's proofs behind them.
 * @module
 */
import { anumber } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { TransportError } from '../../rpc/errors.ts';
import { callEach, httpJsonRpc, type JsonRpcOutcome, type JsonRpcRequest, type JsonRpcTransport } from '../../rpc/http.ts';
import { EndpointScheduler, type Lane } from './endpoint-scheduler.ts';

/**
 * Most calls per batch in the pages' lane: a node answers a batch whole before what came after
 * it, so a page's batch at the endpoint holds the wallet's next request behind this many calls at
 * most (a page's reads take more round trips for it; they go second anyway).
 */
const PAGE_MAX_BATCH = 16;

/** How a server says it takes no batches: an error status, or one error object instead of an array. */
const REFUSED_BATCH = new Set(['HTTP_STATUS', 'BAD_RESPONSE', 'RPC_ERROR']);

export interface ExecutionRpcOptions {
  /** JSON-RPC URLs, most preferred first. */
  endpoints: readonly string[];
  /** Per call. Default 15 s. */
  timeoutMs?: number;
  /** Largest response body accepted by `call` when the caller gives no limit. Default 4 MiB. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Default: HTTP. A recording (src/rpc/execution-replay.ts) answers offline. */
  transport?: JsonRpcTransport;
  /** Most calls per HTTP batch (providers cap batches). Default 100. */
  maxBatch?: number;
  /** Who goes first at each endpoint. Default: a scheduler of its own (./endpoint-scheduler.ts defaults). */
  scheduler?: EndpointScheduler;
}

/** What every lane of one ExecutionRpc shares: preference order, batch refusals, the scheduler. */
interface Shared {
  order: string[];
  noBatches: Set<string>;
  scheduler: EndpointScheduler;
}

export interface RpcAnswer {
  result: unknown;
  /** The endpoint that answered. */
  endpoint: string;
}

/**
 * @example
 * const rpc = new ExecutionRpc({ endpoints: ['http://127.0.0.1:8545', 'https://backup.example'] });
 * const { result, endpoint } = await rpc.call('eth_blockNumber', []);
 */
export class ExecutionRpc {
  /** Whose requests these are at the scheduler. */
  readonly lane: Lane;
  private readonly shared: Shared;
  private readonly options: ExecutionRpcOptions;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly signal: AbortSignal | undefined;
  private readonly transport: JsonRpcTransport;
  private readonly maxBatch: number;

  constructor(options: ExecutionRpcOptions, lane: Lane = 'wallet', shared?: Shared) {
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) {
      throw new InputError('"endpoints" expected at least one execution RPC URL');
    }
    this.options = options;
    this.lane = lane;
    this.shared = shared ?? {
      order: [...new Set(options.endpoints.map((e) => e.replace(/\/+$/, '') || e))],
      // Endpoints that refused a batch: asked call by call (in parallel) from then on.
      noBatches: new Set<string>(),
      scheduler: options.scheduler ?? new EndpointScheduler(),
    };
    this.timeoutMs = anumber(options.timeoutMs ?? 15_000, 'timeoutMs');
    this.maxBytes = anumber(options.maxBytes ?? 4 * 1024 * 1024, 'maxBytes');
    this.signal = options.signal;
    this.transport = options.transport ?? httpJsonRpc;
    this.maxBatch = Math.max(1, anumber(options.maxBatch ?? 100, 'maxBatch'));
  }

  /** The same endpoints, preference order and scheduler, with every request in the pages' lane (in smaller batches). */
  forPages(): ExecutionRpc {
    return new ExecutionRpc({ ...this.options, maxBatch: Math.min(this.maxBatch, PAGE_MAX_BATCH) }, 'page', this.shared);
  }

  /** Runs a piece of the wallet's own work with no page request starting meanwhile (./endpoint-scheduler.ts). */
  first<T>(work: () => Promise<T>): Promise<T> {
    return this.shared.scheduler.first(work);
  }

  /** Most preferred first. */
  get endpoints(): readonly string[] {
    return [...this.shared.order];
  }

  /** Data from `endpoint` failed verification: ask the others first from now on (every lane). */
  demote(endpoint: string): void {
    const order = this.shared.order;
    const i = order.indexOf(endpoint);
    if (i < 0 || order.length === 1) return;
    order.splice(i, 1);
    order.push(endpoint);
  }

  /** One call to one endpoint. */
  callAt(endpoint: string, method: string, params: readonly unknown[], maxBytes = this.maxBytes): Promise<unknown> {
    return this.shared.scheduler.run(endpoint, this.lane, () => this.transport.call(endpoint, method, params, this.transportOptions(maxBytes)));
  }

  /**
   * Several calls to one endpoint: in JSON-RPC batches of at most `maxBatch` (`maxBytes` bounds
   * each batch's answer), or, at an endpoint that refused a batch once, as parallel single calls.
   * Each call's outcome stands alone; a batch refused as a whole is retried call by call.
   * @throws TransportError only when the endpoint could not be reached at all (`NETWORK`, `TIMEOUT`).
   */
  async batchAt(endpoint: string, requests: readonly JsonRpcRequest[], maxBytes = this.maxBytes): Promise<JsonRpcOutcome[]> {
    const chunks: JsonRpcRequest[][] = [];
    for (let i = 0; i < requests.length; i += this.maxBatch) chunks.push(requests.slice(i, i + this.maxBatch));
    const answers = await Promise.all(chunks.map((chunk) => this.batchChunk(endpoint, chunk, maxBytes)));
    return answers.flat();
  }

  private async batchChunk(endpoint: string, requests: JsonRpcRequest[], maxBytes: number): Promise<JsonRpcOutcome[]> {
    const noBatches = this.shared.noBatches;
    if (requests.length > 1 && !noBatches.has(endpoint)) {
      try {
        return await this.shared.scheduler.run(endpoint, this.lane, () => this.transport.batch(endpoint, requests, this.transportOptions(maxBytes)));
      } catch (err) {
        if (!(err instanceof TransportError) || !REFUSED_BATCH.has(err.code)) throw err;
        noBatches.add(endpoint);
      }
    }
    return callEach(requests, (r) => this.callAt(endpoint, r.method, r.params, maxBytes));
  }

  private transportOptions(maxBytes: number) {
    return { timeoutMs: this.timeoutMs, maxBytes, ...(this.signal ? { signal: this.signal } : {}) };
  }

  /**
   * Asks each endpoint in preference order until one answers (a JSON-RPC error object counts as
   * no answer: another node may have the state this one lacks). An endpoint that did not answer
   * moves to the back.
   * @throws TransportError: the only endpoint's error, or `ALL_ENDPOINTS_FAILED` listing each.
   */
  async call(method: string, params: readonly unknown[], maxBytes = this.maxBytes): Promise<RpcAnswer> {
    const errors: TransportError[] = [];
    for (const endpoint of this.endpoints) {
      this.signal?.throwIfAborted();
      try {
        return { result: await this.callAt(endpoint, method, params, maxBytes), endpoint };
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        errors.push(err);
        this.demote(endpoint);
      }
    }
    if (errors.length === 1) throw errors[0]!;
    throw new TransportError('ALL_ENDPOINTS_FAILED', `${method}: no execution endpoint answered`, { url: method, errors });
  }
}
