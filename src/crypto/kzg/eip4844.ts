/**
 * EIP-4844's KZG functions, consensus-specs deneb/polynomial-commitments.md (at
 * 263435439^, the last commit before the KZG specs moved to ethereum/cryptography-specs), on a
 * backend (./backend.ts). Checks run in the spec's order; its asserts are typed errors
 * (./validate.ts). Public methods take raw bytes.
 *
 * DIFF FROM SPEC: the pairing checks move every scalar to the G1 side (e(π, [τ − z]₂) becomes
 * e(π, [τ]₂) · e(−z·π, [1]₂)) and fold each side's sums into one MSM: equal by bilinearity, and
 * backends need no G2 arithmetic.
 * @module
 */
import type { AnyKzgBackend } from './backend.ts';
import {
  BYTES_PER_BLOB,
  BYTES_PER_COMMITMENT,
  BYTES_PER_FIELD_ELEMENT,
  BYTES_PER_PROOF,
  FIAT_SHAMIR_PROTOCOL_DOMAIN,
  FIELD_ELEMENTS_PER_BLOB,
  RANDOM_CHALLENGE_KZG_BATCH_DOMAIN,
} from './constants.ts';
import { bitReversalPermutation, blsFieldToBytes, computePowers, computeRootsOfUnity, frBatchInv, frMod, frMul, hashToBlsField, uintToBytes } from './field.ts';
import { type TrustedSetup, verifySetupG2 } from './setup.ts';
import { bytesToBlsField, bytesToFieldVector, bytesToKzgG1, checkLength, checkSameLength } from './validate.ts';

/** blob_to_polynomial: a checked blob as a backend vector. */
export const blobToPolynomial = (be: AnyKzgBackend, blob: Uint8Array, title = 'blob'): unknown => bytesToFieldVector(be, blob, title);

/** compute_challenge: the Fiat–Shamir evaluation point of a blob and its commitment. */
export function computeChallenge(blob: Uint8Array, commitment: Uint8Array): bigint {
  const data = new Uint8Array(16 + 16 + BYTES_PER_BLOB + BYTES_PER_COMMITMENT);
  data.set(FIAT_SHAMIR_PROTOCOL_DOMAIN, 0);
  data.set(uintToBytes(FIELD_ELEMENTS_PER_BLOB, 16), 16);
  data.set(blob, 32);
  data.set(commitment, 32 + BYTES_PER_BLOB);
  return hashToBlsField(data);
}

/** verify_kzg_proof_impl on decoded values: P − y = Q·(X − z). */
function verifyKzgProofImpl(be: AnyKzgBackend, commitment: unknown, z: bigint, y: bigint, proof: unknown): boolean {
  const setup = verifySetupG2(be);
  // e(C − [y]₁ + z·π, −[1]₂) · e(π, [τ]₂) = 1
  const lhs = be.g1Msm([commitment, be.g1Generator(), proof], [1n, frMod(-y), z]);
  return be.pairingProductIsOne([
    [be.g1Neg(lhs), setup.g2One],
    [proof, setup.g2Tau],
  ]);
}

/**
 * verify_kzg_proof: does the polynomial committed to by `commitment` take the value `y` at `z`?
 * (The 0x0a precompile's check.)
 * @throws InputError on a wrong length; VerificationError KZG_INVALID_INPUT on a point or field element the spec refuses
 */
export function verifyKzgProof(be: AnyKzgBackend, commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean {
  checkLength(commitment, BYTES_PER_COMMITMENT, 'commitment');
  checkLength(z, BYTES_PER_FIELD_ELEMENT, 'z');
  checkLength(y, BYTES_PER_FIELD_ELEMENT, 'y');
  checkLength(proof, BYTES_PER_PROOF, 'proof');
  const c = bytesToKzgG1(be, commitment, 'commitment');
  const zf = bytesToBlsField(z, 'z');
  const yf = bytesToBlsField(y, 'y');
  const pi = bytesToKzgG1(be, proof, 'proof');
  return verifyKzgProofImpl(be, c, zf, yf, pi);
}

/** verify_kzg_proof_batch on decoded values (the commitments' bytes go into the transcript). */
function verifyKzgProofBatch(be: AnyKzgBackend, commitmentBytes: readonly Uint8Array[], commitments: readonly unknown[], zs: readonly bigint[], ys: readonly bigint[], proofBytes: readonly Uint8Array[], proofs: readonly unknown[]): boolean {
  const n = commitments.length;
  const data = new Uint8Array(16 + 8 + 8 + n * (48 + 32 + 32 + 48));
  data.set(RANDOM_CHALLENGE_KZG_BATCH_DOMAIN, 0);
  data.set(uintToBytes(FIELD_ELEMENTS_PER_BLOB, 8), 16);
  data.set(uintToBytes(n, 8), 24);
  let at = 32;
  for (let i = 0; i < n; i++) {
    for (const part of [commitmentBytes[i]!, blsFieldToBytes(zs[i]!), blsFieldToBytes(ys[i]!), proofBytes[i]!]) {
      data.set(part, at);
      at += part.length;
    }
  }
  const r = hashToBlsField(data);
  const rPowers = computePowers(r, n);
  // e(Σ rⁱ πᵢ, −[τ]₂) · e(Σ rⁱ (Cᵢ − [yᵢ]₁) + Σ rⁱ zᵢ πᵢ, [1]₂) = 1
  const proofLincomb = be.g1Msm(proofs, rPowers);
  let ySum = 0n;
  for (let i = 0; i < n; i++) ySum = frMod(ySum + frMul(rPowers[i]!, ys[i]!));
  const rhs = be.g1Msm(
    [...commitments, ...proofs, be.g1Generator()],
    [...rPowers, ...rPowers.map((p, i) => frMul(p, zs[i]!)), frMod(-ySum)],
  );
  const setup = verifySetupG2(be);
  return be.pairingProductIsOne([
    [be.g1Neg(proofLincomb), setup.g2Tau],
    [rhs, setup.g2One],
  ]);
}

/**
 * verify_blob_kzg_proof: does `blob` belong to `commitment`, by the proof at its challenge point?
 * @throws InputError on a wrong length; VerificationError KZG_INVALID_INPUT as verifyKzgProof
 */
export function verifyBlobKzgProof(be: AnyKzgBackend, blob: Uint8Array, commitmentBytes: Uint8Array, proofBytes: Uint8Array): boolean {
  checkLength(blob, BYTES_PER_BLOB, 'blob');
  checkLength(commitmentBytes, BYTES_PER_COMMITMENT, 'commitment');
  checkLength(proofBytes, BYTES_PER_PROOF, 'proof');
  const commitment = bytesToKzgG1(be, commitmentBytes, 'commitment');
  const polynomial = blobToPolynomial(be, blob);
  const z = computeChallenge(blob, commitmentBytes);
  const y = be.frEvaluateBrp(polynomial, z);
  const proof = bytesToKzgG1(be, proofBytes, 'proof');
  return verifyKzgProofImpl(be, commitment, z, y, proof);
}

/**
 * verify_blob_kzg_proof_batch: every blob against its commitment and proof, as one pairing
 * check. True for zero blobs.
 * @throws InputError on a count mismatch or a wrong length; VerificationError KZG_INVALID_INPUT as verifyKzgProof
 */
export function verifyBlobKzgProofBatch(be: AnyKzgBackend, blobs: readonly Uint8Array[], commitmentsBytes: readonly Uint8Array[], proofsBytes: readonly Uint8Array[]): boolean {
  checkSameLength({ blobs, commitments: commitmentsBytes, proofs: proofsBytes });
  const commitments: unknown[] = [];
  const challenges: bigint[] = [];
  const ys: bigint[] = [];
  const proofs: unknown[] = [];
  for (let i = 0; i < blobs.length; i++) {
    const [blob, commitmentBytes, proofBytes] = [blobs[i]!, commitmentsBytes[i]!, proofsBytes[i]!];
    checkLength(blob, BYTES_PER_BLOB, `blobs[${i}]`);
    checkLength(commitmentBytes, BYTES_PER_COMMITMENT, `commitments[${i}]`);
    checkLength(proofBytes, BYTES_PER_PROOF, `proofs[${i}]`);
    commitments.push(bytesToKzgG1(be, commitmentBytes, `commitments[${i}]`));
    const polynomial = blobToPolynomial(be, blob, `blobs[${i}]`);
    const z = computeChallenge(blob, commitmentBytes);
    challenges.push(z);
    ys.push(be.frEvaluateBrp(polynomial, z));
    proofs.push(bytesToKzgG1(be, proofBytes, `proofs[${i}]`));
  }
  return verifyKzgProofBatch(be, commitmentsBytes, commitments, challenges, ys, proofsBytes, proofs);
}

/**
 * blob_to_kzg_commitment: the commitment to a blob's polynomial (an MSM over the setup's Lagrange points).
 * @throws InputError on a wrong length; VerificationError KZG_INVALID_INPUT on a field element not below BLS_MODULUS
 */
export function blobToKzgCommitment(be: AnyKzgBackend, blob: Uint8Array, setup: TrustedSetup): Uint8Array {
  checkLength(blob, BYTES_PER_BLOB, 'blob');
  return be.g1Compress(be.g1MsmFr(setup.g1LagrangeBrp(be), blobToPolynomial(be, blob)));
}

/**
 * compute_kzg_proof_impl's quotient in evaluation form, q(xᵢ) = (p(xᵢ) − y)/(xᵢ − z), with
 * compute_quotient_eval_within_domain where z is xᵢ.
 */
function quotientInEvaluationForm(polynomial: readonly bigint[], z: bigint, y: bigint): bigint[] {
  const roots = bitReversalPermutation(computeRootsOfUnity(FIELD_ELEMENTS_PER_BLOB));
  const at = roots.indexOf(z);
  // The denominators without the zero one (z in the domain), inverted together.
  const inverses = frBatchInv(roots.map((x, i) => (i === at ? 1n : frMod(x - z))));
  const quotient = polynomial.map((p, i) => (i === at ? 0n : frMul(frMod(p - y), inverses[i]!)));
  if (at >= 0) {
    // q(z) = Σ_{i≠m} (p(ωᵢ) − y)·ωᵢ / (z·(z − ωᵢ))
    const denominators = frBatchInv(roots.map((x, i) => (i === at ? 1n : frMul(z, frMod(z - x)))));
    let sum = 0n;
    for (let i = 0; i < roots.length; i++) if (i !== at) sum = frMod(sum + frMul(frMul(frMod(polynomial[i]! - y), roots[i]!), denominators[i]!));
    quotient[at] = sum;
  }
  return quotient;
}

/**
 * compute_blob_kzg_proof: the proof of a blob at its challenge point. Does not check that the
 * commitment is the blob's (as the spec says).
 * @throws InputError on a wrong length; VerificationError KZG_INVALID_INPUT on an invalid commitment or field element
 */
export function computeBlobKzgProof(be: AnyKzgBackend, blob: Uint8Array, commitmentBytes: Uint8Array, setup: TrustedSetup): Uint8Array {
  checkLength(blob, BYTES_PER_BLOB, 'blob');
  checkLength(commitmentBytes, BYTES_PER_COMMITMENT, 'commitment');
  bytesToKzgG1(be, commitmentBytes, 'commitment');
  const polynomial = blobToPolynomial(be, blob);
  const z = computeChallenge(blob, commitmentBytes);
  const y = be.frEvaluateBrp(polynomial, z);
  const quotient = quotientInEvaluationForm(be.frToBigints(polynomial), z, y);
  return be.g1Compress(be.g1Msm(setup.g1LagrangeBrp(be), quotient));
}
