/**
 * A rollup's proof check (src/l2/adapter.ts ProofCheck) run in this thread: the zk verifiers
 * (src/zk), or for `evm-verifier` a pinned verifier contract on the local EVM
 * (src/execution/verifier-contract.ts). The CLI and tests use it; the extension sends the same
 * checks to its workers (`zk.verify`, `evm.verifier`).
 * @module
 */
import { runPinnedVerifierHex } from '../../execution/verifier-contract.ts';
import { evmVerifierParams } from './proof-check-params.ts';
import type { ProofCheck } from '../../l2/adapter.ts';
import { verifyZkProof } from '../../zk/index.ts';

/**
 * Whether `check` verifies.
 * @throws InputError for a check not of its system's form
 */
export async function verifyProofCheck(check: ProofCheck): Promise<boolean> {
  if (check.system === 'evm-verifier') return (await runPinnedVerifierHex(evmVerifierParams(check))).valid;
  return verifyZkProof(check.system, check.vkey, check.proof, check.publicSignals).valid;
}
