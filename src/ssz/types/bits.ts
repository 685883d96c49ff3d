/**
 * Bitvector[N] and Bitlist[N] (simple-serialize.md, "Bitvector[N]", "Bitlist[N]"): values are
 * boolean[]; bit i is bit (i % 8) of byte i / 8. A Bitlist appends a 1 "delimiter" bit after its
 * last bit, which is how its length is recovered; the root packs the bits without it.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { fault, show } from '../fault.ts';
import { allocLeaves, ceilLog2 } from '../merkleize.ts';
import { parseHexJson } from './json.ts';
import { boolean } from './boolean.ts';
import { checkBounds, CompositeType, type Json, type PathItem, type SszType } from './type.ts';
import { checkLength, elementIndex } from './util.ts';

function checkBits(value: boolean[]): void {
  if (!Array.isArray(value)) fault('expected an array of booleans', 'boolean[]', show(value));
}

function packBits(bits: boolean[], out: Uint8Array, offset: number): void {
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i];
    if (bit === true) out[offset + (i >>> 3)]! |= 1 << (i & 7);
    else if (bit !== false) fault(`bit ${i} is not a boolean`, 'boolean', show(bit));
  }
}

function unpackBits(bytes: Uint8Array, start: number, count: number): boolean[] {
  const bits = new Array<boolean>(count);
  for (let i = 0; i < count; i++) bits[i] = ((bytes[start + (i >>> 3)]! >>> (i & 7)) & 1) === 1;
  return bits;
}

export class BitvectorType extends CompositeType<boolean[]> {
  readonly typeName: string;
  readonly fixedSize: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly chunkCount: number;
  readonly depth: number;
  readonly hasLength = false;

  constructor(readonly length: number) {
    super();
    checkLength(length, 1, 'Bitvector length');
    this.typeName = `Bitvector[${length}]`;
    this.fixedSize = this.minSize = this.maxSize = Math.ceil(length / 8);
    this.chunkCount = Math.ceil(length / 256);
    this.depth = ceilLog2(this.chunkCount);
  }

  defaultValue(): boolean[] {
    return new Array<boolean>(this.length).fill(false);
  }

  private check(value: boolean[]): void {
    checkBits(value);
    if (value.length !== this.length) fault('wrong number of bits', `${this.length}`, value.length);
  }

  valueSize(value: boolean[]): number {
    this.check(value);
    return this.fixedSize;
  }

  write(value: boolean[], out: Uint8Array, _view: DataView, offset: number): number {
    this.check(value);
    out.fill(0, offset, offset + this.fixedSize);
    packBits(value, out, offset);
    return offset + this.fixedSize;
  }

  read(bytes: Uint8Array, _view: DataView, start: number, end: number): boolean[] {
    // Bits past the length must be zero, so that each value has exactly one encoding.
    const spare = this.length % 8;
    const padding = spare === 0 ? 0 : bytes[end - 1]! >>> spare;
    if (padding !== 0) fault('padding bits after the last bit are set', '0', padding);
    return unpackBits(bytes, start, this.length);
  }

  leaves(value: boolean[]): { leaves: Uint8Array; count: number } {
    this.check(value);
    const leaves = allocLeaves(this.chunkCount);
    packBits(value, leaves, 0);
    return { leaves, count: this.chunkCount };
  }

  itemPosition(item: PathItem): { index: number; type: SszType<unknown> } {
    return { index: Math.floor(elementIndex(item, this.length) / 256), type: boolean };
  }

  readJson(json: unknown): boolean[] {
    const bytes = parseHexJson(json, this.fixedSize);
    return this.read(bytes, new DataView(bytes.buffer), 0, bytes.length);
  }

  writeJson(value: boolean[]): Json {
    return bytesToHex(this.encode(value));
  }
}

export class BitlistType extends CompositeType<boolean[]> {
  readonly typeName: string;
  readonly fixedSize = null;
  /** Even the empty bitlist has its delimiter byte. */
  readonly minSize = 1;
  readonly maxSize: number;
  readonly chunkCount: number;
  readonly depth: number;
  readonly hasLength = true;

  constructor(readonly limit: number) {
    super();
    checkLength(limit, 0, 'Bitlist limit');
    this.typeName = `Bitlist[${limit}]`;
    this.maxSize = Math.floor(limit / 8) + 1;
    this.chunkCount = Math.ceil(limit / 256);
    this.depth = ceilLog2(this.chunkCount);
  }

  defaultValue(): boolean[] {
    return [];
  }

  private check(value: boolean[]): void {
    checkBits(value);
    if (value.length > this.limit) fault('too many bits', `at most ${this.limit}`, value.length);
  }

  valueSize(value: boolean[]): number {
    this.check(value);
    return (value.length >>> 3) + 1;
  }

  write(value: boolean[], out: Uint8Array, _view: DataView, offset: number): number {
    const size = this.valueSize(value);
    out.fill(0, offset, offset + size);
    packBits(value, out, offset);
    out[offset + (value.length >>> 3)]! |= 1 << (value.length & 7);
    return offset + size;
  }

  read(bytes: Uint8Array, _view: DataView, start: number, end: number): boolean[] {
    checkBounds(this, start, end);
    const last = bytes[end - 1]!;
    if (last === 0) fault('missing delimiter bit in the last byte', 'a non-zero last byte', '0x00');
    const length = (end - start - 1) * 8 + (31 - Math.clz32(last));
    if (length > this.limit) fault('too many bits', `at most ${this.limit}`, length);
    return unpackBits(bytes, start, length);
  }

  leaves(value: boolean[]): { leaves: Uint8Array; count: number } {
    this.check(value);
    const count = Math.ceil(value.length / 256);
    const leaves = allocLeaves(count);
    packBits(value, leaves, 0);
    return { leaves, count };
  }

  override lengthOf(value: boolean[]): number {
    return value.length;
  }

  itemPosition(item: PathItem): { index: number; type: SszType<unknown> } {
    return { index: Math.floor(elementIndex(item, this.limit) / 256), type: boolean };
  }

  readJson(json: unknown): boolean[] {
    const bytes = parseHexJson(json, undefined, this.maxSize);
    return this.read(bytes, new DataView(bytes.buffer), 0, bytes.length);
  }

  writeJson(value: boolean[]): Json {
    return bytesToHex(this.encode(value));
  }
}

/**
 * Bitvector[length]: a fixed number of bits (sync_committee_bits).
 * @example Bitvector(512).deserialize(bytes).filter(Boolean).length // participants
 */
export function Bitvector(length: number): BitvectorType {
  return new BitvectorType(length);
}

/**
 * Bitlist[limit]: up to `limit` bits (aggregation_bits).
 * @example Bitlist(8).serialize([true, false, true]) // 0x0d: the bits, then the delimiter
 */
export function Bitlist(limit: number): BitlistType {
  return new BitlistType(limit);
}
