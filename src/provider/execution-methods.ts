/**
 * The EIP-1193 methods that execute or price: eth_call, eth_estimateGas, eth_createAccessList and
 * eth_simulateV1 (src/client/verified/simulate-v1.ts) on the local EVM over proven state at a verified head; eth_gasPrice, eth_maxPriorityFeePerGas,
 * eth_blobBaseFee, eth_feeHistory with base fees from verified headers; eth_sendRawTransaction to
 * every endpoint. Answers and errors take the form geth gives them: a revert is code 3 with the
 * revert data as `data`, a call that cannot run is -32000 with the node's words.
 *
 * Priority fees come from verified blocks (src/execution/fee-oracle.ts: geth's oracle over the last
 * five verified bodies; the endpoints' advice may only lower it): eth_maxPriorityFeePerGas and
 * the tip in eth_gasPrice; eth_feeHistory's `reward` for its newest five blocks (older rows are
 * the endpoints' advice, which its `vigil` field marks); base fees and gas used from verified headers.
 * @module
 */
import { type CallBlock, callFailure, type ExecutionReader } from '../client/verified/execution-reader.ts';
import { SimulateRequestError, simulateV1 } from '../client/verified/simulate-v1.ts';
import type { VerifiedCallParams, VerifiedCallResult } from '../client/verified/call.ts';
import { bigIntToHex, hexToBigInt } from '../core/bytes.ts';
import { InputError, TransportError } from '../core/errors.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';

export const EXECUTION_METHODS = [
  'eth_call',
  'eth_estimateGas',
  'eth_createAccessList',
  'eth_simulateV1',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_blobBaseFee',
  'eth_feeHistory',
  'eth_sendRawTransaction',
] as const;
export type ExecutionMethod = (typeof EXECUTION_METHODS)[number];

export function isExecutionMethod(method: string): method is ExecutionMethod {
  return (EXECUTION_METHODS as readonly string[]).includes(method);
}

/** Most blocks one eth_feeHistory covers (geth's limit). */
export const MAX_FEE_HISTORY = 1024;

/**
 * @param headAt the block a block parameter names, a verified head or a block linked to one
 *   (throws BLOCK_NOT_VERIFIED for others); `latest` when the parameter is absent.
 */
export async function handleExecutionMethod(
  reader: ExecutionReader,
  headAt: (tag: unknown) => CallBlock | Promise<CallBlock>,
  method: ExecutionMethod,
  params: readonly unknown[],
): Promise<unknown> {
  const arity = (min: number, max: number) => {
    if (params.length < min || params.length > max) {
      throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${method}: expected ${min === max ? min : `${min} to ${max}`} params, got ${params.length}`);
    }
  };
  switch (method) {
    case 'eth_call': {
      arity(1, 4);
      if (params[3] !== undefined && params[3] !== null) {
        throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'eth_call: block overrides are not supported by Vigil (state overrides are)');
      }
      const outcome = await run(reader, await headAt(params[1] ?? 'latest'), 'call', params[0], params[2]);
      return outcome.returnData;
    }
    case 'eth_estimateGas': {
      arity(1, 3);
      const outcome = await run(reader, await headAt(params[1] ?? 'latest'), 'estimateGas', params[0], params[2]);
      return outcome.gas;
    }
    case 'eth_createAccessList': {
      arity(1, 2);
      const outcome = await run(reader, await headAt(params[1] ?? 'latest'), 'createAccessList', params[0], undefined, true);
      return {
        accessList: outcome.accessList ?? [],
        gasUsed: outcome.gasUsed,
        ...(outcome.status !== 'success' && outcome.message !== undefined ? { error: outcome.message } : {}),
      };
    }
    case 'eth_simulateV1': {
      arity(1, 2);
      try {
        return await simulateV1(reader, await headAt(params[1] ?? 'latest'), params[0]);
      } catch (err) {
        if (err instanceof SimulateRequestError) throw new ProviderRpcError(err.rpcCode, err.shortMessage);
        throw err;
      }
    }
    case 'eth_gasPrice': {
      arity(0, 0);
      const block = await headAt('latest');
      return bigIntToHex(block.baseFeePerGas + (await reader.suggestedTip()));
    }
    case 'eth_maxPriorityFeePerGas':
      arity(0, 0);
      return bigIntToHex(await reader.suggestedTip());
    case 'eth_blobBaseFee':
      arity(0, 0);
      return bigIntToHex((await headAt('latest')).blobBaseFee());
    case 'eth_feeHistory': {
      arity(2, 3);
      const count = blockCount(params[0]);
      const percentiles = rewardPercentiles(params[2]);
      return reader.feeHistory(count, (await headAt(params[1])).env, percentiles);
    }
    case 'eth_sendRawTransaction': {
      arity(1, 1);
      try {
        return (await reader.sendRawTransaction(params[0])).hash;
      } catch (err) {
        // The nodes' own refusal (nonce too low, underpriced, …) is what the dApp should read.
        if (err instanceof TransportError && err.code === 'RPC_ERROR' && typeof err.rpcCode === 'number') {
          throw new ProviderRpcError(err.rpcCode, err.shortMessage.replace(/^eth_sendRawTransaction: JSON-RPC error -?\d+: /, ''));
        }
        if (err instanceof InputError) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, err.shortMessage);
        throw err;
      }
    }
  }
}

async function run(
  reader: ExecutionReader,
  block: CallBlock,
  mode: VerifiedCallParams['mode'],
  call: unknown,
  stateOverride: unknown,
  keepFailure = false,
): Promise<VerifiedCallResult['outcome']> {
  let result: VerifiedCallResult;
  try {
    result = await reader.run({ env: block.env, mode, call, ...(stateOverride !== undefined && stateOverride !== null ? { stateOverride } : {}) });
  } catch (err) {
    // The dApp's call object or override, refused as a node refuses it.
    if (err instanceof InputError) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, err.shortMessage);
    throw err;
  }
  const outcome = result.outcome;
  const failure = callFailure(outcome);
  if (failure === undefined || keepFailure) return outcome;
  if (failure.reverted) throw new ProviderRpcError(RpcErrorCode.EXECUTION_REVERTED, failure.message, failure.data);
  throw new ProviderRpcError(RpcErrorCode.SERVER_ERROR, failure.message);
}

function blockCount(value: unknown): number {
  let n: bigint;
  try {
    n = typeof value === 'number' ? BigInt(value) : hexToBigInt(value, 'blockCount');
  } catch {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'eth_feeHistory: blockCount expected a quantity');
  }
  if (n < 1n || n > BigInt(MAX_FEE_HISTORY)) {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `eth_feeHistory: blockCount expected 1 to ${MAX_FEE_HISTORY}, got ${n}`);
  }
  return Number(n);
}

function rewardPercentiles(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 100) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'eth_feeHistory: rewardPercentiles expected an array of at most 100 numbers');
  let last = -1;
  for (const p of value) {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100) || p < last) {
      throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'eth_feeHistory: rewardPercentiles expected ascending numbers from 0 to 100');
    }
    last = p;
  }
  return value as number[];
}

