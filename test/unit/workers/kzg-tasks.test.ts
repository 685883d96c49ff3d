/**
 * The worker's KZG tasks (src/workers/tasks.ts `kzg.verifyCells`, `kzg.verifyBlob`), called as
 * the pool calls them (0x-hex in, a verdict out): the fixture's cells and blob (made by the
 * devnet's KZG) verify; a flipped byte does not; a wrong size is an InputError.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { verifierHandlers } from '../../../src/workers/tasks.ts';
import { sampledBlob } from '../../fixtures/blob-sampling/blob.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/blob-sampling/cells.json', import.meta.url), 'utf8')) as {
  commitment: string;
  blobProof: string;
  columns: { column: number; cell: string; proof: string }[];
};
const flip = (hex: string) => hex.slice(0, -1) + (parseInt(hex.slice(-1), 16) ^ 1).toString(16);

describe('kzg worker tasks', () => {
  it('kzg.verifyCells: cells at their columns against the commitment', async () => {
    const cols = fixture.columns.slice(0, 4);
    const params = { commitments: cols.map(() => fixture.commitment), cellIndices: cols.map((c) => c.column), cells: cols.map((c) => c.cell), proofs: cols.map((c) => c.proof) };
    expect(await verifierHandlers['kzg.verifyCells'](params)).toBe(true);
    expect(await verifierHandlers['kzg.verifyCells']({ ...params, cells: [flip(params.cells[0]!), ...params.cells.slice(1)] })).toBe(false);
    expect(await verifierHandlers['kzg.verifyCells']({ ...params, cellIndices: [1, 0, 2, 3] })).toBe(false);
    await expect(verifierHandlers['kzg.verifyCells']({ ...params, cells: ['0x00', ...params.cells.slice(1)] })).rejects.toBeInstanceOf(InputError);
  });

  it('kzg.verifyBlob: the whole blob with its blob proof', async () => {
    const blob = sampledBlob();
    expect(await verifierHandlers['kzg.verifyBlob']({ blob: bytesToHex(blob), commitment: fixture.commitment, proof: fixture.blobProof })).toBe(true);
    blob[200]! ^= 1;
    expect(await verifierHandlers['kzg.verifyBlob']({ blob: bytesToHex(blob), commitment: fixture.commitment, proof: fixture.blobProof })).toBe(false);
  });
});
