/**
 * Transport errors: what went wrong moving bytes to and from a server. They say nothing about
 * whether the data is valid — that is `VerificationError`'s job, in the code that checks it.
 * @module
 */
import { VigilError, type VigilErrorOptions } from '../core/errors.ts';

export type TransportErrorCode =
  /** The request did not finish within its time limit (headers and body together). */
  | 'TIMEOUT'
  /** The body exceeded the size limit (by Content-Length, or while streaming). */
  | 'TOO_LARGE'
  /** The server answered with a status this call does not accept. */
  | 'HTTP_STATUS'
  /** The request never got an HTTP answer (refused, reset, DNS, TLS). */
  | 'NETWORK'
  /** An answer came but it is not of the expected form (bad JSON, bad SSZ framing, bad headers). */
  | 'BAD_RESPONSE'
  /** The JSON-RPC server answered with an error object; see `rpcCode`. */
  | 'RPC_ERROR'
  /** A Beacon API server says the object does not exist (yet): HTTP 404. */
  | 'NOT_AVAILABLE'
  /** A Beacon API answer names a fork (version or fork digest) this client does not know. */
  | 'UNKNOWN_FORK'
  /** A recording (`--rpc-replay`) holds no answer to this request. */
  | 'NOT_RECORDED'
  /** Every endpoint failed, with retries; `errors` holds each attempt's error. */
  | 'ALL_ENDPOINTS_FAILED';

export interface TransportErrorOptions extends VigilErrorOptions {
  url?: string;
  status?: number;
  rpcCode?: number;
  rpcData?: unknown;
  errors?: readonly TransportError[];
}

/**
 * A failed request. `url` is the request's URL (for `ALL_ENDPOINTS_FAILED` and a failover's
 * `NOT_AVAILABLE`, the request path, with each endpoint's error in `errors`), `status` the HTTP
 * status when one came.
 * @example
 * try { await httpGet(url, { timeoutMs: 5000, maxBytes: 1 << 20 }) }
 * catch (err) { if (err instanceof TransportError && err.code === 'TIMEOUT') … }
 */
export class TransportError extends VigilError {
  override name = 'TransportError';
  override readonly code: TransportErrorCode;
  readonly url: string | undefined;
  readonly status: number | undefined;
  /** The JSON-RPC `error.code` (code `RPC_ERROR` only). */
  readonly rpcCode: number | undefined;
  /** The JSON-RPC `error.data`, unchecked (code `RPC_ERROR` only). */
  readonly rpcData: unknown;
  /** Each failed attempt, in order (code `ALL_ENDPOINTS_FAILED` only). */
  readonly errors: readonly TransportError[];

  constructor(code: TransportErrorCode, shortMessage: string, options: TransportErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
    this.url = options.url;
    this.status = options.status;
    this.rpcCode = options.rpcCode;
    this.rpcData = options.rpcData;
    this.errors = options.errors ?? [];
  }
}

export function isTransportError(err: unknown): err is TransportError {
  return err instanceof TransportError;
}
