/**
 * The execution worker's verifier tasks (src/workers/execution-tasks.ts): `evm.view` runs proven
 * code's getter alone, `evm.verifier` a pinned verifier contract, as the app host asks for them
 * (src/client/rollups/session.ts; the parameters of a rollup's `evm-verifier` check from
 * src/client/verified/proof-check-params.ts).
 */
import { describe, expect, it } from 'vitest';
import { evmVerifierParams } from '../../../src/client/verified/proof-check-params.ts';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { functionSelector } from '../../../src/execution/abi.ts';
import { executionHandlers } from '../../../src/workers/execution-tasks.ts';
import { deployedCode } from '../zk/solidity-evm.ts';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract V {
  bytes32 private immutable C;
  constructor() { C = bytes32(uint256(0xc0ffee)); }
  function getChainConfiguration() external view returns (bytes32) { return C; }
  function ok(bytes calldata p) external pure returns (bool) { require(p.length == 2, "no"); return true; }
}`;
const code = await deployedCode({ 'V.sol': SOURCE }, 'V.sol', 'V');

describe('the execution worker: verifier tasks', () => {
  it("evm.view: a getter's return data, null when the call reverts", async () => {
    expect(await executionHandlers['evm.view']({ code: bytesToHex(code), calldata: functionSelector('getChainConfiguration()') })).toEqual({ returned: '0x' + 'c0ffee'.padStart(64, '0') });
    expect(await executionHandlers['evm.view']({ code: bytesToHex(code), calldata: '0x12345678' })).toEqual({ returned: null });
  });

  it('evm.verifier: verified only under the pinned code hash and when it answers true', async () => {
    const call = (p: string) => functionSelector('ok(bytes)') + '0'.repeat(62) + '20' + '0'.repeat(63) + (p.length / 2).toString(16) + p.padEnd(64, '0');
    const check = { system: 'evm-verifier' as const, vkey: { codeHash: bytesToHex(keccak256(code)), accept: 'returns-true' }, proof: bytesToHex(code), publicSignals: [call('abcd')] };
    expect(await executionHandlers['evm.verifier'](evmVerifierParams(check))).toMatchObject({ valid: true });
    expect(await executionHandlers['evm.verifier'](evmVerifierParams({ ...check, publicSignals: [call('ab')] }))).toMatchObject({ valid: false, reason: expect.stringMatching(/^REVERTED/) });
    expect(await executionHandlers['evm.verifier'](evmVerifierParams({ ...check, vkey: { ...check.vkey, codeHash: '0x' + '00'.repeat(32) } }))).toMatchObject({ valid: false, reason: expect.stringMatching(/^CODE_HASH_MISMATCH/) });
    expect(() => evmVerifierParams({ ...check, vkey: { codeHash: '0x00' } })).toThrow(InputError);
    expect(() => evmVerifierParams({ ...check, publicSignals: [] })).toThrow(InputError);
  });
});
