/**
 * `vigil-zk-v1` transactions and their rules (circuits/SPEC.md, "Transactions", "Public
 * inputs"): the one model of what a batch does, shared by the client (rebuilding the state from
 * L1, checking proofs' public inputs), the devnet's sequencer and the circuit's witness builder
 * (src/devnet/rollup/witness.ts).
 *
 * Each rule of SPEC is checked in its order; a transaction breaking one throws a
 * VerificationError whose code names the rule (L2_SELF_TRANSFER, L2_INSUFFICIENT_BALANCE, …)
 * and whose message names the slot. The state passed in is never changed.
 *
 * Signatures are checked (`signatures: 'verify'`, the default) by the sequencer and the witness
 * builder. Batches read back from L1 calldata carry none: their validity proof vouches for them,
 * so rebuilding passes `signatures: 'proven'` and every other rule is still checked.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import { InputError, type VerificationCode, VerificationError } from '../../core/errors.ts';
import { type EdDSASignature, signPoseidon, verifyPoseidon } from '../../crypto/babyjub.ts';
import { afield, FIELD_ORDER, poseidon } from '../../crypto/poseidon.ts';
import type { RollupState } from './state.ts';
import { type Account, BALANCE_LIMIT, NONCE_LIMIT, OWNER_LIMIT } from './tree.ts';

/** Transaction types (SPEC's table). */
export const TX_TYPE = { NOOP: 0n, DEPOSIT: 1n, TRANSFER: 2n, WITHDRAW: 3n, FORCED_WITHDRAWAL: 4n } as const;
export type TxTypeName = keyof typeof TX_TYPE;
const TYPE_NAMES: readonly TxTypeName[] = ['NOOP', 'DEPOSIT', 'TRANSFER', 'WITHDRAW', 'FORCED_WITHDRAWAL'];

/** A slot's fields in SPEC's order: the order of the calldata's `txs` and of txDataHash. */
export const TX_FIELDS = ['type', 'from', 'to', 'amount', 'owner', 'ax', 'ay'] as const;
export type TxField = (typeof TX_FIELDS)[number];

/** Transactions per batch in `vigil-zk-v1` (K). */
export const DEFAULT_BATCH_SIZE = 2;

/**
 * One slot of a batch: seven field elements (unused ones 0), and for TRANSFER and WITHDRAW the
 * signature by the `from` account's key (absent in transactions read from L1 calldata).
 */
export type Transaction = { readonly [F in TxField]: bigint } & { readonly signature?: EdDSASignature };

/** The L1 queue's range a batch processes: entries [queueStart, queueEnd). */
export interface QueueRange {
  readonly queueStart: bigint;
  readonly queueEnd: bigint;
}

export interface ApplyOptions {
  /** 'verify' (default): TRANSFER and WITHDRAW need a valid signature. 'proven': a validity proof L1 accepted vouches for them. */
  readonly signatures?: 'verify' | 'proven';
}

export interface BatchOptions extends ApplyOptions {
  /** K: slots per batch (default 2); shorter batches are padded with NOOPs. */
  readonly batchSize?: number;
}

/** One account update of a slot as the circuit sees it (SPEC "The circuit's inputs"). */
export interface UpdateTrace {
  /** Whether the slot updates this account (A: TRANSFER, WITHDRAW, FORCED_WITHDRAWAL; B: DEPOSIT, TRANSFER). */
  readonly enabled: boolean;
  /** `from` for A, `to` for B (0 when the type leaves that field unused). */
  readonly index: number;
  /** The account before this update (A: before the slot; B: after update A); null when empty or disabled. */
  readonly account: Account | null;
  /** The path's siblings in that same state. */
  readonly siblings: readonly bigint[];
}

/** What one slot did: the transaction, its two updates, and the roots around it. */
export interface SlotTrace {
  readonly tx: Transaction;
  readonly a: UpdateTrace;
  readonly b: UpdateTrace;
  readonly rootBefore: bigint;
  readonly rootAfter: bigint;
}

const ZERO_TX: Transaction = Object.freeze({ type: 0n, from: 0n, to: 0n, amount: 0n, owner: 0n, ax: 0n, ay: 0n });

/**
 * A transaction with the given fields and every other field 0.
 * @example transaction({ type: TX_TYPE.TRANSFER, from: 0n, to: 1n, amount: 5n })
 */
export function transaction(fields: Partial<Transaction> & { readonly type: bigint }): Transaction {
  return { ...ZERO_TX, ...fields };
}

/** The NOOP: every field 0. */
export const NOOP: Transaction = ZERO_TX;

/** DEPOSIT and FORCED_WITHDRAWAL come from the L1 queue. */
export function isQueueType(type: bigint): boolean {
  return type === TX_TYPE.DEPOSIT || type === TX_TYPE.FORCED_WITHDRAWAL;
}

function typeName(type: bigint): string {
  return type >= 0n && type < BigInt(TYPE_NAMES.length) ? TYPE_NAMES[Number(type)]! : `type ${type}`;
}

/**
 * The message a TRANSFER or WITHDRAW signs: Poseidon(type, from, to, amount, nonce), with the
 * `from` account's nonce before the transaction (WITHDRAW's `to` is 0).
 * @example txMessage(transaction({ type: TX_TYPE.WITHDRAW, from: 3n, amount: 10n, owner }), 0n)
 */
export function txMessage(tx: Transaction, nonce: bigint): bigint {
  return poseidon([afield(tx.type, 'tx.type'), afield(tx.from, 'tx.from'), afield(tx.to, 'tx.to'), afield(tx.amount, 'tx.amount'), afield(nonce, 'nonce')]);
}

/**
 * `tx` signed with the 32-byte L2 secret of its `from` account, whose nonce is `nonce`.
 * @example signTransaction(secret, transaction({ type: TX_TYPE.TRANSFER, from: 0n, to: 1n, amount: 5n }), 0n)
 */
export function signTransaction(secret: Uint8Array, tx: Transaction, nonce: bigint): Transaction {
  return { ...stripSignature(tx), signature: signPoseidon(secret, txMessage(tx, nonce)) };
}

function stripSignature(tx: Transaction): Transaction {
  return { type: tx.type, from: tx.from, to: tx.to, amount: tx.amount, owner: tx.owner, ax: tx.ax, ay: tx.ay };
}

/**
 * A transaction from its seven fields in SPEC's order (type, from, to, amount, owner, ax, ay).
 * @example txFromFields([1n, 0n, 3n, 100n, owner, ax, ay])
 */
export function txFromFields(values: readonly bigint[]): Transaction {
  if (!Array.isArray(values) || values.length !== TX_FIELDS.length) {
    throw new InputError(`"values" expected ${TX_FIELDS.length} fields, got ${Array.isArray(values) ? values.length : typeof values}`);
  }
  const [type, from, to, amount, owner, ax, ay] = values as [bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  return { type, from, to, amount, owner, ax, ay };
}

/** A slot's hash in txDataHash: Poseidon(type, from, to, amount, Poseidon(owner, ax, ay)). */
export function txHash(tx: Transaction): bigint {
  checkFieldElements(tx, 'tx');
  return poseidon([tx.type, tx.from, tx.to, tx.amount, poseidon([tx.owner, tx.ax, tx.ay])]);
}

/** `txs` padded with NOOPs to `batchSize` slots (InputError when there are more). */
export function padBatch(txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): Transaction[] {
  abatchSize(batchSize);
  if (!Array.isArray(txs)) throw new InputError('"txs" expected an array of transactions');
  if (txs.length > batchSize) throw new InputError(`"txs" expected at most ${batchSize} transactions, got ${txs.length}`);
  return [...txs, ...Array.from({ length: batchSize - txs.length }, () => NOOP)];
}

function abatchSize(batchSize: unknown): number {
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1024) {
    throw new InputError(`"batchSize" expected an integer from 1 to 1024, got ${String(batchSize)}`);
  }
  return batchSize;
}

/**
 * txDataHash (SPEC "Public inputs"): h0 = 0, h(i+1) = Poseidon(h(i), txHash(slot i)) over the K
 * slots (NOOPs included), the batch padded to K.
 * @example txDataHash([depositTx]) // h2, with a NOOP in slot 1
 */
export function txDataHash(txs: readonly Transaction[], batchSize: number = DEFAULT_BATCH_SIZE): bigint {
  let h = 0n;
  for (const tx of padBatch(txs, batchSize)) h = poseidon([h, txHash(tx)]);
  return h;
}

/** What the L1 contract pays for a batch: each WITHDRAW's and FORCED_WITHDRAWAL's `amount` to its `owner`. */
export function payouts(txs: readonly Transaction[]): { slot: number; owner: bigint; amount: bigint }[] {
  const out: { slot: number; owner: bigint; amount: bigint }[] = [];
  txs.forEach((tx, slot) => {
    if (tx.type === TX_TYPE.WITHDRAW || tx.type === TX_TYPE.FORCED_WITHDRAWAL) out.push({ slot, owner: tx.owner, amount: tx.amount });
  });
  return out;
}

/**
 * The amount a FORCED_WITHDRAWAL of `from` queued by `owner` must carry: the account's whole
 * balance when it exists and `owner` is its owner, 0 otherwise (an index outside the tree too).
 */
export function forcedWithdrawalAmount(state: RollupState, from: bigint, owner: bigint): bigint {
  if (from < 0n || from >= 2n ** BigInt(state.depth)) return 0n;
  const account = state.account(Number(from));
  return account !== null && account.owner === owner ? account.balance : 0n;
}

// ---- applying ------------------------------------------------------------------------------------

/** Where a failure happened, for messages: "slot 1 (TRANSFER)" or "TRANSFER". */
type Where = string;

function fail(code: VerificationCode, where: Where, message: string, expected?: string, got?: string): never {
  const options: { expected?: string; got?: string } = {};
  if (expected !== undefined) options.expected = expected;
  if (got !== undefined) options.got = got;
  throw new VerificationError(code, `${where}: ${message}`, options);
}

function checkFieldElements(tx: Transaction, title: string): void {
  if (typeof tx !== 'object' || tx === null) throw new InputError(`"${title}" expected a transaction object`);
  for (const f of TX_FIELDS) {
    const v = tx[f];
    if (typeof v !== 'bigint') throw new InputError(`"${title}.${f}" expected a bigint, got ${typeof v}`);
    if (v < 0n || v >= FIELD_ORDER) {
      throw new VerificationError('L2_FIELD_OUT_OF_RANGE', `"${title}.${f}" is not a field element`, { expected: '< r', got: v.toString() });
    }
  }
}

/** The form every slot must have (SPEC's "Every slot" rule): known type, indices inside the tree, amount < 2^128, owner < 2^160, unused fields 0. */
function checkForm(tx: Transaction, depth: number, where: Where): void {
  if (tx.type >= BigInt(TYPE_NAMES.length)) fail('L2_TX_MALFORMED', where, 'unknown transaction type', '0..4', tx.type.toString());
  const size = 2n ** BigInt(depth);
  if (tx.from >= size) fail('L2_TX_MALFORMED', where, '"from" is not an index of the tree', `< ${size}`, tx.from.toString());
  if (tx.to >= size) fail('L2_TX_MALFORMED', where, '"to" is not an index of the tree', `< ${size}`, tx.to.toString());
  if (tx.amount >= BALANCE_LIMIT) fail('L2_TX_MALFORMED', where, '"amount" is not below 2^128', '< 2^128', tx.amount.toString());
  if (tx.owner >= OWNER_LIMIT) fail('L2_TX_MALFORMED', where, '"owner" is not an L1 address (uint160)', '< 2^160', tx.owner.toString());
  const zero: readonly TxField[] =
    tx.type === TX_TYPE.NOOP ? ['from', 'to', 'amount', 'owner', 'ax', 'ay']
    : tx.type === TX_TYPE.DEPOSIT ? ['from']
    : tx.type === TX_TYPE.TRANSFER ? ['owner', 'ax', 'ay']
    : ['to', 'ax', 'ay']; // WITHDRAW, FORCED_WITHDRAWAL
  for (const f of zero) {
    if (tx[f] !== 0n) fail('L2_TX_MALFORMED', where, `"${f}" is unused by ${typeName(tx.type)} and must be 0`, '0', tx[f].toString());
  }
}

function checkSignature(tx: Transaction, account: Account, options: ApplyOptions, where: Where): void {
  if ((options.signatures ?? 'verify') === 'proven') return;
  if (tx.signature === undefined) fail('L2_SIGNATURE_INVALID', where, 'no signature');
  const message = txMessage(tx, account.nonce);
  if (!verifyPoseidon(message, tx.signature, { ax: account.ax, ay: account.ay })) {
    fail('L2_SIGNATURE_INVALID', where, `the signature is not by account ${tx.from}'s key over Poseidon(type, from, to, amount, nonce = ${account.nonce})`);
  }
}

function credit(account: Account, amount: bigint, where: Where, who: string): Account {
  const balance = account.balance + amount;
  if (balance >= BALANCE_LIMIT) fail('L2_BALANCE_OVERFLOW', where, `${who}'s balance would reach 2^128`, '< 2^128', balance.toString());
  return { ...account, balance };
}

function bumpNonce(account: Account, where: Where): bigint {
  const nonce = account.nonce + 1n;
  if (nonce >= NONCE_LIMIT) fail('L2_NONCE_OVERFLOW', where, 'the nonce would reach 2^32');
  return nonce;
}

function update(state: RollupState, enabled: boolean, index: number): UpdateTrace {
  return { enabled, index, account: enabled ? state.account(index) : null, siblings: state.siblings(index) };
}

/**
 * Applies one transaction to `state` by SPEC's rules and returns the new state with the slot's
 * trace (the witness builder's input). `state` is unchanged.
 * @throws VerificationError naming the broken rule (see the module comment); InputError when a
 *   field is not a bigint or a signature is malformed.
 */
export function traceTransaction(state: RollupState, tx: Transaction, options: ApplyOptions = {}): { state: RollupState; slot: SlotTrace } {
  return step(state, tx, options, '');
}

function step(state: RollupState, tx: Transaction, options: ApplyOptions, where: Where): { state: RollupState; slot: SlotTrace } {
  const title = where === '' ? 'tx' : where;
  checkFieldElements(tx, title);
  const at = where === '' ? typeName(tx.type) : `${where} (${typeName(tx.type)})`;
  checkForm(tx, state.depth, at);
  const from = Number(tx.from);
  const to = Number(tx.to);

  let afterA = state;
  let a: UpdateTrace;
  let b: UpdateTrace;
  let after: RollupState;

  switch (tx.type) {
    case TX_TYPE.NOOP: {
      a = update(state, false, from);
      b = update(state, false, to);
      after = state;
      break;
    }
    case TX_TYPE.DEPOSIT: {
      a = update(state, false, from);
      b = update(state, true, to);
      const target = b.account;
      if (target === null) {
        after = state.withAccounts([[to, { owner: tx.owner, ax: tx.ax, ay: tx.ay, balance: tx.amount, nonce: 0n }]]);
      } else {
        for (const f of ['owner', 'ax', 'ay'] as const) {
          if (tx[f] !== 0n) fail('L2_DEPOSIT_FIELDS_NOT_ZERO', at, `a deposit to the existing account ${to} must have "${f}" 0`, '0', tx[f].toString());
        }
        after = state.withAccounts([[to, credit(target, tx.amount, at, `account ${to}`)]]);
      }
      break;
    }
    case TX_TYPE.TRANSFER: {
      if (from === to) fail('L2_SELF_TRANSFER', at, `"from" and "to" are both ${from}`);
      a = update(state, true, from);
      const sender = a.account;
      if (sender === null) fail('L2_ACCOUNT_MISSING', at, `the sender ${from} does not exist`);
      if (state.account(to) === null) fail('L2_ACCOUNT_MISSING', at, `the recipient ${to} does not exist`);
      if (tx.amount > sender.balance) fail('L2_INSUFFICIENT_BALANCE', at, `account ${from} cannot pay the amount`, `≤ ${sender.balance}`, tx.amount.toString());
      checkSignature(tx, sender, options, at);
      afterA = state.withAccounts([[from, { ...sender, balance: sender.balance - tx.amount, nonce: bumpNonce(sender, at) }]]);
      b = update(afterA, true, to);
      after = afterA.withAccounts([[to, credit(b.account!, tx.amount, at, `account ${to}`)]]);
      break;
    }
    case TX_TYPE.WITHDRAW: {
      a = update(state, true, from);
      const account = a.account;
      if (account === null) fail('L2_ACCOUNT_MISSING', at, `the account ${from} does not exist`);
      if (tx.amount > account.balance) fail('L2_INSUFFICIENT_BALANCE', at, `account ${from} cannot pay the amount`, `≤ ${account.balance}`, tx.amount.toString());
      if (tx.owner !== account.owner) fail('L2_OWNER_MISMATCH', at, `"owner" is not account ${from}'s owner`, bigIntToHex(account.owner), bigIntToHex(tx.owner));
      checkSignature(tx, account, options, at);
      afterA = after = state.withAccounts([[from, { ...account, balance: account.balance - tx.amount, nonce: bumpNonce(account, at) }]]);
      b = update(afterA, false, to);
      break;
    }
    default: {
      // FORCED_WITHDRAWAL (checkForm refused every other type).
      a = update(state, true, from);
      const account = a.account;
      const owned = account !== null && account.owner === tx.owner;
      const due = owned ? account.balance : 0n;
      if (tx.amount !== due) {
        fail('L2_FORCED_AMOUNT_MISMATCH', at, owned ? `the owner's request must withdraw account ${from}'s whole balance` : `a request by anyone but account ${from}'s owner must withdraw 0`, due.toString(), tx.amount.toString());
      }
      afterA = after = owned ? state.withAccounts([[from, { ...account, balance: 0n }]]) : state;
      b = update(afterA, false, to);
    }
  }
  return { state: after, slot: { tx, a, b, rootBefore: state.root, rootAfter: after.root } };
}

/**
 * Applies one transaction (see traceTransaction). The sequencer's way to try a pending one.
 * @example applyTransaction(state, signTransaction(secret, tx, nonce))
 */
export function applyTransaction(state: RollupState, tx: Transaction, options: ApplyOptions = {}): RollupState {
  return traceTransaction(state, tx, options).state;
}

function checkQueue(txs: readonly Transaction[], queue: QueueRange): void {
  if (typeof queue !== 'object' || queue === null) throw new InputError('"queue" expected {queueStart, queueEnd}');
  const queueStart = afield(queue.queueStart, 'queue.queueStart');
  const queueEnd = afield(queue.queueEnd, 'queue.queueEnd');
  let queued = 0n;
  let other = -1;
  txs.forEach((tx, slot) => {
    if (!isQueueType(tx.type)) {
      if (other < 0) other = slot;
    } else {
      if (other >= 0) fail('L2_QUEUE_ORDER', `slot ${slot} (${typeName(tx.type)})`, `a queue transaction after slot ${other}, which is not one: queue transactions come first`);
      queued++;
    }
  });
  if (queueEnd - queueStart !== queued) {
    fail('L2_QUEUE_COUNT', 'batch', 'the queue transactions are not queueEnd − queueStart in number', (queueEnd - queueStart).toString(), queued.toString());
  }
}

/**
 * Applies a batch (padded with NOOPs to K) processing the L1 queue entries [queueStart,
 * queueEnd), and returns the new state with every slot's trace. `state` is unchanged.
 * @throws VerificationError: L2_QUEUE_ORDER, L2_QUEUE_COUNT, or a slot's broken rule.
 */
export function traceBatch(state: RollupState, txs: readonly Transaction[], queue: QueueRange, options: BatchOptions = {}): { state: RollupState; slots: SlotTrace[] } {
  const padded = padBatch(txs, options.batchSize ?? DEFAULT_BATCH_SIZE);
  padded.forEach((tx, slot) => checkFieldElements(tx, `txs[${slot}]`));
  checkQueue(padded, queue);
  const slots: SlotTrace[] = [];
  let current = state;
  padded.forEach((tx, i) => {
    const next = step(current, tx, options, `slot ${i}`);
    slots.push(next.slot);
    current = next.state;
  });
  return { state: current, slots };
}

/**
 * The state after a batch (see traceBatch).
 * @example applyBatch(RollupState.empty(), [depositTx], { queueStart: 0n, queueEnd: 1n })
 */
export function applyBatch(state: RollupState, txs: readonly Transaction[], queue: QueueRange, options: BatchOptions = {}): RollupState {
  return traceBatch(state, txs, queue, options).state;
}
