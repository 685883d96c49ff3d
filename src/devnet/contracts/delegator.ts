/**
 * The EIP-7702 delegate Vigil pins (src/wallet/eip7702-pin.ts), for the devnet: eth-infinitism's
 * Simple7702Account as published, the `bytecode` (init code) of artifacts/Simple7702Account.json in
 * the npm package @account-abstraction/contracts 0.8.0 (MIT; pinned exactly in package.json), not
 * rebuilt. It has no constructor arguments and no link references, so the code it leaves is the
 * artifact's `deployedBytecode`, whose hash is the pin: checked here at load, so a different
 * artifact fails loudly rather than deploying a delegate Vigil would flag as unknown.
 * @module
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { keccak256 } from 'viem';
import { SIMPLE_7702_ACCOUNT } from '../../wallet/eip7702-pin.ts';

const json = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@account-abstraction/contracts/artifacts/Simple7702Account.json'), 'utf8')) as { bytecode: `0x${string}`; deployedBytecode: `0x${string}` };
if (keccak256(json.deployedBytecode) !== SIMPLE_7702_ACCOUNT.codeHash) {
  throw new Error(`@account-abstraction/contracts: Simple7702Account's deployedBytecode hashes to ${keccak256(json.deployedBytecode)}, not the pinned ${SIMPLE_7702_ACCOUNT.codeHash}`);
}

/** Simple7702Account 0.8.0's init code, as published. */
export const SIMPLE_7702_ACCOUNT_INIT_CODE: `0x${string}` = json.bytecode;
