/**
 * BN254's parameter class for the engine's tower, curve and pairing code (wasm/engine):
 * ξ-multiplication and the constants of constants.generated.ts (derived in gen/bn254.mjs).
 * wasm/bls12381/params.ts is the same class for the other curve.
 */
import { ATE_DIGITS, ATE_DIGITS_LEN, ATE_LINES, FROBENIUS, G2_B3, X_DIGITS, X_DIGITS_LEN } from './constants.generated';
import { Fp } from './fp.generated';
import { FAMILY_BN } from '../engine/pairing';
import { Fp2Of } from '../engine/tower';

@final
export class Bn254 {
  /** o = a·ξ with ξ = 9 + u (generated: fp.generated.ts fpMulXi). */
  // @ts-ignore: decorator
  @inline mulByXi(o: usize, a: usize): void {
    changetype<Fp>(0).mulXiQuad(o, a);
  }

  // @ts-ignore: decorator
  @inline get family(): i32 { return FAMILY_BN; }
  /** D-type twist E': y² = x³ + b/ξ. */
  // @ts-ignore: decorator
  @inline get mTwist(): bool { return false; }
  /** The loop count 6x+2 and the seed x are positive. */
  // @ts-ignore: decorator
  @inline get ateNegative(): bool { return false; }
  // @ts-ignore: decorator
  @inline get seedNegative(): bool { return false; }
  /** Signed digits of the ate loop count 6x+2 (i8, most significant first). */
  // @ts-ignore: decorator
  @inline get ateDigits(): usize { return ATE_DIGITS; }
  // @ts-ignore: decorator
  @inline get ateDigitsLen(): i32 { return ATE_DIGITS_LEN; }
  /** Lines per prepared G2 point. */
  // @ts-ignore: decorator
  @inline get ateLines(): i32 { return ATE_LINES; }
  /** Width-4 signed digits of the seed x (i8, most significant first). */
  // @ts-ignore: decorator
  @inline get xDigits(): usize { return X_DIGITS; }
  // @ts-ignore: decorator
  @inline get xDigitsLen(): i32 { return X_DIGITS_LEN; }
  /** o = 3b'·a on the twist (3b' = 9/(9 + u), a full Fp2 multiplication). */
  // @ts-ignore: decorator
  @inline mulByTwistB3(o: usize, a: usize): void {
    changetype<Fp2Of<Fp>>(0).mul(o, a, G2_B3);
  }
  /** ψ's coefficients on the D-type twist: γ[1][2], γ[1][3]. */
  // @ts-ignore: decorator
  @inline get psiX(): usize { return this.frobeniusCoefficient(1, 2); }
  // @ts-ignore: decorator
  @inline get psiY(): usize { return this.frobeniusCoefficient(1, 3); }

  /** Address of γ[k][i] = ξ^(i·(p^k−1)/6) (Fp2), k = 1..3, i = 0..5. */
  // @ts-ignore: decorator
  @inline frobeniusCoefficient(k: i32, i: i32): usize {
    return FROBENIUS + <usize>((k - 1) * 6 + i) * changetype<Fp2Of<Fp>>(0).SIZE;
  }
}
