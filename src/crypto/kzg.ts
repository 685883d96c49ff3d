/**
 * KZG point evaluation (EIP-4844 `verify_kzg_proof`, the check behind the 0x0a precompile) on
 * @noble/curves BLS12-381. One check needs one element of the trusted setup, [τ]₂, so the
 * 4096-point setup file is not shipped: e(C − [y]₁, −[1]₂) · e(π, [τ]₂ − [z]₂) = 1.
 * @module
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';

const { G1, G2, fields, pairingBatch } = bls12_381;

/** BLS_MODULUS: the order of G1 and G2, the field of blob elements. */
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/**
 * KZG_SETUP_G2_MONOMIAL[1] of the Ethereum KZG ceremony (consensus-specs
 * presets/mainnet/trusted_setups/trusted_setup_4096.json, g2_monomial[1]).
 */
const TAU_G2_HEX =
  '0xb5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2';

let tauG2: typeof G2.Point.BASE | undefined;
const G1_INFINITY_FLAG = 0xc0;

/** bytes_to_kzg_commitment / bytes_to_kzg_proof: the point at infinity, or a key-valid G1 point. */
function g1FromBytes(bytes: Uint8Array, title: string): typeof G1.Point.BASE {
  if (bytes.length !== 48) throw new InputError(`${title} expected 48 bytes, got ${bytes.length}`);
  if (bytes[0] === G1_INFINITY_FLAG && bytes.subarray(1).every((b) => b === 0)) return G1.Point.ZERO;
  try {
    // noble decodes compressed points with every ZCash-format check and the subgroup check.
    return G1.Point.fromBytes(bytes);
  } catch (cause) {
    throw new InputError(`${title} is not a valid compressed G1 point`, { cause });
  }
}

/** bytes_to_bls_field: a canonical field element (below BLS_MODULUS). */
function fieldFromBytes(bytes: Uint8Array, title: string): bigint {
  if (bytes.length !== 32) throw new InputError(`${title} expected 32 bytes, got ${bytes.length}`);
  const x = bytesToBigInt(bytes);
  if (x >= BLS_MODULUS) throw new InputError(`${title} is not below BLS_MODULUS`);
  return x;
}

/**
 * verify_kzg_proof: does the polynomial committed to by `commitment` evaluate to `y` at `z`?
 * @throws InputError when an input is not a valid encoding (the spec's asserts)
 */
export function verifyKzgProof(commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean {
  const c = g1FromBytes(commitment, 'commitment');
  const pi = g1FromBytes(proof, 'proof');
  const zf = fieldFromBytes(z, 'z');
  const yf = fieldFromBytes(y, 'y');
  tauG2 ??= G2.Point.fromBytes(hexToBytes(TAU_G2_HEX, 96, 'tau'));
  // multiply() refuses 0: subtract only what is there.
  const pMinusY = yf === 0n ? c : c.subtract(G1.Point.BASE.multiply(yf));
  const xMinusZ = zf === 0n ? tauG2 : tauG2.subtract(G2.Point.BASE.multiply(zf));
  // A pair with the point at infinity contributes 1 to the product.
  const pairs = [
    { g1: pMinusY, g2: G2.Point.BASE.negate() },
    { g1: pi, g2: xMinusZ },
  ].filter((p) => !p.g1.is0() && !p.g2.is0());
  return fields.Fp12.eql(pairingBatch(pairs), fields.Fp12.ONE);
}
