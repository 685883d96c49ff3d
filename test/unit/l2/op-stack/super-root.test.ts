/**
 * The super-root preimage codec (src/l2/op-stack/super-root.ts) against the contracts' encoding
 * (optimism src/libraries/Encoding.sol encodeSuperRootProof: 0x01 ‖ uint64 timestamp ‖ (uint256
 * chainId ‖ bytes32 outputRoot)*; decodeSuperRootProof / SuperRoot.sol: version 0x01, at least one
 * entry, whole entries, chain ids strictly ascending). No fixed vector of the optimism repository
 * was found (its tests fuzz the round trip), so the layout is checked byte by byte here and the
 * round trip and refusals as properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { decodeSuperRoot, encodeSuperRoot, superRootEntry, superRootHash, type SuperRoot } from '../../../../src/l2/op-stack/super-root.ts';

const root = (x: number) => new Uint8Array(32).fill(x);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError) return err.code;
    throw err;
  }
  return 'none';
}

/** Sorted, distinct chain ids with their roots; timestamps of 64 bits. */
const superRoots = fc
  .record({
    timestamp: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    entries: fc.uniqueArray(fc.record({ chainId: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), outputRoot: fc.uint8Array({ minLength: 32, maxLength: 32 }) }), { minLength: 1, maxLength: 16, selector: (e) => e.chainId }),
  })
  .map((r): SuperRoot => ({ timestamp: r.timestamp, entries: [...r.entries].sort((a, b) => (a.chainId < b.chainId ? -1 : 1)) }));

describe('super-root preimage codec', () => {
  it('lays out 0x01 ‖ uint64 timestamp ‖ (uint256 chainId ‖ bytes32 outputRoot)*, big-endian; its hash is keccak256 of that', () => {
    const preimage = encodeSuperRoot({ timestamp: 0x0102030405060708n, entries: [{ chainId: 10n, outputRoot: root(0xaa) }, { chainId: 11155420n, outputRoot: root(0xbb) }] });
    const expected = '0x01' + '0102030405060708' + '00'.repeat(31) + '0a' + 'aa'.repeat(32) + '00'.repeat(28) + '00aa37dc' + 'bb'.repeat(32);
    expect(bytesToHex(preimage)).toBe(expected);
    expect(preimage.length).toBe(9 + 2 * 64);
    expect(bytesToHex(superRootHash(preimage))).toBe(bytesToHex(keccak256(hexToBytes(expected))));
    expect(decodeSuperRoot(preimage, 16)).toEqual({ timestamp: 0x0102030405060708n, entries: [{ chainId: 10n, outputRoot: root(0xaa) }, { chainId: 11155420n, outputRoot: root(0xbb) }] });
    expect(bytesToHex(superRootEntry(decodeSuperRoot(preimage, 16), 11155420n).outputRoot)).toBe(bytesToHex(root(0xbb)));
    expect(codeOf(() => superRootEntry(decodeSuperRoot(preimage, 16), 8453n))).toBe('OP_SUPER_ROOT_CHAIN_MISSING');
  });

  it('decode ∘ encode is the identity, and encode ∘ decode gives back the bytes', () => {
    fc.assert(
      fc.property(superRoots, (r) => {
        const bytes = encodeSuperRoot(r);
        const back = decodeSuperRoot(bytes, 16);
        expect(back.timestamp).toBe(r.timestamp);
        expect(back.entries.map((e) => [e.chainId, bytesToHex(e.outputRoot)])).toEqual(r.entries.map((e) => [e.chainId, bytesToHex(e.outputRoot)]));
        expect(bytesToHex(encodeSuperRoot(back))).toBe(bytesToHex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any length that is not 9 + 64·n (n ≥ 1), another version, more entries than the bound', () => {
    fc.assert(
      fc.property(superRoots, fc.integer({ min: 1, max: 63 }), (r, cut) => {
        const bytes = encodeSuperRoot(r);
        expect(codeOf(() => decodeSuperRoot(bytes.subarray(0, bytes.length - cut), 16))).toBe('OP_SUPER_ROOT_INVALID');
        expect(codeOf(() => decodeSuperRoot(concatBytes(bytes, new Uint8Array(cut)), 16))).toBe('OP_SUPER_ROOT_INVALID');
        const version = bytes.slice();
        version[0] = 0x01 ^ (1 + (cut % 255));
        expect(codeOf(() => decodeSuperRoot(version, 16))).toBe('OP_SUPER_ROOT_INVALID');
        if (r.entries.length > 1) expect(codeOf(() => decodeSuperRoot(bytes, r.entries.length - 1))).toBe('OP_SUPER_ROOT_INVALID');
        expect(codeOf(() => decodeSuperRoot(bytes, r.entries.length))).toBe('none');
      }),
      { numRuns: 200 },
    );
    expect(codeOf(() => decodeSuperRoot(hexToBytes('0x01' + '00'.repeat(8)), 16))).toBe('OP_SUPER_ROOT_INVALID');
    expect(codeOf(() => decodeSuperRoot(new Uint8Array(0), 16))).toBe('OP_SUPER_ROOT_INVALID');
  });

  it('refuses chain ids not strictly ascending (equal or swapped neighbours)', () => {
    fc.assert(
      fc.property(superRoots.filter((r) => r.entries.length >= 2), fc.nat(), (r, k) => {
        const i = k % (r.entries.length - 1);
        const swapped = r.entries.slice();
        [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
        expect(codeOf(() => decodeSuperRoot(encodeSuperRoot({ timestamp: r.timestamp, entries: swapped }), 16))).toBe('OP_SUPER_ROOT_INVALID');
        const equal = r.entries.slice();
        equal[i + 1] = { ...equal[i + 1]!, chainId: equal[i]!.chainId };
        expect(codeOf(() => decodeSuperRoot(encodeSuperRoot({ timestamp: r.timestamp, entries: equal }), 16))).toBe('OP_SUPER_ROOT_INVALID');
      }),
      { numRuns: 200 },
    );
  });

  it('any one-byte change gives another hash, and is refused or decodes to another super root', () => {
    fc.assert(
      fc.property(superRoots, fc.nat(), fc.integer({ min: 1, max: 255 }), (r, k, x) => {
        const bytes = encodeSuperRoot(r);
        const i = k % bytes.length;
        const changed = bytes.slice();
        changed[i]! ^= x;
        expect(bytesToHex(superRootHash(changed))).not.toBe(bytesToHex(superRootHash(bytes)));
        let decoded: SuperRoot | undefined;
        try {
          decoded = decodeSuperRoot(changed, 16);
        } catch (err) {
          expect(err).toBeInstanceOf(VerificationError);
          return;
        }
        expect(bytesToHex(encodeSuperRoot(decoded))).toBe(bytesToHex(changed));
      }),
      { numRuns: 300 },
    );
  });
});
