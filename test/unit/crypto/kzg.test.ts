import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { verifyKzgProof } from '../../../src/crypto/kzg.ts';

interface Case {
  name: string;
  input: { commitment: string; z: string; y: string; proof: string };
  output: boolean | null;
}
const cases = JSON.parse(readFileSync(new URL('../../fixtures/kzg/verify_kzg_proof.json', import.meta.url), 'utf8')) as Case[];

describe('verifyKzgProof: the c-kzg-4844 reference tests', () => {
  it('has every case', () => {
    expect(cases.length).toBe(122);
  });
  for (const c of cases) {
    it(c.name, () => {
      const run = () =>
        verifyKzgProof(hexToBytes(c.input.commitment), hexToBytes(c.input.z), hexToBytes(c.input.y), hexToBytes(c.input.proof));
      if (c.output !== null) return void expect(run()).toBe(c.output);
      // A wrong length is malformed input; well-sized bytes the spec refuses are KZG_INVALID_INPUT.
      const sizes = [c.input.commitment, c.input.z, c.input.y, c.input.proof].map((h) => (h.length - 2) / 2);
      if (sizes.join() !== '48,32,32,48') return void expect(run).toThrow(InputError);
      expect(run).toThrow(VerificationError);
      expect(run).toThrow(expect.objectContaining({ code: 'KZG_INVALID_INPUT' }));
    });
  }
});
