/**
 * src/crypto/kzg.ts against every case of the consensus-specs KZG vectors (56, five handlers;
 * test/support/kzg-spec-vectors.ts): the values, the verdicts, and for each refusal its class
 * (InputError for a wrong length or count, VerificationError KZG_INVALID_INPUT for a spec assert
 * on well-sized input). The unit project runs them on the WASM kernel, the noble project
 * (vitest.config.ts NOBLE_RUN) on @noble.
 *
 * On @noble the cell proofs are too slow for a test: the FK20 table alone takes ~40 s and each blob
 * ~5 s, over a minute for the four valid compute/recover cases. There the noble project checks
 * those cases' cells (computeCells) and every refusal; their proofs are checked on the WASM kernel.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import {
  computeCells,
  computeCellsAndKzgProofs,
  computeVerifyCellKzgProofBatchChallenge,
  kzgBackend,
  kzgReady,
  recoverCellsAndKzgProofs,
  type TrustedSetup,
  verifyBlobKzgProofBatch,
  verifyCellKzgProofBatch,
} from '../../../../src/crypto/kzg.ts';
import { loadTrustedSetup } from '../../../../src/crypto/kzg/full-setup.ts';
import { cosetsEvals, hex, hexList, KZG_HANDLERS, type KzgSpecCase, kzgSpecCases } from '../../../support/kzg-spec-vectors.ts';

const NOBLE = process.env.VIGIL_CRYPTO_BACKEND === 'noble';
const cases = kzgSpecCases();
let setup: TrustedSetup;

/** The refusals that are malformed input (a wrong length, lists of different lengths); every other refusal is KZG_INVALID_INPUT. */
const INPUT_ERRORS = new Set(
  ['invalid_cell_2', 'invalid_cell_3', 'invalid_commitment_0', 'invalid_commitment_1', 'invalid_proof_0', 'invalid_proof_1', 'invalid_missing_cell', 'invalid_missing_cell_index', 'invalid_missing_commitment', 'invalid_missing_proof'].map(
    (n) => `verify_cell_kzg_proof_batch_case_${n}`,
  ),
);

const asHex = (r: { cells: Uint8Array[]; proofs: Uint8Array[] }): string[][] => [r.cells.map(bytesToHex), r.proofs.map(bytesToHex)];

/** The case's function through the front door, its answer in the vectors' form. */
function run(c: KzgSpecCase): unknown {
  const i = c.input;
  switch (c.handler) {
    case 'verify_blob_kzg_proof_batch':
      return verifyBlobKzgProofBatch(hexList(i.blobs), hexList(i.commitments), hexList(i.proofs));
    case 'verify_cell_kzg_proof_batch':
      return verifyCellKzgProofBatch(hexList(i.commitments), i.cell_indices as number[], hexList(i.cells), hexList(i.proofs));
    case 'compute_verify_cell_kzg_proof_batch_challenge':
      return bytesToHex(
        computeVerifyCellKzgProofBatchChallenge(hexList(i.commitments), i.commitment_indices as number[], i.cell_indices as number[], cosetsEvals(i.cosets_evals), hexList(i.proofs)),
      );
    case 'compute_cells_and_kzg_proofs':
      return asHex(computeCellsAndKzgProofs(hex(i.blob), setup));
    case 'recover_cells_and_kzg_proofs':
      return asHex(recoverCellsAndKzgProofs(i.cell_indices as number[], hexList(i.cells), setup));
  }
}

beforeAll(async () => {
  await kzgReady();
  setup = await loadTrustedSetup();
});

it(`runs on the project's backend (${NOBLE ? 'noble' : 'wasm'})`, () => {
  expect(kzgBackend()).toBe(NOBLE ? 'noble' : 'wasm');
});

it('has every case of the five handlers', () => {
  expect(cases).toHaveLength(56);
  expect(KZG_HANDLERS.map((h) => cases.filter((c) => c.handler === h).length)).toEqual([4, 10, 6, 4, 32]);
  expect(cases.filter((c) => c.output === null)).toHaveLength(23);
});

for (const handler of KZG_HANDLERS) {
  describe(handler, () => {
    for (const c of cases.filter((x) => x.handler === handler)) {
      const computesProofs = (handler === 'compute_cells_and_kzg_proofs' || handler === 'recover_cells_and_kzg_proofs') && c.output !== null;
      // On @noble these four run in the unit project instead, on the kernel (see the module comment).
      if (NOBLE && computesProofs) continue;
      it(c.name, () => {
        if (c.output !== null) {
          expect(run(c)).toEqual(c.output);
          return;
        }
        let thrown: unknown;
        try {
          run(c);
        } catch (err) {
          thrown = err;
        }
        if (INPUT_ERRORS.has(c.name)) expect(thrown).toBeInstanceOf(InputError);
        else {
          expect(thrown).toBeInstanceOf(VerificationError);
          expect((thrown as VerificationError).code).toBe('KZG_INVALID_INPUT');
        }
      });
    }
  });
}

describe('compute_cells (no proofs) on the vectors of compute_cells_and_kzg_proofs', () => {
  for (const c of cases.filter((x) => x.handler === 'compute_cells_and_kzg_proofs' && x.output !== null)) {
    it(c.name, () => {
      expect(computeCells(hex(c.input.blob)).map(bytesToHex)).toEqual((c.output as string[][])[0]);
    });
  }
});
