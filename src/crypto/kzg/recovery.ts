/**
 * Cells with their proofs, computed and recovered: fulu/polynomial-commitments-sampling.md
 * compute_cells_and_kzg_proofs, recover_cells_and_kzg_proofs, recover_polynomialcoeff and
 * construct_vanishing_polynomial (at 263435439^), on a backend (./backend.ts), checks in the
 * spec's order. For the CLI and tests: they need the whole trusted setup.
 *
 * DIFF FROM SPEC: compute_cells_and_kzg_proofs_polynomialcoeff computes the cells by FFT
 * (./eip7594.ts extendedEvaluationsBrp) and the proofs by FK20 (./fk20.ts): same values.
 * @module
 */
import type { AnyKzgBackend } from './backend.ts';
import { BYTES_PER_BLOB, BYTES_PER_CELL, CELLS_PER_EXT_BLOB, FIELD_ELEMENTS_PER_BLOB, FIELD_ELEMENTS_PER_CELL, FIELD_ELEMENTS_PER_EXT_BLOB } from './constants.ts';
import { blobToPolynomial } from './eip4844.ts';
import { cellsOfExtendedBlob, cellToCosetEvals, extendedEvaluationsBrp, polynomialEvalToCoeff } from './eip7594.ts';
import { computeRootsOfUnity, frInv, frMod, frMul, PRIMITIVE_ROOT_OF_UNITY, reverseBits } from './field.ts';
import { computeCellProofs } from './fk20.ts';
import type { TrustedSetup } from './setup.ts';
import { checkCellIndex, checkIndex, checkLength, checkSameLength, invalidInput } from './validate.ts';

/** The 128 cells of an extended blob and their 128 proofs, in cell order. */
export interface CellsAndProofs {
  cells: Uint8Array[];
  proofs: Uint8Array[];
}

/** compute_cells_and_kzg_proofs_polynomialcoeff. */
function computeCellsAndKzgProofsPolynomialcoeff(be: AnyKzgBackend, polynomialCoeff: unknown, setup: TrustedSetup): CellsAndProofs {
  return { cells: cellsOfExtendedBlob(be, extendedEvaluationsBrp(be, polynomialCoeff)), proofs: computeCellProofs(be, polynomialCoeff, setup) };
}

/**
 * compute_cells_and_kzg_proofs: a blob's 128 cells and their proofs.
 * @throws InputError on a wrong length; VerificationError KZG_INVALID_INPUT on a field element not below BLS_MODULUS
 */
export function computeCellsAndKzgProofs(be: AnyKzgBackend, blob: Uint8Array, setup: TrustedSetup): CellsAndProofs {
  checkLength(blob, BYTES_PER_BLOB, 'blob');
  const polynomialCoeff = polynomialEvalToCoeff(be, blobToPolynomial(be, blob));
  return computeCellsAndKzgProofsPolynomialcoeff(be, polynomialCoeff, setup);
}

/** vanishing_polynomialcoeff: Π (X − x), coefficients lowest first. */
function vanishingPolynomialcoeff(xs: readonly bigint[]): bigint[] {
  let p = [1n];
  for (const x of xs) {
    const next = new Array<bigint>(p.length + 1).fill(0n);
    for (let i = 0; i < p.length; i++) {
      next[i + 1] = frMod(next[i + 1]! + p[i]!);
      next[i] = frMod(next[i]! - frMul(p[i]!, x));
    }
    p = next;
  }
  return p;
}

/**
 * construct_vanishing_polynomial: Z(X) vanishing on every point of the missing cells, as
 * FIELD_ELEMENTS_PER_EXT_BLOB coefficients. A cell's coset is the roots of X^64 = h^64, so
 * Z(X) = Z_short(X^64) with Z_short vanishing on the missing cells' h^64 (128-th roots).
 */
export function constructVanishingPolynomial(missingCellIndices: readonly number[]): bigint[] {
  const roots = computeRootsOfUnity(CELLS_PER_EXT_BLOB);
  const short = vanishingPolynomialcoeff(missingCellIndices.map((i) => roots[reverseBits(i, CELLS_PER_EXT_BLOB)]!));
  const coefficients = new Array<bigint>(FIELD_ELEMENTS_PER_EXT_BLOB).fill(0n);
  short.forEach((c, i) => (coefficients[i * FIELD_ELEMENTS_PER_CELL] = c));
  return coefficients;
}

/** coset_fft_field: the FFT over the coset 7·⟨ω⟩ (or its inverse). */
function cosetFft(be: AnyKzgBackend, v: unknown, inverse: boolean): unknown {
  if (inverse) return be.frScalePowers(be.frFft(v, true), frInv(PRIMITIVE_ROOT_OF_UNITY));
  return be.frFft(be.frScalePowers(v, PRIMITIVE_ROOT_OF_UNITY), false);
}

/**
 * recover_polynomialcoeff: the blob's polynomial (coefficients) from at least half of its cells:
 * E·Z = P·Z on the domain (E the known evaluations, zero where missing; Z vanishing where
 * missing), and P = (E·Z)/Z on a coset, where Z has no zero.
 */
export function recoverPolynomialcoeff(be: AnyKzgBackend, cellIndices: readonly number[], cosetsEvals: readonly unknown[]): unknown {
  const byIndex = new Map(cellIndices.map((c, k) => [c, cosetsEvals[k]]));
  const zeros = be.frZeros(FIELD_ELEMENTS_PER_CELL);
  const extendedEvaluationRbo = be.frConcat(Array.from({ length: CELLS_PER_EXT_BLOB }, (_, c) => byIndex.get(c) ?? zeros));
  const extendedEvaluation = be.frBitReverse(extendedEvaluationRbo);
  const missing = Array.from({ length: CELLS_PER_EXT_BLOB }, (_, c) => c).filter((c) => !byIndex.has(c));
  const zeroPolyCoeff = be.frFromBigints(constructVanishingPolynomial(missing));
  const zeroPolyEval = be.frFft(zeroPolyCoeff, false);
  const timesZeroCoeffs = be.frFft(be.frMul(zeroPolyEval, extendedEvaluation), true);
  const overCoset = cosetFft(be, timesZeroCoeffs, false);
  const zeroOverCoset = be.frInverse(cosetFft(be, zeroPolyCoeff, false));
  // The coset 7·⟨ω⟩ misses every root of unity, where Z's zeros all lie.
  if (typeof zeroOverCoset === 'number') throw new Error('vanishing polynomial is zero on the coset');
  const reconstructed = cosetFft(be, be.frMul(overCoset, zeroOverCoset), true);
  return be.frSlice(reconstructed, 0, FIELD_ELEMENTS_PER_BLOB);
}

/**
 * recover_cells_and_kzg_proofs: all 128 cells and proofs of a blob from at least 64 of its cells,
 * given with their indices in ascending order.
 * @throws InputError on a count mismatch or a cell of the wrong length; VerificationError
 *   KZG_INVALID_INPUT on too few or too many cells, a duplicate or out-of-order index, an index ≥ 128,
 *   or a field element not below BLS_MODULUS
 */
export function recoverCellsAndKzgProofs(be: AnyKzgBackend, cellIndices: readonly number[], cells: readonly Uint8Array[], setup: TrustedSetup): CellsAndProofs {
  checkSameLength({ cellIndices, cells });
  cellIndices.forEach((c, i) => checkIndex(c, `cellIndices[${i}]`));
  const n = cellIndices.length;
  if (n < CELLS_PER_EXT_BLOB / 2 || n > CELLS_PER_EXT_BLOB) {
    throw invalidInput('the number of cells', `${CELLS_PER_EXT_BLOB / 2} to ${CELLS_PER_EXT_BLOB}`, String(n));
  }
  if (new Set(cellIndices).size !== n) throw invalidInput('cellIndices', 'no duplicate index', cellIndices.join(','));
  for (let i = 1; i < n; i++) {
    if (cellIndices[i]! < cellIndices[i - 1]!) throw invalidInput('cellIndices', 'ascending order', `${cellIndices[i - 1]} before ${cellIndices[i]}`);
  }
  cellIndices.forEach((c, i) => checkCellIndex(c, `cellIndices[${i}]`));
  cells.forEach((c, i) => checkLength(c, BYTES_PER_CELL, `cells[${i}]`));
  const cosetsEvals = cells.map((c, i) => cellToCosetEvals(be, c, `cells[${i}]`));
  const polynomialCoeff = recoverPolynomialcoeff(be, cellIndices, cosetsEvals);
  return computeCellsAndKzgProofsPolynomialcoeff(be, polynomialCoeff, setup);
}
