/**
 * The contract every SSZ type implements, and the two families of types (basic, composite).
 *
 * A type is a plain object describing a schema (`Container({ slot: uint64 })`); values are
 * plain JS data (`{ slot: 5n }`). The public methods validate and throw typed errors; the
 * `@internal` methods do the work with offsets into shared buffers and throw `SszFault`.
 * @module
 */
import { abytes, equalBytes } from '../../core/bytes.ts';
import { fault, atPath, toInputError, toVerificationError } from '../fault.ts';
import { merkleizeInto, mixInLengthInto } from '../merkleize.ts';

/** A JSON value, as the Beacon API sends it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The JS value type of an SSZ type: `ValueOf<typeof BeaconBlockHeader>`. */
export type ValueOf<S> = S extends SszType<infer V> ? V : never;

/** An item of a path into a composite value: a field name, an index, or `'__len__'` of a list. */
export type PathItem = string | number;

export abstract class SszType<T> {
  /** Spec-style name, used in error paths: `uint64`, `List[uint64, 8]`, `BeaconBlockHeader`. */
  abstract readonly typeName: string;
  /** Serialized size in bytes when it is the same for every value, else null. */
  abstract readonly fixedSize: number | null;
  /** Bounds of the serialized size; checked before any parsing. */
  abstract readonly minSize: number;
  abstract readonly maxSize: number;
  /** uintN and boolean: packed several to a chunk inside vectors and lists. */
  abstract readonly isBasic: boolean;

  /** SSZ bytes of `value`. Throws `InputError` if the value does not fit the type. */
  serialize(value: T): Uint8Array {
    try {
      return this.encode(value);
    } catch (err) {
      throw toInputError(err, this.typeName);
    }
  }

  /** @internal `serialize` without turning faults into typed errors. */
  encode(value: T): Uint8Array {
    const out = new Uint8Array(this.valueSize(value));
    this.write(value, out, new DataView(out.buffer), 0);
    return out;
  }

  /**
   * Strict decoding of SSZ bytes: exact lengths, canonical offsets, no trailing bytes.
   * Throws `VerificationError('SSZ_INVALID')` naming the field path at fault.
   */
  deserialize(bytes: Uint8Array): T {
    abytes(bytes, undefined, 'bytes');
    // A Node Buffer's slice() is a view, not a copy: read through a plain Uint8Array so that
    // every decoded byte field is a copy the caller's buffer cannot change.
    if (bytes.constructor !== Uint8Array) bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      if (this.fixedSize !== null && bytes.length !== this.fixedSize) {
        fault('wrong length', `${this.fixedSize} bytes`, `${bytes.length}`);
      }
      return this.read(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length);
    } catch (err) {
      throw toVerificationError(err, this.typeName);
    }
  }

  /** hash_tree_root(value), 32 bytes. Throws `InputError` if the value does not fit the type. */
  hashTreeRoot(value: T): Uint8Array {
    try {
      const out = new Uint8Array(32);
      this.rootInto(value, out, 0);
      return out;
    } catch (err) {
      throw toInputError(err, this.typeName);
    }
  }

  /** Parses Beacon API JSON. Throws `InputError` naming the field path at fault. */
  fromJson(json: unknown): T {
    try {
      return this.readJson(json);
    } catch (err) {
      throw toInputError(err, this.typeName);
    }
  }

  /** Beacon API JSON: integers as decimal strings, bytes and bitfields as 0x hex. */
  toJson(value: T): Json {
    try {
      return this.writeJson(value);
    } catch (err) {
      throw toInputError(err, this.typeName);
    }
  }

  /** The zero value of the type (all zeros, empty lists). A fresh value each call. */
  abstract defaultValue(): T;

  /** Equal as SSZ values (same serialization). */
  equals(a: T, b: T): boolean {
    return equalBytes(this.serialize(a), this.serialize(b));
  }

  /** @internal Serialized size of `value`, checking its shape. */
  abstract valueSize(value: T): number;
  /** @internal Writes `value` at `offset`; returns the offset after it. */
  abstract write(value: T, out: Uint8Array, view: DataView, offset: number): number;
  /**
   * @internal Reads the value serialized in exactly `bytes[start..end)`. Fixed-size types may
   * trust that the range has their size; variable-size types check their bounds first.
   */
  abstract read(bytes: Uint8Array, view: DataView, start: number, end: number): T;
  /** @internal Writes hash_tree_root(value) to `out[offset..offset+32]`. */
  abstract rootInto(value: T, out: Uint8Array, offset: number): void;
  /** @internal Writes the roots of `values` one after another into `out`. Types override to batch. */
  rootsInto(values: readonly T[], out: Uint8Array): void {
    let i = 0;
    try {
      for (; i < values.length; i++) this.rootInto(values[i]!, out, i * 32);
    } catch (err) {
      throw atPath(err, i);
    }
  }
  /** @internal */
  abstract readJson(json: unknown): T;
  /** @internal */
  abstract writeJson(value: T): Json;
}

/** uintN and boolean. */
export abstract class BasicType<T> extends SszType<T> {
  readonly isBasic = true;
  readonly fixedSize: number;
  readonly minSize: number;
  readonly maxSize: number;

  constructor(readonly size: number) {
    super();
    this.fixedSize = this.minSize = this.maxSize = size;
  }

  /** @internal `write` checks the value. */
  valueSize(_value: T): number {
    return this.size;
  }

  /** @internal A basic value's root is its serialization, zero-padded to a chunk. */
  rootInto(value: T, out: Uint8Array, offset: number): void {
    out.fill(0, offset, offset + 32);
    this.write(value, out, new DataView(out.buffer, out.byteOffset, out.byteLength), offset);
  }
}

/**
 * Vectors, lists, bytes, bitfields, containers: values whose root is the merkleization of a
 * list of chunks (the "leaves"), with the length mixed in for list kinds.
 */
export abstract class CompositeType<T> extends SszType<T> {
  readonly isBasic = false;
  /** Leaves the tree has room for (before padding to a power of two); a list's is its limit's. */
  abstract readonly chunkCount: number;
  /** Depth of the data tree: ceil(log2(chunkCount)). */
  abstract readonly depth: number;
  /** List kinds: root = hash(dataRoot, uint256(length)), so their data tree hangs at gindex 2. */
  abstract readonly hasLength: boolean;

  /** @internal The data tree's leaves, in a buffer from `allocLeaves(count)` the caller may overwrite. */
  abstract leaves(value: T): { leaves: Uint8Array; count: number };
  /** @internal Number of elements, for the length mix-in of list kinds. */
  lengthOf(_value: T): number {
    return 0;
  }
  /** @internal Leaf index and type of an item: a field name or an element index. */
  abstract itemPosition(item: PathItem): { index: number; type: SszType<unknown> };
  /** @internal The value of a composite item, to descend into it. */
  itemValue(_value: T, item: PathItem): unknown {
    return fault('no composite item to descend into', undefined, String(item));
  }

  rootInto(value: T, out: Uint8Array, offset: number): void {
    const { leaves, count } = this.leaves(value);
    merkleizeInto(leaves, count, this.depth, out, offset);
    if (this.hasLength) mixInLengthInto(out.subarray(offset, offset + 32), this.lengthOf(value), out, offset);
  }
}

/** @internal Throws unless a variable-size value's byte range fits the type's bounds. */
export function checkBounds(type: SszType<unknown>, start: number, end: number): void {
  const len = end - start;
  if (len < type.minSize) fault('too short', `at least ${type.minSize} bytes`, `${len}`);
  if (len > type.maxSize) fault('too long', `at most ${type.maxSize} bytes`, `${len}`);
}
