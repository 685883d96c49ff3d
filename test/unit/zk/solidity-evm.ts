/**
 * The reference verifiers for the zk tests: published Solidity verifier contracts compiled by the
 * pinned solc-js and run in @ethereumjs/evm (whose BN254, SHA-256 and modexp precompiles do the
 * curve work), all offline.
 * - `solidityContract`: any contract from source texts, deployed once, called with calldata;
 * - `sp1ReferenceVerifier`: succinctlabs/sp1-contracts' SP1VerifierGroth16.sol / SP1VerifierPlonk.sol
 *   (with the gnark-exported Groth16Verifier.sol / PlonkVerifier.sol), test/fixtures/sp1;
 * - `gnarkPlonkReference`: a gnark-exported PlonkVerifier's `Verify(bytes, uint256[])` (Linea's,
 *   SP1's), 'ok' | 'false' | the revert reason.
 */
import { createEVM, type EVM } from '@ethereumjs/evm';
import { Address } from '@ethereumjs/util';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeErrorResult, decodeFunctionResult, encodeFunctionData, parseAbi, toHex } from 'viem';

/** solc-js (the devDependency pinned in package.json) ships no types: the one call used here. */
const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string; version(): string };

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

/**
 * solc-js is 0.8.26; contracts pinned to an exact compiler (Linea's `pragma solidity 0.8.30;`,
 * Scroll's `=0.8.24`) are compiled with their pragma widened to ^0.8.20, nothing else changed.
 */
const widenPragma = (source: string) => source.replace(/pragma solidity =?0\.8\.\d+;/, 'pragma solidity ^0.8.20;');

/**
 * solc's answers by input, for the process: a verifier takes solc-js a second or two, and the unit
 * project runs many files in one process (isolate: false), several of which compile the same
 * contracts, some twice (the creation code, then the runtime code: one compilation gives both).
 */
const compiled = new Map<string, { errors?: { severity: string; formattedMessage: string }[]; contracts: Record<string, Record<string, { evm: Record<string, { object: string }> }>> }>();

function compile(sources: Record<string, string>, file: string, contract: string, output: 'bytecode' | 'deployedBytecode' = 'bytecode'): Uint8Array {
  const input = JSON.stringify({
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([path, content]) => [path, { content: widenPragma(content) }])),
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode.object'] } } },
  });
  let out = compiled.get(input);
  if (out === undefined) compiled.set(input, (out = JSON.parse(solc.compile(input))));
  const errors = (out!.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const object = out!.contracts[file]![contract]!.evm[output]!.object;
  return Uint8Array.from(Buffer.from(object, 'hex'));
}

/** The runtime code solc gives `contract` of `file` among `sources` (what a deployment leaves at its address). */
export function compileRuntime(sources: Record<string, string>, file: string, contract: string): Uint8Array {
  return compile(sources, file, contract, 'deployedBytecode');
}

/** The creation code solc gives `contract` of `file` among `sources` (constructor arguments go after it). */
export function creationCode(sources: Record<string, string>, file: string, contract: string): Uint8Array {
  return compile(sources, file, contract);
}

/** The runtime code a deployment of `contract` leaves at its address (its constructor run with `args`, ABI-encoded: immutables filled). */
export async function deployedCode(sources: Record<string, string>, file: string, contract: string, args: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
  const evm: EVM = await createEVM();
  const data = new Uint8Array([...compile(sources, file, contract), ...args]);
  const deployed = await evm.runCall({ caller: new Address(new Uint8Array(20).fill(0x11)), data, gasLimit: 30_000_000n });
  if (deployed.execResult.exceptionError || !deployed.createdAddress) throw new Error(`deploying ${contract} failed`);
  return evm.stateManager.getCode(deployed.createdAddress);
}

export interface DeployedContract {
  /** Runs a call; `ok` false when it reverted, with the return (or revert) data. */
  call(data: `0x${string}`): Promise<{ ok: boolean; returnValue: `0x${string}` }>;
}

/** Compiles `contract` of `file` among `sources` (path → text) and deploys it in a fresh EVM. */
export async function solidityContract(sources: Record<string, string>, file: string, contract: string): Promise<DeployedContract> {
  const evm: EVM = await createEVM();
  const caller = new Address(new Uint8Array(20).fill(0x11));
  const deployed = await evm.runCall({ caller, data: compile(sources, file, contract), gasLimit: 30_000_000n });
  if (deployed.execResult.exceptionError || !deployed.createdAddress) throw new Error(`deploying ${contract} failed`);
  const to = deployed.createdAddress;
  return {
    async call(data) {
      const res = await evm.runCall({ caller, to, data: Uint8Array.from(Buffer.from(data.slice(2), 'hex')), gasLimit: 30_000_000n });
      return { ok: !res.execResult.exceptionError, returnValue: toHex(res.execResult.returnValue) };
    },
  };
}

const SP1_ABI = parseAbi([
  'function verifyProof(bytes32 programVKey, bytes publicValues, bytes proofBytes) view',
  'error WrongVerifierSelector(bytes4 received, bytes4 expected)',
  'error InvalidExitCode()',
  'error InvalidProof()',
  'error InvalidVkRoot()',
  'error ProofInvalid()',
  'error PublicInputNotInField()',
  'error Error(string)',
]);

export interface ReferenceVerifier {
  /** 'ok', or the name of the custom error the contract reverted with ('revert' without one; Error(string)'s text). */
  verify(programVKey: Uint8Array, publicValues: Uint8Array, proofBytes: Uint8Array): Promise<string>;
}

function revertReason(abi: typeof SP1_ABI | typeof PLONK_ABI, data: `0x${string}`): string {
  if (data.length < 10) return 'revert';
  try {
    const decoded = decodeErrorResult({ abi, data });
    return decoded.errorName === 'Error' ? String(decoded.args[0]) : decoded.errorName;
  } catch {
    return 'revert';
  }
}

export async function sp1ReferenceVerifier(version: 'v4.0.0-rc.3' | 'v6.0.0', system: 'Groth16' | 'Plonk' = 'Groth16'): Promise<ReferenceVerifier> {
  const main = `src/${version}/SP1Verifier${system}.sol`;
  const inner = system === 'Groth16' ? 'Groth16Verifier' : 'PlonkVerifier';
  const contract = await solidityContract(
    {
      'src/ISP1Verifier.sol': read('sp1/ISP1Verifier.sol'),
      [main]: read(`sp1/${version}/SP1Verifier${system}.sol`),
      [`src/${version}/${inner}.sol`]: read(`sp1/${version}/${inner}.sol`),
    },
    main,
    'SP1Verifier',
  );
  return {
    async verify(programVKey, publicValues, proofBytes) {
      const data = encodeFunctionData({ abi: SP1_ABI, functionName: 'verifyProof', args: [toHex(programVKey), toHex(publicValues), toHex(proofBytes)] });
      const res = await contract.call(data);
      return res.ok ? 'ok' : revertReason(SP1_ABI, res.returnValue);
    },
  };
}

const PLONK_ABI = parseAbi(['function Verify(bytes proof, uint256[] public_inputs) view returns (bool)', 'error Error(string)']);

export interface PlonkReference {
  /** 'ok' (returned true), 'false' (returned false), or the revert reason. */
  verify(proof: Uint8Array, publicInputs: readonly bigint[]): Promise<string>;
}

/** A gnark-exported PLONK verifier (fixture path under test/fixtures) as deployed on L1. */
export function gnarkPlonkReference(path: string, contract: string): Promise<PlonkReference> {
  return gnarkPlonkReferenceFromSource(path, read(path), contract);
}

/** The same from the contract's source text (e.g. a mutated copy: the fuzz campaign's). */
export async function gnarkPlonkReferenceFromSource(path: string, source: string, contract: string): Promise<PlonkReference> {
  const deployed = await solidityContract({ [path]: source }, path, contract);
  return {
    async verify(proof, publicInputs) {
      const data = encodeFunctionData({ abi: PLONK_ABI, functionName: 'Verify', args: [toHex(proof), [...publicInputs]] });
      const res = await deployed.call(data);
      if (!res.ok) return revertReason(PLONK_ABI, res.returnValue);
      return decodeFunctionResult({ abi: PLONK_ABI, functionName: 'Verify', data: res.returnValue }) ? 'ok' : 'false';
    },
  };
}
