/**
 * The execution node's JSON-RPC dispatch: a request or a batch in, the response (or the array of
 * responses, in order) out, over a {@link DevChain}. Methods are go-ethereum's (./methods-state.ts,
 * ./methods-chain.ts, ./fees.ts) and the devnet's (./methods-devnet.ts). Requests run as they
 * come (the chain orders its own changes: mining, pool entry, reverts); a batch's requests run in
 * order, each after the one before.
 * @module
 */
import { isObject } from '../../../core/json.ts';
import { feeMethods } from './fees.ts';
import { chainMethods } from './methods-chain.ts';
import { type Clock, devnetMethods } from './methods-devnet.ts';
import { stateMethods } from './methods-state.ts';
import type { MethodTable } from './params.ts';
import { INVALID_REQUEST, METHOD_NOT_FOUND, RpcError, type RpcErrorObject, toRpcError } from './rpc-error.ts';
import type { DevChain } from './types.ts';

export interface RpcOptions {
  /** web3_clientVersion's answer. */
  clientVersion?: string;
  /** evm_mine's clock when it is given no timestamp (seconds). Default: the wall clock. */
  clock?: Clock;
  /** Told of every call answered (the node's log). */
  onCall?: (call: CallRecord) => void;
  /** Requests in one batch at most (go-ethereum's default, 1000). */
  maxBatch?: number;
}

export interface CallRecord {
  method: string;
  params: unknown;
  ms: number;
  error?: RpcErrorObject;
}

export type JsonRpcResponse = { jsonrpc: '2.0'; id: unknown; result: unknown } | { jsonrpc: '2.0'; id: unknown; error: RpcErrorObject };

export const CLIENT_VERSION = 'vigil-devnet/ethereumjs-vm-10.1.3';

/**
 * @example
 * const answer = createRpc(chain);
 * await answer({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }); // { jsonrpc: '2.0', id: 1, result: '0x0' }
 */
export function createRpc(chain: DevChain, options: RpcOptions = {}): (body: unknown) => Promise<JsonRpcResponse | JsonRpcResponse[]> {
  const methods: MethodTable = {
    ...chainMethods(chain, options.clientVersion ?? CLIENT_VERSION),
    ...stateMethods(chain),
    ...feeMethods(chain),
    ...devnetMethods(chain, options.clock),
  };
  const maxBatch = options.maxBatch ?? 1000;

  const run = async (method: string, params: unknown): Promise<unknown> => {
    const fn = Object.hasOwn(methods, method) ? methods[method]! : undefined;
    if (fn === undefined) throw new RpcError(METHOD_NOT_FOUND, `the method ${method.slice(0, 64)} does not exist/is not available`);
    return fn(params);
  };

  const one = async (request: unknown): Promise<JsonRpcResponse> => {
    const id = isObject(request) && isId(request.id) ? request.id : null;
    if (!isObject(request) || typeof request.method !== 'string' || !isId(request.id)) {
      return { jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message: 'invalid request' } };
    }
    const started = performance.now();
    try {
      const result = await run(request.method, request.params);
      options.onCall?.({ method: request.method, params: request.params, ms: performance.now() - started });
      return { jsonrpc: '2.0', id, result: result === undefined ? null : result };
    } catch (err) {
      const error = toRpcError(err);
      options.onCall?.({ method: request.method, params: request.params, ms: performance.now() - started, error });
      return { jsonrpc: '2.0', id, error };
    }
  };

  return async (body) => {
    if (!Array.isArray(body)) return one(body);
    if (body.length === 0) return { jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message: 'empty batch' } };
    if (body.length > maxBatch) return { jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message: `batch too large (more than ${maxBatch} requests)` } };
    // One after the other, as go-ethereum answers a batch: [evm_mine, eth_getBlockByNumber latest] sees the new block.
    const answers: JsonRpcResponse[] = [];
    for (const request of body) answers.push(await one(request));
    return answers;
  };
}

/** JSON-RPC ids: a string, a number, or null (absent counts as null). */
const isId = (id: unknown): boolean => id === undefined || id === null || typeof id === 'string' || typeof id === 'number';
