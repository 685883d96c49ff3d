/**
 * The words nodes give a reverted call, decoded from its revert data. Pure.
 * @module
 */
import { bytesToBigInt, hexToBytes } from '../core/bytes.ts';

const ERROR_SELECTOR = '08c379a0';
const PANIC_SELECTOR = '4e487b71';
/** Solidity's panic codes as go-ethereum words them (accounts/abi.panicReasons). */
const PANIC_REASONS: Record<number, string> = {
  0x00: 'generic panic',
  0x01: 'assert(false)',
  0x11: 'arithmetic underflow or overflow',
  0x12: 'division or modulo by zero',
  0x21: 'enum overflow',
  0x22: 'invalid encoded storage byte array accessed',
  0x31: 'out-of-bounds array access; popping on an empty array',
  0x32: 'out-of-bounds access of an array or bytesN',
  0x41: 'out of memory',
  0x51: 'uninitialized function',
};

/**
 * The message a node gives a reverted call: "execution reverted", with the reason when the revert
 * data is an Error(string) or a Panic(uint256).
 */
export function revertMessage(returnData: string): string {
  const hex = returnData.startsWith('0x') ? returnData.slice(2) : returnData;
  const base = 'execution reverted';
  const selector = hex.slice(0, 8).toLowerCase();
  try {
    if (selector === ERROR_SELECTOR && hex.length >= 8 + 128) {
      const body = hexToBytes('0x' + hex.slice(8));
      const offset = Number(bytesToBigInt(body.subarray(0, 32)));
      if (offset + 32 > body.length) return base;
      const length = Number(bytesToBigInt(body.subarray(offset, offset + 32)));
      if (offset + 32 + length > body.length) return base;
      const reason = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(offset + 32, offset + 32 + length));
      return `${base}: ${reason}`;
    }
    if (selector === PANIC_SELECTOR && hex.length === 8 + 64) {
      const code = bytesToBigInt(hexToBytes('0x' + hex.slice(8)));
      const reason = code < 256n ? PANIC_REASONS[Number(code)] : undefined;
      return `${base}: ${reason ?? `unknown panic code: 0x${code.toString(16)}`}`;
    }
  } catch {
    // Not valid UTF-8, or not decodable: the bare message, as nodes do.
  }
  return base;
}
