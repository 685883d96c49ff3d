/**
 * The sidecars the devnet's Beacon API serves for a block's blobs, in the spec's shapes:
 * Deneb's BlobSidecar (Electra keeps it), Fulu's DataColumnSidecar (EIP-7594) and Gloas's, which
 * drops the header, the commitments and their inclusion proof (the bid holds the commitments) and
 * names the block by slot and root instead, its lists progressive (EIP-7688).
 * consensus-specs@a08d8a6e deneb/p2p-interface.md "BlobSidecar", fulu/das-core.md
 * "DataColumnSidecar", gloas/p2p-interface.md "Modified DataColumnSidecar"; presets deneb.yaml,
 * fulu.yaml (both presets alike).
 * @module
 */
import { ByteVector, Bytes32, Bytes48, Container, List, uint64, Vector } from '../../ssz/index.ts';
import { BYTES_PER_BLOB } from '../kzg.ts';
import { SignedBeaconBlockHeader } from './containers.ts';
import type { DevnetPreset } from './presets.ts';
import { ProgressiveList } from './progressive.ts';

/** EIP-7594: columns of the extended blob matrix, one cell of each blob per column. */
export const NUMBER_OF_COLUMNS = 128;
/** FIELD_ELEMENTS_PER_CELL (64) × 32 bytes. */
export const BYTES_PER_CELL = 2048;
/** The body's blob_kzg_commitments field (11 of 12 or 13 fields, 4 levels) to its root, Deneb to Fulu. */
export const KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH = 4;

/** KZG_COMMITMENT_INCLUSION_PROOF_DEPTH: a commitment in the list (log2 of its limit, then the length mix-in), then the body's levels. */
export function kzgCommitmentInclusionProofDepth(p: DevnetPreset): number {
  return Math.ceil(Math.log2(p.MAX_BLOB_COMMITMENTS_PER_BLOCK)) + 1 + KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH;
}

function buildBlobTypes(p: DevnetPreset) {
  const max = p.MAX_BLOB_COMMITMENTS_PER_BLOCK;
  const Blob = ByteVector(BYTES_PER_BLOB);
  const Cell = ByteVector(BYTES_PER_CELL);
  const BlobSidecar = Container(
    {
      index: uint64,
      blob: Blob,
      kzgCommitment: Bytes48,
      kzgProof: Bytes48,
      signedBlockHeader: SignedBeaconBlockHeader,
      kzgCommitmentInclusionProof: Vector(Bytes32, kzgCommitmentInclusionProofDepth(p)),
    },
    { typeName: 'BlobSidecar' },
  );
  const DataColumnSidecar = Container(
    {
      index: uint64,
      column: List(Cell, max),
      kzgCommitments: List(Bytes48, max),
      kzgProofs: List(Bytes48, max),
      signedBlockHeader: SignedBeaconBlockHeader,
      kzgCommitmentsInclusionProof: Vector(Bytes32, KZG_COMMITMENTS_INCLUSION_PROOF_DEPTH),
    },
    { typeName: 'DataColumnSidecar' },
  );
  // The spec's progressive lists have no limit; at most one cell (and proof) per blob fits a block.
  const GloasDataColumnSidecar = Container(
    { index: uint64, column: ProgressiveList(Cell, max), kzgProofs: ProgressiveList(Bytes48, max), slot: uint64, beaconBlockRoot: Bytes32 },
    { typeName: 'DataColumnSidecar' },
  );
  return {
    Blob,
    Cell,
    BlobKzgCommitments: List(Bytes48, max),
    BlobSidecar,
    DataColumnSidecar,
    GloasDataColumnSidecar,
    /** What the endpoints answer in SSZ: lists of these (the limits do not change their serialization). */
    Blobs: List(Blob, max),
    BlobSidecars: List(BlobSidecar, max),
    DataColumnSidecars: List(DataColumnSidecar, NUMBER_OF_COLUMNS),
    GloasDataColumnSidecars: List(GloasDataColumnSidecar, NUMBER_OF_COLUMNS),
  };
}

export type BlobTypes = ReturnType<typeof buildBlobTypes>;

const cache = new Map<string, BlobTypes>();

/** The sidecar containers of a preset, built once. */
export function blobTypes(preset: DevnetPreset): BlobTypes {
  let types = cache.get(preset.name);
  if (!types) {
    types = buildBlobTypes(preset);
    cache.set(preset.name, types);
  }
  return types;
}
