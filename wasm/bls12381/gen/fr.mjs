/**
 * BLS12-381's scalar field Fr (the order r of G1 and G2), for KZG (wasm/bls12381/kzg.ts): the
 * same Montgomery generator as the base field, 9 limbs of 29 bits, and the roots of unity the
 * consensus specs' polynomial commitments use.
 *
 * Writes wasm/bls12381/fr.generated.ts (the field and its constants). Checked here, in bigint
 * arithmetic, before it is written: ω = 7^((r − 1)/8192) (deneb/polynomial-commitments.md:
 * PRIMITIVE_ROOT_OF_UNITY = 7, roots of unity as 7^((r − 1)/n)) has order exactly 8192. The
 * powers of ω are computed at instantiation (wasm/bls12381/kzg.ts frDomainInit), not shipped.
 */
import { dataLiteral, generateField, montLimbs } from '../../engine/gen/montgomery.mjs';
import { words } from '../../engine/gen/derive.mjs';

export const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
/** PRIMITIVE_ROOT_OF_UNITY of the consensus specs. */
const PRIMITIVE_ROOT = 7n;
/** The largest FFT the kernel does: a blob extended to 2·4096 cells' worth of evaluations. */
export const MAX_FFT_LOG = 13;

const mod = (a) => ((a % R) + R) % R;
const pow = (a, e) => {
  let out = 1n;
  for (let b = mod(a); e > 0n; e >>= 1n, b = mod(b * b)) if (e & 1n) out = mod(out * b);
  return out;
};

/** ω of order 2^MAX_FFT_LOG, checked: ω^(2^(k−1)) = −1 so its order is exactly 2^k. */
export function rootOfUnity() {
  const n = 1n << BigInt(MAX_FFT_LOG);
  if ((R - 1n) % n !== 0n) throw new Error('r − 1 is not divisible by the FFT size');
  const w = pow(PRIMITIVE_ROOT, (R - 1n) / n);
  if (pow(w, n / 2n) !== R - 1n) throw new Error('ω does not have order 2^13');
  return w;
}

export function frFieldSource() {
  const w = rootOfUnity();
  const field = generateField({
    prefix: 'fr',
    className: 'Fr',
    modulus: R,
    description: 'BLS12-381 scalar field Fr (the order of G1 and G2), for KZG.',
  });
  return `${field}
/** ω = 7^((r − 1)/8192), of order exactly 2^${MAX_FFT_LOG} (Montgomery form). */
export const FR_OMEGA: usize = ${dataLiteral([montLimbs(w, R)])};
export const FR_MAX_FFT_LOG: i32 = ${MAX_FFT_LOG};
/** r as 8 little-endian u32 words. */
export const FR_MODULUS_WORDS: usize = ${dataLiteral([words(R, 8)])};
`;
}
