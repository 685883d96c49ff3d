/**
 * Bounded HTTP on the global `fetch` (Node 20, Web Workers, extension service workers): every
 * request has a deadline covering headers and body, and every body is read as a stream and cut
 * off past a size limit, so a server can neither hang the client nor make it buffer without end.
 * @module
 */
import { anumber, describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { TransportError } from './errors.ts';

export interface HttpOptions {
  /** Deadline for the whole exchange, headers and body, in milliseconds. */
  timeoutMs: number;
  /** Largest body accepted, in bytes (decoded, as `fetch` hands it over). */
  maxBytes: number;
  /** `Accept` header. */
  accept?: string;
  /** Aborting it rejects with the signal's `reason`, not a TransportError. */
  signal?: AbortSignal;
  /**
   * `refuse`: a 3xx answer is the TransportError `REDIRECT_REFUSED` and its target is never asked
   * (a server the user allowed cannot send the request on to one they did not). Default `follow`.
   */
  redirect?: 'follow' | 'refuse';
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * GET `url` within `timeoutMs`, reading at most `maxBytes` of body. Any HTTP status is returned;
 * the caller decides which it accepts.
 * @throws TransportError `TIMEOUT`, `TOO_LARGE`, `NETWORK`, `REDIRECT_REFUSED` (with `redirect: 'refuse'`); InputError for a non-http(s) URL.
 * @example
 * const { status, bytes } = await httpGet('http://127.0.0.1:5052/eth/v1/beacon/genesis', {
 *   timeoutMs: 10_000, maxBytes: 1 << 16, accept: 'application/json',
 * });
 */
export function httpGet(url: string, options: HttpOptions): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  if (options.accept !== undefined) headers['accept'] = options.accept;
  return request(url, { method: 'GET', headers }, options);
}

/**
 * POST `body` (JSON text) to `url` within `timeoutMs`, reading at most `maxBytes` of body; any
 * HTTP status is returned (an EIP-3668 gateway's POST: src/rpc/ccip-gateway.ts).
 * @throws TransportError `TIMEOUT`, `TOO_LARGE`, `NETWORK`, `REDIRECT_REFUSED` (with `redirect: 'refuse'`); InputError for a non-http(s) URL.
 */
export function httpPostJson(url: string, body: string, options: HttpOptions): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.accept !== undefined) headers['accept'] = options.accept;
  return request(url, { method: 'POST', headers, body }, options);
}

export interface JsonRpcOptions {
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

let nextRpcId = 1;

/**
 * One JSON-RPC 2.0 call over HTTP POST. Returns `result` unchecked (the caller parses it).
 * @throws TransportError `RPC_ERROR` (with `rpcCode`, `rpcData`) when the server answers with an
 *   error object; `HTTP_STATUS`, `BAD_RESPONSE`, `TIMEOUT`, `TOO_LARGE`, `NETWORK` otherwise.
 * @example
 * const hex = await jsonRpcCall(url, 'eth_blockNumber', [], { timeoutMs: 10_000, maxBytes: 1 << 20 });
 */
export async function jsonRpcCall(
  url: string,
  method: string,
  params: readonly unknown[] | Record<string, unknown>,
  options: JsonRpcOptions,
): Promise<unknown> {
  if (typeof method !== 'string' || method.length === 0) {
    throw new InputError(`"method" expected a non-empty string, got ${String(method)}`);
  }
  const id = nextRpcId++;
  const body = JSON.stringify({ jsonrpc: '2.0', id, method, params });
  const res = await request(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body },
    options,
  );
  let json: unknown;
  try {
    json = parseJsonBody(res.bytes, url);
  } catch (err) {
    if (!isOk(res.status)) throw statusError(res.status, url, `${method}: HTTP ${res.status}`);
    throw err;
  }
  if (!isObject(json)) {
    if (!isOk(res.status)) throw statusError(res.status, url, `${method}: HTTP ${res.status}`);
    throw new TransportError('BAD_RESPONSE', `${method}: the JSON-RPC response is not an object`, { url, status: res.status });
  }
  // An error object outranks the HTTP status: it says more.
  if (json.error !== undefined && json.error !== null) return parseEnvelope(json, method, url, res.status);
  if (!isOk(res.status)) throw statusError(res.status, url, `${method}: HTTP ${res.status}`);
  if (json.jsonrpc !== undefined && json.jsonrpc !== '2.0') {
    throw new TransportError('BAD_RESPONSE', `${method}: expected jsonrpc "2.0", got ${describe(json.jsonrpc)}`, { url, status: res.status });
  }
  if (json.id !== id) {
    throw new TransportError('BAD_RESPONSE', `${method}: expected response id ${id}, got ${describe(json.id)}`, { url, status: res.status });
  }
  return parseEnvelope(json, method, url, res.status);
}

export interface JsonRpcRequest {
  method: string;
  params: readonly unknown[];
}

/** One call's outcome within a batch: its result, or why it has none. */
export type JsonRpcOutcome = { ok: true; result: unknown } | { ok: false; error: TransportError };

/**
 * Several JSON-RPC calls in one HTTP POST (a JSON-RPC 2.0 batch). Answers are matched by id, in
 * any order; a call the server left out or answered twice gets `BAD_RESPONSE`, one it answered
 * with an error object `RPC_ERROR`, each without failing the others.
 * @throws TransportError when the batch as a whole got no usable answer: `HTTP_STATUS`, or
 *   `BAD_RESPONSE` when the body is not an array (servers that take no batches answer one error
 *   object), besides `TIMEOUT`, `TOO_LARGE`, `NETWORK`.
 * @example
 * const [block, proof] = await jsonRpcBatch(url, [
 *   { method: 'eth_getBlockByNumber', params: ['latest', false] },
 *   { method: 'eth_getProof', params: [address, [], 'latest'] },
 * ], { timeoutMs: 10_000, maxBytes: 1 << 22 });
 */
export async function jsonRpcBatch(url: string, requests: readonly JsonRpcRequest[], options: JsonRpcOptions): Promise<JsonRpcOutcome[]> {
  if (requests.length === 0) return [];
  const ids = requests.map((r) => {
    if (typeof r?.method !== 'string' || r.method.length === 0) throw new InputError('every batch request expects a non-empty "method"');
    return nextRpcId++;
  });
  const body = JSON.stringify(requests.map((r, i) => ({ jsonrpc: '2.0', id: ids[i], method: r.method, params: r.params })));
  const res = await request(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body },
    options,
  );
  const what = `batch of ${requests.length} (${requests[0]!.method}…)`;
  let json: unknown;
  try {
    json = parseJsonBody(res.bytes, url);
  } catch (err) {
    if (!isOk(res.status)) throw statusError(res.status, url, `${what}: HTTP ${res.status}`);
    throw err;
  }
  if (!isOk(res.status)) throw statusError(res.status, url, `${what}: HTTP ${res.status}`);
  if (!Array.isArray(json)) {
    const refusal = isObject(json) && isObject(json.error) && typeof json.error.message === 'string' ? `: ${json.error.message.slice(0, 200)}` : '';
    throw new TransportError('BAD_RESPONSE', `${what}: the answer to a batch is not an array${refusal}`, { url, status: res.status });
  }
  const byId = new Map<unknown, unknown>();
  const repeated = new Set<unknown>();
  for (const item of json) {
    const id = isObject(item) ? item.id : undefined;
    if (byId.has(id)) repeated.add(id);
    byId.set(id, item);
  }
  return requests.map((r, i): JsonRpcOutcome => {
    const id = ids[i];
    const bad = (message: string): JsonRpcOutcome => ({ ok: false, error: new TransportError('BAD_RESPONSE', `${r.method}: ${message}`, { url, status: res.status }) });
    if (repeated.has(id)) return bad('the batch answers this call twice');
    const item = byId.get(id);
    if (!isObject(item)) return bad('the batch leaves this call unanswered');
    try {
      return { ok: true, result: parseEnvelope(item, r.method, url, res.status) };
    } catch (err) {
      if (err instanceof TransportError) return { ok: false, error: err };
      throw err;
    }
  });
}

/** Each request on its own (in parallel): its result, or the TransportError it failed with. */
export function callEach(requests: readonly JsonRpcRequest[], call: (request: JsonRpcRequest) => Promise<unknown>): Promise<JsonRpcOutcome[]> {
  return Promise.all(
    requests.map(async (r): Promise<JsonRpcOutcome> => {
      try {
        return { ok: true, result: await call(r) };
      } catch (err) {
        if (err instanceof TransportError) return { ok: false, error: err };
        throw err;
      }
    }),
  );
}

/** The result of one JSON-RPC response object, or its error as a TransportError. */
function parseEnvelope(json: Record<string, unknown>, method: string, url: string, status: number): unknown {
  if (json.error !== undefined && json.error !== null) {
    const e = json.error;
    if (!isObject(e) || typeof e.code !== 'number' || !Number.isInteger(e.code)) {
      throw new TransportError('BAD_RESPONSE', `${method}: the JSON-RPC error object is malformed`, { url, status });
    }
    const message = typeof e.message === 'string' ? e.message.slice(0, 200) : 'no message';
    throw new TransportError('RPC_ERROR', `${method}: JSON-RPC error ${e.code}: ${message}`, { url, status, rpcCode: e.code, rpcData: e.data });
  }
  if (json.jsonrpc !== undefined && json.jsonrpc !== '2.0') {
    throw new TransportError('BAD_RESPONSE', `${method}: expected jsonrpc "2.0", got ${describe(json.jsonrpc)}`, { url, status });
  }
  if (!('result' in json)) {
    throw new TransportError('BAD_RESPONSE', `${method}: the JSON-RPC response has neither result nor error`, { url, status });
  }
  return json.result;
}

/** Strict UTF-8 then JSON.parse; either failing is `BAD_RESPONSE`. */
export function parseJsonBody(bytes: Uint8Array, url: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new TransportError('BAD_RESPONSE', 'the response body is not valid UTF-8', { url, cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new TransportError('BAD_RESPONSE', 'the response body is not valid JSON', { url, cause });
  }
}

/** `application/json; charset=utf-8` → `application/json`; undefined when absent. */
export function mediaType(headers: Headers): string | undefined {
  const value = headers.get('content-type');
  if (value === null) return undefined;
  return value.split(';')[0]!.trim().toLowerCase();
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

function statusError(status: number, url: string, message: string): TransportError {
  return new TransportError('HTTP_STATUS', message, { url, status });
}

interface RequestInit_ {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

async function request(url: string, init: RequestInit_, options: HttpOptions | JsonRpcOptions): Promise<HttpResponse> {
  checkUrl(url);
  const timeoutMs = anumber(options.timeoutMs, 'timeoutMs');
  const maxBytes = anumber(options.maxBytes, 'maxBytes');
  const outer = options.signal;
  outer?.throwIfAborted();
  const refuse = 'redirect' in options && options.redirect === 'refuse';

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });

  // Maps a failure of fetch() or of reading the body to the error the caller should see.
  const failure = (cause: unknown, what: string): unknown => {
    if (cause instanceof TransportError) return cause;
    if (timedOut) return new TransportError('TIMEOUT', `no complete response within ${timeoutMs} ms`, { url, cause });
    if (outer?.aborted) return outer.reason;
    return new TransportError('NETWORK', `${what} failed`, { url, cause });
  };

  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method: init.method,
        headers: init.headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: controller.signal,
        credentials: 'omit',
        redirect: refuse ? 'manual' : 'follow',
      });
    } catch (cause) {
      throw failure(cause, 'the request');
    }
    const status = response.status;
    // Unfollowed, a browser hands an opaque redirect (status 0), Node the 3xx itself.
    if (refuse && (response.type === 'opaqueredirect' || (status >= 300 && status < 400))) {
      controller.abort();
      throw new TransportError('REDIRECT_REFUSED', `the server redirected${status > 0 ? ` (HTTP ${status})` : ''}, and this request follows no redirect`, { url, status });
    }
    const declared = response.headers.get('content-length');
    if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > maxBytes) {
      controller.abort();
      throw new TransportError('TOO_LARGE', `the response declares ${declared.trim()} bytes, over the limit of ${maxBytes}`, {
        url,
        status,
      });
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(response, maxBytes, () => controller.abort(), url, status);
    } catch (cause) {
      throw failure(cause, 'reading the response body');
    }
    return { status, headers: response.headers, bytes };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

async function readLimited(
  response: Response,
  maxBytes: number,
  abort: () => void,
  url: string,
  status: number,
): Promise<Uint8Array> {
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      abort();
      reader.cancel().catch(() => {});
      throw new TransportError('TOO_LARGE', `the response body exceeds the limit of ${maxBytes} bytes`, { url, status });
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new InputError(`"url" expected an absolute URL, got ${JSON.stringify(String(url)).slice(0, 100)}`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(`"url" expected http: or https:, got ${parsed.protocol}`);
  }
}

/** How JSON-RPC calls reach a server: over HTTP, or from a recording (src/rpc/execution-replay.ts). */
export interface JsonRpcTransport {
  call(url: string, method: string, params: readonly unknown[], options: JsonRpcOptions): Promise<unknown>;
  batch(url: string, requests: readonly JsonRpcRequest[], options: JsonRpcOptions): Promise<JsonRpcOutcome[]>;
}

export const httpJsonRpc: JsonRpcTransport = { call: jsonRpcCall, batch: jsonRpcBatch };
