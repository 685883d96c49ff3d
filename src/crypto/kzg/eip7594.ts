/**
 * EIP-7594 (PeerDAS) cells: verification and extension, consensus-specs
 * fulu/polynomial-commitments-sampling.md (at 263435439^, before the KZG specs moved to
 * ethereum/cryptography-specs), on a backend (./backend.ts). Checks run in the spec's order; its
 * asserts are typed errors (./validate.ts). Recovery and cell proofs: ./recovery.ts, ./fk20.ts.
 *
 * DIFF FROM SPEC (same results, faster):
 * - compute_cells extends the blob with two FFTs instead of evaluating the polynomial at every
 *   point of every coset;
 * - verify_cell_kzg_proof_batch_impl's RLI sums the r-weighted evaluations of the cells sharing
 *   a cell index first and interpolates once per index (an inverse FFT over the coset, as the
 *   spec's comment suggests), instead of Lagrange interpolation per cell; RL = RLC − RLI + RLP is
 *   one MSM, and the pairing check puts the sign on G1.
 * @module
 */
import type { AnyKzgBackend } from './backend.ts';
import {
  BYTES_PER_BLOB,
  BYTES_PER_CELL,
  BYTES_PER_COMMITMENT,
  BYTES_PER_PROOF,
  CELLS_PER_EXT_BLOB,
  FIELD_ELEMENTS_PER_BLOB,
  FIELD_ELEMENTS_PER_CELL,
  FIELD_ELEMENTS_PER_EXT_BLOB,
  RANDOM_CHALLENGE_KZG_CELL_BATCH_DOMAIN,
} from './constants.ts';
import { computePowers, computeRootsOfUnity, frInv, frMod, frMul, frPow, hashToBlsField, reverseBits, uintToBytes } from './field.ts';
import { verifySetupG1Monomial, verifySetupG2 } from './setup.ts';
import { blobToPolynomial } from './eip4844.ts';
import { bytesToFieldVector, bytesToKzgG1, checkCellIndex, checkIndex, checkLength, checkSameLength } from './validate.ts';

/** cell_to_coset_evals: a well-sized cell's field elements (checked) as a backend vector. */
export const cellToCosetEvals = (be: AnyKzgBackend, cell: Uint8Array, title: string): unknown => bytesToFieldVector(be, cell, title);

/** coset_evals_to_cell. */
export const cosetEvalsToCell = (be: AnyKzgBackend, evals: unknown): Uint8Array => be.frToBytes(evals);

/**
 * coset_shift_for_cell: h with coset_for_cell(i) = h·{1, g, …}, g of order FIELD_ELEMENTS_PER_CELL:
 * element FIELD_ELEMENTS_PER_CELL·i of the bit-reversed 8192-th roots, which is ω₈₁₉₂^reverse_bits(i, 128).
 */
export function cosetShiftForCell(cellIndex: number): bigint {
  checkCellIndex(cellIndex, 'cell index');
  return computeRootsOfUnity(FIELD_ELEMENTS_PER_EXT_BLOB)[reverseBits(cellIndex, CELLS_PER_EXT_BLOB)]!;
}

/** coset_for_cell: the cell's evaluation points, in the order its field elements come. */
export function cosetForCell(cellIndex: number): bigint[] {
  checkCellIndex(cellIndex, 'cell index');
  const roots = computeRootsOfUnity(FIELD_ELEMENTS_PER_EXT_BLOB);
  const start = FIELD_ELEMENTS_PER_CELL * cellIndex;
  return Array.from({ length: FIELD_ELEMENTS_PER_CELL }, (_, i) => roots[reverseBits(start + i, FIELD_ELEMENTS_PER_EXT_BLOB)]!);
}

/**
 * compute_verify_cell_kzg_proof_batch_challenge: the Fiat–Shamir r of the universal verification
 * equation, over everything that can influence it. `cosetsEvals` as canonical bytes (cells).
 */
export function computeVerifyCellKzgProofBatchChallenge(
  commitments: readonly Uint8Array[],
  commitmentIndices: readonly number[],
  cellIndices: readonly number[],
  cosetsEvals: readonly Uint8Array[],
  proofs: readonly Uint8Array[],
): bigint {
  const n = cellIndices.length;
  const data = new Uint8Array(16 + 4 * 8 + commitments.length * BYTES_PER_COMMITMENT + n * (8 + 8 + BYTES_PER_CELL + BYTES_PER_PROOF));
  let at = 0;
  const put = (bytes: Uint8Array): void => {
    data.set(bytes, at);
    at += bytes.length;
  };
  put(RANDOM_CHALLENGE_KZG_CELL_BATCH_DOMAIN);
  put(uintToBytes(FIELD_ELEMENTS_PER_BLOB, 8));
  put(uintToBytes(FIELD_ELEMENTS_PER_CELL, 8));
  put(uintToBytes(commitments.length, 8));
  put(uintToBytes(n, 8));
  for (const commitment of commitments) put(commitment);
  for (let k = 0; k < n; k++) {
    put(uintToBytes(commitmentIndices[k]!, 8));
    put(uintToBytes(cellIndices[k]!, 8));
    put(cosetsEvals[k]!);
    put(proofs[k]!);
  }
  return hashToBlsField(data);
}

/** Inputs of verify_cell_kzg_proof_batch_impl: commitments deduplicated, cells decoded. */
interface CellBatch {
  commitmentBytes: readonly Uint8Array[];
  commitments: readonly unknown[];
  commitmentIndices: readonly number[];
  cellIndices: readonly number[];
  cellBytes: readonly Uint8Array[];
  cosetsEvals: readonly unknown[];
  proofBytes: readonly Uint8Array[];
  proofs: readonly unknown[];
}

/**
 * The interpolation polynomials' Σ_k r^k·I_k(X) in coefficient form. A cell's values sit at
 * h·g^reverse_bits(i, 64): brp puts them in FFT order, the inverse FFT gives I(hX)'s coefficients,
 * and scaling coefficient j by h^-j gives I(X)'s.
 */
function sumInterpolationPolynomials(be: AnyKzgBackend, cellIndices: readonly number[], cosetsEvals: readonly unknown[], rPowers: readonly bigint[]): unknown {
  const byCell = new Map<number, unknown>();
  for (let k = 0; k < cellIndices.length; k++) {
    let acc = byCell.get(cellIndices[k]!);
    if (acc === undefined) byCell.set(cellIndices[k]!, (acc = be.frZeros(FIELD_ELEMENTS_PER_CELL)));
    be.frAxpy(acc, cosetsEvals[k], rPowers[k]!);
  }
  const total = be.frZeros(FIELD_ELEMENTS_PER_CELL);
  for (const [cellIndex, evals] of byCell) {
    const coefficients = be.frScalePowers(be.frFft(be.frBitReverse(evals), true), frInv(cosetShiftForCell(cellIndex)));
    be.frAxpy(total, coefficients, 1n);
  }
  return total;
}

/** verify_cell_kzg_proof_batch_impl: e(LL, [τ^n]₂) = e(RL, [1]₂), RL = RLC − RLI + RLP. */
function verifyCellKzgProofBatchImpl(be: AnyKzgBackend, batch: CellBatch): boolean {
  const { commitments, commitmentIndices, cellIndices, cosetsEvals, proofs } = batch;
  const n = cellIndices.length;
  const r = computeVerifyCellKzgProofBatchChallenge(batch.commitmentBytes, commitmentIndices, cellIndices, batch.cellBytes, batch.proofBytes);
  const rPowers = computePowers(r, n);
  const setup = verifySetupG2(be);
  // LL = Σ_k r^k π_k
  const ll = be.g1Msm(proofs, rPowers);
  // RLC's weights: Σ of the r^k of the cells of commitment i
  const weights = new Array<bigint>(commitments.length).fill(0n);
  for (let k = 0; k < n; k++) weights[commitmentIndices[k]!] = frMod(weights[commitmentIndices[k]!]! + rPowers[k]!);
  // RLI's coefficients, negated into the one MSM
  const interpolation = be.frToBigints(sumInterpolationPolynomials(be, cellIndices, cosetsEvals, rPowers)).map((c) => frMod(-c));
  // RLP's scalars: r^k·h_k^n
  const proofScalars = cellIndices.map((c, k) => frMul(rPowers[k]!, frPow(cosetShiftForCell(c), BigInt(FIELD_ELEMENTS_PER_CELL))));
  const rl = be.g1Msm([...commitments, ...verifySetupG1Monomial(be), ...proofs], [...weights, ...interpolation, ...proofScalars]);
  return be.pairingProductIsOne([
    [ll, setup.g2TauCell],
    [be.g1Neg(rl), setup.g2One],
  ]);
}

/**
 * verify_cell_kzg_proof_batch: each cell (at its index) against its commitment and proof, as one
 * pairing check. True for zero cells.
 * @throws InputError on a count mismatch or a wrong length; VerificationError KZG_INVALID_INPUT
 *   on a cell index ≥ 128, a field element not below BLS_MODULUS or an invalid point
 */
export function verifyCellKzgProofBatch(
  be: AnyKzgBackend,
  commitmentsBytes: readonly Uint8Array[],
  cellIndices: readonly number[],
  cells: readonly Uint8Array[],
  proofsBytes: readonly Uint8Array[],
): boolean {
  checkSameLength({ commitments: commitmentsBytes, cells, proofs: proofsBytes, cellIndices });
  commitmentsBytes.forEach((c, i) => checkLength(c, BYTES_PER_COMMITMENT, `commitments[${i}]`));
  cellIndices.forEach((c, i) => checkCellIndex(checkIndex(c, `cellIndices[${i}]`), `cellIndices[${i}]`));
  cells.forEach((c, i) => checkLength(c, BYTES_PER_CELL, `cells[${i}]`));
  proofsBytes.forEach((p, i) => checkLength(p, BYTES_PER_PROOF, `proofs[${i}]`));
  // Deduplicate the commitments (first appearance order), then validate each once.
  const firstIndex = new Map<string, number>();
  const commitmentBytes: Uint8Array[] = [];
  const commitmentIndices = commitmentsBytes.map((c) => {
    const key = String.fromCharCode(...c);
    let index = firstIndex.get(key);
    if (index === undefined) {
      firstIndex.set(key, (index = commitmentBytes.length));
      commitmentBytes.push(c);
    }
    return index;
  });
  const commitments = commitmentBytes.map((c) => bytesToKzgG1(be, c, `commitments[${commitmentsBytes.indexOf(c)}]`));
  const cosetsEvals = cells.map((c, i) => cellToCosetEvals(be, c, `cells[${i}]`));
  const proofs = proofsBytes.map((p, i) => bytesToKzgG1(be, p, `proofs[${i}]`));
  if (cells.length === 0) return true;
  return verifyCellKzgProofBatchImpl(be, { commitmentBytes, commitments, commitmentIndices, cellIndices, cellBytes: cells, cosetsEvals, proofBytes: proofsBytes, proofs });
}

/**
 * The extended blob of a polynomial in coefficient form (degree < 4096): its evaluations at the
 * 8192-th roots in bit-reversed order, which cut into the 128 cells (cell i is the evaluations
 * over coset_for_cell(i)). The first 64 cells are the blob itself.
 */
export function extendedEvaluationsBrp(be: AnyKzgBackend, polynomialCoeff: unknown): unknown {
  const padded = be.frConcat([polynomialCoeff, be.frZeros(FIELD_ELEMENTS_PER_EXT_BLOB - be.frLength(polynomialCoeff))]);
  return be.frBitReverse(be.frFft(padded, false));
}

/** polynomial_eval_to_coeff: a blob's polynomial (evaluations, bit-reversed) in coefficient form. */
export const polynomialEvalToCoeff = (be: AnyKzgBackend, polynomial: unknown): unknown => be.frFft(be.frBitReverse(polynomial), true);

/** The 128 cells of an extended blob (extendedEvaluationsBrp). */
export function cellsOfExtendedBlob(be: AnyKzgBackend, extended: unknown): Uint8Array[] {
  const bytes = be.frToBytes(extended);
  return Array.from({ length: CELLS_PER_EXT_BLOB }, (_, i) => bytes.slice(i * BYTES_PER_CELL, (i + 1) * BYTES_PER_CELL));
}

/**
 * compute_cells: the 128 cells of a blob's extension, without proofs (needs no trusted setup).
 * @throws InputError on a wrong length; VerificationError KZG_INVALID_INPUT on a field element not below BLS_MODULUS
 */
export function computeCells(be: AnyKzgBackend, blob: Uint8Array): Uint8Array[] {
  checkLength(blob, BYTES_PER_BLOB, 'blob');
  const coefficients = polynomialEvalToCoeff(be, blobToPolynomial(be, blob));
  return cellsOfExtendedBlob(be, extendedEvaluationsBrp(be, coefficients));
}
