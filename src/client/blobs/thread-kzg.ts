/**
 * The blob KZG checks on the calling thread (src/crypto/kzg.ts, its kernel loaded first): the
 * command line's. The extension runs them in its worker pool instead (./checker.ts pooledKzg),
 * so no extension bundle imports this module.
 * @module
 */
import { kzgReady, verifyBlobKzgProof, verifyCellKzgProofBatch } from '../../crypto/kzg.ts';
import type { BlobKzg } from './types.ts';

export const threadKzg: BlobKzg = {
  verifyCells: async (commitments, cellIndices, cells, proofs) => (await kzgReady(), verifyCellKzgProofBatch(commitments, cellIndices, cells, proofs)),
  verifyBlob: async (blob, commitment, proof) => (await kzgReady(), verifyBlobKzgProof(blob, commitment, proof)),
};
