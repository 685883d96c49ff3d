/**
 * BN254's parameter class for the generic tower, curve and pairing code: ξ-multiplication and
 * the constants of constants.generated.ts (derived in gen/bn254.mjs). Another curve of the same
 * shape supplies its own class with these members.
 */
import { ATE_DIGITS, ATE_DIGITS_LEN, ATE_LINES, FROBENIUS, G2_B3, X_DIGITS, X_DIGITS_LEN } from './constants.generated';
import { Fp } from './fp.generated';
import { Fp2Of } from './tower';

@final
export class Bn254 {
  /** o = a·ξ with ξ = 9 + u (generated: fp.generated.ts fpMulXi). */
  // @ts-ignore: decorator
  @inline mulByXi(o: usize, a: usize): void {
    changetype<Fp>(0).mulXi(o, a);
  }

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
  /** 3b' of the twist (Fp2). */
  // @ts-ignore: decorator
  @inline get twistB3(): usize { return G2_B3; }

  /** Address of γ[k][i] = ξ^(i·(p^k−1)/6) (Fp2), k = 1..3, i = 0..5. */
  // @ts-ignore: decorator
  @inline frobeniusCoefficient(k: i32, i: i32): usize {
    return FROBENIUS + <usize>((k - 1) * 6 + i) * changetype<Fp2Of<Fp>>(0).SIZE;
  }
}
