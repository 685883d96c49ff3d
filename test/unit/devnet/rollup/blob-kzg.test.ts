/**
 * The devnet rollup's blob KZG (src/devnet/rollup/blob-kzg.ts): the commitment at once, the proof
 * at z and the network form's proof in its worker thread, each checked with Vigil's own KZG
 * (src/crypto/kzg.ts, not micro-eth-signer's that computed them).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { bigIntToBytesPadded } from '../../../../src/core/bytes.ts';
import { kzgReady, kzgToVersionedHash, verifyBlobKzgProof, verifyKzgProof } from '../../../../src/crypto/kzg.ts';
import { BatchBlobKzg } from '../../../../src/devnet/rollup/blob-kzg.ts';
import { batchBlob, blobBinding } from '../../../../src/l2/vigil-zk/blob.ts';
import { transaction, TX_TYPE, txDataHash } from '../../../../src/l2/vigil-zk/transactions.ts';

const kzg = new BatchBlobKzg(0);
afterAll(() => kzg.stop());

describe('BatchBlobKzg', () => {
  const txs = [transaction({ type: TX_TYPE.DEPOSIT, to: 3n, amount: 10n ** 18n, owner: 0xabcn, ax: 5n, ay: 6n }), transaction({ type: TX_TYPE.NOOP })];

  it("commits to the batch's blob, and proves P(z) = y (y blob.ts's) and the blob in the worker", async () => {
    const b = kzg.batchBlob(batchBlob(txs));
    expect(b.versionedHash).toEqual(kzgToVersionedHash(b.commitment));
    const binding = blobBinding(b.versionedHash, txDataHash(txs), txs);
    const proofs = await kzg.proofs(b, binding.z);
    expect(proofs.y).toBe(binding.y);
    await kzgReady();
    expect(verifyKzgProof(b.commitment, bigIntToBytesPadded(binding.z, 32), bigIntToBytesPadded(binding.y, 32), proofs.kzgProof)).toBe(true);
    expect(verifyKzgProof(b.commitment, bigIntToBytesPadded(binding.z, 32), bigIntToBytesPadded(binding.y + 1n, 32), proofs.kzgProof)).toBe(false);
    expect(proofs.proofs).toHaveLength(1);
    expect(verifyBlobKzgProof(b.blob, b.commitment, proofs.proofs[0]!)).toBe(true);
  });

  it('fails the jobs it has once stopped', async () => {
    const other = new BatchBlobKzg(0);
    await other.stop();
    const b = other.batchBlob(batchBlob(txs));
    await expect(other.proofs(b, 5n)).rejects.toThrow(/stopped/);
  });
});
