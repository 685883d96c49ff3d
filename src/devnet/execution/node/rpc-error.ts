/**
 * JSON-RPC errors of the devnet's execution node, with go-ethereum's codes: -32601 for a method
 * it does not serve, -32602 for malformed parameters, -32000 for a request the node refuses
 * (a block it does not have, a nonce too low), 3 for a reverted call with its revert data.
 * @module
 */
import { bytesToHex } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { revertMessage } from '../../../execution/revert.ts';
import { NodeRequestError } from './types.ts';

/** The error member of a JSON-RPC response. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: string;
}

/** A JSON-RPC error the node answers with. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
export const SERVER_ERROR = -32000;
/** go-ethereum's code for a reverted eth_call or eth_estimateGas (its data: the revert data). */
export const REVERTED = 3;

/**
 * A reverted call: "execution reverted[: reason]", code 3 with the revert data (viem's CCIP-read
 * reads it); a revert without data is -32000 and no data, as go-ethereum answers it.
 */
export function revertError(returnValue: Uint8Array): RpcError {
  if (returnValue.length === 0) return new RpcError(SERVER_ERROR, 'execution reverted');
  const data = bytesToHex(returnValue);
  return new RpcError(REVERTED, revertMessage(data), data);
}

/** "header not found": go-ethereum's answer to a state read at a block it does not have. */
export const headerNotFound = (): RpcError => new RpcError(SERVER_ERROR, 'header not found');

/** What a thrown value answers: its own code, -32602 for bad input, -32000 for the chain's refusals, else -32603. */
export function toRpcError(err: unknown): RpcErrorObject {
  if (err instanceof RpcError) return withData({ code: err.code, message: err.message }, err.data);
  if (err instanceof NodeRequestError) {
    if (err.rpcCode === REVERTED) return toRpcError(revertError(err.data ?? new Uint8Array(0)));
    return withData({ code: err.rpcCode, message: err.message }, err.data === undefined ? undefined : bytesToHex(err.data));
  }
  if (err instanceof InputError) return { code: INVALID_PARAMS, message: `invalid argument: ${err.shortMessage}` };
  return { code: INTERNAL_ERROR, message: err instanceof Error ? err.message : String(err) };
}

function withData(error: RpcErrorObject, data: string | undefined): RpcErrorObject {
  return data === undefined ? error : { ...error, data };
}
