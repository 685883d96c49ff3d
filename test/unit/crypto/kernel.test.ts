import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../src/crypto/wasm/base64.ts';
import { KERNEL_MAX_INPUT, instantiateKernel, instantiateKernelSync } from '../../../src/crypto/wasm/kernel.ts';
import { pseudoRandomBytes, toHex } from './vectors.ts';

function noblePairs(input: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < input.length; i += 64) parts.push(toHex(nobleSha256(input.subarray(i, i + 64))));
  return parts.join('');
}

describe('hash kernel (wasm/hash.ts + wasm/sha256x4.ts)', () => {
  const simd = instantiateKernelSync();
  const scalar = instantiateKernelSync({ simd: false });

  it('uses SIMD in Node unless told not to', () => {
    expect(simd.simd).toBe(true);
    expect(scalar.simd).toBe(false);
  });

  it('SIMD and scalar batch kernels agree with @noble for n = 0..70', () => {
    for (let n = 0; n <= 70; n++) {
      const input = pseudoRandomBytes(n * 64, n + 1);
      const expected = noblePairs(input);
      expect(toHex(simd.sha256Pairs(input)), `simd n=${n}`).toBe(expected);
      expect(toHex(scalar.sha256Pairs(input)), `scalar n=${n}`).toBe(expected);
    }
  });

  it('batches larger than memory go through in chunks, around every chunk edge', () => {
    // A fresh kernel has 2 pages; with the I/O buffer at 1..4 KiB a chunk is 1984..2032 pairs.
    const k = instantiateKernelSync();
    const big = pseudoRandomBytes(4100 * 64, 11);
    const expected = noblePairs(big);
    for (const n of [...Array.from({ length: 52 }, (_, i) => 1982 + i), 3967, 3968, 4063, 4064, 4065, 4100]) {
      expect(toHex(k.sha256Pairs(big.subarray(0, n * 64))), `n=${n}`).toBe(expected.slice(0, n * 64));
    }
  });

  it('kernels are independent instances with their own memory', () => {
    const big = pseudoRandomBytes(2 << 20, 5);
    expect(toHex(scalar.keccak256(big))).toBe(toHex(keccak_256(big))); // grows only `scalar`
    const small = pseudoRandomBytes(100, 6);
    expect(toHex(simd.keccak256(small))).toBe(toHex(keccak_256(small)));
    expect(toHex(scalar.sha256(small))).toBe(toHex(nobleSha256(small)));
  });

  it('refuses one-shot inputs beyond KERNEL_MAX_INPUT instead of pinning the memory', () => {
    const k = instantiateKernelSync({ simd: false });
    expect(() => k.keccak256(new Uint8Array(KERNEL_MAX_INPUT + 1))).toThrowError(RangeError);
    expect(toHex(k.sha256(new Uint8Array(3)))).toBe(toHex(nobleSha256(new Uint8Array(3))));
  });

  it('instantiates asynchronously too (the path a page main thread takes)', async () => {
    const k = await instantiateKernel();
    expect(k.simd).toBe(true);
    const data = pseudoRandomBytes(999, 2);
    expect(toHex(k.keccak256(data))).toBe(toHex(keccak_256(data)));
    expect(toHex(k.sha256Pairs(data.subarray(0, 640)))).toBe(noblePairs(data.subarray(0, 640)));
  });
});

describe('decodeBase64', () => {
  it('decodes with and without padding', () => {
    for (let len = 0; len < 40; len++) {
      const bytes = pseudoRandomBytes(len, len);
      const b64 = Buffer.from(bytes).toString('base64');
      expect(toHex(decodeBase64(b64))).toBe(toHex(bytes));
      expect(toHex(decodeBase64(b64.replace(/=+$/, '')))).toBe(toHex(bytes));
    }
  });

  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(() => decodeBase64('AG-z')).toThrow('invalid character at 2');
    expect(() => decodeBase64('AGFzb')).toThrow('impossible length');
  });
});
