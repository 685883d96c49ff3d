/**
 * The one sha256 of Vigil: WASM kernels (wasm/hash.ts, SIMD batches in wasm/sha256x4.ts)
 * when available, @noble/hashes otherwise (see ./backend.ts).
 * @module
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { abytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { hashKernel } from './backend.ts';
import { KERNEL_MAX_INPUT } from './wasm/kernel.ts';

/**
 * SHA-256 (FIPS 180-4).
 * @example sha256(new Uint8Array()) // e3b0c442…7852b855
 */
export function sha256(data: Uint8Array): Uint8Array {
  abytes(data, undefined, 'data');
  const kernel = hashKernel();
  return kernel && data.length <= KERNEL_MAX_INPUT ? kernel.sha256(data) : nobleSha256(data);
}

/**
 * sha256(left ‖ right) of two 32-byte chunks: the SSZ merkleization step.
 * @example sha256Pair(zeroChunk, zeroChunk) // f5a5fd42…2759fb4b (zero hash of depth 1)
 */
export function sha256Pair(left: Uint8Array, right: Uint8Array): Uint8Array {
  abytes(left, 32, 'left');
  abytes(right, 32, 'right');
  const kernel = hashKernel();
  if (kernel) return kernel.sha256Pair(left, right);
  const buf = new Uint8Array(64);
  buf.set(left, 0);
  buf.set(right, 32);
  return nobleSha256(buf);
}

/**
 * Batch of pair hashes: input is n 64-byte blocks (n left‖right pairs), output the n 32-byte
 * digests in order. One merkleization layer per call; the WASM path hashes four at once.
 * @example sha256Pairs(layer) // layer.length / 2 bytes: the next layer up
 */
export function sha256Pairs(input: Uint8Array): Uint8Array {
  abytes(input, undefined, 'input');
  if (input.length % 64 !== 0) {
    throw new InputError(`"input" expected Uint8Array of a multiple of 64 bytes, got length=${input.length}`);
  }
  const kernel = hashKernel();
  if (kernel) return kernel.sha256Pairs(input);
  const n = input.length / 64;
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(nobleSha256(input.subarray(i * 64, i * 64 + 64)), i * 32);
  return out;
}
