/**
 * gnark's PLONK over BN254 (github.com/consensys/gnark backend/plonk/bn254) as its Solidity
 * export verifies it (`VerifyingKey.ExportSolidity`, template backend/plonk/bn254/solidity.go):
 * the format Linea's PlonkVerifier* contracts and SP1's PlonkVerifier.sol publish on L1.
 *
 * Key: the export's constants (`VK_DOMAIN_SIZE`, `VK_OMEGA`, `VK_QL_COM_X` …, `VK_S1_COM_X` …,
 * `VK_COSET_SHIFT`, `VK_QCP_i_*` and `VK_INDEX_COMMIT_API_i` for BSB22 custom-gate commitments,
 * `G1_SRS_*`, `G2_SRS_{0,1}_*` with `_0` the imaginary part).
 *
 * Proof: gnark's `MarshalSolidity` bytes, 32-byte big-endian words:
 *   [L] [R] [O] [H₀] [H₁] [H₂]  l(ζ) r(ζ) o(ζ) s₁(ζ) s₂(ζ)  [Z] z(ωζ)  [W_ζ] [W_ζω]
 *   qcpᵢ(ζ) (one per custom gate)  [Bsb22ᵢ] (one per custom gate)
 * i.e. 0x300 + 0x60·k bytes for k custom gates.
 *
 * Verification, step for step as the Solidity `Verify(bytes proof, uint256[] public_inputs)`:
 * 1. Fiat–Shamir with SHA-256, each challenge = sha256(name ‖ previous challenge (unreduced) ‖
 *    data), reduced mod r: γ ("gamma": S₁ S₂ S₃ Qₗ Qᵣ Qₘ Qₒ Qₖ Qcpᵢ, the public inputs, [L] [R]
 *    [O]), β ("beta"), α ("alpha": [Bsb22ᵢ], [Z]), ζ ("zeta": [H₀] [H₁] [H₂]);
 * 2. PI(ζ) = Σ wᵢ·Lᵢ(ζ) + Σ hash_fr([Bsb22ᵢ])·L_{nPublic+indexᵢ}(ζ), hash_fr being RFC 9380
 *    expand_message_xmd(SHA-256, DST "BSB22-Plonk", 48 bytes) of x ‖ y, mod r;
 * 3. the linearised polynomial's opening −[PI − α²L₁ + α(l+βs₁+γ)(r+βs₂+γ)(o+γ)z(ωζ)] and its
 *    commitment l[Qₗ] + r[Qᵣ] + lr[Qₘ] + o[Qₒ] + [Qₖ] + Σqcpᵢ(ζ)[Bsb22ᵢ] + s·[S₃] + s'·[Z]
 *    − (ζⁿ−1)([H₀] + ζⁿ⁺²[H₁] + ζ²⁽ⁿ⁺²⁾[H₂]);
 * 4. γ_kzg ("gamma": ζ, [lin], [L] [R] [O] [S₁] [S₂] [Qcpᵢ], the claimed values, z(ωζ)) folds
 *    the openings at ζ; a last hash (no name) of the two digests, quotients, ζ and γ_kzg batches
 *    the openings at ζ and ωζ into one pairing check e(·, [1]₂)·e(−·, [x]₂) = 1.
 *
 * DIFF FROM THE SOLIDITY VERIFIER (stricter; each case is pinned in test/unit/zk/gnark-plonk.test.ts):
 * - proof points at infinity (0, 0) are refused (ZK_POINT_AT_INFINITY); the EIP-196 precompiles
 *   take (0, 0) as the point at infinity;
 * - a challenge landing on a root the formulas divide by (probability ≈ n/r) is
 *   ZK_PROOF_INVALID; the contract's modular inverse turns 0 into 0 and carries on;
 * - the key is checked (points on the curve, G2 in the subgroup, n a power of two ≤ 2²⁸,
 *   n⁻¹ and ω those of the domain); the contract trusts its constants.
 * Results otherwise agree: the contract reverts (wrong input count, input ≥ r, wrong proof
 * length, evaluation ≥ r, a point off the curve) or returns false where this throws.
 * @module
 */
import { abytes, bigIntToBytesPadded, bytesToBigInt, concatBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { sha256 } from '../crypto/sha256.ts';
import {
  FIELD_MODULUS,
  Fr,
  type G1,
  G1_ZERO,
  type G2,
  g1Add,
  g1FromAffine,
  g1Msm,
  g1Neg,
  g1ToAffine,
  g2FromAffine,
  pairingCheck,
  SCALAR_MODULUS,
} from './curve.ts';
import { checkOmega, invertAll, MAX_POWER } from './domain.ts';
import { checkPublicSignals, MAX_PUBLIC_SIGNALS, toFr } from './format.ts';
import { SolidityConstants } from './solidity-constants.ts';

/** A gnark PLONK verifying key, checked. */
export interface GnarkPlonkVerifyingKey {
  readonly nPublic: number;
  /** log₂ of the domain size n. */
  readonly power: number;
  readonly size: bigint;
  readonly sizeInv: bigint;
  readonly omega: bigint;
  readonly ql: G1;
  readonly qr: G1;
  readonly qm: G1;
  readonly qo: G1;
  readonly qk: G1;
  readonly s: readonly [G1, G1, G1];
  readonly cosetShift: bigint;
  /** One per BSB22 custom gate (gnark's commitment API), with its constraint index. */
  readonly qcp: readonly G1[];
  readonly commitmentIndices: readonly bigint[];
  /** KZG: [1]₁, [1]₂, [x]₂ of the SRS. */
  readonly g1: G1;
  readonly g2: readonly [G2, G2];
}

/** A gnark PLONK proof, its points checked and its evaluations below r. */
export interface GnarkPlonkProof {
  readonly l: G1;
  readonly r: G1;
  readonly o: G1;
  readonly h: readonly [G1, G1, G1];
  readonly lAtZeta: bigint;
  readonly rAtZeta: bigint;
  readonly oAtZeta: bigint;
  readonly s1AtZeta: bigint;
  readonly s2AtZeta: bigint;
  readonly z: G1;
  readonly zAtZetaOmega: bigint;
  readonly wZeta: G1;
  readonly wZetaOmega: G1;
  readonly qcpAtZeta: readonly bigint[];
  readonly bsb22: readonly G1[];
}

const WORD = 32;
/** Proof bytes without custom gates (0x300): 11 points and 6 evaluations … as laid out above. */
export const GNARK_PLONK_FIXED_PROOF_LENGTH = 0x300;
/** The most custom gates read (gnark circuits carry one; the bound keeps lengths sane). */
const MAX_CUSTOM_GATES = 64;

const notBn254 = (name: string) => new InputError(`"source" constant ${name} is not BN254's: not a gnark BN254 PLONK verifier`);

function belowP(value: bigint, title: string): bigint {
  if (value >= FIELD_MODULUS) {
    throw new VerificationError('ZK_FIELD_OUT_OF_RANGE', `"${title}" is not below the field modulus p`, {
      expected: '< p',
      got: value.toString(),
    });
  }
  return value;
}

function keyInvalid(message: string, expected: string, got: string): VerificationError {
  return new VerificationError('ZK_VKEY_INVALID', message, { expected, got });
}

/**
 * The verifying key in gnark's PLONK Solidity export, from its constants (decimal or hex, any
 * whitespace). Missing or non-literal constants are InputError naming the constant; values that
 * are not a valid key (a point off the curve, n not a power of two, ω or n⁻¹ not the domain's)
 * are VerificationError. Linea's verifiers (which add a constructor and a chain-configuration
 * getter) and SP1's PlonkVerifier.sol read the same way.
 * @example parseGnarkPlonkSolidityVerifyingKey(readFileSync('PlonkVerifier.sol', 'utf8')).nPublic // 5
 */
export function parseGnarkPlonkSolidityVerifyingKey(source: unknown): GnarkPlonkVerifyingKey {
  const c = SolidityConstants.read(source);
  if (c.has('R_MOD') && c.get('R_MOD') !== SCALAR_MODULUS) throw notBn254('R_MOD');
  if (c.has('P_MOD') && c.get('P_MOD') !== FIELD_MODULUS) throw notBn254('P_MOD');
  const nPublic = c.count('VK_NB_PUBLIC_INPUTS', MAX_PUBLIC_SIGNALS);
  const k = c.count('VK_NB_CUSTOM_GATES', MAX_CUSTOM_GATES);
  const size = c.get('VK_DOMAIN_SIZE');
  const power = size > 0n ? size.toString(2).length - 1 : -1;
  if (size <= 0n || size !== 1n << BigInt(power) || power > MAX_POWER) {
    throw keyInvalid('VK_DOMAIN_SIZE is not a power of two up to 2^28', `2^0 … 2^${MAX_POWER}`, size.toString());
  }
  const sizeInv = toFr(c.get('VK_INV_DOMAIN_SIZE'), 'VK_INV_DOMAIN_SIZE');
  if (Fr.mul(sizeInv, size % SCALAR_MODULUS) !== 1n) {
    throw keyInvalid('VK_INV_DOMAIN_SIZE is not 1/VK_DOMAIN_SIZE', Fr.inv(size).toString(), sizeInv.toString());
  }
  const omega = c.get('VK_OMEGA');
  checkOmega(omega, power, 'VK_OMEGA');
  if (nPublic > Number(size)) throw keyInvalid('VK_NB_PUBLIC_INPUTS exceeds the domain size', `<= ${size}`, `${nPublic}`);
  const cosetShift = toFr(c.get('VK_COSET_SHIFT'), 'VK_COSET_SHIFT');
  if (cosetShift === 0n) throw keyInvalid('VK_COSET_SHIFT is zero', 'a coset shift outside the domain', '0');

  const g1 = (prefix: string, allowInfinity: boolean): G1 => {
    const x = belowP(c.get(`${prefix}_X`), `${prefix}_X`);
    const y = belowP(c.get(`${prefix}_Y`), `${prefix}_Y`);
    if (x === 0n && y === 0n) {
      if (allowInfinity) return G1_ZERO;
      throw new VerificationError('ZK_POINT_AT_INFINITY', `"${prefix}" is the point at infinity`);
    }
    return g1FromAffine(x, y, prefix);
  };
  /** G2 as the template writes it: `_X_0` = x.A1 (imaginary), `_X_1` = x.A0 (real). */
  const g2 = (prefix: string): G2 => {
    const w = (n: string) => belowP(c.get(`${prefix}_${n}`), `${prefix}_${n}`);
    return g2FromAffine([w('X_1'), w('X_0')], [w('Y_1'), w('Y_0')], prefix);
  };

  const qcp: G1[] = [];
  const commitmentIndices: bigint[] = [];
  for (let i = 0; i < k; i++) {
    qcp.push(g1(`VK_QCP_${i}`, true));
    const index = c.get(`VK_INDEX_COMMIT_API_${i}`);
    if (BigInt(nPublic) + index >= size) {
      throw keyInvalid(`VK_INDEX_COMMIT_API_${i} lies outside the domain`, `< ${size - BigInt(nPublic)}`, index.toString());
    }
    commitmentIndices.push(index);
  }
  const extra = c.names().filter((name) => {
    const m = /^(?:VK_QCP_(\d+)_[XY]|VK_INDEX_COMMIT_API_(\d+))$/.exec(name);
    return m !== null && Number(m[1] ?? m[2]) >= k;
  });
  if (extra.length > 0) throw new InputError(`"source" has custom-gate constants beyond VK_NB_CUSTOM_GATES = ${k}: ${extra.join(', ')}`);

  return {
    nPublic,
    power,
    size,
    sizeInv,
    omega,
    ql: g1('VK_QL_COM', true),
    qr: g1('VK_QR_COM', true),
    qm: g1('VK_QM_COM', true),
    qo: g1('VK_QO_COM', true),
    qk: g1('VK_QK_COM', true),
    s: [g1('VK_S1_COM', false), g1('VK_S2_COM', false), g1('VK_S3_COM', false)],
    cosetShift,
    qcp,
    commitmentIndices,
    g1: g1('G1_SRS', false),
    g2: [g2('G2_SRS_0'), g2('G2_SRS_1')],
  };
}

/** Proof length for a key with `customGates` BSB22 commitments. */
export const gnarkPlonkProofLength = (customGates: number): number => GNARK_PLONK_FIXED_PROOF_LENGTH + 0x60 * customGates;

/**
 * gnark's `MarshalSolidity` proof bytes for `key` (its number of custom gates fixes the length:
 * any other length is InputError). Points are checked (below p, on the curve, not at infinity)
 * and evaluations are below r, else VerificationError.
 * @example parseGnarkPlonkProof(key, proofBytes).zAtZetaOmega
 */
export function parseGnarkPlonkProof(key: Pick<GnarkPlonkVerifyingKey, 'qcp'>, bytes: Uint8Array): GnarkPlonkProof {
  const k = key.qcp.length;
  abytes(bytes, gnarkPlonkProofLength(k), 'proof');
  const word = (i: number) => bytesToBigInt(bytes.subarray(WORD * i, WORD * (i + 1)));
  const fr = (i: number, title: string) => toFr(word(i), `proof.${title}`);
  const g1 = (i: number, title: string): G1 => {
    const x = belowP(word(i), `proof.${title}.x`);
    const y = belowP(word(i + 1), `proof.${title}.y`);
    if (x === 0n && y === 0n) throw new VerificationError('ZK_POINT_AT_INFINITY', `"proof.${title}" is the point at infinity`);
    return g1FromAffine(x, y, `proof.${title}`);
  };
  // Evaluations first, as the contract range-checks them before touching a point.
  const evals = {
    lAtZeta: fr(12, 'lAtZeta'),
    rAtZeta: fr(13, 'rAtZeta'),
    oAtZeta: fr(14, 'oAtZeta'),
    s1AtZeta: fr(15, 's1AtZeta'),
    s2AtZeta: fr(16, 's2AtZeta'),
    zAtZetaOmega: fr(19, 'zAtZetaOmega'),
    qcpAtZeta: Array.from({ length: k }, (_, i) => fr(24 + i, `qcpAtZeta[${i}]`)),
  };
  return {
    l: g1(0, 'L'),
    r: g1(2, 'R'),
    o: g1(4, 'O'),
    h: [g1(6, 'H0'), g1(8, 'H1'), g1(10, 'H2')],
    z: g1(17, 'Z'),
    wZeta: g1(20, 'W_zeta'),
    wZetaOmega: g1(22, 'W_zeta_omega'),
    bsb22: Array.from({ length: k }, (_, i) => g1(24 + k + 2 * i, `Bsb22[${i}]`)),
    ...evals,
  };
}

// ---- Fiat–Shamir and hash_fr, as the Solidity template computes them ------------------------

const word32 = (v: bigint): Uint8Array => bigIntToBytesPadded(v, WORD);
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function pointBytes(p: G1): Uint8Array {
  const a = g1ToAffine(p);
  return a === null ? new Uint8Array(64) : concatBytes(word32(a.x), word32(a.y));
}

/** sha256(parts) as a 256-bit integer (the unreduced challenge the next one chains on). */
const hashToInt = (...parts: Uint8Array[]): bigint => bytesToBigInt(sha256(concatBytes(...parts)));

const DST = ascii('BSB22-Plonk');

/**
 * gnark's hash of a BSB22 commitment to Fr: RFC 9380 expand_message_xmd with SHA-256, DST
 * "BSB22-Plonk", 48 output bytes, read big-endian mod r (the template's `hash_fr`).
 */
export function bsb22HashToField(point: G1): bigint {
  const dstPrime = concatBytes(DST, Uint8Array.of(DST.length));
  const b0 = sha256(concatBytes(new Uint8Array(64), pointBytes(point), Uint8Array.of(0, 48, 0), dstPrime));
  const b1 = sha256(concatBytes(b0, Uint8Array.of(1), dstPrime));
  const mixed = b0.map((b, i) => b ^ b1[i]!);
  const b2 = sha256(concatBytes(mixed, Uint8Array.of(2), dstPrime));
  return Fr.reduce(bytesToBigInt(concatBytes(b1, b2.subarray(0, 16))));
}

/**
 * `Verify(proof, public_inputs)` of gnark's Solidity PLONK verifier. Throws VerificationError
 * when it does not verify: ZK_PUBLIC_INPUT_COUNT, ZK_FIELD_OUT_OF_RANGE (an input ≥ r),
 * ZK_PROOF_INVALID (the pairing check, or a zero denominator). Pure.
 * @example verifyGnarkPlonk(key, parseGnarkPlonkProof(key, bytes), [publicInput])
 */
export function verifyGnarkPlonk(key: GnarkPlonkVerifyingKey, proof: GnarkPlonkProof, publicInputs: readonly bigint[]): void {
  const inputs = checkPublicSignals(publicInputs, key.nPublic);
  const k = key.qcp.length;
  if (proof.bsb22.length !== k || proof.qcpAtZeta.length !== k) {
    throw new InputError(`proof has ${proof.bsb22.length} custom-gate commitments, the key ${k}`);
  }

  // 1. Challenges.
  const gammaRaw = hashToInt(
    ascii('gamma'),
    ...key.s.map(pointBytes),
    ...[key.ql, key.qr, key.qm, key.qo, key.qk].map(pointBytes),
    ...key.qcp.map(pointBytes),
    ...inputs.map(word32),
    pointBytes(proof.l),
    pointBytes(proof.r),
    pointBytes(proof.o),
  );
  const betaRaw = hashToInt(ascii('beta'), word32(gammaRaw));
  const alphaRaw = hashToInt(ascii('alpha'), word32(betaRaw), ...proof.bsb22.map(pointBytes), pointBytes(proof.z));
  const zetaRaw = hashToInt(ascii('zeta'), word32(alphaRaw), ...proof.h.map(pointBytes));
  const [gamma, beta, alpha, zeta] = [gammaRaw, betaRaw, alphaRaw, zetaRaw].map(Fr.reduce) as [bigint, bigint, bigint, bigint];

  // 2. Public inputs: Σ wᵢ·Lᵢ(ζ) + Σ hash_fr(Bsb22ᵢ)·L_{nPublic+indexᵢ}(ζ), Lᵢ(ζ) = ωⁱ/n·(ζⁿ−1)/(ζ−ωⁱ).
  const zh = Fr.sub(Fr.pow(zeta, key.size), 1n);
  const points: bigint[] = [];
  let w = 1n;
  for (let i = 0; i < inputs.length; i++, w = Fr.mul(w, key.omega)) points.push(w);
  for (const index of key.commitmentIndices) points.push(Fr.pow(key.omega, BigInt(key.nPublic) + index));
  points.push(1n); // L₀ for α²·L₀(ζ)
  const inv = invertAll(
    points.map((p) => Fr.sub(zeta, p)),
    'ζ is in the evaluation domain',
  );
  const lagrange = points.map((p, i) => Fr.mul(Fr.mul(Fr.mul(p, key.sizeInv), zh), inv[i]!));
  let pi = 0n;
  for (let i = 0; i < inputs.length; i++) pi = Fr.add(pi, Fr.mul(lagrange[i]!, inputs[i]!));
  for (let i = 0; i < k; i++) pi = Fr.add(pi, Fr.mul(bsb22HashToField(proof.bsb22[i]!), lagrange[inputs.length + i]!));
  const alphaSquareL0 = Fr.mul(Fr.mul(lagrange[lagrange.length - 1]!, alpha), alpha);

  // 3. The linearised polynomial: its opening, then its commitment.
  const { lAtZeta: l, rAtZeta: r, oAtZeta: o, s1AtZeta: s1, s2AtZeta: s2, zAtZetaOmega: zw } = proof;
  const lTerm = Fr.add(Fr.add(l, Fr.mul(beta, s1)), gamma);
  const rTerm = Fr.add(Fr.add(r, Fr.mul(beta, s2)), gamma);
  const openingLin = Fr.neg(
    Fr.sub(Fr.add(Fr.mul(Fr.mul(Fr.mul(Fr.mul(lTerm, rTerm), Fr.add(o, gamma)), alpha), zw), pi), alphaSquareL0),
  );
  const coefS3 = Fr.mul(Fr.mul(Fr.mul(Fr.mul(zw, beta), lTerm), rTerm), alpha);
  const betaZeta = Fr.mul(beta, zeta);
  const u = key.cosetShift;
  const coefZ = Fr.add(
    Fr.neg(
      Fr.mul(
        Fr.mul(
          Fr.mul(Fr.add(Fr.add(betaZeta, l), gamma), Fr.add(Fr.add(Fr.mul(betaZeta, u), r), gamma)),
          Fr.add(Fr.add(Fr.mul(betaZeta, Fr.mul(u, u)), o), gamma),
        ),
        alpha,
      ),
    ),
    alphaSquareL0,
  );
  const zetaNPlusTwo = Fr.pow(zeta, key.size + 2n);
  const linCommitment = g1Msm(
    [key.ql, key.qr, key.qm, key.qo, key.qk, ...proof.bsb22, key.s[2], proof.z, ...proof.h],
    [
      l,
      r,
      Fr.mul(l, r),
      o,
      1n,
      ...proof.qcpAtZeta,
      coefS3,
      coefZ,
      Fr.neg(zh),
      Fr.neg(Fr.mul(zh, zetaNPlusTwo)),
      Fr.neg(Fr.mul(zh, Fr.sqr(zetaNPlusTwo))),
    ],
  );

  // 4. Fold the openings at ζ with γ_kzg.
  const gammaKzg = Fr.reduce(
    hashToInt(
      ascii('gamma'),
      word32(zeta),
      pointBytes(linCommitment),
      pointBytes(proof.l),
      pointBytes(proof.r),
      pointBytes(proof.o),
      pointBytes(key.s[0]),
      pointBytes(key.s[1]),
      ...key.qcp.map(pointBytes),
      ...[openingLin, l, r, o, s1, s2, ...proof.qcpAtZeta, zw].map(word32),
    ),
  );
  const foldedPoints = [linCommitment, proof.l, proof.r, proof.o, key.s[0], key.s[1], ...key.qcp];
  const foldedValues = [openingLin, l, r, o, s1, s2, ...proof.qcpAtZeta];
  const powers: bigint[] = [1n];
  for (let i = 1; i < foldedPoints.length; i++) powers.push(Fr.mul(powers[i - 1]!, gammaKzg));
  const digest = g1Msm(foldedPoints, powers);
  let claimed = 0n;
  for (let i = 0; i < foldedValues.length; i++) claimed = Fr.add(claimed, Fr.mul(powers[i]!, foldedValues[i]!));

  // 5. Batch the openings at ζ and ωζ, then one pairing check.
  const random = Fr.reduce(
    hashToInt(pointBytes(digest), pointBytes(proof.wZeta), pointBytes(proof.z), pointBytes(proof.wZetaOmega), word32(zeta), word32(gammaKzg)),
  );
  const zetaOmega = Fr.mul(zeta, key.omega);
  const left = g1Msm(
    [digest, proof.z, key.g1, proof.wZeta, proof.wZetaOmega],
    [1n, random, Fr.neg(Fr.add(claimed, Fr.mul(random, zw))), zeta, Fr.mul(random, zetaOmega)],
  );
  const quotients = g1Add(proof.wZeta, g1Msm([proof.wZetaOmega], [random]));
  if (
    !pairingCheck([
      [left, key.g2[0]],
      [g1Neg(quotients), key.g2[1]],
    ])
  ) {
    throw new VerificationError('ZK_PROOF_INVALID', 'the gnark PLONK pairing check fails');
  }
}

/**
 * Parses and verifies in one call: gnark's Solidity-exported key (source text), the proof bytes
 * as `Verify` takes them, and the public inputs. Throws as the three functions above.
 * @example verifyGnarkPlonkSolidity(readFileSync('PlonkVerifier.sol', 'utf8'), proofBytes, [input])
 */
export function verifyGnarkPlonkSolidity(source: string, proofBytes: Uint8Array, publicInputs: readonly bigint[]): void {
  const key = parseGnarkPlonkSolidityVerifyingKey(source);
  verifyGnarkPlonk(key, parseGnarkPlonkProof(key, proofBytes), publicInputs);
}

/**
 * Vigil's fingerprint of a key: sha256 over its values as 32-byte words (nPublic, n, n⁻¹, ω,
 * coset shift, [Qₗ] [Qᵣ] [Qₘ] [Qₒ] [Qₖ] [S₁] [S₂] [S₃], per custom gate [Qcp] and its index,
 * [1]₁, then [1]₂ and [x]₂ as x.c1 x.c0 y.c1 y.c0). Pins "the key of this release" when the key
 * comes from a contract's source rather than from bytes a release hash names.
 */
export function gnarkPlonkKeyDigest(key: GnarkPlonkVerifyingKey): Uint8Array {
  const g2Words = (q: G2) => [q.x.c1, q.x.c0, q.y.c1, q.y.c0].map(word32);
  return sha256(
    concatBytes(
      ...[BigInt(key.nPublic), key.size, key.sizeInv, key.omega, key.cosetShift].map(word32),
      ...[key.ql, key.qr, key.qm, key.qo, key.qk, ...key.s].map(pointBytes),
      ...key.qcp.flatMap((q, i) => [pointBytes(q), word32(key.commitmentIndices[i]!)]),
      pointBytes(key.g1),
      ...key.g2.flatMap(g2Words),
    ),
  );
}
