/**
 * readPinnedView (src/execution/verifier-contract.ts): a getter of proven code run alone — the
 * immutable it returns, and null for code that reverts or reads state the run does not hold.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { functionSelector } from '../../../src/execution/abi.ts';
import { readPinnedView } from '../../../src/execution/verifier-contract.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { deployedCode } from '../zk/solidity-evm.ts';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Views {
  bytes32 private immutable CONFIG;
  uint256 private stored;
  constructor() { CONFIG = keccak256("chain configuration"); }
  function getChainConfiguration() external view returns (bytes32) { return CONFIG; }
  function fromStorage() external view returns (uint256) { return stored; }
  function balanceOfOther() external view returns (uint256) { return address(0x1234).balance; }
  function fails() external pure returns (uint256) { revert("no"); }
}`;
const code = await deployedCode({ 'Views.sol': SOURCE }, 'Views.sol', 'Views');
const call = (signature: string) => hexToBytes(functionSelector(signature));

describe('readPinnedView', () => {
  it("returns a getter's immutable from the code alone", async () => {
    // Set by the constructor, so only in the deployed code (as Linea's verifiers hold their chain configuration).
    expect(await readPinnedView(code, call('getChainConfiguration()'))).toEqual(keccak256(new TextEncoder().encode('chain configuration')));
  });

  it('null for code that reads storage or another account, or reverts', async () => {
    expect(await readPinnedView(code, call('fromStorage()'))).toBeNull();
    expect(await readPinnedView(code, call('balanceOfOther()'))).toBeNull();
    expect(await readPinnedView(code, call('fails()'))).toBeNull();
    expect(await readPinnedView(new Uint8Array(0), call('fails()'))).toEqual(new Uint8Array(0));
  });

  it('refuses inputs not of their form', async () => {
    await expect(readPinnedView(new Uint8Array(24_577), call('fails()'))).rejects.toThrow(InputError);
    await expect(readPinnedView('0x00' as never, call('fails()'))).rejects.toThrow();
    expect(bytesToHex(call('getChainConfiguration()'))).toBe('0xb02384ad');
  });
});
