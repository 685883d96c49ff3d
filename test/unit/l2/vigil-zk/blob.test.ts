/**
 * Batches in blobs (src/l2/vigil-zk/blob.ts, circuits/SPEC.md "Batches in blobs"): the layout,
 * reading a batch back from a blob prefix, and the binding's numbers. y = Σ d_e·λ_e is checked
 * against micro-eth-signer's KZG (the devnet's, an independent implementation): its computeProof
 * evaluates the blob's polynomial at z, and its verifyProof accepts that y under the blob's
 * commitment.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBigInt } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { BLS_MODULUS } from '../../../../src/crypto/kzg.ts';
import { FIELD_ORDER } from '../../../../src/crypto/poseidon.ts';
import { devnetKzg } from '../../../../src/devnet/kzg.ts';
import {
  batchBlob,
  batchElements,
  batchFromBlobPrefix,
  bindingInputs,
  blobBinding,
  blobChallenge,
  blobEvaluation,
  blobWeights,
  domainPoint,
  limbs,
  nextQueueAcc,
  payoutsHash,
  payoutsHashOf,
  queueEntryHash,
  slotPayouts,
} from '../../../../src/l2/vigil-zk/blob.ts';
import { poseidon } from '../../../../src/crypto/poseidon.ts';
import { NOOP, transaction, TX_TYPE, txHash } from '../../../../src/l2/vigil-zk/transactions.ts';

const OWNER = 0xa11ce00000000000000000000000000000000001n;
const AX = FIELD_ORDER - 12345n;
const AY = (1n << 253n) + 77n;
const DEPOSIT = transaction({ type: TX_TYPE.DEPOSIT, to: 3n, amount: 10n ** 18n, owner: OWNER, ax: AX, ay: AY });
const WITHDRAW = transaction({ type: TX_TYPE.WITHDRAW, from: 3n, amount: 5n, owner: OWNER });
const FORCED = transaction({ type: TX_TYPE.FORCED_WITHDRAWAL, from: 3n, amount: 999n, owner: OWNER });
const TXS = [DEPOSIT, WITHDRAW];

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof VerificationError ? e.code : (e as Error).name;
  }
  return 'none';
};
const element = (blob: Uint8Array, e: number): bigint => hexToBigInt(bytesToHex(blob.subarray(32 * e, 32 * (e + 1))));

describe('layout', () => {
  it('element 7·s + f is field f of slot s, big-endian; every other element is 0', () => {
    const blob = batchBlob(TXS);
    expect(blob.length).toBe(131_072);
    expect([0, 1, 2, 3, 4, 5, 6].map((f) => element(blob, f))).toEqual([1n, 0n, 3n, 10n ** 18n, OWNER, AX, AY]);
    expect([7, 8, 9, 10, 11, 12, 13].map((f) => element(blob, f))).toEqual([3n, 3n, 0n, 5n, OWNER, 0n, 0n]);
    expect(blob[32 * 3 + 31]).toBe(Number(10n ** 18n & 0xffn));
    expect(blob.subarray(32 * 14).every((b) => b === 0)).toBe(true);
    expect(batchElements([DEPOSIT])).toEqual([1n, 0n, 3n, 10n ** 18n, OWNER, AX, AY, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('reads the batch back from the whole blob and from column 0 (its first 64 elements)', () => {
    const blob = batchBlob(TXS);
    expect(batchFromBlobPrefix(blob)).toEqual(TXS);
    expect(batchFromBlobPrefix(blob.subarray(0, 2048))).toEqual(TXS);
    expect(batchFromBlobPrefix(batchBlob([])).every((t) => JSON.stringify(t, (_, v) => String(v)) === JSON.stringify(NOOP, (_, v) => String(v)))).toBe(true);
  });

  it('takes an element in [r, 2^254) mod r (the circuit reads either representative alike)', () => {
    const blob = batchBlob(TXS);
    const small = 5n;
    const big = small + FIELD_ORDER; // < 2^254
    expect(big < 1n << 254n).toBe(true);
    const spoilt = blob.slice();
    spoilt.set(Uint8Array.from({ length: 32 }, (_, i) => Number((big >> BigInt(8 * (31 - i))) & 0xffn)), 32 * 10);
    expect(batchFromBlobPrefix(spoilt)[1]!.amount).toBe(small);
  });

  it('refuses an element ≥ 2^254, a non-zero element past the batch, and a short prefix', () => {
    const blob = batchBlob(TXS);
    const high = blob.slice();
    high[32 * 4] = 0x40; // 2^254 in element 4
    expect(codeOf(() => batchFromBlobPrefix(high))).toBe('BLOB_BATCH_MALFORMED');
    const tail = blob.slice();
    tail[32 * 63 + 31] = 1;
    expect(codeOf(() => batchFromBlobPrefix(tail.subarray(0, 2048)))).toBe('BLOB_BATCH_MALFORMED');
    expect(codeOf(() => batchFromBlobPrefix(tail))).toBe('BLOB_BATCH_MALFORMED');
    const far = blob.slice();
    far[131_071] = 1;
    expect(codeOf(() => batchFromBlobPrefix(far))).toBe('BLOB_BATCH_MALFORMED');
    expect(() => batchFromBlobPrefix(blob.subarray(0, 32 * 13))).toThrowError(InputError);
    expect(() => batchFromBlobPrefix(blob.subarray(0, 32 * 14 + 1))).toThrowError(InputError);
  });

  it('an element that is not a field element cannot be written', () => {
    expect(() => batchBlob([{ ...DEPOSIT, ax: FIELD_ORDER }])).toThrowError(InputError);
  });
});

describe('the binding against micro-eth-signer’s KZG', () => {
  it('y = Σ d_e·λ_e is the blob polynomial at z: computeProof finds it and verifyProof accepts it', () => {
    const kzg = devnetKzg();
    const blob = batchBlob(TXS);
    const hex = bytesToHex(blob);
    const commitment = kzg.blobToKzgCommitment(hex);
    const versionedHash = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : i));
    const binding = blobBinding(versionedHash, 123n, TXS);
    expect(binding.z).toBe(blobChallenge(versionedHash, 123n));
    const [proof, y] = kzg.computeProof(hex, binding.z);
    expect(hexToBigInt(y)).toBe(binding.y);
    expect(kzg.verifyProof(commitment, binding.z, binding.y, proof)).toBe(true);
    expect(kzg.verifyProof(commitment, binding.z, (binding.y + 1n) % BLS_MODULUS, proof)).toBe(false);
  });

  it('each weight alone is the polynomial of a blob with a single 1 (a Lagrange basis value)', () => {
    const kzg = devnetKzg();
    const z = blobChallenge(new Uint8Array(32).fill(7), 5n);
    const weights = blobWeights(z, 14);
    for (const e of [0, 5, 13]) {
      const blob = new Uint8Array(131_072);
      blob[32 * e + 31] = 1;
      expect(hexToBigInt(kzg.computeProof(bytesToHex(blob), z)[1])).toBe(weights[e]);
    }
  });

  it('the domain is ω^brp(e) with ω a 4096th root of unity: x_1 = −1, x_2 = ω^1024', () => {
    expect(domainPoint(0)).toBe(1n);
    expect(domainPoint(1)).toBe(BLS_MODULUS - 1n);
    expect((domainPoint(2) * domainPoint(2)) % BLS_MODULUS).toBe(BLS_MODULUS - 1n);
    expect(() => domainPoint(4096)).toThrowError(InputError);
  });

  it('z on the domain has no weights (the contract reverts)', () => {
    expect(codeOf(() => blobWeights(domainPoint(9), 14))).toBe('BLOB_CHALLENGE_IN_DOMAIN');
  });

  it('limbs: three of 85 bits, least significant first; a calldata batch’s binding inputs are 45 zeros', () => {
    const v = BLS_MODULUS - 1n;
    const [a, b, c] = limbs(v);
    expect(a + (b << 85n) + (c << 170n)).toBe(v);
    expect(a < 1n << 85n && b < 1n << 85n && c < 1n << 85n).toBe(true);
    expect(bindingInputs(null)).toEqual(new Array(45).fill(0n));
    const binding = blobBinding(new Uint8Array(32), 1n, TXS);
    const inputs = bindingInputs(binding);
    expect(inputs.length).toBe(45);
    expect(inputs.slice(42)).toEqual(limbs(binding.y));
    expect(blobEvaluation(batchElements(TXS), binding.weights)).toBe(binding.y);
  });
});

describe('queue accumulator and payouts', () => {
  it('a FORCED_WITHDRAWAL enters the queue with amount 0; a DEPOSIT as its txHash', () => {
    expect(queueEntryHash(DEPOSIT)).toBe(txHash(DEPOSIT));
    expect(queueEntryHash(FORCED)).toBe(txHash({ ...FORCED, amount: 0n }));
    expect(queueEntryHash(FORCED)).not.toBe(txHash(FORCED));
    expect(nextQueueAcc(0n, DEPOSIT)).toBe(poseidon([0n, txHash(DEPOSIT)]));
  });

  it('payoutsHash chains (owner, amount) of the paying slots and (0, 0) of the others', () => {
    expect(slotPayouts([DEPOSIT, WITHDRAW])).toEqual([
      { owner: 0n, amount: 0n },
      { owner: OWNER, amount: 5n },
    ]);
    expect(payoutsHash([DEPOSIT, WITHDRAW])).toBe(poseidon([poseidon([0n, 0n, 0n]), OWNER, 5n]));
    expect(payoutsHash([FORCED])).toBe(payoutsHashOf([{ owner: OWNER, amount: 999n }, { owner: 0n, amount: 0n }]));
  });
});
