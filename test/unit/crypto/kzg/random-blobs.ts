/**
 * Deterministic random blobs and choices for the KZG property tests (./properties.test.ts,
 * ./recovery.test.ts).
 */
import { BYTES_PER_BLOB } from '../../../../src/crypto/kzg.ts';
import { pseudoRandomBytes } from '../vectors.ts';

/** A deterministic stream of choices for the test (not the blobs' bytes). */
export function chooser(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** A blob of canonical field elements: each element's first byte kept below the modulus's 0x73. */
export function randomBlob(seed: number): Uint8Array {
  const blob = pseudoRandomBytes(BYTES_PER_BLOB, seed);
  for (let i = 0; i < BYTES_PER_BLOB; i += 32) blob[i]! &= 0x3f;
  return blob;
}

