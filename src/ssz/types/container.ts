/**
 * Container (simple-serialize.md): an ordered set of named fields, at least one. Values are
 * plain objects; JSON uses the spec's snake_case names (derived from camelCase keys, or given).
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { fault, atPath, show } from '../fault.ts';
import { allocLeaves, ceilLog2 } from '../merkleize.ts';
import { checkBounds, CompositeType, type Json, type PathItem, type SszType, type ValueOf } from './type.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field type; values are typed by ValueOfFields
export type Fields = Record<string, SszType<any>>;

/** The value of a container: `{ slot: bigint, parentRoot: Uint8Array, ... }`. */
export type ValueOfFields<F extends Fields> = { [K in keyof F]: ValueOf<F[K]> };

export interface ContainerOptions<F extends Fields> {
  /** Name in error paths, e.g. 'BeaconBlockHeader'. */
  typeName?: string;
  /**
   * JSON names where the default (`toSnakeCase`: `parentRoot` → `parent_root`) is not the
   * spec's. Keys already in snake_case are kept.
   */
  jsonNames?: Partial<Record<keyof F & string, string>>;
}

/**
 * `parentRoot` → `parent_root`, `eth1Data` → `eth1_data`, `attestation1` → `attestation_1` (the
 * spec separates a trailing number); snake_case stays as it is.
 */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/([a-z])([0-9]+)$/, '$1_$2');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ContainerType<F extends Fields> extends CompositeType<ValueOfFields<F>> {
  readonly typeName: string;
  readonly fixedSize: number | null;
  readonly minSize: number;
  readonly maxSize: number;
  readonly chunkCount: number;
  readonly depth: number;
  readonly hasLength = false;
  /** Field keys in order. */
  readonly fieldNames: readonly (keyof F & string)[];
  /** Spec (JSON) names, in the same order. */
  readonly jsonNames: readonly string[];

  private readonly types: SszType<unknown>[];
  /** Position of each field (or of its offset) in the fixed part. */
  private readonly fixedOffsets: number[];
  /** Size of the fixed part: fixed fields plus a 4-byte offset per variable field. */
  private readonly fixedPartSize: number;
  private readonly variableFields: number[];
  private readonly indexByName: Map<string, number>;

  constructor(
    readonly fields: F,
    options: ContainerOptions<F> = {},
  ) {
    super();
    const names = Object.keys(fields) as (keyof F & string)[];
    if (names.length === 0) throw new InputError('Container expected at least one field');
    // Integer-like keys would be reordered by Object.keys, silently changing the layout.
    if (names.some((n) => /^[0-9]+$/.test(n))) throw new InputError('Container field names must not be integers');
    this.fieldNames = names;
    this.types = names.map((n) => fields[n]!);
    this.jsonNames = names.map((n) => options.jsonNames?.[n] ?? toSnakeCase(n));
    this.typeName = options.typeName ?? 'Container';
    this.indexByName = new Map();
    // Paths may name a field by key or by spec name; neither may mean two fields.
    names.forEach((n, i) => {
      for (const alias of [n, this.jsonNames[i]!]) {
        if ((this.indexByName.get(alias) ?? i) !== i) {
          throw new InputError(`${this.typeName}: two fields are named "${alias}"`);
        }
        this.indexByName.set(alias, i);
      }
    });

    this.fixedOffsets = [];
    this.variableFields = [];
    let fixed = 0;
    let min = 0;
    let max = 0;
    this.types.forEach((t, i) => {
      this.fixedOffsets.push(fixed);
      if (t.fixedSize === null) {
        this.variableFields.push(i);
        fixed += 4;
        min += 4 + t.minSize;
        max += 4 + t.maxSize;
      } else {
        fixed += t.fixedSize;
        min += t.fixedSize;
        max += t.fixedSize;
      }
    });
    this.fixedPartSize = fixed;
    this.fixedSize = this.variableFields.length === 0 ? fixed : null;
    this.minSize = min;
    this.maxSize = max;
    this.chunkCount = names.length;
    this.depth = ceilLog2(names.length);
  }

  /**
   * Generalized index of a top-level field: 2^depth + position (merkle-proofs.md).
   * @example BeaconStateDeneb.getFieldGindex('finalizedCheckpoint') // 52
   */
  getFieldGindex(name: keyof F & string): number {
    return 2 ** this.depth + this.fieldIndex(name);
  }

  /** Position of a field by key or spec name. */
  fieldIndex(name: string): number {
    const i = this.indexByName.get(name);
    if (i === undefined) throw new InputError(`${this.typeName} has no field "${name}"`);
    return i;
  }

  defaultValue(): ValueOfFields<F> {
    const value: Record<string, unknown> = {};
    this.fieldNames.forEach((n, i) => (value[n] = this.types[i]!.defaultValue()));
    return value as ValueOfFields<F>;
  }

  private check(value: ValueOfFields<F>): void {
    if (!isObject(value)) fault('expected an object', 'object', show(value));
  }

  valueSize(value: ValueOfFields<F>): number {
    this.check(value);
    let size = this.fixedPartSize;
    let i = 0;
    try {
      for (const f of this.variableFields) {
        i = f;
        size += this.types[f]!.valueSize(value[this.fieldNames[f]!]);
      }
    } catch (err) {
      throw atPath(err, this.jsonNames[i]!);
    }
    return size;
  }

  write(value: ValueOfFields<F>, out: Uint8Array, view: DataView, offset: number): number {
    this.check(value);
    let data = offset + this.fixedPartSize;
    let i = 0;
    try {
      for (; i < this.types.length; i++) {
        const t = this.types[i]!;
        const v = value[this.fieldNames[i]!];
        const at = offset + this.fixedOffsets[i]!;
        if (t.fixedSize !== null) {
          t.write(v, out, view, at);
        } else {
          view.setUint32(at, data - offset, true);
          data = t.write(v, out, view, data);
        }
      }
    } catch (err) {
      throw atPath(err, this.jsonNames[i]!);
    }
    return data;
  }

  read(bytes: Uint8Array, view: DataView, start: number, end: number): ValueOfFields<F> {
    if (this.fixedSize === null) checkBounds(this, start, end);
    const len = end - start;
    const n = this.types.length;
    // Offsets first, all checked before any field is parsed: the first points just past the
    // fixed part, they never decrease, and the last field runs to the end (no trailing bytes).
    const bounds = new Array<number>(n);
    let prev = -1;
    for (const f of this.variableFields) {
      const o = view.getUint32(start + this.fixedOffsets[f]!, true);
      try {
        if (prev < 0 && o !== this.fixedPartSize) {
          fault('first offset must point just past the fixed part', this.fixedPartSize, o);
        }
        if (o < prev) fault('offsets must not decrease', `at least ${prev}`, o);
        if (o > len) fault('offset points past the end', `at most ${len}`, o);
      } catch (err) {
        throw atPath(err, this.jsonNames[f]!);
      }
      bounds[f] = o;
      prev = o;
    }
    const value: Record<string, unknown> = {};
    let i = 0;
    try {
      for (let v = 0; i < n; i++) {
        const t = this.types[i]!;
        if (t.fixedSize !== null) {
          const at = start + this.fixedOffsets[i]!;
          value[this.fieldNames[i]!] = t.read(bytes, view, at, at + t.fixedSize);
        } else {
          const next = this.variableFields[++v];
          const stop = next === undefined ? len : bounds[next]!;
          value[this.fieldNames[i]!] = t.read(bytes, view, start + bounds[i]!, start + stop);
        }
      }
    } catch (err) {
      throw atPath(err, this.jsonNames[i]!);
    }
    return value as ValueOfFields<F>;
  }

  leaves(value: ValueOfFields<F>): { leaves: Uint8Array; count: number } {
    this.check(value);
    const n = this.types.length;
    const leaves = allocLeaves(n);
    let i = 0;
    try {
      for (; i < n; i++) this.types[i]!.rootInto(value[this.fieldNames[i]!], leaves, i * 32);
    } catch (err) {
      throw atPath(err, this.jsonNames[i]!);
    }
    return { leaves, count: n };
  }

  itemPosition(item: PathItem): { index: number; type: SszType<unknown> } {
    const i = typeof item === 'string' ? this.indexByName.get(item) : undefined;
    if (i === undefined) return fault('no such field', `a field of ${this.typeName}`, String(item));
    return { index: i, type: this.types[i]! };
  }

  override itemValue(value: ValueOfFields<F>, item: PathItem): unknown {
    this.check(value);
    return value[this.fieldNames[this.itemPosition(item).index]!];
  }

  readJson(json: unknown): ValueOfFields<F> {
    if (!isObject(json)) return fault('expected a JSON object', 'object', show(json));
    const obj = json;
    for (const key of Object.keys(obj)) {
      if (!this.jsonNames.includes(key)) fault('unknown field', `one of ${this.jsonNames.join(', ')}`, `"${key}"`);
    }
    const value: Record<string, unknown> = {};
    let i = 0;
    try {
      for (; i < this.types.length; i++) {
        const key = this.jsonNames[i]!;
        if (!Object.hasOwn(obj, key)) fault('missing field');
        value[this.fieldNames[i]!] = this.types[i]!.readJson(obj[key]);
      }
    } catch (err) {
      throw atPath(err, this.jsonNames[i]!);
    }
    return value as ValueOfFields<F>;
  }

  writeJson(value: ValueOfFields<F>): Json {
    this.check(value);
    const out: { [key: string]: Json } = {};
    let i = 0;
    try {
      for (; i < this.types.length; i++) out[this.jsonNames[i]!] = this.types[i]!.writeJson(value[this.fieldNames[i]!]);
    } catch (err) {
      throw atPath(err, this.jsonNames[i]!);
    }
    return out;
  }
}

/**
 * Container({ field: type, ... }). Field order is the key order of `fields`.
 * @example
 * const Checkpoint = Container({ epoch: uint64, root: ByteVector(32) }, { typeName: 'Checkpoint' });
 * const cp: ValueOf<typeof Checkpoint> = { epoch: 1n, root: new Uint8Array(32) };
 */
export function Container<F extends Fields>(fields: F, options?: ContainerOptions<F>): ContainerType<F> {
  return new ContainerType(fields, options);
}
