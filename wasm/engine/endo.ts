/**
 * ψ, the untwist-Frobenius-twist endomorphism of a sextic twist over Fp2, generic over the base
 * field `F` and the curve's parameter class `X` (which supplies its two coefficients: γ[1][2],
 * γ[1][3] for a D-type twist, their inverses for an M-type one). On Jacobian coordinates:
 * (X, Y, Z) ↦ (conj(X)·ψx, conj(Y)·ψy, conj(Z)), since conj(Z)² = conj(Z²).
 */
import { Fp2Of } from './tower';

export function psiJacobian<F, X>(o: usize, p: usize): void {
  const E = changetype<Fp2Of<F>>(0);
  const P = changetype<X>(0);
  const S = E.SIZE;
  E.conj(o, p);
  E.mul(o, o, P.psiX);
  E.conj(o + S, p + S);
  E.mul(o + S, o + S, P.psiY);
  E.conj(o + 2 * S, p + 2 * S);
}
