/**
 * Properties of the BLS front door's decoders on arbitrary input (fast-check), checked against
 * @noble/curves: a compressed point decodes exactly when noble's strict decoder accepts it, and
 * then re-encodes to the same bytes; everything else is a typed error. Restored snapshots of
 * decoded keys, however damaged, never change what verifies.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import {
  aggregatePublicKeys,
  aggregateSignatures,
  exportPreparedKeys,
  fastAggregateVerify,
  g1PointFromBytes,
  getPublicKey,
  keygen,
  participantsAggregate,
  preparePublicKeys,
  sign,
  signatureFromBytes,
} from '../../../src/crypto/bls.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';

const typed = (err: unknown) => err instanceof VerificationError || err instanceof InputError;

/** noble's verdict: null when it refuses the bytes, else its canonical encoding. */
function nobleG1(bytes: Uint8Array): string | null {
  try {
    return bytesToHex(bls12_381.G1.Point.fromBytes(bytes).toBytes(true));
  } catch {
    return null;
  }
}
function nobleG2(bytes: Uint8Array): string | null {
  try {
    return bytesToHex(bls12_381.G2.Point.fromBytes(bytes).toBytes(true));
  } catch {
    return null;
  }
}

/** Bytes that are often near-valid: a real point with a few bits flipped, or arbitrary. */
const nearPoint = (valid: Uint8Array[]) =>
  fc.oneof(
    fc.uint8Array({ minLength: valid[0]!.length, maxLength: valid[0]!.length }),
    fc.tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(valid[0]!.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 3 })).map(
      ([v, flips]) => {
        const b = v.slice();
        for (const [at, x] of flips) b[at]! ^= x;
        return b;
      },
    ),
  );

const sks = [1, 2, 3, 4, 5].map((i) => keygen(sha256(new TextEncoder().encode(`bls properties ${i}`))));
const pks = sks.map(getPublicKey);
const sigs = sks.map((sk, i) => sign(sk, Uint8Array.of(i)));

describe('BLS decoders on arbitrary bytes, against noble', () => {
  it('g1PointFromBytes accepts exactly what noble accepts, and re-encodes it identically', () => {
    fc.assert(
      fc.property(nearPoint([...pks, bls12_381.G1.Point.ZERO.toBytes(true)]), (bytes) => {
        const theirs = nobleG1(bytes);
        try {
          const point = g1PointFromBytes(bytes);
          expect(theirs).not.toBeNull();
          expect(bytesToHex(point.toBytes())).toBe(theirs);
          expect(bytesToHex(point.toBytes())).toBe(bytesToHex(bytes));
        } catch (err) {
          expect(typed(err)).toBe(true);
          expect(theirs).toBeNull();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('signatureFromBytes accepts exactly what noble accepts (G2, subgroup checked), and re-encodes it identically', () => {
    fc.assert(
      fc.property(nearPoint([...sigs, bls12_381.G2.Point.ZERO.toBytes(true)]), (bytes) => {
        const theirs = nobleG2(bytes);
        try {
          const point = signatureFromBytes(bytes);
          expect(theirs).not.toBeNull();
          expect(bytesToHex(point.toBytes())).toBe(theirs);
        } catch (err) {
          expect(typed(err)).toBe(true);
          expect(theirs).toBeNull();
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('restored snapshots never change what verifies', () => {
  const aggregatePubkey = aggregatePublicKeys(pks);
  const message = Uint8Array.of(42);
  const signatures = sks.map((sk) => sign(sk, message));

  it('arbitrary or damaged entries are ignored: the aggregate and every verdict stay right', () => {
    const source = preparePublicKeys(pks, { aggregatePubkey });
    const absentTwo = [true, false, true, false, true];
    expect(fastAggregateVerify(source, absentTwo, message, aggregateSignatures(signatures.filter((_, i) => absentTwo[i])))).toBe(true);
    const good = exportPreparedKeys(source).snapshot;
    const entry = fc.tuple(fc.integer({ min: -2, max: 7 }), fc.oneof(fc.constantFrom(...good.keys.map(([, p]) => p)), fc.uint8Array({ minLength: 96, maxLength: 96 }), fc.uint8Array({ maxLength: 100 })));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.option(fc.uint8Array({ minLength: 96, maxLength: 96 })), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (keys, aggregate, bits) => {
        fc.pre(bits.some(Boolean));
        const snapshot = { keys: keys as [number, Uint8Array][], ...(aggregate !== null ? { aggregate } : {}) };
        const restored = preparePublicKeys(pks, { aggregatePubkey, restore: snapshot });
        const spec = bytesToHex(aggregatePublicKeys(pks.filter((_, i) => bits[i])));
        expect(bytesToHex(participantsAggregate(restored, bits))).toBe(spec);
        const signature = aggregateSignatures(signatures.filter((_, i) => bits[i]));
        expect(fastAggregateVerify(restored, bits, message, signature)).toBe(true);
        expect(fastAggregateVerify(restored, bits, Uint8Array.of(43), signature)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
