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
 *
 * `commitBatchBlob(uint256 newRoot, uint256 queueEnd, uint256 txDataHash, uint256[2][K] payouts,
 * uint256 y, bytes commitment, bytes kzgProof, uint256[8] proof)` (SPEC "Batches in blobs") has
 * two dynamic `bytes`: its head is 2K + 14 words (the two offsets where the bytes would be), then
 * each bytes' length word and its 48 bytes padded to two words. `payouts` is `uint256[2][K]`: K
 * pairs (owner, amount), word 3 + 2s + i being item i of slot s.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { selector } from './abi.ts';
import { BLS_MODULUS } from '../../crypto/kzg/constants.ts';
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

// ---- commitBatchBlob ------------------------------------------------------------------------------

/** A KZG commitment's and proof's length (a compressed BLS12-381 G1 point). */
const G1_BYTES = 48;

/** One payout of a blob commit: what slot s pays (0, 0 for a slot that pays nothing). */
export interface Payout {
  readonly owner: bigint;
  readonly amount: bigint;
}

/** A decoded `commitBatchBlob` call: what L1 holds of a blob batch besides its blob. */
export interface CommitBatchBlobCall {
  readonly newRoot: bigint;
  readonly queueEnd: bigint;
  readonly txDataHash: bigint;
  /** K payouts in slot order. */
  readonly payouts: readonly Payout[];
  /** The blob's evaluation at the challenge (< BLS_MODULUS). */
  readonly y: bigint;
  /** The blob's KZG commitment (48 bytes): the precompile checks it against blobhash(0). */
  readonly commitment: Uint8Array;
  readonly kzgProof: Uint8Array;
  readonly proof: Groth16ProofJson;
  readonly proofWords: readonly bigint[];
}

/**
 * The blob commit's signature for K slots.
 * @example commitBatchBlobSignature(2) // 'commitBatchBlob(uint256,uint256,uint256,uint256[2][2],uint256,bytes,bytes,uint256[8])'
 */
export function commitBatchBlobSignature(batchSize: number = DEFAULT_BATCH_SIZE): string {
  commitBatchSignature(batchSize); // checks batchSize
  return `commitBatchBlob(uint256,uint256,uint256,uint256[2][${batchSize}],uint256,bytes,bytes,uint256[8])`;
}

/** The blob commit's 4-byte selector. */
export function commitBatchBlobSelector(batchSize: number = DEFAULT_BATCH_SIZE): Uint8Array {
  return selector(commitBatchBlobSignature(batchSize));
}

/** Head words of commitBatchBlob: newRoot, queueEnd, txDataHash, 2K payout words, y, two offsets, 8 proof words. */
const blobHeadWords = (batchSize: number): number => 2 * batchSize + 14;

/**
 * Decodes `commitBatchBlob` calldata (bytes or 0x-hex) for K slots. The two \`bytes\` are read
 * where their offsets point, as Solidity's decoder reads them (an encoder other than Solidity's may
 * place them elsewhere; the contract accepts that too), and must be 48 bytes each.
 * @throws InputError (not this function's calldata: selector, an offset or length outside the
 *   data, a \`bytes\` not 48 long), VerificationError `L2_FIELD_OUT_OF_RANGE` (newRoot, queueEnd,
 *   txDataHash or a payout ≥ r, y ≥ BLS_MODULUS: the contract refuses those).
 */
export function decodeCommitBatchBlob(calldata: Uint8Array | string, batchSize: number = DEFAULT_BATCH_SIZE): CommitBatchBlobCall {
  const data = typeof calldata === 'string' ? hexToBytes(calldata, undefined, 'calldata') : calldata;
  if (!(data instanceof Uint8Array)) throw new InputError('"calldata" expected bytes or 0x-hex');
  const sel = commitBatchBlobSelector(batchSize);
  const head = blobHeadWords(batchSize);
  if (data.length < 4 + WORD * head) throw new InputError(`"calldata" expected at least ${4 + WORD * head} bytes of ${commitBatchBlobSignature(batchSize)}, got ${data.length}`);
  if (bytesToHex(data.subarray(0, 4)) !== bytesToHex(sel)) {
    throw new InputError(`"calldata" is not a commitBatchBlob call: expected selector ${bytesToHex(sel)}, got ${bytesToHex(data.subarray(0, 4))}`);
  }
  const args = data.subarray(4);
  const wordAt = (byte: number): bigint => bytesToBigInt(args.subarray(byte, byte + WORD));
  const word = (i: number): bigint => wordAt(WORD * i);
  const below = (i: number, limit: bigint, title: string, bound: string): bigint => {
    const v = word(i);
    if (v >= limit) throw new VerificationError('L2_FIELD_OUT_OF_RANGE', `"${title}" in the calldata is not below ${bound}`, { expected: `< ${bound}`, got: v.toString() });
    return v;
  };
  const field = (i: number, title: string) => below(i, FIELD_ORDER, title, 'r');
  const g1 = (i: number, title: string): Uint8Array => {
    const offset = word(i);
    if (offset > BigInt(args.length - WORD)) throw new InputError(`"${title}" offset ${offset} is outside the calldata`);
    const at = Number(offset);
    const length = wordAt(at);
    if (length !== BigInt(G1_BYTES)) throw new InputError(`"${title}" expected ${G1_BYTES} bytes, got ${length}`);
    if (at + WORD + G1_BYTES > args.length) throw new InputError(`"${title}" runs past the calldata`);
    return args.slice(at + WORD, at + WORD + G1_BYTES);
  };
  const payouts: Payout[] = [];
  for (let s = 0; s < batchSize; s++) payouts.push({ owner: field(3 + 2 * s, `payouts[${s}][0]`), amount: field(4 + 2 * s, `payouts[${s}][1]`) });
  const base = 3 + 2 * batchSize;
  const proofWords = Array.from({ length: 8 }, (_, i) => word(base + 3 + i));
  return {
    newRoot: field(0, 'newRoot'),
    queueEnd: field(1, 'queueEnd'),
    txDataHash: field(2, 'txDataHash'),
    payouts,
    y: below(base, BLS_MODULUS, 'y', 'BLS_MODULUS'),
    commitment: g1(base + 1, 'commitment'),
    kzgProof: g1(base + 2, 'kzgProof'),
    proof: wordsToProof(proofWords),
    proofWords,
  };
}

/**
 * Encodes a \`commitBatchBlob\` call as Solidity does (the bytes after the head, commitment first);
 * \`payouts\` exactly K (0, 0 for a slot that pays nothing), \`proof\` snarkjs's proof JSON.
 */
export function encodeCommitBatchBlob(
  call: Omit<CommitBatchBlobCall, 'proof' | 'proofWords'> & { readonly proof: unknown },
  batchSize: number = DEFAULT_BATCH_SIZE,
): Uint8Array {
  if (!Array.isArray(call.payouts) || call.payouts.length !== batchSize) throw new InputError(`"payouts" expected exactly ${batchSize} pairs, got ${Array.isArray(call.payouts) ? call.payouts.length : typeof call.payouts}`);
  for (const [title, b] of [['commitment', call.commitment], ['kzgProof', call.kzgProof]] as const) {
    if (!(b instanceof Uint8Array) || b.length !== G1_BYTES) throw new InputError(`"${title}" expected ${G1_BYTES} bytes`);
  }
  const head = blobHeadWords(batchSize);
  const tail = (b: Uint8Array): bigint[] => [BigInt(G1_BYTES), bytesToBigInt(b.subarray(0, WORD)), bytesToBigInt(b.subarray(WORD)) << BigInt(8 * (2 * WORD - G1_BYTES))];
  const words: bigint[] = [call.newRoot, call.queueEnd, call.txDataHash, ...call.payouts.flatMap((p) => [p.owner, p.amount]), call.y];
  words.push(BigInt(WORD * head), BigInt(WORD * (head + 3)), ...proofToWords(call.proof), ...tail(call.commitment), ...tail(call.kzgProof));
  return concatBytes(commitBatchBlobSelector(batchSize), ...words.map((w, i) => {
    if (typeof w !== 'bigint' || w < 0n || w >= 1n << 256n) throw new InputError(`calldata word ${i} expected a uint256, got ${String(w)}`);
    return bigIntToBytesPadded(w, WORD);
  }));
}
