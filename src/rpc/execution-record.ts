/**
 * A JSON-RPC transport that passes every call to another (HTTP) and keeps each exchange in the
 * format the replay reads (src/rpc/execution-replay.ts: `{request: {method, params}, response}`),
 * so that a live session recorded once (`--rpc-record`) runs again offline (`--rpc-replay`).
 * Calls in a batch are kept one by one, as the replay answers them. A call that got no JSON-RPC
 * answer (timeout, network, a malformed body) is not kept: the replay fails it as unrecorded, as
 * the live run failed it. The same request asked twice is kept once, with its last answer.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { TransportError } from './errors.ts';
import type { RpcExchange } from './execution-replay.ts';
import { requestKey } from './execution-replay.ts';
import { httpJsonRpc, type JsonRpcOptions, type JsonRpcOutcome, type JsonRpcRequest, type JsonRpcTransport } from './http.ts';

/**
 * @example
 * const recorder = new RecordingJsonRpc();
 * const rpc = new ExecutionRpc({ endpoints: [url], transport: recorder });
 * … ; recorder.write('session.json');
 */
export class RecordingJsonRpc implements JsonRpcTransport {
  private readonly kept = new Map<string, RpcExchange>();

  constructor(private readonly inner: JsonRpcTransport = httpJsonRpc) {}

  async call(url: string, method: string, params: readonly unknown[], options: JsonRpcOptions): Promise<unknown> {
    try {
      const result = await this.inner.call(url, method, params, options);
      this.keep(method, params, { result });
      return result;
    } catch (err) {
      this.keepError(method, params, err);
      throw err;
    }
  }

  async batch(url: string, requests: readonly JsonRpcRequest[], options: JsonRpcOptions): Promise<JsonRpcOutcome[]> {
    const outcomes = await this.inner.batch(url, requests, options);
    outcomes.forEach((outcome, i) => {
      const { method, params } = requests[i]!;
      if (outcome.ok) this.keep(method, params, { result: outcome.result });
      else this.keepError(method, params, outcome.error);
    });
    return outcomes;
  }

  /** The exchanges so far, in the order of their first request. */
  exchanges(): RpcExchange[] {
    return [...this.kept.values()].map((e) => structuredClone(e));
  }

  /**
   * Writes the exchanges as a JSON array (the `--rpc-replay` format).
   * @throws InputError when the file cannot be written.
   */
  write(path: string): void {
    try {
      writeFileSync(path, JSON.stringify(this.exchanges(), null, 1) + '\n');
    } catch (err) {
      throw new InputError(`cannot write the RPC recording to ${path}: ${(err as Error).message}`);
    }
  }

  private keep(method: string, params: readonly unknown[], response: RpcExchange['response']): void {
    const key = requestKey(method, params);
    this.kept.set(key, { request: { method, params: structuredClone([...params]) }, response: structuredClone(response) });
  }

  /** A server's JSON-RPC error object is an answer, kept as one; a failure to get any answer is not. */
  private keepError(method: string, params: readonly unknown[], err: unknown): void {
    if (!(err instanceof TransportError) || err.code !== 'RPC_ERROR' || err.rpcCode === undefined) return;
    const message = err.shortMessage.replace(/^[^:]*: JSON-RPC error -?\d+: /, '');
    this.keep(method, params, { error: { code: err.rpcCode, message, ...(err.rpcData !== undefined ? { data: err.rpcData } : {}) } });
  }
}
