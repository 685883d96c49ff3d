import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { cryptoReady, forceNoble, hashBackend } from '../../../src/crypto/backend.ts';
import { sha256, sha256Pair, sha256Pairs } from '../../../src/crypto/sha256.ts';
import { SHA256_VECTORS, ZERO_HASHES_HEX, pseudoRandomBytes, toHex } from './vectors.ts';

// Block 64; the length field needs 9 bytes, so tails of 55/56 decide one or two pad blocks.
const BOUNDARIES = [0, 1, 31, 32, 33, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128, 129, 183, 184, 191, 192, 193];
const PAIR_COUNTS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 63, 1024, 5003];

/** Reference: noble over each 64-byte block. */
function noblePairs(input: Uint8Array): Uint8Array {
  const n = input.length / 64;
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(nobleSha256(input.subarray(i * 64, i * 64 + 64)), i * 32);
  return out;
}

beforeAll(() => cryptoReady());
afterEach(() => forceNoble(false));

describe.each(['wasm', 'noble'] as const)('sha256 on %s', (backend) => {
  // beforeEach: the file-level afterEach resets the backend after every test.
  beforeEach(() => forceNoble(backend === 'noble'));

  it('runs on the intended backend', () => {
    expect(hashBackend()).toBe(backend);
  });

  it.each(SHA256_VECTORS)('known answer: $name', ({ input, hex }) => {
    expect(toHex(sha256(input))).toBe(hex);
  });

  it('matches @noble/hashes on every length 0..2048', () => {
    for (let len = 0; len <= 2048; len++) {
      const data = pseudoRandomBytes(len, ~len);
      expect(toHex(sha256(data)), `length ${len}`).toBe(toHex(nobleSha256(data)));
    }
  });

  it('matches @noble/hashes at block and padding boundaries, all-0xff input', () => {
    for (const len of BOUNDARIES) {
      const data = new Uint8Array(len).fill(0xff);
      expect(toHex(sha256(data)), `length ${len}`).toBe(toHex(nobleSha256(data)));
    }
  });

  it('hashes 1 MiB and 3 MiB inputs (memory growth), then small ones still right', () => {
    for (const len of [1 << 20, 3 << 20, 64, 5]) {
      const data = pseudoRandomBytes(len, 3);
      expect(toHex(sha256(data))).toBe(toHex(nobleSha256(data)));
    }
  });

  it('sha256Pair: SSZ zero hashes', () => {
    let node: Uint8Array = new Uint8Array(32);
    for (let depth = 1; depth < ZERO_HASHES_HEX.length; depth++) {
      node = sha256Pair(node, node);
      expect(toHex(node)).toBe(ZERO_HASHES_HEX[depth]);
    }
  });

  it('sha256Pair matches sha256 of the concatenation', () => {
    for (let seed = 0; seed < 200; seed++) {
      const left = pseudoRandomBytes(32, seed);
      const right = pseudoRandomBytes(32, seed + 1000);
      expect(toHex(sha256Pair(left, right))).toBe(toHex(nobleSha256(concatBytes(left, right))));
    }
  });

  it.each(PAIR_COUNTS)('sha256Pairs of %i pairs matches @noble/hashes', (n) => {
    const input = pseudoRandomBytes(n * 64, n);
    const copy = input.slice();
    const out = sha256Pairs(input);
    expect(out.length).toBe(n * 32);
    expect(toHex(out)).toBe(toHex(noblePairs(input)));
    expect(toHex(input)).toBe(toHex(copy));
  });
});

describe('sha256 front door', () => {
  it('runs on WASM in Node', () => {
    expect(hashBackend()).toBe('wasm');
  });

  it('rejects non-Uint8Array input with InputError', () => {
    for (const bad of ['00', [1], undefined, new ArrayBuffer(64), new DataView(new ArrayBuffer(64))]) {
      expect(() => sha256(bad as unknown as Uint8Array)).toThrowError(InputError);
      expect(() => sha256Pairs(bad as unknown as Uint8Array)).toThrowError(InputError);
      expect(() => sha256Pair(bad as unknown as Uint8Array, new Uint8Array(32))).toThrowError(InputError);
    }
  });

  it('rejects pair halves that are not 32 bytes and batches that are not whole pairs', () => {
    expect(() => sha256Pair(new Uint8Array(31), new Uint8Array(32))).toThrow('"left" expected Uint8Array of length 32, got length=31');
    expect(() => sha256Pair(new Uint8Array(32), new Uint8Array(64))).toThrow('"right" expected Uint8Array of length 32, got length=64');
    expect(() => sha256Pairs(new Uint8Array(65))).toThrow('"input" expected Uint8Array of a multiple of 64 bytes, got length=65');
    expect(() => sha256Pairs(new Uint8Array(32))).toThrowError(InputError);
  });

  it('accepts subarrays and Buffers; results are fresh arrays', () => {
    const base = pseudoRandomBytes(64 * 9 + 5, 9);
    const batch = base.subarray(5);
    expect(toHex(sha256Pairs(batch))).toBe(toHex(noblePairs(batch)));
    expect(toHex(sha256Pairs(Buffer.from(batch)))).toBe(toHex(noblePairs(batch)));
    const a = sha256(base.subarray(3, 70));
    const hexA = toHex(a);
    sha256(new Uint8Array(10));
    expect(toHex(a)).toBe(hexA);
    const p = sha256Pair(base.subarray(1, 33), base.subarray(40, 72));
    expect(toHex(p)).toBe(toHex(nobleSha256(concatBytes(base.subarray(1, 33), base.subarray(40, 72)))));
  });

  it('hashes inputs beyond the kernel cap through @noble (64 MiB + 1)', () => {
    const data = new Uint8Array((64 << 20) + 1);
    data[data.length - 1] = 1;
    expect(toHex(sha256(data))).toBe(toHex(nobleSha256(data)));
  });

  it('property: sha256 equals @noble/hashes for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (data) => toHex(sha256(data)) === toHex(nobleSha256(data))),
      { numRuns: 500 },
    );
  });

  it('property: sha256Pairs is sha256Pair over each block, which is sha256 of the block', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 64, maxLength: 64 }), { maxLength: 40 }), (blocks) => {
        const out = sha256Pairs(concatBytes(...blocks));
        return blocks.every((b, i) => {
          const expected = toHex(nobleSha256(b));
          return toHex(out.subarray(i * 32, i * 32 + 32)) === expected && toHex(sha256Pair(b.subarray(0, 32), b.subarray(32))) === expected;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('property: interleaved one-shot, pair and batch calls never see stale state', () => {
    const op = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((d) => ['one', d] as const),
      fc.integer({ min: 0, max: 300_000 }).map((n) => ['one', pseudoRandomBytes(n, n)] as const),
      fc.integer({ min: 0, max: 3000 }).map((n) => ['batch', pseudoRandomBytes(n * 64, n)] as const),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), (ops) =>
        ops.every(([kind, d]) =>
          kind === 'one' ? toHex(sha256(d)) === toHex(nobleSha256(d)) : toHex(sha256Pairs(d)) === toHex(noblePairs(d)),
        ),
      ),
      { numRuns: 40 },
    );
  });
});
