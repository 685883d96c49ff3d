/**
 * Untrusted bytes into trusted values, as the spec's asserts do (deneb/polynomial-commitments.md
 * bytes_to_bls_field, validate_kzg_g1, bytes_to_kzg_commitment, bytes_to_kzg_proof,
 * blob_to_polynomial; fulu cell_to_coset_evals), with Vigil's split of the asserts: a wrong
 * length or a count mismatch is malformed input (InputError); a well-sized value the spec
 * refuses (a field element not below BLS_MODULUS, a point off the curve or outside G1, a cell
 * index out of range) is a verification failure, KZG_INVALID_INPUT, naming what.
 * @module
 */
import { bytesToBigInt, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { type AnyKzgBackend, BLS_MODULUS } from './backend.ts';
import { BYTES_PER_FIELD_ELEMENT, CELLS_PER_EXT_BLOB } from './constants.ts';

/** The typed failure of a spec assert on well-sized input. */
export function invalidInput(what: string, expected: string, got?: string): VerificationError {
  return new VerificationError('KZG_INVALID_INPUT', `${what} is not valid`, { expected, ...(got === undefined ? {} : { got }) });
}

/** `value` is a Uint8Array of `length` bytes, or InputError naming it. */
export function checkLength(value: unknown, length: number, title: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InputError(`${title} expected Uint8Array, got ${typeof value}`);
  if (value.length !== length) throw new InputError(`${title} expected ${length} bytes, got ${value.length}`);
  return value;
}

/** `value` is an array, or InputError naming it. */
export function checkList<T>(value: readonly T[], title: string): readonly T[] {
  if (!Array.isArray(value)) throw new InputError(`${title} expected an array, got ${typeof value}`);
  return value;
}

/** Lists that must be as long as each other (the spec's `assert len(a) == len(b) …`). */
export function checkSameLength(lists: Readonly<Record<string, readonly unknown[]>>): void {
  const entries = Object.entries(lists);
  for (const [title, list] of entries) checkList(list, title);
  const [first, n] = [entries[0]![0], entries[0]![1].length];
  for (const [title, list] of entries) {
    if (list.length !== n) throw new InputError(`${title} has ${list.length} elements, ${first} has ${n}`);
  }
}

/** An index is a safe non-negative integer (else malformed input), and it is not checked further. */
export function checkIndex(value: unknown, title: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new InputError(`${title} expected a non-negative integer, got ${String(value)}`);
  return value;
}

/** CellIndex's validation (`cell_index < CELLS_PER_EXT_BLOB`). */
export function checkCellIndex(index: number, title: string): void {
  if (index >= CELLS_PER_EXT_BLOB) throw invalidInput(title, `a cell index below ${CELLS_PER_EXT_BLOB}`, String(index));
}

/** bytes_to_bls_field of 32 well-sized bytes. */
export function bytesToBlsField(bytes: Uint8Array, title: string): bigint {
  const x = bytesToBigInt(bytes);
  if (x >= BLS_MODULUS) throw invalidInput(title, 'a field element below BLS_MODULUS', bytesToHex(bytes));
  return x;
}

/**
 * blob_to_polynomial / cell_to_coset_evals: the field elements of well-sized bytes as a backend
 * vector, each checked as bytes_to_bls_field does.
 */
export function bytesToFieldVector(be: AnyKzgBackend, bytes: Uint8Array, title: string): unknown {
  const v = be.frFromBytes(bytes);
  if (typeof v !== 'number') return v;
  const at = BYTES_PER_FIELD_ELEMENT * v;
  throw invalidInput(`${title}, field element ${v},`, 'a field element below BLS_MODULUS', bytesToHex(bytes.subarray(at, at + BYTES_PER_FIELD_ELEMENT)));
}

/**
 * validate_kzg_g1 then the point (bytes_to_kzg_commitment, bytes_to_kzg_proof): the point at
 * infinity, or KeyValidate's point (on the curve, in G1; KeyValidate refuses infinity, which
 * the spec let through first).
 */
export function bytesToKzgG1(be: AnyKzgBackend, bytes: Uint8Array, title: string): unknown {
  const decoded = be.g1Decompress(bytes);
  let reason: string;
  if ('error' in decoded) reason = decoded.error;
  else if (be.g1IsIdentity(decoded.point)) {
    // Only the canonical encoding of infinity decodes to it (0xc0 ‖ zeros): G1_POINT_AT_INFINITY.
    return decoded.point;
  } else if (be.g1InSubgroup(decoded.point)) return decoded.point;
  else reason = 'not in the G1 subgroup';
  throw invalidInput(title, 'a compressed point of G1 or the point at infinity', `${bytesToHex(bytes)} (${reason})`);
}
