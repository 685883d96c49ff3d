/**
 * The seams of blob sampling (issue 54), shared by the tie (./tie.ts: a batch's blobs proven
 * through a verified beacon block), the endpoints (./endpoints.ts: what each beacon API serves of
 * them, unverified) and the sampler (./sampling.ts: random columns, KZG in the worker pool,
 * demotion, the retention window), and by the devnet rollup's rebuild from blobs (column 0 of a
 * blob holds its first 64 field elements: EIP-7594's extension is systematic).
 * @module
 */

/** The forks whose blocks carry blobs. */
export type BlobFork = 'deneb' | 'electra' | 'fulu' | 'gloas';

/** One blob of a proven type-3 transaction. */
export interface ProvenBlob {
  /** Its index among the block's blobs (the body's blob_kzg_commitments; Gloas: the bid's). */
  index: number;
  /** Its KZG commitment, proven against the beacon block root. */
  commitment: Uint8Array;
  /** 0x01 ‖ sha256(commitment)[1:], equal to the transaction's versioned hash at its place (lower-case 0x-hex). */
  versionedHash: string;
}

/**
 * A transaction's blobs tied to a verified beacon block: the block root proven (the child
 * execution header's parentBeaconBlockRoot, or EIP-4788's contract by storage proof), each
 * commitment proven against it (the body's list, or a sidecar's inclusion proof), each versioned
 * hash of the proven transaction equal to its commitment's.
 */
export interface ProvenBlobs {
  /** The L1 transaction (0x-hex) and its verified execution block. */
  tx: string;
  block: bigint;
  /** The execution block's timestamp (seconds): the retention window counts from it. */
  timestamp: bigint;
  /** The beacon block that carries the blobs: its slot, hash_tree_root (0x-hex) and fork. */
  slot: bigint;
  beaconRoot: string;
  fork: BlobFork;
  /** The transaction's blobs, in its order. */
  blobs: ProvenBlob[];
  /** One fact a line: how each link was proven. */
  checked: string[];
}

/** What one endpoint served of one column: the cell and its proof for each of the transaction's blobs (ProvenBlobs.blobs' order). Unverified. */
export interface ServedColumn {
  column: number;
  cells: Uint8Array[];
  proofs: Uint8Array[];
}

/** What one endpoint served of a blob before Fulu (blob_sidecars): the whole blob and its blob proof. Unverified. */
export interface ServedBlob {
  /** The blob's index in ProvenBlobs.blobs. */
  blob: number;
  data: Uint8Array;
  proof: Uint8Array;
}

/**
 * One beacon API as a source of a block's blobs. What it serves is structurally checked (the
 * sidecars name this block: its root or header, these commitments) but never KZG-verified here:
 * the sampler does that. A column or blob it does not have is left out, never an error.
 */
export interface BlobEndpoint {
  readonly url: string;
  /**
   * Columns `indices` of the block (Fulu on: data column sidecars), the cells of `blobs.blobs`.
   * @throws TransportError when it cannot be reached or answers what is not a column sidecar list;
   *   VerificationError when a sidecar names another block or other commitments (the sampler
   *   demotes the endpoint for it, as for a cell that does not verify)
   */
  columns(blobs: ProvenBlobs, indices: readonly number[]): Promise<ServedColumn[]>;
  /**
   * The whole blobs (Deneb, Electra: blob sidecars with their blob proofs).
   * @throws as `columns`
   */
  wholeBlobs(blobs: ProvenBlobs): Promise<ServedBlob[]>;
}

/**
 * verify_cell_kzg_proof_batch and verify_blob_kzg_proof, wherever they run: src/crypto/kzg.ts on
 * the CLI's thread (./thread-kzg.ts), the worker pool's `kzg.verifyCells` / `kzg.verifyBlob` in the
 * extension (./checker.ts pooledKzg). False when a proof does not verify.
 */
export interface BlobKzg {
  verifyCells(commitments: readonly Uint8Array[], cellIndices: readonly number[], cells: readonly Uint8Array[], proofs: readonly Uint8Array[]): Promise<boolean>;
  verifyBlob(blob: Uint8Array, commitment: Uint8Array, proof: Uint8Array): Promise<boolean>;
}

/** What reading a batch's blob data from the beacon APIs takes: the tie, the endpoints in the user's order, the KZG checks. */
export interface BlobSources {
  /** The blobs of transaction `hash` in verified block `blockNumber`, each commitment proven through its beacon block (./tie.ts tieBlobs). */
  tie(target: { hash: string; blockNumber: bigint }): Promise<ProvenBlobs>;
  readonly endpoints: readonly BlobEndpoint[];
  readonly kzg: BlobKzg;
}
