/**
 * A JSON-RPC server that answers from a recording: `{request, response}` exchanges, served back
 * through the same transport interface as HTTP, so a verified call runs offline on real data
 * (`vigil call --rpc-replay`). The answers are no more trusted than a live server's: everything
 * goes through the same verification. A request the recording does not hold fails as a transport
 * error (`NOT_RECORDED`), as an unreachable server would.
 *
 * Requests match on the method and the params, with hex strings compared case-insensitively and
 * object keys in any order (recorders differ in both).
 * @module
 */
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { TransportError } from './errors.ts';
import { callEach, type JsonRpcOptions, type JsonRpcOutcome, type JsonRpcRequest, type JsonRpcTransport } from './http.ts';

export interface RpcExchange {
  request: { method: string; params?: unknown };
  /** A JSON-RPC response object: `{result}` or `{error: {code, message, data?}}`. */
  response: unknown;
}

/**
 * @example
 * const rpc = new ExecutionRpc({ endpoints: ['replay:'], transport: new ReplayJsonRpc(exchanges) });
 */
export class ReplayJsonRpc implements JsonRpcTransport {
  /** Every request asked for, in order, as `method(params)` (tests read it). */
  readonly calls: string[] = [];
  private readonly answers = new Map<string, unknown>();

  constructor(exchanges: unknown) {
    if (!Array.isArray(exchanges)) throw new InputError('the RPC recording expected a JSON array of {request, response}');
    exchanges.forEach((exchange, i) => {
      if (!isObject(exchange) || !isObject(exchange.request) || typeof exchange.request.method !== 'string' || !isObject(exchange.response)) {
        throw new InputError(`RPC recording entry ${i}: expected {request: {method, params}, response: {result} or {error}}`);
      }
      const params = exchange.request.params ?? [];
      this.answers.set(requestKey(exchange.request.method, params), exchange.response);
    });
  }

  async call(url: string, method: string, params: readonly unknown[], _options?: JsonRpcOptions): Promise<unknown> {
    const key = requestKey(method, params);
    this.calls.push(key);
    const response = this.answers.get(key);
    if (response === undefined) {
      throw new TransportError('NOT_RECORDED', `${method}: the recording holds no answer to ${key.slice(0, 160)}`, { url });
    }
    const r = response as Record<string, unknown>;
    if (isObject(r.error)) {
      const code = typeof r.error.code === 'number' ? r.error.code : -32603;
      const message = typeof r.error.message === 'string' ? r.error.message.slice(0, 200) : 'no message';
      throw new TransportError('RPC_ERROR', `${method}: JSON-RPC error ${code}: ${message}`, { url, rpcCode: code, rpcData: r.error.data });
    }
    if (!('result' in r)) throw new TransportError('BAD_RESPONSE', `${method}: the recorded response has neither result nor error`, { url });
    return structuredClone(r.result);
  }

  async batch(url: string, requests: readonly JsonRpcRequest[], options: JsonRpcOptions): Promise<JsonRpcOutcome[]> {
    return callEach(requests, (r) => this.call(url, r.method, r.params, options));
  }
}

/** `method(canonical params)`: hex lower-cased, object keys sorted. */
export function requestKey(method: string, params: unknown): string {
  return `${method}(${JSON.stringify(canonical(params))})`;
}

function canonical(value: unknown): unknown {
  if (typeof value === 'string') return /^0x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => value[k] !== undefined)
        .map((k) => [k, canonical(value[k])]),
    );
  }
  return value;
}
