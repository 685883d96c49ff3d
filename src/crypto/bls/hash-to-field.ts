/**
 * hash_to_field for BLS12-381's G2 (RFC 9380 §5.2, §5.3.1): expand_message_xmd with SHA-256
 * (through Vigil's one sha256), then 64-byte chunks reduced mod p into two Fp2 elements. The
 * WASM kernel maps them to the curve (wasm/bls12381/hash-to-g2.ts). @noble/curves does the
 * same inside its own hashToCurve, which the fallback backend uses.
 * @module
 */
import { bytesToBigInt, concatBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { sha256 } from '../sha256.ts';
import { FIELD_MODULUS } from './backend.ts';

const utf8 = /* @__PURE__ */ new TextEncoder();

/** expand_message_xmd(msg, DST, len) with SHA-256 (b = 32, r = 64 bytes). */
export function expandMessageXmd(message: Uint8Array, dst: Uint8Array, length: number): Uint8Array {
  if (dst.length > 255) dst = sha256(concatBytes(utf8.encode('H2C-OVERSIZE-DST-'), dst));
  const ell = Math.ceil(length / 32);
  if (ell > 255 || length > 65535) throw new InputError(`expand_message_xmd: length ${length} too large`);
  const dstPrime = concatBytes(dst, Uint8Array.of(dst.length));
  const b0 = sha256(concatBytes(new Uint8Array(64), message, Uint8Array.of(length >> 8, length & 0xff, 0), dstPrime));
  const out = new Uint8Array(ell * 32);
  let prev = sha256(concatBytes(b0, Uint8Array.of(1), dstPrime));
  out.set(prev, 0);
  for (let i = 2; i <= ell; i++) {
    const x = new Uint8Array(32);
    for (let j = 0; j < 32; j++) x[j] = b0[j]! ^ prev[j]!;
    prev = sha256(concatBytes(x, Uint8Array.of(i), dstPrime));
    out.set(prev, (i - 1) * 32);
  }
  return out.subarray(0, length);
}

/**
 * hash_to_field(msg, 2) over Fp2 (m = 2, L = 64): [u0.c0, u0.c1, u1.c0, u1.c1], each below p.
 * @example hashToFieldFp2(signingRoot, DST_POP) // four bigints
 */
export function hashToFieldFp2(message: Uint8Array, dst: string | Uint8Array): [bigint, bigint, bigint, bigint] {
  const bytes = expandMessageXmd(message, typeof dst === 'string' ? utf8.encode(dst) : dst, 256);
  const e = (i: number): bigint => bytesToBigInt(bytes.subarray(64 * i, 64 * i + 64)) % FIELD_MODULUS;
  return [e(0), e(1), e(2), e(3)];
}
