/**
 * Properties over random schemas: decoding arbitrary or corrupted bytes either yields the one
 * value whose encoding they are or throws SSZ_INVALID (never anything else), and our decoder
 * accepts exactly the bytes @chainsafe/ssz decodes canonically.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { arbTwin, arbTwinValue, type AnyTwin } from './twin.ts';

/** Decodes with our type: the value, or undefined on SSZ_INVALID; any other throw fails the test. */
function decode(t: AnyTwin, bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: t.ours.deserialize(bytes) };
  } catch (err) {
    if (err instanceof VerificationError && err.code === 'SSZ_INVALID') return undefined;
    throw err;
  }
}

/** @chainsafe/ssz accepts the bytes as the canonical encoding of some value. */
function theirsCanonical(t: AnyTwin, bytes: Uint8Array): boolean {
  try {
    return bytesToHex(t.theirs.serialize(t.theirs.deserialize(bytes))) === bytesToHex(bytes);
  } catch {
    return false;
  }
}

/** A valid encoding with one corruption: a byte set, a bit flipped, truncated, extended. */
const arbCorrupted = arbTwinValue(3).chain(({ t, value }) => {
  const bytes = t.ours.serialize(value);
  return fc
    .tuple(fc.nat({ max: Math.max(bytes.length - 1, 0) }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 }))
    .map(([pos, byte, mode]) => {
      let b = bytes.slice();
      if (mode === 0 && b.length > 0) b[pos] = byte;
      else if (mode === 1) b = b.subarray(0, pos);
      else if (mode === 2) b = Uint8Array.of(...b, byte);
      else if (b.length > 0) b[pos]! ^= 1 << (byte & 7);
      return { t, bytes: b };
    });
});

describe('decoding untrusted bytes', () => {
  it('arbitrary bytes: a canonical value or SSZ_INVALID, nothing else', () => {
    fc.assert(
      fc.property(arbTwin(3), fc.uint8Array({ maxLength: 300 }), (t, bytes) => {
        const got = decode(t, bytes);
        if (got) expect(bytesToHex(t.ours.serialize(got.value))).toBe(bytesToHex(bytes));
        expect(got !== undefined).toBe(theirsCanonical(t, bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('corrupted encodings: a canonical value or SSZ_INVALID, as @chainsafe/ssz decides', () => {
    fc.assert(
      fc.property(arbCorrupted, ({ t, bytes }) => {
        const got = decode(t, bytes);
        if (got) expect(bytesToHex(t.ours.serialize(got.value))).toBe(bytesToHex(bytes));
        expect(got !== undefined).toBe(theirsCanonical(t, bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('roundtrip: deserialize(serialize(v)) serializes and hashes the same', () => {
    fc.assert(
      fc.property(arbTwinValue(3), ({ t, value }) => {
        const bytes = t.ours.serialize(value);
        const back = t.ours.deserialize(bytes);
        expect(bytesToHex(t.ours.serialize(back))).toBe(bytesToHex(bytes));
        expect(bytesToHex(t.ours.hashTreeRoot(back))).toBe(bytesToHex(t.ours.hashTreeRoot(value)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parsing untrusted JSON', () => {
  it('arbitrary JSON: a value or InputError, nothing else', () => {
    fc.assert(
      fc.property(arbTwin(2), fc.jsonValue(), (t, json) => {
        try {
          const v = t.ours.fromJson(json);
          t.ours.serialize(v);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('JSON roundtrip', () => {
    fc.assert(
      fc.property(arbTwinValue(3), ({ t, value }) => {
        const json = JSON.parse(JSON.stringify(t.ours.toJson(value)));
        expect(bytesToHex(t.ours.serialize(t.ours.fromJson(json)))).toBe(bytesToHex(t.ours.serialize(value)));
      }),
      { numRuns: 500 },
    );
  });
});
