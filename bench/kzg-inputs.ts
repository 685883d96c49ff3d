/**
 * The KZG benchmarks' inputs, made by kzg-wasm (c-kzg-4844): 6 random blobs with canonical field
 * elements (a fixed seed), their commitments and blob proofs, and blob 0's 128 cells with their
 * cell proofs. Made once (kzg-wasm's setup takes seconds) and kept in the OS's temp folder, so the
 * bench and its fresh one-shot processes read the same bytes.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '../src/core/bytes.ts';
import { sha256 } from '../src/crypto/sha256.ts';

export interface KzgInputs {
  blobs: Uint8Array[];
  commitments: Uint8Array[];
  blobProofs: Uint8Array[];
  /** Blob 0's cells and cell proofs, in cell order. */
  cells: Uint8Array[];
  cellProofs: Uint8Array[];
}

const BLOBS = 6;
const FILE = join(tmpdir(), 'vigil-bench-kzg-inputs-v1.json');

/** Blob `i` of the fixed seed: sha256 counter-mode bytes, each element's top byte cleared (below the modulus). */
function blob(i: number): Uint8Array {
  const out = new Uint8Array(131_072);
  for (let k = 0; k < 4096; k++) {
    const word = sha256(new TextEncoder().encode(`vigil kzg bench blob ${i} element ${k}`));
    word[0] = 0;
    out.set(word, k * 32);
  }
  return out;
}

/** The inputs, from the temp folder or made now by kzg-wasm. */
export async function kzgInputs(): Promise<KzgInputs> {
  if (existsSync(FILE)) {
    const j = JSON.parse(readFileSync(FILE, 'utf8')) as Record<keyof KzgInputs, string[]>;
    const h = (xs: string[]): Uint8Array[] => xs.map((x) => hexToBytes(x));
    return { blobs: h(j.blobs), commitments: h(j.commitments), blobProofs: h(j.blobProofs), cells: h(j.cells), cellProofs: h(j.cellProofs) };
  }
  const { loadKZG } = await import('kzg-wasm');
  const ckzg = await loadKZG();
  const blobs = Array.from({ length: BLOBS }, (_, i) => blob(i));
  const hex = blobs.map((b) => bytesToHex(b));
  const commitments = hex.map((b) => ckzg.blobToKZGCommitment(b));
  const blobProofs = hex.map((b, i) => ckzg.computeBlobKZGProof(b, commitments[i]!));
  const { cells, proofs } = ckzg.computeCellsAndKZGProofs(hex[0]!);
  writeFileSync(FILE, JSON.stringify({ blobs: hex, commitments, blobProofs, cells, cellProofs: proofs }));
  return kzgInputs();
}
