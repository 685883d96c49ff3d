/**
 * consensus-spec-tests' `*.ssz_snappy` files read through the one guarded snappy decoder
 * (src/core/snappy.ts): a file compressed as the releases are reads back whole; a file that is no
 * snappy block, or one crafted to hang snappyjs (a 4-byte literal length with its top bit set, which
 * once made `vigil lc-spectest` loop for ever) or to make it allocate gigabytes, is an InputError.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { readSszSnappy } from '../../../src/cli/spectest/files.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-ssz-snappy-'));
const write = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, `${name}.ssz_snappy`), bytes);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('readSszSnappy', () => {
  it('reads back what snappy compressed', () => {
    const ssz = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 7);
    write('ok', snappy.compress(ssz));
    expect(readSszSnappy(dir, 'ok')).toEqual(ssz);
  });

  it('refuses a literal whose 4-byte length has its top bit set (snappyjs never returned on it)', () => {
    write('loop', Uint8Array.from([0x10, 0xfc, 0x2c, 0x97, 0x9f, 0xff, 0x41, 0x42, 0x43, 0x44]));
    expect(code(() => readSszSnappy(dir, 'loop'))).toBe('INVALID_INPUT');
  });

  it('refuses a header declaring more than it may allocate, elements that run past the input, and bytes that are no block', () => {
    write('huge', Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]));
    write('short', Uint8Array.from([0x05, 0x10, 0x61]));
    write('text', new TextEncoder().encode('not snappy at all'));
    for (const name of ['huge', 'short', 'text']) expect(code(() => readSszSnappy(dir, name)), name).toBe('INVALID_INPUT');
    expect(code(() => readSszSnappy(dir, 'missing'))).toBe('INVALID_INPUT');
  });
});
