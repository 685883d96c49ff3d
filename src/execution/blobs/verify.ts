/**
 * Checks a blob transaction's network form as the execution layer's mempool does before it keeps
 * one (go-ethereum's core/txpool validateBlobSidecar, in the specs' words): as many blobs,
 * commitments and versioned hashes, each versioned hash kzg_to_versioned_hash of its commitment,
 * the sender's signature (who posted the blobs), then every proof: verify_blob_kzg_proof_batch (EIP-4844), or for cell proofs each blob's cells
 * computed (compute_cells) and verify_cell_kzg_proof_batch over all of them (EIP-7594).
 * The KZG functions are src/crypto/kzg.ts's (kzgReady() first). Not judged: what the blobs do not
 * depend on (fees, nonce, gas, the chain id: the transaction's own validity on a chain).
 * @module
 */
import { bytesToHex, equalBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { CELLS_PER_EXT_BLOB, computeCells, kzgToVersionedHash, verifyBlobKzgProofBatch, verifyCellKzgProofBatch } from '../../crypto/kzg.ts';
import { recoverSender } from '../transactions.ts';
import type { BlobTransactionNetworkForm } from './network-form.ts';

/** What {@link verifyBlobTransaction} checked. */
export interface BlobTransactionReport {
  form: BlobTransactionNetworkForm['form'];
  txHash: Uint8Array;
  /** The sender its signature recovers (who posted the blobs: a rollup's batcher, say). */
  from: Uint8Array;
  blobs: number;
  versionedHashes: Uint8Array[];
  /** 'blob': one KZG proof per blob; 'cell': 128 cell proofs per blob. */
  proofs: 'blob' | 'cell';
  /** Proofs verified: blobs, or blobs × 128. */
  proofsChecked: number;
}

/**
 * Verifies the network form's blobs against its transaction: returns what it checked, or throws.
 * @throws VerificationError BLOB_COUNT_MISMATCH, BLOB_VERSIONED_HASH_MISMATCH, TRANSACTION_SIGNATURE_INVALID, BLOB_PROOF_INVALID,
 *   or the KZG front door's KZG_INVALID_INPUT (a field element not below the modulus, a
 *   commitment or proof that is no point of G1)
 * @example verifyBlobTransaction(decodeBlobTransactionNetworkForm(raw)).versionedHashes
 */
export function verifyBlobTransaction(nf: BlobTransactionNetworkForm): BlobTransactionReport {
  const hashes = nf.tx.blobVersionedHashes;
  const n = hashes.length;
  // EIP-4844: a type-3 transaction carries at least one blob.
  if (n === 0) throw new VerificationError('BLOB_COUNT_MISMATCH', 'a blob transaction must carry at least one blob', { expected: 'at least 1 versioned hash', got: '0' });
  const proofsPerBlob = nf.form === 'eip4844' ? 1 : CELLS_PER_EXT_BLOB;
  for (const [what, count, expected] of [
    ['blobs', nf.blobs.length, n],
    ['commitments', nf.commitments.length, n],
    [nf.form === 'eip4844' ? 'proofs' : 'cell proofs', nf.proofs.length, n * proofsPerBlob],
  ] as const) {
    if (count !== expected) {
      throw new VerificationError('BLOB_COUNT_MISMATCH', `the transaction names ${n} blob(s): its ${what} do not number as many${proofsPerBlob > 1 && what === 'cell proofs' ? ' × 128' : ''}`, {
        expected: `${expected}`,
        got: `${count}`,
      });
    }
  }
  nf.commitments.forEach((commitment, i) => {
    const computed = kzgToVersionedHash(commitment);
    if (!equalBytes(computed, hashes[i]!)) {
      throw new VerificationError('BLOB_VERSIONED_HASH_MISMATCH', `blob_versioned_hashes[${i}] is not the versioned hash of commitments[${i}]`, {
        expected: bytesToHex(computed),
        got: bytesToHex(hashes[i]!),
      });
    }
  });
  // Whose blobs: a transaction no key signed is no transaction (and names no batcher).
  const from = recoverSender(nf.tx);
  if (nf.form === 'eip4844') {
    if (!verifyBlobKzgProofBatch(nf.blobs, nf.commitments, nf.proofs)) {
      throw new VerificationError('BLOB_PROOF_INVALID', `the blob proofs do not verify against the commitments (verify_blob_kzg_proof_batch over ${n} blob(s))`);
    }
  } else {
    const cells = nf.blobs.flatMap((blob) => computeCells(blob));
    const commitments = nf.commitments.flatMap((c) => Array<Uint8Array>(CELLS_PER_EXT_BLOB).fill(c));
    const indices = nf.blobs.flatMap(() => Array.from({ length: CELLS_PER_EXT_BLOB }, (_, i) => i));
    if (!verifyCellKzgProofBatch(commitments, indices, cells, nf.proofs)) {
      throw new VerificationError('BLOB_PROOF_INVALID', `the cell proofs do not verify against the blobs' cells and commitments (verify_cell_kzg_proof_batch over ${cells.length} cells)`);
    }
  }
  return { form: nf.form, txHash: nf.txHash, from, blobs: n, versionedHashes: hashes, proofs: nf.form === 'eip4844' ? 'blob' : 'cell', proofsChecked: nf.proofs.length };
}
