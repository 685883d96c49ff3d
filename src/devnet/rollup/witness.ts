/**
 * The circuit's input JSON for one batch (circuits/SPEC.md, "The circuit's inputs";
 * circuits/rollup.circom `Rollup(D, K)`): the 53 public inputs, then per slot the transaction, its
 * signature, and the two account updates A (`from`, before the slot) and B (`to`, after A), and
 * the blob evaluation's quotient, every number a decimal string. Built by applying the batch with the rules of src/l2/vigil-zk/transactions.ts,
 * so a batch the model refuses never becomes a witness. Only the devnet builds witnesses (its
 * sequencer, for its prover): the client verifies proofs and never builds one.
 * @module
 */
import { BLS_MODULUS } from '../../crypto/kzg.ts';
import { batchElements, type BlobBinding, blobBinding, LIMB_BITS } from '../../l2/vigil-zk/blob.ts';
import { publicInputs } from '../../l2/vigil-zk/inputs.ts';
import type { RollupState } from '../../l2/vigil-zk/state.ts';
import { DEFAULT_BATCH_SIZE, type QueueRange, type SlotTrace, TX_FIELDS, TX_TYPE, type Transaction, traceBatch, txDataHash, type UpdateTrace } from '../../l2/vigil-zk/transactions.ts';

type Column = string[];

/** snarkjs's input for `Rollup(D, K)`: names as in SPEC, arrays over the K slots. */
export interface CircuitInput {
  oldRoot: string;
  newRoot: string;
  txDataHash: string;
  queueStart: string;
  queueEnd: string;
  queueAccStart: string;
  queueAccEnd: string;
  payoutsHash: string;
  /** [7K][3]: each blob element's weight in limbs (all '0' for a calldata batch). */
  weight: Column[];
  y: Column;
  type: Column;
  from: Column;
  to: Column;
  amount: Column;
  owner: Column;
  ax: Column;
  ay: Column;
  sigR8x: Column;
  sigR8y: Column;
  sigS: Column;
  aOwner: Column;
  aAx: Column;
  aAy: Column;
  aBalance: Column;
  aNonce: Column;
  aExists: Column;
  aSiblings: Column[];
  bOwner: Column;
  bAx: Column;
  bAy: Column;
  bBalance: Column;
  bNonce: Column;
  bExists: Column;
  bSiblings: Column[];
  /** (Σ A_e·λ_e − y) / BLS_MODULUS in limbs of 85, 85, 85 and 5 bits. */
  blobQ: Column;
}

export interface Witness {
  /** The circuit's input JSON (JSON.stringify it for snarkjs). */
  readonly input: CircuitInput;
  /** The state after the batch. */
  readonly state: RollupState;
  /** The proof's 53 public signals (src/l2/vigil-zk/inputs.ts). */
  readonly publicInputs: readonly bigint[];
  /** The K slots as applied (padded with NOOPs). */
  readonly txs: readonly Transaction[];
  /** A blob batch's binding (z, the weights, y: the commit's point evaluation is at z), null for a calldata batch. */
  readonly binding: BlobBinding | null;
}

/** Where the batch's data goes: calldata (no binding) or the first blob of the commit, known by its versioned hash. */
export interface WitnessOptions {
  readonly batchSize?: number;
  /** A blob batch: the versioned hash of the blob holding blob.ts batchBlob(txs). */
  readonly blob?: { readonly versionedHash: Uint8Array };
}

const dec = (x: bigint): string => x.toString(10);

function signed(tx: Transaction): boolean {
  return tx.type === TX_TYPE.TRANSFER || tx.type === TX_TYPE.WITHDRAW;
}

/** An update's six account columns: 0 when the update is disabled or the account is empty. */
function accountColumns(u: UpdateTrace): [string, string, string, string, string, string] {
  const acc = u.enabled ? u.account : null;
  if (acc === null) return ['0', '0', '0', '0', '0', '0'];
  return [dec(acc.owner), dec(acc.ax), dec(acc.ay), dec(acc.balance), dec(acc.nonce), '1'];
}

/**
 * The quotient q = (Σ A_e·λ_e − y) / BLS_MODULUS the circuit's blob evaluation needs (A_e the
 * elements as integers below r), in limbs of 85, 85, 85 and 5 bits; 0 when the division is not
 * exact or negative, so a wrong y has no witness (as no q would do).
 */
export function blobQuotient(elements: readonly bigint[], weights: readonly bigint[], y: bigint): [bigint, bigint, bigint, bigint] {
  let sum = 0n;
  elements.forEach((a, e) => (sum += a * weights[e]!));
  const q = sum >= y ? (sum - y) / BLS_MODULUS : 0n;
  const mask = (1n << BigInt(LIMB_BITS)) - 1n;
  return [q & mask, (q >> 85n) & mask, (q >> 170n) & mask, q >> 255n];
}

/**
 * The circuit's input for `txs` (1..K, padded with NOOPs) applied to `state`, processing the L1
 * queue entries [queueStart, queueEnd) whose accumulator before them is `queueAccStart` (the
 * contract's queueAcc[queueStart]); with `options.blob`, bound to the blob holding the batch.
 * Signatures are always checked: the circuit needs them.
 * @throws VerificationError naming the rule a slot breaks (as applyBatch); InputError.
 * @example JSON.stringify(buildWitness(state, [signTransaction(secret, tx, 0n)], { queueStart: 3n, queueEnd: 3n, queueAccStart: acc }).input)
 */
export function buildWitness(state: RollupState, txs: readonly Transaction[], queue: QueueRange & { readonly queueAccStart: bigint }, options: WitnessOptions = {}): Witness {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const { state: after, slots } = traceBatch(state, txs, queue, { batchSize, signatures: 'verify' });
  const padded = slots.map((s) => s.tx);
  const binding = options.blob === undefined ? null : blobBinding(options.blob.versionedHash, txDataHash(padded, batchSize), padded, batchSize);
  const pub = publicInputs({ oldRoot: state.root, newRoot: after.root, txs: padded, queueStart: queue.queueStart, queueEnd: queue.queueEnd, queueAccStart: queue.queueAccStart, binding }, batchSize);
  const limbs = pub.slice(8).map(dec);
  const col = (f: (s: SlotTrace) => string): Column => slots.map(f);
  const account = (which: 'a' | 'b', i: number): Column => slots.map((s) => accountColumns(s[which])[i]!);
  const input: CircuitInput = {
    oldRoot: dec(pub[0]!),
    newRoot: dec(pub[1]!),
    txDataHash: dec(pub[2]!),
    queueStart: dec(pub[3]!),
    queueEnd: dec(pub[4]!),
    queueAccStart: dec(pub[5]!),
    queueAccEnd: dec(pub[6]!),
    payoutsHash: dec(pub[7]!),
    weight: Array.from({ length: limbs.length / 3 - 1 }, (_, e) => limbs.slice(3 * e, 3 * e + 3)),
    y: limbs.slice(-3),
    ...(Object.fromEntries(TX_FIELDS.map((f) => [f, col((s) => dec(s.tx[f]))])) as Pick<CircuitInput, (typeof TX_FIELDS)[number]>),
    sigR8x: col((s) => (signed(s.tx) ? dec(s.tx.signature!.R8x) : '0')),
    sigR8y: col((s) => (signed(s.tx) ? dec(s.tx.signature!.R8y) : '0')),
    sigS: col((s) => (signed(s.tx) ? dec(s.tx.signature!.S) : '0')),
    aOwner: account('a', 0),
    aAx: account('a', 1),
    aAy: account('a', 2),
    aBalance: account('a', 3),
    aNonce: account('a', 4),
    aExists: account('a', 5),
    aSiblings: slots.map((s) => s.a.siblings.map(dec)),
    bOwner: account('b', 0),
    bAx: account('b', 1),
    bAy: account('b', 2),
    bBalance: account('b', 3),
    bNonce: account('b', 4),
    bExists: account('b', 5),
    bSiblings: slots.map((s) => s.b.siblings.map(dec)),
    blobQ: (binding === null ? [0n, 0n, 0n, 0n] : blobQuotient(batchElements(padded, batchSize), binding.weights, binding.y)).map(dec),
  };
  return { input, state: after, publicInputs: pub, txs: padded, binding };
}
