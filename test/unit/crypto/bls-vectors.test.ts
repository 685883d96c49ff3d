/**
 * src/crypto/bls.ts against the official BLS signature vectors of ethereum/bls12-381-tests
 * (release v0.1.1, in test/fixtures/bls12-381-tests; origin in test/fixtures/NOTICE.md). Each
 * vector file is its own test case, named after the file; each folder also has a guard that the
 * files are there, so a missing copy cannot pass as "no cases".
 *
 * The format, as the release has it (not quite what its formats/*.md say):
 * - every file is `{ "input": …, "output": … }`, JSON on one line;
 * - deserialization_G1/G2 inputs (`pubkey` resp. `signature`) are hex *without* `0x`, all
 *   other hex has it; `too_few_bytes` / `too_many_bytes` are one byte short / over;
 * - hash_to_G2's `msg` is the message as a UTF-8 string (not hex), hashed with the RFC 9380
 *   test DST (appendix J.10.1), not the POP ciphersuite's; `x` and `y` are "0x<c0>,0x<c1>";
 * - an invalid `sign` or `aggregate` case has output null.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, type VerificationCode, VerificationError, VigilError } from '../../../src/core/errors.ts';
import {
  aggregateSignatures,
  fastAggregateVerify,
  g1PointFromBytes,
  hashToG2,
  preparePublicKeys,
  publicKeyFromBytes,
  sign,
  signatureFromBytes,
  verify,
} from '../../../src/crypto/bls.ts';

const FIXTURES = new URL('../../fixtures/bls12-381-tests/', import.meta.url);

/** Vector files per folder as copied; the guards want at least these many. */
const COPIED = {
  deserialization_G1: 13,
  deserialization_G2: 15,
  hash_to_G2: 4,
  verify: 29,
  fast_aggregate_verify: 12,
  aggregate: 6,
  sign: 10,
} as const;
type Folder = keyof typeof COPIED;

/** The DST bls12-381-tests hashes its hash_to_G2 messages with (RFC 9380 J.10.1). */
const HASH_TO_G2_DST = 'QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_';
const G1_LENGTH = 48;
const G2_LENGTH = 96;
const INFINITY_FLAG = 0x40;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Hex with or without the `0x` the deserialization inputs leave out. */
const hex = (s: string): Uint8Array => hexToBytes(s.startsWith('0x') ? s : `0x${s}`);

interface Vector {
  /** The file name without `.json`. */
  name: string;
  input: unknown;
  output: unknown;
}

function vectors(folder: Folder): Vector[] {
  const dir = new URL(`${folder}/`, FIXTURES);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const { input, output } = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { input: unknown; output: unknown };
      return { name: file.slice(0, -'.json'.length), input, output };
    });
}

/** The guard of a folder, then one test per vector file running `check` on it. */
function eachVector(folder: Folder, title: string, check: (input: unknown, output: unknown) => void): void {
  const cases = vectors(folder);
  describe(title, () => {
    it(`finds at least the ${COPIED[folder]} vector files copied into ${folder}/`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(COPIED[folder]);
    });
    for (const { name, input, output } of cases) it(name, () => check(input, output));
  });
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The error `fn` throws; fails the test if it returns. */
function rejection(fn: () => unknown): unknown {
  const outcome = attempt(fn);
  if (outcome.ok) expect.fail(`expected a typed error, got a result: ${String(outcome.value)}`);
  return outcome.error;
}

function expectVerificationError(error: unknown, code: VerificationCode): void {
  expect(error).toBeInstanceOf(VerificationError);
  expect((error as VerificationError).code).toBe(code);
}

/**
 * A typed refusal: VerificationError `code`; for an input of the wrong length, an InputError
 * will do as well. Never a bare Error (a library's, or a TypeError).
 */
function expectRefused(error: unknown, code: VerificationCode, wrongLength: boolean): void {
  if (!wrongLength) return expectVerificationError(error, code);
  expect(error).toBeInstanceOf(VigilError);
  if (error instanceof VerificationError) expect(error.code).toBe(code);
  else expect(error).toBeInstanceOf(InputError);
}

function expectBoolean(output: unknown): asserts output is boolean {
  expect(typeof output).toBe('boolean');
}

/** "0x<c0>,0x<c1>" */
function fp2(s: unknown): { c0: bigint; c1: bigint } {
  expect(typeof s).toBe('string');
  const parts = (s as string).split(',');
  expect(parts).toHaveLength(2);
  return { c0: BigInt(parts[0]!), c1: BigInt(parts[1]!) };
}

// --- deserialization ------------------------------------------------------------------------

describe('bls12-381-tests: deserialization_G1', () => {
  eachVector('deserialization_G1', 'g1PointFromBytes (ZCash encoding, on the curve, in G1)', (input, output) => {
    const bytes = hex((input as { pubkey: string }).pubkey);
    expectBoolean(output);
    if (output) {
      const point = g1PointFromBytes(bytes);
      expect(bytesToHex(point.toBytes())).toBe(bytesToHex(bytes));
      expect(point.isInfinity).toBe((bytes[0]! & INFINITY_FLAG) !== 0);
    } else {
      expectRefused(
        rejection(() => g1PointFromBytes(bytes)),
        'BLS_INVALID_POINT',
        bytes.length !== G1_LENGTH,
      );
    }
  });

  // The same encodings as public keys: KeyValidate also refuses the point at infinity.
  eachVector('deserialization_G1', 'publicKeyFromBytes (KeyValidate)', (input, output) => {
    const bytes = hex((input as { pubkey: string }).pubkey);
    expectBoolean(output);
    const isInfinity = (bytes[0]! & INFINITY_FLAG) !== 0;
    if (output && !isInfinity) {
      expect(bytesToHex(publicKeyFromBytes(bytes).toBytes())).toBe(bytesToHex(bytes));
    } else {
      expectRefused(
        rejection(() => publicKeyFromBytes(bytes)),
        'BLS_INVALID_PUBKEY',
        bytes.length !== G1_LENGTH,
      );
    }
  });
});

describe('bls12-381-tests: deserialization_G2', () => {
  eachVector('deserialization_G2', 'signatureFromBytes (ZCash encoding, on the curve, in G2)', (input, output) => {
    const bytes = hex((input as { signature: string }).signature);
    expectBoolean(output);
    if (output) {
      const point = signatureFromBytes(bytes);
      expect(bytesToHex(point.toBytes())).toBe(bytesToHex(bytes));
      expect(point.isInfinity).toBe((bytes[0]! & INFINITY_FLAG) !== 0);
    } else {
      expectRefused(
        rejection(() => signatureFromBytes(bytes)),
        'BLS_INVALID_SIGNATURE',
        bytes.length !== G2_LENGTH,
      );
    }
  });

  // Aggregate decodes each signature with the same checks: the sum of one is itself.
  eachVector('deserialization_G2', 'aggregateSignatures of one signature', (input, output) => {
    const bytes = hex((input as { signature: string }).signature);
    expectBoolean(output);
    if (output) {
      expect(bytesToHex(aggregateSignatures([bytes]))).toBe(bytesToHex(bytes));
    } else {
      expectRefused(
        rejection(() => aggregateSignatures([bytes])),
        'BLS_INVALID_SIGNATURE',
        bytes.length !== G2_LENGTH,
      );
    }
  });
});

// --- hash to curve --------------------------------------------------------------------------

describe('bls12-381-tests: hash_to_G2', () => {
  eachVector('hash_to_G2', `hashToG2 (DST ${HASH_TO_G2_DST})`, (input, output) => {
    const { msg } = input as { msg: string };
    expect(typeof msg).toBe('string');
    const expected = output as { x: string; y: string };
    const { x, y } = hashToG2(utf8(msg), HASH_TO_G2_DST);
    expect({ x: { c0: x.c0, c1: x.c1 }, y: { c0: y.c0, c1: y.c1 } }).toEqual({ x: fp2(expected.x), y: fp2(expected.y) });
  });
});

// --- verification ---------------------------------------------------------------------------

describe('bls12-381-tests: verify', () => {
  eachVector('verify', 'verify', (input, output) => {
    const { pubkey, message, signature } = input as { pubkey: string; message: string; signature: string };
    expectBoolean(output);
    const key = attempt(() => publicKeyFromBytes(hex(pubkey)));
    if (!key.ok) {
      // KeyValidate failed: the spec's Verify is INVALID.
      expectVerificationError(key.error, 'BLS_INVALID_PUBKEY');
      expect(output).toBe(false);
      return;
    }
    expect(verify(key.value, hex(message), hex(signature))).toBe(output);
  });
});

describe('bls12-381-tests: fast_aggregate_verify', () => {
  eachVector('fast_aggregate_verify', 'fastAggregateVerify (keys prepared with the subgroup check)', (input, output) => {
    const { pubkeys, message, signature } = input as { pubkeys: string[]; message: string; signature: string };
    expect(Array.isArray(pubkeys)).toBe(true);
    expectBoolean(output);
    const keys = attempt(() => preparePublicKeys(pubkeys.map(hex), { subgroupCheck: true }));
    if (!keys.ok) {
      // No keys, or one that fails KeyValidate: the spec's FastAggregateVerify is INVALID.
      if (pubkeys.length === 0) expect(keys.error).toBeInstanceOf(InputError);
      else expectVerificationError(keys.error, 'BLS_INVALID_PUBKEY');
      expect(output).toBe(false);
      return;
    }
    const participation = pubkeys.map(() => true);
    expect(fastAggregateVerify(keys.value, participation, hex(message), hex(signature))).toBe(output);
  });
});

// --- signing and aggregation ----------------------------------------------------------------

describe('bls12-381-tests: aggregate', () => {
  eachVector('aggregate', 'aggregateSignatures', (input, output) => {
    expect(Array.isArray(input)).toBe(true);
    const signatures = (input as string[]).map(hex);
    if (output === null) {
      const error = rejection(() => aggregateSignatures(signatures));
      if (signatures.length === 0) expect(error).toBeInstanceOf(InputError);
      else expectVerificationError(error, 'BLS_INVALID_SIGNATURE');
    } else {
      expect(typeof output).toBe('string');
      expect(bytesToHex(aggregateSignatures(signatures))).toBe(output);
    }
  });
});

describe('bls12-381-tests: sign', () => {
  eachVector('sign', 'sign', (input, output) => {
    const { privkey, message } = input as { privkey: string; message: string };
    const secretKey = hex(privkey);
    if (output === null) {
      expect(rejection(() => sign(secretKey, hex(message)))).toBeInstanceOf(InputError);
    } else {
      expect(typeof output).toBe('string');
      expect(bytesToHex(sign(secretKey, hex(message)))).toBe(output);
    }
  });
});
