/**
 * List[T, N] (simple-serialize.md): up to N elements; the root mixes in the length.
 * @module
 */
import { fault } from '../fault.ts';
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

export class ListType<E> extends CompositeType<E[]> {
  readonly typeName: string;
  readonly fixedSize = null;
  readonly minSize = 0;
  readonly maxSize: number;
  readonly chunkCount: number;
  readonly depth: number;
  readonly hasLength = true;

  constructor(
    readonly elementType: SszType<E>,
    readonly limit: number,
  ) {
    super();
    checkLength(limit, 0, 'List limit');
    this.typeName = `List[${elementType.typeName}, ${limit}]`;
    this.maxSize = limit * (elementType.fixedSize ?? 4 + elementType.maxSize);
    this.chunkCount = chunksFor(elementType, limit);
    this.depth = ceilLog2(this.chunkCount);
  }

  defaultValue(): E[] {
    return [];
  }

  valueSize(value: E[]): number {
    checkArray(value, undefined, this.limit);
    return elementsSize(this.elementType, value);
  }

  write(value: E[], out: Uint8Array, view: DataView, offset: number): number {
    checkArray(value, undefined, this.limit);
    return writeElements(this.elementType, value, out, view, offset);
  }

  read(bytes: Uint8Array, view: DataView, start: number, end: number): E[] {
    checkBounds(this, start, end);
    const len = end - start;
    const size = this.elementType.fixedSize;
    let count: number;
    if (size !== null) {
      if (len % size !== 0) fault('length is not a multiple of the element size', `a multiple of ${size}`, len);
      count = len / size;
    } else if (len === 0) {
      count = 0;
    } else {
      // The first offset is the size of the offset table, so it gives the element count.
      if (len < 4) fault('too short for the first offset', 'at least 4 bytes', len);
      const first = view.getUint32(start, true);
      if (first === 0 || first % 4 !== 0 || first > len) {
        fault('first offset must be a non-zero multiple of 4 within the list', `a multiple of 4 in [4, ${len}]`, first);
      }
      count = first / 4;
    }
    if (count > this.limit) fault('too many elements', `at most ${this.limit}`, count);
    return readElements(this.elementType, bytes, view, start, end, count);
  }

  leaves(value: E[]): { leaves: Uint8Array; count: number } {
    checkArray(value, undefined, this.limit);
    return elementLeaves(this.elementType, value);
  }

  override lengthOf(value: E[]): number {
    return value.length;
  }

  itemPosition(item: PathItem): { index: number; type: SszType<unknown> } {
    return { index: leafIndexOf(this.elementType, elementIndex(item, this.limit)), type: this.elementType };
  }

  override itemValue(value: E[], item: PathItem): unknown {
    checkArray(value, undefined, this.limit);
    return value[elementIndex(item, value.length)];
  }

  readJson(json: unknown): E[] {
    return readElementsJson(this.elementType, json, undefined, this.limit);
  }

  writeJson(value: E[]): Json {
    checkArray(value, undefined, this.limit);
    return writeElementsJson(this.elementType, value);
  }
}

/**
 * List[elementType, limit].
 * @example const balances = List(uint64, 2 ** 40);
 */
export function List<E>(elementType: SszType<E>, limit: number): ListType<E> {
  return new ListType(elementType, limit);
}
