/**
 * Snappy block decompression, the one front door for it: OP Stack gossip messages (specs
 * rollup-node-p2p.md "Message compression and limits": single-block compression, no frames, at most
 * 10 MiB decoded) and consensus-spec-tests' `*.ssz_snappy` files (src/cli/spectest). The copying is snappyjs's
 * (Lodestar's reqresp used it before its WASM binding); what snappyjs does not check is checked
 * here first, as Go's snappy.Decode (op-node) does: the declared length is read and bounded before
 * anything is allocated (snappyjs would allocate up to 4 GiB from a 5-byte header), every element
 * lies inside the input, every copy reaches back into what was already produced, and the elements
 * produce exactly the declared length (snappyjs silently drops bytes written past the end and
 * leaves a short output zero-filled). The walk also keeps from snappyjs 0.7.0 input it never returns
 * on: a literal whose 4-byte length has its top bit set turns negative in its 32-bit arithmetic and
 * its read position walks back for ever (10 fc 2c 97 9f ff 41 42 43 44; found by the op-gossip fuzz
 * target). Only bytes the walk accepted reach snappyjs.
 * Format: google/snappy format_description.txt.
 * @module
 */
import snappy from 'snappyjs';

/**
 * The decoded bytes of a snappy block, or undefined when `data` is not one whose decoded length
 * is at most `maxLength` (the caller decides what that means: gossip reads it as uncompressed).
 * @example snappyBlockDecode(wire, 10 * 2 ** 20) // Uint8Array, or undefined
 */
export function snappyBlockDecode(data: Uint8Array, maxLength: number): Uint8Array | undefined {
  const length = snappyBlockLength(data, maxLength);
  if (length === undefined) return undefined;
  try {
    // A fresh Uint8Array (not a Buffer) keeps snappyjs in its Uint8Array mode.
    const out = snappy.uncompress(Uint8Array.from(data), maxLength);
    return out.length === length ? out : undefined;
  } catch {
    return undefined;
  }
}

/** The declared length when the whole block is well-formed and decodes to exactly it, else undefined. */
export function snappyBlockLength(data: Uint8Array, maxLength: number): number | undefined {
  let pos = 0;
  let declared = 0;
  for (let shift = 0; ; shift += 7) {
    // A uint32 varint: at most 5 bytes, the fifth holding 4 bits.
    if (pos >= data.length || shift > 28) return undefined;
    const c = data[pos++]!;
    if (shift === 28 && c > 0x0f) return undefined;
    declared += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) break;
  }
  if (declared > maxLength) return undefined;
  let produced = 0;
  while (pos < data.length) {
    const tag = data[pos++]!;
    let len: number;
    if ((tag & 3) === 0) {
      // Literal: length − 1 in the tag, or in the 1–4 bytes after it (tag values 60–63).
      len = (tag >> 2) + 1;
      if (len > 60) {
        const n = len - 60;
        if (pos + n > data.length) return undefined;
        len = 1;
        for (let i = 0; i < n; i++) len += data[pos + i]! * 2 ** (8 * i);
        pos += n;
      }
      if (pos + len > data.length) return undefined;
      pos += len;
    } else {
      let offset: number;
      if ((tag & 3) === 1) {
        if (pos + 1 > data.length) return undefined;
        len = ((tag >> 2) & 7) + 4;
        offset = ((tag >> 5) << 8) | data[pos]!;
        pos += 1;
      } else if ((tag & 3) === 2) {
        if (pos + 2 > data.length) return undefined;
        len = (tag >> 2) + 1;
        offset = data[pos]! | (data[pos + 1]! << 8);
        pos += 2;
      } else {
        if (pos + 4 > data.length) return undefined;
        len = (tag >> 2) + 1;
        offset = data[pos]! + data[pos + 1]! * 2 ** 8 + data[pos + 2]! * 2 ** 16 + data[pos + 3]! * 2 ** 24;
        pos += 4;
      }
      if (offset === 0 || offset > produced) return undefined;
    }
    produced += len;
    if (produced > declared) return undefined;
  }
  return produced === declared ? declared : undefined;
}
