/**
 * The Fiat-Shamir transcript of snarkjs 0.7's PLONK and FFLONK (src/Keccak256Transcript.js):
 * items are appended in order, a G1 point as 64 bytes (x ‖ y, each 32 bytes big-endian, the
 * point at infinity as 64 zero bytes), a scalar as 32 bytes big-endian; a challenge is
 * keccak256 of the concatenation read as a big-endian integer, reduced mod r. The caller starts
 * each round afresh (`reset`) and feeds the previous challenge back in, as snarkjs does.
 * @module
 */
import { keccak256 } from '../crypto/keccak.ts';
import { type G1, Fr, g1ToAffine } from './curve.ts';

function writeWord(out: Uint8Array, offset: number, value: bigint): void {
  for (let i = offset + 31; i >= offset; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

export class Transcript {
  private items: ({ point: G1 } | { scalar: bigint })[] = [];
  private size = 0;

  reset(): this {
    this.items = [];
    this.size = 0;
    return this;
  }

  addPoint(point: G1): this {
    this.items.push({ point });
    this.size += 64;
    return this;
  }

  addScalar(scalar: bigint): this {
    this.items.push({ scalar });
    this.size += 32;
    return this;
  }

  /** keccak256(items) mod r. The transcript must not be empty (snarkjs throws then too). */
  challenge(): bigint {
    if (this.items.length === 0) throw new RangeError('Transcript: no data to derive a challenge from');
    const buf = new Uint8Array(this.size);
    let offset = 0;
    for (const item of this.items) {
      if ('scalar' in item) {
        writeWord(buf, offset, item.scalar);
        offset += 32;
      } else {
        const affine = g1ToAffine(item.point);
        if (affine) {
          writeWord(buf, offset, affine.x);
          writeWord(buf, offset + 32, affine.y);
        }
        offset += 64;
      }
    }
    const digest = keccak256(buf);
    let value = 0n;
    for (const byte of digest) value = (value << 8n) | BigInt(byte);
    return Fr.reduce(value);
  }
}
