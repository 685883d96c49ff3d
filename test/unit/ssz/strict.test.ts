/**
 * Strict decoding: every kind of malformed SSZ is a VerificationError('SSZ_INVALID') naming the
 * field path; malformed values handed to serialize/hashTreeRoot are InputErrors.
 */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import {
  Bitlist,
  Bitvector,
  boolean,
  ByteList,
  ByteVector,
  Bytes32,
  Container,
  List,
  uint16,
  uint32,
  uint64,
  uint8,
  Vector,
} from '../../../src/ssz/index.ts';

/** Runs `fn`, expects SSZ_INVALID, and returns the message for path assertions. */
function sszInvalid(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('SSZ_INVALID');
    return (err as Error).message;
  }
  throw new Error('expected SSZ_INVALID, but decoding succeeded');
}

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected InputError');
}

const h = (hex: string) => hexToBytes(hex);
/** Little-endian uint32 offset. */
const off = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) (out.set(p, i), (i += p.length));
  return out;
};

describe('basic types', () => {
  it('uintN must have exactly N/8 bytes', () => {
    expect(sszInvalid(() => uint64.deserialize(new Uint8Array(7)))).toMatch(/uint64: wrong length: expected 8 bytes, got 7/);
    sszInvalid(() => uint64.deserialize(new Uint8Array(9)));
    sszInvalid(() => uint8.deserialize(new Uint8Array(0)));
    sszInvalid(() => uint16.deserialize(new Uint8Array(3)));
  });

  it('boolean is 0x00 or 0x01 only', () => {
    expect(boolean.deserialize(h('0x00'))).toBe(false);
    expect(boolean.deserialize(h('0x01'))).toBe(true);
    for (const b of ['0x02', '0x80', '0xff']) sszInvalid(() => boolean.deserialize(h(b)));
    sszInvalid(() => boolean.deserialize(h('0x0100')));
  });

  it('non-Uint8Array input is an InputError', () => {
    inputError(() => uint64.deserialize('0x00' as unknown as Uint8Array));
  });
});

describe('bytes and bitfields', () => {
  it('ByteVector length is exact', () => {
    sszInvalid(() => Bytes32.deserialize(new Uint8Array(31)));
    sszInvalid(() => Bytes32.deserialize(new Uint8Array(33)));
  });

  it('ByteList length is bounded by the limit', () => {
    expect(ByteList(3).deserialize(new Uint8Array(3))).toHaveLength(3);
    expect(sszInvalid(() => ByteList(3).deserialize(new Uint8Array(4)))).toMatch(/too long: expected at most 3 bytes, got 4/);
    sszInvalid(() => ByteList(0).deserialize(new Uint8Array(1)));
  });

  it('Bitvector length is exact and padding bits are zero', () => {
    expect(Bitvector(10).deserialize(h('0xff03'))).toEqual([...Array(10).fill(true)]);
    expect(sszInvalid(() => Bitvector(10).deserialize(h('0xff07')))).toMatch(/padding bits/);
    sszInvalid(() => Bitvector(10).deserialize(h('0xff')));
    sszInvalid(() => Bitvector(10).deserialize(h('0xff0300')));
    // A multiple of 8 has no padding: every bit is data.
    expect(Bitvector(8).deserialize(h('0x80'))).toEqual([...Array(7).fill(false), true]);
  });

  it('Bitlist needs its delimiter bit, within the limit', () => {
    expect(Bitlist(8).deserialize(h('0x01'))).toEqual([]);
    expect(Bitlist(8).deserialize(h('0x0d'))).toEqual([true, false, true]);
    expect(Bitlist(8).deserialize(h('0xff01'))).toEqual(Array(8).fill(true));
    expect(sszInvalid(() => Bitlist(8).deserialize(new Uint8Array(0)))).toMatch(/too short/);
    expect(sszInvalid(() => Bitlist(8).deserialize(h('0x00')))).toMatch(/delimiter/);
    expect(sszInvalid(() => Bitlist(16).deserialize(h('0xff00')))).toMatch(/delimiter/);
    // 9 bits in a Bitlist[8]: the delimiter sits at bit 9 of two bytes.
    expect(sszInvalid(() => Bitlist(8).deserialize(h('0xff03')))).toMatch(/too many bits: expected at most 8, got 9/);
    // Bounded by bytes before looking at bits.
    expect(sszInvalid(() => Bitlist(8).deserialize(h('0xff0101')))).toMatch(/too long/);
    sszInvalid(() => Bitlist(0).deserialize(h('0x03')));
    expect(Bitlist(0).deserialize(h('0x01'))).toEqual([]);
  });
});

describe('lists and vectors', () => {
  it('fixed-size elements must fill the bytes exactly', () => {
    expect(sszInvalid(() => List(uint64, 4).deserialize(new Uint8Array(12)))).toMatch(/multiple of the element size/);
    expect(sszInvalid(() => List(uint64, 4).deserialize(new Uint8Array(40)))).toMatch(/too long/);
    sszInvalid(() => Vector(uint16, 3).deserialize(new Uint8Array(5)));
    sszInvalid(() => Vector(Bytes32, 2).deserialize(new Uint8Array(65)));
  });

  it('an element error names its index', () => {
    expect(sszInvalid(() => List(boolean, 4).deserialize(h('0x00010201')))).toMatch(/List\[boolean, 4\]\[2\]: boolean byte/);
  });

  it('bounds the size before parsing anything', () => {
    const huge = new Uint8Array(10_000_000);
    expect(sszInvalid(() => List(List(uint8, 4), 4).deserialize(huge))).toMatch(/too long: expected at most 32 bytes/);
  });

  const L = List(ByteList(4), 3); // variable-size elements: offsets
  it('reads variable-size elements through offsets', () => {
    expect(L.deserialize(new Uint8Array(0))).toEqual([]);
    const ok = cat(off(8), off(9), h('0xaa'), h('0xbbcc'));
    expect(L.deserialize(ok)).toEqual([h('0xaa'), h('0xbbcc')]);
    // Empty elements: equal offsets are fine.
    expect(L.deserialize(cat(off(8), off(8)))).toEqual([new Uint8Array(0), new Uint8Array(0)]);
  });

  it('rejects every malformed offset table', () => {
    expect(sszInvalid(() => L.deserialize(h('0x0800')))).toMatch(/too short for the first offset/);
    expect(sszInvalid(() => L.deserialize(cat(off(0))))).toMatch(/first offset/);
    expect(sszInvalid(() => L.deserialize(cat(off(6), off(8), h('0xaa'))))).toMatch(/first offset/);
    expect(sszInvalid(() => L.deserialize(cat(off(12), off(9), h('0xaa'))))).toMatch(/first offset/); // past the end
    expect(sszInvalid(() => L.deserialize(cat(off(16), off(16), off(16), off(16))))).toMatch(/too many elements: expected at most 3, got 4/);
    expect(sszInvalid(() => L.deserialize(cat(off(8), off(7), h('0xaa'))))).toMatch(/\[1\]: offsets must not decrease/);
    expect(sszInvalid(() => L.deserialize(cat(off(8), off(99), h('0xaa'))))).toMatch(/\[1\]: offset points past the end/);
    // An element longer than its own limit.
    expect(sszInvalid(() => L.deserialize(cat(off(8), off(8), h('0xaabbccddee'))))).toMatch(/\[1\]: too long/);
  });

  it('a vector of variable-size elements has its first offset right after the table', () => {
    const V = Vector(ByteList(4), 2);
    expect(V.deserialize(cat(off(8), off(9), h('0xaa')))).toEqual([h('0xaa'), new Uint8Array(0)]);
    expect(sszInvalid(() => V.deserialize(cat(off(9), off(9), h('0xaa'))))).toMatch(/\[0\]: first offset must point just past the offsets: expected 8, got 9/);
    sszInvalid(() => V.deserialize(cat(off(8))));
  });
});

describe('containers', () => {
  const Inner = Container({ a: uint16, items: List(uint32, 2), tail: ByteList(3) }, { typeName: 'Inner' });
  const Outer = Container({ x: uint8, inner: Inner, y: uint8 }, { typeName: 'Outer' });
  const fixedPart = 2 + 4 + 4; // a, offset(items), offset(tail)

  it('reads canonical bytes', () => {
    const bytes = cat(h('0x0100'), off(fixedPart), off(fixedPart + 8), off(1), off(2), h('0xaabb'));
    expect(Inner.deserialize(bytes)).toEqual({ a: 1, items: [1, 2], tail: h('0xaabb') });
  });

  it('fixed-size containers have an exact length (no trailing bytes)', () => {
    const C = Container({ a: uint64, b: Bytes32 }, { typeName: 'C' });
    expect(sszInvalid(() => C.deserialize(new Uint8Array(41)))).toMatch(/C: wrong length: expected 40 bytes, got 41/);
    sszInvalid(() => C.deserialize(new Uint8Array(39)));
  });

  it('the first offset equals the fixed part size', () => {
    // Too far: a gap between the fixed part and the data.
    expect(sszInvalid(() => Inner.deserialize(cat(h('0x0100'), off(fixedPart + 1), off(fixedPart + 1), h('0x00'))))).toMatch(
      /Inner\.items: first offset must point just past the fixed part: expected 10, got 11/,
    );
    // Too near: data overlapping the fixed part.
    sszInvalid(() => Inner.deserialize(cat(h('0x0100'), off(6), off(fixedPart))));
  });

  it('offsets do not decrease and stay within the bytes', () => {
    expect(sszInvalid(() => Inner.deserialize(cat(h('0x0100'), off(fixedPart), off(fixedPart - 1))))).toMatch(
      /Inner\.tail: offsets must not decrease/,
    );
    expect(sszInvalid(() => Inner.deserialize(cat(h('0x0100'), off(fixedPart), off(fixedPart + 1))))).toMatch(
      /Inner\.tail: offset points past the end/,
    );
  });

  it('shorter than the fixed part, or longer than the maximum', () => {
    expect(sszInvalid(() => Inner.deserialize(new Uint8Array(9)))).toMatch(/Inner: too short: expected at least 10 bytes/);
    expect(sszInvalid(() => Inner.deserialize(new Uint8Array(100)))).toMatch(/Inner: too long/);
  });

  it('trailing bytes land in the last field, which rejects them', () => {
    const bytes = cat(h('0x0100'), off(fixedPart), off(fixedPart), h('0xaabbccdd'));
    expect(sszInvalid(() => Inner.deserialize(bytes))).toMatch(/Inner\.tail: too long: expected at most 3 bytes, got 4/);
  });

  it('names the full path of a nested fault', () => {
    // Outer: x, offset(inner), y; inner's items list has 3 bytes: not a multiple of 4.
    const inner = cat(h('0x0100'), off(fixedPart), off(fixedPart + 3), h('0x010203'));
    const bytes = cat(h('0x07'), off(6), h('0x08'), inner);
    expect(sszInvalid(() => Outer.deserialize(bytes))).toMatch(/Outer\.inner\.items: length is not a multiple of the element size/);
  });

  it('a container of only fixed fields inside a list', () => {
    const C = Container({ flag: boolean, n: uint8 }, { typeName: 'C' });
    expect(sszInvalid(() => List(C, 4).deserialize(h('0x01000205')))).toMatch(/List\[C, 4\]\[1\]\.flag: boolean byte/);
  });
});

describe('values that do not fit the type are InputErrors', () => {
  it('uints', () => {
    expect(inputError(() => uint64.serialize(5 as unknown as bigint))).toMatch(/expected a uint64 bigint/);
    inputError(() => uint64.serialize(2n ** 64n));
    inputError(() => uint64.serialize(-1n));
    inputError(() => uint8.serialize(256));
    inputError(() => uint8.serialize(1.5));
    inputError(() => uint32.hashTreeRoot(-1));
  });

  it('bytes, bits, lists, containers', () => {
    inputError(() => Bytes32.serialize(new Uint8Array(31)));
    inputError(() => Bytes32.hashTreeRoot(new Uint8Array(33)));
    inputError(() => ByteList(2).serialize(new Uint8Array(3)));
    inputError(() => Bitlist(2).hashTreeRoot([true, true, true]));
    inputError(() => Bitvector(3).serialize([true, true]));
    inputError(() => Bitvector(3).serialize([true, 1 as unknown as boolean, false]));
    inputError(() => List(uint64, 2).hashTreeRoot([1n, 2n, 3n]));
    inputError(() => Vector(uint64, 2).serialize([1n]));
    const C = Container({ slot: uint64, root: Bytes32 }, { typeName: 'C' });
    expect(inputError(() => C.serialize({ slot: 1n } as never))).toMatch(/C\.root: expected a Uint8Array/);
    expect(inputError(() => List(C, 3).hashTreeRoot([C.defaultValue(), { slot: 1, root: new Uint8Array(32) } as never]))).toMatch(
      /List\[C, 3\]\[1\]\.slot/,
    );
    inputError(() => C.serialize(null as never));
  });

  it('illegal schemas', () => {
    inputError(() => Vector(uint8, 0));
    inputError(() => Bitvector(0));
    inputError(() => ByteVector(0));
    inputError(() => Container({}));
    inputError(() => List(uint8, -1));
    inputError(() => List(uint8, 1.5));
  });
});

describe('decoded values are copies', () => {
  it('changing the input (even a Node Buffer) afterwards changes nothing decoded', () => {
    const C = Container({ root: Bytes32, data: ByteList(8) });
    const bytes = Buffer.from(C.serialize({ root: new Uint8Array(32).fill(1), data: Uint8Array.of(1, 2) }));
    const v = C.deserialize(bytes);
    bytes.fill(0xff);
    expect(v.root).toEqual(new Uint8Array(32).fill(1));
    expect(v.data).toEqual(Uint8Array.of(1, 2));
    expect(v.root.constructor).toBe(Uint8Array);
  });
});
