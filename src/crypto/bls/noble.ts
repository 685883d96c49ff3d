/**
 * The @noble/curves BLS12-381 backend of src/crypto/bls.ts: the reference the WASM kernel is
 * tested against, and the fallback where WebAssembly is missing. With src/crypto/kzg.ts (the
 * 0x0a precompile's point evaluation), the only modules of Vigil's runtime that import `bls12_381`.
 *
 * Two things are written here rather than taken from noble, both for speed:
 * - G1 decompression: noble's `Point.fromBytes` always runs the subgroup check (~1.2 ms a key),
 *   which committee keys do not need (see `preparePublicKeys`); ours stops at "on the curve".
 * - G1/G2 compression: noble's encoders re-run the subgroup check on every call.
 * Everything else (field and curve arithmetic, hash_to_curve, the Miller loop, the final
 * exponentiation, signature decoding with its G2 subgroup check) is noble's.
 * @module
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToBigInt } from '../../core/bytes.ts';
import { type BlsBackend, type Decoded, FIELD_MODULUS } from './backend.ts';

const { G1, G2, fields, millerLoopBatch, utils } = bls12_381;
const { Fp, Fp12 } = fields;

type G1Point = typeof G1.Point.BASE;
type G2Point = typeof G2.Point.BASE;

const FLAG_COMPRESSED = 0x80;
const FLAG_INFINITY = 0x40;
const FLAG_SORT = 0x20;
/** The 381 bits of x below the three flag bits of a 48-byte big-endian word. */
const X_MASK = (1n << 381n) - 1n;
const HALF_P = (FIELD_MODULUS - 1n) / 2n;
/** Curve E1: y² = x³ + 4. */
const B1 = 4n;

/** −g1, affine, the fixed G1 side of the pairing check. */
const NEG_G1 = /* @__PURE__ */ G1.Point.BASE.negate().toAffine();

/** y is "lexicographically largest" (the sort flag): y > (p−1)/2. */
const isLarger = (y: bigint): boolean => y > HALF_P;

function g1Decompress(bytes: Uint8Array): Decoded<G1Point> {
  const flags = bytes[0]!;
  if ((flags & FLAG_COMPRESSED) === 0) return { error: 'compression flag does not match the length' };
  const x = bytesToBigInt(bytes) & X_MASK;
  if (flags & FLAG_INFINITY) {
    if (flags & FLAG_SORT || x !== 0n) return { error: 'non-canonical encoding of the point at infinity' };
    return { point: G1.Point.ZERO };
  }
  if (x >= FIELD_MODULUS) return { error: 'coordinate not below the field modulus' };
  let y: bigint;
  try {
    y = Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), B1));
  } catch {
    return { error: 'not a point of the curve' };
  }
  if (isLarger(y) !== ((flags & FLAG_SORT) !== 0)) y = Fp.neg(y);
  return { point: G1.Point.fromAffine({ x, y }) };
}

function fieldBytes(value: bigint, out: Uint8Array, offset: number): void {
  for (let i = offset + 47; i >= offset; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

function g1Compress(point: G1Point): Uint8Array {
  const out = new Uint8Array(48);
  if (point.is0()) {
    out[0] = FLAG_COMPRESSED | FLAG_INFINITY;
    return out;
  }
  const { x, y } = point.toAffine();
  fieldBytes(x, out, 0);
  out[0]! |= FLAG_COMPRESSED | (isLarger(y) ? FLAG_SORT : 0);
  return out;
}

function g1Uncompressed(point: G1Point): Uint8Array {
  const out = new Uint8Array(96);
  if (point.is0()) {
    out[0] = FLAG_INFINITY;
    return out;
  }
  const { x, y } = point.toAffine();
  fieldBytes(x, out, 0);
  fieldBytes(y, out, 48);
  return out;
}

function g1FromUncompressed(bytes: Uint8Array): Decoded<G1Point> {
  const flags = bytes[0]!;
  if (flags & FLAG_COMPRESSED) return { error: 'compression flag does not match the length' };
  const x = bytesToBigInt(bytes.subarray(0, 48)) & X_MASK;
  const y = bytesToBigInt(bytes.subarray(48));
  if (flags & FLAG_SORT) return { error: 'non-canonical encoding of the point at infinity' };
  if (flags & FLAG_INFINITY) {
    if (x !== 0n || y !== 0n) return { error: 'non-canonical encoding of the point at infinity' };
    return { point: G1.Point.ZERO };
  }
  if (x >= FIELD_MODULUS || y >= FIELD_MODULUS) return { error: 'coordinate not below the field modulus' };
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), B1)) return { error: 'not a point of the curve' };
  return { point: G1.Point.fromAffine({ x, y }) };
}

function g2Compress(point: G2Point): Uint8Array {
  const out = new Uint8Array(96);
  if (point.is0()) {
    out[0] = FLAG_COMPRESSED | FLAG_INFINITY;
    return out;
  }
  const { x, y } = point.toAffine();
  fieldBytes(x.c1, out, 0);
  fieldBytes(x.c0, out, 48);
  // Fp2 order for the sort flag: by c1, or by c0 when c1 is zero.
  const larger = y.c1 !== 0n ? isLarger(y.c1) : isLarger(y.c0);
  out[0]! |= FLAG_COMPRESSED | (larger ? FLAG_SORT : 0);
  return out;
}

function g2Decompress(bytes: Uint8Array): Decoded<G2Point> {
  try {
    // Checks flags, x < p, the square root and the G2 subgroup.
    return { point: bls12_381.longSignatures.Signature.fromBytes(bytes) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export const nobleBls: BlsBackend<G1Point, G2Point> = {
  name: 'noble',
  g1Decompress,
  g1Compress,
  g1FromUncompressed,
  g1Uncompressed,
  g1IsIdentity: (p) => p.is0(),
  g1InSubgroup: (p) => p.isTorsionFree(),
  g1Combine(add, sub) {
    let acc = G1.Point.ZERO;
    for (const p of add) acc = acc.add(p);
    for (const p of sub) acc = acc.subtract(p);
    return acc;
  },
  g1MulBase: (k) => G1.Point.BASE.multiply(k),
  g2Decompress,
  g2Compress,
  g2IsIdentity: (p) => p.is0(),
  g2Combine: (points) => points.reduce((acc, p) => acc.add(p), G2.Point.ZERO),
  g2Mul: (p, k) => p.multiply(k),
  g2Affine: (p) => {
    const { x, y } = p.toAffine();
    return { x: { c0: x.c0, c1: x.c1 }, y: { c0: y.c0, c1: y.c1 } };
  },
  hashToG2: (message, dst) => G2.hashToCurve(message, { DST: dst }),
  pairingCheck(pk, hm, sig) {
    const { x, y } = pk.toAffine();
    const f = millerLoopBatch([
      [utils.calcPairingPrecomputes(hm), x, y],
      [utils.calcPairingPrecomputes(sig), NEG_G1.x, NEG_G1.y],
    ]);
    return Fp12.eql(Fp12.finalExponentiate(f), Fp12.ONE);
  },
};
