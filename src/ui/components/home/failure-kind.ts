/**
 * What a failed proof's "CODE: sentence" (a balance row's error, a price read's) says happened,
 * for the home's badge and its price line.
 * @module
 */

/** src/core/errors.ts TransportErrorCode: the endpoint gave no usable answer (not a lie). */
export const UNREACHABLE = new Set(['TIMEOUT', 'TOO_LARGE', 'HTTP_STATUS', 'NETWORK', 'BAD_RESPONSE', 'RPC_ERROR', 'NOT_AVAILABLE', 'UNKNOWN_FORK', 'NOT_RECORDED', 'ALL_ENDPOINTS_FAILED']);
/** No verified block to prove at yet: waiting, nothing refused. */
const NOT_YET = new Set(['NO_VERIFIED_HEAD', 'BLOCK_NOT_VERIFIED']);

/**
 * Nothing to prove at yet (or no code), an endpoint that gave no usable answer, or an answer
 * Vigil refused (a proof that did not verify, an answer of the wrong form).
 * @example failureKind('PROOF_VALUE_MISMATCH: the balance differs') // 'refused'
 */
export function failureKind(error: string): 'not-yet' | 'unreachable' | 'refused' {
  const code = /^([A-Z][A-Z0-9_]+):/.exec(error)?.[1];
  if (code === undefined || NOT_YET.has(code)) return 'not-yet';
  return UNREACHABLE.has(code) ? 'unreachable' : 'refused';
}

