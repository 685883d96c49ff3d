/**
 * What Vector and List share: element serialization (offsets for variable-size elements),
 * strict reading, and the leaves of their trees (packed basic values or element roots).
 * simple-serialize.md, "Vectors, containers, lists" and "Merkleization".
 * @module
 */
import { fault, atPath, show } from '../fault.ts';
import { allocLeaves } from '../merkleize.ts';
import { parseArrayJson } from './json.ts';
import type { Json, SszType } from './type.ts';

/** Throws unless `value` is an array of exactly `length` (or, for lists, at most `max`) items. */
export function checkArray(value: unknown[], length: number | undefined, max = Infinity): void {
  if (!Array.isArray(value)) fault('expected an array', 'array', show(value));
  if (length !== undefined && value.length !== length) fault('wrong number of elements', `${length}`, value.length);
  if (value.length > max) fault('too many elements', `at most ${max}`, value.length);
}

/** Serialized size of the elements: n·size, or a 4-byte offset plus the size of each. */
export function elementsSize<E>(elem: SszType<E>, values: readonly E[]): number {
  if (elem.fixedSize !== null) return values.length * elem.fixedSize;
  let size = 0;
  let i = 0;
  try {
    for (; i < values.length; i++) size += 4 + elem.valueSize(values[i]!);
  } catch (err) {
    throw atPath(err, i);
  }
  return size;
}

export function writeElements<E>(
  elem: SszType<E>,
  values: readonly E[],
  out: Uint8Array,
  view: DataView,
  offset: number,
): number {
  let i = 0;
  try {
    if (elem.fixedSize !== null) {
      for (; i < values.length; i++) offset = elem.write(values[i]!, out, view, offset);
      return offset;
    }
    // Offsets are relative to the start of this sequence; data follows the offset table.
    const start = offset;
    let data = start + 4 * values.length;
    for (; i < values.length; i++) {
      view.setUint32(start + 4 * i, data - start, true);
      data = elem.write(values[i]!, out, view, data);
    }
    return data;
  } catch (err) {
    throw atPath(err, i);
  }
}

/**
 * Reads `count` elements serialized in exactly `bytes[start..end)`. Callers have checked that
 * fixed-size elements fill the range and, for variable-size ones, that it holds 4·count bytes.
 * Every offset is checked before any element is parsed.
 */
export function readElements<E>(
  elem: SszType<E>,
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  count: number,
): E[] {
  const values = new Array<E>(count);
  const size = elem.fixedSize;
  let i = 0;
  if (size !== null) {
    try {
      for (; i < count; i++) values[i] = elem.read(bytes, view, start + i * size, start + (i + 1) * size);
    } catch (err) {
      throw atPath(err, i);
    }
    return values;
  }
  const len = end - start;
  const offsets = new Array<number>(count + 1);
  offsets[count] = len;
  try {
    for (; i < count; i++) {
      const o = view.getUint32(start + 4 * i, true);
      if (i === 0 && o !== 4 * count) fault('first offset must point just past the offsets', 4 * count, o);
      if (i > 0 && o < offsets[i - 1]!) fault('offsets must not decrease', `at least ${offsets[i - 1]}`, o);
      if (o > len) fault('offset points past the end', `at most ${len}`, o);
      offsets[i] = o;
    }
    for (i = 0; i < count; i++) values[i] = elem.read(bytes, view, start + offsets[i]!, start + offsets[i + 1]!);
  } catch (err) {
    throw atPath(err, i);
  }
  return values;
}

/** Leaves of the tree of a Vector/List: basic values packed into chunks, else element roots. */
export function elementLeaves<E>(elem: SszType<E>, values: readonly E[]): { leaves: Uint8Array; count: number } {
  if (!elem.isBasic) {
    const leaves = allocLeaves(values.length);
    elem.rootsInto(values, leaves);
    return { leaves, count: values.length };
  }
  const count = Math.ceil((values.length * elem.fixedSize!) / 32);
  const leaves = allocLeaves(count);
  writeElements(elem, values, leaves, new DataView(leaves.buffer), 0);
  return { leaves, count };
}

/** Chunks a sequence of `n` elements takes: packed for basic elements, one each otherwise. */
export function chunksFor(elem: SszType<unknown>, n: number): number {
  return elem.isBasic ? Math.ceil((n * elem.fixedSize!) / 32) : n;
}

/** Leaf index of element `i`. */
export function leafIndexOf(elem: SszType<unknown>, i: number): number {
  return elem.isBasic ? Math.floor((i * elem.fixedSize!) / 32) : i;
}

export function readElementsJson<E>(elem: SszType<E>, json: unknown, length: number | undefined, max: number): E[] {
  const items = parseArrayJson(json, length ?? max);
  if (length !== undefined && items.length !== length) fault('wrong number of elements', `${length}`, items.length);
  const values = new Array<E>(items.length);
  let i = 0;
  try {
    for (; i < items.length; i++) values[i] = elem.readJson(items[i]);
  } catch (err) {
    throw atPath(err, i);
  }
  return values;
}

export function writeElementsJson<E>(elem: SszType<E>, values: readonly E[]): Json[] {
  const out = new Array<Json>(values.length);
  let i = 0;
  try {
    for (; i < values.length; i++) out[i] = elem.writeJson(values[i]!);
  } catch (err) {
    throw atPath(err, i);
  }
  return out;
}
