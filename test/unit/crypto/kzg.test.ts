import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
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
      if (c.output === null) expect(run).toThrow(InputError);
      else expect(run()).toBe(c.output);
    });
  }
});
