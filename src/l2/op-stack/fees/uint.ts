/**
 * The one guard of the fee code: an unsigned integer of the width its spec gives it (a scalar is
 * a uint32, a constant a uint64, a fee a uint256). A value outside it is not a value the chain can
 * hold, so it is refused rather than computed with.
 * @module
 */
import { InputError } from '../../../core/errors.ts';

/**
 * Throws unless `value` is a bigint in [0, 2^bits). Returns it.
 * @example auint(10n ** 6n, 32, 'baseFeeScalar') // 1000000n
 */
export function auint(value: unknown, bits: number, title: string): bigint {
  if (typeof value !== 'bigint') throw new InputError(`"${title}" expected a bigint, got ${typeof value}`);
  if (value < 0n || value >> BigInt(bits) !== 0n) throw new InputError(`"${title}" expected a uint${bits}, got ${value}`);
  return value;
}
