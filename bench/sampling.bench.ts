/**
 * A rollup card's blob sampling against the proof check the card does today (issue 54).
 *
 * - Anchor: the devnet rollup's batch 1 (circuits/vectors/batch-1.json, proven here once with the
 *   committed development key, circuits/build) re-verified as the card does it: batchProof's five
 *   public inputs to a Groth16 verify on the WASM BN254 kernel, the key prepared once per worker
 *   (src/workers/tasks.ts `zk.verify` keeps it), and also with the key parsed each time.
 * - Case: sampleBlobs (src/client/blobs/sampling.ts) over one endpoint that serves 16 columns of
 *   one blob from memory (cells and proofs made beforehand by kzg-wasm: bench/kzg-inputs.ts), the
 *   columns drawn at random each run, every cell checked with verify_cell_kzg_proof_batch as the
 *   worker's `kzg.verifyCells` does (on this thread: the worker adds its message passing). No
 *   network: the beacon API's round trip is the endpoint's, not the client's.
 * @module
 */
import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { sampleBlobs } from '../src/client/blobs/sampling.ts';
import type { BlobEndpoint, ProvenBlobs, ServedColumn } from '../src/client/blobs/types.ts';
import { bytesToHex } from '../src/core/bytes.ts';
import { bn254Ready } from '../src/crypto/bn254.ts';
import { kzgReady, kzgToVersionedHash, verifyBlobKzgProof, verifyCellKzgProofBatch } from '../src/crypto/kzg.ts';
import { verifyZkProof, zkVerifier } from '../src/zk/index.ts';
import { singleThreadedSnarkjs } from '../test/unit/zk/circom.ts';
import { kzgInputs } from './kzg-inputs.ts';
import type { BenchGroup } from './run.ts';

await Promise.all([kzgReady(), bn254Ready(), singleThreadedSnarkjs()]);

// The card's proof check: batch 1 of the devnet rollup, proven once with the committed key.
const batch = JSON.parse(readFileSync(new URL('../circuits/vectors/batch-1.json', import.meta.url), 'utf8'));
const vkey = JSON.parse(readFileSync(new URL('../circuits/build/verification_key.json', import.meta.url), 'utf8'));
const wasm = new URL('../circuits/build/rollup.wasm', import.meta.url).pathname;
const zkey = new URL('../circuits/build/rollup_final.zkey', import.meta.url).pathname;
const { proof, publicSignals } = await snarkjs.groth16.fullProve(batch.circuitInput, wasm, zkey);
const expected = [batch.oldRoot, batch.newRoot, batch.txDataHash, batch.queueStart, batch.queueEnd].map(String);
if (JSON.stringify(publicSignals) !== JSON.stringify(expected)) throw new Error('batch 1: the proof is not of the vector\'s public inputs');
const prepared = zkVerifier('groth16', vkey);

// The card's sampling: 16 of blob 0's 128 columns, served by one endpoint from memory.
const inputs = await kzgInputs();
const commitment = inputs.commitments[0]!;
const proven: ProvenBlobs = {
  tx: '0x' + '00'.repeat(32),
  block: 1n,
  timestamp: 0n,
  slot: 1n,
  beaconRoot: '0x' + '00'.repeat(32),
  fork: 'fulu',
  blobs: [{ index: 0, commitment, versionedHash: bytesToHex(kzgToVersionedHash(commitment)) }],
  checked: [],
};
const columns: ServedColumn[] = inputs.cells.map((cell, column) => ({ column, cells: [cell], proofs: [inputs.cellProofs[column]!] }));
const endpoint: BlobEndpoint = {
  url: 'memory://beacon',
  columns: async (_blobs, indices) => indices.map((i) => columns[i]!),
  wholeBlobs: async () => [],
};
const deps = {
  endpoints: [endpoint],
  verifyCells: async (c: Uint8Array[], i: number[], cells: Uint8Array[], p: Uint8Array[]) => verifyCellKzgProofBatch(c, i, cells, p),
  verifyBlob: async (b: Uint8Array, c: Uint8Array, p: Uint8Array) => verifyBlobKzgProof(b, c, p),
  random: (v: Uint32Array<ArrayBuffer>) => crypto.getRandomValues(v),
  now: () => 0,
};

const must = (ok: boolean, what: string): true => {
  if (!ok) throw new Error(`${what} did not verify`);
  return true;
};

const groups: BenchGroup[] = [
  {
    name: "sampling: a rollup card's 16 cells from one endpoint vs its batch's Groth16 re-verification",
    anchor: { name: 'devnet rollup batch 1 Groth16 re-verified (5 public inputs, key prepared once, as the worker keeps it)', fn: () => must(prepared(proof, publicSignals).valid, 'batch 1') },
    cases: [
      {
        name: 'sampleBlobs: 16 random columns of 1 blob, one endpoint in memory, verify_cell_kzg_proof_batch',
        async: true,
        fn: async () => {
          const a = await sampleBlobs(proven, deps);
          return must(a.status === 'verified', 'the sampling');
        },
      },
      { name: 'the same Groth16 re-verification, key parsed each time (verifyZkProof)', fn: () => must(verifyZkProof('groth16', vkey, proof, publicSignals).valid, 'batch 1') },
    ],
  },
];

export default groups;
