/**
 * Properties of src/crypto/kzg.ts on random blobs (agreement with an independent library is
 * ./independent.test.ts): compute then verify round-trips, empty batches verify, a flipped bit in any commitment, proof, cell or blob
 * is refused (false, or KZG_INVALID_INPUT where the bytes stop being a point or a field element),
 * and recovery refuses malformed index lists (that any half gives back every cell and proof is
 * ./recovery.test.ts: it computes the 128 proofs again, on the kernel only).
 *
 * The unit project runs everything on the WASM kernel; the noble project (vitest.config.ts
 * NOBLE_RUN) verifies on @noble. There the blobs' fixtures are computed on the WASM kernel
 * (`onWasm`): their 128 cell proofs take over a minute on @noble (FK20 table ~40 s, ~5 s a blob),
 * their commitments and blob proofs some four seconds for both blobs (an MSM over 4096 points
 * each): @noble computes the first blob's again, which must give the kernel's bytes.
 */
import { computeVersionedHash } from '@ethereumjs/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { forceNoble } from '../../../../src/crypto/backend.ts';
import {
  BYTES_PER_BLOB,
  CELLS_PER_EXT_BLOB,
  type CellsAndProofs,
  blobToKzgCommitment,
  computeBlobKzgProof,
  computeCells,
  computeCellsAndKzgProofs,
  kzgBackend,
  kzgReady,
  kzgToVersionedHash,
  recoverCellsAndKzgProofs,
  type TrustedSetup,
  verifyBlobKzgProof,
  verifyBlobKzgProofBatch,
  verifyCellKzgProofBatch,
  verifyKzgProof,
} from '../../../../src/crypto/kzg.ts';
import { loadTrustedSetup } from '../../../../src/crypto/kzg/full-setup.ts';
import { chooser, randomBlob } from './random-blobs.ts';

const NOBLE = process.env.VIGIL_CRYPTO_BACKEND === 'noble';

/** Runs `fn` on the WASM kernel, also in the noble project (see the module comment). */
function onWasm<T>(fn: () => T): T {
  forceNoble(false);
  try {
    return fn();
  } finally {
    forceNoble(NOBLE);
  }
}

/** A copy with bit `bit` of byte `at` flipped. */
function flip(bytes: Uint8Array, at: number, bit: number): Uint8Array {
  const out = bytes.slice();
  out[at]! ^= 1 << bit;
  return out;
}

/** What a verifier may do with a corrupted input: answer false, or refuse it as the spec does. */
function falseOrInvalid(fn: () => boolean): string {
  try {
    return fn() ? 'accepted' : 'false';
  } catch (err) {
    if (err instanceof VerificationError && err.code === 'KZG_INVALID_INPUT') return 'KZG_INVALID_INPUT';
    throw err;
  }
}

interface BlobCase {
  blob: Uint8Array;
  commitment: Uint8Array;
  proof: Uint8Array;
  ext: CellsAndProofs;
}

let setup: TrustedSetup;
const blobs: BlobCase[] = [];

beforeAll(async () => {
  await kzgReady();
  setup = await loadTrustedSetup();
  for (const seed of [11, 12]) {
    const blob = randomBlob(seed);
    blobs.push(
      onWasm(() => {
        const commitment = blobToKzgCommitment(blob, setup);
        return { blob, commitment, proof: computeBlobKzgProof(blob, commitment, setup), ext: computeCellsAndKzgProofs(blob, setup) };
      }),
    );
  }
});

it(`verifies on the project's backend (${NOBLE ? 'noble' : 'wasm'})`, () => {
  expect(kzgBackend()).toBe(NOBLE ? 'noble' : 'wasm');
});

describe('empty batches', () => {
  it('verifyBlobKzgProofBatch of zero blobs is true', () => {
    expect(verifyBlobKzgProofBatch([], [], [])).toBe(true);
  });
  it('verifyCellKzgProofBatch of zero cells is true', () => {
    expect(verifyCellKzgProofBatch([], [], [], [])).toBe(true);
  });
});

describe('blobs: compute → verify', () => {
  it('each blob verifies with its commitment and proof, alone and in a batch', () => {
    for (const b of blobs) expect(verifyBlobKzgProof(b.blob, b.commitment, b.proof)).toBe(true);
    expect(verifyBlobKzgProofBatch(blobs.map((b) => b.blob), blobs.map((b) => b.commitment), blobs.map((b) => b.proof))).toBe(true);
  });
  it("the project's backend computes the first blob's commitment and proof as the fixture has them", () => {
    const [a] = blobs as [BlobCase];
    const commitment = blobToKzgCommitment(a.blob, setup);
    expect(bytesToHex(commitment)).toBe(bytesToHex(a.commitment));
    expect(bytesToHex(computeBlobKzgProof(a.blob, commitment, setup))).toBe(bytesToHex(a.proof));
  });
  it('proofs swapped between blobs do not verify', () => {
    const [a, b] = blobs as [BlobCase, BlobCase];
    expect(verifyBlobKzgProof(a.blob, a.commitment, b.proof)).toBe(false);
    expect(verifyBlobKzgProofBatch([a.blob, b.blob], [a.commitment, b.commitment], [b.proof, a.proof])).toBe(false);
  });
  it('a flipped bit in a commitment, a proof or a blob is refused', () => {
    const pick = chooser(1);
    const [a, b] = blobs as [BlobCase, BlobCase];
    const batch = (i: number, part: 'blob' | 'commitment' | 'proof', bad: Uint8Array) => {
      const parts = blobs.map((x, j) => (j === i ? { ...x, [part]: bad } : x));
      return verifyBlobKzgProofBatch(parts.map((x) => x.blob), parts.map((x) => x.commitment), parts.map((x) => x.proof));
    };
    const verdicts = new Set<string>();
    for (let t = 0; t < 3; t++) {
      for (const part of ['commitment', 'proof', 'blob'] as const) {
        const bad = flip(a[part], pick(a[part].length), pick(8));
        verdicts.add(falseOrInvalid(() => verifyBlobKzgProof(part === 'blob' ? bad : a.blob, part === 'commitment' ? bad : a.commitment, part === 'proof' ? bad : a.proof)));
        verdicts.add(falseOrInvalid(() => batch(1, part, flip(b[part], pick(b[part].length), pick(8)))));
      }
    }
    expect(verdicts.has('accepted')).toBe(false);
  });
  it('kzgToVersionedHash is @ethereumjs/util computeVersionedHash', () => {
    for (const b of blobs) expect(bytesToHex(kzgToVersionedHash(b.commitment))).toBe(computeVersionedHash(bytesToHex(b.commitment) as `0x${string}`, 1));
    expect(() => kzgToVersionedHash(new Uint8Array(47))).toThrow(InputError);
  });
  it('the point evaluation of a blob proof verifies (verifyKzgProof at the challenge)', () => {
    // Proof and commitment of the constant polynomial 5: C = 5·[1]₁, the quotient is zero.
    const five = new Uint8Array(BYTES_PER_BLOB);
    for (let i = 31; i < BYTES_PER_BLOB; i += 32) five[i] = 5;
    const c = blobToKzgCommitment(five, setup);
    const y = new Uint8Array(32);
    y[31] = 5;
    const infinity = Uint8Array.of(0xc0, ...new Uint8Array(47));
    expect(verifyKzgProof(c, new Uint8Array(32).fill(1, 31), y, infinity)).toBe(true);
    expect(computeBlobKzgProof(five, c, setup)).toEqual(infinity);
    y[31] = 6;
    expect(verifyKzgProof(c, new Uint8Array(32).fill(1, 31), y, infinity)).toBe(false);
  });
});

describe('cells: compute → verify', () => {
  it('computeCells gives the cells of computeCellsAndKzgProofs, the first 64 being the blob', () => {
    for (const b of blobs) {
      const cells = computeCells(b.blob);
      expect(cells.map(bytesToHex)).toEqual(b.ext.cells.map(bytesToHex));
      expect(bytesToHex(Uint8Array.from(cells.slice(0, CELLS_PER_EXT_BLOB / 2).flatMap((c) => [...c])))).toBe(bytesToHex(b.blob));
    }
  });
  it('all 128 cells of a blob verify, and cells of both blobs in one batch, in any order', () => {
    const a = blobs[0]!;
    const all = Array.from({ length: CELLS_PER_EXT_BLOB }, (_, i) => i);
    expect(verifyCellKzgProofBatch(all.map(() => a.commitment), all, a.ext.cells, a.ext.proofs)).toBe(true);
    const pick = chooser(2);
    const sample = Array.from({ length: 12 }, () => [pick(2), pick(CELLS_PER_EXT_BLOB)] as const);
    const of = (k: number) => blobs[k]!;
    expect(verifyCellKzgProofBatch(sample.map(([k]) => of(k).commitment), sample.map(([, i]) => i), sample.map(([k, i]) => of(k).ext.cells[i]!), sample.map(([k, i]) => of(k).ext.proofs[i]!))).toBe(true);
  });
  it('a cell at another index, or with another blob\'s commitment, does not verify', () => {
    const [a, b] = blobs as [BlobCase, BlobCase];
    expect(verifyCellKzgProofBatch([a.commitment], [4], [a.ext.cells[3]!], [a.ext.proofs[3]!])).toBe(false);
    expect(verifyCellKzgProofBatch([b.commitment], [3], [a.ext.cells[3]!], [a.ext.proofs[3]!])).toBe(false);
  });
  it('a flipped bit in any commitment, proof or cell is refused', () => {
    const pick = chooser(3);
    const a = blobs[0]!;
    const indices = [0, 17, 64, 127];
    const parts = { commitment: indices.map(() => a.commitment), cell: indices.map((i) => a.ext.cells[i]!), proof: indices.map((i) => a.ext.proofs[i]!) };
    expect(verifyCellKzgProofBatch(parts.commitment, indices, parts.cell, parts.proof)).toBe(true);
    const verdicts = new Set<string>();
    for (let t = 0; t < 4; t++) {
      for (const part of ['commitment', 'proof', 'cell'] as const) {
        const k = pick(indices.length);
        const list = parts[part].slice();
        list[k] = flip(list[k]!, pick(list[k]!.length), pick(8));
        const bad = { ...parts, [part]: list };
        verdicts.add(falseOrInvalid(() => verifyCellKzgProofBatch(bad.commitment, indices, bad.cell, bad.proof)));
      }
    }
    expect(verdicts.has('accepted')).toBe(false);
    expect(verdicts.has('false')).toBe(true);
  });
});

describe('recovery', () => {
  it('refuses indices out of order, duplicated, too few, and mismatched counts', () => {
    const a = blobs[0]!;
    const half = Array.from({ length: 64 }, (_, i) => i);
    const cellsOf = (idx: number[]) => idx.map((i) => a.ext.cells[i % CELLS_PER_EXT_BLOB]!);
    const code = (idx: number[], cells = cellsOf(idx)) => {
      try {
        recoverCellsAndKzgProofs(idx, cells, setup);
        return 'recovered';
      } catch (err) {
        return err instanceof VerificationError ? err.code : err instanceof InputError ? 'INVALID_INPUT' : String(err);
      }
    };
    expect(code([1, 0, ...half.slice(2)])).toBe('KZG_INVALID_INPUT');
    expect(code([0, 0, ...half.slice(2)])).toBe('KZG_INVALID_INPUT');
    expect(code(half.slice(1))).toBe('KZG_INVALID_INPUT');
    expect(code(half, cellsOf(half).slice(1))).toBe('INVALID_INPUT');
  });
});
