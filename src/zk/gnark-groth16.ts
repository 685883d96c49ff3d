/**
 * gnark's Groth16 over BN254 (github.com/consensys/gnark, backend/groth16/bn254), in the forms
 * rollups and zkVMs publish it in, turned into src/zk/groth16.ts's key and proof so that one
 * verifier (`verifyGroth16`, one multi-pairing) checks them all:
 *
 * - the binary verifying key of `VerifyingKey.WriteTo` (what SP1 ships as `groth16_vk.bin` and
 *   hashes into its verifier selector):
 *     [α]₁ [β]₁ [β]₂ [γ]₂ [δ]₁ [δ]₂ ‖ uint32 n ‖ [K₀ … K_{n−1}]₁ ‖ (uint32 0 ‖ uint32 0)
 *   big-endian, each point compressed (gnark-crypto ecc/bn254/marshal.go: the top two bits of
 *   the first byte are 0b10 "y is the smaller root", 0b11 "the larger", 0b01 infinity, 0b00 an
 *   uncompressed point follows) with G2's x written x.A1 ‖ x.A0; the two trailing zero counts
 *   (no Pedersen commitments) are written by gnark ≥ 0.9 and absent before;
 * - the constants of gnark's Solidity export (`ExportSolidity`: `ALPHA_X`, `BETA_NEG_X_0`, …,
 *   `CONSTANT_X`, `PUB_i_X`), which hold −β, −γ, −δ;
 * - the proof as that Solidity verifier takes it: eight 256-bit words, A.x A.y, B.x1 B.x0 B.y1
 *   B.y0, C.x C.y (EIP-197 order, imaginary part first).
 *
 * The Solidity verifier checks e(A, B)·e(C, −δ)·e(α, −β)·e(L, −γ) = 1 with L = K₀ + Σ sᵢ·Kᵢ₊₁;
 * `verifyGroth16` checks the same equation with every pairing inverted.
 *
 * DIFF FROM THE SOLIDITY VERIFIER (stricter, as src/zk/README.md's list for snarkjs):
 * - A, B or C at infinity is refused (ZK_POINT_AT_INFINITY); the EIP-197 precompile takes (0, 0);
 * - key points are checked (on the curve, G2 in the subgroup, none at infinity); the contract
 *   trusts its constants, and gnark's key reader skips the checks only when asked to.
 * @module
 */
import { abytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { type G1, type G2, FIELD_MODULUS, type Fp2Coords, fp2Sqrt, fpSqrt, g1FromAffine, g2FromAffine, millerValue, TWIST_B } from './curve.ts';
import { MAX_PUBLIC_SIGNALS } from './format.ts';
import type { Groth16Proof, Groth16VerificationKey } from './groth16.ts';

const p = FIELD_MODULUS;

// ---- what decompression needs of Fp and Fp2 = Fp[u]/(u² + 1) (the roots come from src/crypto) -----

const mod = (a: bigint): bigint => ((a % p) + p) % p;
type Fp2 = Fp2Coords;
const fp2Mul = (a: Fp2, b: Fp2): Fp2 => [mod(a[0] * b[0] - a[1] * b[1]), mod(a[0] * b[1] + a[1] * b[0])];

/** gnark-crypto's `LexicographicallyLargest`: y > (p − 1)/2; in Fp2 the A1 part decides unless it is 0. */
const HALF_P = (p - 1n) / 2n;
const fpLargest = (y: bigint): boolean => y > HALF_P;
const fp2Largest = (y: Fp2): boolean => (y[1] === 0n ? fpLargest(y[0]) : fpLargest(y[1]));

// ---- gnark's point encoding ------------------------------------------------------------------------

const FLAG_MASK = 0b11 << 6;
const FLAG_UNCOMPRESSED = 0b00 << 6;
/** y is the larger root; 0b10 << 6, the only flag left, says the smaller one. */
const FLAG_LARGEST = 0b11 << 6;
const FLAG_INFINITY = 0b01 << 6;

function word(bytes: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = offset; i < offset + 32; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

function belowP(v: bigint, title: string): bigint {
  if (v >= p) {
    throw new VerificationError('ZK_FIELD_OUT_OF_RANGE', `"${title}" is not below the field modulus p`, {
      expected: '< p',
      got: v.toString(),
    });
  }
  return v;
}

const atInfinity = (title: string): VerificationError =>
  new VerificationError('ZK_POINT_AT_INFINITY', `"${title}" is the point at infinity`);
const notOnCurve = (title: string, curve: string): VerificationError =>
  new VerificationError('ZK_POINT_NOT_ON_CURVE', `"${title}" has no point of ${curve} with its x`);

/** Reads gnark-encoded points off a byte string, front to back; shape errors are InputError. */
class Reader {
  offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly title: string,
  ) {}

  take(n: number, what: string): Uint8Array {
    if (this.offset + n > this.bytes.length) {
      throw new InputError(
        `"${this.title}" ends inside ${what}: expected ${n} bytes at offset ${this.offset}, got ${this.bytes.length - this.offset}`,
      );
    }
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  uint32(what: string): number {
    const b = this.take(4, what);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  /** The flag of the next point, without consuming it. */
  private flag(what: string): number {
    if (this.offset >= this.bytes.length) throw new InputError(`"${this.title}" ends before ${what}`);
    return this.bytes[this.offset]! & FLAG_MASK;
  }

  g1(what: string): G1 {
    const title = `${this.title}.${what}`;
    const flag = this.flag(what);
    if (flag === FLAG_UNCOMPRESSED) {
      const b = this.take(64, what);
      const x = belowP(word(b, 0), `${title}.x`);
      const y = belowP(word(b, 32), `${title}.y`);
      if (x === 0n && y === 0n) throw atInfinity(title);
      return g1FromAffine(x, y, title);
    }
    const b = this.take(32, what);
    const x = word(b, 0) & ((1n << 254n) - 1n);
    if (flag === FLAG_INFINITY) {
      if (x !== 0n) throw new InputError(`"${title}" is flagged as infinity but its other bits are not zero`);
      throw atInfinity(title);
    }
    belowP(x, `${title}.x`);
    const root = fpSqrt(x * x * x + 3n);
    if (root === null) throw notOnCurve(title, 'y² = x³ + 3');
    const y = fpLargest(root) === (flag === FLAG_LARGEST) ? root : mod(-root);
    return g1FromAffine(x, y, title);
  }

  g2(what: string): G2 {
    const title = `${this.title}.${what}`;
    const flag = this.flag(what);
    if (flag === FLAG_UNCOMPRESSED) {
      const b = this.take(128, what);
      const x: Fp2Coords = [belowP(word(b, 32), `${title}.x.c0`), belowP(word(b, 0), `${title}.x.c1`)];
      const y: Fp2Coords = [belowP(word(b, 96), `${title}.y.c0`), belowP(word(b, 64), `${title}.y.c1`)];
      if (x[0] === 0n && x[1] === 0n && y[0] === 0n && y[1] === 0n) throw atInfinity(title);
      return g2FromAffine(x, y, title);
    }
    const b = this.take(64, what);
    const x1 = word(b, 0) & ((1n << 254n) - 1n);
    const x0 = word(b, 32);
    if (flag === FLAG_INFINITY) {
      if (x1 !== 0n || x0 !== 0n) throw new InputError(`"${title}" is flagged as infinity but its other bits are not zero`);
      throw atInfinity(title);
    }
    const x: Fp2 = [belowP(x0, `${title}.x.c0`), belowP(x1, `${title}.x.c1`)];
    const rhs = fp2Mul(fp2Mul(x, x), x);
    const root = fp2Sqrt([mod(rhs[0] + TWIST_B[0]), mod(rhs[1] + TWIST_B[1])]);
    if (root === null) throw notOnCurve(title, "the twist y² = x³ + 3/(9+u)");
    const y: Fp2 = fp2Largest(root) === (flag === FLAG_LARGEST) ? root : [mod(-root[0]), mod(-root[1])];
    return g2FromAffine(x, y, title);
  }
}

function makeKey(alpha: G1, beta: G2, gamma: G2, delta: G2, ic: G1[]): Groth16VerificationKey {
  return { nPublic: ic.length - 1, alpha, beta, gamma, delta, ic, alphaBeta: millerValue([[alpha, beta]]) };
}

/**
 * gnark's binary Groth16 verifying key (`VerifyingKey.WriteTo`, compressed or raw points) as
 * src/zk/groth16.ts's key. Every point is checked. A key with Pedersen commitments (gnark's
 * `Commitment` API) is refused as ZK_VKEY_INVALID: its proofs carry more than (A, B, C).
 * @example parseGnarkGroth16VerifyingKey(readFileSync('groth16_vk.bin')) // SP1's key, nPublic 5
 */
export function parseGnarkGroth16VerifyingKey(bytes: Uint8Array): Groth16VerificationKey {
  abytes(bytes, undefined, 'vkey');
  const r = new Reader(bytes, 'vkey');
  const alpha = r.g1('alpha1');
  r.g1('beta1'); // [β]₁ and [δ]₁ are for provers; read (and checked) to move on.
  const beta = r.g2('beta2');
  const gamma = r.g2('gamma2');
  r.g1('delta1');
  const delta = r.g2('delta2');
  const n = r.uint32('the number of K points');
  if (n < 1 || n > MAX_PUBLIC_SIGNALS + 1) {
    throw new InputError(`"vkey.K" expected 1 to ${MAX_PUBLIC_SIGNALS + 1} points, got ${n}`);
  }
  const ic: G1[] = [];
  for (let i = 0; i < n; i++) ic.push(r.g1(`K[${i}]`));
  if (r.offset !== bytes.length) {
    const committed = r.uint32('the number of commitment wire lists');
    const keys = r.uint32('the number of commitment keys');
    if (committed !== 0 || keys !== 0) {
      throw new VerificationError('ZK_VKEY_INVALID', 'the gnark key has Pedersen commitments, which this verifier does not take', {
        expected: '0 commitments',
        got: `${keys}`,
      });
    }
    if (r.offset !== bytes.length) {
      throw new InputError(`"vkey" expected ${r.offset} bytes, got ${bytes.length}`);
    }
  }
  return makeKey(alpha, beta, gamma, delta, ic);
}

const CONSTANT_RE = /\buint256\s+constant\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(0x[0-9a-fA-F]+|[0-9]+)\s*;/g;
const KEY_PREFIXES = ['ALPHA_', 'BETA_NEG_', 'GAMMA_NEG_', 'DELTA_NEG_', 'CONSTANT_', 'PUB_'];

/**
 * The verifying key in gnark's Solidity export, read from its `uint256 constant NAME = value;`
 * declarations (decimal or hex, over any whitespace): α, −β, −γ, −δ (G2 "in powers of i":
 * `_0` the real part), `CONSTANT` = K₀ and `PUB_0 … PUB_{n−1}`. Other constants (P, R, the
 * square-root exponents) are ignored; a key with Pedersen commitment constants is refused.
 * @example parseGnarkSolidityVerifyingKey(readFileSync('Groth16Verifier.sol', 'utf8'))
 */
export function parseGnarkSolidityVerifyingKey(source: string): Groth16VerificationKey {
  if (typeof source !== 'string') throw new InputError(`"source" expected a string, got ${typeof source}`);
  const constants = new Map<string, bigint>();
  for (const [, name, value] of source.matchAll(CONSTANT_RE)) {
    if (!KEY_PREFIXES.some((prefix) => name!.startsWith(prefix)) && !name!.startsWith('PEDERSEN_')) continue;
    if (constants.has(name!)) throw new InputError(`"source" declares ${name} twice`);
    constants.set(name!, BigInt(value!));
  }
  if ([...constants.keys()].some((name) => name.startsWith('PEDERSEN_'))) {
    throw new VerificationError('ZK_VKEY_INVALID', 'the Solidity key has Pedersen commitments, which this verifier does not take');
  }
  const get = (name: string): bigint => {
    const v = constants.get(name);
    if (v === undefined) throw new InputError(`"source" has no constant ${name}`);
    return belowP(v, name);
  };
  const g1 = (prefix: string): G1 => {
    const x = get(`${prefix}_X`);
    const y = get(`${prefix}_Y`);
    if (x === 0n && y === 0n) throw atInfinity(prefix);
    return g1FromAffine(x, y, prefix);
  };
  /** −Q as written → Q. */
  const negatedG2 = (prefix: string): G2 => {
    const x: Fp2Coords = [get(`${prefix}_X_0`), get(`${prefix}_X_1`)];
    const y: Fp2Coords = [get(`${prefix}_Y_0`), get(`${prefix}_Y_1`)];
    if (x[0] === 0n && x[1] === 0n && y[0] === 0n && y[1] === 0n) throw atInfinity(prefix);
    return g2FromAffine(x, [mod(-y[0]), mod(-y[1])], prefix.replace('_NEG', ''));
  };
  const ic = [g1('CONSTANT')];
  while (constants.has(`PUB_${ic.length - 1}_X`)) ic.push(g1(`PUB_${ic.length - 1}`));
  const extra = [...constants.keys()].filter((name) => name.startsWith('PUB_') && !/^PUB_\d+_[XY]$/.test(name));
  const beyond = [...constants.keys()].filter((name) => /^PUB_\d+_[XY]$/.test(name) && Number(name.split('_')[1]) >= ic.length - 1);
  if (extra.length > 0 || beyond.length > 0) {
    throw new InputError(`"source" has public-input constants out of sequence: ${[...extra, ...beyond].join(', ')}`);
  }
  return makeKey(g1('ALPHA'), negatedG2('BETA_NEG'), negatedG2('GAMMA_NEG'), negatedG2('DELTA_NEG'), ic);
}

/** Length of a gnark Groth16 proof as its Solidity verifier takes it (`uint256[8]`). */
export const GNARK_GROTH16_PROOF_LENGTH = 256;

/**
 * The eight words of gnark's Solidity `verifyProof(uint256[8] proof, …)`: A.x, A.y, B.x1, B.x0,
 * B.y1, B.y0, C.x, C.y. Points are checked (on the curve, B in the subgroup, none at infinity).
 * @example parseGnarkGroth16Proof(proofBytes.subarray(4 + 96)) // an SP1 v6 proof's last 256 bytes
 */
export function parseGnarkGroth16Proof(bytes: Uint8Array): Groth16Proof {
  abytes(bytes, GNARK_GROTH16_PROOF_LENGTH, 'proof');
  const w = (i: number, title: string): bigint => belowP(word(bytes, 32 * i), title);
  const g1 = (i: number, title: string): G1 => {
    const x = w(i, `${title}.x`);
    const y = w(i + 1, `${title}.y`);
    if (x === 0n && y === 0n) throw atInfinity(title);
    return g1FromAffine(x, y, title);
  };
  const a = g1(0, 'proof.A');
  const x: Fp2Coords = [w(3, 'proof.B.x.c0'), w(2, 'proof.B.x.c1')];
  const y: Fp2Coords = [w(5, 'proof.B.y.c0'), w(4, 'proof.B.y.c1')];
  if (x[0] === 0n && x[1] === 0n && y[0] === 0n && y[1] === 0n) throw atInfinity('proof.B');
  const b = g2FromAffine(x, y, 'proof.B');
  const c = g1(6, 'proof.C');
  return { a, b, c };
}
