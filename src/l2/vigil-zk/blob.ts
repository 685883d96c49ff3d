/**
 * Batches in blobs (circuits/SPEC.md "Batches in blobs"): where a batch's slots sit in its blob,
 * and the numbers that bind the blob to the data the validity proof is about. L1 cannot read a
 * blob, so the commit proves one evaluation of the blob's polynomial with the point-evaluation
 * precompile (EIP-4844, 0x0a) at z = keccak256(versionedHash ‖ txDataHash) mod BLS_MODULUS, and
 * the circuit proves that the slots it hashed into txDataHash evaluate to the same y at z. z is
 * fixed only after both the blob (its versioned hash) and the data (txDataHash) are, so a blob
 * other than the batch's data matches with probability about 4096 / 2^255.
 *
 * The batch occupies the blob's first 7·K elements (slot-major, SPEC's field order); every other
 * element is 0, so y = Σ d_e·λ_e with λ_e the barycentric weights of the first elements' domain
 * points: the contract computes the weights, the circuit only a weighted sum (mod BLS_MODULUS,
 * in 85-bit limbs).
 *
 * Pure; shared by the devnet (sequencer, prover, contract tests) and the client (rebuild, proof
 * check).
 * @module
 */
import { bytesToBigInt, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { BLS_MODULUS } from '../../crypto/kzg/constants.ts';
import { frInv, frMod, frPow, PRIMITIVE_ROOT_OF_UNITY, reverseBits } from '../../crypto/kzg/field.ts';
import { FIELD_ORDER, poseidon } from '../../crypto/poseidon.ts';
import { DEFAULT_BATCH_SIZE, padBatch, type Transaction, TX_FIELDS, TX_TYPE, txFromFields, txHash } from './transactions.ts';

/** EIP-4844: field elements of a blob, 32 bytes each. */
export const BLOB_FIELD_ELEMENTS = 4096;
const BYTES_PER_ELEMENT = 32;
/** The limbs public inputs carry numbers mod BLS_MODULUS in: three of 85 bits, least significant first. */
export const LIMB_BITS = 85;
const LIMB_MASK = (1n << 85n) - 1n;
/** A blob element the batch reads is below this (the circuit's limbs cover 254 bits). */
export const ELEMENT_LIMIT = 1n << 254n;

/** ω: the 4096th root of unity of the deneb spec (PRIMITIVE_ROOT_OF_UNITY 7). */
const OMEGA = /* @__PURE__ */ frPow(PRIMITIVE_ROOT_OF_UNITY, (BLS_MODULUS - 1n) / BigInt(BLOB_FIELD_ELEMENTS));

/** Blob elements the batch fills: 7 per slot. */
export const blobElementCount = (batchSize: number = DEFAULT_BATCH_SIZE): number => TX_FIELDS.length * batchSize;

/** x_e: the domain point blob element `e` is the evaluation at (ω^brp(e), the spec's bit-reversed order). */
export function domainPoint(e: number): bigint {
  if (!Number.isInteger(e) || e < 0 || e >= BLOB_FIELD_ELEMENTS) throw new InputError(`"e" expected an element index below ${BLOB_FIELD_ELEMENTS}, got ${e}`);
  return frPow(OMEGA, BigInt(reverseBits(e, BLOB_FIELD_ELEMENTS)));
}

/** The batch's slots as blob elements: element 7·s + f is field f (type, from, to, amount, owner, ax, ay) of slot s. */
export function batchElements(txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): bigint[] {
  return padBatch(txs, batchSize).flatMap((tx) => TX_FIELDS.map((f) => tx[f]));
}

/** The batch's blob (131,072 bytes): its elements big-endian, the rest zero. */
export function batchBlob(txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): Uint8Array {
  const blob = new Uint8Array(BLOB_FIELD_ELEMENTS * BYTES_PER_ELEMENT);
  batchElements(txs, batchSize).forEach((v, e) => {
    if (v < 0n || v >= FIELD_ORDER) throw new InputError(`slot field ${e} is not a field element`);
    for (let i = 0, x = v; i < BYTES_PER_ELEMENT; i++, x >>= 8n) blob[e * BYTES_PER_ELEMENT + BYTES_PER_ELEMENT - 1 - i] = Number(x & 0xffn);
  });
  return blob;
}

/**
 * The batch read back from the start of its blob: the whole blob, or column 0's cell (its first
 * 64 elements: EIP-7594's extension keeps the blob in its first half). Each element is taken mod
 * r (BN254); the elements after the batch's must be 0 in what is given.
 * @throws InputError when fewer than 7·K elements are given; VerificationError BLOB_BATCH_MALFORMED
 *   on an element ≥ 2^254 or a non-zero element after the batch's (no committed batch has one)
 */
export function batchFromBlobPrefix(prefix: Uint8Array, batchSize: number = DEFAULT_BATCH_SIZE): Transaction[] {
  const count = blobElementCount(batchSize);
  if (!(prefix instanceof Uint8Array) || prefix.length % BYTES_PER_ELEMENT !== 0 || prefix.length < count * BYTES_PER_ELEMENT) {
    throw new InputError(`a batch of ${batchSize} slots needs the blob's first ${count} elements (${count * BYTES_PER_ELEMENT} bytes)`);
  }
  const elements: bigint[] = [];
  for (let e = 0; e * BYTES_PER_ELEMENT < prefix.length; e++) {
    const v = bytesToBigInt(prefix.subarray(e * BYTES_PER_ELEMENT, (e + 1) * BYTES_PER_ELEMENT));
    if (e < count) {
      if (v >= ELEMENT_LIMIT) throw new VerificationError('BLOB_BATCH_MALFORMED', `blob element ${e} is not below 2^254`);
      elements.push(v % FIELD_ORDER);
    } else if (v !== 0n) {
      throw new VerificationError('BLOB_BATCH_MALFORMED', `blob element ${e} after the batch's ${count} is not zero`);
    }
  }
  const txs: Transaction[] = [];
  for (let s = 0; s < batchSize; s++) txs.push(txFromFields(elements.slice(s * TX_FIELDS.length, (s + 1) * TX_FIELDS.length)));
  return txs;
}

/** z = keccak256(versionedHash ‖ txDataHash as 32 bytes) mod BLS_MODULUS. */
export function blobChallenge(versionedHash: Uint8Array, txDataHash: bigint): bigint {
  if (!(versionedHash instanceof Uint8Array) || versionedHash.length !== 32) throw new InputError('"versionedHash" expected 32 bytes');
  if (txDataHash < 0n || txDataHash >= FIELD_ORDER) throw new InputError('"txDataHash" expected a field element');
  const buf = new Uint8Array(64);
  buf.set(versionedHash, 0);
  for (let i = 0, x = txDataHash; i < 32; i++, x >>= 8n) buf[63 - i] = Number(x & 0xffn);
  return bytesToBigInt(keccak256(buf)) % BLS_MODULUS;
}

/**
 * λ_e for e < count: x_e·(z^4096 − 1) / (4096·(z − x_e)) mod BLS_MODULUS, so that a blob whose
 * elements past `count` are 0 evaluates at z to Σ d_e·λ_e.
 * @throws VerificationError BLOB_CHALLENGE_IN_DOMAIN when z is a domain point (the contract reverts)
 */
export function blobWeights(z: bigint, count: number): bigint[] {
  if (z < 0n || z >= BLS_MODULUS) throw new InputError('"z" expected a number below BLS_MODULUS');
  const factor = frMod(frPow(z, BigInt(BLOB_FIELD_ELEMENTS)) - 1n) * frInv(BigInt(BLOB_FIELD_ELEMENTS)) % BLS_MODULUS;
  const out: bigint[] = [];
  for (let e = 0; e < count; e++) {
    const x = domainPoint(e);
    if (x === z) throw new VerificationError('BLOB_CHALLENGE_IN_DOMAIN', `the challenge is domain point ${e}`);
    out.push((x * factor % BLS_MODULUS) * frInv(frMod(z - x)) % BLS_MODULUS);
  }
  return out;
}

/** y = Σ elements[e]·weights[e] mod BLS_MODULUS: the blob's polynomial at z. */
export function blobEvaluation(elements: readonly bigint[], weights: readonly bigint[]): bigint {
  if (elements.length !== weights.length) throw new InputError(`${elements.length} elements and ${weights.length} weights`);
  let y = 0n;
  elements.forEach((d, e) => {
    y = (y + d * weights[e]!) % BLS_MODULUS;
  });
  return y;
}

/** A number below 2^255 as three 85-bit limbs, least significant first. */
export function limbs(v: bigint): [bigint, bigint, bigint] {
  if (v < 0n || v >= 1n << 255n) throw new InputError('"v" expected a number below 2^255');
  return [v & LIMB_MASK, (v >> 85n) & LIMB_MASK, v >> 170n];
}

/** What a blob batch's commit adds to the proof's public inputs: the weights' and y's limbs (SPEC's inputs 9–53). */
export interface BlobBinding {
  z: bigint;
  weights: bigint[];
  y: bigint;
}

/**
 * The binding of a batch's blob: z from the blob's versioned hash and the batch's txDataHash,
 * the weights at z, and y for the batch's elements.
 */
export function blobBinding(versionedHash: Uint8Array, txDataHash: bigint, txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): BlobBinding {
  const z = blobChallenge(versionedHash, txDataHash);
  const weights = blobWeights(z, blobElementCount(batchSize));
  return { z, weights, y: blobEvaluation(batchElements(txs, batchSize), weights) };
}

/** The binding's public inputs: each weight's three limbs in element order, then y's; a calldata batch's are all 0. */
export function bindingInputs(binding: BlobBinding | null, batchSize: number = DEFAULT_BATCH_SIZE): bigint[] {
  const count = blobElementCount(batchSize);
  if (binding === null) return new Array<bigint>(3 * count + 3).fill(0n);
  if (binding.weights.length !== count) throw new InputError(`${count} weights expected, got ${binding.weights.length}`);
  return [...binding.weights.flatMap(limbs), ...limbs(binding.y)];
}

/**
 * A queue entry's hash (SPEC "Batches in blobs"): the queued transaction's txHash with amount 0
 * for a FORCED_WITHDRAWAL (its amount is only known on L2).
 */
export function queueEntryHash(tx: Transaction): bigint {
  return txHash(tx.type === TX_TYPE.FORCED_WITHDRAWAL ? { ...tx, amount: 0n } : tx);
}

/** queueAcc[n+1] = Poseidon(queueAcc[n], queueEntryHash(entry n)); queueAcc[0] = 0. */
export const nextQueueAcc = (acc: bigint, tx: Transaction): bigint => poseidon([acc, queueEntryHash(tx)]);

/** What each slot pays (commitBatchBlob's `payouts`): (owner, amount) of a WITHDRAW or FORCED_WITHDRAWAL, (0, 0) for any other slot. */
export function slotPayouts(txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): { owner: bigint; amount: bigint }[] {
  return padBatch(txs, batchSize).map((tx) => {
    const pays = tx.type === TX_TYPE.WITHDRAW || tx.type === TX_TYPE.FORCED_WITHDRAWAL;
    return { owner: pays ? tx.owner : 0n, amount: pays ? tx.amount : 0n };
  });
}

/** payoutsHash of the K payouts: p0 = 0, p(s+1) = Poseidon(p(s), owner, amount) (as the contract hashes commitBatchBlob's). */
export function payoutsHashOf(payouts: readonly { readonly owner: bigint; readonly amount: bigint }[]): bigint {
  let p = 0n;
  for (const { owner, amount } of payouts) p = poseidon([p, owner, amount]);
  return p;
}

/** payoutsHash: p0 = 0, p(s+1) = Poseidon(p(s), owner, amount) of slot s when it pays (WITHDRAW, FORCED_WITHDRAWAL), else Poseidon(p(s), 0, 0). */
export const payoutsHash = (txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): bigint => payoutsHashOf(slotPayouts(txs, batchSize));

/** The 0x-hex of an element index's domain point (the contract's constants, for its tests and SPEC). */
export const domainPointHex = (e: number): string => bytesToHex(Uint8Array.from({ length: 32 }, (_, i) => Number((domainPoint(e) >> BigInt(8 * (31 - i))) & 0xffn)));
