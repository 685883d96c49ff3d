/**
 * src/crypto/bls.ts: known answers (EIP-2333 master keys, the generator, a consensus-spec-tests
 * signing case), sign/verify round trips, FastAggregateVerify on arbitrary participation, every
 * way a key or signature can be malformed, the key cache, agreement with @chainsafe/bls (herumi)
 * on random cases, and the mainnet sync-committee signatures of test/fixtures/mainnet-light-client.
 *
 * Adversarial points (off the curve, off the subgroup) are made here from first principles with
 * bigint arithmetic, not with a curve library: a random x whose x³ + b is a square gives a curve
 * point that lies outside the prime-order subgroup with probability 1 − 2⁻¹²⁵ or better.
 */
import herumi from '@chainsafe/bls/herumi';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import {
  aggregatePublicKeys,
  aggregateSignatures,
  BlsKeyCache,
  blsBackend,
  exportPreparedKeys,
  fastAggregateVerify,
  getPublicKey,
  keygen,
  type PreparedPublicKeys,
  participantsAggregate,
  preparePublicKeys,
  publicKeyFromBytes,
  sign,
  verify,
} from '../../../src/crypto/bls.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import { Bitvector, Bytes32, Bytes4, Bytes48, Bytes96, Container, uint64, Vector } from '../../../src/ssz/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// --- field arithmetic for crafting bad points ------------------------------------------------

const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

function modPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  base %= P;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % P;
    base = (base * base) % P;
    exp >>= 1n;
  }
  return result;
}
/** Euler's criterion. */
const isSquare = (a: bigint): boolean => a % P === 0n || modPow(a, (P - 1n) / 2n) === 1n;

/** x³ + 4 on E1 is a square. */
const onE1 = (x: bigint): boolean => isSquare(x * x * x + 4n);
/** x³ + 4(1 + i) on E2 is a square in Fp2 iff its norm c0² + c1² is a square in Fp (p ≡ 3 mod 4). */
function onE2([c0, c1]: [bigint, bigint]): boolean {
  const x2 = [(c0 * c0 - c1 * c1) % P, (2n * c0 * c1) % P] as const;
  const x3 = [(x2[0] * c0 - x2[1] * c1) % P, (x2[0] * c1 + x2[1] * c0) % P] as const;
  const a0 = (((x3[0] + 4n) % P) + P) % P;
  const a1 = (((x3[1] + 4n) % P) + P) % P;
  return isSquare(a0 * a0 + a1 * a1);
}

/** 48 big-endian bytes of `value` (< 2^381) with `flags` or'ed into the first byte. */
function word(value: bigint, flags = 0): Uint8Array {
  const out = hexToBytes(`0x${value.toString(16).padStart(96, '0')}`);
  out[0]! |= flags;
  return out;
}
/** A 32-byte secret key of value `k` (not range-checked). */
const scalar = (k: bigint): Uint8Array => hexToBytes(`0x${k.toString(16).padStart(64, '0')}`);
const g1Bytes = (x: bigint, flags = 0x80): Uint8Array => word(x, flags);
const g2Bytes = ([c0, c1]: [bigint, bigint], flags = 0x80): Uint8Array => concatBytes(word(c1, flags), word(c0));

/** The first x ≥ start with (or without) a point on the curve. */
function findX(start: bigint, wantOnCurve: boolean, on: (x: bigint) => boolean): bigint {
  for (let x = start; ; x++) if (on(x) === wantOnCurve) return x;
}
const findX2 = (start: bigint, wantOnCurve: boolean): [bigint, bigint] => {
  for (let c0 = start; ; c0++) if (onE2([c0, 7n]) === wantOnCurve) return [c0, 7n];
};

// --- fixtures ---------------------------------------------------------------------------------

const seed = (i: number): Uint8Array => sha256(utf8(`vigil bls test key ${i}`));
const N = 12;
const SKS = Array.from({ length: N }, (_, i) => keygen(seed(i)));
const PKS = SKS.map(getPublicKey);
const MESSAGES = [new Uint8Array(32), utf8('vigil'), sha256(utf8('signing root'))];
/** SIGS[m][i]: key i's signature of MESSAGES[m]. */
const SIGS = MESSAGES.map((m) => SKS.map((sk) => sign(sk, m)));
const KEYS = preparePublicKeys(PKS);
const KEYS_CHECKED = preparePublicKeys(PKS, { subgroupCheck: true });

const aggregateFor = (m: number, bits: readonly boolean[]): Uint8Array =>
  aggregateSignatures(SIGS[m]!.filter((_, i) => bits[i]));

function expectVerificationError(fn: () => unknown, code: string, text?: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe(code);
    if (text) expect((err as Error).message).toMatch(text);
    return;
  }
  expect.fail('expected a VerificationError');
}

// --- tests ------------------------------------------------------------------------------------

describe('bls: known answers', () => {
  it('runs on the WASM kernel, or on @noble/curves when the run forces the fallback', () => {
    expect(blsBackend()).toBe(process.env.VIGIL_CRYPTO_BACKEND === 'noble' ? 'noble' : 'wasm');
  });

  // EIP-2333 test cases 0–3: derive_master_SK(seed) is KeyGen(seed) with empty key_info.
  it.each([
    [
      '0xc55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04',
      6083874454709270928345386274498605044986640685124978867557563392430687146096n,
    ],
    ['0x3141592653589793238462643383279502884197169399375105820974944592', 29757020647961307431480504535336562678282505419141012933316116377660817309383n],
    ['0x0099FF991111002299DD7744EE3355BBDD8844115566CC55663355668888CC00', 27580842291869792442942448775674722299803720648445448686099262467207037398656n],
    ['0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3', 19022158461524446591288038168518313374041767046816487870552872741050760015818n],
  ])('keygen = EIP-2333 derive_master_SK(%s)', (ikm, sk) => {
    expect(BigInt(bytesToHex(keygen(hexToBytes(ikm))))).toBe(sk);
  });

  it('keygen needs at least 32 bytes of IKM; key_info separates keys', () => {
    expect(() => keygen(new Uint8Array(31))).toThrow(InputError);
    expect(bytesToHex(keygen(seed(0), utf8('a')))).not.toBe(bytesToHex(keygen(seed(0))));
  });

  it('the public key of 1 is the G1 generator, of r − 1 its negation', () => {
    const g1 = '0x97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb';
    expect(bytesToHex(getPublicKey(scalar(1n)))).toBe(g1);
    expect(bytesToHex(getPublicKey(scalar(R - 1n)))).toBe(`0xb7${g1.slice(4)}`);
  });

  it('consensus-spec-tests bls/sign: 32 zero bytes under 0x263d…40e3', () => {
    const sk = hexToBytes('0x263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3');
    const message = new Uint8Array(32);
    const sig = sign(sk, message);
    expect(bytesToHex(getPublicKey(sk))).toBe(
      '0xa491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a',
    );
    expect(bytesToHex(sig)).toBe(
      '0xb6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6076334f91e2366c96e9ab279fb5158090352ea1c5b0c9274504f4f0e7053af24802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55',
    );
    expect(verify(publicKeyFromBytes(getPublicKey(sk)), message, sig)).toBe(true);
  });

  it('secret keys outside 1..r-1 are InputErrors that do not echo the key', () => {
    for (const bad of [new Uint8Array(32), scalar(R), scalar(R + 5n)]) {
      expect(() => getPublicKey(bad)).toThrow(InputError);
      expect(() => sign(bad, MESSAGES[0]!)).toThrow(/secretKey.*1\.\.r-1, got (zero|a value ≥ r)$/);
    }
    expect(() => getPublicKey(new Uint8Array(31))).toThrow(InputError);
  });
});

describe('bls: sign and verify', () => {
  it('round trips and rejects a wrong message or a wrong key', () => {
    for (let i = 0; i < 3; i++) {
      const pk = publicKeyFromBytes(PKS[i]!);
      expect(pk.subgroupChecked).toBe(true);
      expect(bytesToHex(pk.toBytes())).toBe(bytesToHex(PKS[i]!));
      for (let m = 0; m < MESSAGES.length; m++) expect(verify(pk, MESSAGES[m]!, SIGS[m]![i]!)).toBe(true);
      expect(verify(pk, utf8('other'), SIGS[0]![i]!)).toBe(false);
      expect(verify(publicKeyFromBytes(PKS[i + 1]!), MESSAGES[0]!, SIGS[0]![i]!)).toBe(false);
    }
  });

  it('verify with an unchecked key runs the subgroup check then', () => {
    const offSubgroup = g1Bytes(findX(1n, true, onE1));
    const pk = publicKeyFromBytes(offSubgroup, { subgroupCheck: false });
    expect(pk.subgroupChecked).toBe(false);
    expect(verify(pk, MESSAGES[0]!, SIGS[0]![0]!)).toBe(false);
    expect(verify(publicKeyFromBytes(PKS[0]!, { subgroupCheck: false }), MESSAGES[0]!, SIGS[0]![0]!)).toBe(true);
  });

  it('aggregatePublicKeys and aggregateSignatures combine keys and signatures of one message', () => {
    const pk = publicKeyFromBytes(aggregatePublicKeys(PKS.slice(0, 5)));
    expect(verify(pk, MESSAGES[1]!, aggregateSignatures(SIGS[1]!.slice(0, 5)))).toBe(true);
    expect(verify(pk, MESSAGES[1]!, aggregateSignatures(SIGS[1]!.slice(0, 4)))).toBe(false);
    expect(bytesToHex(aggregateSignatures([SIGS[0]![3]!]))).toBe(bytesToHex(SIGS[0]![3]!));
    expect(() => aggregateSignatures([])).toThrow(InputError);
    expect(() => aggregatePublicKeys([])).toThrow(InputError);
  });
});

describe('bls: fastAggregateVerify', () => {
  const bits = fc.array(fc.boolean(), { minLength: N, maxLength: N });

  it('accepts honest aggregates for any participation pattern, with either key preparation', () => {
    fc.assert(
      fc.property(bits, fc.nat(MESSAGES.length - 1), (participation, m) => {
        const any = participation.some(Boolean);
        const sig = any ? aggregateFor(m, participation) : SIGS[m]![0]!;
        expect(fastAggregateVerify(KEYS, participation, MESSAGES[m]!, sig)).toBe(any);
        expect(fastAggregateVerify(KEYS_CHECKED, participation, MESSAGES[m]!, sig)).toBe(any);
      }),
      { numRuns: 12 },
    );
  });

  it('rejects a changed participation bit (either way) and a wrong message', () => {
    fc.assert(
      fc.property(bits, fc.nat(N - 1), (drawn, flip) => {
        const participation = drawn.map((b, i) => b || i === (flip + 1) % N); // at least one participant
        const sig = aggregateFor(2, participation);
        const flipped = participation.map((b, i) => (i === flip ? !b : b));
        if (flipped.some(Boolean)) expect(fastAggregateVerify(KEYS, flipped, MESSAGES[2]!, sig)).toBe(false);
        expect(fastAggregateVerify(KEYS, participation, MESSAGES[1]!, sig)).toBe(false);
      }),
      { numRuns: 8 },
    );
  });

  it('rejects when one participating key is swapped for another', () => {
    const participation = PKS.map((_, i) => i % 3 !== 0);
    const sig = aggregateFor(0, participation);
    expect(fastAggregateVerify(KEYS, participation, MESSAGES[0]!, sig)).toBe(true);
    const outsider = getPublicKey(keygen(seed(1000)));
    const swapped = preparePublicKeys(PKS.map((pk, i) => (i === 4 ? outsider : pk)));
    expect(fastAggregateVerify(swapped, participation, MESSAGES[0]!, sig)).toBe(false);
    // Two keys trading places, with one of them absent, changes the set too.
    const traded = preparePublicKeys(PKS.map((pk, i) => (i === 3 ? PKS[4]! : i === 4 ? PKS[3]! : pk)));
    expect(fastAggregateVerify(traded, participation, MESSAGES[0]!, sig)).toBe(false);
  });

  it('both aggregation paths (few and most participating) give the same answers', () => {
    const few = PKS.map((_, i) => i < 2);
    const most = PKS.map((_, i) => i !== 5);
    const keys = preparePublicKeys(PKS);
    for (const participation of [few, most, few, most]) {
      expect(fastAggregateVerify(keys, participation, MESSAGES[0]!, aggregateFor(0, participation))).toBe(true);
    }
    expect(fastAggregateVerify(keys, most, MESSAGES[0]!, aggregateFor(0, few))).toBe(false);
  });

  describe('returns false for a signature that does not decode or is not in G2', () => {
    const participation = PKS.map(() => true);
    const good = aggregateFor(0, participation);
    const offCurveX = findX2(1n, false);
    const offSubgroupX = findX2(1n, true);
    const cases: [string, Uint8Array][] = [
      ['compression flag cleared', Uint8Array.from(good, (b, i) => (i === 0 ? b & 0x7f : b))],
      ['infinity flag on a non-zero x', Uint8Array.from(good, (b, i) => (i === 0 ? b | 0x40 : b))],
      ['the point at infinity', g2Bytes([0n, 0n], 0xc0)],
      ['infinity with the sort flag', g2Bytes([0n, 0n], 0xe0)],
      ['x.c1 = p', g2Bytes([1n, P])],
      ['x.c0 = p', g2Bytes([P, 1n])],
      ['not on the curve', g2Bytes(offCurveX)],
      ['on the curve, not in the subgroup', g2Bytes(offSubgroupX)],
      ['on the curve, not in the subgroup, sort flag', g2Bytes(offSubgroupX, 0xa0)],
      ['the negated signature (sort flag flipped)', Uint8Array.from(good, (b, i) => (i === 0 ? b ^ 0x20 : b))],
    ];
    it.each(cases)('%s', (_, sig) => {
      expect(fastAggregateVerify(KEYS, participation, MESSAGES[0]!, sig)).toBe(false);
    });

    it('and the honest one verifies', () => {
      expect(fastAggregateVerify(KEYS, participation, MESSAGES[0]!, good)).toBe(true);
    });

    it('aggregateSignatures names the bad one and why', () => {
      expectVerificationError(() => aggregateSignatures([good, g2Bytes(offSubgroupX)]), 'BLS_INVALID_SIGNATURE', /signatures\[1\].*subgroup/);
      expectVerificationError(() => aggregateSignatures([g2Bytes(offCurveX)]), 'BLS_INVALID_SIGNATURE', /signatures\[0\]/);
    });
  });

  it('a key outside G1 is accepted by default preparation, but its aggregate fails verification', () => {
    const offSubgroup = g1Bytes(findX(1n, true, onE1));
    const keys = preparePublicKeys([PKS[0]!, offSubgroup]);
    const sig = SIGS[0]![0]!;
    expect(fastAggregateVerify(keys, [true, false], MESSAGES[0]!, sig)).toBe(true);
    expect(fastAggregateVerify(keys, [true, true], MESSAGES[0]!, sig)).toBe(false);
    expect(fastAggregateVerify(keys, [false, true], MESSAGES[0]!, sig)).toBe(false);
    expectVerificationError(() => preparePublicKeys([PKS[0]!, offSubgroup], { subgroupCheck: true }), 'BLS_INVALID_PUBKEY', /pubkeys\[1\].*subgroup/);
  });

  it('keys summing to infinity verify nothing', () => {
    const sk = SKS[0]!;
    const negated = getPublicKey(scalar(R - BigInt(bytesToHex(sk))));
    const keys = preparePublicKeys([PKS[0]!, negated]);
    expect(fastAggregateVerify(keys, [true, true], MESSAGES[0]!, SIGS[0]![0]!)).toBe(false);
    expect(fastAggregateVerify(keys, [true, false], MESSAGES[0]!, SIGS[0]![0]!)).toBe(true);
  });

  it('no participants is false; malformed arguments are InputErrors', () => {
    const sig = SIGS[0]![0]!;
    const none = PKS.map(() => false);
    expect(fastAggregateVerify(KEYS, none, MESSAGES[0]!, sig)).toBe(false);
    const some = PKS.map((_, i) => i === 0);
    expect(() => fastAggregateVerify(KEYS, some.slice(1), MESSAGES[0]!, sig)).toThrow(InputError);
    expect(() => fastAggregateVerify(KEYS, [...some, true], MESSAGES[0]!, sig)).toThrow(InputError);
    expect(() => fastAggregateVerify(KEYS, some.map((b) => (b ? 1 : 0)) as unknown as boolean[], MESSAGES[0]!, sig)).toThrow(
      InputError,
    );
    expect(() => fastAggregateVerify(KEYS, some, MESSAGES[0]!, sig.slice(1))).toThrow(InputError);
    expect(() => fastAggregateVerify(KEYS, some, 'msg' as unknown as Uint8Array, sig)).toThrow(InputError);
    const forged = { length: N, subgroupChecked: true } as PreparedPublicKeys;
    expect(() => fastAggregateVerify(forged, some, MESSAGES[0]!, sig)).toThrow(/preparePublicKeys/);
  });
});

describe('bls: malformed public keys', () => {
  const offCurve = findX(1n, false, onE1);
  const good = PKS[0]!;
  const cases: [string, Uint8Array, RegExp][] = [
    ['compression flag cleared', Uint8Array.from(good, (b, i) => (i === 0 ? b & 0x7f : b)), /compression flag/],
    ['uncompressed-size prefix 0x00', g1Bytes(5n, 0), /compression flag/],
    ['the point at infinity', g1Bytes(0n, 0xc0), /infinity/],
    ['infinity with a non-zero x', g1Bytes(1n, 0xc0), /infinity/],
    ['infinity with the sort flag', g1Bytes(0n, 0xe0), /infinity/],
    ['infinity flag on a valid key', Uint8Array.from(good, (b, i) => (i === 0 ? b | 0x40 : b)), /infinity/],
    ['x = p', g1Bytes(P), /modulus/],
    ['x = 2^381 − 1', g1Bytes((1n << 381n) - 1n), /modulus/],
    ['x³ + 4 not a square', g1Bytes(offCurve), /curve/],
    ['x³ + 4 not a square, sort flag', g1Bytes(offCurve, 0xa0), /curve/],
  ];

  it.each(cases)('%s: BLS_INVALID_PUBKEY naming the index', (_, bad, reason) => {
    const keys = [PKS[0]!, PKS[1]!, bad, PKS[2]!];
    expectVerificationError(() => preparePublicKeys(keys), 'BLS_INVALID_PUBKEY', /pubkeys\[2\]/);
    expectVerificationError(() => preparePublicKeys(keys), 'BLS_INVALID_PUBKEY', reason);
    expectVerificationError(() => publicKeyFromBytes(bad), 'BLS_INVALID_PUBKEY', reason);
    expectVerificationError(() => aggregatePublicKeys(keys), 'BLS_INVALID_PUBKEY', /pubkeys\[2\]/);
  });

  it('the error carries the bytes it got', () => {
    const err = (() => {
      try {
        preparePublicKeys([g1Bytes(P)]);
      } catch (e) {
        return e as VerificationError;
      }
    })();
    expect(err?.got).toBe(bytesToHex(g1Bytes(P)));
    expect(err?.message).toBe(
      'pubkeys[0] is not a valid BLS public key (coordinate not below the field modulus): ' +
        `expected a compressed curve point other than infinity, got ${bytesToHex(g1Bytes(P))}`,
    );
  });

  it('a wrong length or type is an InputError', () => {
    expect(() => preparePublicKeys([good, good.slice(1)])).toThrow(/pubkeys\[1\]/);
    expect(() => preparePublicKeys([good, good.slice(1)])).toThrow(InputError);
    expect(() => preparePublicKeys([concatBytes(good, new Uint8Array(48))])).toThrow(InputError);
    expect(() => preparePublicKeys(['0x00'] as unknown as Uint8Array[])).toThrow(InputError);
    expect(() => preparePublicKeys([])).toThrow(InputError);
    expect(() => publicKeyFromBytes(good.slice(0, 47))).toThrow(InputError);
  });

  it('the strict path agrees with herumi on every case (herumi rejects them all)', () => {
    for (const [, bad] of cases) expect(() => herumi.PublicKey.fromBytes(bad)).toThrow();
    expect(() => herumi.PublicKey.fromBytes(g1Bytes(findX(1n, true, onE1)))).toThrow();
  });
});

describe('bls: BlsKeyCache', () => {
  const committees = [0, 1, 2].map((c) => PKS.slice(c, c + 4));

  it('prepares a committee once and evicts the least recently used', () => {
    const cache = new BlsKeyCache({ capacity: 2 });
    const a = cache.get('a', committees[0]!);
    const b = cache.get('b', committees[1]!);
    expect(cache.get('a', committees[0]!)).toBe(a); // hit; 'a' is now the most recent
    cache.get('c', committees[2]!);
    expect(cache.size).toBe(2);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.get('b', committees[1]!)).not.toBe(b);
    expect(cache.has('a')).toBe(false);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('defaults to 4 entries, and the keys it returns verify', () => {
    const cache = new BlsKeyCache();
    expect(cache.capacity).toBe(4);
    const keys = cache.get('committee', PKS);
    const all = PKS.map(() => true);
    expect(fastAggregateVerify(keys, all, MESSAGES[1]!, aggregateFor(1, all))).toBe(true);
  });

  it('refuses a hit with other keys, caches nothing on a bad committee, checks its arguments', () => {
    const cache = new BlsKeyCache();
    cache.get('x', committees[0]!);
    expect(() => cache.get('x', committees[1]!)).toThrow(InputError);
    expect(() => cache.get('y', [g1Bytes(P)])).toThrow(VerificationError);
    expect(cache.has('y')).toBe(false);
    expect(() => cache.get('', committees[0]!)).toThrow(InputError);
    expect(() => new BlsKeyCache({ capacity: 0 })).toThrow(InputError);
  });
});

describe('bls: agreement with @chainsafe/bls (herumi)', () => {
  const secretKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((ikm) => keygen(ikm));
  const message = fc.uint8Array({ minLength: 0, maxLength: 64 });

  it('same public keys and signatures; each verifies the other', () => {
    fc.assert(
      fc.property(secretKey, message, (sk, msg) => {
        const pk = getPublicKey(sk);
        expect(bytesToHex(pk)).toBe(bytesToHex(herumi.secretKeyToPublicKey(sk)));
        const ours = sign(sk, msg);
        const theirs = herumi.sign(sk, msg);
        expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
        expect(herumi.verify(pk, msg, ours)).toBe(true);
        expect(verify(publicKeyFromBytes(pk), msg, theirs)).toBe(true);
        const other = concatBytes(msg, Uint8Array.of(1));
        expect(herumi.verify(pk, other, ours)).toBe(false);
        expect(verify(publicKeyFromBytes(pk), other, theirs)).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('fast aggregate verification and aggregation agree, honest or tampered', () => {
    fc.assert(
      fc.property(
        fc.array(secretKey, { minLength: 1, maxLength: 6 }),
        message,
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        (sks, msg, mask, tamper) => {
          const pks = sks.map(getPublicKey);
          const participation = pks.map((_, i) => mask[i]! || i === 0);
          const signers = sks.filter((_, i) => participation[i]);
          // herumi signs, we aggregate and verify; then the reverse.
          const sigs = signers.map((sk) => herumi.sign(sk, msg));
          const aggregate = aggregateSignatures(sigs);
          expect(bytesToHex(aggregate)).toBe(bytesToHex(herumi.aggregateSignatures(sigs)));
          expect(bytesToHex(aggregatePublicKeys(pks))).toBe(bytesToHex(herumi.aggregatePublicKeys(pks)));
          const signed = tamper ? concatBytes(msg, Uint8Array.of(0)) : msg;
          const participants = pks.filter((_, i) => participation[i]);
          const theirs = herumi.verifyAggregate(participants, signed, aggregate);
          expect(theirs).toBe(!tamper);
          expect(fastAggregateVerify(preparePublicKeys(pks), participation, signed, aggregate)).toBe(theirs);
          const ourAggregate = aggregateSignatures(signers.map((sk) => sign(sk, msg)));
          expect(herumi.verifyAggregate(participants, msg, ourAggregate)).toBe(true);
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('bls: committees prepared with their aggregate key (decoding only the absent)', () => {
  const AGGREGATE = aggregatePublicKeys(PKS);
  const lazy = () => preparePublicKeys(PKS, { aggregatePubkey: AGGREGATE });
  const bitsArb = fc.array(fc.boolean(), { minLength: N, maxLength: N }).filter((b) => b.some(Boolean));

  it('any participation: the same aggregate as the spec\'s sum and as the eager path, and it verifies', () => {
    fc.assert(
      fc.property(bitsArb, fc.integer({ min: 0, max: MESSAGES.length - 1 }), (bits, m) => {
        const spec = bytesToHex(aggregatePublicKeys(PKS.filter((_, i) => bits[i])));
        const keys = lazy();
        expect(bytesToHex(participantsAggregate(keys, bits))).toBe(spec);
        expect(bytesToHex(participantsAggregate(KEYS, bits))).toBe(spec);
        expect(fastAggregateVerify(keys, bits, MESSAGES[m]!, aggregateFor(m, bits))).toBe(true);
        // With a majority present only the absent keys (and the aggregate) were decoded.
        const present = bits.filter(Boolean).length;
        const decoded = exportPreparedKeys(keys).snapshot.keys.map(([i]) => i);
        if (present * 2 > N) expect(decoded).toEqual(bits.flatMap((b, i) => (b ? [] : [i])));
        else expect(decoded).toEqual(bits.flatMap((b, i) => (b ? [i] : [])));
      }),
      { numRuns: 40 },
    );
  });

  it('an aggregate key that is not the sum of the keys verifies nothing', () => {
    const wrong = aggregatePublicKeys(PKS.slice(1));
    const keys = preparePublicKeys(PKS, { aggregatePubkey: wrong });
    const all = PKS.map(() => true);
    expect(fastAggregateVerify(keys, all, MESSAGES[0]!, aggregateFor(0, all))).toBe(false);
    const most = all.map((_, i) => i !== 3);
    expect(fastAggregateVerify(keys, most, MESSAGES[0]!, aggregateFor(0, most))).toBe(false);
  });

  it('a malformed key is found when it is needed, naming its index; a malformed aggregate likewise', () => {
    const keys = [...PKS];
    keys[5] = g1Bytes(P);
    const prepared = preparePublicKeys(keys, { aggregatePubkey: AGGREGATE });
    const absent5 = PKS.map((_, i) => i !== 5);
    expectVerificationError(() => fastAggregateVerify(prepared, absent5, MESSAGES[0]!, aggregateFor(0, absent5)), 'BLS_INVALID_PUBKEY', /pubkeys\[5\]/);
    const badAggregate = preparePublicKeys(PKS, { aggregatePubkey: g1Bytes(0n, 0xc0) });
    const all = PKS.map(() => true);
    expectVerificationError(() => fastAggregateVerify(badAggregate, all, MESSAGES[0]!, aggregateFor(0, all)), 'BLS_INVALID_PUBKEY', /aggregatePubkey.*infinity/);
  });

  it('a snapshot restores the decoded points; damaged or foreign entries are ignored, never used', () => {
    const bits = PKS.map((_, i) => i % 4 !== 0);
    const first = lazy();
    expect(fastAggregateVerify(first, bits, MESSAGES[1]!, aggregateFor(1, bits))).toBe(true);
    const { snapshot, decodedHere } = exportPreparedKeys(first);
    expect(decodedHere).toBe(1 + 3); // the aggregate and keys 0, 4, 8
    expect(snapshot.aggregate).toHaveLength(96);
    expect(snapshot.keys.map(([i]) => i)).toEqual([0, 4, 8]);

    const restored = preparePublicKeys(PKS, { aggregatePubkey: AGGREGATE, restore: snapshot });
    expect(fastAggregateVerify(restored, bits, MESSAGES[1]!, aggregateFor(1, bits))).toBe(true);
    expect(exportPreparedKeys(restored).decodedHere).toBe(0);

    // Key 4's point filed under index 5, a flipped coordinate byte, a short entry, a bad index.
    const point4 = snapshot.keys[1]![1];
    const flipped = snapshot.keys[2]![1].slice();
    flipped[95]! ^= 1;
    const damaged = {
      aggregate: snapshot.keys[0]![1],
      keys: [[5, point4], [8, flipped], [0, point4.slice(0, 95)], [99, point4], [-1, point4], [4, point4]] as [number, Uint8Array][],
    };
    const fromDamaged = preparePublicKeys(PKS, { aggregatePubkey: AGGREGATE, restore: damaged });
    const absent = bits.map((b) => !b);
    expect(fastAggregateVerify(fromDamaged, bits, MESSAGES[1]!, aggregateFor(1, bits))).toBe(true);
    expect(bytesToHex(participantsAggregate(fromDamaged, absent.map((b, i) => b || i === 1)))).toBe(
      bytesToHex(aggregatePublicKeys(PKS.filter((_, i) => absent[i] || i === 1))),
    );
    // Only key 4 was taken from the damaged record; the aggregate and keys 0, 8 were decoded again.
    expect(exportPreparedKeys(fromDamaged).decodedHere).toBeGreaterThanOrEqual(3);
  });

  it('BlsKeyCache takes snapshots offered before it prepares a committee, and hands them out', () => {
    const bits = PKS.map((_, i) => i !== 2);
    const source = new BlsKeyCache();
    expect(fastAggregateVerify(source.get('c', PKS, AGGREGATE), bits, MESSAGES[2]!, aggregateFor(2, bits))).toBe(true);
    const [entry] = source.snapshots();
    expect(entry!.id).toBe('c');
    expect(entry!.decodedHere).toBe(2);
    const next = new BlsKeyCache();
    next.restore('c', entry!.snapshot);
    const keys = next.get('c', PKS, AGGREGATE);
    expect(fastAggregateVerify(keys, bits, MESSAGES[2]!, aggregateFor(2, bits))).toBe(true);
    expect(next.snapshots()[0]!.decodedHere).toBe(0);
    expect(() => next.get('c', PKS)).toThrow(/other public keys/);
    expect(() => next.get('c', PKS, aggregatePublicKeys(PKS.slice(2)))).toThrow(/other public keys/);
  });
});

// --- mainnet ----------------------------------------------------------------------------------

const BeaconBlockHeader = Container(
  { slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, bodyRoot: Bytes32 },
  { typeName: 'BeaconBlockHeader' },
);
const SyncCommittee = Container({ pubkeys: Vector(Bytes48, 512), aggregatePubkey: Bytes48 }, { typeName: 'SyncCommittee' });
const SyncAggregate = Container({ syncCommitteeBits: Bitvector(512), syncCommitteeSignature: Bytes96 }, { typeName: 'SyncAggregate' });
const ForkData = Container({ currentVersion: Bytes4, genesisValidatorsRoot: Bytes32 }, { typeName: 'ForkData' });
const SigningData = Container({ objectRoot: Bytes32, domain: Bytes32 }, { typeName: 'SigningData' });

const GENESIS_VALIDATORS_ROOT = hexToBytes('0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95');
const DOMAIN_SYNC_COMMITTEE = hexToBytes('0x07000000');
/** Mainnet Capella (epoch 194048 until Deneb at 269568) covers every fixture here. */
const CAPELLA_FORK_VERSION = hexToBytes('0x03000000');
const SLOTS_PER_EPOCH = 32;
const EPOCHS_PER_SYNC_COMMITTEE_PERIOD = 256;

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/mainnet-light-client/${name}`, import.meta.url), 'utf8'));
const periodOf = (slot: number): number => Math.floor(slot / SLOTS_PER_EPOCH / EPOCHS_PER_SYNC_COMMITTEE_PERIOD);

interface SignedHeader {
  attestedHeader: { beacon: Record<string, unknown> };
  syncAggregate: { sync_committee_bits: string; sync_committee_signature: string };
  signatureSlot: number;
}

/** sync-protocol.md validate_light_client_update: the signing root of the attested header. */
function signingRoot(attestedBeacon: unknown, signatureSlot: number): Uint8Array {
  const forkVersionSlot = Math.max(signatureSlot, 1) - 1;
  expect(Math.floor(forkVersionSlot / SLOTS_PER_EPOCH)).toBeGreaterThanOrEqual(194048); // Capella
  expect(Math.floor(forkVersionSlot / SLOTS_PER_EPOCH)).toBeLessThan(269568);
  const forkDataRoot = ForkData.hashTreeRoot({ currentVersion: CAPELLA_FORK_VERSION, genesisValidatorsRoot: GENESIS_VALIDATORS_ROOT });
  const domain = concatBytes(DOMAIN_SYNC_COMMITTEE, forkDataRoot.subarray(0, 28));
  const header = BeaconBlockHeader.fromJson(attestedBeacon);
  return SigningData.hashTreeRoot({ objectRoot: BeaconBlockHeader.hashTreeRoot(header), domain });
}

function signedHeader(data: Record<string, any>): SignedHeader {
  return {
    attestedHeader: data.attested_header,
    syncAggregate: data.sync_aggregate,
    signatureSlot: Number(data.signature_slot),
  };
}

describe('bls: mainnet sync-committee signatures (Capella, periods 862–867)', () => {
  const bootstrap = load('bootstrap.json').data;
  const updates: { data: Record<string, any> }[] = load('updates.json');
  const finality = load('finality.json').data;
  /** Committee of each period: the bootstrap's, then each update's next_sync_committee. */
  const committees = new Map<number, ReturnType<typeof SyncCommittee.fromJson>>();
  committees.set(periodOf(Number(bootstrap.header.beacon.slot)), SyncCommittee.fromJson(bootstrap.current_sync_committee));
  for (const { data } of updates) {
    committees.set(periodOf(Number(data.attested_header.beacon.slot)) + 1, SyncCommittee.fromJson(data.next_sync_committee));
  }
  // One entry per period's committee (six): prepared once for the whole describe, as a client
  // keeps the committees it follows; the default four would prepare them again header by header.
  const cache = new BlsKeyCache({ capacity: committees.size });
  const keysFor = (period: number) => {
    const committee = committees.get(period);
    if (!committee) throw new Error(`no committee for period ${period}`);
    return cache.get(bytesToHex(SyncCommittee.hashTreeRoot(committee)), committee.pubkeys);
  };

  function check(header: SignedHeader) {
    const period = periodOf(header.signatureSlot);
    const aggregate = SyncAggregate.fromJson(header.syncAggregate);
    const root = signingRoot(header.attestedHeader.beacon, header.signatureSlot);
    return { keys: keysFor(period), bits: aggregate.syncCommitteeBits, root, sig: aggregate.syncCommitteeSignature };
  }

  it('the finality update (attested slot 7109430, period 867) verifies under the period-866 update\'s next committee', () => {
    expect(Number(finality.attested_header.beacon.slot)).toBe(7109430);
    expect(periodOf(Number(finality.signature_slot))).toBe(867);
    const { keys, bits, root, sig } = check(signedHeader(finality));
    expect(keys.length).toBe(512);
    expect(fastAggregateVerify(keys, bits, root, sig)).toBe(true);
    for (const i of [0, 137, 511]) {
      const flipped = bits.map((b, j) => (j === i ? !b : b));
      expect(fastAggregateVerify(keys, flipped, root, sig), `bit ${i} flipped`).toBe(false);
    }
    const otherRoot = signingRoot({ ...finality.attested_header.beacon, proposer_index: '1' }, Number(finality.signature_slot));
    expect(fastAggregateVerify(keys, bits, otherRoot, sig)).toBe(false);
  });

  it('every update of periods 862–867 verifies under the committee of its signature period', () => {
    for (const { data } of updates) {
      const { keys, bits, root, sig } = check(signedHeader(data));
      expect(fastAggregateVerify(keys, bits, root, sig), `update at slot ${data.signature_slot}`).toBe(true);
    }
  });

  // The participants' sum is herumi's (an independent eth_aggregate_pubkeys): ours, KeyValidating
  // some 500 keys a header, took seconds on @noble for a reference; it is pinned to the committee's
  // aggregate_pubkey below and to herumi on random keys above.
  it('on every signed header, the committee aggregate minus the absent keys is the participants\' sum', () => {
    const headers = [...updates.map((u) => u.data), finality, load('optimistic.json').data];
    let absentSeen = 0;
    const lazyCache = new BlsKeyCache({ capacity: committees.size });
    for (const data of headers) {
      const header = signedHeader(data);
      const committee = committees.get(periodOf(header.signatureSlot))!;
      const { bits, root, sig } = check(header);
      const lazy = lazyCache.get(bytesToHex(SyncCommittee.hashTreeRoot(committee)), committee.pubkeys, committee.aggregatePubkey);
      const spec = herumi.aggregatePublicKeys(committee.pubkeys.filter((_, i) => bits[i]));
      expect(bytesToHex(participantsAggregate(lazy, bits)), `slot ${header.signatureSlot}`).toBe(bytesToHex(spec));
      expect(bytesToHex(participantsAggregate(keysFor(periodOf(header.signatureSlot)), bits))).toBe(bytesToHex(spec));
      expect(fastAggregateVerify(lazy, bits, root, sig)).toBe(true);
      absentSeen += bits.filter((b) => !b).length;
    }
    // The fixtures exercise the subtraction, not only full participation.
    expect(absentSeen).toBeGreaterThan(0);
  });

  it('the period-867 committee: aggregatePublicKeys gives its aggregate_pubkey; strict preparation agrees', () => {
    const committee = committees.get(867)!;
    expect(bytesToHex(aggregatePublicKeys(committee.pubkeys))).toBe(bytesToHex(committee.aggregatePubkey));
    const { bits, root, sig } = check(signedHeader(finality));
    expect(fastAggregateVerify(preparePublicKeys(committee.pubkeys, { subgroupCheck: true }), bits, root, sig)).toBe(true);
  });
});
