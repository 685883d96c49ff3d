/**
 * Blob transactions in their network form, as @ethereumjs/tx writes them with micro-eth-signer's
 * proofs: read (the body, its hash, the blobs, commitments and proofs) and verified, EIP-4844's
 * blob proofs and EIP-7594's cell proofs, the sender recovered; hostile ones refused with a typed
 * error: counts, versioned hashes, a signature of no key, a flipped or swapped proof, a non-canonical field element (VerificationError:
 * does not verify) and truncated, trailing, mistyped or missized input (InputError: unreadable).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes } from '../../../../src/core/bytes.ts';
import { decodeRlp, encodeRlp, type RlpItem } from '../../../../src/core/rlp.ts';
import { kzgReady } from '../../../../src/crypto/kzg.ts';
import { decodeBlobTransactionNetworkForm } from '../../../../src/execution/blobs/network-form.ts';
import { verifyBlobTransaction } from '../../../../src/execution/blobs/verify.ts';
import { blobTransaction, computeVersionedHash, type TestBlob, testBlob } from '../../../support/blob-inputs.ts';
import { thrownCode } from '../../../support/error-code.ts';

let one: TestBlob;
let two: TestBlob;
beforeAll(async () => {
  await kzgReady();
  one = testBlob('vigil blob one ', true);
  two = testBlob('vigil blob two ', false);
});

/** The network form's items (after the type byte), for editing. */
const itemsOf = (raw: Uint8Array) => decodeRlp(raw.subarray(1)) as RlpItem[];
const rebuild = (items: RlpItem[]) => concatBytes(Uint8Array.of(3), encodeRlp(items));
/** A copy of `raw` with list `at` of the network form changed by `edit`. */
function edited(raw: Uint8Array, at: number, edit: (list: Uint8Array[]) => Uint8Array[]): Uint8Array {
  const items = itemsOf(raw);
  items[at] = edit((items[at] as Uint8Array[]).map((b) => b.slice()));
  return rebuild(items);
}
const verify = (raw: Uint8Array) => verifyBlobTransaction(decodeBlobTransactionNetworkForm(raw));
const code = thrownCode;

describe('blob transaction network form: EIP-4844 (blob proofs)', () => {
  it('reads the body, its hash (the block form\'s), the blobs and proofs, and verifies them', () => {
    const { raw, hash, from } = blobTransaction([one, two], 'eip4844');
    const nf = decodeBlobTransactionNetworkForm(raw);
    expect(nf.form).toBe('eip4844');
    expect(bytesToHex(nf.txHash)).toBe(bytesToHex(hash));
    expect(nf.tx.blobVersionedHashes.map(bytesToHex)).toEqual([one, two].map((b) => computeVersionedHash(bytesToHex(b.commitment) as `0x${string}`, 1)));
    expect(nf.blobs.map(bytesToHex)).toEqual([one, two].map((b) => bytesToHex(b.blob)));
    const report = verifyBlobTransaction(nf);
    expect(report).toMatchObject({ form: 'eip4844', blobs: 2, proofs: 'blob', proofsChecked: 2 });
    expect(bytesToHex(report.from)).toBe(from);
  });

  it('reads one with an access list whose entries name storage keys (five lists deep, as mainnet rollups send them), in both forms', () => {
    const list = [{ address: `0x${'22'.repeat(20)}` as const, storageKeys: [`0x${'00'.repeat(31)}01` as const, `0x${'00'.repeat(31)}02` as const] }];
    for (const form of ['eip4844', 'eip7594'] as const) {
      const { raw, hash } = blobTransaction([one], form, list);
      const nf = decodeBlobTransactionNetworkForm(raw);
      expect(bytesToHex(nf.txHash)).toBe(bytesToHex(hash));
      expect(nf.tx.accessList.map((e) => [bytesToHex(e.address), e.storageKeys.map(bytesToHex)])).toEqual([[list[0]!.address, list[0]!.storageKeys]]);
      expect(verifyBlobTransaction(nf)).toMatchObject({ form, blobs: 1 });
    }
    // One list deeper than any transaction holds is still refused.
    const { raw } = blobTransaction([one], 'eip4844', list);
    const items = itemsOf(raw);
    const body = (items[0] as RlpItem[]).slice();
    body[10] = [[[body[10] as RlpItem]]];
    expect(code(() => decodeBlobTransactionNetworkForm(rebuild([body, ...items.slice(1)])))).toBe('InputError:INVALID_INPUT');
  });

  it('refuses counts that disagree, a versioned hash of another commitment, a wrong proof', () => {
    const { raw } = blobTransaction([one, two], 'eip4844');
    // items: [tx, blobs, commitments, proofs]
    expect(code(() => verify(edited(raw, 1, (l) => l.slice(0, 1))))).toBe('VerificationError:BLOB_COUNT_MISMATCH');
    expect(code(() => verify(edited(raw, 3, (l) => [...l, l[0]!])))).toBe('VerificationError:BLOB_COUNT_MISMATCH');
    // Commitments swapped: the first versioned hash is no longer its commitment's.
    expect(code(() => verify(edited(raw, 2, (l) => [l[1]!, l[0]!])))).toBe('VerificationError:BLOB_VERSIONED_HASH_MISMATCH');
    // Proofs swapped: points on the curve, but not these blobs' proofs.
    expect(code(() => verify(edited(raw, 3, (l) => [l[1]!, l[0]!])))).toBe('VerificationError:BLOB_PROOF_INVALID');
    // A flipped bit of a proof: not a point, or not this proof; either way it does not verify.
    expect(code(() => verify(edited(raw, 3, (l) => (l[0]![20]! ^= 1, l))))).toMatch(/^VerificationError:(BLOB_PROOF_INVALID|KZG_INVALID_INPUT)$/);
    // A signature no key made (s = 0): no sender, no transaction.
    const items = itemsOf(raw);
    const unsigned = (items[0] as Uint8Array[]).slice();
    unsigned[13] = new Uint8Array(0);
    expect(code(() => verify(rebuild([unsigned, ...items.slice(1)])))).toBe('VerificationError:TRANSACTION_SIGNATURE_INVALID');
    // A field element not below the modulus (0xff… in the first element): the spec's assert.
    expect(code(() => verify(edited(raw, 1, (l) => (l[0]!.fill(0xff, 0, 32), l))))).toBe('VerificationError:KZG_INVALID_INPUT');
  });

  it('refuses what it cannot read: truncated, trailing bytes, another type, a bare transaction, sizes', () => {
    const { raw } = blobTransaction([two], 'eip4844');
    expect(code(() => decodeBlobTransactionNetworkForm(raw.subarray(0, raw.length - 1)))).toBe('InputError:INVALID_INPUT');
    expect(code(() => decodeBlobTransactionNetworkForm(concatBytes(raw, Uint8Array.of(0))))).toBe('InputError:INVALID_INPUT');
    expect(code(() => decodeBlobTransactionNetworkForm(concatBytes(Uint8Array.of(2), raw.subarray(1))))).toBe('InputError:INVALID_INPUT');
    expect(code(() => decodeBlobTransactionNetworkForm(new Uint8Array(0)))).toBe('InputError:INVALID_INPUT');
    const items = itemsOf(raw);
    // The block's form: the transaction alone, no blobs.
    expect(() => decodeBlobTransactionNetworkForm(rebuild(items[0] as RlpItem[]))).toThrow(/list of 14 items.*without its blobs/);
    expect(code(() => decodeBlobTransactionNetworkForm(edited(raw, 1, (l) => [l[0]!.subarray(1)])))).toBe('InputError:INVALID_INPUT');
    expect(code(() => decodeBlobTransactionNetworkForm(edited(raw, 2, (l) => [concatBytes(l[0]!, Uint8Array.of(0))])))).toBe('InputError:INVALID_INPUT');
    // A body field the transaction decoder refuses (a 19-byte `to`).
    const body = (items[0] as Uint8Array[]).slice();
    body[5] = body[5]!.subarray(1);
    expect(code(() => decodeBlobTransactionNetworkForm(rebuild([body, ...items.slice(1)])))).toBe('InputError:INVALID_INPUT');
    // A blob transaction with no blob is read, and does not verify.
    const none = [...body];
    none[5] = (items[0] as Uint8Array[])[5]!;
    none[10] = [] as unknown as Uint8Array;
    expect(code(() => verify(rebuild([none, [], [], []])))).toBe('VerificationError:BLOB_COUNT_MISMATCH');
  });
});

describe('blob transaction network form: EIP-7594 (cell proofs)', () => {
  it('reads wrapper version 1 and verifies 128 cell proofs per blob over the computed cells', () => {
    const { raw, hash } = blobTransaction([one], 'eip7594');
    const nf = decodeBlobTransactionNetworkForm(raw);
    expect(nf.form).toBe('eip7594');
    expect(bytesToHex(nf.txHash)).toBe(bytesToHex(hash));
    expect(nf.proofs).toHaveLength(128);
    expect(verifyBlobTransaction(nf)).toMatchObject({ form: 'eip7594', blobs: 1, proofs: 'cell', proofsChecked: 128 });
  });

  it('refuses a wrapper version other than 1, 127 cell proofs, a cell proof of another cell', () => {
    const { raw } = blobTransaction([one], 'eip7594');
    const items = itemsOf(raw);
    expect(() => decodeBlobTransactionNetworkForm(rebuild([items[0]!, Uint8Array.of(2), ...items.slice(2)]))).toThrow(/wrapper_version expected 1/);
    // items: [tx, 1, blobs, commitments, cell_proofs]
    expect(code(() => verify(edited(raw, 4, (l) => l.slice(1))))).toBe('VerificationError:BLOB_COUNT_MISMATCH');
    expect(code(() => verify(edited(raw, 4, (l) => [l[1]!, l[0]!, ...l.slice(2)])))).toBe('VerificationError:BLOB_PROOF_INVALID');
    expect(code(() => verify(edited(raw, 2, (l) => (l[0]!.fill(0xff, 32 * 7, 32 * 8), l))))).toBe('VerificationError:KZG_INVALID_INPUT');
  });
});
