/**
 * BLS12-381's parameter class for the engine's tower, curve and pairing code (wasm/engine): the
 * same members as wasm/bn254/params.ts, with this curve's constants (gen/bls12381.mjs).
 */
import { ATE_DIGITS, ATE_DIGITS_LEN, ATE_LINES, FROBENIUS, PSI_X, PSI_Y, X_DIGITS, X_DIGITS_LEN } from './constants.generated';
import { Fp } from './fp.generated';
import { FAMILY_BLS12 } from '../engine/pairing';
import { Fp2Of } from '../engine/tower';

@final
export class Bls12381 {
  /** o = a·ξ with ξ = 1 + u: (a0 − a1) + (a0 + a1)u (generated: fp.generated.ts fpMulXi). */
  // @ts-ignore: decorator
  @inline mulByXi(o: usize, a: usize): void {
    changetype<Fp>(0).mulXiQuad(o, a);
  }

  // @ts-ignore: decorator
  @inline get family(): i32 { return FAMILY_BLS12; }
  /** M-type twist E': y² = x³ + b·ξ. */
  // @ts-ignore: decorator
  @inline get mTwist(): bool { return true; }
  /** The seed x = −0xd201000000010000 is negative; the loop runs over |x|. */
  // @ts-ignore: decorator
  @inline get ateNegative(): bool { return true; }
  // @ts-ignore: decorator
  @inline get seedNegative(): bool { return true; }
  /** Signed digits (NAF) of |x| (i8, most significant first). */
  // @ts-ignore: decorator
  @inline get ateDigits(): usize { return ATE_DIGITS; }
  // @ts-ignore: decorator
  @inline get ateDigitsLen(): i32 { return ATE_DIGITS_LEN; }
  // @ts-ignore: decorator
  @inline get ateLines(): i32 { return ATE_LINES; }
  /** Width-4 signed digits of |x| (i8, most significant first). */
  // @ts-ignore: decorator
  @inline get xDigits(): usize { return X_DIGITS; }
  // @ts-ignore: decorator
  @inline get xDigitsLen(): i32 { return X_DIGITS_LEN; }
  /** o = 3b'·a on the twist: 3b' = 12ξ, one pass (generated: fpMulTwistB3Quad). */
  // @ts-ignore: decorator
  @inline mulByTwistB3(o: usize, a: usize): void {
    changetype<Fp>(0).mulTwistB3Quad(o, a);
  }
  /** ψ's coefficients on the M-type twist: 1/γ[1][2], 1/γ[1][3]. */
  // @ts-ignore: decorator
  @inline get psiX(): usize { return PSI_X; }
  // @ts-ignore: decorator
  @inline get psiY(): usize { return PSI_Y; }

  /** Address of γ[k][i] = ξ^(i·(p^k−1)/6) (Fp2), k = 1..3, i = 0..5. */
  // @ts-ignore: decorator
  @inline frobeniusCoefficient(k: i32, i: i32): usize {
    return FROBENIUS + <usize>((k - 1) * 6 + i) * changetype<Fp2Of<Fp>>(0).SIZE;
  }
}
