/**
 * Vector[T, N] (simple-serialize.md): exactly N elements, N ≥ 1. Values are T[].
 * @module
 */
import { ceilLog2 } from '../merkleize.ts';
import {
  checkArray,
  chunksFor,
  elementLeaves,
  elementsSize,
  leafIndexOf,
  readElements,
  readElementsJson,
  writeElements,
  writeElementsJson,
} from './sequence.ts';
import { checkBounds, CompositeType, type Json, type PathItem, type SszType } from './type.ts';
import { checkLength, elementIndex } from './util.ts';

export class VectorType<E> extends CompositeType<E[]> {
  readonly typeName: string;
  readonly fixedSize: number | null;
  readonly minSize: number;
  readonly maxSize: number;
  readonly chunkCount: number;
  readonly depth: number;
  readonly hasLength = false;

  constructor(
    readonly elementType: SszType<E>,
    readonly length: number,
  ) {
    super();
    checkLength(length, 1, 'Vector length');
    this.typeName = `Vector[${elementType.typeName}, ${length}]`;
    const size = elementType.fixedSize;
    this.fixedSize = size === null ? null : length * size;
    this.minSize = length * (size ?? 4 + elementType.minSize);
    this.maxSize = length * (size ?? 4 + elementType.maxSize);
    this.chunkCount = chunksFor(elementType, length);
    this.depth = ceilLog2(this.chunkCount);
  }

  defaultValue(): E[] {
    return Array.from({ length: this.length }, () => this.elementType.defaultValue());
  }

  valueSize(value: E[]): number {
    checkArray(value, this.length);
    return elementsSize(this.elementType, value);
  }

  write(value: E[], out: Uint8Array, view: DataView, offset: number): number {
    checkArray(value, this.length);
    return writeElements(this.elementType, value, out, view, offset);
  }

  read(bytes: Uint8Array, view: DataView, start: number, end: number): E[] {
    if (this.fixedSize === null) checkBounds(this, start, end);
    return readElements(this.elementType, bytes, view, start, end, this.length);
  }

  leaves(value: E[]): { leaves: Uint8Array; count: number } {
    checkArray(value, this.length);
    return elementLeaves(this.elementType, value);
  }

  itemPosition(item: PathItem): { index: number; type: SszType<unknown> } {
    return { index: leafIndexOf(this.elementType, elementIndex(item, this.length)), type: this.elementType };
  }

  override itemValue(value: E[], item: PathItem): unknown {
    checkArray(value, this.length);
    return value[elementIndex(item, this.length)];
  }

  readJson(json: unknown): E[] {
    return readElementsJson(this.elementType, json, this.length, this.length);
  }

  writeJson(value: E[]): Json {
    checkArray(value, this.length);
    return writeElementsJson(this.elementType, value);
  }
}

/**
 * Vector[elementType, length].
 * @example const pubkeys = Vector(ByteVector(48), 512);
 */
export function Vector<E>(elementType: SszType<E>, length: number): VectorType<E> {
  return new VectorType(elementType, length);
}
