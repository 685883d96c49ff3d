/**
 * The one Poseidon of Vigil: circomlib's Poseidon over the BN254 scalar field (x⁵ S-box, 8 full
 * rounds, the circomlib/circomlibjs round constants and MDS matrices), as the `vigil-zk-v1`
 * rollup (circuits/SPEC.md), its circuit (circomlib `Poseidon(n)`) and its L1 contract
 * (poseidon-solidity `PoseidonT(n+1)`) compute it. Backed by poseidon-lite 0.3.0.
 *
 * Inputs are field elements given as bigints and must already be below r: poseidon-lite would
 * reduce a larger value silently, which would let two different inputs (x and x + r) hash alike
 * here while the circuit or a contract saw them differently. Anything else throws InputError.
 * @module
 */
import { poseidon1 } from 'poseidon-lite/poseidon1';
import { poseidon2 } from 'poseidon-lite/poseidon2';
import { poseidon3 } from 'poseidon-lite/poseidon3';
import { poseidon4 } from 'poseidon-lite/poseidon4';
import { poseidon5 } from 'poseidon-lite/poseidon5';
import { describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { BN254_R } from './bn254/types.ts';

/** The BN254 scalar field's order r: every Poseidon input and output is below it. */
export const FIELD_ORDER: bigint = BN254_R;

/** Most inputs one Poseidon call takes (circomlib's Poseidon(n) for n ≤ 5 is what Vigil uses). */
export const POSEIDON_MAX_INPUTS = 5;

type PoseidonN = (inputs: bigint[]) => bigint;
const BY_ARITY: readonly PoseidonN[] = [poseidon1, poseidon2, poseidon3, poseidon4, poseidon5];

/** True when `value` is a bigint in [0, r). */
export function isFieldElement(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value < FIELD_ORDER;
}

/**
 * Throws InputError unless `value` is a bigint in [0, r). Returns it.
 * @example afield(5n, 'amount') // 5n
 */
export function afield(value: unknown, title = 'value'): bigint {
  if (typeof value !== 'bigint') throw new InputError(`"${title}" expected a field element (bigint), got ${describe(value)}`);
  if (value < 0n || value >= FIELD_ORDER) {
    throw new InputError(`"${title}" expected a field element below r, got ${value}`);
  }
  return value;
}

/**
 * Poseidon(x1, …, xn) for n = 1..5, each xi in [0, r).
 * @example poseidon([1n, 2n]) // 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an
 */
export function poseidon(inputs: readonly bigint[]): bigint {
  if (!Array.isArray(inputs)) throw new InputError(`"inputs" expected an array of field elements, got ${describe(inputs)}`);
  const n = inputs.length;
  if (n < 1 || n > POSEIDON_MAX_INPUTS) {
    throw new InputError(`"inputs" expected 1 to ${POSEIDON_MAX_INPUTS} field elements, got ${n}`);
  }
  for (let i = 0; i < n; i++) afield(inputs[i], `inputs[${i}]`);
  return BY_ARITY[n - 1]!(inputs.slice());
}

/**
 * Poseidon(left, right): the node hash of Poseidon Merkle trees.
 * @example poseidonPair(0n, 0n) // 0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864n
 */
export function poseidonPair(left: bigint, right: bigint): bigint {
  afield(left, 'left');
  afield(right, 'right');
  return poseidon2([left, right]);
}
