/** Small word helpers of the OP Stack exit and bridge tests. */
import { bigIntToBytesPadded, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';

/** A number (0x-hex or decimal string) as a 32-byte topic. */
export const pad = (a: string) => bytesToHex(bigIntToBytesPadded(BigInt(a), 32));
/** A distinct 32-byte word for `n`. */
export const word = (n: number) => bytesToHex(bigIntToBytesPadded(BigInt(n) + 0x1000n, 32));

/** `hex` with byte `at` xor-ed with `x`. */
export function flip(hex: string, at: number, x: number): string {
  const b = hexToBytes(hex).slice();
  b[at]! ^= x;
  return bytesToHex(b);
}
