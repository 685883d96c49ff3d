/**
 * The sidecars a beacon node serves for a block's blobs: Deneb's BlobSidecar (Electra keeps it)
 * and Fulu's DataColumnSidecar (EIP-7594), with the constants their checks need. Both presets
 * agree on every one of them (MAX_BLOB_COMMITMENTS_PER_BLOCK is 4096 in minimal too since
 * consensus-specs v1.6). Gloas's DataColumnSidecar drops the header, the commitments and their
 * inclusion proof (the bid holds the commitments) and names the block by slot and root, its lists
 * progressive (EIP-7688). The devnet builds its Beacon API's answers from these
 * (src/devnet/beacon/blob-containers.ts). gloas/p2p-interface.md "Modified DataColumnSidecar".
 * consensus-specs@a08d8a6e deneb/p2p-interface.md "BlobSidecar", fulu/das-core.md
 * "DataColumnSidecar", presets/mainnet/deneb.yaml and fulu.yaml.
 * @module
 */
import { ByteVector, Bytes32, Bytes48, Bytes96, Container, List, uint64, type ValueOf, Vector } from '../../ssz/index.ts';
import { ProgressiveList } from '../../ssz/progressive.ts';
import { BeaconBlockHeader } from '../containers.ts';

/** BYTES_PER_BLOB: 4096 field elements of 32 bytes. */
export const BYTES_PER_BLOB = 131_072;
/** BYTES_PER_CELL: FIELD_ELEMENTS_PER_CELL (64) × 32 bytes. */
export const BYTES_PER_CELL = 2048;
/** NUMBER_OF_COLUMNS (EIP-7594): one cell of each blob per column. */
export const NUMBER_OF_COLUMNS = 128;
/** MAX_BLOB_COMMITMENTS_PER_BLOCK, the limit of BeaconBlockBody.blob_kzg_commitments (both presets). */
export const MAX_BLOB_COMMITMENTS_PER_BLOCK = 4096;
/**
 * get_generalized_index(BeaconBlockBody, 'blob_kzg_commitments') from Deneb through Fulu: field 11
 * of a body of 12 (Deneb) or 13 (Electra, Fulu) fields, 16 leaves.
 */
export const BLOB_KZG_COMMITMENTS_GINDEX = 27;
/** KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH (Fulu): floorlog2(BLOB_KZG_COMMITMENTS_GINDEX). */
export const KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH = 4;

/**
 * KZG_COMMITMENT_INCLUSION_PROOF_DEPTH (Deneb) for a list limit: the body's 4 levels, the length
 * mix-in, ceillog2 of the limit (17 for 4096).
 */
export function kzgCommitmentInclusionProofDepth(maxBlobCommitmentsPerBlock: number): number {
  return KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH + 1 + Math.ceil(Math.log2(maxBlobCommitmentsPerBlock));
}

export const SignedBeaconBlockHeader = /* @__PURE__ */ Container(
  { message: BeaconBlockHeader, signature: Bytes96 },
  { typeName: 'SignedBeaconBlockHeader' },
);

/** Deneb's and Fulu's sidecar containers for a list limit (the devnet passes its preset's). */
export function sidecarTypes(maxBlobCommitmentsPerBlock: number) {
  const Blob = ByteVector(BYTES_PER_BLOB);
  const Cell = ByteVector(BYTES_PER_CELL);
  const BlobKzgCommitments = List(Bytes48, maxBlobCommitmentsPerBlock);
  return {
    Blob,
    Cell,
    BlobKzgCommitments,
    BlobSidecar: Container(
      {
        index: uint64,
        blob: Blob,
        kzgCommitment: Bytes48,
        kzgProof: Bytes48,
        signedBlockHeader: SignedBeaconBlockHeader,
        kzgCommitmentInclusionProof: Vector(Bytes32, kzgCommitmentInclusionProofDepth(maxBlobCommitmentsPerBlock)),
      },
      { typeName: 'BlobSidecar' },
    ),
    DataColumnSidecar: Container(
      {
        index: uint64,
        column: List(Cell, maxBlobCommitmentsPerBlock),
        kzgCommitments: BlobKzgCommitments,
        kzgProofs: List(Bytes48, maxBlobCommitmentsPerBlock),
        signedBlockHeader: SignedBeaconBlockHeader,
        kzgCommitmentsInclusionProof: Vector(Bytes32, KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH),
      },
      { typeName: 'DataColumnSidecar' },
    ),
    // The spec's progressive lists have no limit; at most one cell (and proof) per blob fits a block.
    GloasDataColumnSidecar: Container(
      { index: uint64, column: ProgressiveList(Cell, maxBlobCommitmentsPerBlock), kzgProofs: ProgressiveList(Bytes48, maxBlobCommitmentsPerBlock), slot: uint64, beaconBlockRoot: Bytes32 },
      { typeName: 'DataColumnSidecar' },
    ),
  };
}

/** The containers of the presets Vigil follows (both have 4096 commitments a block). */
export const SIDECAR_TYPES = /* @__PURE__ */ sidecarTypes(MAX_BLOB_COMMITMENTS_PER_BLOCK);

export type SignedBeaconBlockHeaderValue = ValueOf<typeof SignedBeaconBlockHeader>;
export type BlobSidecar = ValueOf<(typeof SIDECAR_TYPES)['BlobSidecar']>;
export type DataColumnSidecar = ValueOf<(typeof SIDECAR_TYPES)['DataColumnSidecar']>;
export type GloasDataColumnSidecar = ValueOf<(typeof SIDECAR_TYPES)['GloasDataColumnSidecar']>;
