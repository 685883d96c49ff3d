/**
 * Recovery of src/crypto/kzg.ts: any 64 of a blob's 128 cells give back every cell and proof.
 * Recovery computes the 128 proofs again (FK20), over a minute on @noble: this file is the unit
 * project's alone (vitest.config.ts NOBLE_RUN does not name it), as the spec vectors' proof cases
 * are; @noble's recovery refusals are ./properties.test.ts's, recovery against an independent
 * library ./independent.test.ts's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { CELLS_PER_EXT_BLOB, type CellsAndProofs, computeCellsAndKzgProofs, kzgReady, recoverCellsAndKzgProofs, type TrustedSetup } from '../../../../src/crypto/kzg.ts';
import { loadTrustedSetup } from '../../../../src/crypto/kzg/full-setup.ts';
import { chooser, randomBlob } from './random-blobs.ts';

let setup: TrustedSetup;
let ext: CellsAndProofs;

beforeAll(async () => {
  await kzgReady();
  setup = await loadTrustedSetup();
  ext = computeCellsAndKzgProofs(randomBlob(11), setup);
});

describe('recovery', () => {
  it('any 64 of the 128 cells (indices ascending) give back every cell and proof', () => {
    const pick = chooser(4);
    for (let t = 0; t < 3; t++) {
      const order = Array.from({ length: CELLS_PER_EXT_BLOB }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = pick(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const kept = order.slice(0, CELLS_PER_EXT_BLOB / 2).sort((x, y) => x - y);
      const recovered = recoverCellsAndKzgProofs(kept, kept.map((i) => ext.cells[i]!), setup);
      expect(recovered.cells.map(bytesToHex)).toEqual(ext.cells.map(bytesToHex));
      expect(recovered.proofs.map(bytesToHex)).toEqual(ext.proofs.map(bytesToHex));
    }
  });
});
