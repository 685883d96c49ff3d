/**
 * boolean (simple-serialize.md): one byte, 0x00 or 0x01; any other byte is invalid.
 * @module
 */
import { fault, show } from '../fault.ts';
import { BasicType, type Json } from './type.ts';

export class BooleanType extends BasicType<boolean> {
  readonly typeName = 'boolean';

  constructor() {
    super(1);
  }

  defaultValue(): boolean {
    return false;
  }

  write(value: boolean, out: Uint8Array, _view: DataView, offset: number): number {
    if (typeof value !== 'boolean') fault('expected a boolean', 'boolean', show(value));
    out[offset] = value ? 1 : 0;
    return offset + 1;
  }

  read(bytes: Uint8Array, _view: DataView, start: number): boolean {
    const b = bytes[start]!;
    if (b > 1) fault('boolean byte must be 0x00 or 0x01', '0 or 1', b);
    return b === 1;
  }

  readJson(json: unknown): boolean {
    if (typeof json !== 'boolean') fault('expected a JSON boolean', 'true or false', show(json));
    return json;
  }

  writeJson(value: boolean): Json {
    if (typeof value !== 'boolean') fault('expected a boolean', 'boolean', show(value));
    return value;
  }
}

export const boolean = /* @__PURE__ */ new BooleanType();
