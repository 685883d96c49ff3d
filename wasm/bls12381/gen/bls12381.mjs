/**
 * BLS12-381's parameter file: the curve's defining numbers, and everything the WebAssembly
 * kernel needs derived from them as constants. The same engine as BN254 (wasm/engine), another
 * configuration: 14 limbs instead of 9, ξ = 1 + u, an M-type twist, a negative 64-bit seed.
 *
 * Writes wasm/bls12381/fp.generated.ts and wasm/bls12381/constants.generated.ts (rewritten only
 * when their text changes). Every constant is checked here, in bigint arithmetic, before it is
 * written: the generators lie on their curves and have order r, the endomorphism eigenvalues
 * hold on them, the isogeny maps a point of E2' onto E2.
 *
 * Sources: draft-irtf-cfrg-pairing-friendly-curves-11 §4.2.1 (p, r, the seed
 * x = −0xd201000000010000, b = 4, the twist b' = 4(1 + u), generators); RFC 9380 §8.8.2 and
 * appendix E.3 (hash to G2: SSWU on E2': y² = x³ + 240u·x + 1012(1 + u), Z = −(2 + u), and the
 * 3-isogeny E2' → E2), appendix G.3 (clear_cofactor via ψ); the subgroup tests of Scott,
 * "A note on group membership tests for G1, G2 and GT on BLS pairing-friendly curves" (ePrint
 * 2021/1130), proven in ePrint 2022/352: P ∈ G1 iff σ(P) = [−x²]P, Q ∈ G2 iff ψ(Q) = [x]Q.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { curveOf, fieldOf, fieldOps, frobeniusCoefficients, i8Literal, wnaf, words, generateCurve, runIfMain, writeIfChanged } from '../../engine/gen/derive.mjs';
import { dataLiteral, generateField } from '../../engine/gen/montgomery.mjs';
import { frFieldSource } from './fr.mjs';

/** The seed x (negative). */
export const X = -0xd201000000010000n;
export const P = ((X - 1n) ** 2n * (X ** 4n - X ** 2n + 1n)) / 3n + X;
export const R = X ** 4n - X ** 2n + 1n;
/** ξ = 1 + u. */
const XI = [1n, 1n];

if (P !== 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn) throw new Error('p');
if (R !== 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n) throw new Error('r');

const G1 = {
  x: 0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn,
  y: 0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1n,
};
const G2 = {
  x: [
    0x024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8n,
    0x13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7en,
  ],
  y: [
    0x0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801n,
    0x0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79ben,
  ],
};

/** SSWU curve E2': y² = x³ + A'x + B' (RFC 9380 §8.8.2), and its Z. */
const SSWU_A = [0n, 240n];
const SSWU_B = [1012n, 1012n];
const SSWU_Z = [P - 2n, P - 1n];

/**
 * The 3-isogeny E2' → E2 (RFC 9380 appendix E.3), coefficients k_(i,0), k_(i,1), … of
 * x_num (i = 1), x_den (2, monic: leading 1 implied), y_num (3), y_den (4, monic).
 */
const K1 = [
  [0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6n, 0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6n],
  [0n, 0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71an],
  [0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71en, 0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38dn],
  [0x171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1n, 0n],
];
const K2 = [
  [0n, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63n],
  [0xcn, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9fn],
];
const K3 = [
  [0x1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706n, 0x1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706n],
  [0n, 0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97ben],
  [0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71cn, 0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38fn],
  [0x124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10n, 0n],
];
const K4 = [
  [0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fbn, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fbn],
  [0n, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3n],
  [0x12n, 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99n],
];

const { mod, f2mul, f2inv, f2pow, fp, fp2 } = fieldOf(P);
const { fp: Fp, fp2: Fp2 } = fieldOps(P);
const powP = (a, e) => {
  let r = 1n;
  for (let b = mod(a); e > 0n; e >>= 1n, b = mod(b * b)) if (e & 1n) r = mod(r * b);
  return r;
};
/** Square root in Fp (p ≡ 3 mod 4), or undefined. */
const sqrtP = (a) => {
  const s = powP(a, (P + 1n) / 4n);
  return mod(s * s) === mod(a) ? s : undefined;
};
/** Square root in Fp2 by the norm, or undefined (only for finding a test point). */
function sqrtP2([a0, a1]) {
  const n = sqrtP(mod(a0 * a0 + a1 * a1));
  if (n === undefined) return undefined;
  for (const t of [mod((a0 + n) * invertHalf), mod((a0 - n) * invertHalf)]) {
    const x0 = sqrtP(t);
    if (x0 === undefined || x0 === 0n) continue;
    const x = [x0, mod(a1 * f2inv([mod(2n * x0), 0n])[0])];
    if (Fp2.eq(f2mul(x, x), [a0, a1])) return x;
  }
  return undefined;
}
const invertHalf = (P + 1n) / 2n;

function checks() {
  const E1 = curveOf(Fp, 0n, 4n);
  const twistB = f2mul([4n, 0n], XI);
  const E2 = curveOf(Fp2, Fp2.zero, twistB);
  if (!E1.onCurve(G1) || E1.mul(G1, R) !== null) throw new Error('G1 generator');
  if (!E2.onCurve(G2) || E2.mul(G2, R) !== null) throw new Error('G2 generator');
  // σ(x, y) = (βx, y) acts on G1 as [−x²] for exactly one of the two cube roots of unity β.
  let beta;
  for (let g = 2n; beta === undefined; g++) {
    const w = powP(g, (P - 1n) / 3n);
    if (w === 1n) continue;
    const target = E1.mul(G1, -(X * X));
    beta = [w, mod(w * w)].find((b) => E1.eq({ x: mod(b * G1.x), y: G1.y }, target));
  }
  if (beta === undefined) throw new Error('β');
  // ψ = twist ∘ Frobenius ∘ untwist; for the M-type twist its coefficients are 1/γ[1][2], 1/γ[1][3].
  const frob = frobeniusCoefficients(P, XI);
  const psiX = f2inv(frob[2]);
  const psiY = f2inv(frob[3]);
  const psi = (Q) => ({ x: f2mul([Q.x[0], mod(-Q.x[1])], psiX), y: f2mul([Q.y[0], mod(-Q.y[1])], psiY) });
  if (!E2.eq(psi(G2), E2.mul(G2, X))) throw new Error('ψ is not [x] on G2');
  // The isogeny takes points of E2' to E2.
  const Eiso = curveOf(Fp2, SSWU_A, SSWU_B);
  let Q;
  for (let i = 1n; Q === undefined; i++) {
    const x = [i, 1n];
    const y = sqrtP2(Fp2.add(Fp2.add(f2mul(f2mul(x, x), x), f2mul(SSWU_A, x)), SSWU_B));
    if (y !== undefined) Q = { x, y };
  }
  if (!Eiso.onCurve(Q)) throw new Error('test point');
  const horner = (ks, x, monic) => {
    let acc = monic ? [1n, 0n] : ks[ks.length - 1];
    for (let i = ks.length - (monic ? 1 : 2); i >= 0; i--) acc = Fp2.add(f2mul(acc, x), ks[i]);
    return acc;
  };
  const image = {
    x: f2mul(horner(K1, Q.x, false), f2inv(horner(K2, Q.x, true))),
    y: f2mul(Q.y, f2mul(horner(K3, Q.x, false), f2inv(horner(K4, Q.x, true)))),
  };
  if (!E2.onCurve(image)) throw new Error('isogeny constants');
  return { beta, psiX, psiY, frob, twistB };
}

export function constantsSource() {
  const { beta, psiX, psiY, frob, twistB } = checks();
  const seed = -X;
  const ate = wnaf(seed, 2);
  const xDigits = wnaf(seed, 4);
  const lines = ate.length - 1 + ate.slice(1).filter((d) => d !== 0).length;
  const twistB3 = f2mul([3n, 0n], twistB);
  if (!Fp2.eq(twistB3, f2mul([12n, 0n], XI))) throw new Error("3b' is not 12ξ");
  const minusBOverA = f2mul([mod(-SSWU_B[0]), mod(-SSWU_B[1])], f2inv(SSWU_A));
  const bOverZA = f2mul(SSWU_B, f2inv(f2mul(SSWU_Z, SSWU_A)));
  // When N(gx1) is not a square, N(gx2) = N(Zu²)³·N(gx1) is: with s² = −N(gx1) (the failed root
  // attempt) and c² = −N(Z), N(u)³·N(Z)·c·s is a root of N(gx2). −N(Z) must be a square for that
  // (it is, as Z makes gx2 a square whenever gx1 is not).
  const normZ = mod(SSWU_Z[0] * SSWU_Z[0] + SSWU_Z[1] * SSWU_Z[1]);
  const rootMinusNormZ = sqrtP(mod(-normZ));
  if (rootMinusNormZ === undefined) throw new Error('−N(Z) is not a square');
  return `// Generated by wasm/bls12381/gen/bls12381.mjs. Do not edit: run \`npm run build:wasm\`.
/**
 * BLS12-381 constants, field elements in Montgomery form (see fp.generated.ts). Derivations and
 * checks are in the generator; the differential tests compare the kernel with @noble/curves.
 */

/** b = 4 of E: y² = x³ + 4 (Fp). */
export const G1_B: usize = ${dataLiteral([fp(4n)])};
/** b' = 4(1 + u) of the M-type twist E': y² = x³ + 4(1 + u) (Fp2). */
export const G2_B: usize = ${dataLiteral([fp2(twistB)])};
/** 3b' (Fp2), used by the Miller-loop doubling step. */
export const G2_B3: usize = ${dataLiteral([fp2(twistB3)])};
/** Frobenius coefficients γ[k][i] = ξ^(i·(p^k−1)/6), k = 1..3, i = 0..5 (18 Fp2, k-major). */
export const FROBENIUS: usize = ${dataLiteral(frob.map(fp2))};
/** ψ(x, y) = (conj(x)·PSI_X, conj(y)·PSI_Y) on the twist: 1/γ[1][2] and 1/γ[1][3] (Fp2 each). */
export const PSI_X: usize = ${dataLiteral([fp2(psiX)])};
export const PSI_Y: usize = ${dataLiteral([fp2(psiY)])};
/** β, the cube root of unity with σ(x, y) = (βx, y) = [−x²] on G1 (Fp). */
export const BETA: usize = ${dataLiteral([fp(beta)])};
/** Signed binary digits (NAF) of |x|, the ate loop count, most significant first. */
export const ATE_DIGITS: usize = ${i8Literal(ate)};
export const ATE_DIGITS_LEN: i32 = ${ate.length};
/** Lines per prepared G2 point: doublings and additions for non-zero digits. */
export const ATE_LINES: i32 = ${lines};
/** Width-4 signed digits of |x|, most significant first (exponentiation by the seed). */
export const X_DIGITS: usize = ${i8Literal(xDigits)};
export const X_DIGITS_LEN: i32 = ${xDigits.length};
/** (p − 1)/2 as 12 little-endian u32 words: y is "lexicographically largest" above it. */
export const HALF_P: usize = ${dataLiteral([words((P - 1n) / 2n, 12)])};
/** r − 1 as 8 little-endian u32 words. */
export const CURVE_ORDER_MINUS_1: usize = ${dataLiteral([words(R - 1n, 8)])};
/** The generators (affine; G1: x, y in Fp; G2: x, y in Fp2). */
export const G1_GENERATOR: usize = ${dataLiteral([fp(G1.x), fp(G1.y)])};
export const G2_GENERATOR: usize = ${dataLiteral([fp2(G2.x), fp2(G2.y)])};
/** −g1, the fixed G1 side of a signature check. */
export const G1_GENERATOR_NEG: usize = ${dataLiteral([fp(G1.x), fp(mod(-G1.y))])};
/** SSWU on E2' (RFC 9380 §6.6.2): A', B', Z, −B'/A', B'/(Z·A') (Fp2 each). */
export const SSWU_A: usize = ${dataLiteral([fp2(SSWU_A)])};
export const SSWU_B: usize = ${dataLiteral([fp2(SSWU_B)])};
export const SSWU_Z: usize = ${dataLiteral([fp2(SSWU_Z)])};
export const SSWU_MINUS_B_OVER_A: usize = ${dataLiteral([fp2(minusBOverA)])};
export const SSWU_B_OVER_ZA: usize = ${dataLiteral([fp2(bOverZA)])};
/** 2^256 (Fp): hash_to_field reduces a 64-byte integer hi·2^256 + lo as two 32-byte halves. */
export const TWO_256: usize = ${dataLiteral([fp(mod(1n << 256n))])};
/** N(Z)·√(−N(Z)) (Fp): turns the failed root of N(gx1) into a root of N(gx2), with N(u)³. */
export const SSWU_NORM_Z_ROOT: usize = ${dataLiteral([fp(mod(normZ * rootMinusNormZ))])};
/**
 * The 3-isogeny E2' → E2 (RFC 9380 appendix E.3): x = x_num/x_den, y = y'·y_num/y_den with
 * coefficients lowest degree first; the dens are monic (leading 1 not stored).
 */
export const ISO_X_NUM: usize = ${dataLiteral(K1.map(fp2))};
export const ISO_X_DEN: usize = ${dataLiteral(K2.map(fp2))};
export const ISO_Y_NUM: usize = ${dataLiteral(K3.map(fp2))};
export const ISO_Y_DEN: usize = ${dataLiteral(K4.map(fp2))};
`;
}

export function fieldSource() {
  return generateField({
    prefix: 'fp',
    className: 'Fp',
    modulus: P,
    quadNonResidue: 1,
    twistB3Xi: 12,
    description: 'BLS12-381 base field Fp; Fp2 = Fp[u]/(u² + 1) with ξ = 1 + u.',
  });
}

/** Writes the generated files (Fp, constants, Fr for KZG) into this directory's parent; returns whether any changed. */
export function generate() {
  const curve = generateCurve(import.meta.url, fieldSource, constantsSource);
  const fr = writeIfChanged(join(fileURLToPath(new URL('..', import.meta.url)), 'fr.generated.ts'), frFieldSource());
  return curve || fr;
}

runIfMain('bls12381', import.meta.url, generate);
