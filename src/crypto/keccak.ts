/**
 * The one keccak256 of Vigil: WASM kernel (wasm/hash.ts) when available, @noble/hashes
 * otherwise (see ./backend.ts).
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { abytes } from '../core/bytes.ts';
import { hashKernel } from './backend.ts';
import { KERNEL_MAX_INPUT } from './wasm/kernel.ts';

/**
 * keccak256 (Ethereum's, with Keccak's 0x01 padding, not NIST SHA3-256).
 * @example keccak256(new Uint8Array()) // c5d24601…5d85a470
 */
export function keccak256(data: Uint8Array): Uint8Array {
  abytes(data, undefined, 'data');
  const kernel = hashKernel();
  return kernel && data.length <= KERNEL_MAX_INPUT ? kernel.keccak256(data) : keccak_256(data);
}
