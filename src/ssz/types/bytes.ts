/**
 * ByteVector[N] and ByteList[N] (simple-serialize.md, "Aliases"): Vector/List of uint8 with
 * Uint8Array values. Roots pack the bytes into chunks.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { fault, atPath, show } from '../fault.ts';
import { allocLeaves, ceilLog2, merkleizeMany } from '../merkleize.ts';
import { parseHexJson } from './json.ts';
import { checkBounds, CompositeType, type Json, type PathItem, type SszType } from './type.ts';
import { uint8 } from './uint.ts';
import { checkLength, elementIndex } from './util.ts';

function checkBytes(value: Uint8Array): void {
  if (!(value instanceof Uint8Array)) fault('expected a Uint8Array', 'Uint8Array', show(value));
}

export class ByteVectorType extends CompositeType<Uint8Array> {
  readonly typeName: string;
  readonly fixedSize: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly chunkCount: number;
  readonly depth: number;
  readonly hasLength = false;

  constructor(readonly length: number) {
    super();
    checkLength(length, 1, 'ByteVector length');
    this.typeName = `ByteVector[${length}]`;
    this.fixedSize = this.minSize = this.maxSize = length;
    this.chunkCount = Math.ceil(length / 32);
    this.depth = ceilLog2(this.chunkCount);
  }

  defaultValue(): Uint8Array {
    return new Uint8Array(this.length);
  }

  private check(value: Uint8Array): void {
    checkBytes(value);
    if (value.length !== this.length) fault('wrong number of bytes', `${this.length}`, value.length);
  }

  valueSize(value: Uint8Array): number {
    this.check(value);
    return this.length;
  }

  write(value: Uint8Array, out: Uint8Array, _view: DataView, offset: number): number {
    this.check(value);
    out.set(value, offset);
    return offset + this.length;
  }

  read(bytes: Uint8Array, _view: DataView, start: number, end: number): Uint8Array {
    return bytes.slice(start, end);
  }

  leaves(value: Uint8Array): { leaves: Uint8Array; count: number } {
    this.check(value);
    const leaves = allocLeaves(this.chunkCount);
    leaves.set(value);
    return { leaves, count: this.chunkCount };
  }

  /** @internal All roots in one batch: each value is its own 2^depth-leaf tree (48-byte pubkeys: one hash each). */
  override rootsInto(values: readonly Uint8Array[], out: Uint8Array): void {
    const stride = 2 ** this.depth * 32;
    const leaves = new Uint8Array(values.length * stride);
    let i = 0;
    try {
      for (; i < values.length; i++) {
        this.check(values[i]!);
        leaves.set(values[i]!, i * stride);
      }
    } catch (err) {
      throw atPath(err, i);
    }
    out.set(merkleizeMany(leaves, values.length, this.depth), 0);
  }

  itemPosition(item: PathItem): { index: number; type: SszType<unknown> } {
    const i = elementIndex(item, this.length);
    return { index: Math.floor(i / 32), type: uint8 };
  }

  readJson(json: unknown): Uint8Array {
    return parseHexJson(json, this.length);
  }

  writeJson(value: Uint8Array): Json {
    this.check(value);
    return bytesToHex(value);
  }
}

export class ByteListType extends CompositeType<Uint8Array> {
  readonly typeName: string;
  readonly fixedSize = null;
  readonly minSize = 0;
  readonly maxSize: number;
  readonly chunkCount: number;
  readonly depth: number;
  readonly hasLength = true;

  constructor(readonly limit: number) {
    super();
    checkLength(limit, 0, 'ByteList limit');
    this.typeName = `ByteList[${limit}]`;
    this.maxSize = limit;
    this.chunkCount = Math.ceil(limit / 32);
    this.depth = ceilLog2(this.chunkCount);
  }

  defaultValue(): Uint8Array {
    return new Uint8Array(0);
  }

  private check(value: Uint8Array): void {
    checkBytes(value);
    if (value.length > this.limit) fault('too many bytes', `at most ${this.limit}`, value.length);
  }

  valueSize(value: Uint8Array): number {
    this.check(value);
    return value.length;
  }

  write(value: Uint8Array, out: Uint8Array, _view: DataView, offset: number): number {
    this.check(value);
    out.set(value, offset);
    return offset + value.length;
  }

  read(bytes: Uint8Array, _view: DataView, start: number, end: number): Uint8Array {
    checkBounds(this, start, end);
    return bytes.slice(start, end);
  }

  leaves(value: Uint8Array): { leaves: Uint8Array; count: number } {
    this.check(value);
    const count = Math.ceil(value.length / 32);
    const leaves = allocLeaves(count);
    leaves.set(value);
    return { leaves, count };
  }

  override lengthOf(value: Uint8Array): number {
    return value.length;
  }

  itemPosition(item: PathItem): { index: number; type: SszType<unknown> } {
    const i = elementIndex(item, this.limit);
    return { index: Math.floor(i / 32), type: uint8 };
  }

  readJson(json: unknown): Uint8Array {
    return parseHexJson(json, undefined, this.limit);
  }

  writeJson(value: Uint8Array): Json {
    this.check(value);
    return bytesToHex(value);
  }
}

/**
 * ByteVector[length]: fixed-size bytes (roots, pubkeys, signatures).
 * @example ByteVector(48).hashTreeRoot(pubkey)
 */
export function ByteVector(length: number): ByteVectorType {
  return new ByteVectorType(length);
}

/**
 * ByteList[limit]: variable-size bytes of at most `limit` (extra_data, transactions).
 * @example ByteList(32).fromJson('0x7273796e63') // extra_data
 */
export function ByteList(limit: number): ByteListType {
  return new ByteListType(limit);
}
