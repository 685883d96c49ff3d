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
import { NUMBER_OF_COLUMNS, sidecarTypes } from '../../l1/blobs/containers.ts';
import { List } from '../../ssz/index.ts';
import type { DevnetPreset } from './presets.ts';

/** EIP-7594: columns of the extended blob matrix (the devnet's server and store name it from here). */
export { NUMBER_OF_COLUMNS };

function buildBlobTypes(p: DevnetPreset) {
  const max = p.MAX_BLOB_COMMITMENTS_PER_BLOCK;
  const { Blob, Cell, BlobKzgCommitments, BlobSidecar, DataColumnSidecar, GloasDataColumnSidecar } = sidecarTypes(max);
  return {
    Blob,
    Cell,
    BlobKzgCommitments,
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
