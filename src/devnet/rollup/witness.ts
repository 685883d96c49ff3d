/**
 * The circuit's input JSON for one batch (circuits/SPEC.md, "The circuit's inputs";
 * circuits/rollup.circom `Rollup(D, K)`): the public inputs, then per slot the transaction, its
 * signature, and the two account updates A (`from`, before the slot) and B (`to`, after A), every
 * number a decimal string. Built by applying the batch with the rules of src/l2/vigil-zk/transactions.ts,
 * so a batch the model refuses never becomes a witness. Only the devnet builds witnesses (its
 * sequencer, for its prover): the client verifies proofs and never builds one.
 * @module
 */
import type { RollupState } from '../../l2/vigil-zk/state.ts';
import { DEFAULT_BATCH_SIZE, type QueueRange, type SlotTrace, TX_FIELDS, TX_TYPE, type Transaction, traceBatch, publicInputs, type UpdateTrace } from '../../l2/vigil-zk/transactions.ts';

type Column = string[];

/** snarkjs's input for `Rollup(D, K)`: names as in SPEC, arrays over the K slots. */
export interface CircuitInput {
  oldRoot: string;
  newRoot: string;
  txDataHash: string;
  queueStart: string;
  queueEnd: string;
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
}

export interface Witness {
  /** The circuit's input JSON (JSON.stringify it for snarkjs). */
  readonly input: CircuitInput;
  /** The state after the batch. */
  readonly state: RollupState;
  /** oldRoot, newRoot, txDataHash, queueStart, queueEnd: the proof's public signals. */
  readonly publicInputs: readonly [bigint, bigint, bigint, bigint, bigint];
  /** The K slots as applied (padded with NOOPs). */
  readonly txs: readonly Transaction[];
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
 * The circuit's input for `txs` (1..K, padded with NOOPs) applied to `state`, processing the L1
 * queue entries [queueStart, queueEnd). Signatures are always checked: the circuit needs them.
 * @throws VerificationError naming the rule a slot breaks (as applyBatch); InputError.
 * @example JSON.stringify(buildWitness(state, [signTransaction(secret, tx, 0n)], { queueStart: 3n, queueEnd: 3n }).input)
 */
export function buildWitness(state: RollupState, txs: readonly Transaction[], queue: QueueRange, options: { readonly batchSize?: number } = {}): Witness {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const { state: after, slots } = traceBatch(state, txs, queue, { batchSize, signatures: 'verify' });
  const padded = slots.map((s) => s.tx);
  const pub = publicInputs(state.root, after.root, padded, queue.queueStart, queue.queueEnd, batchSize);
  const col = (f: (s: SlotTrace) => string): Column => slots.map(f);
  const account = (which: 'a' | 'b', i: number): Column => slots.map((s) => accountColumns(s[which])[i]!);
  const input: CircuitInput = {
    oldRoot: dec(pub[0]),
    newRoot: dec(pub[1]),
    txDataHash: dec(pub[2]),
    queueStart: dec(pub[3]),
    queueEnd: dec(pub[4]),
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
  };
  return { input, state: after, publicInputs: pub, txs: padded };
}
