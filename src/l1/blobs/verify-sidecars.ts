/**
 * Sidecars checked as a beacon node checks them on gossip, minus what needs chain state: each one's
 * commitment(s) proven into its header's body_root, all of one header, and their KZG proofs.
 * consensus-specs@a08d8a6e deneb/p2p-interface.md verify_blob_sidecar_inclusion_proof (and the
 * blob_sidecar topic's index and proof checks), fulu/p2p-interface.md verify_data_column_sidecar,
 * verify_data_column_sidecar_inclusion_proof, verify_data_column_sidecar_kzg_proofs.
 *
 * Not checked, and said so by the caller: the header's signature (it needs the proposer's key
 * from a state the light client does not hold) and whether the header is canonical: a header
 * answer given to match (`expected`) settles which block is meant, the light client's verified
 * heads whether it is the chain's.
 * @module
 */
import { bytesToHex, equalBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { kzgToVersionedHash, verifyBlobKzgProofBatch, verifyCellKzgProofBatch } from '../../crypto/kzg.ts';
import { BeaconBlockHeader, type BeaconBlockHeaderValue } from '../containers.ts';
import { type BlobSidecar, type DataColumnSidecar, NUMBER_OF_COLUMNS, type SignedBeaconBlockHeaderValue } from './containers.ts';
import { verifyBlobSidecarInclusionProof, verifyDataColumnSidecar, verifyDataColumnSidecarInclusionProof } from './inclusion.ts';
import type { HeaderAnswer, SidecarsAnswer } from './sidecars.ts';

/** verify_data_column_sidecar_kzg_proofs: cell `index` of each blob against its commitment. */
export function verifyDataColumnSidecarKzgProofs(sidecar: DataColumnSidecar): boolean {
  const cellIndices = sidecar.column.map(() => Number(sidecar.index));
  return verifyCellKzgProofBatch(sidecar.kzgCommitments, cellIndices, sidecar.column, sidecar.kzgProofs);
}

/** What {@link verifySidecars} checked. */
export interface SidecarsReport {
  kind: SidecarsAnswer['kind'];
  /** The one header every sidecar carries, and its root. */
  header: BeaconBlockHeaderValue;
  root: Uint8Array;
  /** Blob or column indices, as given. */
  indices: number[];
  /** The commitments proven into the body: one per blob sidecar; a column's are the block's. */
  commitments: Uint8Array[];
  versionedHashes: Uint8Array[];
  inclusionProofs: number;
  /** KZG proofs verified: one per blob sidecar; one per cell of each column. */
  proofsChecked: number;
  /** Whether a header answer was given and matched. */
  headerMatched: boolean;
}

/**
 * Verifies a sidecars answer, against a header answer if given. Returns what it checked.
 * @throws VerificationError SIDECAR_HEADER_MISMATCH, SIDECAR_INVALID, SIDECAR_INCLUSION_PROOF_INVALID,
 *   BLOB_COUNT_MISMATCH, BLOB_PROOF_INVALID, or the KZG front door's KZG_INVALID_INPUT
 * @example verifySidecars(parseSidecarsAnswer(json), parseHeaderAnswer(headerJson)).versionedHashes
 */
export function verifySidecars(answer: SidecarsAnswer, expected?: HeaderAnswer): SidecarsReport {
  const signed = oneHeader(answer.sidecars.map((s) => s.signedBlockHeader));
  const root = BeaconBlockHeader.hashTreeRoot(signed.message);
  if (expected) matchHeader(signed, root, expected);
  const indices = answer.sidecars.map((s) => Number(s.index));
  const seen = new Set<number>();
  for (const i of indices) {
    if (seen.has(i)) throw new VerificationError('SIDECAR_INVALID', `two sidecars of index ${i}`);
    seen.add(i);
  }
  const base = { header: signed.message, root, indices, headerMatched: expected !== undefined };
  return answer.kind === 'blob_sidecars' ? { kind: answer.kind, ...base, ...blobSidecars(answer.sidecars) } : { kind: answer.kind, ...base, ...columnSidecars(answer.sidecars) };
}

function blobSidecars(sidecars: BlobSidecar[]) {
  for (const s of sidecars) {
    if (!verifyBlobSidecarInclusionProof(s)) {
      throw new VerificationError('SIDECAR_INCLUSION_PROOF_INVALID', `blob sidecar ${s.index}: its commitment is not blob_kzg_commitments[${s.index}] of the header's body (verify_blob_sidecar_inclusion_proof)`, {
        expected: bytesToHex(s.signedBlockHeader.message.bodyRoot),
      });
    }
  }
  const blobs = sidecars.map((s) => s.blob);
  const commitments = sidecars.map((s) => s.kzgCommitment);
  const proofs = sidecars.map((s) => s.kzgProof);
  if (!verifyBlobKzgProofBatch(blobs, commitments, proofs)) {
    // Name the first that fails (one batch is one pairing check; this runs only on failure).
    const bad = sidecars.find((s) => !verifyBlobKzgProofBatch([s.blob], [s.kzgCommitment], [s.kzgProof]));
    throw new VerificationError('BLOB_PROOF_INVALID', `blob sidecar ${bad?.index ?? '?'}: its KZG proof does not verify against its blob and commitment (verify_blob_kzg_proof_batch)`);
  }
  return { commitments, versionedHashes: commitments.map(kzgToVersionedHash), inclusionProofs: sidecars.length, proofsChecked: sidecars.length };
}

function columnSidecars(sidecars: DataColumnSidecar[]) {
  const commitments = sidecars[0]!.kzgCommitments;
  for (const s of sidecars) {
    if (!verifyDataColumnSidecar(s)) {
      const why = s.index >= BigInt(NUMBER_OF_COLUMNS) ? `its index is not below ${NUMBER_OF_COLUMNS}` : s.kzgCommitments.length === 0 ? 'it has no commitments' : 'its cells, proofs and commitments do not number alike';
      throw new VerificationError(s.index >= BigInt(NUMBER_OF_COLUMNS) ? 'SIDECAR_INVALID' : 'BLOB_COUNT_MISMATCH', `data column sidecar ${s.index}: ${why} (verify_data_column_sidecar)`, {
        got: `${s.column.length} cells, ${s.kzgProofs.length} proofs, ${s.kzgCommitments.length} commitments`,
      });
    }
    if (!verifyDataColumnSidecarInclusionProof(s)) {
      throw new VerificationError('SIDECAR_INCLUSION_PROOF_INVALID', `data column sidecar ${s.index}: its commitments are not the header's body's blob_kzg_commitments (verify_data_column_sidecar_inclusion_proof)`, {
        expected: bytesToHex(s.signedBlockHeader.message.bodyRoot),
      });
    }
  }
  // One header and each column's commitments proven into its body: they are the same list; the
  // batch below covers every cell of every column at once.
  const all = sidecars.flatMap((s) => s.kzgCommitments);
  const cellIndices = sidecars.flatMap((s) => s.column.map(() => Number(s.index)));
  const cells = sidecars.flatMap((s) => s.column);
  const proofs = sidecars.flatMap((s) => s.kzgProofs);
  if (!verifyCellKzgProofBatch(all, cellIndices, cells, proofs)) {
    const bad = sidecars.find((s) => !verifyDataColumnSidecarKzgProofs(s));
    throw new VerificationError('BLOB_PROOF_INVALID', `data column sidecar ${bad?.index ?? '?'}: its cells' KZG proofs do not verify against the commitments (verify_data_column_sidecar_kzg_proofs)`);
  }
  return { commitments, versionedHashes: commitments.map(kzgToVersionedHash), inclusionProofs: sidecars.length, proofsChecked: cells.length };
}

/** The signed header every sidecar carries; sidecars of two headers are refused. */
function oneHeader(headers: SignedBeaconBlockHeaderValue[]): SignedBeaconBlockHeaderValue {
  const first = headers[0]!;
  const root = BeaconBlockHeader.hashTreeRoot(first.message);
  headers.forEach((h, i) => {
    const other = BeaconBlockHeader.hashTreeRoot(h.message);
    if (!equalBytes(other, root) || !equalBytes(h.signature, first.signature)) {
      throw new VerificationError('SIDECAR_HEADER_MISMATCH', `sidecar ${i} carries another signed header than sidecar 0`, { expected: bytesToHex(root), got: bytesToHex(other) });
    }
  });
  return first;
}

/** The header answer is its own root's, and the sidecars' header is it. */
function matchHeader(signed: SignedBeaconBlockHeaderValue, root: Uint8Array, expected: HeaderAnswer): void {
  const own = BeaconBlockHeader.hashTreeRoot(expected.header.message);
  if (!equalBytes(own, expected.root)) {
    throw new VerificationError('SIDECAR_HEADER_MISMATCH', 'the header answer\'s root is not hash_tree_root of its message', { expected: bytesToHex(own), got: bytesToHex(expected.root) });
  }
  if (!equalBytes(root, own)) {
    throw new VerificationError('SIDECAR_HEADER_MISMATCH', 'the sidecars\' header is not the header given', { expected: bytesToHex(own), got: bytesToHex(root) });
  }
  if (!equalBytes(signed.signature, expected.header.signature)) {
    throw new VerificationError('SIDECAR_HEADER_MISMATCH', 'the sidecars\' header carries another signature than the header given', {
      expected: bytesToHex(expected.header.signature),
      got: bytesToHex(signed.signature),
    });
  }
}
