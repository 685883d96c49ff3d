import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { BASE8, derivePublicKey, isOnCurve, signPoseidon, SUBGROUP_ORDER, verifyPoseidon } from '../../../src/crypto/babyjub.ts';
import { FIELD_ORDER } from '../../../src/crypto/poseidon.ts';

// The reference: @zk-kit/eddsa-poseidon 1.1.0 (SPEC's derivation and signatures). Its ESM build
// cannot load in Node's ESM loader (named imports from the CommonJS blakejs): its CommonJS build.
const zk = createRequire(import.meta.url)('@zk-kit/eddsa-poseidon') as typeof import('@zk-kit/eddsa-poseidon');

/** circomlibjs test/eddsa.js: prv2pub of 00010203…0001. */
const SECRET = Uint8Array.from(Buffer.from('0001020304050607080900010203040506070809000102030405060708090001', 'hex'));
const PUBLIC = {
  ax: 13277427435165878497778222415993513565335242147425444199013288855685581939618n,
  ay: 13622229784656158136036771217484571176836296686641868549125388198837476602820n,
};
const B8 = BASE8;

describe('Baby Jubjub EdDSA-Poseidon', () => {
  it('derives circomlibjs’s public key from its test secret', () => {
    expect(derivePublicKey(SECRET)).toEqual(PUBLIC);
    expect(isOnCurve(PUBLIC.ax, PUBLIC.ay)).toBe(true);
    expect(isOnCurve(B8.x, B8.y)).toBe(true);
    expect(isOnCurve(B8.x, B8.y + 1n)).toBe(false);
  });

  it('signs deterministically and verifies; another message, key or S does not', () => {
    const sig = signPoseidon(SECRET, 1234n);
    expect(signPoseidon(SECRET, 1234n)).toEqual(sig);
    expect(sig.S < SUBGROUP_ORDER).toBe(true);
    expect(verifyPoseidon(1234n, sig, PUBLIC)).toBe(true);
    expect(verifyPoseidon(1235n, sig, PUBLIC)).toBe(false);
    expect(verifyPoseidon(1234n, sig, derivePublicKey(new Uint8Array(32).fill(7)))).toBe(false);
    expect(verifyPoseidon(1234n, { ...sig, S: sig.S + 1n }, PUBLIC)).toBe(false);
    // S + l is the same scalar but above the subgroup order: circomlib's verifier refuses it.
    expect(verifyPoseidon(1234n, { ...sig, S: sig.S + SUBGROUP_ORDER }, PUBLIC)).toBe(false);
    expect(verifyPoseidon(1234n, { ...sig, R8x: sig.R8x + 1n }, PUBLIC)).toBe(false); // off the curve
    expect(verifyPoseidon(1234n, sig, { ax: PUBLIC.ax, ay: PUBLIC.ay + 1n })).toBe(false);
  });

  it('refuses keys of small order, which @zk-kit/eddsa-poseidon alone accepts for any message (as circomlib’s verifier does)', () => {
    // A = identity (0, 1) or the point of order 2 (0, −1): 8·A = O, so S·B8 = R8 + O with R8 = B8, S = 1.
    for (const key of [{ ax: 0n, ay: 1n }, { ax: 0n, ay: FIELD_ORDER - 1n }]) {
      const forged = { R8x: B8.x, R8y: B8.y, S: 1n };
      expect(zk.verifySignature(42n, { R8: [forged.R8x, forged.R8y], S: forged.S }, [key.ax, key.ay])).toBe(true);
      expect(verifyPoseidon(42n, forged, key)).toBe(false);
    }
  });

  it('malformed input throws InputError naming it', () => {
    expect(() => derivePublicKey(new Uint8Array(31))).toThrow(new InputError('"secret" expected Uint8Array of length 32, got length=31'));
    expect(() => derivePublicKey('secret' as unknown as Uint8Array)).toThrowError(InputError);
    expect(() => signPoseidon(SECRET, FIELD_ORDER)).toThrow('"message" expected a field element below r');
    const sig = signPoseidon(SECRET, 1n);
    expect(() => verifyPoseidon(1n, { ...sig, R8y: FIELD_ORDER }, PUBLIC)).toThrow('"signature.R8y" expected a field element below r');
    expect(() => verifyPoseidon(1n, sig, { ax: 1, ay: 2n } as unknown as typeof PUBLIC)).toThrow('"publicKey.ax" expected a field element (bigint)');
    expect(() => verifyPoseidon(1n, null as unknown as typeof sig, PUBLIC)).toThrowError(InputError);
  });

  it('property: keys and signatures equal @zk-kit/eddsa-poseidon’s, bit for bit; its verdicts agree with ours', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.bigInt({ min: 0n, max: FIELD_ORDER - 1n }), (secret, message) => {
        const [ax, ay] = zk.derivePublicKey(secret);
        expect(derivePublicKey(secret)).toEqual({ ax, ay });
        const ref = zk.signMessage(secret, message);
        const sig = signPoseidon(secret, message);
        expect(sig).toEqual({ R8x: ref.R8[0], R8y: ref.R8[1], S: ref.S });
        expect(zk.verifySignature(message, ref, [ax, ay])).toBe(true);
        const other = (message + 1n) % FIELD_ORDER;
        expect(verifyPoseidon(other, sig, { ax, ay })).toBe(zk.verifySignature(other, ref, [ax, ay]));
      }),
      { numRuns: 12 },
    );
    // Edge secrets: all zero, all 0xff.
    for (const secret of [new Uint8Array(32), new Uint8Array(32).fill(0xff)]) {
      const ref = zk.signMessage(secret, FIELD_ORDER - 1n);
      expect(signPoseidon(secret, FIELD_ORDER - 1n)).toEqual({ R8x: ref.R8[0], R8y: ref.R8[1], S: ref.S });
    }
  });

  it('property: a signature verifies for its key and message only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.bigInt({ min: 0n, max: FIELD_ORDER - 1n }), fc.bigInt({ min: 1n, max: 1000n }), (secret, message, delta) => {
        const key = derivePublicKey(secret);
        const sig = signPoseidon(secret, message);
        expect(verifyPoseidon(message, sig, key)).toBe(true);
        expect(verifyPoseidon((message + delta) % FIELD_ORDER, sig, key)).toBe(false);
      }),
      { numRuns: 20 },
    );
  });
});
