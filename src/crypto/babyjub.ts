/**
 * EdDSA over Baby Jubjub with Poseidon (EIP-2494's curve; circomlib's `EdDSAPoseidonVerifier`;
 * circuits/SPEC.md "Signatures"): keys from a 32-byte secret, signatures and their verification,
 * bit for bit as @zk-kit/eddsa-poseidon 1.x (and circomlibjs) derive and sign.
 *
 * Written here on @noble/hashes' BLAKE-512 and ./poseidon.ts rather than called through
 * @zk-kit/eddsa-poseidon: that package's ESM build imports named exports from blakejs, a
 * CommonJS module, which Node's ESM loader refuses, so it cannot load where our sources run
 * unbundled (the tests, the devnet under vitest). The package stays the reference: the tests
 * compare keys and signatures with it on fixed and random inputs, and the signatures with
 * circomlib's verifier circuit.
 *
 * The scheme (circomlibjs `prv2pub` / `signPoseidon` / `verifyPoseidon`):
 * - h = BLAKE-512(secret); s = the first 32 bytes, little-endian, pruned (low 3 bits cleared,
 *   bit 255 cleared, bit 254 set); A = (s >> 3)·B8.
 * - sign M: r = LE(BLAKE-512(h[32..64] ‖ LE32(M))) mod l; R8 = r·B8;
 *   S = (r + Poseidon(R8x, R8y, Ax, Ay, M)·s) mod l.
 * - verify: S < l, R8 and A on the curve, 8·A not the identity's x = 0 (circomlib refuses keys
 *   of small order: for them S·B8 = R8 holds for any message), and S·B8 = R8 + (8·H)·A with
 *   H = Poseidon(R8x, R8y, Ax, Ay, M) taken as an integer (not reduced mod l, as the circuit).
 *
 * Malformed input (a secret that is not 32 bytes, a coordinate or message not below r) throws
 * InputError; a well-formed signature that does not verify returns false.
 * @module
 */
import { blake512 } from '@noble/hashes/blake1.js';
import { abytes, describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { afield, FIELD_ORDER, poseidon } from './poseidon.ts';

/** The order l of Baby Jubjub's prime-order subgroup (EIP-2494): a valid S is below it. */
export const SUBGROUP_ORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;
/** Twisted Edwards coefficients of Baby Jubjub (EIP-2494): a·x² + y² = 1 + d·x²·y². */
const A_COEFF = 168700n;
const D_COEFF = 168696n;
/** B8 (EIP-2494's `Base8`): 8 times the generator, of order l. */
export const BASE8 = {
  x: 5299619240641551281634865583518297030282874472190772894086521144482721001553n,
  y: 16950150798460657717958625567821834550301663161624707787222815936182638968203n,
} as const;

/** An L2 public key (Ax, Ay): a point of Baby Jubjub. */
export interface BabyJubPublicKey {
  readonly ax: bigint;
  readonly ay: bigint;
}

/** An EdDSA-Poseidon signature (R8, S), named as the circuit's inputs and the L2 RPC name them. */
export interface EdDSASignature {
  readonly R8x: bigint;
  readonly R8y: bigint;
  readonly S: bigint;
}

const P = FIELD_ORDER;
const mod = (x: bigint, m: bigint = P): bigint => {
  const v = x % m;
  return v < 0n ? v + m : v;
};

function inverse(x: bigint): bigint {
  let [a, b, u, v] = [mod(x), P, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b] = [b - q * a, a];
    [u, v] = [v - q * u, u];
  }
  if (b !== 1n) throw new InputError('no inverse of 0'); // unreachable for points on the curve
  return mod(v);
}

/** Projective (X : Y : Z), x = X/Z, y = Y/Z. */
type Projective = readonly [bigint, bigint, bigint];
const IDENTITY: Projective = [0n, 1n, 1n];

/**
 * Projective twisted Edwards addition (Bernstein–Birkner–Joye–Lange–Peters 2008, "add-2008-bbjlp"):
 * complete on Baby Jubjub (a a square, d not), so it also doubles.
 */
function add(p: Projective, q: Projective): Projective {
  const [x1, y1, z1] = p;
  const [x2, y2, z2] = q;
  const a = mod(z1 * z2);
  const b = mod(a * a);
  const c = mod(x1 * x2);
  const d = mod(y1 * y2);
  const e = mod(D_COEFF * mod(c * d));
  const f = mod(b - e);
  const g = mod(b + e);
  const x3 = mod(a * mod(f * mod((x1 + y1) * (x2 + y2) - c - d)));
  const y3 = mod(a * mod(g * mod(d - A_COEFF * c)));
  return [x3, y3, mod(f * g)];
}

function multiply(x: bigint, y: bigint, scalar: bigint): [bigint, bigint] {
  let acc = IDENTITY;
  let base: Projective = [x, y, 1n];
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) acc = add(acc, base);
    base = add(base, base);
  }
  return toAffine(acc);
}

function toAffine([x, y, z]: Projective): [bigint, bigint] {
  const zi = inverse(z);
  return [mod(x * zi), mod(y * zi)];
}

/** True when (x, y), both below r, lies on Baby Jubjub. */
export function isOnCurve(x: bigint, y: bigint): boolean {
  const x2 = mod(x * x);
  const y2 = mod(y * y);
  return mod(A_COEFF * x2 + y2) === mod(1n + D_COEFF * mod(x2 * y2));
}

const leBytesToBigInt = (bytes: Uint8Array): bigint => {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
};

function bigIntToLe32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0, v = value; i < 32; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** BLAKE-512 of the secret and the pruned scalar s of its first half. */
function expand(secret: unknown): { h: Uint8Array; s: bigint } {
  const h = blake512(abytes(secret, 32, 'secret'));
  const half = h.slice(0, 32);
  half[0]! &= 0xf8;
  half[31]! &= 0x7f;
  half[31]! |= 0x40;
  return { h, s: leBytesToBigInt(half) };
}

/**
 * The public key of a 32-byte secret, as @zk-kit/eddsa-poseidon's `derivePublicKey`.
 * @example derivePublicKey(secret) // { ax: 1327742…n, ay: 1362222…n } for circomlibjs's test secret 00010203…0001
 */
export function derivePublicKey(secret: Uint8Array): BabyJubPublicKey {
  const { s } = expand(secret);
  const [ax, ay] = multiply(BASE8.x, BASE8.y, s >> 3n);
  return { ax, ay };
}

/**
 * Signs the field element `message` with the key of `secret`, as @zk-kit/eddsa-poseidon's
 * `signMessage` (deterministic: the nonce comes from the secret and the message).
 * @example signPoseidon(secret, poseidon([2n, 0n, 1n, 5n, 0n])) // { R8x, R8y, S }
 */
export function signPoseidon(secret: Uint8Array, message: bigint): EdDSASignature {
  const { h, s } = expand(secret);
  afield(message, 'message');
  const [ax, ay] = multiply(BASE8.x, BASE8.y, s >> 3n);
  const nonceInput = new Uint8Array(64);
  nonceInput.set(h.subarray(32, 64), 0);
  nonceInput.set(bigIntToLe32(message), 32);
  const r = mod(leBytesToBigInt(blake512(nonceInput)), SUBGROUP_ORDER);
  const [r8x, r8y] = multiply(BASE8.x, BASE8.y, r);
  const hm = poseidon([r8x, r8y, ax, ay, message]);
  return { R8x: r8x, R8y: r8y, S: mod(r + hm * s, SUBGROUP_ORDER) };
}

/**
 * Whether `signature` signs `message` under `publicKey`, as circomlib's `EdDSAPoseidonVerifier`
 * decides for points on the curve.
 * @example verifyPoseidon(message, signPoseidon(secret, message), derivePublicKey(secret)) // true
 */
export function verifyPoseidon(message: bigint, signature: EdDSASignature, publicKey: BabyJubPublicKey): boolean {
  afield(message, 'message');
  if (typeof signature !== 'object' || signature === null) {
    throw new InputError(`"signature" expected {R8x, R8y, S}, got ${describe(signature)}`);
  }
  if (typeof publicKey !== 'object' || publicKey === null) {
    throw new InputError(`"publicKey" expected {ax, ay}, got ${describe(publicKey)}`);
  }
  const r8x = afield(signature.R8x, 'signature.R8x');
  const r8y = afield(signature.R8y, 'signature.R8y');
  const s = afield(signature.S, 'signature.S');
  const ax = afield(publicKey.ax, 'publicKey.ax');
  const ay = afield(publicKey.ay, 'publicKey.ay');
  if (s >= SUBGROUP_ORDER || !isOnCurve(ax, ay) || !isOnCurve(r8x, r8y)) return false;
  const [a8x, a8y] = multiply(ax, ay, 8n);
  if (a8x === 0n) return false; // A of small order
  const hm = poseidon([r8x, r8y, ax, ay, message]);
  const [lx, ly] = multiply(BASE8.x, BASE8.y, s);
  const [rx, ry] = toAffine(add([r8x, r8y, 1n], [...multiply(a8x, a8y, hm), 1n]));
  return lx === rx && ly === ry;
}
