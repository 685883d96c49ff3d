/**
 * The reference verifier for test/unit/zk/gnark-sp1.test.ts: succinctlabs/sp1-contracts'
 * SP1VerifierGroth16.sol (with its gnark-exported Groth16Verifier.sol) compiled by the pinned
 * solc-js and run in @ethereumjs/evm (whose BN254 precompiles do the pairing), all offline.
 */
import { createEVM, type EVM } from '@ethereumjs/evm';
import { Address } from '@ethereumjs/util';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeErrorResult, encodeFunctionData, parseAbi, toHex } from 'viem';

/** solc-js (the devDependency pinned in package.json) ships no types: the one call used here. */
const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };

const FIXTURES = new URL('../../fixtures/sp1/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

const ABI = parseAbi([
  'function verifyProof(bytes32 programVKey, bytes publicValues, bytes proofBytes) view',
  'error WrongVerifierSelector(bytes4 received, bytes4 expected)',
  'error InvalidExitCode()',
  'error InvalidProof()',
  'error InvalidVkRoot()',
  'error ProofInvalid()',
  'error PublicInputNotInField()',
]);

function compile(version: string): Uint8Array {
  const input = {
    language: 'Solidity',
    sources: {
      'src/ISP1Verifier.sol': { content: read('ISP1Verifier.sol') },
      [`src/${version}/SP1VerifierGroth16.sol`]: { content: read(`${version}/SP1VerifierGroth16.sol`) },
      [`src/${version}/Groth16Verifier.sol`]: { content: read(`${version}/Groth16Verifier.sol`) },
    },
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['evm.bytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const object = out.contracts[`src/${version}/SP1VerifierGroth16.sol`].SP1Verifier.evm.bytecode.object as string;
  return Uint8Array.from(Buffer.from(object, 'hex'));
}

export interface ReferenceVerifier {
  /** 'ok', or the name of the custom error the contract reverted with ('revert' without one). */
  verify(programVKey: Uint8Array, publicValues: Uint8Array, proofBytes: Uint8Array): Promise<string>;
}

export async function sp1ReferenceVerifier(version: 'v4.0.0-rc.3' | 'v6.0.0'): Promise<ReferenceVerifier> {
  const evm: EVM = await createEVM();
  const caller = new Address(new Uint8Array(20).fill(0x11));
  const deployed = await evm.runCall({ caller, data: compile(version), gasLimit: 30_000_000n });
  if (deployed.execResult.exceptionError || !deployed.createdAddress) throw new Error('deploying the reference verifier failed');
  const to = deployed.createdAddress;
  return {
    async verify(programVKey, publicValues, proofBytes) {
      const data = encodeFunctionData({ abi: ABI, functionName: 'verifyProof', args: [toHex(programVKey), toHex(publicValues), toHex(proofBytes)] });
      const res = await evm.runCall({ caller, to, data: Uint8Array.from(Buffer.from(data.slice(2), 'hex')), gasLimit: 30_000_000n });
      if (!res.execResult.exceptionError) return 'ok';
      const ret = res.execResult.returnValue;
      if (ret.length < 4) return 'revert';
      try {
        return decodeErrorResult({ abi: ABI, data: toHex(ret) }).errorName;
      } catch {
        return 'revert';
      }
    },
  };
}
