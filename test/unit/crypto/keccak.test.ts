import { keccak_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { cryptoReady, forceNoble, hashBackend } from '../../../src/crypto/backend.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { KECCAK256_VECTORS, pseudoRandomBytes, toHex } from './vectors.ts';

// Rate 136: one byte short of, exactly at, and one past each block edge, plus the pad edges
// (tail 134/135 put 0x01 and 0x80 in the same or adjacent bytes).
const BOUNDARIES = [0, 1, 7, 8, 9, 31, 32, 33, 64, 134, 135, 136, 137, 270, 271, 272, 273, 407, 408, 409, 532, 543, 544, 545];

beforeAll(() => cryptoReady());
afterEach(() => forceNoble(false));

describe.each(['wasm', 'noble'] as const)('keccak256 on %s', (backend) => {
  // beforeEach: the file-level afterEach resets the backend after every test.
  beforeEach(() => forceNoble(backend === 'noble'));

  it('runs on the intended backend', () => {
    expect(hashBackend()).toBe(backend);
  });

  it.each(KECCAK256_VECTORS)('known answer: $name', ({ input, hex }) => {
    expect(toHex(keccak256(input))).toBe(hex);
  });

  it('matches @noble/hashes on every length 0..2048', () => {
    for (let len = 0; len <= 2048; len++) {
      const data = pseudoRandomBytes(len, len);
      expect(toHex(keccak256(data)), `length ${len}`).toBe(toHex(keccak_256(data)));
    }
  });

  it('matches @noble/hashes at block and padding boundaries, all-0xff input', () => {
    for (const len of BOUNDARIES) {
      const data = new Uint8Array(len).fill(0xff);
      expect(toHex(keccak256(data)), `length ${len}`).toBe(toHex(keccak_256(data)));
    }
  });

  it('hashes 1 MiB and 3 MiB inputs (memory growth), then small ones still right', () => {
    for (const len of [1 << 20, 3 << 20, 5]) {
      const data = pseudoRandomBytes(len, 7);
      expect(toHex(keccak256(data))).toBe(toHex(keccak_256(data)));
    }
  });
});

describe('keccak256 front door', () => {
  it('runs on WASM in Node', () => {
    expect(hashBackend()).toBe('wasm');
  });

  it('rejects non-Uint8Array input with InputError', () => {
    for (const bad of ['0x00', [1, 2], undefined, null, new ArrayBuffer(4), new Uint16Array(2)]) {
      expect(() => keccak256(bad as unknown as Uint8Array)).toThrowError(InputError);
    }
    expect(() => keccak256('ab' as unknown as Uint8Array)).toThrow('"data" expected Uint8Array, got string');
  });

  it('accepts subarrays and Buffers, leaves the input alone, returns fresh arrays', () => {
    const base = pseudoRandomBytes(300, 1);
    const copy = base.slice();
    const sub = base.subarray(17, 17 + 200);
    const a = keccak256(sub);
    expect(toHex(a)).toBe(toHex(keccak_256(sub)));
    expect(toHex(keccak256(Buffer.from(sub)))).toBe(toHex(a));
    expect(toHex(base)).toBe(toHex(copy));
    const before = toHex(a);
    const b = keccak256(new Uint8Array(3));
    expect(toHex(a)).toBe(before); // not a view into kernel memory
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.length).toBe(32);
  });

  it('property: equals @noble/hashes for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (data) => toHex(keccak256(data)) === toHex(keccak_256(data))),
      { numRuns: 500 },
    );
  });

  it('property: interleaved sizes (including growth) never see stale state', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 400_000 }).map((n) => pseudoRandomBytes(n, n))), {
          maxLength: 8,
        }),
        (inputs) => inputs.every((d) => toHex(keccak256(d)) === toHex(keccak_256(d))),
      ),
      { numRuns: 40 },
    );
  });
});
