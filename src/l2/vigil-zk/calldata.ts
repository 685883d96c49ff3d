/**
 * `commitBatch(uint256[K][7] txs, uint256 newRoot, uint256 queueEnd, uint256[8] proof)` calldata
 * (circuits/SPEC.md, "The L1 contract"): the batch's data as L1 holds it, decoded with a small
 * strict ABI reader for this one fixed layout (every parameter is static, so the calldata is the
 * selector and 7K + 10 words, nothing else).
 *
 * - `txs` is Solidity's `uint256[K][7]`: seven arrays (one per field, in SPEC's order type, from,
 *   to, amount, owner, ax, ay) of K values (one per slot), so word f·K + s is field f of slot s.
 * - `proof` is snarkjs's `exportSolidityCallData` flattened: pA[0], pA[1], pB[0][0], pB[0][1],
 *   pB[1][0], pB[1][1], pC[0], pC[1], where each pB pair is the proof's G2 coordinate in the
 *   order EIP-197 takes it (c1, c0): snarkjs writes `[[pi_b[0][1], pi_b[0][0]], [pi_b[1][1], pi_b[1][0]]]`.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { selector } from './abi.ts';
import { FIELD_ORDER } from '../../crypto/poseidon.ts';
import { readG1, readG2 } from '../../zk/format.ts';
import { DEFAULT_BATCH_SIZE, TX_FIELDS, type Transaction, txFromFields } from './transactions.ts';

/** A Groth16 proof in snarkjs's `proof.json` shape (affine points, z = 1). */
export interface Groth16ProofJson {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: 'groth16';
  curve: 'bn128';
}

/** A decoded `commitBatch` call. */
export interface CommitBatchCall {
  /** The K slots, in slot order (no signatures: L1 does not hold them). */
  readonly txs: Transaction[];
  readonly newRoot: bigint;
  readonly queueEnd: bigint;
  /** The proof as snarkjs writes it (pB's coordinates swapped back). */
  readonly proof: Groth16ProofJson;
  /** The eight proof words as they are in the calldata. */
  readonly proofWords: readonly bigint[];
}

const WORD = 32;

/**
 * The function's signature for K slots.
 * @example commitBatchSignature(2) // 'commitBatch(uint256[2][7],uint256,uint256,uint256[8])'
 */
export function commitBatchSignature(batchSize: number = DEFAULT_BATCH_SIZE): string {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1024) {
    throw new InputError(`"batchSize" expected an integer from 1 to 1024, got ${String(batchSize)}`);
  }
  return `commitBatch(uint256[${batchSize}][7],uint256,uint256,uint256[8])`;
}

/** The 4-byte selector: keccak256 of the signature, first 4 bytes. */
export function commitBatchSelector(batchSize: number = DEFAULT_BATCH_SIZE): Uint8Array {
  return selector(commitBatchSignature(batchSize));
}

/** Calldata length for K slots: selector + (7K + 10) words. */
export function commitBatchLength(batchSize: number = DEFAULT_BATCH_SIZE): number {
  return 4 + WORD * (7 * batchSize + 10);
}

/** The proof's eight calldata words from snarkjs's proof JSON (affine points only). */
export function proofToWords(proof: unknown): bigint[] {
  if (typeof proof !== 'object' || proof === null) throw new InputError('"proof" expected a snarkjs Groth16 proof object');
  const p = proof as Record<string, unknown>;
  const a = readG1(p.pi_a, 'proof.pi_a');
  const b = readG2(p.pi_b, 'proof.pi_b');
  const c = readG1(p.pi_c, 'proof.pi_c');
  if (a[2] !== 1n || c[2] !== 1n || b[2][0] !== 1n || b[2][1] !== 0n) {
    throw new InputError('"proof" expected affine points (z = 1): the calldata holds x and y only');
  }
  return [a[0], a[1], b[0][1], b[0][0], b[1][1], b[1][0], c[0], c[1]];
}

/** snarkjs's proof JSON from the eight calldata words. */
export function wordsToProof(words: readonly bigint[]): Groth16ProofJson {
  if (!Array.isArray(words) || words.length !== 8) throw new InputError(`"proofWords" expected 8 words, got ${Array.isArray(words) ? words.length : typeof words}`);
  const d = (i: number): string => words[i]!.toString(10);
  return {
    pi_a: [d(0), d(1), '1'],
    pi_b: [
      [d(3), d(2)],
      [d(5), d(4)],
      ['1', '0'],
    ],
    pi_c: [d(6), d(7), '1'],
    protocol: 'groth16',
    curve: 'bn128',
  };
}

/**
 * Decodes `commitBatch` calldata (bytes or 0x-hex) for K slots.
 * @throws InputError (not this function's calldata: wrong selector or length, or not bytes),
 *   VerificationError `L2_FIELD_OUT_OF_RANGE` (a transaction field, newRoot or queueEnd ≥ r:
 *   the contract refuses those, the circuit could not see them).
 * @example decodeCommitBatch(tx.input).txs[0].type // 1n
 */
export function decodeCommitBatch(calldata: Uint8Array | string, batchSize: number = DEFAULT_BATCH_SIZE): CommitBatchCall {
  const data = typeof calldata === 'string' ? hexToBytes(calldata, undefined, 'calldata') : calldata;
  if (!(data instanceof Uint8Array)) throw new InputError('"calldata" expected bytes or 0x-hex');
  const length = commitBatchLength(batchSize);
  if (data.length !== length) {
    throw new InputError(`"calldata" expected ${length} bytes of commitBatch(uint256[${batchSize}][7],uint256,uint256,uint256[8]), got ${data.length}`);
  }
  const selector = commitBatchSelector(batchSize);
  if (bytesToHex(data.subarray(0, 4)) !== bytesToHex(selector)) {
    throw new InputError(`"calldata" is not a commitBatch call: expected selector ${bytesToHex(selector)}, got ${bytesToHex(data.subarray(0, 4))}`);
  }
  const word = (i: number): bigint => bytesToBigInt(data.subarray(4 + WORD * i, 4 + WORD * (i + 1)));
  const field = (i: number, title: string): bigint => {
    const v = word(i);
    if (v >= FIELD_ORDER) throw new VerificationError('L2_FIELD_OUT_OF_RANGE', `"${title}" in the calldata is not a field element`, { expected: '< r', got: v.toString() });
    return v;
  };
  const txs: Transaction[] = [];
  for (let s = 0; s < batchSize; s++) {
    txs.push(txFromFields(TX_FIELDS.map((f, fi) => field(fi * batchSize + s, `txs[${fi}][${s}] (${f} of slot ${s})`))));
  }
  const base = 7 * batchSize;
  const proofWords = Array.from({ length: 8 }, (_, i) => word(base + 2 + i));
  return { txs, newRoot: field(base, 'newRoot'), queueEnd: field(base + 1, 'queueEnd'), proof: wordsToProof(proofWords), proofWords };
}

/**
 * Encodes a `commitBatch` call (the sequencer's side of decodeCommitBatch): `txs` are padded
 * with NOOPs by the caller to exactly K; `proof` is snarkjs's proof JSON.
 */
export function encodeCommitBatch(
  call: { readonly txs: readonly Transaction[]; readonly newRoot: bigint; readonly queueEnd: bigint; readonly proof: unknown },
  batchSize: number = DEFAULT_BATCH_SIZE,
): Uint8Array {
  if (call.txs.length !== batchSize) throw new InputError(`"txs" expected exactly ${batchSize} slots, got ${call.txs.length}`);
  const words: bigint[] = [];
  for (const f of TX_FIELDS) for (const tx of call.txs) words.push(tx[f]);
  words.push(call.newRoot, call.queueEnd, ...proofToWords(call.proof));
  return concatBytes(commitBatchSelector(batchSize), ...words.map((w, i) => {
    if (typeof w !== 'bigint' || w < 0n || w >= 1n << 256n) throw new InputError(`calldata word ${i} expected a uint256, got ${String(w)}`);
    return bigIntToBytesPadded(w, WORD);
  }));
}
