/**
 * L2 accounts of rollups whose state is Ethereum's (an MPT of RLP accounts: OP Stack, Arbitrum,
 * Scroll since Euclid): an `eth_getProof` answer from the L2 RPC, verified against the state root
 * L1 accepted, exactly as L1 accounts are (src/proofs/eip1186.ts). The one front door the
 * real-rollup adapters share for `verifyAccount`.
 * @module
 */
import { bigIntToBytesPadded } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { type ProvenAccount, parseGetProofResponse, verifyGetProofResponse } from '../proofs/eip1186.ts';
import { expectAnswerTo } from '../proofs/get-proof-request.ts';

export type EvmAccount = ProvenAccount;

/**
 * @throws InputError for a malformed answer, VerificationError (PROOF_* codes) when it does not
 *   prove what it claims against `root`.
 */
export function verifyEvmAccount(root: bigint, proof: unknown, query?: unknown): EvmAccount {
  const response = parseGetProofResponse(proof);
  if (isObject(query) && typeof query.address === 'string') expectAnswerTo({ address: query.address, ...(Array.isArray(query.storageKeys) ? { storageKeys: query.storageKeys } : {}) }, response);
  return verifyGetProofResponse(bigIntToBytesPadded(root, 32), response);
}

/** What an EVM rollup's account query names: an L2 address (and storage keys to prove with it). */
export interface EvmAccountQuery {
  address: string;
  storageKeys?: string[];
}

/**
 * The eth_getProof request for `query` at `blockTag` (the accepted L2 block: its number as hex,
 * or a tag where the rollup's L1 state names no block number).
 * @throws InputError for a query that is not { address, storageKeys? }.
 */
export function evmAccountRequest(query: unknown, blockTag: string): { method: string; params: unknown[] } {
  if (!isObject(query) || typeof query.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(query.address)) {
    throw new InputError('an L2 account query expected { address: 0x…20 bytes, storageKeys? }');
  }
  const keys = query.storageKeys ?? [];
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(k))) {
    throw new InputError('an L2 account query\'s storageKeys expected 32-byte hex words');
  }
  return { method: 'eth_getProof', params: [query.address, keys, blockTag] };
}
