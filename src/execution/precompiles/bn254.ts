/**
 * The EVM's BN254 precompiles (EIP-196 ecAdd 0x06, ecMul 0x07; EIP-197 ecPairing 0x08) on Vigil's
 * curve front door (src/crypto/bn254.ts: the WASM kernel once it is instantiated, @noble/curves
 * before), plugged into @ethereumjs/evm through its `EVMBN254Interface`.
 *
 * @ethereumjs/evm does the framing (input padding and truncation, the pairing input's length
 * check, gas); this answers what its default (`NobleBN254`) answers, byte for byte, and fails
 * where it fails with the same error, so a run's output, error and gas do not depend on which of
 * the two is plugged in (test/unit/execution/bn254-precompiles.test.ts holds them equal):
 * - a G1 point is (x, y) with both below p and on y² = x³ + 3, or (0, 0) for infinity;
 * - a G2 point (EIP-197 order: x.c1, x.c0, y.c1, y.c0) with a coordinate not below p fails with
 *   `fp point not in field`; off the twist or outside the order-r subgroup fails like a bad G1
 *   point (the precompile's generic `revert`); all zero is infinity;
 * - ecMul takes the scalar modulo r (every G1 point has order r: the cofactor is 1);
 * - the pairing checks its pairs in order, each G1 then its G2, and the first failure is the answer;
 *   an empty input is the empty product, 1.
 * Either failure consumes the call's gas, as every precompile failure does.
 *
 * `createEVM` always installs `NobleBN254` (it overwrites `opts.bn254`): {@link useBn254Precompiles}
 * replaces it on the EVM it made.
 * @module
 */
import { type EVM, EVMError, type EVMBN254Interface } from '@ethereumjs/evm';
import { bigIntToBytesPadded, bytesToBigInt, concatBytes } from '../../core/bytes.ts';
import { BN254_P, BN254_R, type G1Point, type G2Point, g1Add, g1IsOnCurve, g1Mul, g2IsInSubgroup, pairingCheck, type PairingPair } from '../../crypto/bn254.ts';

const WORD = 32;
const PAIR_BYTES = 192;

/** The precompile's generic failure (what @ethereumjs/evm makes of any error that is not an EVMError). */
const invalidPoint = () => new EVMError(EVMError.errorMessages.REVERT);
const notInField = () => new EVMError(EVMError.errorMessages.BN254_FP_NOT_IN_FIELD);

const word = (input: Uint8Array, i: number): bigint => bytesToBigInt(input.subarray(i * WORD, (i + 1) * WORD));

function readG1(input: Uint8Array, at: number): G1Point {
  const p = { x: word(input, at), y: word(input, at + 1) };
  if (p.x >= BN254_P || p.y >= BN254_P || !g1IsOnCurve(p)) throw invalidPoint();
  return p;
}

function readG2(input: Uint8Array, at: number): G2Point {
  const [x1, x0, y1, y0] = [word(input, at), word(input, at + 1), word(input, at + 2), word(input, at + 3)];
  if (x1 >= BN254_P || x0 >= BN254_P || y1 >= BN254_P || y0 >= BN254_P) throw notInField();
  const q = { x: { c0: x0, c1: x1 }, y: { c0: y0, c1: y1 } };
  // g2IsInSubgroup is false for points off the twist too; its verdict is cached by coordinates, so
  // the pairing below does not check the same point again.
  if (!g2IsInSubgroup(q)) throw invalidPoint();
  return q;
}

const g1Bytes = (p: G1Point): Uint8Array => concatBytes(bigIntToBytesPadded(p.x, WORD), bigIntToBytesPadded(p.y, WORD));
const ONE = bigIntToBytesPadded(1n, WORD);
const ZERO = new Uint8Array(WORD);

/**
 * BN254 for the EVM on Vigil's kernel. Inputs arrive framed by the precompile: 128 bytes for add,
 * 96 for mul, a multiple of 192 for the pairing.
 * @example const evm = await createEVM({ common }); useBn254Precompiles(evm);
 */
export const vigilBn254: EVMBN254Interface = {
  add(input: Uint8Array): Uint8Array {
    return g1Bytes(g1Add(readG1(input, 0), readG1(input, 2)));
  },
  mul(input: Uint8Array): Uint8Array {
    const p = readG1(input, 0);
    return g1Bytes(g1Mul(p, word(input, 2) % BN254_R));
  },
  pairing(input: Uint8Array): Uint8Array {
    const pairs: PairingPair[] = [];
    for (let at = 0; at + PAIR_BYTES <= input.length; at += PAIR_BYTES) {
      const words = at / WORD;
      pairs.push([readG1(input, words), readG2(input, words + 2)]);
    }
    return pairingCheck(pairs) ? ONE : ZERO;
  },
};

/** Which BN254 the EVM's precompiles run on: Vigil's (WASM) or @ethereumjs/evm's default (@noble/curves). */
export type Bn254Precompiles = 'vigil' | 'ethereumjs';

/** Puts {@link vigilBn254} behind `evm`'s 0x06–0x08 ('ethereumjs' leaves its default); returns `evm`. */
export function useBn254Precompiles(evm: EVM, which: Bn254Precompiles = 'vigil'): EVM {
  if (which === 'vigil') (evm as unknown as { _bn254: EVMBN254Interface })._bn254 = vigilBn254;
  return evm;
}
