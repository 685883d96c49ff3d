import { describe, expect, it } from 'vitest';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { FIELD_ORDER, poseidon } from '../../../../src/crypto/poseidon.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import {
  applyBatch,
  applyTransaction,
  forcedWithdrawalAmount,
  NOOP,
  payouts,
  signTransaction,
  type Transaction,
  transaction,
  traceTransaction,
  TX_TYPE,
  txFromFields,
  txMessage,
} from '../../../../src/l2/vigil-zk/transactions.ts';
import { accountLeaf } from '../../../../src/l2/vigil-zk/tree.ts';
import { ALICE, ALICE_KEY, BOB, BOB_KEY, MALLORY_OWNER } from './scenario.ts';

/** Alice (index 0, 100 wei, nonce 0) and Bob (index 1, 50 wei, nonce 0). */
const START = RollupState.empty().withAccounts([
  [0, { owner: ALICE.owner, ax: ALICE_KEY.ax, ay: ALICE_KEY.ay, balance: 100n, nonce: 0n }],
  [1, { owner: BOB.owner, ax: BOB_KEY.ax, ay: BOB_KEY.ay, balance: 50n, nonce: 0n }],
]);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    if (error instanceof InputError) return 'INPUT';
    throw error;
  }
  return undefined;
}

const transfer = (fields: Partial<Transaction>, nonce = 0n, secret = ALICE.secret): Transaction =>
  signTransaction(secret, transaction({ type: TX_TYPE.TRANSFER, from: 0n, to: 1n, amount: 10n, ...fields }), nonce);
const withdraw = (fields: Partial<Transaction>, nonce = 0n, secret = BOB.secret): Transaction =>
  signTransaction(secret, transaction({ type: TX_TYPE.WITHDRAW, from: 1n, amount: 20n, owner: BOB.owner, ...fields }), nonce);

describe('NOOP', () => {
  it('changes nothing', () => {
    expect(applyTransaction(START, NOOP).root).toBe(START.root);
  });
  it('every other field must be 0', () => {
    for (const f of ['from', 'to', 'amount', 'owner', 'ax', 'ay'] as const) {
      expect(codeOf(() => applyTransaction(START, transaction({ type: 0n, [f]: 1n })))).toBe('L2_TX_MALFORMED');
    }
  });
});

describe('DEPOSIT', () => {
  it('to an empty leaf: it becomes (owner, ax, ay, amount, 0)', () => {
    const after = applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, to: 7n, amount: 9n, owner: MALLORY_OWNER, ax: 5n, ay: 6n }));
    expect(after.account(7)).toEqual({ owner: MALLORY_OWNER, ax: 5n, ay: 6n, balance: 9n, nonce: 0n });
    expect(after.root).toBe(START.withAccounts([[7, { owner: MALLORY_OWNER, ax: 5n, ay: 6n, balance: 9n, nonce: 0n }]]).root);
  });
  it('to an existing account: balance grows, anyone may top up, owner/ax/ay must be 0', () => {
    const after = applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, to: 1n, amount: 9n }));
    expect(after.account(1)).toEqual({ ...START.account(1), balance: 59n });
    for (const f of ['owner', 'ax', 'ay'] as const) {
      expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, to: 1n, amount: 9n, [f]: 1n })))).toBe('L2_DEPOSIT_FIELDS_NOT_ZERO');
    }
  });
  it('the new balance stays < 2^128', () => {
    const rich = START.withAccounts([[1, { ...START.account(1)!, balance: (1n << 128n) - 10n }]]);
    expect(applyTransaction(rich, transaction({ type: TX_TYPE.DEPOSIT, to: 1n, amount: 9n })).account(1)!.balance).toBe((1n << 128n) - 1n);
    expect(codeOf(() => applyTransaction(rich, transaction({ type: TX_TYPE.DEPOSIT, to: 1n, amount: 10n })))).toBe('L2_BALANCE_OVERFLOW');
  });
  it('`from` is unused (0); a new account’s owner is an L1 address; amount < 2^128', () => {
    expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, from: 1n, to: 1n, amount: 9n })))).toBe('L2_TX_MALFORMED');
    expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, to: 9n, owner: 1n << 160n })))).toBe('L2_TX_MALFORMED');
    expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, to: 9n, amount: 1n << 128n, owner: 1n })))).toBe('L2_TX_MALFORMED');
  });
});

describe('TRANSFER', () => {
  it('moves the amount and bumps the sender’s nonce', () => {
    const after = applyTransaction(START, transfer({}));
    expect(after.account(0)).toEqual({ ...START.account(0), balance: 90n, nonce: 1n });
    expect(after.account(1)).toEqual({ ...START.account(1), balance: 60n });
    // The whole balance may go.
    expect(applyTransaction(START, transfer({ amount: 100n })).account(0)!.balance).toBe(0n);
  });
  it('from ≠ to', () => {
    expect(codeOf(() => applyTransaction(START, transfer({ to: 0n })))).toBe('L2_SELF_TRANSFER');
  });
  it('both exist', () => {
    expect(codeOf(() => applyTransaction(START, transfer({ to: 2n })))).toBe('L2_ACCOUNT_MISSING');
    expect(codeOf(() => applyTransaction(START, transfer({ from: 3n })))).toBe('L2_ACCOUNT_MISSING');
  });
  it('amount ≤ balance(from)', () => {
    expect(codeOf(() => applyTransaction(START, transfer({ amount: 101n })))).toBe('L2_INSUFFICIENT_BALANCE');
  });
  it('signed by from’s key over Poseidon(2, from, to, amount, nonce(from))', () => {
    const tx = transfer({});
    expect(txMessage(tx, 0n)).toBe(poseidon([2n, 0n, 1n, 10n, 0n]));
    expect(codeOf(() => applyTransaction(START, transfer({}, 1n)))).toBe('L2_SIGNATURE_INVALID'); // another nonce
    expect(codeOf(() => applyTransaction(START, transfer({}, 0n, BOB.secret)))).toBe('L2_SIGNATURE_INVALID'); // another key
    expect(codeOf(() => applyTransaction(START, { ...tx, amount: 11n }))).toBe('L2_SIGNATURE_INVALID'); // another amount
    const { signature: _, ...unsigned } = tx;
    expect(codeOf(() => applyTransaction(START, unsigned))).toBe('L2_SIGNATURE_INVALID');
    // A proof L1 accepted vouches for it (calldata has no signatures).
    expect(applyTransaction(START, unsigned, { signatures: 'proven' }).root).toBe(applyTransaction(START, tx).root);
  });
  it('the second transfer signs the next nonce', () => {
    const once = applyTransaction(START, transfer({}));
    expect(codeOf(() => applyTransaction(once, transfer({})))).toBe('L2_SIGNATURE_INVALID'); // replay
    expect(applyTransaction(once, transfer({}, 1n)).account(0)!.nonce).toBe(2n);
  });
  it('owner, ax, ay = 0', () => {
    for (const f of ['owner', 'ax', 'ay'] as const) expect(codeOf(() => applyTransaction(START, transfer({ [f]: 1n })))).toBe('L2_TX_MALFORMED');
  });
  it('nonce stays < 2^32, the recipient’s balance < 2^128', () => {
    const old = START.withAccounts([[0, { ...START.account(0)!, nonce: (1n << 32n) - 1n }]]);
    expect(codeOf(() => applyTransaction(old, transfer({}, (1n << 32n) - 1n)))).toBe('L2_NONCE_OVERFLOW');
    const full = START.withAccounts([[1, { ...START.account(1)!, balance: (1n << 128n) - 5n }]]);
    expect(codeOf(() => applyTransaction(full, transfer({})))).toBe('L2_BALANCE_OVERFLOW');
  });
});

describe('WITHDRAW', () => {
  it('lowers the balance, bumps the nonce; the contract pays owner', () => {
    const tx = withdraw({});
    const after = applyTransaction(START, tx);
    expect(after.account(1)).toEqual({ ...START.account(1), balance: 30n, nonce: 1n });
    expect(payouts([tx])).toEqual([{ slot: 0, owner: BOB.owner, amount: 20n }]);
  });
  it('the account exists; amount ≤ balance', () => {
    expect(codeOf(() => applyTransaction(START, withdraw({ from: 4n })))).toBe('L2_ACCOUNT_MISSING');
    expect(codeOf(() => applyTransaction(START, withdraw({ amount: 51n })))).toBe('L2_INSUFFICIENT_BALANCE');
  });
  it('owner must equal the leaf’s owner', () => {
    expect(codeOf(() => applyTransaction(START, withdraw({ owner: MALLORY_OWNER })))).toBe('L2_OWNER_MISMATCH');
  });
  it('signed over Poseidon(3, from, 0, amount, nonce)', () => {
    expect(txMessage(withdraw({}), 0n)).toBe(poseidon([3n, 1n, 0n, 20n, 0n]));
    expect(codeOf(() => applyTransaction(START, withdraw({}, 0n, ALICE.secret)))).toBe('L2_SIGNATURE_INVALID');
    expect(codeOf(() => applyTransaction(START, withdraw({}, 5n)))).toBe('L2_SIGNATURE_INVALID');
  });
  it('to, ax, ay = 0', () => {
    for (const f of ['to', 'ax', 'ay'] as const) expect(codeOf(() => applyTransaction(START, withdraw({ [f]: 1n })))).toBe('L2_TX_MALFORMED');
  });
});

describe('FORCED_WITHDRAWAL', () => {
  const forced = (from: bigint, owner: bigint, amount: bigint): Transaction => transaction({ type: TX_TYPE.FORCED_WITHDRAWAL, from, owner, amount });

  it('by the owner: the whole balance, nonce unchanged', () => {
    expect(forcedWithdrawalAmount(START, 0n, ALICE.owner)).toBe(100n);
    const after = applyTransaction(START, forced(0n, ALICE.owner, 100n));
    expect(after.account(0)).toEqual({ ...START.account(0), balance: 0n, nonce: 0n });
    expect(codeOf(() => applyTransaction(START, forced(0n, ALICE.owner, 99n)))).toBe('L2_FORCED_AMOUNT_MISMATCH');
    expect(codeOf(() => applyTransaction(START, forced(0n, ALICE.owner, 0n)))).toBe('L2_FORCED_AMOUNT_MISMATCH');
  });
  it('by anyone else, or of an empty leaf: amount 0 and nothing changes', () => {
    expect(forcedWithdrawalAmount(START, 0n, MALLORY_OWNER)).toBe(0n);
    expect(applyTransaction(START, forced(0n, MALLORY_OWNER, 0n)).root).toBe(START.root);
    expect(codeOf(() => applyTransaction(START, forced(0n, MALLORY_OWNER, 100n)))).toBe('L2_FORCED_AMOUNT_MISMATCH');
    expect(forcedWithdrawalAmount(START, 9n, MALLORY_OWNER)).toBe(0n);
    expect(applyTransaction(START, forced(9n, MALLORY_OWNER, 0n)).root).toBe(START.root);
    expect(codeOf(() => applyTransaction(START, forced(9n, MALLORY_OWNER, 1n)))).toBe('L2_FORCED_AMOUNT_MISMATCH');
  });
  it('needs no signature; to, ax, ay = 0', () => {
    for (const f of ['to', 'ax', 'ay'] as const) {
      expect(codeOf(() => applyTransaction(START, { ...forced(0n, ALICE.owner, 100n), [f]: 1n }))).toBe('L2_TX_MALFORMED');
    }
  });
  it('the update trace: A at from (existing or not), no B', () => {
    const { slot } = traceTransaction(START, forced(9n, MALLORY_OWNER, 0n));
    expect(slot.a).toEqual({ enabled: true, index: 9, account: null, siblings: START.siblings(9) });
    expect(slot.b.enabled).toBe(false);
    expect(slot.b.index).toBe(0);
  });
});

describe('every transaction', () => {
  it('a known type, indices inside the tree, field elements', () => {
    expect(codeOf(() => applyTransaction(START, transaction({ type: 5n })))).toBe('L2_TX_MALFORMED');
    expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, to: 64n, amount: 1n })))).toBe('L2_TX_MALFORMED');
    expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.FORCED_WITHDRAWAL, from: 64n, owner: 1n })))).toBe('L2_TX_MALFORMED');
    expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.FORCED_WITHDRAWAL, from: 0n, owner: 1n << 160n })))).toBe('L2_TX_MALFORMED');
    expect(codeOf(() => applyTransaction(START, transaction({ type: TX_TYPE.DEPOSIT, to: 1n, ax: FIELD_ORDER })))).toBe('L2_FIELD_OUT_OF_RANGE');
    expect(codeOf(() => applyTransaction(START, { ...NOOP, amount: 1 as unknown as bigint }))).toBe('INPUT');
    expect(() => txFromFields([1n, 2n])).toThrowError(InputError);
  });
  it('messages name the slot, the type and what was expected', () => {
    const tx = transfer({ amount: 101n });
    expect(() => applyBatch(START, [NOOP, tx], { queueStart: 0n, queueEnd: 0n })).toThrow('slot 1 (TRANSFER): account 0 cannot pay the amount: expected ≤ 100, got 101');
  });
});

describe('batches', () => {
  const deposit = transaction({ type: TX_TYPE.DEPOSIT, to: 1n, amount: 1n });
  it('apply in order, padded with NOOPs to K = 2, and leave the input state alone', () => {
    const a = applyBatch(START, [deposit, transfer({})], { queueStart: 4n, queueEnd: 5n });
    expect(a.root).toBe(applyTransaction(applyTransaction(START, deposit), transfer({})).root);
    expect(applyBatch(START, [deposit], { queueStart: 4n, queueEnd: 5n }).root).toBe(applyTransaction(START, deposit).root);
    expect(applyBatch(START, [], { queueStart: 0n, queueEnd: 0n }).root).toBe(START.root);
    expect(() => applyBatch(START, [NOOP, NOOP, NOOP], { queueStart: 0n, queueEnd: 0n })).toThrow(new InputError('"txs" expected at most 2 transactions, got 3'));
  });
  it('a failing slot fails the whole batch; nothing of it is kept', () => {
    const root = START.root;
    expect(codeOf(() => applyBatch(START, [transfer({}), transfer({})], { queueStart: 0n, queueEnd: 0n }))).toBe('L2_SIGNATURE_INVALID');
    expect(START.root).toBe(root);
    expect(START.account(0)!.nonce).toBe(0n);
  });
  it('queue transactions come first, in queue order', () => {
    expect(codeOf(() => applyBatch(START, [transfer({}), deposit], { queueStart: 0n, queueEnd: 1n }))).toBe('L2_QUEUE_ORDER');
    expect(codeOf(() => applyBatch(START, [NOOP, deposit], { queueStart: 0n, queueEnd: 1n }))).toBe('L2_QUEUE_ORDER');
    expect(applyBatch(START, [deposit, NOOP], { queueStart: 0n, queueEnd: 1n }).account(1)!.balance).toBe(51n);
  });
  it('their number is queueEnd − queueStart', () => {
    expect(codeOf(() => applyBatch(START, [deposit], { queueStart: 0n, queueEnd: 2n }))).toBe('L2_QUEUE_COUNT');
    expect(codeOf(() => applyBatch(START, [deposit], { queueStart: 3n, queueEnd: 3n }))).toBe('L2_QUEUE_COUNT');
    expect(codeOf(() => applyBatch(START, [transfer({})], { queueStart: 3n, queueEnd: 2n }))).toBe('L2_QUEUE_COUNT');
    expect(codeOf(() => applyBatch(START, [deposit, deposit], { queueStart: 7n, queueEnd: 9n }))).toBeUndefined();
  });
  it('the leaf after a batch is the account’s Poseidon', () => {
    const after = applyBatch(START, [deposit], { queueStart: 0n, queueEnd: 1n });
    expect(after.proof(1).leaf).toEqual({ ...START.account(1), balance: 51n });
    expect(accountLeaf(after.account(1))).toBe(poseidon([BOB.owner, BOB_KEY.ax, BOB_KEY.ay, 51n, 0n]));
  });
});
