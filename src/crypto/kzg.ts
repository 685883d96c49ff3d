/**
 * KZG commitments of EIP-4844 (blobs) and EIP-7594 (PeerDAS cells): the consensus-specs
 * functions a client needs, named as the spec names them (deneb/polynomial-commitments.md,
 * fulu/polynomial-commitments-sampling.md; the spec layer is src/crypto/kzg/). Each runs on the
 * backend chosen now (src/crypto/kzg/active.ts: the BLS12-381 WebAssembly kernel, @noble/curves
 * where WebAssembly is missing); both give identical answers.
 *
 * Verification needs only the few setup points shipped in src/crypto/kzg/verify-setup.ts. The
 * computing functions take the whole TrustedSetup, which `loadTrustedSetup()` of
 * src/crypto/kzg/full-setup.ts gives (CLI and tests: it is not re-exported here, so that no bundle
 * that imports this front door carries the 880 KB ceremony output).
 *
 * Errors: a wrong byte length or lists of different lengths throw InputError; a spec assert on
 * well-sized input (a field element not below BLS_MODULUS, a point off the curve or outside G1,
 * a cell index ≥ 128, recovery's index rules) throws VerificationError KZG_INVALID_INPUT naming
 * what; a proof that does not verify returns false.
 * @module
 */
import { activeKzg } from './kzg/active.ts';
import { BYTES_PER_CELL, BYTES_PER_COMMITMENT, BYTES_PER_PROOF } from './kzg/constants.ts';
import * as deneb from './kzg/eip4844.ts';
import * as fulu from './kzg/eip7594.ts';
import { blsFieldToBytes } from './kzg/field.ts';
import * as recovery from './kzg/recovery.ts';
import type { TrustedSetup } from './kzg/setup.ts';
import { bytesToBlsField, checkIndex, checkLength, checkList, checkSameLength } from './kzg/validate.ts';

export {
  BLS_MODULUS,
  BYTES_PER_BLOB,
  BYTES_PER_CELL,
  BYTES_PER_COMMITMENT,
  BYTES_PER_FIELD_ELEMENT,
  BYTES_PER_PROOF,
  CELLS_PER_EXT_BLOB,
  FIELD_ELEMENTS_PER_BLOB,
  FIELD_ELEMENTS_PER_CELL,
} from './kzg/constants.ts';
export type { TrustedSetup } from './kzg/setup.ts';
export type { CellsAndProofs } from './kzg/recovery.ts';
export { kzgReady } from './kzg/active.ts';

/** The implementation new operations run on: 'wasm' or 'noble'. */
export const kzgBackend = (): 'wasm' | 'noble' => activeKzg().name;

export { kzgToVersionedHash } from './kzg/versioned-hash.ts';

/**
 * verify_kzg_proof: does the polynomial committed to by `commitment` take the value `y` at `z`?
 * The 0x0a precompile's check.
 * @example verifyKzgProof(commitment, z, y, proof) // true
 */
export const verifyKzgProof = (commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean =>
  deneb.verifyKzgProof(activeKzg(), commitment, z, y, proof);

/**
 * verify_blob_kzg_proof: does `blob` belong to `commitment`?
 * @example verifyBlobKzgProof(blob, commitment, proof) // true
 */
export const verifyBlobKzgProof = (blob: Uint8Array, commitment: Uint8Array, proof: Uint8Array): boolean =>
  deneb.verifyBlobKzgProof(activeKzg(), blob, commitment, proof);

/**
 * verify_blob_kzg_proof_batch: every blob against its commitment and proof, one pairing check.
 * True for zero blobs.
 * @example verifyBlobKzgProofBatch(blobs, commitments, proofs) // true
 */
export const verifyBlobKzgProofBatch = (blobs: readonly Uint8Array[], commitments: readonly Uint8Array[], proofs: readonly Uint8Array[]): boolean =>
  deneb.verifyBlobKzgProofBatch(activeKzg(), blobs, commitments, proofs);

/**
 * verify_cell_kzg_proof_batch: each cell (at its index of the extended blob) against its blob's
 * commitment and its proof, one pairing check. True for zero cells.
 * @example verifyCellKzgProofBatch([c, c], [0, 5], [cell0, cell5], [proof0, proof5]) // true
 */
export const verifyCellKzgProofBatch = (commitments: readonly Uint8Array[], cellIndices: readonly number[], cells: readonly Uint8Array[], proofs: readonly Uint8Array[]): boolean =>
  fulu.verifyCellKzgProofBatch(activeKzg(), commitments, cellIndices, cells, proofs);

/**
 * compute_verify_cell_kzg_proof_batch_challenge: the batch's Fiat–Shamir challenge r, as 32
 * bytes (bls_field_to_bytes). `commitments` are the deduplicated ones that `commitmentIndices`
 * point into; each of `cosetsEvals` is a cell's 64 field elements (2048 bytes, each checked).
 * @throws InputError on a count mismatch or a wrong length; VerificationError KZG_INVALID_INPUT on a field element not below BLS_MODULUS
 */
export function computeVerifyCellKzgProofBatchChallenge(
  commitments: readonly Uint8Array[],
  commitmentIndices: readonly number[],
  cellIndices: readonly number[],
  cosetsEvals: readonly Uint8Array[],
  proofs: readonly Uint8Array[],
): Uint8Array {
  checkSameLength({ commitmentIndices, cellIndices, cosetsEvals, proofs });
  checkList(commitments, 'commitments');
  commitments.forEach((c, i) => checkLength(c, BYTES_PER_COMMITMENT, `commitments[${i}]`));
  commitmentIndices.forEach((c, i) => checkIndex(c, `commitmentIndices[${i}]`));
  cellIndices.forEach((c, i) => checkIndex(c, `cellIndices[${i}]`));
  cosetsEvals.forEach((evals, k) => {
    checkLength(evals, BYTES_PER_CELL, `cosetsEvals[${k}]`);
    for (let i = 0; i < evals.length; i += 32) bytesToBlsField(evals.subarray(i, i + 32), `cosetsEvals[${k}][${i / 32}]`);
  });
  proofs.forEach((p, i) => checkLength(p, BYTES_PER_PROOF, `proofs[${i}]`));
  return blsFieldToBytes(fulu.computeVerifyCellKzgProofBatchChallenge(commitments, commitmentIndices, cellIndices, cosetsEvals, proofs));
}

/**
 * compute_cells: the 128 cells (2048 bytes each) of a blob's extension; no setup needed.
 * @example computeCells(blob).length // 128
 */
export const computeCells = (blob: Uint8Array): Uint8Array[] => fulu.computeCells(activeKzg(), blob);

/**
 * blob_to_kzg_commitment (needs the whole setup: src/crypto/kzg/full-setup.ts).
 * @example blobToKzgCommitment(blob, await loadTrustedSetup())
 */
export const blobToKzgCommitment = (blob: Uint8Array, setup: TrustedSetup): Uint8Array => deneb.blobToKzgCommitment(activeKzg(), blob, setup);

/**
 * compute_blob_kzg_proof: the proof that verifyBlobKzgProof checks (needs the whole setup).
 * @example computeBlobKzgProof(blob, commitment, setup)
 */
export const computeBlobKzgProof = (blob: Uint8Array, commitment: Uint8Array, setup: TrustedSetup): Uint8Array =>
  deneb.computeBlobKzgProof(activeKzg(), blob, commitment, setup);

/**
 * compute_cells_and_kzg_proofs: a blob's 128 cells and their proofs (FK20; needs the whole setup).
 * @example const { cells, proofs } = computeCellsAndKzgProofs(blob, setup)
 */
export const computeCellsAndKzgProofs = (blob: Uint8Array, setup: TrustedSetup): recovery.CellsAndProofs =>
  recovery.computeCellsAndKzgProofs(activeKzg(), blob, setup);

/**
 * recover_cells_and_kzg_proofs: all 128 cells and proofs from at least 64 cells, indices ascending.
 * @example recoverCellsAndKzgProofs(indices, cells, setup).cells.length // 128
 */
export const recoverCellsAndKzgProofs = (cellIndices: readonly number[], cells: readonly Uint8Array[], setup: TrustedSetup): recovery.CellsAndProofs =>
  recovery.recoverCellsAndKzgProofs(activeKzg(), cellIndices, cells, setup);
