/**
 * "The proof answers what was asked", the one check every eth_getProof caller makes: the real
 * mainnet answer passes for its own question and is refused, with the code each caller relies on,
 * for any other address, key, count or order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { parseGetProofResponse } from '../../../src/proofs/eip1186.ts';
import { expectAnswerTo } from '../../../src/proofs/get-proof-request.ts';
import { fixture } from './helpers.ts';

const mainnetProof = fixture('mainnet-proofs/proof.json');
const response = parseGetProofResponse(mainnetProof);
const KEY = mainnetProof.storageProof[0].key as string;

const refusal = (fn: () => void): VerificationError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError) return err;
    throw err;
  }
  throw new Error('accepted');
};

const slot = (n: number) => '0x' + n.toString(16).padStart(64, '0');
/** An answer proving `slots` (their proofs do not matter here: only what it answers for). */
const answering = (address: string, slots: string[]) => ({ address: hexToBytes(address, 20), storageProof: slots.map((s) => ({ slot: hexToBytes(s, 32) })) });

describe('expectAnswerTo', () => {
  it('accepts the answer to the question asked, address in any case, keys short or padded, as bytes or hex', () => {
    expect(() => expectAnswerTo({ address: mainnetProof.address, storageKeys: [KEY] }, response)).not.toThrow();
    expect(() => expectAnswerTo({ address: mainnetProof.address.toUpperCase().replace('0X', '0x'), storageKeys: ['0x1'] }, response)).not.toThrow();
    expect(() => expectAnswerTo({ address: response.address, storageKeys: [response.storageProof[0]!.slot] }, response)).not.toThrow();
  });

  it('refuses a valid proof of another address: PROOF_ADDRESS_MISMATCH, saying which', () => {
    const other = '0x' + '11'.repeat(20);
    expect(refusal(() => expectAnswerTo({ address: other, storageKeys: [KEY] }, response))).toMatchObject({
      code: 'PROOF_ADDRESS_MISMATCH',
      expected: other,
      got: mainnetProof.address.toLowerCase(),
    });
  });

  it('refuses other storage keys, another number of them, or another order: PROOF_VALUE_MISMATCH', () => {
    const address = mainnetProof.address as string;
    expect(refusal(() => expectAnswerTo({ address, storageKeys: [] }, response))).toMatchObject({ code: 'PROOF_VALUE_MISMATCH', expected: '0', got: '1' });
    expect(refusal(() => expectAnswerTo({ address, storageKeys: [KEY, KEY] }, response))).toMatchObject({ code: 'PROOF_VALUE_MISMATCH', expected: '2', got: '1' });
    expect(refusal(() => expectAnswerTo({ address, storageKeys: ['0x2'] }, response))).toMatchObject({ code: 'PROOF_VALUE_MISMATCH', expected: slot(2), got: KEY });
    const swapped = answering(address, [slot(2), slot(1)]);
    expect(refusal(() => expectAnswerTo({ address, storageKeys: ['0x1', '0x2'] }, swapped))).toMatchObject({
      code: 'PROOF_VALUE_MISMATCH',
      shortMessage: expect.stringContaining('storageProof[0]'),
    });
  });

  it('refuses a malformed question as InputError before comparing', () => {
    expect(() => expectAnswerTo({ address: '0x12', storageKeys: [] }, response)).toThrow(InputError);
    expect(() => expectAnswerTo({ address: mainnetProof.address, storageKeys: ['0x' + '1'.repeat(65)] }, response)).toThrow(InputError);
  });

  it('accepts exactly the answers whose address and key list equal the question', () => {
    const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(bytesToHex);
    const keys = fc.array(fc.nat({ max: 5 }).map(slot), { maxLength: 4 });
    fc.assert(
      fc.property(address, keys, address, keys, (askedAddress, askedKeys, gotAddress, gotKeys) => {
        const same = askedAddress === gotAddress && askedKeys.length === gotKeys.length && askedKeys.every((k, i) => k === gotKeys[i]);
        let code: string | undefined;
        try {
          expectAnswerTo({ address: askedAddress, storageKeys: askedKeys }, answering(gotAddress, gotKeys));
        } catch (err) {
          code = (err as VerificationError).code;
        }
        if (same) return code === undefined;
        return code === (askedAddress !== gotAddress ? 'PROOF_ADDRESS_MISMATCH' : 'PROOF_VALUE_MISMATCH');
      }),
    );
  });
});

describe('expectAnswerTo without keys', () => {
  it('checks the address only, for a caller that takes no storage value', () => {
    expect(() => expectAnswerTo({ address: mainnetProof.address }, response)).not.toThrow();
    expect(refusal(() => expectAnswerTo({ address: '0x' + '11'.repeat(20) }, response)).code).toBe('PROOF_ADDRESS_MISMATCH');
  });
});
