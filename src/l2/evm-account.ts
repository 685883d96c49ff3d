/**
 * L2 accounts of rollups whose state is Ethereum's (an MPT of RLP accounts: OP Stack, Arbitrum,
 * Scroll since Euclid): an `eth_getProof` answer from the L2 RPC, verified against the state root
 * L1 accepted, exactly as L1 accounts are (src/proofs/eip1186.ts). The one front door the
 * real-rollup adapters share for `verifyAccount`.
 * @module
 */
import { bigIntToBytesPadded } from '../core/bytes.ts';
import { type ProvenAccount, parseGetProofResponse, verifyGetProofResponse } from '../proofs/eip1186.ts';

export type EvmAccount = ProvenAccount;

/**
 * @throws InputError for a malformed answer, VerificationError (PROOF_* codes) when it does not
 *   prove what it claims against `root`.
 */
export function verifyEvmAccount(root: bigint, proof: unknown): EvmAccount {
  return verifyGetProofResponse(bigIntToBytesPadded(root, 32), parseGetProofResponse(proof));
}
