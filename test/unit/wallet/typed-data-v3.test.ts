/**
 * eth_signTypedData_v3 against @metamask/eth-sig-util's SignTypedDataVersion.V3, by vectors that
 * library computed (test/fixtures/typed-data/eth-sig-util-v3.json: each case's typed data, its V3 and V4 digests or
 * the error it threw, and V3's signature with the key keccak256("cow")). Where V3 hashes, Vigil's
 * v3 hashes and signs the same; where V3 throws on an array, v3 refuses INVALID_TYPED_DATA and v4
 * hashes as V4. The one divergence is deliberate: a missing field, which V3 leaves out of the hash.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { parseTypedData, recoverTypedDataAddress, signTypedData, typedDataDigest } from '../../../src/wallet/typed-data.ts';
import { addressOf } from '../../../src/wallet/keys.ts';
import { NESTED } from './typed-data-examples.ts';

type Vector = { typedData: unknown; expected: { V3: string; V4: string; sigV3: string } };
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/typed-data/eth-sig-util-v3.json', import.meta.url), 'utf8')) as { cases: Record<string, Vector> };
const cases = Object.entries(vectors.cases);
const cow = keccak256(new TextEncoder().encode('cow'));
const throws = (s: string) => s.startsWith('throws: ');

function refusal(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('eth_signTypedData_v3 (EIP-712 without arrays, as MetaMask)', () => {
  it('the vectors cover hashing, signing, arrays refused and the missing-field divergence', () => {
    expect(cases.filter(([, v]) => !throws(v.expected.V3)).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter(([, v]) => throws(v.expected.V3)).length).toBeGreaterThanOrEqual(3);
  });

  for (const [name, { typedData, expected }] of cases) {
    if (name === 'missingField') continue;
    if (!throws(expected.V3)) {
      it(`${name}: v3 hashes and signs as eth-sig-util's V3 (as an object and as JSON text)`, () => {
        const parsed = parseTypedData(typedData, 1n, 'v3');
        expect(bytesToHex(parsed.hash)).toBe(expected.V3);
        expect(bytesToHex(parseTypedData(JSON.stringify(typedData), 1n, 'v3').hash)).toBe(expected.V3);
        expect(signTypedData(parsed, cow)).toBe(expected.sigV3);
        expect(recoverTypedDataAddress(parsed, expected.sigV3)).toBe(addressOf(cow));
        // Without arrays, v3 is v4.
        expect(bytesToHex(parseTypedData(typedData, 1n, 'v4').hash)).toBe(expected.V4);
      });
    } else {
      it(`${name}: v3 refuses the array eth-sig-util's V3 throws on, saying to ask with v4; v4 hashes as V4`, () => {
        expect(expected.V3).toContain('Arrays are unimplemented');
        const err = refusal(() => parseTypedData(typedData, 1n, 'v3'));
        expect(err.code).toBe('INVALID_TYPED_DATA');
        expect(err.shortMessage).toMatch(/is an array .*eth_signTypedData_v4/);
        expect(refusal(() => typedDataDigest(typedData, 1n, 'v3')).code).toBe('INVALID_TYPED_DATA');
        expect(bytesToHex(parseTypedData(typedData, 1n, 'v4').hash)).toBe(expected.V4);
        expect(bytesToHex(parseTypedData(typedData, 1n).hash)).toBe(expected.V4);
      });
    }
  }

  it('a missing field: V3 leaves it out of the hash (no contract computes that); Vigil refuses it in v3 as in v4', () => {
    const { typedData, expected } = vectors.cases.missingField!;
    expect(throws(expected.V3)).toBe(false);
    expect(throws(expected.V4)).toBe(true);
    for (const version of ['v3', 'v4'] as const) {
      const err = refusal(() => parseTypedData(typedData, 1n, version));
      expect(err.code).toBe('INVALID_TYPED_DATA');
      expect(err.shortMessage).toContain('"message.wallet" is missing');
    }
  });

  it('every array kind is refused in v3 (struct arrays, fixed arrays, arrays of arrays), wherever it sits', () => {
    expect(refusal(() => parseTypedData(NESTED, NESTED.domain.chainId, 'v3')).shortMessage).toContain('eth_signTypedData_v3 has none');
    expect(() => parseTypedData(NESTED, NESTED.domain.chainId, 'v4')).not.toThrow();
  });

  it('a v3 domain for another chain is refused as in v4', () => {
    const { typedData } = vectors.cases.mail!;
    const err = refusal(() => parseTypedData(typedData, 31337n, 'v3'));
    expect(err).toMatchObject({ code: 'INVALID_TYPED_DATA', expected: 'chainId 31337', got: 'chainId 1' });
  });
});
