import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { afield, FIELD_ORDER, isFieldElement, poseidon, poseidonPair } from '../../../src/crypto/poseidon.ts';

/**
 * Published circomlib vectors: circomlib 2.0.5 test/poseidoncircuit.js (the circuit's output for
 * Poseidon(2) and Poseidon(5), checked there against circomlibjs), circomlibjs's test/poseidon.js
 * for [1, 2, 3, 4], and zk-kit/Semaphore's Poseidon([1]).
 */
const VECTORS: { inputs: bigint[]; out: bigint }[] = [
  { inputs: [1n], out: 18586133768512220936620570745912940619677854269274689475585506675881198879027n },
  { inputs: [1n, 2n], out: 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an },
  { inputs: [1n, 2n], out: 7853200120776062878684798364095072458815029376092732009249414926327459813530n },
  { inputs: [3n, 4n], out: 14763215145315200506921711489642608356394854266165572616578112107564877678998n },
  { inputs: [1n, 2n, 3n, 4n], out: 0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465n },
  { inputs: [1n, 2n, 0n, 0n, 0n], out: 1018317224307729531995786483840663576608797660851238720571059489595066344487n },
  { inputs: [3n, 4n, 5n, 10n, 23n], out: 13034429309846638789535561449942021891039729847501137143363028890275222221409n },
];

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

describe('poseidon (circomlib parameters)', () => {
  it('is over the BN254 scalar field', () => {
    expect(FIELD_ORDER).toBe(R);
  });

  it.each(VECTORS)('known answer: Poseidon($inputs)', ({ inputs, out }) => {
    expect(poseidon(inputs)).toBe(out);
  });

  it('poseidonPair is Poseidon of two; Poseidon(0, 0) is the depth-1 empty root', () => {
    expect(poseidonPair(1n, 2n)).toBe(0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an);
    expect(poseidonPair(0n, 0n)).toBe(0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864n);
  });

  it('takes 1 to 5 inputs and says so otherwise', () => {
    expect(() => poseidon([])).toThrow(new InputError('"inputs" expected 1 to 5 field elements, got 0'));
    expect(() => poseidon([1n, 2n, 3n, 4n, 5n, 6n])).toThrow(new InputError('"inputs" expected 1 to 5 field elements, got 6'));
    expect(() => poseidon('12' as unknown as bigint[])).toThrowError(InputError);
  });

  it('refuses non-bigint inputs (numbers, strings), which poseidon-lite would take', () => {
    expect(() => poseidon([1 as unknown as bigint])).toThrow('"inputs[0]" expected a field element (bigint), got number');
    expect(() => poseidon([1n, '2' as unknown as bigint])).toThrow('"inputs[1]" expected a field element (bigint), got "2"');
  });

  it('refuses r and −1 by name', () => {
    expect(() => poseidon([0n, R])).toThrow(`"inputs[1]" expected a field element below r, got ${R}`);
    expect(() => poseidon([-1n])).toThrowError(InputError);
    expect(() => poseidonPair(R, 0n)).toThrow('"left" expected a field element below r');
  });

  it('property: any input ≥ r or < 0, at any position of any arity, is refused (never reduced)', () => {
    const outOfField = fc.oneof(fc.bigInt({ min: R, max: (1n << 256n) - 1n }), fc.bigInt({ min: -(1n << 256n), max: -1n }));
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: R - 1n }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        outOfField,
        (inputs, at, bad) => {
          const i = at % inputs.length;
          const withBad = inputs.slice();
          withBad[i] = bad;
          try {
            poseidon(withBad);
            return false;
          } catch (error) {
            return error instanceof InputError && error.message.includes(`"inputs[${i}]"`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: in-field inputs hash to a field element, the same twice, and x + r is never taken for x', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: R - 1n }), { minLength: 1, maxLength: 5 }), (inputs) => {
        const h = poseidon(inputs);
        expect(isFieldElement(h)).toBe(true);
        expect(poseidon(inputs)).toBe(h);
        expect(() => poseidon(inputs.map((x, i) => (i === 0 ? x + R : x)))).toThrowError(InputError);
      }),
      { numRuns: 100 },
    );
  });

  it('afield returns what it checked', () => {
    expect(afield(R - 1n, 'x')).toBe(R - 1n);
    expect(() => afield(R, 'amount')).toThrow(`"amount" expected a field element below r, got ${R}`);
    expect(isFieldElement(R)).toBe(false);
    expect(isFieldElement(5)).toBe(false);
  });
});
