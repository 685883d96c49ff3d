/**
 * uintN (simple-serialize.md, "Basic types"): little-endian, N/8 bytes.
 *
 * Values: uint8/16/32 are JS numbers; uint64/128/256 are bigints, since slots, gwei and
 * FAR_FUTURE_EPOCH (2^64-1) do not fit a double and a silent rounding would be a wrong proof.
 * @module
 */
import { fault, show } from '../fault.ts';
import { parseUintJson } from './json.ts';
import { BasicType, type Json } from './type.ts';

export class UintNumberType extends BasicType<number> {
  readonly typeName: string;
  private readonly bound: number;

  constructor(size: 1 | 2 | 4) {
    super(size);
    this.typeName = `uint${size * 8}`;
    this.bound = 2 ** (size * 8);
  }

  defaultValue(): number {
    return 0;
  }

  write(value: number, _out: Uint8Array, view: DataView, offset: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= this.bound) {
      fault(`expected a ${this.typeName} number`, `integer in [0, ${this.bound})`, show(value));
    }
    if (this.size === 1) view.setUint8(offset, value);
    else if (this.size === 2) view.setUint16(offset, value, true);
    else view.setUint32(offset, value, true);
    return offset + this.size;
  }

  read(_bytes: Uint8Array, view: DataView, start: number): number {
    if (this.size === 1) return view.getUint8(start);
    if (this.size === 2) return view.getUint16(start, true);
    return view.getUint32(start, true);
  }

  readJson(json: unknown): number {
    return Number(parseUintJson(json, this.size * 8));
  }

  writeJson(value: number): Json {
    this.write(value, new Uint8Array(4), new DataView(new ArrayBuffer(4)), 0);
    return String(value);
  }
}

export class UintBigintType extends BasicType<bigint> {
  readonly typeName: string;
  private readonly bits: bigint;

  constructor(size: 8 | 16 | 32) {
    super(size);
    this.typeName = `uint${size * 8}`;
    this.bits = BigInt(size * 8);
  }

  defaultValue(): bigint {
    return 0n;
  }

  private check(value: bigint): void {
    if (typeof value !== 'bigint' || value < 0n || value >> this.bits !== 0n) {
      fault(`expected a ${this.typeName} bigint`, `bigint in [0, 2^${this.bits})`, show(value));
    }
  }

  write(value: bigint, _out: Uint8Array, view: DataView, offset: number): number {
    this.check(value);
    let v = value;
    for (let i = 0; i < this.size; i += 8) {
      view.setBigUint64(offset + i, v & 0xffffffffffffffffn, true);
      v >>= 64n;
    }
    return offset + this.size;
  }

  read(_bytes: Uint8Array, view: DataView, start: number): bigint {
    if (this.size === 8) return view.getBigUint64(start, true);
    let v = 0n;
    for (let i = this.size - 8; i >= 0; i -= 8) v = (v << 64n) | view.getBigUint64(start + i, true);
    return v;
  }

  readJson(json: unknown): bigint {
    return parseUintJson(json, this.size * 8);
  }

  writeJson(value: bigint): Json {
    this.check(value);
    return value.toString();
  }
}

export const uint8 = /* @__PURE__ */ new UintNumberType(1);
export const uint16 = /* @__PURE__ */ new UintNumberType(2);
export const uint32 = /* @__PURE__ */ new UintNumberType(4);
export const uint64 = /* @__PURE__ */ new UintBigintType(8);
export const uint128 = /* @__PURE__ */ new UintBigintType(16);
export const uint256 = /* @__PURE__ */ new UintBigintType(32);
