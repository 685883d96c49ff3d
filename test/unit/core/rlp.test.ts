import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { decodeRlp, encodeRlp, rlpScalar, type RlpInput, type RlpItem } from '../../../src/core/rlp.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError) return err.code;
    if (err instanceof InputError) return err.code;
    throw err;
  }
  return undefined;
};

// Vectors from the Yellow Paper's appendix B and ethereum/tests RLPTests (by hand).
const vectors: [RlpInput, string][] = [
  [new Uint8Array(0), '0x80'],
  [utf8('dog'), '0x83646f67'],
  [[utf8('cat'), utf8('dog')], '0xc88363617483646f67'],
  [[], '0xc0'],
  [0, '0x80'],
  [15, '0x0f'],
  [1024, '0x820400'],
  [0x7f, '0x7f'],
  [0x80, '0x8180'],
  [[[], [[]], [[], [[]]]], '0xc7c0c1c0c3c0c1c0'],
  [utf8('Lorem ipsum dolor sit amet, consectetur adipisicing elit'), '0xb838' + bytesToHex(utf8('Lorem ipsum dolor sit amet, consectetur adipisicing elit')).slice(2)],
  [2n ** 256n - 1n, '0xa0' + 'ff'.repeat(32)],
];

const toHexTree = (item: RlpItem): unknown => (item instanceof Uint8Array ? bytesToHex(item) : item.map(toHexTree));

describe('RLP', () => {
  it.each(vectors.map((v, i) => [i, ...v] as const))('vector %i encodes and decodes canonically', (_i, input, hex) => {
    const encoded = encodeRlp(input);
    expect(bytesToHex(encoded)).toBe(hex);
    expect(bytesToHex(encodeRlp(decodeRlp(encoded)))).toBe(hex);
  });

  it('decodes long lists', () => {
    const items = Array.from({ length: 100 }, (_, i) => utf8(`item${i}`));
    const encoded = encodeRlp(items);
    expect(encoded[0]).toBe(0xf9); // a 690-byte payload needs a 2-byte length
    expect(toHexTree(decodeRlp(encoded))).toEqual(items.map(bytesToHex));
  });

  it('rejects each non-canonical form with its own code', () => {
    expect(code(() => decodeRlp(new Uint8Array(0)))).toBe('RLP_TRUNCATED');
    expect(code(() => decodeRlp(hexToBytes('0x8100')))).toBe('RLP_NON_CANONICAL'); // single byte wrapped
    expect(code(() => decodeRlp(hexToBytes('0x817f')))).toBe('RLP_NON_CANONICAL');
    expect(bytesToHex(decodeRlp(hexToBytes('0x8180')) as Uint8Array)).toBe('0x80'); // 0x80 needs the prefix
    expect(code(() => decodeRlp(hexToBytes('0xb801' + '00')))).toBe('RLP_NON_CANONICAL'); // long form for 1 byte
    expect(code(() => decodeRlp(hexToBytes('0xb837' + '00'.repeat(55))))).toBe('RLP_NON_CANONICAL'); // 55 bytes long form
    expect(code(() => decodeRlp(hexToBytes('0xb90038' + '00'.repeat(56))))).toBe('RLP_NON_CANONICAL'); // leading zero in length
    expect(code(() => decodeRlp(hexToBytes('0xf800')))).toBe('RLP_NON_CANONICAL'); // long list form for empty list
    expect(code(() => decodeRlp(hexToBytes('0xf90038' + '00'.repeat(56))))).toBe('RLP_NON_CANONICAL');
    expect(code(() => decodeRlp(hexToBytes('0x8300')))).toBe('RLP_TRUNCATED');
    expect(code(() => decodeRlp(hexToBytes('0xc3010203' + '04')))).toBe('RLP_TRAILING_BYTES');
    expect(code(() => decodeRlp(hexToBytes('0x0102')))).toBe('RLP_TRAILING_BYTES');
    expect(code(() => decodeRlp(hexToBytes('0xc28300')))).toBe('RLP_TRUNCATED'); // child overruns list
    expect(code(() => decodeRlp(hexToBytes('0xbb')))).toBe('RLP_TRUNCATED');
    expect(code(() => decodeRlp(hexToBytes('0xbfffffffffffffffff')))).toBe('RLP_TRUNCATED'); // 8-byte length
  });

  it('bounds input size and depth', () => {
    expect(code(() => decodeRlp(new Uint8Array(10).fill(1), { maxBytes: 9 }))).toBe('RLP_TOO_LARGE');
    let deep: RlpInput = [];
    for (let i = 0; i < 40; i++) deep = [deep];
    const encoded = encodeRlp(deep);
    expect(code(() => decodeRlp(encoded))).toBe('RLP_TOO_DEEP');
    expect(code(() => decodeRlp(encoded, { maxDepth: 41 }))).toBeUndefined();
    expect(code(() => decodeRlp(hexToBytes('0xc0'), { maxDepth: 0 }))).toBe('RLP_TOO_DEEP');
  });

  it('reads scalars strictly', () => {
    expect(rlpScalar(hexToBytes('0x0400'), 'n')).toBe(1024n);
    expect(rlpScalar(new Uint8Array(0), 'n')).toBe(0n);
    expect(code(() => rlpScalar(hexToBytes('0x0004'), 'n'))).toBe('RLP_NON_CANONICAL');
    expect(code(() => rlpScalar([], 'n'))).toBe('RLP_UNEXPECTED_TYPE');
  });

  it('rejects what it cannot encode', () => {
    expect(code(() => encodeRlp(-1n))).toBe('INVALID_INPUT');
    expect(code(() => encodeRlp(1.5))).toBe('INVALID_INPUT');
  });

  const arbItem: fc.Arbitrary<RlpItem> = fc.letrec<{ item: RlpItem }>((tie) => ({
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.uint8Array({ maxLength: 80 }),
      fc.array(tie('item'), { maxLength: 6 }),
    ),
  })).item;

  it('property: decode(encode(x)) == x', () => {
    fc.assert(
      fc.property(arbItem, (item) => {
        expect(toHexTree(decodeRlp(encodeRlp(item)))).toEqual(toHexTree(item));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: arbitrary bytes decode only if canonical (encode(decode(b)) == b), else a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        let item: RlpItem;
        try {
          item = decodeRlp(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(VerificationError);
          return;
        }
        expect(bytesToHex(encodeRlp(item))).toBe(bytesToHex(bytes));
      }),
      { numRuns: 20000 },
    );
  });

  it('property: mutated encodings never decode to a different canonical item silently', () => {
    fc.assert(
      fc.property(arbItem, fc.nat(), fc.integer({ min: 1, max: 255 }), (item, at, delta) => {
        const encoded = encodeRlp(item);
        const mutated = encoded.slice();
        const i = at % mutated.length;
        mutated[i] = (mutated[i]! + delta) & 0xff;
        try {
          const decoded = decodeRlp(mutated);
          // Whatever decodes must be the canonical encoding of exactly these bytes.
          expect(bytesToHex(encodeRlp(decoded))).toBe(bytesToHex(mutated));
        } catch (err) {
          expect(err).toBeInstanceOf(VerificationError);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
