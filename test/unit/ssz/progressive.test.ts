/**
 * The devnet's progressive SSZ (src/ssz/progressive.ts) against @chainsafe/ssz 1.9's own
 * ProgressiveContainerType / ProgressiveList* (an independent implementation of EIP-7495/7916):
 * roots of lists across the 1, 4, 16, 64… subtree boundaries, and every field's gindex and branch
 * in a 46-field progressive container (BeaconState's count).
 */
import * as cs from '@chainsafe/ssz';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import {
  ProgressiveBitlist,
  ProgressiveContainer,
  progressiveContainerBranch,
  progressiveContainerGindex,
  progressiveContainerRoot,
  ProgressiveList,
} from '../../../src/ssz/progressive.ts';
import { Bytes32, uint64 } from '../../../src/ssz/index.ts';

const chunk = (i: number) => sha256(Uint8Array.of(i & 0xff, i >> 8));

describe('progressive SSZ against @chainsafe/ssz', () => {
  it('ProgressiveList of basic and composite elements, ProgressiveBitlist: the same roots at every length to 90 chunks', () => {
    const ours64 = ProgressiveList(uint64, 2 ** 20);
    const theirs64 = new cs.ProgressiveListBasicType(new cs.UintBigintType(8));
    const ours32 = ProgressiveList(Bytes32, 2 ** 20);
    const theirs32 = new cs.ProgressiveListCompositeType(new cs.ByteVectorType(32));
    const oursBits = ProgressiveBitlist(2 ** 16);
    const theirsBits = new cs.ProgressiveBitListType();
    for (let n = 0; n <= 90; n++) {
      const words = Array.from({ length: n * 3 }, (_, i) => BigInt(i) * 0x1234567n);
      expect(bytesToHex(ours64.hashTreeRoot(words)), `uint64 × ${n * 3}`).toBe(bytesToHex(theirs64.hashTreeRoot(words)));
      const roots = Array.from({ length: n }, (_, i) => chunk(i));
      expect(bytesToHex(ours32.hashTreeRoot(roots)), `Bytes32 × ${n}`).toBe(bytesToHex(theirs32.hashTreeRoot(roots)));
      const bits = Array.from({ length: n * 37 }, (_, i) => i % 3 === 0);
      expect(bytesToHex(oursBits.hashTreeRoot(bits)), `bits × ${n * 37}`).toBe(bytesToHex(theirsBits.hashTreeRoot(cs.BitArray.fromBoolArray(bits))));
    }
  });

  it('a 46-field progressive container: its root, and each field\'s gindex and branch', () => {
    const names = Array.from({ length: 46 }, (_, i) => `f${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`);
    const ours = ProgressiveContainer(Object.fromEntries(names.map((n) => [n, Bytes32])));
    const theirs = new cs.ProgressiveContainerType(Object.fromEntries(names.map((n) => [n, new cs.ByteVectorType(32)])), names.map(() => true));
    const value = Object.fromEntries(names.map((n, i) => [n, chunk(1000 + i)]));
    const roots = new Uint8Array(46 * 32);
    names.forEach((_, i) => roots.set(chunk(1000 + i), i * 32));
    expect(bytesToHex(ours.hashTreeRoot(value))).toBe(bytesToHex(theirs.hashTreeRoot(value)));
    expect(bytesToHex(progressiveContainerRoot(roots))).toBe(bytesToHex(theirs.hashTreeRoot(value)));
    const tree = (theirs.toView(value) as unknown as { tree: { getSingleProof(g: bigint): Uint8Array[] } }).tree;
    names.forEach((n, i) => {
      const gindex = progressiveContainerGindex(i);
      expect(gindex, n).toBe(Number(theirs.getPathInfo([n]).gindex));
      expect(progressiveContainerBranch(roots, i).map(bytesToHex), n).toEqual(tree.getSingleProof(BigInt(gindex)).map(bytesToHex));
    });
    // The Gloas light client's: finalized_checkpoint (20), the sync committees (22, 23).
    expect([progressiveContainerGindex(20) * 2 + 1, progressiveContainerGindex(22), progressiveContainerGindex(23)]).toEqual([735, 2945, 2946]);
  });
});
