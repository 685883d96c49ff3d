/**
 * Pinned verifier contracts run on the local EVM (src/execution/verifier-contract.ts) against the
 * same bytecode and calldata run on Hardhat's EVM (EDR, hardhat_setCode + eth_call): Scroll's
 * halo2-KZG plonk verifiers v0.12.0-rc.3 and, post-Euclid, OpenVM 0.2.0 and Feynman (mainnet's),
 * Polygon zkEVM's FflonkVerifier (also against Vigil's
 * native FFLONK on the same proof) and zkSync Era's L1VerifierPlonk with its test key, each with
 * its published proof and with mutated ones. Fixtures: test/fixtures/verifier-contracts/NOTICE.md.
 */
import { createEVM } from '@ethereumjs/evm';
import { Address } from '@ethereumjs/util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData, parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { bn254Ready } from '../../../src/crypto/bn254.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { type ExecutionNode, startExecutionNode } from '../../support/hardhat-node.ts';
import { type PinnedVerifier, runPinnedVerifier, type VerifierAcceptance } from '../../../src/execution/verifier-contract.ts';
import { jsonRpcCall } from '../../../src/rpc/http.ts';
import { verifyZkProof } from '../../../src/zk/index.ts';
import { compileRuntime } from '../zk/solidity-evm.ts';

const FIXTURES = new URL('../../fixtures/verifier-contracts/', import.meta.url);
const bin = (path: string) => new Uint8Array(readFileSync(new URL(path, FIXTURES)));
const text = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

const dir = mkdtempSync(join(tmpdir(), 'vigil-verifier-contract-'));
let el: ExecutionNode;

beforeAll(async () => {
  await Promise.all([cryptoReady(), bn254Ready()]);
  el = await startExecutionNode({ dir, hardfork: 'osaka' });
});

afterAll(async () => {
  await el?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rpc = (method: string, params: unknown[]) => jsonRpcCall(el.url, method, params, { timeoutMs: 60_000, maxBytes: 1 << 22 });
const HARDHAT_AT = '0x' + 'be'.repeat(20);

/** Hardhat's verdict on the same code and calldata: true when the call did not fail and (for returns-true) returned ABI true. */
async function hardhatAccepts(code: Uint8Array, calldata: Uint8Array, accept: VerifierAcceptance): Promise<boolean> {
  await rpc('hardhat_setCode', [HARDHAT_AT, bytesToHex(code)]);
  let result: string;
  try {
    result = (await rpc('eth_call', [{ to: HARDHAT_AT, data: bytesToHex(calldata), gas: '0x1000000' }, 'latest'])) as string;
  } catch (err) {
    // A verdict, not a failure of the node (a refused gas limit, a transport error).
    expect(String(err)).toMatch(/revert|invalid opcode|out of gas/i);
    return false;
  }
  return accept === 'no-revert' || result === '0x' + '1'.padStart(64, '0');
}

/** Runs both and expects the same verdict; returns it. */
async function bothAgree(code: Uint8Array, accept: VerifierAcceptance, calldata: Uint8Array): Promise<boolean> {
  const pinned: PinnedVerifier = { codeHash: keccak256(code), accept };
  const here = await runPinnedVerifier(code, pinned, calldata);
  const reference = await hardhatAccepts(code, calldata, accept);
  expect(here.kind === 'verified', JSON.stringify(here, (_, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(reference);
  if (here.kind === 'verified') expect(here.summary).toBe(`re-verified here (verifier bytecode ${bytesToHex(pinned.codeHash)})`);
  return reference;
}

const flip = (data: Uint8Array, at: number) => {
  const out = data.slice();
  out[at]! ^= 0x01;
  return out;
};

describe("Scroll's halo2-KZG plonk verifier (v0.12.0-rc.3)", () => {
  let code: Uint8Array;
  let calldata: Uint8Array;
  const proof = bin('scroll/v0.12.0-rc.3_proof.data');
  const pi = bin('scroll/v0.12.0-rc.3_pi.data');

  beforeAll(async () => {
    // The .bin is creation code: deployed once, what stays at the address is the runtime code.
    const evm = await createEVM();
    const deployed = await evm.runCall({ caller: new Address(new Uint8Array(20).fill(1)), data: bin('scroll/plonk_verifier_v0.12.0-rc.3.bin'), gasLimit: 30_000_000n });
    code = await evm.stateManager.getCode(deployed.createdAddress!);
    // ZkEvmVerifierV2.verify: the accumulator's 12 words, the 13 instance words, the rest of the proof.
    calldata = concatBytes(proof.subarray(0, 0x180), pi, proof.subarray(0x180));
  });

  it('its published proof is re-verified here, as on Hardhat', async () => {
    expect(pi).toHaveLength(13 * 32);
    expect(await bothAgree(code, 'no-revert', calldata)).toBe(true);
  });

  it('mutated proofs and instances are refused by both', async () => {
    for (const at of [0x10, 0x180 + 0x1f, 0x180 + 0x1a0 + 0x40, calldata.length - 1]) {
      expect(await bothAgree(code, 'no-revert', flip(calldata, at))).toBe(false);
    }
    const v = await runPinnedVerifier(code, { codeHash: keccak256(code), accept: 'no-revert' }, flip(calldata, 0x180 + 0x1f));
    expect(v).toMatchObject({ kind: 'refused', reason: 'REVERTED' });
  });

  it('refuses code that is not the pinned code, without running it', async () => {
    const other = flip(code, 100);
    const v = await runPinnedVerifier(other, { codeHash: keccak256(code), accept: 'no-revert' }, calldata);
    expect(v).toMatchObject({ kind: 'refused', reason: 'CODE_HASH_MISMATCH', codeHash: bytesToHex(keccak256(code)) });
    expect(v.kind === 'refused' && v.gasUsed).toBe(undefined);
  });

  it('gives the same verdict and gas with the EVM default BN254', async () => {
    const pinned = { codeHash: keccak256(code), accept: 'no-revert' } as const;
    const [a, b] = [await runPinnedVerifier(code, pinned, calldata), await runPinnedVerifier(code, pinned, calldata, { bn254: 'ethereumjs' })];
    expect(a).toEqual(b);
  });
});

describe("Scroll's post-Euclid plonk verifiers (OpenVM 0.2.0 and Feynman), as mainnet runs them", () => {
  const openvm = (path: string) => new URL(`scroll-openvm/${path}`, FIXTURES);
  const proofOf = (path: string) => {
    const j = JSON.parse(readFileSync(openvm(path), 'utf8')) as { proof: { instances: string; proof: string } | string; instances?: string };
    const f = typeof j.proof === 'string' ? { proof: j.proof, instances: j.instances! } : j.proof;
    // The call ScrollChain's wrapper makes: the 46 instances, then the proof.
    return concatBytes(new Uint8Array(Buffer.from(f.instances, 'base64')), new Uint8Array(Buffer.from(f.proof, 'base64')));
  };
  const cases: [string, () => Uint8Array, string][] = [
    ['0.2.0', () => hexToBytes('0x' + /PLONK_VERIFIER_CREATION_CODE = hex"([0-9a-f]+)"/.exec(readFileSync(openvm('Constants.sol'), 'utf8'))![1]), 'bundle-proof-phase2.json'],
    ['Feynman', () => new Uint8Array(readFileSync(openvm('verifier-feynman.bin'))), 'bundle-proof-feynman.json'],
  ];
  for (const [name, creation, proof] of cases) {
    it(`${name}: its published bundle proof re-verified here, as on Hardhat; a changed instance or proof byte refused by both`, async () => {
      const evm = await createEVM();
      const deployed = await evm.runCall({ caller: new Address(new Uint8Array(20).fill(1)), data: creation(), gasLimit: 30_000_000n });
      const code = await evm.stateManager.getCode(deployed.createdAddress!);
      const calldata = proofOf(proof);
      expect(await bothAgree(code, 'no-revert', calldata)).toBe(true);
      // An accumulator word, a digest, a byte of h, a proof byte.
      for (const at of [0x20, 0x180 + 0x1f, 0x1c0 + 0x1f, calldata.length - 1]) expect(await bothAgree(code, 'no-revert', flip(calldata, at))).toBe(false);
    });
  }
});

describe("Polygon zkEVM's FflonkVerifier", () => {
  const artifact = JSON.parse(text('polygon/FflonkVerifier.json')) as { deployedBytecode: string };
  const code = hexToBytes(artifact.deployedBytecode);
  const proof = JSON.parse(text('polygon/proof.json')) as { polynomials: Record<string, string[]>; evaluations: Record<string, string> };
  const publicSignals = JSON.parse(text('polygon/public.json')) as string[];
  const solidity = text('polygon/FflonkVerifier.sol');
  const ABI = parseAbi(['function verifyProof(bytes32[24] proof, uint256[1] pubSignals) view returns (bool)']);
  const word = (v: string | bigint) => `0x${BigInt(v).toString(16).padStart(64, '0')}` as const;

  /** verifyProof's calldata, in the contract's order (pC1 … pEval_inv), from snarkjs's proof JSON. */
  function calldataOf(p: typeof proof, signals: string[]): Uint8Array {
    const points = ['C1', 'C2', 'W1', 'W2'].flatMap((k) => p.polynomials[k]!.slice(0, 2).map(word));
    const evals = ['ql', 'qr', 'qm', 'qo', 'qc', 's1', 's2', 's3', 'a', 'b', 'c', 'z', 'zw', 't1w', 't2w', 'inv'].map((k) => word(p.evaluations[k]!));
    const data = encodeFunctionData({ abi: ABI, functionName: 'verifyProof', args: [[...points, ...evals] as never, [BigInt(signals[0]!)]] });
    return hexToBytes(data);
  }

  it("its real prover's proof: verified here, on Hardhat, and by Vigil's native FFLONK", async () => {
    expect(verifyZkProof('fflonk', solidity, proof, publicSignals)).toEqual({ valid: true });
    expect(await bothAgree(code, 'returns-true', calldataOf(proof, publicSignals))).toBe(true);
  });

  it('a wrong public input or evaluation is refused by all three', async () => {
    const cases: [typeof proof, string[]][] = [
      [proof, [String(BigInt(publicSignals[0]!) + 1n)]],
      [{ ...proof, evaluations: { ...proof.evaluations, a: String(BigInt(proof.evaluations.a!) + 1n) } }, publicSignals],
      [{ ...proof, evaluations: { ...proof.evaluations, t2w: String(BigInt(proof.evaluations.t2w!) + 1n) } }, publicSignals],
    ];
    for (const [p, s] of cases) {
      expect(verifyZkProof('fflonk', solidity, p, s).valid).toBe(false);
      expect(await bothAgree(code, 'returns-true', calldataOf(p, s))).toBe(false);
      expect(await runPinnedVerifier(code, { codeHash: keccak256(code), accept: 'returns-true' }, calldataOf(p, s))).toMatchObject({ reason: 'RETURNED_FALSE' });
    }
  });
});

describe("zkSync Era's L1VerifierPlonk (its test key, the verdict only)", () => {
  const sources = {
    'contracts/state-transition/verifiers/L1VerifierPlonk.sol': text('era/L1VerifierPlonk.sol'),
    'contracts/state-transition/chain-interfaces/IVerifier.sol': text('era/IVerifier.sol'),
    'contracts/dev-contracts/test/PlonkVerifierTest.sol': text('era/PlonkVerifierTest.sol'),
  };
  const foundry = text('era/PlonkVerifier.t.sol');
  const pushed = (name: string) => [...foundry.matchAll(new RegExp(`${name}\\.push\\((\\d+)\\);`, 'g'))].map((m) => BigInt(m[1]!));
  const publicInputs = pushed('publicInputs');
  const serializedProof = pushed('serializedProof');
  const ABI = parseAbi(['function verify(uint256[] publicInputs, uint256[] proof) view returns (bool)']);
  const calldata = (inputs: bigint[], proofWords: bigint[]) => hexToBytes(encodeFunctionData({ abi: ABI, functionName: 'verify', args: [inputs, proofWords] }));
  let code: Uint8Array;

  beforeAll(() => {
    code = compileRuntime(sources, 'contracts/dev-contracts/test/PlonkVerifierTest.sol', 'PlonkVerifierTest');
  });

  it("the foundry test's proof is re-verified here, as on Hardhat", async () => {
    expect(publicInputs).toHaveLength(1);
    expect(serializedProof).toHaveLength(44);
    expect(await bothAgree(code, 'returns-true', calldata(publicInputs, serializedProof))).toBe(true);
  });

  it('mutated proofs and a wrong public input are refused by both', async () => {
    expect(await bothAgree(code, 'returns-true', calldata([publicInputs[0]! + 1n], serializedProof))).toBe(false);
    for (const i of [0, 17, 43]) {
      const words = serializedProof.slice();
      words[i] = words[i]! + 1n;
      expect(await bothAgree(code, 'returns-true', calldata(publicInputs, words))).toBe(false);
    }
  });
});

describe('runPinnedVerifier on small contracts', () => {
  const run = (hex: string, accept: VerifierAcceptance = 'returns-true') => {
    const code = hexToBytes(hex);
    return runPinnedVerifier(code, { codeHash: keccak256(code), accept }, new Uint8Array(4));
  };

  it('true, false, revert, halt', async () => {
    // PUSH1 1 PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN
    expect(await run('0x60015f5260205ff3')).toMatchObject({ kind: 'verified' });
    // PUSH1 2 … RETURN: not an ABI true
    expect(await run('0x60025f5260205ff3')).toMatchObject({ kind: 'refused', reason: 'RETURNED_FALSE' });
    // STOP: success with no data
    expect(await run('0x00')).toMatchObject({ kind: 'refused', reason: 'RETURNED_FALSE' });
    expect(await run('0x00', 'no-revert')).toMatchObject({ kind: 'verified' });
    // PUSH0 PUSH0 REVERT
    expect(await run('0x5f5ffd', 'no-revert')).toMatchObject({ kind: 'refused', reason: 'REVERTED' });
    // INVALID
    expect(await run('0xfe', 'no-revert')).toMatchObject({ kind: 'refused', reason: 'HALTED' });
  });

  it('refuses a verifier that reads storage or another account', async () => {
    // PUSH0 SLOAD PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN: storage is not in this run.
    expect(await run('0x5f545f5260205ff3', 'no-revert')).toMatchObject({ kind: 'refused', reason: 'OUTSIDE_STATE' });
    // PUSH20 <addr> BALANCE POP STOP
    expect(await run('0x73' + '12'.repeat(20) + '315000', 'no-revert')).toMatchObject({ kind: 'refused', reason: 'OUTSIDE_STATE' });
    // PUSH20 <addr> EXTCODESIZE POP STOP
    expect(await run('0x73' + '12'.repeat(20) + '3b5000', 'no-revert')).toMatchObject({ kind: 'refused', reason: 'OUTSIDE_STATE' });
  });

  it('rejects malformed inputs', async () => {
    await expect(runPinnedVerifier(new Uint8Array(1), { codeHash: new Uint8Array(31), accept: 'no-revert' }, new Uint8Array(0))).rejects.toThrow(/codeHash/);
    await expect(runPinnedVerifier(new Uint8Array(24_577), { codeHash: new Uint8Array(32), accept: 'no-revert' }, new Uint8Array(0))).rejects.toThrow(/code/);
    await expect(runPinnedVerifier(new Uint8Array(1), { codeHash: new Uint8Array(32), accept: 'maybe' as never }, new Uint8Array(0))).rejects.toThrow(/accept/);
  });
});
