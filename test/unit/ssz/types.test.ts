/**
 * Spec edge cases worked by hand, Beacon API JSON, schema naming and the inferred value types.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import {
  Bitlist,
  Bitvector,
  boolean,
  ByteList,
  Bytes32,
  Container,
  List,
  toSnakeCase,
  uint128,
  uint16,
  uint256,
  uint64,
  uint8,
  Vector,
  type SszType,
  type ValueOf,
} from '../../../src/ssz/index.ts';
import { zeroHash } from '../../../src/ssz/hash.ts';

const hex = bytesToHex;
const mix = (root: Uint8Array, length: number) => {
  const len = new Uint8Array(32);
  new DataView(len.buffer).setUint32(0, length, true);
  return sha256(concatBytes(root, len));
};

describe('spec edge cases', () => {
  it('limit-0 lists: empty only, root = mix_in_length(zero chunk, 0)', () => {
    const empty = <T>(T: SszType<T>) => {
      expect(T.serialize(T.defaultValue())).toEqual(new Uint8Array(0));
      expect(hex(T.hashTreeRoot(T.defaultValue()))).toBe(hex(mix(new Uint8Array(32), 0)));
      expect(() => T.deserialize(new Uint8Array(8))).toThrow(/too long/);
    };
    empty(List(uint64, 0));
    empty(ByteList(0));
    empty(List(Bytes32, 0));
    const B = Bitlist(0);
    expect(B.serialize([])).toEqual(hexToBytes('0x01'));
    expect(hex(B.hashTreeRoot([]))).toBe(hex(mix(new Uint8Array(32), 0)));
  });

  it('empty lists hash the zero subtree of their limit', () => {
    expect(hex(List(uint64, 2 ** 40).hashTreeRoot([]))).toBe(hex(mix(zeroHash(38), 0))); // 4 per chunk
    expect(hex(List(Bytes32, 2 ** 20).hashTreeRoot([]))).toBe(hex(mix(zeroHash(20), 0)));
    expect(hex(ByteList(100).hashTreeRoot(new Uint8Array(0)))).toBe(hex(mix(zeroHash(2), 0))); // 4 chunks
    expect(hex(Bitlist(2048).hashTreeRoot([]))).toBe(hex(mix(zeroHash(3), 0))); // 8 chunks
  });

  it('ByteList of a non-multiple of 32 packs and zero-pads its last chunk', () => {
    const v = new Uint8Array(33).map((_, i) => i + 1);
    const c0 = v.slice(0, 32);
    const c1 = new Uint8Array(32);
    c1[0] = 33;
    // limit 33 → 2 chunks → depth 1.
    expect(hex(ByteList(33).hashTreeRoot(v))).toBe(hex(mix(sha256(concatBytes(c0, c1)), 33)));
    // limit 100 → 4 chunks → depth 2.
    expect(hex(ByteList(100).hashTreeRoot(v))).toBe(hex(mix(sha256(concatBytes(sha256(concatBytes(c0, c1)), zeroHash(1))), 33)));
  });

  it('Bitlist: the delimiter is in the bytes but not in the root', () => {
    const bits = [true, false, true, true, false, false, false, false, true]; // 9 bits
    expect(hex(Bitlist(16).serialize(bits))).toBe('0x0d03'); // 0b00001101, then bit 8 and the delimiter at bit 9
    const chunk = new Uint8Array(32);
    chunk.set([0x0d, 0x01]);
    expect(hex(Bitlist(16).hashTreeRoot(bits))).toBe(hex(mix(chunk, 9)));
    expect(hex(Bitlist(16).serialize(Array(8).fill(false)))).toBe('0x0001'); // full byte: delimiter in a new one
  });

  it('Bitvector and vectors of basic types pack into chunks', () => {
    expect(hex(Bitvector(4).serialize([true, false, false, true]))).toBe('0x09');
    const v = [1, 2, 3];
    const chunk = new Uint8Array(32);
    chunk.set([1, 0, 2, 0, 3, 0]);
    expect(hex(Vector(uint16, 3).hashTreeRoot(v))).toBe(hex(chunk));
  });

  it('uint128/uint256 are little-endian over all their bytes', () => {
    expect(hex(uint128.serialize(1n + (2n << 64n)))).toBe('0x0100000000000000' + '0200000000000000');
    expect(uint256.deserialize(uint256.serialize(2n ** 256n - 2n))).toBe(2n ** 256n - 2n);
    const root = uint256.hashTreeRoot(2n ** 255n);
    expect(root[31]).toBe(0x80);
  });

  it('nested variable-size containers: offsets relative to each container', () => {
    const Inner = Container({ xs: List(uint8, 4), y: uint8 });
    const Outer = Container({ a: Inner, b: Inner });
    const v = { a: { xs: [1, 2], y: 3 }, b: { xs: [], y: 4 } };
    // Outer: off(a)=8, off(b)=8+7; Inner a: off(xs)=5, y=3, xs=[1,2]; Inner b: off(xs)=5, y=4.
    expect(hex(Outer.serialize(v))).toBe('0x' + '08000000' + '0f000000' + '0500000003' + '0102' + '0500000004');
    expect(Outer.deserialize(Outer.serialize(v))).toEqual(v);
  });
});

describe('Beacon API JSON', () => {
  const Checkpoint = Container({ epoch: uint64, root: Bytes32 }, { typeName: 'Checkpoint' });
  const Thing = Container(
    { slot: uint64, index: uint8, flag: boolean, bits: Bitlist(10), roots: List(Bytes32, 2), checkpoint: Checkpoint },
    { typeName: 'Thing' },
  );
  const json = {
    slot: '18446744073709551615',
    index: '7',
    flag: true,
    bits: '0x0d',
    roots: ['0x' + '11'.repeat(32)],
    checkpoint: { epoch: '3', root: '0x' + 'ab'.repeat(32) },
  };

  it('parses and prints the Beacon API form', () => {
    const v = Thing.fromJson(json);
    expect(v.slot).toBe(2n ** 64n - 1n);
    expect(v.index).toBe(7);
    expect(v.bits).toEqual([true, false, true]);
    expect(Thing.toJson(v)).toEqual(json);
    // Small integers may come unquoted; they print quoted.
    expect(Thing.fromJson({ ...json, index: 7, slot: 5 }).slot).toBe(5n);
  });

  const bad = (patch: Record<string, unknown>, path: RegExp) => {
    let message = '';
    try {
      Thing.fromJson({ ...json, ...patch });
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      message = (err as Error).message;
    }
    expect(message).toMatch(path);
  };

  it('rejects unknown and missing fields', () => {
    bad({ extra: 1 }, /Thing: unknown field.*"extra"/);
    expect(() => Thing.fromJson({ ...json, checkpoint: { epoch: '3' } })).toThrow(/Thing\.checkpoint\.root: missing field/);
    expect(() => Thing.fromJson({ ...json, checkpoint: { epoch: '3', root: json.checkpoint.root, x: 1 } })).toThrow(InputError);
    expect(() => Thing.fromJson([json])).toThrow(InputError);
    expect(() => Thing.fromJson(null)).toThrow(InputError);
  });

  it('rejects malformed scalars, naming the field', () => {
    bad({ slot: '18446744073709551616' }, /Thing\.slot: uint64 out of range/);
    bad({ slot: '0x10' }, /Thing\.slot/);
    bad({ slot: '-1' }, /Thing\.slot/);
    bad({ slot: '01' }, /Thing\.slot/);
    bad({ slot: ' 1' }, /Thing\.slot/);
    bad({ slot: 1.5 }, /Thing\.slot/);
    bad({ slot: 2 ** 60 }, /Thing\.slot/); // unsafe integer: must be a string
    bad({ index: '256' }, /Thing\.index/);
    bad({ flag: 1 }, /Thing\.flag: expected a JSON boolean/);
    bad({ flag: 'true' }, /Thing\.flag/);
  });

  it('rejects malformed bytes and bitfields', () => {
    bad({ roots: ['0x' + '11'.repeat(31)] }, /Thing\.roots\[0\]: wrong number of bytes/);
    bad({ roots: ['11'.repeat(32)] }, /Thing\.roots\[0\]: expected 0x-prefixed hex/);
    bad({ roots: ['0x' + 'zz'.repeat(32)] }, /Thing\.roots\[0\]/);
    bad({ roots: ['0x' + '11'.repeat(32), '0x' + '11'.repeat(32), '0x' + '11'.repeat(32)] }, /Thing\.roots: too many items/);
    bad({ roots: 'nope' }, /Thing\.roots: expected a JSON array/);
    bad({ bits: '0x00' }, /Thing\.bits: missing delimiter/);
    bad({ bits: '0x' }, /Thing\.bits: too short/);
    bad({ bits: '0x0008' }, /Thing\.bits: too many bits/);
    expect(() => Bitvector(4).fromJson('0x1f')).toThrow(/padding bits/);
  });
});

describe('schemas', () => {
  it('JSON names: camelCase → snake_case, trailing numbers separated, snake_case kept, overrides', () => {
    expect(toSnakeCase('parentRoot')).toBe('parent_root');
    expect(toSnakeCase('eth1Data')).toBe('eth1_data');
    expect(toSnakeCase('eth1DepositIndex')).toBe('eth1_deposit_index');
    expect(toSnakeCase('attestation1')).toBe('attestation_1');
    expect(toSnakeCase('signedHeader2')).toBe('signed_header_2');
    expect(toSnakeCase('blsToExecutionChanges')).toBe('bls_to_execution_changes');
    expect(toSnakeCase('finalized_checkpoint')).toBe('finalized_checkpoint');
    expect(toSnakeCase('attestation_1')).toBe('attestation_1');
    const C = Container({ weirdName: uint8 }, { jsonNames: { weirdName: 'WeIrD' } });
    expect(C.toJson({ weirdName: 1 })).toEqual({ WeIrD: '1' });
    expect(() => Container({ aB: uint8, a_b: uint8 })).toThrow(InputError);
    expect(() => Container({ a: uint8, b: uint8 }, { jsonNames: { a: 'b' } })).toThrow(InputError);
    expect(() => Container({ a: uint8, b: uint8 }, { jsonNames: { a: 'c', b: 'a' } })).toThrow(InputError);
    expect(() => Container({ 1: uint8 })).toThrow(InputError);
  });

  it('type names used in error paths', () => {
    expect(List(Vector(uint16, 3), 4).typeName).toBe('List[Vector[uint16, 3], 4]');
    expect(Container({ a: uint8 }, { typeName: 'X' }).typeName).toBe('X');
  });

  it('infers value types from the schema', () => {
    const Header = Container({ slot: uint64, index: uint8, root: Bytes32, bits: Bitvector(4), xs: List(Vector(boolean, 2), 3) });
    type Header = ValueOf<typeof Header>;
    expectTypeOf<Header>().toEqualTypeOf<{ slot: bigint; index: number; root: Uint8Array; bits: boolean[]; xs: boolean[][] }>();
    // @ts-expect-error slot is a bigint
    const wrong: Header = { slot: 1, index: 1, root: new Uint8Array(32), bits: [], xs: [] };
    expect(wrong.index).toBe(1);
  });
});
