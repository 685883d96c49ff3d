/**
 * All 128 cell proofs of a blob at once, by FK20 (Feist & Khovratovich, "Fast amortized KZG
 * proofs", 2020, §3), instead of compute_kzg_proof_multi_impl's quotient and 4032-point MSM per
 * cell. Same proofs: the spec's proof of cell k is [q_k(τ)]₁, q_k = f div (X^ℓ − c_k).
 *
 * With ℓ = FIELD_ELEMENTS_PER_CELL = 64 and f = Σ_m X^(mℓ)·g_m(X) (g_m: coefficients mℓ…mℓ+ℓ−1),
 * X^(mℓ) = (X^ℓ − c)·Σ_{t<m} c^t X^((m−1−t)ℓ) + c^m, so
 *   [q(τ)]₁ = Σ_{t=0}^{62} c^t·H_t,  H_t = Σ_{j<ℓ} Σ_{u=0}^{62−t} f_{(t+1+u)ℓ+j}·[τ^(uℓ+j)]₁.
 * The proof of every cell is then H(Y) = Σ_t H_t Y^t at Y = c_k = h_k^ℓ, the 128-th roots of
 * unity: one G1 FFT of 128, whose output i is cell reverse_bits(i, 128)'s proof.
 * For each j, (H_t)_t is a Toeplitz product: with A_v = f_{(63−v)ℓ+j} and S_u = [τ^(uℓ+j)]₁,
 * H_t = (A ∗ S)_{62−t}, a linear convolution of length < 128, so a cyclic one of 128:
 * FFT(A)·FFT(S) summed over j (128 MSMs of 64 points), then one inverse G1 FFT. FFT(S) for the 64
 * values of j depends on the setup alone: the table, 64 G1 FFTs built once per setup and backend.
 * @module
 */
import type { AnyKzgBackend } from './backend.ts';
import { CELLS_PER_EXT_BLOB, FIELD_ELEMENTS_PER_BLOB, FIELD_ELEMENTS_PER_CELL } from './constants.ts';
import { reverseBits } from './field.ts';
import type { TrustedSetup } from './setup.ts';

const L = FIELD_ELEMENTS_PER_CELL;
/** Chunks g_m of the polynomial (64), and the FFT size of the circulant embedding (128). */
const CHUNKS = FIELD_ELEMENTS_PER_BLOB / L;
const N = 2 * CHUNKS;

/**
 * The FK20 table on `be`: for each frequency i < 128, the 64 points FFT(S^(j))_i, j < 64, with
 * S^(j) = ([τ^(uℓ+j)]₁ for u < 63, then identities). 64 G1 FFTs of 128 (~28,700 scalar
 * multiplications), once per setup and backend.
 */
export function fk20Table(be: AnyKzgBackend, setup: TrustedSetup): readonly (readonly unknown[])[] {
  return setup.cached(be, 'fk20', () => {
    const monomial = setup.g1Monomial(be);
    const identity = be.g1Identity();
    const columns: unknown[][] = Array.from({ length: N }, () => new Array<unknown>(L));
    for (let j = 0; j < L; j++) {
      const s = Array.from({ length: N }, (_, u) => (u < CHUNKS - 1 ? monomial[u * L + j] : identity));
      const transformed = be.g1Fft(s, false);
      for (let i = 0; i < N; i++) columns[i]![j] = transformed[i];
    }
    return columns;
  });
}

/**
 * The 128 cell proofs (compressed, in cell order) of a polynomial in coefficient form
 * (FIELD_ELEMENTS_PER_BLOB coefficients).
 */
export function computeCellProofs(be: AnyKzgBackend, polynomialCoeff: unknown, setup: TrustedSetup): Uint8Array[] {
  const table = fk20Table(be, setup);
  const f = be.frToBigints(polynomialCoeff);
  // For each j, FFT(A^(j)) with A_v = f_{(63−v)ℓ+j} for v < 64, zero-padded to 128.
  const spectra: bigint[][] = [];
  for (let j = 0; j < L; j++) {
    const a = Array.from({ length: N }, (_, v) => (v < CHUNKS ? f[(CHUNKS - 1 - v) * L + j]! : 0n));
    spectra.push(be.frToBigints(be.frFft(be.frFromBigints(a), false)));
  }
  // FFT(A ∗ S)_i = Σ_j FFT(A^(j))_i · FFT(S^(j))_i
  const convolutionSpectrum = Array.from({ length: N }, (_, i) => be.g1Msm(table[i]!, spectra.map((s) => s[i]!)));
  const convolution = be.g1Fft(convolutionSpectrum, true);
  const identity = be.g1Identity();
  // H_t = (A ∗ S)_{62−t} for t < 63; H(Y) evaluated at the 128-th roots.
  const h = Array.from({ length: N }, (_, t) => (t < CHUNKS - 1 ? convolution[CHUNKS - 2 - t] : identity));
  const evaluations = be.g1Fft(h, false);
  return Array.from({ length: CELLS_PER_EXT_BLOB }, (_, k) => be.g1Compress(evaluations[reverseBits(k, CELLS_PER_EXT_BLOB)]));
}
