/**
 * The precompiles Vigil installs over @ethereumjs/evm's own for a block's rules: P256VERIFY at
 * 0x100 (one implementation, src/crypto/p256.ts, for L1 from Osaka at EIP-7951's 6900 gas and for
 * an OP Stack chain from Fjord at RIP-7212's 3450), and a rollup's input caps, which make a
 * precompile fail on input longer than the cap as any failing precompile fails: with all the gas
 * the call gave it. Pure.
 * @module
 */
import type { Common } from '@ethereumjs/common';
import { type CustomPrecompile, EVMError, type ExecResult, getActivePrecompiles, type PrecompileFunc } from '@ethereumjs/evm';
import { bytesToBigInt } from '../../core/bytes.ts';
import { p256Verify } from '../../crypto/p256.ts';
import { type BlockEnv, forkAtLeast } from '../block-env.ts';

/** EIP-7951's address and price (Osaka). */
export const P256VERIFY_ADDRESS = '0000000000000000000000000000000000000100';
export const P256VERIFY_GAS_OSAKA = 6900n;

const INPUT_LENGTH = 160;
const ONE = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0));

/** All of the call's gas, as a failing precompile takes it. */
const failed = (gasLimit: bigint, error: EVMError): ExecResult => ({ returnValue: new Uint8Array(0), executionGasUsed: gasLimit, exceptionError: error });

/**
 * P256VERIFY priced at `gas`: 32 bytes of 1 for a valid signature, empty output for anything else
 * (an invalid signature or a malformed input is no failure: the gas is charged and the call goes on).
 */
export function p256VerifyPrecompile(gas: bigint): PrecompileFunc {
  return ({ data, gasLimit }) => {
    if (gasLimit < gas) return failed(gasLimit, new EVMError(EVMError.errorMessages.OUT_OF_GAS));
    if (data.length !== INPUT_LENGTH) return { executionGasUsed: gas, returnValue: new Uint8Array(0) };
    const word = (i: number) => bytesToBigInt(data.subarray(i * 32, (i + 1) * 32));
    const valid = p256Verify(word(0), word(1), word(2), word(3), word(4));
    return { executionGasUsed: gas, returnValue: valid ? ONE.slice() : new Uint8Array(0) };
  };
}

/** `inner` refusing input longer than `cap` bytes, before it prices or reads anything. */
function capped(inner: PrecompileFunc, cap: number): PrecompileFunc {
  return (input) => (input.data.length > cap ? failed(input.gasLimit, new EVMError(EVMError.errorMessages.INVALID_INPUT_LENGTH)) : inner(input));
}

/**
 * What a block's rules install over @ethereumjs/evm's precompiles for `common` (its fork): Vigil's
 * P256VERIFY where the block has one, and each input cap of a rollup's rules on the precompile the
 * fork has at that address.
 * @throws Error when a cap names an address the fork has no precompile at (a rules table that
 *   disagrees with its fork: a bug, not an input).
 */
export function blockPrecompiles(env: Pick<BlockEnv, 'fork' | 'rollup'>, common: Common): CustomPrecompile[] {
  const p256Gas = env.rollup?.p256VerifyGas ?? (forkAtLeast(env.fork, 'osaka') ? P256VERIFY_GAS_OSAKA : undefined);
  const own = new Map<string, PrecompileFunc>();
  if (p256Gas !== undefined) own.set(P256VERIFY_ADDRESS, p256VerifyPrecompile(p256Gas));
  const caps = env.rollup?.inputCaps ?? {};
  if (Object.keys(caps).length > 0) {
    const active = getActivePrecompiles(common);
    for (const [address, cap] of Object.entries(caps)) {
      const inner = own.get(address) ?? active.get(address);
      if (inner === undefined) throw new Error(`rules ${env.rollup!.id} cap the input of 0x${address}, which ${env.fork} has no precompile at`);
      own.set(address, capped(inner, cap));
    }
  }
  return [...own].map(([address, fn]): CustomPrecompile => ({ address: `0x${address}`, function: fn }));
}
