/**
 * The pure links of a blob transaction's tie to a beacon block (issue 54; the client joins them
 * in src/client/blobs/tie.ts):
 * - where its blobs sit in the block's blob list: after the blobs of the block's earlier type-3
 *   transactions, in order (the consensus layer hands the execution layer the versioned hashes of
 *   blob_kzg_commitments in that order: deneb/beacon-chain.md process_execution_payload,
 *   EIP-4844 "the versioned hashes of all blob transactions in the block, in order");
 * - the commitments proven against a proven beacon block root: a Fulu data column sidecar
 *   (its header's root, its commitments list into the header's body root), a Deneb/Electra blob
 *   sidecar (its header's root, its commitment at its index into the body root); a whole block is
 *   ../block/answer.ts's;
 * - each versioned hash of the transaction equal to kzg_to_versioned_hash of the commitment at
 *   its place.
 * @module
 */
import { bytesToHex, equalBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { kzgToVersionedHash } from '../../crypto/kzg/versioned-hash.ts';
import { BeaconBlockHeader } from '../containers.ts';
import type { BlobSidecar, DataColumnSidecar } from './containers.ts';
import { verifyBlobSidecarInclusionProof, verifyDataColumnSidecar, verifyDataColumnSidecarInclusionProof } from './inclusion.ts';

/** What the places need of a block's transaction (src/execution's Transaction fits: L1 does not import it). */
export interface BlockTransaction {
  type: number;
  /** Type 3's. */
  blobVersionedHashes?: readonly Uint8Array[];
}

/** Where a transaction's blobs are among its block's. */
export interface BlobPlaces {
  /** The transaction's index in the block. */
  txIndex: number;
  /** Each blob's index in the block's blob list, in the transaction's order. */
  positions: number[];
  /** The transaction's blob_versioned_hashes. */
  versionedHashes: Uint8Array[];
  /** Blobs in the whole block. */
  total: number;
}

/**
 * The places of transaction `txHash`'s blobs in a block whose transactions are given in order.
 * @throws VerificationError BLOB_TIE_NOT_IN_BLOCK when it is not among them or carries no blobs
 */
export function blobPlaces(transactions: readonly { hash: Uint8Array; tx: BlockTransaction }[], txHash: Uint8Array): BlobPlaces {
  let before = 0;
  let found: BlobPlaces | undefined;
  transactions.forEach(({ hash, tx }, i) => {
    if (tx.type !== 3 || tx.blobVersionedHashes === undefined) return;
    const n = tx.blobVersionedHashes.length;
    if (found === undefined && equalBytes(hash, txHash)) found = { txIndex: i, positions: Array.from({ length: n }, (_, k) => before + k), versionedHashes: [...tx.blobVersionedHashes], total: 0 };
    before += n;
  });
  if (found === undefined) {
    const there = transactions.some((t) => equalBytes(t.hash, txHash));
    throw new VerificationError('BLOB_TIE_NOT_IN_BLOCK', there ? 'the transaction carries no blobs (not type 3)' : 'the transaction is not in the verified block', { got: bytesToHex(txHash) });
  }
  return { ...found, total: before };
}

/**
 * The block's commitments from one Fulu data column sidecar, proven against `root`: its header is
 * the block's (hash_tree_root(header) == root) and its kzg_commitments are the header's body's
 * (verify_data_column_sidecar_inclusion_proof). Any one column ties the whole list.
 * @throws VerificationError BLOB_TIE_ROOT_MISMATCH, SIDECAR_INVALID, SIDECAR_INCLUSION_PROOF_INVALID
 */
export function columnSidecarCommitments(sidecar: DataColumnSidecar, root: Uint8Array): Uint8Array[] {
  headerIs(sidecar.signedBlockHeader.message, root, `data column sidecar ${sidecar.index}`);
  if (!verifyDataColumnSidecar(sidecar)) throw new VerificationError('SIDECAR_INVALID', `data column sidecar ${sidecar.index} breaks verify_data_column_sidecar (index, or counts of cells, proofs and commitments)`);
  if (!verifyDataColumnSidecarInclusionProof(sidecar)) {
    throw new VerificationError('SIDECAR_INCLUSION_PROOF_INVALID', `data column sidecar ${sidecar.index}: its commitments are not the body's blob_kzg_commitments (verify_data_column_sidecar_inclusion_proof)`);
  }
  return sidecar.kzgCommitments;
}

/**
 * A Deneb/Electra blob sidecar's commitment, proven against `root`: its header is the block's and
 * its commitment is blob_kzg_commitments[index] of the header's body (verify_blob_sidecar_inclusion_proof).
 * @throws VerificationError BLOB_TIE_ROOT_MISMATCH, SIDECAR_INCLUSION_PROOF_INVALID
 */
export function blobSidecarCommitment(sidecar: BlobSidecar, root: Uint8Array): Uint8Array {
  headerIs(sidecar.signedBlockHeader.message, root, `blob sidecar ${sidecar.index}`);
  if (!verifyBlobSidecarInclusionProof(sidecar)) {
    throw new VerificationError('SIDECAR_INCLUSION_PROOF_INVALID', `blob sidecar ${sidecar.index}: its commitment is not blob_kzg_commitments[${sidecar.index}] of the body (verify_blob_sidecar_inclusion_proof)`);
  }
  return sidecar.kzgCommitment;
}

/** One blob of the transaction, its commitment proven and its versioned hash matched. */
export interface TiedBlob {
  index: number;
  commitment: Uint8Array;
  versionedHash: Uint8Array;
}

/**
 * Each versioned hash of the transaction against kzg_to_versioned_hash of the commitment at its place.
 * @throws VerificationError BLOB_VERSIONED_HASH_MISMATCH; BLOB_TIE_COMMITMENTS_UNPROVEN for a place without a commitment
 */
export function matchVersionedHashes(places: BlobPlaces, commitmentAt: (position: number) => Uint8Array | undefined): TiedBlob[] {
  return places.positions.map((index, k) => {
    const commitment = commitmentAt(index);
    if (commitment === undefined) throw new VerificationError('BLOB_TIE_COMMITMENTS_UNPROVEN', `no proven commitment at blob ${index} of the block`);
    const versionedHash = kzgToVersionedHash(commitment);
    if (!equalBytes(versionedHash, places.versionedHashes[k]!)) {
      throw new VerificationError('BLOB_VERSIONED_HASH_MISMATCH', `the transaction's blob_versioned_hashes[${k}] is not kzg_to_versioned_hash of the block's commitment ${index}`, {
        expected: bytesToHex(versionedHash),
        got: bytesToHex(places.versionedHashes[k]!),
      });
    }
    return { index, commitment, versionedHash };
  });
}

/**
 * A whole list of the block's commitments (a block's, or a column's) against the block's blob count.
 * @throws VerificationError BLOB_COUNT_MISMATCH
 */
export function checkCommitmentCount(commitments: readonly Uint8Array[], places: BlobPlaces): void {
  if (commitments.length !== places.total) {
    throw new VerificationError('BLOB_COUNT_MISMATCH', 'the beacon block commits to another number of blobs than its execution block carries', {
      expected: String(places.total),
      got: String(commitments.length),
    });
  }
}

function headerIs(header: Parameters<typeof BeaconBlockHeader.hashTreeRoot>[0], root: Uint8Array, what: string): void {
  const own = BeaconBlockHeader.hashTreeRoot(header);
  if (!equalBytes(own, root)) throw new VerificationError('BLOB_TIE_ROOT_MISMATCH', `${what} carries the header of another block`, { expected: bytesToHex(root), got: bytesToHex(own) });
}
