/**
 * EIP-1193 / EIP-1474 errors as the provider returns them to dApps: a numeric `code`, a message,
 * and for a failed verification `data.code`, the VerificationError's code (callers branch on it).
 * @module
 */
import { registerErrorClass, toWireJson, wireJson, wireNumber } from '../core/error-registry.ts';
import { VigilError } from '../core/errors.ts';

/** EIP-1193 provider errors, EIP-1474 JSON-RPC errors, and Vigil's own. */
export const RpcErrorCode = {
  USER_REJECTED: 4001,
  UNAUTHORIZED: 4100,
  UNSUPPORTED_METHOD: 4200,
  /** EIP-1474 / geth: the call reverted; `data` is the revert data, 0x-hex. */
  EXECUTION_REVERTED: 3,
  DISCONNECTED: 4900,
  CHAIN_DISCONNECTED: 4901,
  /** EIP-3326: the wallet does not know the chain asked for (add it first). */
  UNRECOGNIZED_CHAIN: 4902,
  /** geth's catch-all for a call or transaction that could not run ("out of gas", "nonce too low"). */
  SERVER_ERROR: -32000,
  /** EIP-1474 "transaction rejected": the wallet will not create it (Vigil's signing policy); `data.code` says why. */
  TRANSACTION_REJECTED: -32003,
  /** EIP-1474 "resource unavailable": the site already has a request waiting for the user ("request already pending"). */
  RESOURCE_UNAVAILABLE: -32002,
  /** EIP-1474 "limit exceeded": a query past a per-request cap (QUERY_LIMIT_EXCEEDED) or the origin's quota (QUOTA_EXCEEDED). */
  LIMIT_EXCEEDED: -32005,
  INVALID_PARAMS: -32602,
  /** EIP-5792: a required capability the wallet lacks; a chain it cannot batch on; a batch id in use; no such batch; too many calls; atomicity asked for. */
  UNSUPPORTED_CAPABILITY: 5700,
  UNSUPPORTED_CHAIN: 5710,
  DUPLICATE_BATCH_ID: 5720,
  UNKNOWN_BATCH_ID: 5730,
  BATCH_TOO_LARGE: 5740,
  ATOMICITY_NOT_SUPPORTED: 5760,
  INTERNAL: -32603,
  /** Vigil: the answer did not verify (or could not be verified); `data.code` says why. */
  VERIFICATION_FAILED: -32099,
} as const;

export interface ProviderErrorData {
  /** The VerificationError / TransportError code. */
  code: string;
  [key: string]: unknown;
}

/** Revert data (code 3) travels as 0x-hex, as nodes send it; Vigil's own errors as an object. */
export type ProviderErrorDataOrRevert = ProviderErrorData | string;

/** The JSON form that crosses the page boundary. */
export interface ProviderErrorJson {
  code: number;
  message: string;
  data?: ProviderErrorDataOrRevert;
}

/**
 * A Vigil error in EIP-1193's form: `code` is the EIP-1193 / JSON-RPC number pages branch on (so
 * VigilError types `code` as string or number); the Vigil code it stands for, when one does, is
 * `data.code`.
 */
export class ProviderRpcError extends VigilError {
  override name = 'ProviderRpcError';
  override readonly code: number;
  readonly data: ProviderErrorDataOrRevert | undefined;

  constructor(code: number, message: string, data?: ProviderErrorDataOrRevert) {
    super(message);
    this.code = code;
    this.data = data;
  }

  toJSON(): ProviderErrorJson {
    return { code: this.code, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) };
  }

  static fromJson(json: ProviderErrorJson): ProviderRpcError {
    return new ProviderRpcError(json.code, json.message, json.data);
  }
}

registerErrorClass(ProviderRpcError, 'ProviderRpcError', {
  rebuild: (code, f) => {
    const n = wireNumber(code);
    const data = wireJson(f.data);
    if (n === undefined || !Number.isSafeInteger(n)) throw new TypeError('not an EIP-1193 code');
    return new ProviderRpcError(n, '', typeof data === 'string' || (typeof data === 'object' && data !== null && typeof (data as ProviderErrorData).code === 'string') ? (data as ProviderErrorDataOrRevert) : undefined);
  },
  fields: (e) => ({ data: toWireJson(e.data) }),
});

export function isProviderErrorJson(value: unknown): value is ProviderErrorJson {
  return typeof value === 'object' && value !== null && typeof (value as ProviderErrorJson).code === 'number' && typeof (value as ProviderErrorJson).message === 'string';
}
