/**
 * A sidecar's structure and its commitments' inclusion proofs against its header's body_root, the
 * checks that need no KZG (so the blob tie and the beacon endpoints carry no KZG kernel):
 * consensus-specs@a08d8a6e deneb/p2p-interface.md verify_blob_sidecar_inclusion_proof,
 * fulu/p2p-interface.md verify_data_column_sidecar and verify_data_column_sidecar_inclusion_proof.
 * The KZG proofs are ./verify-sidecars.ts's.
 * @module
 */
import { Bytes48, getSubtreeIndex, isValidMerkleBranch } from '../../ssz/index.ts';
import {
  type BlobSidecar,
  BLOB_KZG_COMMITMENTS_GINDEX,
  type DataColumnSidecar,
  KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH,
  kzgCommitmentInclusionProofDepth,
  MAX_BLOB_COMMITMENTS_PER_BLOCK,
  NUMBER_OF_COLUMNS,
  SIDECAR_TYPES,
} from './containers.ts';

const KZG_COMMITMENT_INCLUSION_PROOF_DEPTH = kzgCommitmentInclusionProofDepth(MAX_BLOB_COMMITMENTS_PER_BLOCK);

/**
 * verify_blob_sidecar_inclusion_proof: blob_kzg_commitments[index] of the body, through the
 * sidecar's 17 nodes, to its header's body_root. An index beyond the list's limit is false.
 */
export function verifyBlobSidecarInclusionProof(sidecar: BlobSidecar): boolean {
  if (sidecar.index >= BigInt(MAX_BLOB_COMMITMENTS_PER_BLOCK)) return false;
  // get_generalized_index(BeaconBlockBody, 'blob_kzg_commitments', index): the list's data root is its left child.
  const gindex = BLOB_KZG_COMMITMENTS_GINDEX * 2 * MAX_BLOB_COMMITMENTS_PER_BLOCK + Number(sidecar.index);
  return isValidMerkleBranch(
    Bytes48.hashTreeRoot(sidecar.kzgCommitment),
    sidecar.kzgCommitmentInclusionProof,
    KZG_COMMITMENT_INCLUSION_PROOF_DEPTH,
    getSubtreeIndex(gindex),
    sidecar.signedBlockHeader.message.bodyRoot,
  );
}

/**
 * verify_data_column_sidecar: a column index below NUMBER_OF_COLUMNS, at least one commitment,
 * and as many cells and proofs as commitments.
 * DIFF FROM SPEC: the blob schedule's max_blobs_per_block at the header's epoch is not checked (it
 * needs the network's config; the list limit, 4096, bounds the count instead).
 */
export function verifyDataColumnSidecar(sidecar: DataColumnSidecar): boolean {
  if (sidecar.index >= BigInt(NUMBER_OF_COLUMNS)) return false;
  if (sidecar.kzgCommitments.length === 0) return false;
  return sidecar.column.length === sidecar.kzgCommitments.length && sidecar.column.length === sidecar.kzgProofs.length;
}

/** verify_data_column_sidecar_inclusion_proof: hash_tree_root(kzg_commitments) at blob_kzg_commitments of the body. */
export function verifyDataColumnSidecarInclusionProof(sidecar: DataColumnSidecar): boolean {
  return isValidMerkleBranch(
    SIDECAR_TYPES.BlobKzgCommitments.hashTreeRoot(sidecar.kzgCommitments),
    sidecar.kzgCommitmentsInclusionProof,
    KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH,
    getSubtreeIndex(BLOB_KZG_COMMITMENTS_GINDEX),
    sidecar.signedBlockHeader.message.bodyRoot,
  );
}
