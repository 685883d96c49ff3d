/**
 * A rollup's proof check (src/l2/adapter.ts ProofCheck) run in this thread: the zk verifiers
 * (src/zk), or for `evm-verifier` a pinned verifier contract on the local EVM
 * (src/execution/verifier-contract.ts). The CLI and tests use it; the extension sends the same
 * checks to its workers (`zk.verify`, `evm.verifier`).
 * @module
 */
import { isObject } from '../core/json.ts';
import { InputError } from '../core/errors.ts';
import { runPinnedVerifierHex, type VerifierAcceptance } from '../execution/verifier-contract.ts';
import type { ProofCheck } from '../l2/adapter.ts';
import { verifyZkProof } from '../zk/index.ts';

/** The `evm.verifier` task's parameters of an `evm-verifier` check. */
export function evmVerifierParams(check: ProofCheck): { code: string; codeHash: string; accept: VerifierAcceptance; calldata: string } {
  const { vkey, proof, publicSignals } = check;
  if (!isObject(vkey) || typeof vkey.codeHash !== 'string' || (vkey.accept !== 'no-revert' && vkey.accept !== 'returns-true')) {
    throw new InputError('an evm-verifier check expected vkey { codeHash, accept: no-revert | returns-true }');
  }
  if (typeof proof !== 'string' || publicSignals.length !== 1 || typeof publicSignals[0] !== 'string') {
    throw new InputError('an evm-verifier check expected the code as proof and one calldata as its public signal (0x-hex)');
  }
  return { code: proof, codeHash: vkey.codeHash, accept: vkey.accept, calldata: publicSignals[0] };
}

/**
 * Whether `check` verifies.
 * @throws InputError for a check not of its system's form
 */
export async function verifyProofCheck(check: ProofCheck): Promise<boolean> {
  if (check.system === 'evm-verifier') return (await runPinnedVerifierHex(evmVerifierParams(check))).valid;
  return verifyZkProof(check.system, check.vkey, check.proof, check.publicSignals).valid;
}
