/**
 * An `evm-verifier` proof check (src/l2/adapter.ts ProofCheck) as the execution worker's
 * `evm.verifier` task takes it: apart from the EVM, so whatever routes the check (the app host)
 * does not load it.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { VerifierAcceptance } from '../../execution/verifier-contract.ts';
import type { ProofCheck } from '../../l2/adapter.ts';

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
