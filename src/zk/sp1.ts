/**
 * SP1's Groth16 proofs as its L1 verifier checks them: `SP1VerifierGroth16.verifyProof(
 * programVKey, publicValues, proofBytes)` of succinctlabs/sp1-contracts (contracts/src/<version>/
 * SP1VerifierGroth16.sol), over gnark's Groth16 (./gnark-groth16.ts, ./groth16.ts).
 *
 * proofBytes = selector ‖ body, the selector being the first 4 bytes of the verifier hash
 * (VERIFIER_HASH() = sha256 of gnark's binary verifying key, `groth16_vk.bin` in
 * succinctlabs/sp1 crates/verifier). The body is ABI-encoded:
 * - before v6 (v4.0.0-rc.3, v5.0.0): `uint256[8]` proof; public inputs
 *   [programVKey, digest];
 * - from v6 (v6.0.0, v6.1.0): `(uint256 exitCode, uint256 vkRoot, uint256 nonce, uint256[8] proof)`;
 *   exitCode must be 0 and vkRoot the release's VK_ROOT(); public inputs
 *   [programVKey, digest, exitCode, vkRoot, nonce];
 * with digest = sha256(publicValues) with its top three bits cleared (`hashPublicValues`).
 *
 * Checks run in the contract's order: selector, (exit code, vk root), inputs below r, pairing.
 *
 * DIFF FROM SP1VerifierGroth16.sol:
 * - proofBytes must be exactly as long as its ABI body (Solidity's abi.decode ignores trailing
 *   bytes); gnark-groth16.ts's point checks are stricter too (no proof point at infinity);
 * - the verifying key is not compiled in: the caller hands gnark's key bytes, which must hash to
 *   the release's pinned verifier hash (the same 32 bytes the contract returns).
 * Unlike sp1's Rust verifier (crates/verifier), a Blake3 digest of the public values is not
 * tried: the L1 contract takes sha256 only.
 * @module
 */
import { abytes, bytesToBigInt, bytesToHex, equalBytes, hexToBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import { sha256 } from '../crypto/sha256.ts';
import { checkPublicSignals } from './format.ts';
import { GNARK_GROTH16_PROOF_LENGTH, parseGnarkGroth16Proof, parseGnarkGroth16VerifyingKey } from './gnark-groth16.ts';
import { type Groth16Proof, type Groth16VerificationKey, verifyGroth16 } from './groth16.ts';

/** A released SP1VerifierGroth16 contract, as pinned from succinctlabs/sp1-contracts. */
export interface Sp1Groth16Release {
  readonly version: string;
  /** VERIFIER_HASH(): sha256 of gnark's binary verifying key; its first 4 bytes prefix every proof. */
  readonly verifierHash: string;
  /** VK_ROOT() from v6 on: the recursion key root a proof must carry; null before v6 (no exit code, root or nonce). */
  readonly vkRoot: string | null;
}

/**
 * The releases whose contracts and keys were read (test/fixtures/sp1/NOTICE.md): each hash is
 * sha256 of the release's `groth16_vk.bin`, and equals the contract's VERIFIER_HASH().
 */
export const SP1_GROTH16_RELEASES = {
  'v3.0.0': {
    version: 'v3.0.0',
    verifierHash: '0x090690902a12d1d02c07a1ad25aa76bded5f6499e12a11ba127669501b553998',
    vkRoot: null,
  },
  'v4.0.0-rc.3': {
    version: 'v4.0.0-rc.3',
    verifierHash: '0x11b6a09d63d255ad425ee3a7f6211d5ec63fbde9805b40551c3136275b6f4eb4',
    vkRoot: null,
  },
  'v5.0.0': {
    version: 'v5.0.0',
    verifierHash: '0xa4594c59bbc142f3b81c3ecb7f50a7c34bc9af7c4c444b5d48b795427e285913',
    vkRoot: null,
  },
  'v6.0.0': {
    version: 'v6.0.0',
    verifierHash: '0x0e78f4db7a6771a3a6a7d9c3b0de6fe73d58781368967a7fe84d87aefffec896',
    vkRoot: '0x008cd56e10c2fe24795cff1e1d1f40d3a324528d315674da45d26afb376e8670',
  },
  'v6.1.0': {
    version: 'v6.1.0',
    verifierHash: '0x4388a21c687fdd5f218d7e3d13190cac4c5355818d3605fd5fb811df468ee696',
    vkRoot: '0x002f850ee998974d6cc00e50cd0814b098c05bfade466d28573240d057f25352',
  },
} as const satisfies Record<string, Sp1Groth16Release>;

export type Sp1Groth16Version = keyof typeof SP1_GROTH16_RELEASES;

/** An SP1 Groth16 verifier bound to one release and its checked key. */
export interface Sp1Groth16Verifier {
  readonly release: Sp1Groth16Release;
  readonly selector: Uint8Array;
  readonly vkRoot: bigint | null;
  readonly key: Groth16VerificationKey;
}

/** proofBytes split as the release's contract decodes them (shape only, values unchecked). */
export interface Sp1Groth16ProofParts {
  readonly selector: Uint8Array;
  /** v6 on: exit code, vk root and nonce; null before. */
  readonly exitCode: bigint | null;
  readonly vkRoot: bigint | null;
  readonly nonce: bigint | null;
  /** The gnark proof: `uint256[8]`. */
  readonly proof: Uint8Array;
}

const SELECTOR_LENGTH = 4;
const WORD = 32;
/** (1 << 253) − 1: hashPublicValues keeps the low 253 bits so that the digest is below r. */
const DIGEST_MASK = (1n << 253n) - 1n;

/** Number of public inputs of the release's circuit. */
const publicInputCount = (release: Sp1Groth16Release): number => (release.vkRoot === null ? 2 : 5);

/**
 * A verifier for `release` with gnark's binary key `vkBytes`, which must hash to the release's
 * verifier hash (else ZK_VKEY_INVALID) and have the release's number of public inputs.
 * @example const v = sp1Groth16Verifier('v6.0.0', readFileSync('groth16_vk.bin'))
 */
export function sp1Groth16Verifier(release: Sp1Groth16Version | Sp1Groth16Release, vkBytes: Uint8Array): Sp1Groth16Verifier {
  const r: Sp1Groth16Release = typeof release === 'string' ? SP1_GROTH16_RELEASES[release] : release;
  if (r === undefined) throw new VerificationError('ZK_VKEY_INVALID', `unknown SP1 release ${JSON.stringify(release)}`);
  abytes(vkBytes, undefined, 'vkBytes');
  const pinned = hexToBytes(r.verifierHash, 32, 'release.verifierHash');
  const hash = sha256(vkBytes);
  if (!equalBytes(hash, pinned)) {
    throw new VerificationError('ZK_VKEY_INVALID', `the gnark key is not SP1 ${r.version}'s: its sha256 is not the verifier hash`, {
      expected: r.verifierHash,
      got: bytesToHex(hash),
    });
  }
  const key = parseGnarkGroth16VerifyingKey(vkBytes);
  if (key.nPublic !== publicInputCount(r)) {
    throw new VerificationError('ZK_VKEY_INVALID', `SP1 ${r.version}'s key must take ${publicInputCount(r)} public inputs`, {
      expected: `${publicInputCount(r)}`,
      got: `${key.nPublic}`,
    });
  }
  return {
    release: r,
    selector: pinned.slice(0, SELECTOR_LENGTH),
    vkRoot: r.vkRoot === null ? null : bytesToBigInt(hexToBytes(r.vkRoot, 32, 'release.vkRoot')),
    key,
  };
}

/**
 * Splits proofBytes as `release`'s contract decodes them: 4-byte selector, then (v6 on) exit
 * code, vk root and nonce words, then the eight proof words. Wrong length: InputError.
 * @example parseSp1Groth16Proof(SP1_GROTH16_RELEASES['v6.0.0'], proofBytes).nonce
 */
export function parseSp1Groth16Proof(release: Sp1Groth16Release, proofBytes: Uint8Array): Sp1Groth16ProofParts {
  const v6 = release.vkRoot !== null;
  const length = SELECTOR_LENGTH + (v6 ? 3 * WORD : 0) + GNARK_GROTH16_PROOF_LENGTH;
  abytes(proofBytes, length, 'proofBytes');
  const at = (i: number): bigint => bytesToBigInt(proofBytes.subarray(SELECTOR_LENGTH + i * WORD, SELECTOR_LENGTH + (i + 1) * WORD));
  return {
    selector: proofBytes.slice(0, SELECTOR_LENGTH),
    exitCode: v6 ? at(0) : null,
    vkRoot: v6 ? at(1) : null,
    nonce: v6 ? at(2) : null,
    proof: proofBytes.slice(length - GNARK_GROTH16_PROOF_LENGTH),
  };
}

/**
 * `hashPublicValues`: sha256(publicValues) with the top three bits cleared, as a field element.
 * @example sp1PublicValuesDigest(new Uint8Array()) // sha256('') & (2^253 − 1)
 */
export function sp1PublicValuesDigest(publicValues: Uint8Array): bigint {
  abytes(publicValues, undefined, 'publicValues');
  return bytesToBigInt(sha256(publicValues)) & DIGEST_MASK;
}

/**
 * The words v6 on puts before either proof (Groth16 and PLONK alike): the program must have exited
 * with 0 and the vk root must be the release's.
 * @throws VerificationError SP1_EXIT_CODE_NONZERO, SP1_VK_ROOT_MISMATCH
 */
export function checkSp1ProofHeader(release: { readonly version: string; readonly vkRoot: string | null }, exitCode: bigint, vkRoot: bigint): void {
  if (exitCode !== 0n) {
    throw new VerificationError('SP1_EXIT_CODE_NONZERO', 'the proven program did not exit with code 0', { expected: '0', got: `${exitCode}` });
  }
  if (release.vkRoot === null || vkRoot !== BigInt(release.vkRoot)) {
    throw new VerificationError('SP1_VK_ROOT_MISMATCH', `the proof's vk root is not SP1 ${release.version}'s`, {
      expected: release.vkRoot ?? '',
      got: `0x${vkRoot.toString(16).padStart(64, '0')}`,
    });
  }
}

/** The parsed pieces a verification used: what a caller may log or compare. */
export interface Sp1Groth16Checked {
  readonly parts: Sp1Groth16ProofParts;
  readonly proof: Groth16Proof;
  readonly publicInputs: readonly bigint[];
}

/**
 * `SP1VerifierGroth16.verifyProof(programVKey, publicValues, proofBytes)`. Returns the checked
 * pieces; throws VerificationError when it does not verify: SP1_VERIFIER_SELECTOR_MISMATCH,
 * SP1_EXIT_CODE_NONZERO, SP1_VK_ROOT_MISMATCH, ZK_FIELD_OUT_OF_RANGE (a programVKey ≥ r),
 * ZK_POINT_* (a proof point), ZK_PROOF_INVALID (the pairing check). InputError for byte
 * strings of the wrong length. Pure: no I/O, no clock.
 * @example verifySp1Groth16(sp1Groth16Verifier('v6.0.0', vk), programVKey, publicValues, proofBytes)
 */
export function verifySp1Groth16(
  verifier: Sp1Groth16Verifier,
  programVKey: Uint8Array,
  publicValues: Uint8Array,
  proofBytes: Uint8Array,
): Sp1Groth16Checked {
  abytes(programVKey, 32, 'programVKey');
  abytes(publicValues, undefined, 'publicValues');
  abytes(proofBytes, undefined, 'proofBytes');
  // The contract reads the selector before decoding anything else.
  if (proofBytes.length >= SELECTOR_LENGTH && !equalBytes(proofBytes.subarray(0, SELECTOR_LENGTH), verifier.selector)) {
    throw new VerificationError('SP1_VERIFIER_SELECTOR_MISMATCH', `the proof is not for SP1 ${verifier.release.version}'s verifier`, {
      expected: bytesToHex(verifier.selector),
      got: bytesToHex(proofBytes.subarray(0, SELECTOR_LENGTH)),
    });
  }
  const parts = parseSp1Groth16Proof(verifier.release, proofBytes);
  const digest = sp1PublicValuesDigest(publicValues);
  const publicInputs = [bytesToBigInt(programVKey), digest];
  if (verifier.vkRoot !== null) {
    checkSp1ProofHeader(verifier.release, parts.exitCode!, parts.vkRoot!);
    publicInputs.push(parts.exitCode!, parts.vkRoot!, parts.nonce!);
  }
  // publicInputMSM refuses inputs ≥ r before the pairing precompile looks at the proof's points.
  checkPublicSignals(publicInputs, verifier.key.nPublic);
  const proof = parseGnarkGroth16Proof(parts.proof);
  verifyGroth16(verifier.key, proof, publicInputs);
  return { parts, proof, publicInputs };
}
